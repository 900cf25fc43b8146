"""The one sentence rule: where a sentence of Chinese news text ends.

Sentences end at 。！？!?；; (a run of them, with any closing quotes and
brackets after it) and at line breaks; spans are stripped of surrounding
whitespace and empty ones dropped.  The token table's ``sentence`` column, the
``sentence`` of claims, dates, superlatives and numeric mentions, and the
sentence a quotation is attributed in all come from here, so the same offset
is in the same sentence in every table.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import numpy as np

#: Marks that end a sentence (NFKC turns ！？； into !?;).
END_MARKS = "。！？!?；;"
#: Closing quotes and brackets that stay with the sentence their terminator ends.
CLOSERS = "”’」』)）"
#: One sentence end: a run of end marks with the closers after it, or a line break.
SENTENCE_END = re.compile(f"[{END_MARKS}]+[{CLOSERS}]*|\n")
#: Marks that close a sentence in running prose: the end marks and the ellipsis (which closes a
#: sentence without the rule cutting at it: 等等…… stays with what follows on its line).
PROSE_MARKS = END_MARKS + "…"
#: A sentence end at the end of a span (to trim a span down to its words).
TRAILING_END = re.compile(f"[{END_MARKS}]+[{CLOSERS}]*$")


def ends_sentence(text: str) -> bool:
    """True when ``text`` (trailing whitespace aside) ends with a sentence's last mark or a closer after it."""
    text = text.rstrip()
    return bool(text) and text[-1] in PROSE_MARKS + CLOSERS + '"'


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the non-empty sentences of ``text``."""
    return list(sentence_spans(text))


@lru_cache(maxsize=64)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each non-empty sentence of ``text`` (cached: every extractor of a text asks)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        _append_stripped(text, start, m.end(), spans)
        start = m.end()
    _append_stripped(text, start, len(text), spans)
    return tuple(spans)


@lru_cache(maxsize=64)
def _starts(text: str) -> tuple[int, ...]:
    return tuple(s for s, _ in sentence_spans(text))


def _append_stripped(text: str, a: int, b: int, spans: list) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        spans.append((a, b))


def sentence_of(text: str, pos: int) -> int:
    """Index of the sentence holding offset ``pos`` (the last one starting at or before it; 0 before the first)."""
    return max(bisect_right(_starts(text), pos) - 1, 0)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding offset ``pos``; ``(pos, pos)`` for a text with no sentence."""
    spans = sentence_spans(text)
    return spans[sentence_of(text, pos)] if spans else (pos, pos)


def sentence_index(text: str, starts) -> np.ndarray:
    """Return, for each character offset in ``starts``, the index of its sentence in ``text``."""
    sentence_starts = np.array(_starts(text), dtype=np.int64)
    idx = np.searchsorted(sentence_starts, np.asarray(starts, dtype=np.int64), side="right") - 1
    return np.maximum(idx, 0)
