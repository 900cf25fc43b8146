"""Quantitative claims: every number the coverage states, normalised, hedged and traceable.

The articles argue with numbers (与省内外106所高校达成500余项合作成果, 技术合同交易额
50527.94万元, 接待观众超103万人次).  This module finds every numeric mention in an
article's text, decides what kind of mention it is, and for the *claims* records

* ``raw``: the exact text span, hedge words included where they touch the number
  (``500余项``, ``超103万人次``, ``近15亿元``, ``85%以上``), so ``text[start:end] == raw``;
* ``value`` / ``value_max``: the value in base units with the multiplier applied
  (50527.94万元 → 505279400 元; 5—10万元 → 50000–100000 元); percentages stay in
  percent (90% → 90 %), fractions become percent too (1/10 → 10 %);
* ``unit`` (base unit: 元, 亩, 人次, %, 项 …) and ``measure`` (as written: 万元);
* ``qualifier``: exact, approx, more_than, at_least, less_than, at_most, range;
* ``subject``: the noun phrase the number counts (500余项 → 合作成果), and the sentence.

Hedge semantics (documented choice)
-----------------------------------
=====================================  ===========  =========================================
hedge                                  qualifier    reading
=====================================  ===========  =========================================
余, 多, 超, 超过, 超出, 逾, 突破, 多于,    more_than    the true figure is above the round number
高于
以上, 不少于, 不低于, 至少              at_least     Chinese statistical usage: 以上 includes
                                                    the number itself
近, 将近, 接近, 不到, 不足, 低于, 少于    less_than    the true figure is below the number
以下, 以内, 内, 之内, 不超过, 最多        at_most      includes the number
约, 大约, 左右, 上下, 级 (千亿级)          approx       either side
A—B, A-B, A--B, A——B, A~B, A至B, A到B,   range        value .. value_max
五六 (adjacent digits), 二三十, 数十, 上百
=====================================  ===========  =========================================

A hedge written after the last figure of a list covers the list (92%、96%以上:
both at least); 最高 … 最低 … name the extremes of a range and are exact.

近 is read as ``less_than``, not ``approx``: 近 and 余 are mirror images.  Both
say the true figure lies close to a round number, 余 on the upper side and 近 on
the lower side ("approaching 1.5 billion" means not yet 1.5 billion).  Reading
近 as ``less_than`` keeps the one checkable fact (the number is an upper bound);
the closeness is implicit in every hedge.  One exception: 近N年 ("the past N
years") is a time frame, not a hedge, so 近3年 is ``3 年``, exact.

What is *not* a claim
---------------------
Dates and years (2022年, 4月19日, 今年5月30日) go to :func:`dates_table`; times
of day (7时30分), cohorts (60后, 2020届), ordinals used as names (第九个"全国科技
工作者日", 第二十一次院士大会, 十五五, 二十大), numbers inside short slogans and titles
(“五个先行”, 《…十条措施》), and phone, licence and product codes (0355-2113499,
晋ICP备06001850号, 3D, 2×1000TD, 110kV) are classified apart by :func:`numeric_mentions`
and never reach the claims.  A ranking (位列榜单第73位) *is* a claim (category
``ranking``); so is an ordinal that counts (第11个合作项目, category ``ordinal``).
A Chinese 一 before a measure word (一位女孩, 一个个) reads as the article "a",
so it is not a claim; 一万 or Arabic 1 are.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Iterable

from ...text.numerals import (
    ARABIC_NUMBER,
    NumeralError,
    tidy,
    multiplier_value,
    parse_arabic,
    parse_chinese_numeral,
    parse_vague_numeral,
)
from ...text.sentences import sentence_bounds
from ...text.spans import SpanSet
from .numeric_patterns import (
    ARABIC_FRACTION_RE,
    CHANGE_VERBS,
    CHINESE_NUMERAL_UNIT_EXCLUSIONS,
    CN_DIGIT,
    CN_FRACTION_RE,
    CODE_RES,
    COHORT_HINT_RE,
    COHORT_RE,
    DATE_RE,
    DATE_SCAN_RE,
    DIGIT_RE,
    DISTANT_HEDGES,
    INSTITUTION_HEADS,
    MID_HEDGES,
    NAME_RES,
    ORDINAL_RE,
    OUTPUT_CONTEXT,
    PEOPLE_HEADS,
    PERCENT_WORDS_RE,
    POST_HEDGES,
    PRE_HEDGES,
    PROJECT_HEADS,
    QUANTITY_RE,
    SCALE_RE,
    SP,
    TIME_HINT_RE,
    TIME_RE,
    UNITS,
    UNIT_GUARDS,
    VAGUE,
)
from .modality import claim_modality
from .subjects import clause_text_before, counted_subject
from .quantity_forms import adjacent_digit_range, energy_reading, extra_quantities, spread_list_hedges, standard_value

# ---------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------

# The module's own patterns, compiled once (numeric_mentions runs once per article).
_ARABIC_NUMBER_RE = re.compile(ARABIC_NUMBER)
_ARABIC_NUMBER_SCAN_RE = re.compile(rf"(?=\d)(?:{ARABIC_NUMBER})")  # the lookahead: see QUANTITY_RE
_QUOTATION_RE = re.compile(r"“([^“”\n]{1,40})”|‘([^‘’\n]{1,40})’")
_CLAUSE_PUNCT_RE = re.compile(r"[,。;:!?]")
_BOOK_TITLE_RE = re.compile(r"《[^《》\n]{1,60}》")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_LATIN_OR_DIGIT_RE = re.compile(r"[A-Za-z0-9]")
_VAGUE_RE = re.compile(VAGUE)
_POST_HEDGE_RE = re.compile(rf"{SP}(以上|以下|以内|之内|左右|上下|内)")
_PRE_HEDGE_RE = re.compile(rf"(?:{'|'.join(sorted(PRE_HEDGES, key=len, reverse=True))}){SP}$")
_DISTANT_HEDGE_RE = re.compile(r"(不到|不足|超过|近|约)[^,。;:!?\n、\d]{1,12}的" + SP + "$")
_RANK_VERB_RE = re.compile(r"(位列|排名|排行|名列|位居|居|列|排)[^,。;]{0,6}$")
_PHRASE_END_RE = re.compile(r"[,。;:!?、\n]")
_TO_END_RE = re.compile(r"(到|至)" + SP + "$")


@lru_cache(maxsize=4096)
def value_of(number: str) -> float:
    """Value of one number as written (Arabic or Chinese, no multiplier).

    Cached: an article's few numerals (1, 10, 三, 2023) recur across articles.
    """
    if _ARABIC_NUMBER_RE.fullmatch(number):
        return parse_arabic(number)
    return parse_chinese_numeral(number)


def _is_chinese(number: str) -> bool:
    return not DIGIT_RE.search(number)


def _quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of short quotations (slogans) and book titles."""
    spans = []
    for m in _QUOTATION_RE.finditer(text):
        inner = m.group(1) or m.group(2)
        if len(inner) <= 14 and not _CLAUSE_PUNCT_RE.search(inner):
            spans.append((m.start(), m.end(), "slogan"))
    for m in _BOOK_TITLE_RE.finditer(text):
        spans.append((m.start(), m.end(), "name"))
    return spans


def numeric_mentions(text: str) -> list[dict]:
    """Return every numeric mention in ``text``, each classified by ``kind``.

    Kinds: ``claim`` (a quantity the text asserts), ``date``, ``time``,
    ``cohort`` (60后, 2020届), ``ordinal`` (第九个…, used as a name), ``name``
    (十五五, numbers inside 《titles》), ``slogan`` (numbers in short quotations
    such as “五个先行”), ``code`` (phones, licences, product codes) and
    ``number`` (a bare number no rule explains).  ``text`` should be
    NFKC-normalised, as ``czlib.corpus.reading.articles`` does.  Each dict has ``raw``,
    ``start``, ``end`` (``text[start:end] == raw``) and ``kind``; claims carry
    the fields described in the module docstring, dates those of
    :func:`parse_date_mention`.  Sorted by start offset.
    """
    if not isinstance(text, str):
        raise TypeError(f"numeric_mentions needs a str, got {type(text).__name__}")
    taken = SpanSet()
    mentions: list[dict] = []

    def add(start: int, end: int, kind: str, **fields) -> None:
        taken.add(start, end)
        mentions.append({"raw": text[start:end], "start": start, "end": end, "kind": kind, **fields})

    # Patterns are skipped where their hint (numeric_patterns) shows they cannot match.
    has_digit = DIGIT_RE.search(text) is not None
    # 1. Codes, identifiers and fixed names: never quantities.
    for pattern in CODE_RES if has_digit else ():
        for m in pattern.finditer(text):
            if not taken.overlaps(m.start(), m.end()) and DIGIT_RE.search(m.group()):
                add(m.start(), m.end(), "code")
    for pattern, hint in NAME_RES:
        if hint not in text:
            continue
        for m in pattern.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                add(m.start(), m.end(), "name")
    # 2. Dates, times, cohorts, ordinals.
    for m in DATE_SCAN_RE.finditer(text):
        if not m.group().strip() or taken.overlaps(m.start(), m.end()):
            continue
        if not (m.group("iso") or m.group("year") or m.group("month") or m.group("rel")):
            continue
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        add(start, m.end(), "date", **parse_date_mention(text[start:m.end()]))
    for pattern, hint, kind in ((TIME_RE, TIME_HINT_RE, "time"), (COHORT_RE, COHORT_HINT_RE, "cohort")):
        if not hint.search(text):
            continue
        for m in pattern.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                add(m.start(), m.end(), kind)
    for m in ORDINAL_RE.finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue
        ordinal = _classify_ordinal(text, m)
        if ordinal is None:
            add(m.start(), m.end(), "ordinal")
        else:
            add(m.start(), m.end(), "claim", **ordinal)
    # 3. Quantities.
    for start, end, fields in _find_quantities(text, taken):
        add(start, end, "claim", **fields)
    # 4. Whatever Arabic number is left over.
    for m in _ARABIC_NUMBER_SCAN_RE.finditer(text) if has_digit else ():
        if not taken.overlaps(m.start(), m.end()):
            add(m.start(), m.end(), "number")

    # Numbers inside slogans and titles are names, except N大X labels (“12大基地”),
    # which assert a count.
    by_start = sorted(mentions, key=lambda d: d["start"])
    starts = [d["start"] for d in by_start]
    for q_start, q_end, q_kind in _quoted_spans(text):
        for mention in by_start[bisect_left(starts, q_start):bisect_left(starts, q_end)]:
            if mention["end"] <= q_end and mention["kind"] in ("claim", "number"):
                if mention.get("measure") == "大" and q_kind == "slogan":
                    continue
                mention["kind"] = q_kind
    mentions.sort(key=lambda d: (d["start"], d["end"]))
    floor = 0
    for mention in mentions:
        if mention["kind"] == "claim":
            mention.update(_describe_claim(text, mention, floor))
        floor = max(floor, mention["end"])
    _inherit_subjects(mentions)
    for mention in mentions:
        if mention["kind"] == "claim":
            mention["category"] = _refine_category(mention)
        for internal in ("clause_before", "number", "distant_hedge", "post_hedge", "hedge_scope"):
            mention.pop(internal, None)
    return mentions


# ---------------------------------------------------------------------------
# Quantity parsing
# ---------------------------------------------------------------------------

def _unit_allowed(text: str, unit_end: int, unit: str, chinese: bool) -> bool:
    if chinese and unit in CHINESE_NUMERAL_UNIT_EXCLUSIONS:
        return False
    guard = UNIT_GUARDS.get(unit)
    following = text[unit_end:unit_end + 1]
    if guard and following and following in guard:
        return False
    if unit == "大" and not _HAN_RE.match(following or " "):
        return False
    if unit.isascii() and _LATIN_OR_DIGIT_RE.match(following):
        return False  # 13.49MW but not 5Mbps; units in Latin letters end where the letters end
    return True


class _Found(list):
    """Quantities found so far, with their spans in a SpanSet for overlap tests."""

    def __init__(self):
        super().__init__()
        self.spans = SpanSet()

    def append(self, item: tuple[int, int, dict]) -> None:
        super().append(item)
        self.spans.add(item[0], item[1])

    def extend(self, items: Iterable[tuple[int, int, dict]]) -> None:
        for item in items:
            self.append(item)


def _find_quantities(text: str, taken: SpanSet) -> Iterable[tuple[int, int, dict]]:
    found = _Found()

    def claim_ok(start: int, end: int) -> bool:
        return not taken.overlaps(start, end) and not found.spans.overlaps(start, end)

    # Percent words, fractions and scale labels first: they contain numerals
    # the generic pattern would misread.
    for m in PERCENT_WORDS_RE.finditer(text):
        try:
            value = value_of(m.group("n"))
            if m.group("dec"):
                value = float(f"{value}.{''.join(str(parse_chinese_numeral(c)) for c in m.group('dec'))}")
        except NumeralError:
            continue
        if claim_ok(m.start(), m.end()):
            found.append((m.start(), m.end(), _quantity_fields(tidy(value), None, "%", "%", [], "")))
    # Each fraction contains 分之 or /, each scale label 级 (hints: other texts are not scanned).
    for regex, hint in ((CN_FRACTION_RE, "分之"), (ARABIC_FRACTION_RE, "/")):
        if hint not in text:
            continue
        for m in regex.finditer(text):
            try:
                num, den = value_of(m.group("num")), value_of(m.group("den"))
            except NumeralError:
                continue
            if den == 0 or num >= den or not claim_ok(m.start(), m.end()):
                continue
            found.append((m.start(), m.end(),
                          _quantity_fields(tidy(100 * num / den), None, "%", m.group(), [], "")))
    for m in SCALE_RE.finditer(text) if "级" in text else ():
        if claim_ok(m.start(), m.end()):
            fields = _quantity_fields(multiplier_value(m.group("mult")), None, "", m.group(), [("级", "approx")], "")
            fields["category"] = "scale"
            found.append((m.start(), m.end(), fields))

    pos = 0
    while True:
        m = QUANTITY_RE.search(text, pos)
        if not m:
            break
        pos = m.start() + 1
        parsed = _parse_quantity_match(text, m)
        if parsed is None or not claim_ok(m.start(), m.end()):
            continue
        end, fields = parsed
        if not claim_ok(m.start(), end):
            continue
        found.append((m.start(), end, fields))
        pos = end

    found.extend(extra_quantities(text, claim_ok, _quantity_fields))

    # Hedges before the number extend the span leftwards; a hedge after a list covers the list.
    result = []
    for start, end, fields in sorted(found, key=lambda t: t[0]):
        start, fields = _attach_pre_hedge(text, start, fields, taken)
        result.append((start, end, fields))
    spread_list_hedges(text, result)
    return result


