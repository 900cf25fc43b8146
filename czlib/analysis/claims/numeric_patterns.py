"""The vocabulary and regular expressions of numeric mentions: units, multipliers, hedges, dates, codes.

Shared by the quantity extractor (:mod:`czlib.analysis.claims.quantities`) and the
consistency checks; plain data and compiled patterns, no logic.
"""
from __future__ import annotations

import re

from ...text.numerals import (
    ARABIC_NUMBER,
    MULTIPLIERS,
)

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

#: Measure words and units: written form → (base unit, category).  Longest
#: forms are tried first, so 个百分点 wins over 个 and 平方米 over 米.  Latin-letter
#: units are matched case-sensitively and only when no letter or digit follows
#: (13.49MW, 2.5kg, 500g; 110kV and 5G stay codes).  Text is NFKC-normalised, so
#: km² arrives as km2 and ㎡ as m2.
UNITS: dict[str, tuple[str, str]] = {
    # money
    "元": ("元", "money"), "美元": ("美元", "money"), "欧元": ("欧元", "money"),
    # area
    "平方公里": ("平方公里", "area"), "平方千米": ("平方公里", "area"), "平方米": ("平方米", "area"),
    "亩": ("亩", "area"), "公顷": ("公顷", "area"),
    "km2": ("平方公里", "area"), "km²": ("平方公里", "area"), "hm2": ("公顷", "area"), "hm²": ("公顷", "area"),
    "m2": ("平方米", "area"), "m²": ("平方米", "area"),
    # mass and volume: what plants produce
    "吨": ("吨", "output"), "公斤": ("公斤", "output"), "千克": ("公斤", "output"), "kg": ("公斤", "output"),
    "克": ("克", "output"), "g": ("克", "output"), "斤": ("斤", "output"),
    "立方米": ("立方米", "output"),
    # power (capacity) and energy (electricity)
    "千瓦": ("千瓦", "power"), "kW": ("千瓦", "power"), "兆瓦": ("兆瓦", "power"), "MW": ("兆瓦", "power"),
    "吉瓦": ("吉瓦", "power"), "GW": ("吉瓦", "power"),
    "千瓦时": ("千瓦时", "energy"), "kWh": ("千瓦时", "energy"), "度": ("千瓦时", "energy"),
    "兆瓦时": ("兆瓦时", "energy"), "MWh": ("兆瓦时", "energy"),
    # length
    "公里": ("公里", "length"), "千米": ("公里", "length"), "km": ("公里", "length"), "毫米": ("毫米", "length"),
    "mm": ("毫米", "length"), "厘米": ("厘米", "length"), "cm": ("厘米", "length"), "纳米": ("纳米", "length"),
    "米": ("米", "length"), "m": ("米", "length"),
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
    # counts of things (头/只/羽: livestock and poultry; 棵/株: trees and plants)
    "项": ("项", "count"), "件(套)": ("件(套)", "count"), "台(套)": ("台(套)", "count"),
    "台套": ("台(套)", "count"), "件": ("件", "count"), "套": ("套", "count"), "台": ("台", "count"),
    "场": ("场", "count"), "批次": ("批次", "count"), "批": ("批", "count"), "次": ("次", "count"),
    "种": ("种", "count"), "条": ("条", "count"), "个": ("个", "count"), "座": ("座", "count"),
    "处": ("处", "count"), "篇": ("篇", "count"), "部": ("部", "count"), "株": ("株", "count"),
    "户": ("户", "count"), "辆": ("辆", "count"), "类": ("类", "count"), "款": ("款", "count"),
    "支": ("支", "count"), "间": ("间", "count"), "栋": ("栋", "count"), "大": ("大", "count"),
    "头": ("头", "count"), "只": ("只", "count"), "羽": ("羽", "count"), "棵": ("棵", "count"),
}

