"""Keywords and distinctive vocabulary from czlib's token table.

Every function works on the ``content`` tokens of the token table
(:func:`czlib.text.segmentation.token_table.token_table`: stopwords, numbers, punctuation and
single characters removed).  Methods:

* TF-IDF against the corpus (:func:`tfidf_keywords`) and TextRank
  (:func:`textrank_keywords`);
* distinctive vocabulary of one unit against the rest: weighted log-odds
  ratio with an informative Dirichlet prior, with z-scores (Monroe, Colaresi
  & Quinn 2008, "Fightin' Words", Political Analysis 16(4), section 3.5;
  :func:`log_odds_dirichlet`, :func:`distinctive_words`).
"""
from __future__ import annotations

from collections import Counter
from typing import Mapping

import numpy as np
import pandas as pd


_TOKEN_COLUMNS = ("doc_id", "article_id", "token", "content")


def check_tokens(tokens: pd.DataFrame, by: str | None = None) -> None:
    missing = [c for c in _TOKEN_COLUMNS if c not in tokens.columns]
    if by is not None and by not in tokens.columns and by not in missing:
        missing.append(by)
    if missing:
        raise ValueError(f"expected a czlib token table (czlib.text.segmentation.token_table.token_table); "
                         f"missing column(s) {missing}")


def content_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the token table whose ``content`` flag is set."""
    check_tokens(tokens)
    return tokens[tokens["content"].astype(bool)]


def _units(tokens: pd.DataFrame, by: str) -> list[str]:
    """Units of analysis in order of first appearance in the token table."""
    return list(dict.fromkeys(tokens[by].tolist()))


def token_counts(tokens: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Return content-token counts per unit: columns ``by``, token, count.

    Rows are sorted by unit (order of appearance), count descending, token.
    """
    check_tokens(tokens, by)
    content = content_tokens(tokens)
    order = {u: i for i, u in enumerate(_units(tokens, by))}
    counts = (content.groupby([by, "token"], sort=False).size().rename("count").reset_index())
    counts["_unit"] = counts[by].map(order)
    counts = counts.sort_values(["_unit", "count", "token"], ascending=[True, False, True],
                                kind="mergesort")
    return counts.drop(columns="_unit").reset_index(drop=True)


# -- keywords ------------------------------------------------------------------------


def tfidf_keywords(tokens: pd.DataFrame, by: str = "doc_id", top_n: int | None = 30) -> pd.DataFrame:
    """Return the top TF-IDF keywords of each unit against the corpus.

    tf is the token's share of the unit's content tokens; idf is the smoothed
    ``ln((1 + N) / (1 + df)) + 1`` over the N units of ``by`` (scikit-learn's
    default), so a word found in every unit keeps weight tf.  Columns:
    ``by``, rank (1 = best), token, count, tf, df, idf, tfidf; ties are broken
    by token.
    """
    counts = token_counts(tokens, by)
    if counts.empty:
        return pd.DataFrame(columns=[by, "rank", "token", "count", "tf", "df", "idf", "tfidf"])
    n_units = tokens[by].nunique()
    totals = counts.groupby(by, sort=False)["count"].transform("sum")
    df = counts.groupby("token")[by].transform("nunique")
    counts["tf"] = counts["count"] / totals
    counts["df"] = df.astype(int)
    counts["idf"] = np.log((1 + n_units) / (1 + counts["df"])) + 1.0
    counts["tfidf"] = counts["tf"] * counts["idf"]
    return _rank(counts, by, "tfidf", top_n)[[by, "rank", "token", "count", "tf", "df", "idf",
                                              "tfidf"]]


def _rank(frame: pd.DataFrame, by: str, score: str, top_n: int | None) -> pd.DataFrame:
    order = {u: i for i, u in enumerate(dict.fromkeys(frame[by].tolist()))}
    frame = frame.assign(_unit=frame[by].map(order))
    frame = frame.sort_values(["_unit", score, "token"], ascending=[True, False, True],
                              kind="mergesort")
    frame["rank"] = frame.groupby(by, sort=False).cumcount() + 1
    if top_n is not None:
        frame = frame[frame["rank"] <= top_n]
    return frame.drop(columns="_unit").reset_index(drop=True)


