"""A set of character spans with fast overlap queries, so extractors stay linear in text length.

Extractors keep the spans they have already claimed and test every new
candidate against them; a list makes that quadratic in the length of an
article (a 5 MB page has hundreds of thousands of candidates).  A span
overlaps the set exactly when it overlaps the union of its spans, so the set
keeps that union as sorted, disjoint intervals and answers with a binary
search.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterable


class SpanSet:
    """Half-open spans ``[start, end)``; ``overlaps`` and ``add`` take O(log n) (amortised)."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``start < e and s < end`` for a span ``(s, e)`` of the set (as a list scan would say)."""
        i = bisect_left(self._starts, end) - 1   # the last interval starting before ``end``
        return i >= 0 and self._ends[i] > start

    def add(self, start: int, end: int) -> None:
        """Add ``[start, end)``, merging it with the intervals it overlaps (touching ones stay apart).

        Empty spans are not kept: no character is in them.
        """
        if end <= start:
            return
        lo = bisect_right(self._ends, start)     # first interval ending after ``start``
        hi = bisect_left(self._starts, end)      # intervals starting at or after ``end`` stay
        if lo < hi:
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]

    def append(self, span: tuple[int, int]) -> None:
        """``add`` for a ``(start, end)`` pair, so a SpanSet can stand where a list of spans was."""
        self.add(span[0], span[1])

    def __len__(self) -> int:
        return len(self._starts)
