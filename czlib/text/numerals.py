"""Numbers as Chinese news writes them: Arabic, Chinese, with 万/亿 multipliers.

No installed library covers this for czlib (cn2an is not a dependency, and it
converts numerals only), so the parser is here and small: it reads

* Arabic numbers with decimals and thousands separators: ``50,527.94`` → 50527.94
* Chinese numerals: 三 → 3, 十五 → 15, 二十一 → 21, 两 → 2, 一百零五 → 105,
  三千 → 3000, 一亿二千万 → 120000000, and digit-by-digit years 二〇二二 → 2022
* multipliers written after a number: 3.59万 → 35900, 19.3亿 → 1930000000
* vague Chinese magnitudes: 数十 ("several tens", read as 20–90), 几十, 上百 …

Every function takes a string and returns plain Python numbers; the claim
extractor (:mod:`czlib.analysis.claims.claims`) decides what the numbers count.
"""
from __future__ import annotations

import re

#: Chinese digits, including the colloquial 两 and the zeros 零/〇.
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
#: Small units inside a Chinese numeral section (below 万).
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
#: Large multipliers that close a section.  They are also written after an
#: Arabic number (3.59万, 19.3亿), where :func:`multiplier_value` reads them.
CN_LARGE_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

#: Characters a Chinese numeral may be made of.
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_LARGE_UNITS)

#: Multiplier words written after a number, longest first so 千万 wins over 千.
MULTIPLIERS: dict[str, int] = {
    "万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "亿": 10**8,
    "千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3, "百": 10**2,
}

#: Regex fragment for an Arabic number: thousands-separated or plain, with decimals.
ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

#: Vague magnitudes: prefix + power word → (low, high) multiplier of the power.
#: 数/几 "several" is read as two to nine (数十 = 20–90); 十几 "ten-odd" as 11–19;
#: 上 "up to / as many as" (上百) as one to two of the power.
VAGUE_PREFIXES: dict[str, tuple[float, float]] = {"数": (2, 9), "几": (2, 9), "上": (1, 2)}
VAGUE_POWERS: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 10**8}
VAGUE_NUMERAL = r"(?:数|几|上)(?:十|百|千|万|亿)(?:万|亿)?|十几"


class NumeralError(ValueError):
    """Raised when a string is not a number this module can read."""


_PLAIN_ARABIC_RE = re.compile(r"\d+(?:\.\d+)?")


def parse_arabic(text: str) -> float:
    """Return the value of an Arabic number such as ``'50,527.94'`` or ``'106'``."""
    cleaned = text.replace(",", "").strip()
    if not _PLAIN_ARABIC_RE.fullmatch(cleaned):
        raise NumeralError(f"not an Arabic number: {text!r}")
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def _parse_section(section: str, whole: str) -> int:
    """Parse a Chinese numeral below 万 (e.g. 三千零五, 十五, 二十一)."""
    total = 0
    digit: int | None = None
    for ch in section:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[ch]
            # 十五: a leading 十 means one ten.
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            raise NumeralError(f"not a Chinese numeral: {whole!r} (unexpected {ch!r})")
    if digit is not None:
        total += digit
    return total


def parse_chinese_numeral(text: str) -> int:
    """Return the integer value of a Chinese numeral.

    Handles 十五 → 15, 二十一 → 21, 两 → 2, 一百零五 → 105, 三千 → 3000,
    两万 → 20000, 一亿二千万 → 120000000, and digit-by-digit strings with no
    unit characters such as 二〇二二 → 2022 (the way years are written).
    """
    s = text.strip()
    if not s or any(ch not in CN_NUMERAL_CHARS for ch in s):
        raise NumeralError(f"not a Chinese numeral: {text!r}")
    if len(s) > 1 and all(ch in CN_DIGITS for ch in s):
        # Digit-by-digit reading (二〇二二); 两 is never used this way.
        if "两" in s:
            raise NumeralError(f"not a Chinese numeral: {text!r}")
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    total = 0
    rest = s
    for large_char in ("亿", "万"):
        if large_char in rest:
            head, rest = rest.split(large_char, 1)
            head_value = _parse_section(head, text) if head else 1
            if large_char == "万" and head and "亿" in head:
                raise NumeralError(f"not a Chinese numeral: {text!r}")
            total += head_value * CN_LARGE_UNITS[large_char]
    total += _parse_section(rest, text) if rest else 0
    return total


def multiplier_value(word: str) -> int:
    """Return the factor of a multiplier word written after a number (万 → 10000)."""
    if word == "":
        return 1
    try:
        return MULTIPLIERS[word]
    except KeyError:
        raise NumeralError(f"not a multiplier: {word!r}") from None


def parse_vague_numeral(text: str) -> tuple[float, float]:
    """Return the (low, high) range of a vague magnitude such as 数十 or 上百.

    数十 → (20, 90), 数十亿 → (2e9, 9e9), 十几 → (11, 19), 上百 → (100, 200).
    """
    s = text.strip()
    if s == "十几":
        return (11, 19)
    m = re.fullmatch(r"(数|几|上)(十|百|千|万|亿)(万|亿)?", s)
    if not m:
        raise NumeralError(f"not a vague numeral: {text!r}")
    low, high = VAGUE_PREFIXES[m.group(1)]
    power = VAGUE_POWERS[m.group(2)] * (CN_LARGE_UNITS[m.group(3)] if m.group(3) else 1)
    return (low * power, high * power)


def parse_number(text: str) -> float:
    """Return the value of a number in any of the supported spellings.

    Accepts an Arabic or Chinese number optionally followed by a multiplier:
    ``'3.59万'`` → 35900, ``'19.3亿'`` → 1930000000, ``'十五'`` → 15,
    ``'50,527.94'`` → 50527.94.  Vague magnitudes (数十) raise: use
    :func:`parse_vague_numeral` for those, because they are ranges.
    """
    s = text.strip()
    m = re.fullmatch(rf"({ARABIC_NUMBER})\s*({'|'.join(MULTIPLIERS)})?", s)
    if m:
        value = parse_arabic(m.group(1)) * multiplier_value(m.group(2) or "")
        return tidy(value)
    return parse_chinese_numeral(s)


def tidy(value: float) -> float:
    """Round away binary noise (3.59 * 10000 = 35900.000000000004) and keep ints as ints."""
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded
