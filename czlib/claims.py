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
余, 多, 超, 超过, 超出, 逾, 多于, 高于      more_than    the true figure is above the round number
以上, 不少于, 不低于, 至少              at_least     Chinese statistical usage: 以上 includes
                                                    the number itself
近, 将近, 接近, 不到, 不足, 低于, 少于    less_than    the true figure is below the number
以下, 以内, 内, 之内, 不超过, 最多        at_most      includes the number
约, 大约, 左右, 上下, 级 (千亿级)          approx       either side
A—B, A-B, A~B, A至B, A到B, 数十, 上百     range        value .. value_max
=====================================  ===========  =========================================

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
工作者日", 第二十一次院士大会, 十五五), numbers inside short slogans and titles
(“五个先行”, 《…十条措施》), and phone, licence and product codes (0355-2113499,
晋ICP备06001850号, 3D, 2×1000TD) are classified apart by :func:`extract_mentions`
and never reach the claims.  A ranking (位列榜单第73位) *is* a claim (category
``ranking``); so is an ordinal that counts (第11个合作项目, category ``ordinal``).
A Chinese 一 before a measure word (一位女孩, 一个个) reads as the article "a",
so it is not a claim; 一万 or Arabic 1 are.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pandas as pd

from czlib.numerals import (
    ARABIC_NUMBER,
    MULTIPLIERS,
    NumeralError,
    _tidy,
    multiplier_value,
    parse_arabic,
    parse_chinese_numeral,
    parse_vague_numeral,
)

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

#: Measure words and units: written form → (base unit, category).  Longest
#: forms are tried first, so 个百分点 wins over 个 and 平方米 over 米.
UNITS: dict[str, tuple[str, str]] = {
    # money
    "元": ("元", "money"), "美元": ("美元", "money"), "欧元": ("欧元", "money"),
    # area
    "平方公里": ("平方公里", "area"), "平方千米": ("平方公里", "area"), "平方米": ("平方米", "area"),
    "亩": ("亩", "area"), "公顷": ("公顷", "area"),
    # mass, volume and energy: what plants produce
    "吨": ("吨", "output"), "公斤": ("公斤", "output"), "千克": ("公斤", "output"),
    "立方米": ("立方米", "output"), "千瓦时": ("千瓦时", "output"), "千瓦": ("千瓦", "output"),
    "兆瓦": ("兆瓦", "output"),
    # length
    "公里": ("公里", "length"), "千米": ("公里", "length"), "毫米": ("毫米", "length"),
    "厘米": ("厘米", "length"), "纳米": ("纳米", "length"), "米": ("米", "length"),
    # people
    "人次": ("人次", "people"), "人": ("人", "people"), "名": ("名", "people"), "位": ("位", "people"),
    # institutions
    "所": ("所", "institutions"), "家": ("家", "institutions"),
    # shares and changes (％ only matters for text that skipped NFKC)
    "%": ("%", "share"), "％": ("%", "share"), "个百分点": ("百分点", "change"), "倍": ("倍", "change"),
    # durations
    "个小时": ("小时", "duration"), "小时": ("小时", "duration"), "分钟": ("分钟", "duration"),
    "个月": ("月", "duration"), "年": ("年", "duration"), "载": ("年", "duration"),
    "天": ("天", "duration"),
    # counts of things
    "项": ("项", "count"), "件(套)": ("件(套)", "count"), "台(套)": ("台(套)", "count"),
    "台套": ("台(套)", "count"), "件": ("件", "count"), "套": ("套", "count"), "台": ("台", "count"),
    "场": ("场", "count"), "批次": ("批次", "count"), "批": ("批", "count"), "次": ("次", "count"),
    "种": ("种", "count"), "条": ("条", "count"), "个": ("个", "count"), "座": ("座", "count"),
    "处": ("处", "count"), "篇": ("篇", "count"), "部": ("部", "count"), "株": ("株", "count"),
    "户": ("户", "count"), "辆": ("辆", "count"), "类": ("类", "count"), "款": ("款", "count"),
    "支": ("支", "count"), "间": ("间", "count"), "栋": ("栋", "count"), "大": ("大", "count"),
}

#: Measure words that are not read after a *Chinese* numeral, because the pair
#: is usually a word (四处 "everywhere", 三番五次 "again and again").
CHINESE_NUMERAL_UNIT_EXCLUSIONS = {"处", "间", "部", "支", "米"}

#: Lookahead guards: a unit followed by these characters is part of a word.
UNIT_GUARDS: dict[str, str] = {
    "大": "学会厦道街队桥地赛院型量幅力众家", "人": "才员民口", "种": "植子", "名": "义单称牌",
    "家": "庭乡属长", "场": "景所地", "台": "阶湾", "条": "件例", "部": "门分署", "年": "级",
    "次": "要生", "个": "人性体案", "所": "有以属在", "位": "于置", "天": "然",
}

#: Hedges written before the number.  近 after 最 ("recently") and 约 inside
#: 签约/节约/合约 … are not hedges; the regex below guards them.
PRE_HEDGES: dict[str, str] = {
    "超过": "more_than", "超出": "more_than", "多于": "more_than", "高于": "more_than",
    "超": "more_than", "逾": "more_than",
    "不少于": "at_least", "不低于": "at_least", "至少": "at_least",
    "将近": "less_than", "接近": "less_than", "不到": "less_than", "不足": "less_than",
    "低于": "less_than", "少于": "less_than", "近": "less_than",
    "不超过": "at_most", "最多": "at_most", "最高": "at_most",
    "大约": "approx", "约": "approx",
}
#: Hedges between the number and the unit (500余项, 30多万人次).
MID_HEDGES: dict[str, str] = {"余": "more_than", "多": "more_than"}
#: Hedges after the unit (85%以上, 4000万元左右, 2小时内).
POST_HEDGES: dict[str, str] = {
    "以上": "at_least", "以下": "at_most", "以内": "at_most", "之内": "at_most", "内": "at_most",
    "左右": "approx", "上下": "approx",
}
#: Hedges separated from a share by a noun phrase: 不到甘肃定西市的1/10.
DISTANT_HEDGES = {"不到": "less_than", "不足": "less_than", "超过": "more_than",
                  "近": "less_than", "约": "approx", "仅": "exact"}

QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range")

#: Head nouns (the end of the subject) that refine a count's category.
PEOPLE_HEADS = ("人才", "专家", "代表", "人员", "博士", "博士生", "学生", "院士", "使节", "员工", "工人",
                "观众", "群众", "游客", "特派员", "教授", "讲解员", "群体", "人数", "农户", "师生", "团队",
                "研究生", "年轻人", "工作者")
INSTITUTION_HEADS = ("企业", "高校", "院所", "机构", "单位", "公司", "大学", "学院", "医院", "院校", "智库",
                     "集团", "研究院")
PROJECT_HEADS = ("项目", "课题", "合同", "成果", "意向", "专利", "方案", "攻关")
OUTPUT_CONTEXT = ("年产", "产量", "产能", "生产", "包装")
CHANGE_VERBS = ("提高", "增加", "增长", "提升", "上升", "下降", "降低", "减少", "压减", "压缩", "缩短")
DECREASE_VERBS = ("下降", "降低", "减少", "压减", "压缩", "缩短")

