"""Dates in the text: the date mentions the numeric extractor sets apart, parsed and resolved.

A mention such as 今年5月 or 12月 needs the article's own date to become a
calendar date; :func:`resolve_date` does that, and the dates table records both.
"""
from __future__ import annotations

import re
from typing import Sequence


from .quantities import RELATIVE_YEARS, parse_date_mention
from ..records import DateMention

__all__ = ["dates_from_mentions", "parse_date_mention", "resolve_date", "DATE_COLUMNS"]

_DATE_FIELDS = ("raw", "start", "end", "year", "month", "day", "relative", "part", "precision")


def dates_from_mentions(mentions: Sequence[dict]) -> list[DateMention]:
    """The date mentions among numeric mentions (:func:`czlib.analysis.claims.quantities.numeric_mentions`)."""
    return [DateMention(**{k: m[k] for k in _DATE_FIELDS}) for m in mentions if m["kind"] == "date"]


def resolve_date(mention: dict, document_date: str | None) -> str:
    """ISO date ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD') of a date mention, or ''.

    Relative years (今年, 去年) and month–day dates without a year take the
    year from ``document_date`` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'); a month
    later than the document's month is read as last year (an article of
    January 2026 that says 12月 means December 2025).
    """
    doc_year = doc_month = None
    if isinstance(document_date, str) and re.match(r"\d{4}", document_date):
        doc_year = int(document_date[:4])
        if re.match(r"\d{4}-\d{2}", document_date):
            doc_month = int(document_date[5:7])
    year = mention.get("year")
    if year is None:
        if doc_year is None:
            return ""
        rel = mention.get("relative") or ""
        year = doc_year + RELATIVE_YEARS.get(rel, 0)
        month = mention.get("month")
        if not rel and month and doc_month and month > doc_month + 1:
            year -= 1
    parts = [f"{year:04d}"]
    if mention.get("month"):
        parts.append(f"{mention['month']:02d}")
        if mention.get("day"):
            parts.append(f"{mention['day']:02d}")
    return "-".join(parts)



DATE_COLUMNS = [
    "doc_id", "article_id", "raw", "start", "end", "year", "month", "day", "relative", "part",
    "precision", "resolved", "sentence",
]


