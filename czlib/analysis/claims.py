"""Quantitative claims: the numbers an article asserts, as records and as table rows.

The extraction itself (what is a claim, its value, unit, hedge and subject) is
in :mod:`czlib.analysis.quantities`; this module turns its numeric mentions
into :class:`~czlib.analysis.records.Claim` records and into the rows of the
claims and numeric-mentions tables, one article at a time.
"""
from __future__ import annotations

import unicodedata
from typing import Sequence

import pandas as pd

from .records import Claim, NumericMention, Quote

CLAIM_FIELDS = ("raw", "start", "end", "value", "value_max", "unit", "measure", "qualifier",
                "hedge", "category", "subject", "sentence", "sentence_start", "std_value", "std_value_max",
                "std_unit", "modality", "modality_cue")


def source_of(start: int, quotes: Sequence[Quote]) -> tuple[str, int | None]:
    """Who states the figure at ``start``: ``(speaker, quote start)`` inside a quotation, else ``("narrator", None)``.

    A figure inside the words of a direct quotation or of an attributed
    paraphrase (:func:`czlib.extract_quotes`) is the speaker's; every other
    figure is the narrator's (the reporter or the outlet).
    """
    for q in quotes:
        if q.quote_start <= start < q.quote_end:
            return q.speaker, q.quote_start
    return "narrator", None


def claims_from_mentions(mentions: Sequence[dict], quotes: Sequence[Quote] = ()) -> list[Claim]:
    """The claims among numeric mentions (:func:`czlib.analysis.quantities.numeric_mentions`).

    ``quotes`` (:func:`czlib.extract_quotes` of the same text) give each claim its ``source``.
    """
    out = []
    for m in mentions:
        if m["kind"] == "claim":
            source, quote_start = source_of(m["start"], quotes)
            out.append(Claim(**{key: m.get(key) for key in CLAIM_FIELDS}, source=source, quote_start=quote_start))
    return out


# ---------------------------------------------------------------------------
# Table rows
# ---------------------------------------------------------------------------

CLAIM_COLUMNS = [
    "claim_id", "doc_id", "article_id", "raw", "value", "value_max", "unit", "measure",
    "qualifier", "hedge", "category", "subject", "start", "end", "sentence_start", "sentence",
    "std_value", "std_value_max", "std_unit", "modality", "modality_cue", "source", "quote_start",
]
NUMERIC_MENTION_COLUMNS = ["doc_id", "article_id", "kind", "raw", "start", "end", "sentence"]


def normalised_text(text: str, article_id) -> str:
    """Return ``text`` if it is NFKC-normalised (as czlib's loader makes it); offsets depend on it."""
    if unicodedata.normalize("NFKC", text) != text:
        raise ValueError(
            f"article {article_id!r}: text is not NFKC-normalised; offsets would not index the table's text"
        )
    return text


def article_texts(articles: pd.DataFrame) -> list[str]:
    """The ``text`` column of an articles table, checked: present, strings, NFKC."""
    missing = [c for c in ("doc_id", "article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"articles table lacks column(s) {missing}; it has {list(articles.columns)}")
    texts = []
    for row in articles.itertuples(index=False):
        if not isinstance(row.text, str):
            raise ValueError(f"article {row.article_id!r} of {row.doc_id!r}: text is not a string ({row.text!r})")
        texts.append(normalised_text(row.text, row.article_id))
    return texts


def claim_rows(article: dict, found: Sequence[Claim]) -> list[dict]:
    """Rows of the claims table for one article's claims; ``claim_id`` is ``<article_id>@<start>``."""
    return [{"claim_id": f"{article['article_id']}@{c.start}", "doc_id": article["doc_id"],
             "article_id": article["article_id"], **c.as_dict()} for c in found]


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    """The claims table from its rows, sorted by doc_id, article_id, start."""
    table = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    table["value"] = table["value"].astype(float)
    table["value_max"] = table["value_max"].astype(float)
    table["std_value"] = table["std_value"].astype(float)
    table["std_value_max"] = table["std_value_max"].astype(float)
    table["quote_start"] = table["quote_start"].astype("Int64")
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


def numeric_rows(article: dict, mentions: Sequence[NumericMention]) -> list[dict]:
    """Rows of the numeric-mentions table for one article: every number with its kind."""
    return [{"doc_id": article["doc_id"], "article_id": article["article_id"], **m.as_dict()} for m in mentions]


def numeric_mentions_frame(rows: list[dict]) -> pd.DataFrame:
    """The numeric-mentions table from its rows, sorted by doc_id, article_id, start."""
    table = pd.DataFrame(rows, columns=NUMERIC_MENTION_COLUMNS)
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)