def _parse_quantity_match(text: str, m: re.Match) -> tuple[int, dict] | None:
    n1, n2 = m.group("n1"), m.group("n2")
    unit_written = m.group("unit")
    chinese = _is_chinese(n1)
    if not _unit_allowed(text, m.end("unit"), unit_written, chinese):
        return None
    if unit_written == "度" and not energy_reading(text, m.start(), m.end()):
        return None  # 30度: a temperature or an angle, not electricity
    hedges: list[tuple[str, str]] = []
    mult_written, mult1_written = m.group("mult") or "", m.group("mult1") or ""
    if not n2 and not mult_written:
        mult_written, mult1_written = mult1_written, ""
    if mult_written.endswith("千") and "千" + unit_written in UNITS:
        # 2千克 is two kilograms (千克), not two thousand grams; 3万千瓦 keeps 万 as the multiplier
        mult_written, unit_written = mult_written[:-1], "千" + unit_written
    mult1 = multiplier_value(mult1_written)
    mult = multiplier_value(mult_written)
    adjacent = adjacent_digit_range(n1) if chinese and not n2 else None
    try:
        if _VAGUE_RE.fullmatch(n1):
            if n2:
                return None
            low, high = parse_vague_numeral(n1)
            measure = mult_written + unit_written
            fields = _quantity_fields(tidy(low * mult), tidy(high * mult), unit_written, measure,
                                      [(n1[0] if n1 != "十几" else "几", "range")], n1)
            return _attach_post_hedge(text, m.end(), fields)
        v1, v2 = adjacent if adjacent is not None else (value_of(n1), value_of(n2) if n2 else None)
    except NumeralError:
        return None
    if (chinese and v1 == 1 and adjacent is None and not mult_written and not n2
            and not re.search("[万亿千百十]", n1)):
        return None  # 一位女孩, 一个个: the article "a", not a count
    # 三四个 = "three or four", 二三十人 = "twenty or thirty": a range (adjacent), not 34; 二八 is no count
    if adjacent is None and chinese and len(n1) == 2 and all(c in CN_DIGIT for c in n1):
        return None
    for group in ("mid1", "mid2", "mid3"):
        if m.group(group):
            hedges.append((m.group(group), MID_HEDGES[m.group(group)]))
    if m.group("unit1") and m.group("unit1") != unit_written:
        return None
    if v2 is not None:
        if mult1_written:
            low, high = v1 * mult1, v2 * mult
        elif v1 * mult <= v2 * mult and v1 <= v2:
            low, high = v1 * mult, v2 * mult          # 5—10万元: 万 applies to both ends
        else:
            low, high = v1, v2 * mult                 # 8000—1万元
        if low >= high:
            return None
        value, value_max = tidy(low), tidy(high)
        hedges.insert(0, (m.group("sep") or "", "range"))  # no separator: 五六个
    else:
        value, value_max = tidy(v1 * (mult1 if mult1_written else mult)), None
    measure = (mult_written or mult1_written) + unit_written
    fields = _quantity_fields(value, value_max, unit_written, measure, hedges, n1)
    return _attach_post_hedge(text, m.end(), fields)


