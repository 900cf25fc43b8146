"""File names and metadata fields at the door: what they may hold, and how czlib shows them.

Why: a name or field czlib cannot represent breaks things far from where it
came in.  A newline in a file name ends up in ``metadata.csv`` and every
later reader refuses the file; terminal escape codes in a name printed raw
take over the user's terminal; a file name in GBK bytes (from an old Windows
zip) is not text, so it cannot go into a table.  So names are checked (or
escaped) where they enter, and every name czlib prints goes through
:func:`shown`: control characters and undecodable bytes appear as ``\\xNN``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

#: Longest title (and English title) a document may have, in characters; a longer headline is body text.
TITLE_MAX_CHARS = 300
#: Longest other metadata field (outlet, URL), in characters.
FIELD_MAX_CHARS = 2000

#: Characters that must not reach a terminal or a one-line field: controls (Unicode category Cc),
#: surrogates (Cs: a stray byte of a non-UTF-8 name) and line breaks.  One class, so a long field
#: is checked at C speed, not character by character.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _unsafe(ch: str) -> bool:
    """A character that must not reach a terminal or a one-line field: controls, line breaks, stray bytes."""
    return _UNSAFE.match(ch) is not None


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """``text`` with control characters, line breaks and undecodable bytes escaped (``\\x1b``, ``\\n``)."""
    text = str(text)
    if not _UNSAFE.search(text):
        return text
    return "".join({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (_escape(ch) if _unsafe(ch) else ch)
                   for ch in text)


def name_problem(name: str) -> str | None:
    """Why a file name cannot be a document's name (its doc_id comes from it), or None."""
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name):
        raw = os.fsencode(name)
        try:
            guess = f" (read as GB18030 it is {raw.decode('gb18030')!r})"
        except UnicodeDecodeError:
            guess = ""
        return (f"file name is not UTF-8 text{guess}; rename it in UTF-8, e.g. with "
                "`convmv -f gbk -t utf-8 --notest FILE` or by hand")
    if _UNSAFE.search(name):
        return "file name contains a control character or line break; rename it without one"
    return None


def field_problem(option: str, value: str, limit: int) -> str | None:
    """Why a metadata field given on the command line cannot be registered, or None."""
    if "\n" in value or "\r" in value:
        return f"{option} must be a single line"
    if bad := _UNSAFE.search(value):
        return f"{option} contains a control character ({_escape(bad.group())}); remove it"
    if len(value) > limit:
        return f"{option} is {len(value):,} characters long; a metadata field holds at most {limit} characters"
    return None


def safe_field(value: str, limit: int) -> str:
    """A field read from a document (a page's headline): one line, no control characters, cut at ``limit``."""
    value = _UNSAFE.sub(" ", value).strip()
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"


def shown_path(path: Path | str | bytes) -> str:
    """A path as czlib prints it (see :func:`shown`)."""
    return shown(os.fsdecode(path))
