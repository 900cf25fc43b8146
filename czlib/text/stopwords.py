"""Stopwords and the content-token rules used for theme analysis.

Why this module exists: jieba's keyword extractor ships 31 English stopwords
and no Chinese ones, so it ranks numbers and function words as Chinese
keywords.  czlib uses a maintained general Chinese list plus a short,
documented project list, and filters punctuation, numbers and single
characters by explicit rules (:func:`is_content_token`).

Sources (both recorded in ``STOPWORDS.sources``):

* the "zh" list of stopwords-iso (https://github.com/stopwords-iso), as
  shipped by the ``stopwordsiso`` Python package; its version is read with
  ``importlib.metadata`` so every table can say which list it used;
* ``czlib/data/stopwords_zh_project.txt``: newspaper apparatus, "our city",
  time deixis and the stock adverbs of official prose, each group explained
  in the file.

Both are NFKC-normalised like the article texts (stopwords-iso has
full-width ％ and digits).

Never remove stopwords before claim extraction: the general list contains
hedges and numerals (多, 以上, 一; 左右 is a hedge too) that claims need.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import config

__all__ = [
    "CONTENT_RULES_VERSION",
    "PROJECT_STOPWORDS_FILE",
    "StopwordList",
    "load_stopwords",
    "STOPWORDS",
    "NON_CONTENT_POS",
    "is_punctuation",
    "is_number",
    "is_content_token",
]

#: Bump when :func:`is_content_token` changes (token-table caches key on it).
CONTENT_RULES_VERSION = "1"

#: The documented project list (package data).
PROJECT_STOPWORDS_FILE = config.PACKAGE_DATA / "stopwords_zh_project.txt"

#: jieba POS tags that never make a content token: pronouns (r: 我市, 各类),
#: prepositions (p), conjunctions (c), particles (u*), modal particles (y),
#: interjections (e) and onomatopoeia (o).
NON_CONTENT_POS = frozenset({"r", "rr", "rz", "rg", "p", "c", "u", "uj", "ul", "uz", "uv", "ud",
                             "ug", "y", "e", "o"})

# Arabic numbers, possibly with decimal/thousand separators, signs, % and ranges.
_RE_ARABIC_NUMBER = re.compile(r"[0-9.,%‰+\-−×/:~]*[0-9][0-9.,%‰+\-−×/:~]*")
# Characters that make a jieba "m" (numeral) token a number: digits, Chinese
# numerals and the approximation words that go with them (余, 多, 几).
_NUMERAL_CHARS = frozenset("0123456789〇零一二两三四五六七八九十百千万亿几多余半第首数")


@dataclass(frozen=True)
class StopwordList:
    """A stopword set with its provenance.

    ``words`` is the union of all sources; ``sources`` maps a source name to a
    one-line description with its version; ``fingerprint`` is a hash of the
    sorted words, used in cache keys.
    """

    words: frozenset
    sources: dict
    fingerprint: str

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)


def _normalise(words) -> set[str]:
    out = set()
    for w in words:
        w = unicodedata.normalize("NFKC", w).strip()
        if w:
            out.add(w)
    return out


def read_wordlist(path: str | os.PathLike) -> set[str]:
    """Return the words of a one-word-per-line list (``#`` comments, blank lines skipped), NFKC."""
    path = Path(path)
    words = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if any(ch.isspace() for ch in line):
            raise ValueError(f"{path}, line {lineno}: one word per line expected, got {line!r}")
        words.append(line)
    return _normalise(words)


def load_stopwords(project_file: str | os.PathLike | None = PROJECT_STOPWORDS_FILE,
                   standard: bool = True) -> StopwordList:
    """Return the stopword list: stopwords-iso "zh" (if ``standard``) plus the project file."""
    words: set[str] = set()
    sources = {}
    if standard:
        import stopwordsiso

        iso = _normalise(stopwordsiso.stopwords("zh"))
        version = metadata.version("stopwordsiso")
        sources["stopwords-iso zh"] = (f"stopwords-iso 'zh' list via the stopwordsiso package "
                                       f"{version} ({len(iso)} words after NFKC)")
        words |= iso
    if project_file is not None:
        project = read_wordlist(project_file)
        sources["czlib project"] = f"{Path(project_file).name} ({len(project)} words)"
        words |= project
    fingerprint = hashlib.sha256("\n".join(sorted(words)).encode("utf-8")).hexdigest()
    return StopwordList(frozenset(words), sources, fingerprint)


#: The default stopword list (stopwords-iso zh + czlib project list).
STOPWORDS = load_stopwords()


def is_punctuation(token: str) -> bool:
    """Whether every character of ``token`` is punctuation or a symbol (Unicode P* or S*)."""
    return bool(token) and all(unicodedata.category(ch)[0] in "PS" for ch in token)


def is_number(token: str, pos: str = "") -> bool:
    """Whether ``token`` is a number: Arabic digits (3.59, 96%, 2023) or a jieba numeral (m/mq)
    made of numeral characters (第九个, 三次, 余项, 一批).

    Abbreviated slogans tagged otherwise (十五五 "15th Five-Year Plan", tagged j)
    are not numbers.
    """
    if _RE_ARABIC_NUMBER.fullmatch(token):
        return True
    return pos in ("m", "mq") and any(ch in _NUMERAL_CHARS for ch in token)


def is_content_token(token: str, pos: str = "", stopwords: StopwordList | None = None) -> bool:
    """Whether a token counts for theme analysis (keywords, themes, word clouds).

    Rules, in order: not whitespace; not punctuation or symbols; not a number
    (:func:`is_number`); at least two characters; POS not a function class
    (:data:`NON_CONTENT_POS`); not a stopword (default :data:`STOPWORDS`).
    """
    if not token or token.isspace():
        return False
    if is_punctuation(token) or is_number(token, pos):
        return False
    if len(token) < 2:
        return False
    if pos in NON_CONTENT_POS:
        return False
    return token not in (stopwords if stopwords is not None else STOPWORDS)