# ---------------------------------------------------------------------------
# Regular expressions
# ---------------------------------------------------------------------------

SP = r"[ \t]*"
CN_DIGIT = "零〇两一二三四五六七八九"
NUM_CN = rf"[{CN_DIGIT}十][{CN_DIGIT}十百千万亿]*"
VAGUE = r"(?:数|几|上)(?:十|百|千|万|亿)(?:万|亿)?|十几"
NUM = rf"(?:{VAGUE}|{ARABIC_NUMBER}|{NUM_CN})"
MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
RANGE_SEP = r"[-—–~至到]"

QUANTITY_RE = re.compile(
    rf"""
    (?<!\d)(?<!\d\.)(?<!\d,)
    (?P<n1>{NUM})
    (?:{SP}(?P<mid1>余|多))?
    (?:{SP}(?P<mult1>{MULT}))?
    (?:(?:{SP}(?P<unit1>{UNIT_RE}))?{SP}(?P<sep>{RANGE_SEP}){SP}(?P<n2>{NUM})(?:{SP}(?P<mid2>余|多))?)?
    (?:{SP}(?P<mult>{MULT}))?
    (?:{SP}(?P<mid3>余|多))?
    {SP}(?P<unit>{UNIT_RE})
    """,
    re.VERBOSE,
)
PERCENT_WORDS_RE = re.compile(
    rf"百分之(?P<n>{ARABIC_NUMBER}|{NUM_CN})(?:点(?P<dec>[{CN_DIGIT}]+))?"
)
CN_FRACTION_RE = re.compile(rf"(?P<den>{NUM_CN})分之(?P<num>{NUM_CN})")
ARABIC_FRACTION_RE = re.compile(r"(?<![\d/.])(?P<num>\d+)/(?P<den>\d+)(?![\d/])")
SCALE_RE = re.compile(r"(?<![\d十百千万亿])(?P<mult>万亿|千亿|百亿|千万|百万|亿)级")

DATE_RE = re.compile(
    rf"""
    (?:(?<!\d)(?<!\d\.)(?P<iso>(?:19|20)\d{{2}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})(?!\d))
    |
    (?:
      (?:(?<!\d)(?<!\d\.)(?P<year>(?:19|20)\d{{2}}){SP}年(?:{SP}度)?|(?P<rel>今年|去年|前年|明年))?
      (?:{SP}(?<!\d)(?<!\d\.)(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]){SP}月(?:份)?
         (?:{SP}(?P<day>3[01]|[12]\d|0?[1-9]){SP}[日号])?
         (?P<part>初|上旬|中旬|下旬|底|末)?
      )?
      (?P<season>{SP}(?:春节|春天|夏天|秋天|冬天|春季|夏季|秋季|冬季))?
    )
    """,
    re.VERBOSE,
)
TIME_RE = re.compile(rf"(?<!\d)(?<!\d\.)\d{{1,2}}{SP}时(?:{SP}\d{{1,2}}{SP}分)?|(?<!\d)(?<!\d\.)\d{{1,2}}:\d{{2}}(?![\d])")
COHORT_RE = re.compile(rf"(?<!\d)(?<!\d\.)(?:\d{{2}}|[{CN_DIGIT}十]{{2}})后|(?<!\d)(?<!\d\.)(?:19|20)\d{{2}}{SP}[届级]")
ORDINAL_RE = re.compile(
    rf"第{SP}(?P<n>{ARABIC_NUMBER}|{NUM_CN}){SP}(?P<measure>个|次|届|位|名|批|期|版|条|项|家|所|大|轮|阶段)?"
)
CODE_RES = [
    re.compile(r"(?<![\d])0\d{2,3}-\d{7,8}(?!\d)"),                          # phone 0355-2113499
    re.compile(r"(?<![\d])1[3-9]\d{9}(?!\d)"),                               # mobile
    re.compile(r"\d+(?:\.\d+)?(?:" + SP + r"[×xX*+=<>]" + SP + r"\d+(?:\.\d+)?)+[A-Za-z]*"),  # 2×1000TD, 1+1>2
    re.compile(r"[A-Za-z][A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*"),                 # B2-20060016, jz9909
    re.compile(r"\d[\d.]*[A-Za-z][A-Za-z0-9.]*"),                            # 3D, 163.com
    re.compile(r"(?:ICP备|网安备|[证号][:：]|编号|电话[:：]?|邮编|传真)" + SP + r"\d[\d\-]*"),  # 晋ICP备06001850
    re.compile(r"(?<![\d.,])(?:\d{9,}|0\d{4,})(?![\d.])"),                   # long registration numbers
]
NAME_RES = [
    re.compile(r"十[一二三四五六七八九]五"),                # 十四五, 十五五 (five-year plans)
    re.compile(rf"[{CN_DIGIT}十]+中全会"),                 # 四中全会
    re.compile(rf"[{CN_DIGIT}十]+届"),                    # 二十届
    re.compile(r"三次产业"),                              # the three sectors of the economy
    re.compile(rf"[{CN_DIGIT}十]+年行动"),                 # 三年行动计划
    re.compile(r"工业" + SP + r"\d\.0"),                  # 工业4.0
    re.compile(r"三番五次|五湖四海|三年五载|四面八方|七上八下|千家万户|一次性|十年磨一剑"),
]
#: Boundaries of a clause (for subjects) and of a sentence.
CLAUSE_BOUNDARY = ",。;:!?、\n“”《》()"
SENTENCE_END = "。!?\n"

KINDS = ("claim", "date", "time", "cohort", "ordinal", "name", "slogan", "code", "number")


# ---------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------

@dataclass
class _Span:
    start: int
    end: int


def _overlaps(start: int, end: int, taken: list[_Span]) -> bool:
    return any(start < s.end and s.start < end for s in taken)


def _value_of(number: str) -> float:
    """Value of one number as written (Arabic or Chinese, no multiplier)."""
    if re.fullmatch(ARABIC_NUMBER, number):
        return parse_arabic(number)
    return parse_chinese_numeral(number)


def _is_chinese(number: str) -> bool:
    return not re.search(r"\d", number)


def _quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of short quotations (slogans) and book titles."""
    spans = []
    for m in re.finditer(r"“([^“”\n]{1,40})”|‘([^‘’\n]{1,40})’", text):
        inner = m.group(1) or m.group(2)
        if len(inner) <= 14 and not re.search(r"[,。;:!?]", inner):
            spans.append((m.start(), m.end(), "slogan"))
    for m in re.finditer(r"《[^《》\n]{1,60}》", text):
        spans.append((m.start(), m.end(), "name"))
    return spans


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in SENTENCE_END:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1  # keep the full stop
    # A closing quotation mark right after the full stop belongs to the sentence.
    while end < len(text) and text[end] in "”’":
        end += 1
    while start < end and text[start] in " \t":
        start += 1
    return start, end


def extract_mentions(text: str) -> list[dict]:
    """Return every numeric mention in ``text``, each classified by ``kind``.

    Kinds: ``claim`` (a quantity the text asserts), ``date``, ``time``,
    ``cohort`` (60后, 2020届), ``ordinal`` (第九个…, used as a name), ``name``
    (十五五, numbers inside 《titles》), ``slogan`` (numbers in short quotations
    such as “五个先行”), ``code`` (phones, licences, product codes) and
    ``number`` (a bare number no rule explains).  ``text`` should be
    NFKC-normalised, as ``czlib.articles`` does.  Each dict has ``raw``,
    ``start``, ``end`` (``text[start:end] == raw``) and ``kind``; claims carry
    the fields described in the module docstring, dates those of
    :func:`parse_date_mention`.  Sorted by start offset.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_mentions needs a str, got {type(text).__name__}")
    taken: list[_Span] = []
    mentions: list[dict] = []

    def add(start: int, end: int, kind: str, **fields) -> None:
        taken.append(_Span(start, end))
        mentions.append({"raw": text[start:end], "start": start, "end": end, "kind": kind, **fields})

    # 1. Codes, identifiers and fixed names: never quantities.
    for pattern in CODE_RES:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken) and re.search(r"\d", m.group()):
                add(m.start(), m.end(), "code")
    for pattern in NAME_RES:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken):
                add(m.start(), m.end(), "name")
    # 2. Dates, times, cohorts, ordinals.
    for m in DATE_RE.finditer(text):
        if not m.group().strip() or _overlaps(m.start(), m.end(), taken):
            continue
        if not (m.group("iso") or m.group("year") or m.group("month") or m.group("rel")):
            continue
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        add(start, m.end(), "date", **parse_date_mention(text[start:m.end()]))
    for pattern, kind in ((TIME_RE, "time"), (COHORT_RE, "cohort")):
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), taken):
                add(m.start(), m.end(), kind)
    for m in ORDINAL_RE.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
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
    for m in re.finditer(ARABIC_NUMBER, text):
        if not _overlaps(m.start(), m.end(), taken):
            add(m.start(), m.end(), "number")

    # Numbers inside slogans and titles are names, except N大X labels (“12大基地”),
    # which assert a count.
    for q_start, q_end, q_kind in _quoted_spans(text):
        for mention in mentions:
            if mention["start"] >= q_start and mention["end"] <= q_end and mention["kind"] in ("claim", "number"):
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
        for internal in ("clause_before", "number", "distant_hedge"):
            mention.pop(internal, None)
    return mentions


def extract_quantities(text: str) -> list[dict]:
    """Return the quantitative claims in ``text`` (see the module docstring).

    Each dict has raw, start, end, value, value_max, unit, measure, qualifier,
    hedge, category, subject, sentence and sentence_start; dates, codes,
    ordinals used as names and other non-claims are left out (use
    :func:`extract_mentions` to see them).
    """
    return [_public_claim(m) for m in extract_mentions(text) if m["kind"] == "claim"]


CLAIM_FIELDS = ("raw", "start", "end", "value", "value_max", "unit", "measure", "qualifier",
                "hedge", "category", "subject", "sentence", "sentence_start")


def _public_claim(mention: dict) -> dict:
    return {key: mention.get(key) for key in CLAIM_FIELDS}


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
    if unit == "大" and not re.match(r"[\u4e00-\u9fff]", following or " "):
        return False
    return True


def _find_quantities(text: str, taken: list[_Span]) -> Iterable[tuple[int, int, dict]]:
    found: list[tuple[int, int, dict]] = []

    def claim_ok(start: int, end: int) -> bool:
        return not _overlaps(start, end, taken) and not any(start < e and s < end for s, e, _ in found)

    # Percent words, fractions and scale labels first: they contain numerals
    # the generic pattern would misread.
    for m in PERCENT_WORDS_RE.finditer(text):
        try:
            value = _value_of(m.group("n"))
            if m.group("dec"):
                value = float(f"{value}.{''.join(str(parse_chinese_numeral(c)) for c in m.group('dec'))}")
        except NumeralError:
            continue
        if claim_ok(m.start(), m.end()):
            found.append((m.start(), m.end(), _quantity_fields(_tidy(value), None, "%", "%", [], "")))
    for regex in (CN_FRACTION_RE, ARABIC_FRACTION_RE):
        for m in regex.finditer(text):
            try:
                num, den = _value_of(m.group("num")), _value_of(m.group("den"))
            except NumeralError:
                continue
            if den == 0 or num >= den or not claim_ok(m.start(), m.end()):
                continue
            found.append((m.start(), m.end(),
                          _quantity_fields(_tidy(100 * num / den), None, "%", m.group(), [], "")))
    for m in SCALE_RE.finditer(text):
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

    # Hedges before the number extend the span leftwards.
    result = []
    for start, end, fields in sorted(found, key=lambda t: t[0]):
        start, fields = _attach_pre_hedge(text, start, fields, taken)
        result.append((start, end, fields))
    return result


def _parse_quantity_match(text: str, m: re.Match) -> tuple[int, dict] | None:
    n1, n2 = m.group("n1"), m.group("n2")
    unit_written = m.group("unit")
    chinese = _is_chinese(n1)
    if not _unit_allowed(text, m.end("unit"), unit_written, chinese):
        return None
    hedges: list[tuple[str, str]] = []
    mult1 = multiplier_value(m.group("mult1") or "")
    mult = multiplier_value(m.group("mult") or "")
    try:
        if re.fullmatch(VAGUE, n1):
            if n2:
                return None
            low, high = parse_vague_numeral(n1)
            measure = (m.group("mult") or "") + unit_written
            fields = _quantity_fields(_tidy(low * mult), _tidy(high * mult), unit_written, measure,
                                      [(n1[0] if n1 != "十几" else "几", "range")], n1)
            return _attach_post_hedge(text, m.end(), fields)
        v1 = _value_of(n1)
        v2 = _value_of(n2) if n2 else None
    except NumeralError:
        return None
    if chinese and v1 == 1 and not m.group("mult") and not n2 and not re.search("[万亿千百十]", n1):
        return None  # 一位女孩, 一个个: the article "a", not a count
    if chinese and len(n1) == 2 and all(c in CN_DIGIT for c in n1) and "两" not in n1:
        # 三四个 = "three or four": adjacent digits are a range, not 34.
        a, b = (parse_chinese_numeral(c) for c in n1)
        if b == a + 1:
            v1, v2 = a, b
        else:
            return None
    for group in ("mid1", "mid2", "mid3"):
        if m.group(group):
            hedges.append((m.group(group), MID_HEDGES[m.group(group)]))
    if m.group("unit1") and m.group("unit1") != unit_written:
        return None
    if v2 is not None:
        if m.group("mult1"):
            low, high = v1 * mult1, v2 * mult
        elif v1 * mult <= v2 * mult and v1 <= v2:
            low, high = v1 * mult, v2 * mult          # 5—10万元: 万 applies to both ends
        else:
            low, high = v1, v2 * mult                 # 8000—1万元
        if low >= high:
            return None
        value, value_max = _tidy(low), _tidy(high)
        hedges.insert(0, (m.group("sep"), "range"))
    else:
        value, value_max = _tidy(v1 * (mult1 if m.group("mult1") else mult)), None
    measure = (m.group("mult") or m.group("mult1") or "") + unit_written
    fields = _quantity_fields(value, value_max, unit_written, measure, hedges, n1)
    return _attach_post_hedge(text, m.end(), fields)


