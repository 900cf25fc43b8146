"""Which writing system a text is in, before anything converts it.

OpenCC's Traditional→Simplified conversion is only right for Chinese: a
Japanese text shares many kanji with Traditional Chinese and would be
"converted" (大会が開催された → 大会が开催された), a Korean or English text
has nothing to convert.  Kana and Hangul are unambiguous, so their share
decides; a text that is mostly Latin letters is not Chinese either.
"""
from __future__ import annotations

# At least this many kana (or Hangul) and this share of the CJK-like characters.
MIN_FOREIGN_CHARS = 5
MIN_KANA_SHARE = 0.05
MIN_HANGUL_SHARE = 0.2
# A text whose Han characters are under this share of its letters is not Chinese.
MIN_HAN_SHARE = 0.2


def _is_han(o: int) -> bool:
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF


def script_counts(text: str) -> dict[str, int]:
    """Count Han, kana, Hangul and Latin letters in a text."""
    counts = {"han": 0, "kana": 0, "hangul": 0, "latin": 0}
    for ch in text:
        o = ord(ch)
        if _is_han(o):
            counts["han"] += 1
        elif 0x3041 <= o <= 0x30FF and o not in (0x30FB, 0x30FC):  # not ・ ー, used in Chinese too
            counts["kana"] += 1
        elif 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF:
            counts["hangul"] += 1
        elif ch.isascii() and ch.isalpha():
            counts["latin"] += 1
    return counts


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