#: Standard conversions: base unit → (standard unit, factor).  ``std_value`` of a
#: claim is its value times the factor, so figures written in different units of
#: one quantity compare (20公顷 = 200000平方米, 0.5兆瓦 = 500千瓦, 2千斤 = 1000公斤).
#: 1 亩 = 10000/15 平方米, 1 斤 = 0.5 公斤, 1 度 = 1 千瓦时 (by definition).
STANDARD_UNITS: dict[str, tuple[str, float]] = {
    "平方公里": ("平方米", 1e6), "公顷": ("平方米", 1e4), "亩": ("平方米", 10000 / 15), "平方米": ("平方米", 1),
    "吨": ("公斤", 1000), "公斤": ("公斤", 1), "克": ("公斤", 0.001), "斤": ("公斤", 0.5),
    "千瓦": ("千瓦", 1), "兆瓦": ("千瓦", 1e3), "吉瓦": ("千瓦", 1e6),
    "千瓦时": ("千瓦时", 1), "兆瓦时": ("千瓦时", 1e3),
    "公里": ("米", 1000), "米": ("米", 1), "厘米": ("米", 0.01), "毫米": ("米", 0.001), "纳米": ("米", 1e-9),
}

#: Units written in Latin letters (matched case-sensitively, never glued to more letters or digits).
LATIN_UNITS = frozenset(u for u in UNITS if u.isascii() and u[0].isalpha())

#: Measure words that are not read after a *Chinese* numeral, because the pair
#: is usually a word (四处 "everywhere", 三番五次 "again and again").
CHINESE_NUMERAL_UNIT_EXCLUSIONS = {"处", "间", "部", "支", "米", "度", "只", "羽"} | LATIN_UNITS

#: Lookahead guards: a unit followed by these characters is part of a word.
UNIT_GUARDS: dict[str, str] = {
    "大": "学会厦道街队桥地赛院型量幅力众家", "人": "才员民口", "种": "植子", "名": "义单称牌",
    "家": "庭乡属长", "场": "景所地", "台": "阶湾", "条": "件例", "部": "门分署", "年": "级",
    "次": "要生", "个": "人性体案", "所": "有以属在", "位": "于置", "天": "然",
    "头": "等脑号部条版", "只": "有要是能会", "度": "假",
}

