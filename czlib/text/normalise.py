"""Text as a researcher has it, normalised the way the corpus loader does, with offsets back to it.

The extractors' patterns are written for normalised text (NFKC: full-width
，：（）％２ become ,:()%2; CRLF line ends become LF; no BOM; no trailing spaces
on a line), which is what :func:`czlib.corpus.reading.decoding.normalize_text` makes of
a corpus file.  Text pasted from elsewhere is not: :func:`normalise` does the
same to it and keeps, for every normalised character, the span of the caller's
string it came from, so a record found in the normalised text can give offsets
into the string the caller passed.

NFKC is applied to a character together with the combining marks after it
(the unit NFKC composes); one character may become several (½ → 1⁄2) or none
(a BOM): each character it becomes maps to the whole span it came from.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Normalised:
    """A caller's string (``raw``), its normalised form (``text``) and the map between them.

    ``starts[i]``/``ends[i]`` delimit the stretch of ``raw`` that normalised
    character ``i`` came from; both are None when ``text == raw`` (nothing moved).
    """

    raw: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @property
    def identity(self) -> bool:
        return self.starts is None

    def offset(self, i: int) -> int:
        """Offset into ``raw`` of the normalised offset ``i`` (a start; ``len(text)`` maps to ``len(raw)``)."""
        if self.starts is None:
            return i
        return self.starts[i] if i < len(self.starts) else len(self.raw)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``raw``'s span for the normalised span ``[start, end)``: every character it came from."""
        if self.starts is None:
            return start, end
        if end <= start:
            at = self.offset(start)
            return at, at
        return self.starts[start], self.ends[end - 1]


def _units(raw: str):
    """(start, end) of each unit NFKC is applied to: a character with the combining marks after it; CRLF is one."""
    i, n = 0, len(raw)
    while i < n:
        j = i + 1
        if raw[i] == "\r" and j < n and raw[j] == "\n":
            j += 1
        else:
            while j < n and unicodedata.combining(raw[j]):
                j += 1
        yield i, j
        i = j


def normalise(raw: str) -> Normalised:
    """``raw`` normalised as the corpus loader normalises a file, with the offset map back to ``raw``.

    Line ends become LF, a leading BOM goes, NFKC applies, and each line loses
    its trailing whitespace (a line of spaces becomes empty).
    """
    if "\r" not in raw and not raw.startswith("\ufeff") and unicodedata.is_normalized("NFKC", raw) \
            and not any(line != line.rstrip() for line in raw.split("\n")):
        return Normalised(raw, raw)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, j in _units(raw):
        unit = raw[i:j]
        if i == 0 and unit.startswith("\ufeff"):
            unit = unit[1:]
        out = "\n" if unit in ("\r\n", "\r") else unicodedata.normalize("NFKC", unit)
        for ch in out:
            chars.append(ch)
            starts.append(i)
            ends.append(j)
    # drop each line's trailing whitespace
    keep = [True] * len(chars)
    trailing = True
    for k in range(len(chars) - 1, -1, -1):
        if chars[k] == "\n":
            trailing = True
        elif trailing and chars[k].isspace():
            keep[k] = False
        else:
            trailing = False
    chars = [c for c, k in zip(chars, keep) if k]
    starts = [s for s, k in zip(starts, keep) if k]
    ends = [e for e, k in zip(ends, keep) if k]
    return Normalised(raw, "".join(chars), tuple(starts), tuple(ends))
