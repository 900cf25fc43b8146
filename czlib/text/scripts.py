"""Which writing system a text is in, before anything converts it.

OpenCC's Traditional→Simplified conversion is only right for Chinese: a
Japanese text shares many kanji with Traditional Chinese and would be
"converted" (大会が開催された → 大会が开催された), a Korean or English text
has nothing to convert.  Kana and Hangul are unambiguous, so their share
decides; a text that is mostly Latin letters is not Chinese either.
"""
from __future__ import annotations

import re

# At least this many kana (or Hangul) and this share of the CJK-like characters.
MIN_FOREIGN_CHARS = 5
MIN_KANA_SHARE = 0.05
MIN_HANGUL_SHARE = 0.2
# A text whose Han characters are under this share of its letters is not Chinese.
MIN_HAN_SHARE = 0.2


# Character classes counted by script_counts (C-level regex scans: a Python step per
# character costs more than decoding the file).  Kana leaves out ・ and ー, used in Chinese too.
_SCRIPT_RES = {
    "han": re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"),
    "kana": re.compile("[\u3041-\u30fa\u30fd-\u30ff]"),
    "hangul": re.compile("[\uac00-\ud7a3\u1100-\u11ff]"),
    "latin": re.compile("[A-Za-z]"),
}


def script_counts(text: str) -> dict[str, int]:
    """Count Han, kana, Hangul and Latin letters in a text."""
    return {name: len(pattern.findall(text)) for name, pattern in _SCRIPT_RES.items()}


def detect_script(text: str) -> str:
    """'chinese', 'japanese', 'korean' or 'non_chinese' (mostly Latin letters)."""
    c = script_counts(text)
    if c["kana"] >= MIN_FOREIGN_CHARS and c["kana"] >= MIN_KANA_SHARE * (c["han"] + c["kana"]):
        return "japanese"
    if c["hangul"] >= MIN_FOREIGN_CHARS and c["hangul"] >= MIN_HANGUL_SHARE * (c["han"] + c["hangul"]):
        return "korean"
    letters = c["han"] + c["latin"] + c["kana"] + c["hangul"]
    if letters and c["han"] < MIN_HAN_SHARE * letters:
        return "non_chinese"
    return "chinese"