def _quantity_fields(value, value_max, unit_written: str, measure: str,
                     hedges: list[tuple[str, str]], number: str) -> dict:
    base_unit, category = UNITS.get(unit_written, (unit_written, "count"))
    return {"value": value, "value_max": value_max, "unit": base_unit, "measure": measure,
            "category": category, "hedges": list(hedges), "number": number}


def _attach_post_hedge(text: str, end: int, fields: dict) -> tuple[int, dict]:
    m = re.match(rf"{SP}(以上|以下|以内|之内|左右|上下|内)", text[end:end + 6])
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
            end += m.end()
    return end, fields


def _attach_pre_hedge(text: str, start: int, fields: dict, taken: list[_Span]) -> tuple[int, dict]:
    before = text[max(0, start - 6):start]
    words = "|".join(sorted(PRE_HEDGES, key=len, reverse=True))
    m = re.search(rf"(?:{words}){SP}$", before)
    if m:
        word = m.group().strip()
        abs_start = start - (len(before) - m.start())
        preceding = text[abs_start - 1:abs_start] if abs_start > 0 else ""
        blocked = (
            (word == "近" and preceding in "最附将接靠")
            or (word == "约" and preceding in "签节合制邀预公条契特")
            or (word == "超" and preceding in "赶")
            or _overlaps(abs_start, start, taken)
        )
        # 近3年 = "the past three years": a time frame, not a hedge.
        if word == "近" and fields["category"] == "duration":
            blocked = True
        if not blocked:
            fields["hedges"].insert(0, (word, PRE_HEDGES[word]))
            return abs_start, fields
    if fields["unit"] == "%":
        # 不到甘肃定西市的1/10: the hedge governs the share across a noun phrase.
        far = re.search(r"(不到|不足|超过|近|约)[^,。;:!?\n、\d]{1,12}的" + SP + "$",
                        text[max(0, start - 16):start])
        if far:
            fields["hedges"].insert(0, (far.group(1), DISTANT_HEDGES[far.group(1)]))
            fields["distant_hedge"] = True
    return start, fields


def _classify_ordinal(text: str, m: re.Match) -> dict | None:
    """Fields of a ranking or counting ordinal, or None for an ordinal used as a name."""
    try:
        value = _value_of(m.group("n"))
    except NumeralError:
        return None
    measure = m.group("measure") or ""
    before = text[max(0, m.start() - 8):m.start()]
    if re.search(r"(位列|排名|排行|名列|位居|居|列|排)[^,。;]{0,6}$", before) and measure in ("", "位", "名"):
        fields = _quantity_fields(_tidy(value), None, "位", measure, [], m.group("n"))
        fields.update(unit="rank", category="ranking")
        return fields
    if measure in ("个", "家", "所", "项", "批") and value > 1:
        after = text[m.end():m.end() + 14]
        phrase = re.split(r"[,。;:!?、\n]", after, maxsplit=1)[0]
        if phrase and re.match(r"[\u4e00-\u9fff]", phrase) and not re.search(r"[“《]", phrase) \
                and not re.search(r"(日|节|月|会|届|周年)$", phrase):
            fields = _quantity_fields(_tidy(value), None, measure, measure, [], m.group("n"))
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
    s_start, s_end = _sentence_bounds(text, start)
    hedges = mention.pop("hedges", [])
    subject = _subject(text, start, end, mention, floor)
    category = mention["category"]
    clause_before = _clause_before(text, start, floor)
    if mention["unit"] == "%":
        tail = clause_before[-6:]
        if any(v in tail for v in CHANGE_VERBS) and not re.search(r"(到|至)" + SP + "$", tail):
            category = "change"
        else:
            category = "share"
    return {
        "value": mention["value"],
        "value_max": mention["value_max"],
        "qualifier": _qualifier(hedges),
        "hedge": "+".join(w for w, _ in hedges if w not in "-—–~至到"),
        "category": category,
        "subject": subject,
        "clause_before": clause_before,
        "sentence": text[s_start:s_end],
        "sentence_start": s_start,
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


def _clause_before(text: str, start: int, floor: int = 0) -> str:
    """Text from the last clause boundary (or the end of the previous numeric
    mention, ``floor``) up to ``start``."""
    i = start
    while i > floor and text[i - 1] not in CLAUSE_BOUNDARY:
        i -= 1
    return text[i:start]


@lru_cache(maxsize=4096)
def _tag(fragment: str) -> tuple[tuple[str, str], ...]:
    """POS-tag a clause with jieba's own dictionary only (czlib.segment, userdict=False).

    The corpus user dictionary is left out on purpose, so that curating names for
    the actors does not change which noun phrase a number counts.
    """
    from .segment import tokenize

    return tuple((t.word, t.pos) for t in tokenize(fragment, userdict=False))


#: POS tags that may sit inside a noun phrase.
NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "vn", "an", "j", "l", "eng", "s", "b")
#: Verbs jieba tags as verbs that also form compound nouns (种植基地, 技术需求, 研发平台).
NOUNY_WORDS = {
    "需求", "合同", "活动", "成果", "项目", "投资", "服务", "研发", "开发", "转让", "咨询", "培训",
    "种植", "栽培", "交易", "消毒", "建设", "转化", "合作", "检测", "生产", "管理", "创新", "降解",
    "实训", "就业", "创业", "展陈", "参观", "驻华", "教育", "在读", "派驻", "组织", "审批", "亩",
    "包裹", "再生", "实习", "知名", "袋",
}
#: Tokens jieba sometimes tags as nouns that never head a counted noun phrase.
NEVER_NOUN = {"共", "其中", "等", "各", "每", "约", "近", "超", "达", "逾", "余", "多", "以上", "左右",
              "以及", "其", "该", "这", "此", "均", "全部", "分别", "全力", "提质"}
#: Words skipped between a subject and the number that follows it (交易额达 50527.94万元).
LINK_WORDS = {
    "达", "达到", "为", "是", "共", "共计", "累计", "总计", "合计", "在", "有", "约", "增加", "增加到",
    "提高", "提高到", "提升", "提升到", "降至", "增至", "压缩", "压缩至", "压减", "降低", "减少",
    "增长", "至", "到", "由", "从", "占", "占到", "突破", "仅", "只有", "就", "都", "已", "将", "超",
    "高达", "多达", "已有", "拥有", "的", "了", "保持", "保持在", "连续", "多年", "实现", "近", " ",
}