#: Hedges written before the number.  近 after 最 ("recently") and 约 inside
#: 签约/节约/合约 … are not hedges; the regex below guards them.
PRE_HEDGES: dict[str, str] = {
    "超过": "more_than", "超出": "more_than", "多于": "more_than", "高于": "more_than",
    "超": "more_than", "逾": "more_than", "突破": "more_than",
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
#: A Chinese numeral; a bare 百/千 before 万/亿 counts one (百亿元 = 100亿元, 千万元).
NUM_CN = rf"(?:[{CN_DIGIT}十][{CN_DIGIT}十百千万亿]*|[百千](?=[万亿]))"
VAGUE = r"(?:数|几|上)(?:十|百|千|万|亿)(?:万|亿)?|十几"
NUM = rf"(?:{VAGUE}|{ARABIC_NUMBER}|{NUM_CN})"
MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
#: Range separators: hyphens and dashes (single or doubled), tildes, 至 and 到.
RANGE_SEP = r"(?:--|——|[-—–~〜至到])"

#: A leading lookahead on the first character of a match (here: of any numeral) lets the regex
#: engine leave a position after one test instead of trying the lookbehinds and alternatives
#: there (the same matches, found about three times faster).
QUANTITY_RE = re.compile(
    rf"""
    (?=[\d数几上十百千{CN_DIGIT}])
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
SCALE_RE = re.compile(r"(?=[万千百亿])(?<![\d十百千万亿])(?P<mult>万亿|千亿|百亿|千万|百万|亿)级")

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
#: DATE_RE for scanning a text: every part of DATE_RE is optional, so on its own it matches
#: the empty string at every character (a Python-level loop over the whole text); the
#: lookahead lets the regex engine skip every position where no date can start.
DATE_SCAN_RE = re.compile(r"(?=[ \t]*[0-9今去前明十一二三四五六七八九春夏秋冬])(?:" + DATE_RE.pattern + ")", re.VERBOSE)
TIME_RE = re.compile(rf"(?<!\d)(?<!\d\.)\d{{1,2}}{SP}时(?:{SP}\d{{1,2}}{SP}分)?|(?<!\d)(?<!\d\.)\d{{1,2}}:\d{{2}}(?![\d])")
COHORT_RE = re.compile(rf"(?<!\d)(?<!\d\.)(?:\d{{2}}|[{CN_DIGIT}十]{{2}})后|(?<!\d)(?<!\d\.)(?:19|20)\d{{2}}{SP}[届级]")
ORDINAL_RE = re.compile(
    rf"第{SP}(?P<n>{ARABIC_NUMBER}|{NUM_CN}){SP}(?P<measure>个|次|届|位|名|批|期|版|条|项|家|所|大|轮|阶段)?"
)
CODE_RES = [
    re.compile(r"(?<![\d])0\d{2,3}-\d{7,8}(?!\d)"),                          # phone 0355-2113499
    re.compile(r"(?<![\d])1[3-9]\d{9}(?!\d)"),                               # mobile
    re.compile(r"\d+(?:\.\d+)?(?:" + SP + r"[×xX*+=<>]" + SP + r"\d+(?:\.\d+)?)+[A-Za-z]*"),  # 2×1000TD, 1+1>2
    re.compile(r"(?=[A-Za-z])(?<![\dA-Za-z.])[A-Za-z][A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*"),          # B2-20060016, jz9909 (not 0.5km2)
    re.compile(r"\d[\d.]*(?!(?:" + "|".join(sorted(LATIN_UNITS, key=len, reverse=True))
               + r")(?![A-Za-z0-9]))[A-Za-z][A-Za-z0-9.]*"),                 # 3D, 163.com (not 13.49MW)
    re.compile(r"(?:ICP备|网安备|[证号][:：]|编号|电话[:：]?|邮编|传真)" + SP + r"\d[\d\-]*"),  # 晋ICP备06001850
    re.compile(r"(?=\d)(?<![\d.,])(?:\d{9,}|0\d{4,})(?![\d.])"),                   # long registration numbers
]
#: Fixed names, each with a substring every match of it contains (its hint: a text without the
#: hint is not scanned, which spares most texts most patterns; "" scans every text).
NAME_RES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"十[一二三四五六七八九]五"), "十"),                # 十四五, 十五五 (five-year plans)
    # 十八大, 二十大: party congresses by their ordinal (十大产业链 and 四大平台 stay counts)
    (re.compile(r"(?=[党十二])(?:党的)?(?:十[二三四五六七八九]|二十[一二三四五]?)大(?![学厦道街桥院型量幅力众家基])"), "大"),
    (re.compile(rf"(?<![{CN_DIGIT}十第])[{CN_DIGIT}十]+次党代会"), "次党代会"),   # 十三次党代会
    (re.compile(rf"[{CN_DIGIT}十]+中全会"), "中全会"),                 # 四中全会
    (re.compile(rf"[{CN_DIGIT}十]+届"), "届"),                    # 二十届
    (re.compile(r"三次产业"), "三次产业"),                              # the three sectors of the economy
    (re.compile(rf"[{CN_DIGIT}十]+年行动"), "年行动"),                 # 三年行动计划
    (re.compile(r"工业" + SP + r"\d\.0"), "工业"),                  # 工业4.0
    (re.compile(r"三番五次|五湖四海|三年五载|四面八方|七上八下|千家万户|一次性|十年磨一剑"), ""),
]

# Hints: cheap patterns that every match of a costlier one contains, so that a text without a
# match of the hint is not scanned with the costly pattern (scans that start with a lookbehind
# try every position of the text).
#: An Arabic digit: every code, time, Arabic fraction and leftover Arabic number has one.
DIGIT_RE = re.compile(r"\d")
#: What every TIME_RE match contains: a digit before 时, or digit:digit.
TIME_HINT_RE = re.compile(r"\d(?:" + SP + r"时|:\d)")
#: What every COHORT_RE match contains: a numeral before 后, or a digit before 届/级.
COHORT_HINT_RE = re.compile(rf"[\d{CN_DIGIT}十](?:后|{SP}[届级])")

#: Boundaries of a clause (for subjects); sentences are czlib.text.sentences'.
CLAUSE_BOUNDARY = ",。;:!?、\n“”《》()"

KINDS = ("claim", "date", "time", "cohort", "ordinal", "name", "slogan", "code", "number")

