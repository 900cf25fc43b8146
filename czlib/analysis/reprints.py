"""Reprints: near-duplicate articles in a corpus, so that each story can be counted once.

Why: Chinese local news reprints across outlets as a rule, and a reprint is
counted again in every figure unless found.  :func:`near_duplicates` scores
pairs of articles by MinHash over character shingles of their normalised text
(:mod:`czlib.text.minhash`: NFKC, Simplified script, no pinyin glosses, no
whitespace, punctuation or Latin letters), with similarity = max(Jaccard,
containment) so that a copy wrapped in a site's chrome still scores near 1.
Seeded and deterministic.  Of each pair, the article later in table order is
the reprint (:func:`reprint_ids`); :func:`drop_reprints` keeps one copy of
each story.
"""
from __future__ import annotations

import pandas as pd

from ..text.minhash import THRESHOLD, signatures, similar_pairs

PAIR_COLUMNS = ["article_id", "doc_id", "reprint_of", "reprint_of_doc", "jaccard", "containment", "similarity"]


def near_duplicates(articles: pd.DataFrame, threshold: float = THRESHOLD, *, text: str = "text") -> pd.DataFrame:
    """Pairs of articles at least ``threshold`` similar: one row per reprint and the earlier article it repeats.

    Columns: article_id, doc_id (the later article, the reprint),
    reprint_of, reprint_of_doc (the earlier one), jaccard, containment,
    similarity (max of the two estimates); sorted by the articles' table order.
    ``articles`` needs article_id and ``text`` (doc_id optional).
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"near_duplicates: threshold must be in (0, 1], got {threshold!r}")
    missing = [c for c in ("article_id", text) if c not in articles.columns]
    if missing:
        raise ValueError(f"near_duplicates: the articles table lacks column(s) {missing}")
    ids = articles["article_id"].astype(str).to_numpy()
    docs = articles["doc_id"].astype(str).to_numpy() if "doc_id" in articles.columns else ids
    sigs, sizes = signatures(articles[text].tolist())
    pairs = similar_pairs(sigs, sizes, threshold)
    table = pd.DataFrame({"article_id": ids[pairs["j"]], "doc_id": docs[pairs["j"]],
                          "reprint_of": ids[pairs["i"]], "reprint_of_doc": docs[pairs["i"]],
                          "jaccard": pairs["jaccard"].round(4), "containment": pairs["containment"].round(4),
                          "similarity": pairs["similarity"].round(4), "_j": pairs["j"], "_i": pairs["i"]})
    table = table.sort_values(["_j", "_i"], kind="mergesort")
    return table[PAIR_COLUMNS].reset_index(drop=True)


def reprint_ids(pairs: pd.DataFrame) -> set[str]:
    """The article ids that reprint an earlier article (the ``article_id`` of every pair)."""
    return set(pairs["article_id"].astype(str))


def drop_reprints(table: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """``table`` (rows with article_id: articles, tokens, …) without the rows of reprints: each story once."""
    if "article_id" not in table.columns:
        raise ValueError("drop_reprints: the table has no article_id column")
    return table[~table["article_id"].astype(str).isin(reprint_ids(pairs))]