def _noun_phrase(tokens: list[tuple[str, str]], direction: int) -> str:
    """Longest run of noun-like tokens, read from the number outwards."""
    picked: list[str] = []
    seq = tokens if direction > 0 else list(reversed(tokens))
    for i, (word, tag) in enumerate(seq):
        nounish = (tag in NOUN_TAGS or word in NOUNY_WORDS) and word not in NEVER_NOUN
        if direction > 0 and word not in NOUNY_WORDS:
            following = seq[i + 1] if i + 1 < len(seq) else None
            if tag in ("l", "i", "nz") and len(word) == 4 and picked:
                nounish = False  # 代表齐聚一堂: an idiom after the head noun ends the phrase
            if tag == "vn" and not (following and (following[1] in NOUN_TAGS or following[0] in NOUNY_WORDS)):
                nounish = False  # 24个小时运转: a verbal noun alone after the number is the verb
        if not nounish and tag in ("a", "c", "t") and word not in ("但", "而", "并", "或"):
            # Adjectives and 和/与 stay only between two noun-like tokens.
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            prev_ok = bool(picked)
            next_ok = nxt is not None and (nxt[1] in NOUN_TAGS or nxt[0] in NOUNY_WORDS)
            if direction > 0:
                nounish = next_ok and (tag in ("a", "t") or prev_ok)
            else:
                nounish = prev_ok and next_ok
        if not nounish:
            break
        picked.append(word)
    if direction < 0:
        picked.reverse()
    phrase = "".join(picked).strip()
    return phrase


def _subject(text: str, start: int, end: int, mention: dict, floor: int = 0) -> str:
    """What the number counts: the noun phrase after it, else the one before it."""
    after = text[end:end + 24]
    after = re.split(r"[,。;:!?、\n()《》]", after, maxsplit=1)[0]
    if after.startswith(("“", "的“")):
        # 规模超30家的“研究院联盟”: the quoted name is what is counted.
        quoted = re.match(r"的?“([^”]{1,20})”", text[end:end + 26])
        if quoted:
            return quoted.group(1)
    after = after.lstrip()
    if after and not after.startswith("的"):
        forward = _noun_phrase(list(_tag(after)), +1)
        if forward:
            return forward
    clause = _clause_before(text, start, floor)
    tokens = list(_tag(clause[-24:])) if clause else []
    skipped: list[str] = []
    while tokens and (tokens[-1][0] in LINK_WORDS or tokens[-1][0].strip() == ""):
        skipped.append(tokens.pop()[0])
    backward = _noun_phrase(tokens, -1)
    if backward:
        # 占全省的90%: the share is "of the province".
        rest = "".join(w for w, _ in tokens)[: -len(backward)]
        if mention.get("unit") == "%" and re.search(r"占(到|据)?$", rest):
            return "占" + backward
        return backward
    if clause:
        return _noun_phrase(list(_tag(clause.lstrip()[:16])), +1)
    return ""


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


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

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
    month = _value_of(m.group("month")) if m.group("month") else None
    day = int(m.group("day")) if m.group("day") else None
    season = (m.group("season") or "").strip()
    precision = "day" if day else "month" if month else "season" if season else "year"
    return {"year": year, "month": month, "day": day, "relative": m.group("rel") or "",
            "part": (m.group("part") or season), "precision": precision}


def resolve_date(mention: dict, document_date: str | None) -> str:
    """ISO date ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD') of a date mention, or ''.

    Relative years (今年, 去年) and month–day dates without a year take the
    year from ``document_date`` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'); a month
    later than the document's month is read as last year (an article of
    January 2026 that says 12月 means December 2025).
    """
    doc_year = doc_month = None
    if isinstance(document_date, str) and re.match(r"\d{4}", document_date):
        doc_year = int(document_date[:4])
        if re.match(r"\d{4}-\d{2}", document_date):
            doc_month = int(document_date[5:7])
    year = mention.get("year")
    if year is None:
        if doc_year is None:
            return ""
        rel = mention.get("relative") or ""
        year = doc_year + RELATIVE_YEARS.get(rel, 0)
        month = mention.get("month")
        if not rel and month and doc_month and month > doc_month + 1:
            year -= 1
    parts = [f"{year:04d}"]
    if mention.get("month"):
        parts.append(f"{mention['month']:02d}")
        if mention.get("day"):
            parts.append(f"{mention['day']:02d}")
    return "-".join(parts)


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

CLAIM_COLUMNS = [
    "claim_id", "doc_id", "article_id", "raw", "value", "value_max", "unit", "measure",
    "qualifier", "hedge", "category", "subject", "start", "end", "sentence_start", "sentence",
]
DATE_COLUMNS = [
    "doc_id", "article_id", "raw", "start", "end", "year", "month", "day", "relative", "part",
    "precision", "resolved", "sentence",
]
MENTION_COLUMNS = ["doc_id", "article_id", "kind", "raw", "start", "end", "sentence"]


def _check_articles(articles: pd.DataFrame, need: Iterable[str]) -> None:
    missing = [c for c in need if c not in articles.columns]
    if missing:
        raise ValueError(f"articles table lacks column(s) {missing}; it has {list(articles.columns)}")
    for row in articles.itertuples(index=False):
        if not isinstance(row.text, str):
            raise ValueError(f"article {row.article_id!r} of {row.doc_id!r}: text is not a string ({row.text!r})")


def _normalised(text: str, article_id) -> str:
    if unicodedata.normalize("NFKC", text) != text:
        raise ValueError(
            f"article {article_id!r}: text is not NFKC-normalised; offsets would not index the table's text"
        )
    return text


def _article_mentions(articles: pd.DataFrame) -> Iterable[tuple[object, dict]]:
    _check_articles(articles, ("doc_id", "article_id", "text"))
    for row in articles.itertuples(index=False):
        text = _normalised(row.text, row.article_id)
        for mention in extract_mentions(text):
            yield row, mention


def claims_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per quantitative claim in the articles table.

    Columns: claim_id (``<article_id>@<start>``), doc_id, article_id, raw, value, value_max, unit, measure, qualifier, hedge,
    category, subject, start, end, sentence_start, sentence.  ``start``/``end``
    index the article's ``text``.  Rows are sorted by doc_id, article_id, start.
    """
    rows = []
    for row, m in _article_mentions(articles):
        if m["kind"] != "claim":
            continue
        rows.append({
            "claim_id": f"{row.article_id}@{m['start']}", "doc_id": row.doc_id, "article_id": row.article_id,
            **{k: m.get(k) for k in CLAIM_COLUMNS if k not in ("claim_id", "doc_id", "article_id")},
        })
    table = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    table["value"] = table["value"].astype(float)
    table["value_max"] = table["value_max"].astype(float)
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


def dates_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per date mention, resolved against the article's date.

    Columns: doc_id, article_id, raw, start, end, year, month, day (None when
    not written), relative (今年/去年/…), part (初, 下旬, 秋天 …), precision
    (year, season, month, day), resolved (ISO 'YYYY[-MM[-DD]]', '' when the
    article has no date to resolve against), sentence.
    """
    rows = []
    has_date = "date" in articles.columns
    for row, m in _article_mentions(articles):
        if m["kind"] != "date":
            continue
        doc_date = getattr(row, "date") if has_date else None
        s_start, s_end = _sentence_bounds(row.text, m["start"])
        rows.append({
            "doc_id": row.doc_id, "article_id": row.article_id, "raw": m["raw"], "start": m["start"],
            "end": m["end"], "year": m["year"], "month": m["month"], "day": m["day"],
            "relative": m["relative"], "part": m["part"], "precision": m["precision"],
            "resolved": resolve_date(m, doc_date if isinstance(doc_date, str) else None),
            "sentence": row.text[s_start:s_end],
        })
    table = pd.DataFrame(rows, columns=DATE_COLUMNS)
    for col in ("year", "month", "day"):
        table[col] = table[col].astype("Int64")
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


