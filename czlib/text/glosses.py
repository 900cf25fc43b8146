"""Inline pinyin glosses: find and remove them before anything reads the text.

Some reposting sites print the pinyin of characters after them in brackets,
集團(tuán), 化學(xué)品, 9萬(wàn)平方米 (ruby text flattened by a scraper).  Left in,
they cut organisation names, speech cues (說(shuō)) and every 万…平方米 figure, so
they go before script conversion, segmentation and the splitter.  Removal
happens inside a line, never across one, so raw line numbers stay valid; each
removal is returned with its line for the cleaning log.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONED = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])((?:\([a-zü" + "".join(sorted(_TONED)) + r"]{1,7}\))+)")
_ONE = re.compile(r"\(([^()]+)\)")
# A pinyin syllable written without tone marks (ü may be typed as v).
_SYLLABLE = re.compile(
    r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un"
    r"|üe|ve|ue|ün|vn|a|o|e|i|u|ü|v)$")
# Toneless glosses, (de) or (xin), are only trusted on a page that also carries this many toned ones.
MIN_TONED_FOR_TONELESS = 3


@dataclass(frozen=True)
class Gloss:
    """One removed gloss: raw line number, the removed text and a few characters before it."""

    line: int
    gloss: str
    context: str


def _base(syllable: str) -> str:
    """The syllable without tone marks (ǖ→ü, á→a)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", plain.replace("u\u0308", "ü"))


def _is_syllable(text: str) -> bool:
    return bool(_SYLLABLE.match(_base(text)))


def _toned(text: str) -> bool:
    return any(ch in _TONED for ch in text)


def strip_glosses(text: str) -> tuple[str, list[Gloss]]:
    """Remove inline pinyin glosses; return the text and the removals (line, gloss, context).

    A gloss is one or more bracketed pinyin syllables directly after a CJK
    character.  Syllables with a tone mark always count; toneless ones only on
    a page with at least MIN_TONED_FOR_TONELESS toned glosses, so that a
    lone "(a)" or "(kg)" in ordinary text is never touched.
    """
    candidates = [m for m in _GLOSS.finditer(text)
                  if all(_is_syllable(s) for s in _ONE.findall(m.group(1)))]
    toned = sum(any(_toned(s) for s in _ONE.findall(m.group(1))) for m in candidates)
    keep_toneless = toned >= MIN_TONED_FOR_TONELESS
    removals: list[Gloss] = []
    out: list[str] = []
    last = 0
    for m in candidates:
        if not keep_toneless and not _toned(m.group(1)):
            continue
        line = text.count("\n", 0, m.start()) + 1
        start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 4)
        removals.append(Gloss(line, m.group(1), text[start:m.start()]))
        out.append(text[last:m.start()])
        last = m.end()
    out.append(text[last:])
    return "".join(out), removals
