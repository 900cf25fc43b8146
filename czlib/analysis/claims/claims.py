"""Quantitative claims: the numbers an article asserts, as records.

The extraction itself (what is a claim, its value, unit, hedge and subject) is
in :mod:`czlib.analysis.claims.quantities`; this module turns its numeric mentions
into :class:`~czlib.analysis.records.Claim` records with their source (the
claims step of :func:`czlib.annotate`) and names the columns of the claims
and numeric-mentions tables (:mod:`czlib.analysis.doc_rows` makes the rows).
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from itertools import accumulate
from typing import Sequence

import pandas as pd

from ..records import Claim, Quote

CLAIM_FIELDS = ("raw", "start", "end", "value", "value_max", "unit", "measure", "qualifier",
                "hedge", "category", "subject", "sentence", "sentence_start", "std_value", "std_value_max",
                "std_unit", "modality", "modality_cue")


class QuoteSources:
    """Who states the figure at a position, found by binary search over the quotes (a long article
    has thousands of them, and a figure each few sentences)."""

    def __init__(self, quotes: Sequence[Quote]):
        self.quotes = list(quotes)
        self.order = sorted(range(len(self.quotes)), key=lambda i: self.quotes[i].quote_start)
        self.starts = [self.quotes[i].quote_start for i in self.order]
        self.reach = list(accumulate((self.quotes[i].quote_end for i in self.order), max))  # furthest end so far

    def source_of(self, start: int) -> tuple[str, int | None]:
        """:func:`source_of` ``start``: the first quote, in the order given, whose words hold it."""
        first = None
        k = bisect_right(self.starts, start) - 1
        while k >= 0 and self.reach[k] > start:  # only quotes reaching past start can hold it
            i = self.order[k]
            if self.quotes[i].quote_end > start and (first is None or i < first):
                first = i
            k -= 1
        if first is None:
            return "narrator", None
        return self.quotes[first].speaker, self.quotes[first].quote_start


def source_of(start: int, quotes: Sequence[Quote]) -> tuple[str, int | None]:
    """Who states the figure at ``start``: ``(speaker, quote start)`` inside a quotation, else ``("narrator", None)``.

    A figure inside the words of a direct quotation or of an attributed
    paraphrase (:func:`czlib.extract_quotes`) is the speaker's; every other
    figure is the narrator's (the reporter or the outlet); the first quote, in
    the order given, that holds ``start`` decides.  For many figures of one
    text, build one :class:`QuoteSources` and ask it for each.
    """
    return QuoteSources(quotes).source_of(start)


def claims_from_mentions(mentions: Sequence[dict], quotes: Sequence[Quote] = ()) -> list[Claim]:
    """The claims among numeric mentions (:func:`czlib.analysis.claims.quantities.numeric_mentions`).

    ``quotes`` (:func:`czlib.extract_quotes` of the same text) give each claim its ``source``.
    """
    out = []
    sources = QuoteSources(quotes)
    for m in mentions:
        if m["kind"] == "claim":
            source, quote_start = sources.source_of(m["start"])
            out.append(Claim(**{key: m.get(key) for key in CLAIM_FIELDS}, source=source, quote_start=quote_start))
    return out


# ---------------------------------------------------------------------------
# The columns of the claims and numeric-mentions tables (rows: czlib.analysis.doc_rows)
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