def mentions_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Return every numeric mention with its kind, to show what was set apart.

    Columns: doc_id, article_id, kind, raw, start, end, sentence.
    """
    rows = []
    for row, m in _article_mentions(articles):
        s_start, s_end = _sentence_bounds(row.text, m["start"])
        rows.append({"doc_id": row.doc_id, "article_id": row.article_id, "kind": m["kind"],
                     "raw": m["raw"], "start": m["start"], "end": m["end"],
                     "sentence": row.text[s_start:s_end]})
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Consistency checks
# ---------------------------------------------------------------------------

#: Units that count the same kind of thing, so parts in one may add up to a total in another.
PEOPLE_UNITS = {"人", "名", "位"}
COUNT_UNITS = {"个", "大"}


def _compatible(unit_a: str, unit_b: str) -> bool:
    return (unit_a == unit_b or (unit_a in PEOPLE_UNITS and unit_b in PEOPLE_UNITS)
            or (unit_a in COUNT_UNITS and unit_b in COUNT_UNITS))


def _fmt(value: float) -> str:
    return f"{value:,.10g}"


SUM_COLUMNS = ["doc_id", "article_id", "rule", "total_raw", "total_value", "unit", "parts_raw", "n_parts",
               "parts_sum", "difference", "status", "note", "sentence"]


def _sum_status(total: pd.Series, parts: list[pd.Series], exhaustive: bool) -> tuple[str, float]:
    parts_sum = _tidy(sum(float(p["value"]) for p in parts))
    difference = _tidy(float(total["value"]) - parts_sum)
    hedged = total["qualifier"] != "exact" or any(p["qualifier"] != "exact" for p in parts)
    if exhaustive and len(parts) >= 2:
        if difference == 0:
            return ("adds_up" if not hedged else "adds_up_within_hedges"), parts_sum
        if hedged and total["qualifier"] in ("more_than", "at_least", "approx") and difference > 0:
            return "adds_up_within_hedges", parts_sum
        return "does_not_add_up", parts_sum
    upper = float(total["value_max"]) if pd.notna(total["value_max"]) else float(total["value"])
    if total["qualifier"] in ("more_than", "at_least", "approx"):
        upper = float("inf")
    return ("within_total" if parts_sum <= upper else "exceeds_total"), parts_sum


def check_sums(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per place where stated parts should add up to a stated total.

    Three rules, applied within an article:

    * ``其中`` (of which): parts after 其中 against the last claim in the same
      unit before it, in the same or the previous sentence
      (引进北京市科技成果82项 … 其中 30 + 38 + 3 + 11 项);
    * ``共`` (in all): a list of parts ending in 共/共计/合计/总计 against the
      first later claim in a compatible unit (3位…、2位…、6位…等共…500余名代表);
    * ``list``: a 、-separated list of claims in one unit with no stated total,
      checked against any claim of that value in the same or the next sentence
      (3个…、2个…、5个…、2个…基地 → “12大基地”).

    Columns: doc_id, article_id, rule, total_raw, total_value, unit, parts_raw,
    n_parts, parts_sum, difference (total − parts), status (adds_up,
    adds_up_within_hedges, does_not_add_up, within_total, exceeds_total,
    no_stated_total), note, sentence.
    """
    rows: list[dict] = []
    if claims.empty:
        return pd.DataFrame(columns=SUM_COLUMNS)
    for article_id, group in claims.groupby("article_id", sort=True):
        group = group.sort_values("start")
        sentences = list(dict.fromkeys(zip(group["sentence_start"], group["sentence"])))
        used: set[str] = set()
        for i, (s_start, sentence) in enumerate(sentences):
            in_sentence = group[group["sentence_start"] == s_start]
            # Rule 1: 其中
            marker = sentence.find("其中")
            if marker >= 0:
                parts = in_sentence[in_sentence["start"] - s_start > marker]
                before = in_sentence[in_sentence["start"] - s_start < marker]
                if before.empty and i > 0:
                    before = group[group["sentence_start"] == sentences[i - 1][0]]
                for unit in dict.fromkeys(parts["unit"]):
                    unit_parts = [p for _, p in parts.iterrows() if p["unit"] == unit]
                    totals = [t for _, t in before.iterrows() if _compatible(t["unit"], unit)]
                    if not totals:
                        continue
                    total = totals[-1]
                    status, parts_sum = _sum_status(total, unit_parts, exhaustive=len(unit_parts) >= 2)
                    rows.append(_sum_row(total, unit_parts, "其中 (of which)", status, parts_sum, "", sentence))
                    used.update(p["claim_id"] for p in unit_parts)
                    used.add(total["claim_id"])
            # Rule 2: … 等共 N
            for _, total in in_sentence.iterrows():
                offset = total["start"] - s_start
                lead = sentence[max(0, offset - 3):offset]
                if not re.search(r"(共|共计|合计|总计)$", lead.rstrip()):
                    continue
                cut = offset - len(lead) + lead.rfind("共" if "共" in lead else lead.rstrip()[-2:])
                earlier = in_sentence[(in_sentence["start"] - s_start) < cut]
                later = in_sentence[(in_sentence["start"] - s_start) >= offset]
                if earlier.empty:
                    continue
                non_exhaustive = "等" in sentence[max(0, cut - 2):cut + 1]
                for _, candidate in later.iterrows():
                    parts = [p for _, p in earlier.iterrows() if _compatible(p["unit"], candidate["unit"])]
                    if not parts:
                        continue
                    left_out = [p["raw"] for _, p in earlier.iterrows() if p["claim_id"] not in
                                {q["claim_id"] for q in parts}]
                    note = ("list ends in 等 (etc.): not exhaustive" if non_exhaustive else "")
                    if left_out:
                        note = "; ".join(filter(None, [note, "not comparable: " + ", ".join(left_out)]))
                    status, parts_sum = _sum_status(candidate, parts, exhaustive=not non_exhaustive)
                    rows.append(_sum_row(candidate, parts, "共 (in all)", status, parts_sum, note, sentence))
                    used.update(p["claim_id"] for _, p in earlier.iterrows())
                    used.add(candidate["claim_id"])
                    break
            # Rule 3: 、-separated lists in one unit
            run: list[pd.Series] = []
            for _, claim in list(in_sentence.iterrows()) + [(None, None)]:
                if claim is not None and claim["claim_id"] not in used and run and claim["unit"] == run[-1]["unit"] \
                        and "、" in sentence[run[-1]["end"] - s_start:claim["start"] - s_start] \
                        and not re.search(r"[,;:]", sentence[run[-1]["end"] - s_start:claim["start"] - s_start]):
                    run.append(claim)
                    continue
                if len(run) >= 2:
                    rows.append(_list_row(run, group, sentences, i, sentence))
                run = [claim] if claim is not None and claim["claim_id"] not in used else []
    table = pd.DataFrame(rows, columns=SUM_COLUMNS)
    return table.sort_values(["doc_id", "article_id"], kind="stable").reset_index(drop=True)


