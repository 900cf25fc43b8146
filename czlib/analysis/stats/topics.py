"""Topic models of a Dfm: seeded, deterministic LDA (and DMR for topic prevalence over a document variable).

Why: themes from a dictionary find what the researcher looked for; a topic
model proposes what the corpus is about.  We use tomotopy (Gibbs-sampled LDA
in C++, MIT): a fixed ``seed`` and one worker thread give the same topics on
every run.  ``prevalence=`` a document variable (e.g. ``"year"``) fits
tomotopy's DMR model instead, whose topic prior depends on that variable.

Each document enters as its bag of words from the Dfm (order does not matter
to LDA).  Empty documents are left out of the fit (NA in ``doc_topics``).
By default the reprints of an article-level Dfm are dropped first
(``dedupe=True``, :meth:`czlib.analysis.stats.dfm.Dfm.dedupe`), so a story
reprinted five times does not become a topic of its own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .dfm import Dfm

#: Gibbs sampling iterations.
ITERATIONS = 200
#: A topic model is fitted only to a corpus of at least this many (deduplicated, non-empty) documents ...
MIN_DOCUMENTS = 100
#: ... holding at least this many content tokens in all: fewer, and the topics are the documents themselves.
MIN_TOKENS = 20_000


def enough_for_topics(dfm: Dfm, min_documents: int = MIN_DOCUMENTS,
                      min_tokens: int = MIN_TOKENS) -> tuple[bool, str]:
    """(True, "") when ``dfm`` meets the size rule above, else (False, the reason in one sentence)."""
    n_docs = int((dfm.docs["n_tokens"] > 0).sum())
    n_tokens = int(dfm.docs["n_tokens"].sum())
    short = []
    if n_docs < min_documents:
        short.append(f"{n_docs:,} non-empty documents (the rule asks for at least {min_documents:,})")
    if n_tokens < min_tokens:
        short.append(f"{n_tokens:,} content tokens (at least {min_tokens:,})")
    if short:
        return False, "Too small for a topic model: " + " and ".join(short) + "."
    return True, ""


class Topics:
    """A fitted topic model: ``terms(n)``, ``doc_topics`` (one row per Dfm row), ``prevalence(by)``."""

    def __init__(self, model, dfm: Dfm, fitted_rows: np.ndarray):
        self.model = model
        self.dfm = dfm
        self.k = model.k
        dist = np.full((dfm.shape[0], self.k), np.nan)
        for row, doc in zip(fitted_rows, model.docs):
            dist[row] = doc.get_topic_dist()
        columns = [f"topic_{t}" for t in range(self.k)]
        self.doc_topics = pd.DataFrame(dist, columns=columns, index=pd.Index(dfm.docs[dfm.by].to_numpy(),
                                                                             name=dfm.by))

    def terms(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` most probable words of each topic: columns topic, rank (1 = first), term, weight."""
        rows = [{"topic": t, "rank": r + 1, "term": word, "weight": float(weight)}
                for t in range(self.k) for r, (word, weight) in enumerate(self.model.get_topic_words(t, top_n=n))]
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])

    def prevalence(self, by: str) -> pd.DataFrame:
        """Mean topic proportions of the documents in each group of a document variable (rows: groups, sorted)."""
        if by not in self.dfm.docs.columns:
            raise ValueError(f"Topics.prevalence: no document variable {by!r}")
        frame = self.doc_topics.reset_index(drop=True).assign(_by=self.dfm.docs[by].to_numpy())
        frame = frame.dropna(subset=["_by"]).dropna()
        return frame.groupby("_by", sort=True).mean().rename_axis(by)


def topics(dfm: Dfm, k: int, *, seed: int = 0, prevalence: str | None = None, iterations: int = ITERATIONS,
           dedupe: bool = True) -> Topics:
    """Fit a k-topic model to ``dfm`` (counts) with a fixed seed and one thread (see the module)."""
    import tomotopy as tp

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"topics: k must be a positive whole number, got {k!r}")
    if dfm.weighting != "count":
        raise ValueError(f"topics: fit counts, not weights (this Dfm is weighted {dfm.weighting!r})")
    if dedupe and dfm.by == "article_id" and dfm.tokens is not None:
        dfm = dfm.dedupe()
    if prevalence is not None:
        if prevalence not in dfm.docs.columns:
            raise ValueError(f"topics: no document variable {prevalence!r} for prevalence")
        model = tp.DMRModel(k=k, seed=seed, min_cf=0)
    else:
        model = tp.LDAModel(k=k, seed=seed, min_cf=0)
    matrix = dfm.matrix.tocsr()
    fitted = []
    labels = dfm.docs[prevalence].astype(str).to_numpy() if prevalence is not None else None
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        if start == end or (labels is not None and pd.isna(dfm.docs[prevalence].iloc[row])):
            continue
        words = np.repeat(dfm.features[matrix.indices[start:end]], matrix.data[start:end].astype(np.int64))
        if labels is not None:
            model.add_doc(words.tolist(), metadata=labels[row])
        else:
            model.add_doc(words.tolist())
        fitted.append(row)
    if not fitted:
        raise ValueError("topics: every document of the Dfm is empty; nothing to fit")
    model.train(iterations, workers=1, parallel=tp.ParallelScheme.NONE)
    return Topics(model, dfm, np.asarray(fitted))
