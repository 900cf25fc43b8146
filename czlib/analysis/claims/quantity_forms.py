"""Quantity forms beyond "number + unit": adjacent-digit ranges, counts after 人口, colloquial
heights, hedges that cover a list, energy readings of 度, and standard conversions.

Used by :mod:`czlib.analysis.claims.quantities`; plain functions over the text and the
quantity fields that module builds (``value``, ``value_max``, ``unit``, ``hedges`` …).
"""
from __future__ import annotations

import re
from typing import Callable

from ...text.numerals import ARABIC_NUMBER, CN_DIGITS, MULTIPLIERS, NumeralError, tidy, parse_chinese_numeral
from .numeric_patterns import NUM_CN, POST_HEDGES, SP, STANDARD_UNITS, UNIT_RE

_DIGITS = "一二三四五六七八九"
_POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_ADJACENT_DIGITS_RE = re.compile(rf"(十)?([{_DIGITS}])([{_DIGITS}])([十百千万])?")


def adjacent_digit_range(number: str) -> tuple[int, int] | None:
    """五六 → (5, 6), 三四 → (3, 4), 二三十 → (20, 30), 七八百 → (700, 800); None otherwise.

    Two consecutive Chinese digits written side by side mean "a or b" (三四个 = three
    or four), optionally followed by one power (二三十人 = twenty or thirty people).
    A leading 十 gives the teens: 十五六 → (15, 16).
    """
    number = number.replace("一两", "一二")  # 一两个 = one or two
    m = _ADJACENT_DIGITS_RE.fullmatch(number)
    if not m:
        return None
    a, b = CN_DIGITS[m.group(2)], CN_DIGITS[m.group(3)]
    if b != a + 1 or (m.group(1) and m.group(4)):
        return None
    if m.group(1):
        return 10 + a, 10 + b
    power = _POWERS.get(m.group(4) or "", 1)
    return a * power, b * power


_ARABIC_NUMBER_RE = re.compile(ARABIC_NUMBER)
_MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
#: 总人口35万, 人口约3.2万: a population figure with no measure word after it.
POPULATION_RE = re.compile(
    rf"(?:总|常住|户籍)?人口(?:总数|数|规模)?(?:达到|达|为|约|有|共|已达)?{SP}"
    rf"(?P<n>{ARABIC_NUMBER}|{NUM_CN})(?P<mult>{_MULT})?(?P<mid>余|多)?(?!{SP}(?:{UNIT_RE}))(?![\d.])"
)
#: 一米八, 一米七五: a height said the way people say it (1.8 m, 1.75 m).
HEIGHT_RE = re.compile(rf"(?<![{_DIGITS}十百千万])(?P<m>[一两])米(?P<d1>[{_DIGITS}])(?P<d2>[{_DIGITS}])?(?![{_DIGITS}十米])")


def extra_quantities(text: str, claim_ok: Callable[[int, int], bool],
                     fields_of: Callable[..., dict]) -> list[tuple[int, int, dict]]:
    """Population counts (人口35万 → 350000 人) and colloquial heights (一米八 → 1.8 米).

    ``claim_ok(start, end)`` says whether a span is still free; ``fields_of`` is
    :func:`czlib.analysis.claims.quantities._quantity_fields`.
    """
    found = []
    # Every population figure follows 人口 and every height has 米: other texts are not scanned.
    for m in POPULATION_RE.finditer(text) if "人口" in text else ():
        try:
            value = (float(m.group("n").replace(",", "")) if _ARABIC_NUMBER_RE.fullmatch(m.group("n"))
                     else parse_chinese_numeral(m.group("n")))
        except (NumeralError, ValueError):
            continue
        mult = MULTIPLIERS.get(m.group("mult") or "", 1)
        start, end = m.start("n"), m.end()
        if not claim_ok(start, end):
            continue
        hedges = [(m.group("mid"), "more_than")] if m.group("mid") else []
        fields = fields_of(tidy(value * mult), None, "人", (m.group("mult") or "") + "人", hedges, m.group("n"))
        found.append((start, end, fields))
    for m in HEIGHT_RE.finditer(text) if "米" in text else ():
        if not claim_ok(m.start(), m.end()):
            continue
        metres = CN_DIGITS[m.group("m")] + CN_DIGITS[m.group("d1")] / 10 + (
            CN_DIGITS[m.group("d2")] / 100 if m.group("d2") else 0)
        found.append((m.start(), m.end(), fields_of(tidy(metres), None, "米", "米", [], m.group())))
    return found


def energy_reading(text: str, start: int, end: int) -> bool:
    """度 after a number is electricity (千瓦时) when the clause speaks of electricity.

    2.2亿度新能源电力, 日均发电量达5万度 are energy; 30度 (temperature, angle) and
    360度 (all-round) are not.
    """
    lo = start
    while lo > 0 and start - lo < 20 and text[lo - 1] not in ",。;:!?\n":
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < 12 and text[hi] not in ",。;:!?\n":
        hi += 1
    return "电" in text[lo:hi]


def spread_list_hedges(text: str, found: list[tuple[int, int, dict]]) -> None:
    """A hedge written after the last figure of a list covers the list: 30%、40%以上 → both at least.

    Walks back from a figure that took a hedge after its unit (以上, 以下, 左右 …)
    over figures of the same unit joined by 、 (or 和/与/及) that carry no hedge of
    their own, and gives each the same hedge.  ``found`` is sorted by start.
    """
    for i, (_, _, fields) in enumerate(found):
        word = fields.get("post_hedge")
        if not word:
            continue
        anchor = found[i][0]
        for j in range(i - 1, -1, -1):
            s, e, other = found[j]
            if text[e:anchor] not in ("、", "和", "与", "及", ", ") or other["unit"] != fields["unit"]:
                break
            if any(q != "range" for _, q in other["hedges"]):
                break
            other["hedges"].append((word, POST_HEDGES[word]))
            other["hedge_scope"] = "list"
            anchor = s


def standard_value(value, value_max, unit: str | None) -> tuple[float | None, float | None, str | None]:
    """(std_value, std_value_max, std_unit): the value in the standard unit of its quantity.

    Area → 平方米, mass → 公斤, power → 千瓦, energy → 千瓦时, length → 米
    (:data:`czlib.analysis.claims.numeric_patterns.STANDARD_UNITS`); other units are
    their own standard (元, %, 个 …), so the value is repeated.
    """
    if value is None or unit is None:
        return None, None, unit
    std_unit, factor = STANDARD_UNITS.get(unit, (unit, 1))
    convert = (lambda v: None if v is None else tidy(float(v) * factor))
    return convert(value), convert(value_max), std_unit