def _sum_row(total: pd.Series, parts: list[pd.Series], rule: str, status: str, parts_sum: float,
             note: str, sentence: str) -> dict:
    return {
        "doc_id": total["doc_id"], "article_id": total["article_id"], "rule": rule,
        "total_raw": total["raw"], "total_value": total["value"], "unit": total["unit"],
        "parts_raw": " + ".join(p["raw"] for p in parts), "n_parts": len(parts), "parts_sum": parts_sum,
        "difference": _tidy(float(total["value"]) - parts_sum), "status": status, "note": note,
        "sentence": sentence,
    }


def _list_row(run: list[pd.Series], group: pd.DataFrame, sentences: list, i: int, sentence: str) -> dict:
    parts_sum = _tidy(sum(float(p["value"]) for p in run))
    nearby_starts = {sentences[i][0]} | ({sentences[i + 1][0]} if i + 1 < len(sentences) else set())
    run_ids = {p["claim_id"] for p in run}
    for _, candidate in group[group["sentence_start"].isin(nearby_starts)].iterrows():
        if candidate["claim_id"] in run_ids or candidate["start"] < run[-1]["end"]:
            continue
        if _compatible(candidate["unit"], run[0]["unit"]) and float(candidate["value"]) == parts_sum:
            row = _sum_row(candidate, run, "list", "adds_up", parts_sum,
                           "total stated nearby, not announced as a sum", sentence)
            return row
    first = run[0]
    return {
        "doc_id": first["doc_id"], "article_id": first["article_id"], "rule": "list", "total_raw": "",
        "total_value": None, "unit": first["unit"], "parts_raw": " + ".join(p["raw"] for p in run),
        "n_parts": len(run), "parts_sum": parts_sum, "difference": None, "status": "no_stated_total",
        "note": "", "sentence": sentence,
    }


SHARE_COLUMNS = ["claim_id", "doc_id", "article_id", "raw", "value", "value_max", "qualifier", "category",
                 "subject", "in_range", "status", "implied_whole", "implied_whole_unit",
                 "implied_whole_qualifier", "sentence"]
_IMPLIED_QUALIFIER = {"exact": "approx", "approx": "approx", "less_than": "more_than",
                      "more_than": "less_than", "at_least": "at_most", "at_most": "at_least", "range": "range"}


