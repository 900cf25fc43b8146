"""The document-feature matrix (quanteda's ``dfm``): counts of words per document, with document variables.

Why: grouping, trimming, weighting and exporting word counts is the first
thing a text-as-data researcher does; pivoting the token table by hand is slow
and error-prone at 10⁵ articles.  :func:`dfm` builds a scipy sparse CSR matrix
from the token table in one vectorised pass (category codes → COO → CSR).

* rows (``.docs``): one per unit of ``by`` (default: article), in token-table
  order, with its document variables (date, year, month, period, outlet, kind:
  :mod:`czlib.analysis.docvars`) and ``n_tokens``, its content tokens (the
  denominator of every rate, kept through trimming);
* columns (``.features``): the content tokens (``content_only=True``, the
  token table's ``content`` flag) in order of first appearance, or n-grams
  (``ngrams=2``: adjacent content tokens of one sentence joined by a space, as
  :func:`czlib.analysis.stats.keyness.collocations` pairs them);
* ``.group(by)`` sums rows by any document variable (rows without a value are
  left out), ``.trim()``, ``.weight()``, ``.top()``, ``.to_frame()`` (long:
  one row per non-zero cell), ``.to_parquet()``, ``.to_mtx()``.

The Dfm keeps the token table it was built from (``.tokens``), so a dictionary
lookup can match multi-word entries on the token sequence
(:func:`czlib.analysis.stats.lookup.lookup`) and :meth:`Dfm.dedupe` can find reprints.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..docvars import DOCVARS, docvars
from .keywords import check_tokens

WEIGHTS = ("count", "prop", "tfidf")


class Dfm:
    """A document-feature matrix: ``matrix`` (CSR, rows = ``docs``, columns = ``features``)."""

    def __init__(self, matrix, docs: pd.DataFrame, features, *, by: str, weighting: str = "count",
                 tokens: pd.DataFrame | None = None, articles: pd.DataFrame | None = None):
        self.matrix = sparse.csr_matrix(matrix)
        self.docs = docs.reset_index(drop=True)
        self.features = np.asarray(features, dtype=object)
        self.by = by
        self.weighting = weighting
        self.tokens = tokens
        self.articles = articles  # article-level document variables: maps every article to its row's unit

    def __repr__(self) -> str:
        return (f"Dfm({self.matrix.shape[0]} documents by {self.by} × {self.matrix.shape[1]} features, "
                f"{self.matrix.nnz} non-zero, {self.weighting})")

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def derive(self, matrix, docs=None, features=None, **changes) -> "Dfm":
        """A Dfm like this one with another matrix (and rows, features or attributes)."""
        kw = dict(by=self.by, weighting=self.weighting, tokens=self.tokens, articles=self.articles)
        kw.update(changes)
        return Dfm(matrix, self.docs if docs is None else docs,
                   self.features if features is None else features, **kw)

    # -- grouping, trimming, weighting ------------------------------------------------

    def group(self, by: str) -> "Dfm":
        """Sum rows by a document variable (quanteda's ``dfm_group``); rows with no value are left out.

        Groups are sorted by value.  The new ``docs`` keep ``by``, ``n_docs``
        (rows merged), ``n_tokens`` (summed) and every variable that is the
        same within each group.
        """
        if self.weighting != "count":
            raise ValueError(f"Dfm.group: group counts, then weight (this Dfm is weighted {self.weighting!r})")
        if by not in self.docs.columns:
            raise ValueError(f"Dfm.group: no document variable {by!r}; the variables are "
                             f"{', '.join(c for c in self.docs.columns if c != 'n_tokens')}")
        values = self.docs[by]
        keep = values.notna().to_numpy()
        codes, uniques = pd.factorize(values[keep], sort=True)
        rows = np.flatnonzero(keep)
        indicator = sparse.csr_matrix((np.ones(len(rows)), (codes, rows)), shape=(len(uniques), len(values)))
        matrix = (indicator @ self.matrix).astype(self.matrix.dtype)
        frame = self.docs[keep].assign(_g=codes)
        grouped = frame.groupby("_g", sort=True)
        docs = pd.DataFrame({by: uniques})
        for col in self.docs.columns:
            if col in (by, "n_tokens", "n_docs"):
                continue
            if (grouped[col].nunique(dropna=False) <= 1).all():
                docs[col] = grouped[col].first().to_numpy()
        docs["n_docs"] = grouped["n_docs"].sum().to_numpy() if "n_docs" in frame else grouped.size().to_numpy()
        docs["n_tokens"] = grouped["n_tokens"].sum().to_numpy()
        return self.derive(matrix, docs, by=by)

    def trim(self, min_count: int = 1, min_docs: int = 1) -> "Dfm":
        """Keep features seen at least ``min_count`` times in all and in at least ``min_docs`` rows (``dfm_trim``)."""
        counts = np.asarray(self.matrix.sum(axis=0)).ravel()
        doc_freq = np.diff(self.matrix.tocsc().indptr)
        keep = np.flatnonzero((counts >= min_count) & (doc_freq >= min_docs))
        return self.derive(self.matrix[:, keep], features=self.features[keep])

    def weight(self, scheme: str = "count") -> "Dfm":
        """Weighted copy (``dfm_weight``): "count"; "prop" (each row divided by its sum: rows sum to 1,
        an empty row stays 0); "tfidf" (count × log10(N / document frequency), quanteda's default)."""
        if scheme not in WEIGHTS:
            raise ValueError(f"Dfm.weight: scheme must be one of {', '.join(WEIGHTS)}, got {scheme!r}")
        if scheme == "count":
            return self.derive(self.matrix.copy())
        if self.weighting != "count":
            raise ValueError(f"Dfm.weight: this Dfm is already weighted {self.weighting!r}; weight counts")
        matrix = self.matrix.astype(float)
        if scheme == "prop":
            sums = np.asarray(matrix.sum(axis=1)).ravel()
            scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
            matrix = sparse.diags(scale) @ matrix
        else:
            doc_freq = np.diff(matrix.tocsc().indptr)
            idf = np.log10(matrix.shape[0] / np.maximum(doc_freq, 1))
            matrix = matrix @ sparse.diags(idf)
        return self.derive(sparse.csr_matrix(matrix), weighting=scheme)

    def dedupe(self, threshold: float = 0.8) -> "Dfm":
        """The Dfm without the rows of articles that reprint an earlier one (:mod:`czlib.analysis.reprints`)."""
        from ..reprints import near_duplicates, reprint_ids

        if self.tokens is None or self.articles is None:
            raise ValueError("Dfm.dedupe: this Dfm does not know its token table; build it with czlib.dfm(tokens)")
        if self.by != "article_id":
            raise ValueError("Dfm.dedupe: dedupe the article-level Dfm, then group it")
        dropped = reprint_ids(near_duplicates(article_texts(self.tokens), threshold))
        if not dropped:
            return self
        keep = ~self.docs["article_id"].astype(str).isin(dropped).to_numpy()
        return self.derive(self.matrix[np.flatnonzero(keep)], self.docs[keep])

    def similarity(self) -> pd.DataFrame:
        """Cosine similarity of every pair of rows (quanteda's ``textstat_simil(method = "cosine")``), as a
        square DataFrame labelled by the unit; dense, so for groups or a few thousand documents (for reprints
        among 10⁵ articles use :func:`czlib.analysis.reprints.near_duplicates`)."""
        matrix = self.matrix.astype(float)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        scaled = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ matrix
        labels = self.docs[self.by].to_numpy()
        return pd.DataFrame((scaled @ scaled.T).toarray(), index=labels, columns=labels)

    # -- reading out -------------------------------------------------------------------

    def top(self, n: int = 10) -> pd.Series:
        """The ``n`` features with the largest column sums, largest first, ties by feature (``topfeatures``)."""
        totals = pd.Series(np.asarray(self.matrix.sum(axis=0)).ravel(), index=self.features, name=self.weighting)
        frame = totals.rename_axis("feature").reset_index()
        frame = frame.sort_values([self.weighting, "feature"], ascending=[False, True], kind="mergesort")
        return frame.head(n).set_index("feature")[self.weighting]

    def to_frame(self) -> pd.DataFrame:
        """Long form: one row per non-zero cell: the row's ``by`` value, feature, value (row order, then feature order)."""
        coo = self.matrix.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame({self.by: self.docs[self.by].to_numpy()[coo.row[order]],
                             "feature": self.features[coo.col[order]],
                             self.weighting: coo.data[order]})

    def to_parquet(self, path: str | os.PathLike) -> Path:
        """Write :meth:`to_frame` as Parquet (features and keys as text)."""
        path = Path(path)
        frame = self.to_frame()
        frame[self.by] = frame[self.by].astype(str)
        frame.to_parquet(path, index=False)
        return path

    def to_mtx(self, path: str | os.PathLike) -> Path:
        """Write the matrix as Matrix Market (scipy.io.mmwrite), with ``<name>.features.txt`` and
        ``<name>.docs.csv`` beside it (the column and row labels, in order)."""
        from scipy import io

        path = Path(path)
        io.mmwrite(str(path), self.matrix)
        stem = path.with_suffix("")
        Path(f"{stem}.features.txt").write_text("".join(f"{f}\n" for f in self.features), encoding="utf-8")
        self.docs.to_csv(f"{stem}.docs.csv", index=False)
        return path


def article_texts(tokens: pd.DataFrame) -> pd.DataFrame:
    """One row per article (doc_id, article_id, text): its tokens joined, whitespace-free text for reprint checks."""
    check_tokens(tokens)
    text = tokens.groupby("article_id", sort=False)["token"].agg("".join)
    doc = tokens.groupby("article_id", sort=False)["doc_id"].first()
    return pd.DataFrame({"doc_id": doc.astype(str).to_numpy(), "article_id": text.index.astype(str),
                         "text": text.to_numpy()})


def _article_docvars(tokens: pd.DataFrame, first_rows: np.ndarray, ids: np.ndarray,
                     articles: pd.DataFrame | None) -> pd.DataFrame:
    """Article-level docvars: from ``articles``, else from the token table's own columns, else the tables folder."""
    units = pd.DataFrame({"doc_id": tokens["doc_id"].to_numpy()[first_rows].astype(str), "article_id": ids})
    if articles is None and all(c in tokens.columns for c in DOCVARS):
        for col in DOCVARS:
            units[col] = tokens[col].to_numpy()[first_rows]
        for col in ("year", "month"):
            units[col] = units[col].astype("Int64")
        return units
    if articles is None:
        articles = tables_articles(units["doc_id"].unique())
    if articles is None:
        for col in DOCVARS:
            units[col] = pd.Series([pd.NA] * len(units), dtype="Int64" if col in ("year", "month") else object)
        return units
    dv = docvars(articles)
    return units.merge(dv.drop(columns="doc_id"), on="article_id", how="left").reset_index(drop=True)


def tables_articles(doc_ids) -> pd.DataFrame | None:
    """The articles table of the default tables folder (build/tables) when it covers these documents, else None."""
    from ... import config

    path = config.TABLES_DIR / "articles.parquet"
    try:
        articles = pd.read_parquet(path, columns=["doc_id", "article_id", "date", "outlet", "kind"])
    except (FileNotFoundError, ValueError, OSError, KeyError):
        return None
    articles = articles.astype({"doc_id": str, "article_id": str})
    return articles if set(map(str, doc_ids)) <= set(articles["doc_id"]) else None


def ngram_positions(content: np.ndarray, article: np.ndarray, sentence: np.ndarray | None, n: int) -> np.ndarray:
    """Token-table positions where a run of n adjacent content tokens of one article and sentence starts."""
    if n == 1:
        return np.flatnonzero(content)
    if sentence is None:
        raise ValueError("dfm: n-grams need the token table's 'sentence' column")
    m = len(content) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    keep = np.ones(m, dtype=bool)
    for j in range(n):
        keep &= content[j:j + m]
        if j:
            keep &= (article[j:j + m] == article[:m]) & (sentence[j:j + m] == sentence[:m])
    return np.flatnonzero(keep)


def _grams(codes: np.ndarray, vocab: np.ndarray, starts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(column of each n-gram, the n-gram features in order of first appearance) from integer token codes."""
    key = codes[starts].astype(np.int64)
    for j in range(1, n):  # pairwise re-coding keeps the keys small whatever n is
        key, _ = pd.factorize(key * len(vocab) + codes[starts + j], sort=False)
    cols, uniques = pd.factorize(key, sort=False)
    first_at = np.full(len(uniques), len(cols), dtype=np.int64)
    np.minimum.at(first_at, cols, np.arange(len(cols)))  # each column's first position
    first = starts[first_at]
    if n == 1:
        return cols, vocab[codes[first]]
    features = np.array([" ".join(vocab[codes[p:p + n]]) for p in first], dtype=object)
    return cols, features


def dfm(tokens: pd.DataFrame, by: str = "article_id", *, content_only: bool = True, ngrams=1,
        articles: pd.DataFrame | None = None) -> Dfm:
    """The document-feature matrix of a token table (``czlib.read_table("tokens")``), one row per ``by`` unit.

    ``by`` is article_id (default), doc_id or any document variable.
    ``content_only=False`` counts every token (punctuation and stopwords too).
    ``ngrams`` is n (1, 2, …) or a list of n (``[1, 2]``).  Document variables
    come from ``articles`` when given, else from the token table's own columns
    (``read_table("tokens", with_docvars=True)``), else from the articles table
    of the tables folder when it covers these documents (otherwise NA).
    """
    check_tokens(tokens)
    sizes = [ngrams] if isinstance(ngrams, int) else list(ngrams)
    if not sizes or any(not isinstance(k, int) or isinstance(k, bool) or k < 1 for k in sizes):
        raise ValueError(f"dfm: ngrams must be a positive whole number or a list of them, got {ngrams!r}")
    # one pass over integer codes: articles in token-table order, features in order of first appearance
    article, ids = pd.factorize(tokens["article_id"], sort=False)
    article = article.astype(np.int32)
    first_rows = np.flatnonzero(np.r_[True, article[1:] != article[:-1]])
    first_rows = first_rows[np.unique(article[first_rows], return_index=True)[1]]
    ids = np.asarray(ids).astype(str).astype(object)
    content = np.ones(len(tokens), dtype=bool) if not content_only else tokens["content"].to_numpy(bool)
    codes, vocab = pd.factorize(tokens["token"], sort=False)  # no Python string per token: codes and a vocabulary
    vocab = np.asarray(vocab, dtype=object)
    sentence = tokens["sentence"].to_numpy() if "sentence" in tokens.columns else None
    art_dv = _article_docvars(tokens, first_rows, ids, articles)
    art_dv["n_tokens"] = np.bincount(article[content], minlength=len(ids)).astype(np.int64)
    row_parts, col_parts, feature_parts, offset = [], [], [], 0
    for k in sizes:
        starts = ngram_positions(content, article, sentence, k)
        cols, feats = _grams(codes, vocab, starts, k)
        row_parts.append(article[starts])
        col_parts.append((cols + offset).astype(np.int32))
        feature_parts.append(feats)
        offset += len(feats)
    rows = np.concatenate(row_parts)
    cols = np.concatenate(col_parts)
    features = np.concatenate(feature_parts) if feature_parts else np.zeros(0, dtype=object)
    del row_parts, col_parts, codes
    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                               shape=(len(ids), len(features)))
    del rows, cols
    matrix.sum_duplicates()
    matrix = matrix.astype(np.int64)
    docs = art_dv.assign(n_docs=1)
    result = Dfm(matrix, docs, np.asarray(features, dtype=object), by="article_id", tokens=tokens,
                 articles=art_dv)
    if by == "article_id":
        return result
    if by not in art_dv.columns:
        raise ValueError(f"dfm: by must be article_id, doc_id or a document variable "
                         f"({', '.join(DOCVARS)}), got {by!r}")
    return result.group(by)