def pagerank(nodes: list[str], edges: Mapping[tuple[str, str], float], damping: float = 0.85,
             tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank on an undirected graph by power iteration; return node -> score.

    ``edges`` maps (a, b) pairs to weights (each pair once; the graph is
    undirected).  A node without edges spreads its score over all nodes.
    Scores sum to 1.  Works on edge lists (memory grows with the edges, not
    with nodes squared) and is deterministic for a given node order.
    """
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[a], index[b], float(w)) for (a, b), w in edges.items()]
    src = np.array([i for i, j, _ in pairs] + [j for i, j, _ in pairs], dtype=np.int64)
    dst = np.array([j for i, j, _ in pairs] + [i for i, j, _ in pairs], dtype=np.int64)
    weight = np.array([w for _, _, w in pairs] * 2, dtype=float)
    out = np.bincount(src, weights=weight, minlength=n)
    dangling = out == 0
    share = weight / np.where(out[src] > 0, out[src], 1.0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=share * rank[src], minlength=n)
        new = (1 - damping) / n + damping * (flow + rank[dangling].sum() / n)
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return dict(zip(nodes, rank / rank.sum()))


def textrank_keywords(tokens: pd.DataFrame, by: str = "doc_id", top_n: int | None = 30,
                      window: int = 5, damping: float = 0.85,
                      allow_pos: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Return the top TextRank keywords of each unit (Mihalcea & Tarau 2004).

    The graph links two content tokens that occur within ``window`` tokens of
    each other in the same sentence (as jieba's TextRank, but on czlib's
    tokens and never across sentences); edge weights count co-occurrences and
    the score is weighted PageRank with ``damping`` (:func:`pagerank`).
    ``allow_pos`` restricts nodes to POS tags with these prefixes (e.g.
    ``("n", "v")``); default: every content token.  Columns: ``by``, rank,
    token, count, score.
    """
    check_tokens(tokens, by)
    for col in ("sentence", "start", "pos"):
        if col not in tokens.columns:
            raise ValueError(f"textrank_keywords needs the token table's {col!r} column")
    rows = []
    for unit, frame in tokens.groupby(by, sort=False):
        edges: Counter = Counter()
        counts: Counter = Counter()
        for _, art in frame.groupby("article_id", sort=False):
            art = art.sort_values("start", kind="mergesort")
            words = art["token"].tolist()
            keep = art["content"].to_numpy(bool)
            if allow_pos is not None:
                keep = keep & art["pos"].str.startswith(tuple(allow_pos)).to_numpy(bool)
            sentences = art["sentence"].to_numpy()
            n = len(words)
            for i in range(n):
                if not keep[i]:
                    continue
                counts[words[i]] += 1
                for j in range(i + 1, min(i + window, n)):
                    if sentences[j] != sentences[i]:
                        break
                    if keep[j] and words[j] != words[i]:
                        edges[tuple(sorted((words[i], words[j])))] += 1
        scores = pagerank(sorted(counts), edges, damping=damping)
        for word, score in scores.items():
            rows.append({by: unit, "token": word, "count": counts[word], "score": score})
    result = pd.DataFrame(rows, columns=[by, "token", "count", "score"])
    if result.empty:
        return result.assign(rank=pd.Series(dtype=int))[[by, "rank", "token", "count", "score"]]
    return _rank(result, by, "score", top_n)[[by, "rank", "token", "count", "score"]]


# -- distinctive vocabulary ------------------------------------------------------------


def log_odds_dirichlet(counts_a: Mapping[str, float], counts_b: Mapping[str, float],
                       prior: Mapping[str, float]) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008).

    For each word w with counts y_a, y_b (totals n_a, n_b) and prior
    pseudo-count alpha_w (alpha_0 = sum of the prior)::

        delta_w = log((y_a + a_w) / (n_a + a_0 - y_a - a_w))
                - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))
        var_w  ~= 1 / (y_a + a_w) + 1 / (y_b + a_w)
        z_w     = delta_w / sqrt(var_w)

    ``prior`` must give a positive pseudo-count to every word of either group.
    Returns a DataFrame indexed by word (sorted by z descending, then word)
    with columns count_a, count_b, prior, delta, se, z; z > 1.96 marks words
    used distinctively more by group a, z < -1.96 by group b.
    """
    a = pd.Series(counts_a, dtype=float)
    b = pd.Series(counts_b, dtype=float)
    alpha = pd.Series(prior, dtype=float)
    if (a < 0).any() or (b < 0).any():
        raise ValueError("log_odds_dirichlet: counts must be non-negative")
    vocab = sorted(set(a.index) | set(b.index))
    missing = [w for w in vocab if w not in alpha.index]
    if missing:
        raise ValueError(f"log_odds_dirichlet: the prior lacks {len(missing)} word(s), "
                         f"e.g. {missing[:5]}")
    if (alpha <= 0).any():
        bad = alpha[alpha <= 0].index[:5].tolist()
        raise ValueError(f"log_odds_dirichlet: prior pseudo-counts must be positive, e.g. {bad}")
    a = a.reindex(vocab, fill_value=0.0)
    b = b.reindex(vocab, fill_value=0.0)
    alpha_0 = float(alpha.sum())
    alpha = alpha.reindex(vocab)
    n_a, n_b = float(a.sum()), float(b.sum())
    delta = (np.log((a + alpha) / (n_a + alpha_0 - a - alpha))
             - np.log((b + alpha) / (n_b + alpha_0 - b - alpha)))
    var = 1.0 / (a + alpha) + 1.0 / (b + alpha)
    result = pd.DataFrame({"count_a": a, "count_b": b, "prior": alpha, "delta": delta,
                           "se": np.sqrt(var)})
    result["z"] = result["delta"] / result["se"]
    result.index.name = "token"
    result = result.reset_index().sort_values(["z", "token"], ascending=[False, True],
                                              kind="mergesort")
    return result.set_index("token")


def distinctive_words(tokens: pd.DataFrame, by: str = "doc_id", top_n: int | None = 30,
                      prior_strength: float | None = None) -> pd.DataFrame:
    """Return each unit's most distinctive content words against the rest of the corpus.

    Runs :func:`log_odds_dirichlet` for every unit of ``by`` (the unit vs all
    other units) with the corpus counts as informative prior: alpha_w is the
    word's corpus count, rescaled so that alpha_0 = ``prior_strength`` when
    given.  Columns: ``by``, rank, token, count (in the unit), count_rest,
    delta, se, z; words with the largest z first (use ``top_n=None`` for all,
    including the words a unit avoids, with negative z).
    """
    counts = token_counts(tokens, by)
    columns = [by, "rank", "token", "count", "count_rest", "delta", "se", "z"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    corpus = counts.groupby("token")["count"].sum()
    prior = corpus.astype(float)
    if prior_strength is not None:
        if prior_strength <= 0:
            raise ValueError("prior_strength must be positive")
        prior = prior * (prior_strength / prior.sum())
    frames = []
    for unit in _units(counts, by):
        own = counts.loc[counts[by] == unit].set_index("token")["count"]
        rest = corpus.sub(own, fill_value=0)
        result = log_odds_dirichlet(own, rest, prior).reset_index()
        result = result.rename(columns={"count_a": "count", "count_b": "count_rest"})
        result[by] = unit
        frames.append(result)
    result = pd.concat(frames, ignore_index=True)
    result["count"] = result["count"].astype(int)
    result["count_rest"] = result["count_rest"].astype(int)
    return _rank(result, by, "z", top_n)[columns]