def _quantity_fields(value, value_max, unit_written: str, measure: str,
                     hedges: list[tuple[str, str]], number: str) -> dict:
    base_unit, category = UNITS.get(unit_written, (unit_written, "count"))
    return {"value": value, "value_max": value_max, "unit": base_unit, "measure": measure,
            "category": category, "hedges": list(hedges), "number": number}


def _attach_post_hedge(text: str, end: int, fields: dict) -> tuple[int, dict]:
    m = _POST_HEDGE_RE.match(text[end:end + 6])
    if m:
        word = m.group(1)
        ok = True
        if word in ("内", "之内") and fields["category"] != "duration":
            ok = False
        if word == "上下" and re.match(r"[游级文]", text[end + m.end():end + m.end() + 1]):
            ok = False
        if word == "以上" and re.match(r"[率]", text[end + m.end():end + m.end() + 1]):
            ok = False
        if ok:
            fields["hedges"].append((word, POST_HEDGES[word]))
            fields["post_hedge"] = word
            end += m.end()
    return end, fields


def _attach_pre_hedge(text: str, start: int, fields: dict, taken: SpanSet) -> tuple[int, dict]:
    before = text[max(0, start - 6):start]
    m = _PRE_HEDGE_RE.search(before)
    if m:
        word = m.group().strip()
        abs_start = start - (len(before) - m.start())
        preceding = text[abs_start - 1:abs_start] if abs_start > 0 else ""
        blocked = (
            (word == "近" and preceding in "最附将接靠")
            or (word == "约" and preceding in "签节合制邀预公条契特")
            or (word == "超" and preceding in "赶")
            or taken.overlaps(abs_start, start)
        )
        # 近3年 = "the past three years": a time frame, not a hedge.
        if word == "近" and fields["category"] == "duration":
            blocked = True
        # 海拔最高1876米,最低380米: the extremes of a range are exact figures, not bounds
        if word in ("最高", "最多") and re.search(r"最[低少]", text[start:start + 30].split("。")[0]):
            blocked = True
        if not blocked:
            fields["hedges"].insert(0, (word, PRE_HEDGES[word]))
            return abs_start, fields
    if fields["unit"] == "%":
        # 不到甘肃定西市的1/10: the hedge governs the share across a noun phrase.
        far = _DISTANT_HEDGE_RE.search(text[max(0, start - 16):start])
        if far:
            fields["hedges"].insert(0, (far.group(1), DISTANT_HEDGES[far.group(1)]))
            fields["distant_hedge"] = True
    return start, fields


def _classify_ordinal(text: str, m: re.Match) -> dict | None:
    """Fields of a ranking or counting ordinal, or None for an ordinal used as a name."""
    try:
        value = value_of(m.group("n"))
    except NumeralError:
        return None
    measure = m.group("measure") or ""
    before = text[max(0, m.start() - 8):m.start()]
    if _RANK_VERB_RE.search(before) and measure in ("", "位", "名"):
        fields = _quantity_fields(tidy(value), None, "位", measure, [], m.group("n"))
        fields.update(unit="rank", category="ranking")
        return fields
    if measure in ("个", "家", "所", "项", "批") and value > 1:
        after = text[m.end():m.end() + 14]
        phrase = _PHRASE_END_RE.split(after, maxsplit=1)[0]
        if phrase and _HAN_RE.match(phrase) and not re.search(r"[“《]", phrase) \
                and not re.search(r"(日|节|月|会|届|周年)$", phrase):
            fields = _quantity_fields(tidy(value), None, measure, measure, [], m.group("n"))
            fields["category"] = "ordinal"
            return fields
    return None