def check_shares(claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per percentage claim, checked for range and, where the
    sentence gives the part, the whole it implies.

    A share (占全省的90%, 透光率94%) must lie in 0–100; a decrease (压减85%)
    cannot exceed 100; an increase may.  When a share follows a figure in the
    same sentence (潞党参栽培面积3.59万亩,占全省的90%), the implied whole is
    part ÷ share (≈ 39,889 亩 for the province); a hedged share turns the
    whole's bound around (不到…的1/10 → the whole is more than 359,000 亩).
    Columns: claim_id, doc_id, article_id, raw, value, value_max, qualifier,
    category, subject, in_range, status, implied_whole, implied_whole_unit,
    implied_whole_qualifier, sentence.
    """
    rows = []
    if claims.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    for _, claim in claims[claims["unit"] == "%"].iterrows():
        value = float(claim["value"])
        high = float(claim["value_max"]) if pd.notna(claim["value_max"]) else value
        decrease = claim["category"] == "change" and any(
            v in claim["sentence"][max(0, claim["start"] - claim["sentence_start"] - 6):
                                   claim["start"] - claim["sentence_start"]] for v in DECREASE_VERBS)
        if claim["category"] == "share" or decrease:
            in_range = 0 <= value and high <= 100
        else:
            in_range = value >= 0
        whole = whole_unit = whole_q = None
        same = claims[(claims["article_id"] == claim["article_id"])
                      & (claims["sentence_start"] == claim["sentence_start"])
                      & (claims["start"] < claim["start"]) & (claims["unit"] != "%")]
        offset = claim["start"] - claim["sentence_start"]
        if claim["category"] == "share" and not same.empty and value > 0 and (
                str(claim["subject"]).startswith("占") or claim["sentence"][max(0, offset - 1):offset] == "的"):
            part = same.iloc[-1]
            whole = _tidy(float(part["value"]) * 100 / value)
            whole_unit = part["unit"]
            whole_q = _IMPLIED_QUALIFIER.get(claim["qualifier"], "approx")
        rows.append({
            "claim_id": claim["claim_id"], "doc_id": claim["doc_id"], "article_id": claim["article_id"],
            "raw": claim["raw"], "value": claim["value"], "value_max": claim["value_max"],
            "qualifier": claim["qualifier"], "category": claim["category"], "subject": claim["subject"],
            "in_range": bool(in_range), "status": "ok" if in_range else "out_of_range",
            "implied_whole": whole, "implied_whole_unit": whole_unit or "", "implied_whole_qualifier": whole_q or "",
            "sentence": claim["sentence"],
        })
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


REPEAT_COLUMNS = ["figure", "value", "value_max", "unit", "n_occurrences", "n_articles", "n_docs",
                  "same_subject", "claim_id", "doc_id", "article_id", "raw", "subject", "sentence"]


def repeated_figures(claims: pd.DataFrame, min_value: float = 10) -> pd.DataFrame:
    """Return the figures (value, range and unit) stated more than once.

    Small counts repeat by chance (3项, 5项), so figures below ``min_value``
    are left out.  A figure repeated with the same subject across articles is
    a talking point; with different subjects it may be two ways of counting
    one thing (10名专家 / 10名企业科技特派员).  One row per occurrence:
    figure, value, value_max, unit, n_occurrences, n_articles, n_docs,
    same_subject, claim_id, doc_id, article_id, raw, subject, sentence.
    Sorted by n_occurrences (descending), then value.
    """
    if claims.empty:
        return pd.DataFrame(columns=REPEAT_COLUMNS)
    table = claims[claims["value"].astype(float) >= min_value].copy()
    table["value_max_key"] = table["value_max"].astype(float).fillna(-1)
    keys = ["value", "value_max_key", "unit"]
    counts = table.groupby(keys, dropna=False)["claim_id"].transform("count")
    table = table[counts >= 2].copy()
    if table.empty:
        return pd.DataFrame(columns=REPEAT_COLUMNS)
    grouped = table.groupby(keys, dropna=False)
    table["n_occurrences"] = grouped["claim_id"].transform("count")
    table["n_articles"] = grouped["article_id"].transform("nunique")
    table["n_docs"] = grouped["doc_id"].transform("nunique")
    table["same_subject"] = grouped["subject"].transform("nunique") == 1
    table["figure"] = [
        (_fmt(v) + (f"–{_fmt(m)}" if pd.notna(m) else "") + f" {u}")
        for v, m, u in zip(table["value"], table["value_max"], table["unit"])
    ]
    table = table.sort_values(["n_occurrences", "value", "unit", "doc_id", "article_id", "start"],
                              ascending=[False, True, True, True, True, True], kind="stable")
    return table[REPEAT_COLUMNS].reset_index(drop=True)


ENUM_COLUMNS = ["doc_id", "article_id", "field", "label", "announced", "listed", "non_exhaustive", "status",
                "items", "context"]
_LABEL_NUMERAL = "两双三四五六七八九十"
#: Counting words whose small numbers may announce a list (三大产业, 10个领域, 三措并举).
ENUM_UNITS = {"大", "个", "项", "种", "类", "条", "家", "所", "位", "名"}


def _label_parts(content: str) -> list[tuple[int, str]]:
    """(number, item) pairs of a slogan label: 四梁八柱 → [(4, 梁), (8, 柱)]; [] if not a label."""
    if content.startswith("双向"):
        return []  # 双向奔赴 "two-way": an adverb, not a count
    pairs = re.findall(rf"([{_LABEL_NUMERAL}]+|\d+)([^{_LABEL_NUMERAL}\d一]+)", content)
    if not pairs or "".join(n + i for n, i in pairs) != content:
        return []
    result = []
    for number, item in pairs:
        if len(item) > 3 or re.search(r"(后|届|年|月|日)$", item):
            return []
        try:
            value = 2 if number == "双" else _value_of(number)
        except NumeralError:
            return []
        result.append((int(value), item))
    return result


def _list_before(text: str, pos: int) -> tuple[list[str], bool] | None:
    """Items of a 、-list that ends right before ``pos`` (聚焦A、B、C三大…), if any."""
    j = pos
    opened = j > 0 and text[j - 1] == "“"
    if opened:
        j -= 1
    stripped = ""
    while j > 0 and text[j - 1] in "的等共 ":
        stripped += text[j - 1]
        j -= 1
    if opened and not stripped and not (j > 0 and text[j - 1] == "”"):
        return None  # 建设“12大基地”: a quotation opened after a verb, not a list
    non_exhaustive = "等" in stripped
    if j > 0 and text[j - 1] == "”":
        k = text.rfind("“", 0, j - 1)
        inner = text[k + 1:j - 1] if k >= 0 else ""
    else:
        k = j
        while k > 0 and text[k - 1] not in ",。;:!?\n“”《》":
            k -= 1
        inner = text[k:j]
    items = [item.strip() for item in inner.split("、") if item.strip()]
    if any(re.search(r"\d", item) for item in items):
        return None  # a list of figures is a sum, checked by check_sums
    if len(items) >= 2 or (non_exhaustive and len(items) == 1):
        return items, non_exhaustive
    return None


def _list_after(text: str, end: int) -> tuple[list[str], bool] | None:
    """Items of a list announced right after a label: “四梁”:A、B、C、D;"""
    m = re.match(r"”?\s*(?::|,?即)\s*", text[end:end + 6])
    if not m:
        return None
    start = end + m.end()
    stop = start
    while stop < len(text) and text[stop] not in ";。\n“":
        stop += 1
    items = [item.strip() for item in text[start:stop].split("、") if item.strip()]
    if len(items) >= 2 and not any(re.search(r"\d", item) for item in items):
        return items, False
    return None


def _enum_status(announced: int, listed: int | None, non_exhaustive: bool) -> str:
    if listed is None:
        return "not_enumerated"
    if listed == announced:
        return "matches"
    if non_exhaustive and listed < announced:
        return "partial"
    return "mismatch"


def check_enumerations(articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per number that announces a list, with the list it announces.

    Labels are small counts that name a set (聚焦新材料、节能环保、生物医药三大战略性
    新兴产业; “转化、链接、集聚”三措并举; 项目涉及…等10个领域) and slogans made of
    numbers (“四梁八柱” = four beams and eight pillars, “双联双引”).  The list is
    read right before the label, or after it when a colon or 即 follows
    (“四梁”:A、B、C、D).  A compound slogan matches when each of its parts is
    enumerated elsewhere in the article.  Columns: doc_id, article_id, field
    (text or title), label, announced, listed, non_exhaustive (the list ends in
    等), status (matches, mismatch, partial, not_enumerated), items (joined by
    " | "), context (the sentence).
    """
    _check_articles(articles, ("doc_id", "article_id", "text"))
    rows: list[dict] = []
    fields = [f for f in ("title", "text") if f in articles.columns]
    for article in articles.itertuples(index=False):
        article_rows: list[dict] = []
        compounds: list[dict] = []
        for field in fields:
            text = getattr(article, field)
            if not isinstance(text, str) or not text:
                continue
            text = _normalised(text, article.article_id)
            labels: list[tuple[int, int, str, int, bool, list]] = []  # start, end, label, announced, quoted, parts
            for m in re.finditer(r"“([^“”\n]{2,8})”", text):
                parts = _label_parts(m.group(1))
                if parts:
                    labels.append((m.start(), m.end(), m.group(1), sum(n for n, _ in parts), True, parts))
            quoted_spans = [(s, e) for s, e, *_ in labels]
            for m in re.finditer(rf"([{_LABEL_NUMERAL}]|\d+)措", text):
                labels.append((m.start(), m.end(), m.group(), int(_value_of(m.group(1))), False, []))
            for mention in extract_mentions(text):
                if mention["kind"] != "claim" or mention.get("measure") not in ENUM_UNITS:
                    continue
                if mention["qualifier"] != "exact" or not 2 <= float(mention["value"]) <= 30:
                    continue
                if any(s <= mention["start"] and mention["end"] <= e for s, e in quoted_spans):
                    continue
                labels.append((mention["start"], mention["end"], mention["raw"], int(mention["value"]), False, []))
            for start, end, label, announced, quoted, parts in sorted(labels, key=lambda t: t[0]):
                found = _list_after(text, end) if quoted else None
                found = found or _list_before(text, start + 1 if quoted else start)
                if found is None and not quoted and not label.endswith("大"):
                    continue
                items, non_exhaustive = found if found else ([], False)
                s_start, s_end = _sentence_bounds(text, start)
                row = {
                    "doc_id": article.doc_id, "article_id": article.article_id, "field": field,
                    "label": label, "announced": announced, "listed": len(items) if found else None,
                    "non_exhaustive": non_exhaustive,
                    "status": _enum_status(announced, len(items) if found else None, non_exhaustive),
                    "items": " | ".join(items), "context": text[s_start:s_end],
                }
                article_rows.append(row)
                if quoted and len(parts) >= 2 and found is None:
                    compounds.append({"row": row, "parts": parts})
        # A compound slogan (四梁八柱) is enumerated when each part (四梁, 八柱) is.
        by_label = {r["label"]: r for r in article_rows if r["listed"] is not None}
        for compound in compounds:
            sub = [by_label.get(f"{_chinese_label_number(n, compound['row']['label'], item)}{item}")
                   for n, item in compound["parts"]]
            if all(sub):
                row = compound["row"]
                row["listed"] = sum(r["listed"] for r in sub)
                row["status"] = ("matches" if all(r["status"] == "matches" for r in sub) else "mismatch")
                row["items"] = " || ".join(f"{r['label']}: {r['items']}" for r in sub)
        rows.extend(article_rows)
    table = pd.DataFrame(rows, columns=ENUM_COLUMNS)
    table["listed"] = table["listed"].astype("Int64")
    return table.reset_index(drop=True)


def _chinese_label_number(number: int, label: str, item: str) -> str:
    """The numeral as written in ``label`` before ``item`` (四 in 四梁八柱)."""
    m = re.search(rf"([{_LABEL_NUMERAL}]+|\d+){re.escape(item)}", label)
    return m.group(1) if m else str(number)