# ---------------------------------------------------------------------------
# Describing a claim: qualifier, category, subject, sentence
# ---------------------------------------------------------------------------

def _qualifier(hedges: list[tuple[str, str]]) -> str:
    kinds = [q for _, q in hedges]
    if "range" in kinds:
        return "range"
    for q in kinds:
        if q != "exact":
            return q
    return "exact"


def _describe_claim(text: str, mention: dict, floor: int = 0) -> dict:
    start, end = mention["start"], mention["end"]
    s_start, s_end = sentence_bounds(text, start)
    hedges = mention.pop("hedges", [])
    subject = counted_subject(text, start, end, mention, floor)
    category = mention["category"]
    clause_before = clause_text_before(text, start, floor)
    if mention["unit"] == "%":
        tail = clause_before[-6:]
        if any(v in tail for v in CHANGE_VERBS) and not _TO_END_RE.search(tail):
            category = "change"
        else:
            category = "share"
    return {
        "value": mention["value"],
        "value_max": mention["value_max"],
        "qualifier": _qualifier(hedges),
        "hedge": "+".join(w for w, q in hedges if q != "range" or w in ("数", "几", "上")),
        "category": category,
        "subject": subject,
        "clause_before": clause_before,
        "sentence": text[s_start:s_end],
        "sentence_start": s_start,
        **dict(zip(("modality", "modality_cue"), claim_modality(text, start, s_start))),
        **dict(zip(("std_value", "std_value_max", "std_unit"),
                   standard_value(mention["value"], mention["value_max"], mention["unit"]))),
    }


def _refine_category(mention: dict) -> str:
    """Counts become people, institutions or projects by their head noun
    (106所高校 → institutions, 500余项合作成果 → projects); areas become output
    when the clause speaks of production (年产量达2200万平方米)."""
    category, subject = mention["category"], mention.get("subject") or ""
    if category == "count":
        for heads, refined in ((PEOPLE_HEADS, "people"), (INSTITUTION_HEADS, "institutions"),
                               (PROJECT_HEADS, "projects")):
            if subject.endswith(heads):
                return refined
    if category == "area" and any(w in mention.get("clause_before", "") for w in OUTPUT_CONTEXT):
        return "output"
    return category


def _inherit_subjects(mentions: list[dict]) -> None:
    """A claim with no subject of its own takes the previous claim's when both
    share a sentence and a unit (亩效益由8000—10000元,增加到5—10万元)."""
    previous: dict | None = None
    for mention in mentions:
        if mention["kind"] != "claim":
            continue
        if (not mention.get("subject") and previous is not None
                and previous["sentence_start"] == mention["sentence_start"]
                and previous["unit"] == mention["unit"]):
            mention["subject"] = previous["subject"]
        previous = mention



RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}


def parse_date_mention(raw: str) -> dict:
    """Return the parts of a date mention: year, month, day, relative, precision.

    ``'2023年11月'`` → year 2023, month 11, precision 'month';
    ``'今年 5 月 30 日'`` → relative '今年', month 5, day 30, precision 'day'.
    Missing parts are None.
    """
    m = DATE_RE.fullmatch(raw.strip())
    if not m:
        raise ValueError(f"not a date mention: {raw!r}")
    if m.group("iso"):
        year, month, day = int(m.group("iso")), int(m.group("iso_m")), int(m.group("iso_d"))
        return {"year": year, "month": month, "day": day, "relative": "", "part": "", "precision": "day"}
    year = int(m.group("year")) if m.group("year") else None
    month = value_of(m.group("month")) if m.group("month") else None
    day = int(m.group("day")) if m.group("day") else None
    season = (m.group("season") or "").strip()
    precision = "day" if day else "month" if month else "season" if season else "year"
    return {"year": year, "month": month, "day": day, "relative": m.group("rel") or "",
            "part": (m.group("part") or season), "precision": precision}

