"""Who acts in the coverage: people, organisations and places, found by a transparent extractor.

No offline Chinese named-entity recogniser is good enough here as it comes (the
neural ones download models at run time; jieba's nr/ns/nt tags fragment names
such as 潞安/化工集团), so czlib combines three layers whose every decision can
be read back:

1. **Patterns** (package data in ``czlib/data/``, valid for any Chinese news):
   role words and titles around personal names (``role_words.csv``: 院长周明凯,
   周明凯教授, 本报记者 李茹), organisation suffixes (``org_suffixes.csv``: 大学,
   研究院, 公司, 集团, 局, 管委会, 医院 ...), place suffixes (省 市 县 区 镇 乡 村),
   the surname list (``surnames.txt``) and speech cues (…说, 表示, 介绍).
2. **jieba tokens** (``czlib.segment.tokenize`` with the corpus user dictionary
   when it is installed, plain ``jieba.posseg`` otherwise): word boundaries decide
   where an organisation name starts (stop at verbs, prepositions, particles) and
   how long a personal name is; nr/ns tokens add candidates the patterns miss.
3. **A curated gazetteer** kept with the corpus (``corpus/curation/gazetteer_*.csv``):
   canonical organisation names, their aliases (中科潞安 → 山西中科潞安紫外光电科技有限公司,
   中科院 → 中国科学院), types and home places; places with their administrative
   level and whether they lie inside Changzhi; known people with English names.

The gazetteer can be switched off (``use_gazetteer=False``) to measure how much
the pattern and token layers find by themselves.

Offsets: every mention has ``start``/``end`` with ``text[start:end] == name``.
Mentions never overlap; organisations win over places, places over people.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from . import config
from .names import surnames

ROLE_TYPES = ("official", "academic_expert", "entrepreneur_manager", "worker_farmer", "journalist")
ORG_TYPES = ("university", "research_institute", "enterprise", "government", "development_zone",
             "hospital", "school", "association", "media", "cultural")
PLACE_LEVELS = ("province", "city", "district_county", "township_village", "region")

# The role type a generic title (主任, 院长, 负责人 ...) takes from the kind of organisation it belongs to.
ORG_TYPE_ROLE = {
    "enterprise": "entrepreneur_manager",
    "university": "academic_expert", "research_institute": "academic_expert",
    "hospital": "academic_expert", "school": "academic_expert",
    "government": "official", "development_zone": "official", "association": "official",
    "cultural": "official", "media": "journalist",
}

MENTION_COLUMNS = ["kind", "name", "canonical", "type", "role", "role_type", "affiliation", "affiliations",
                   "based_in", "inside_changzhi", "parent", "english", "source", "start", "end"]

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrgEntry:
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()
    based_in: str = ""
    parent: str = ""
    english: str = ""


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    level: str
    parent: str = ""
    inside_changzhi: bool = False
    aliases: tuple[str, ...] = ()
    english: str = ""


@dataclass(frozen=True)
class PersonEntry:
    name: str
    english: str = ""
    note: str = ""


@dataclass
class Gazetteer:
    """Curated names: organisations, places and people, with their aliases resolved."""

    orgs: dict[str, OrgEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    people: dict[str, PersonEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.org_alias: dict[str, str] = {}
        for e in self.orgs.values():
            for surface in (e.canonical, *e.aliases):
                self.org_alias[surface] = e.canonical
        self.place_alias: dict[str, str] = {}
        for p in self.places.values():
            for surface in (p.name, *p.aliases):
                self.place_alias[surface] = p.name
        self.org_regex = _alternation(self.org_alias)
        self.place_regex = _alternation(self.place_alias)

    @property
    def empty(self) -> bool:
        return not (self.orgs or self.places or self.people)

    def place_inside(self, name: str) -> bool | None:
        """Whether a place (canonical name) lies inside Changzhi; None when unknown."""
        entry = self.places.get(name)
        return None if entry is None else entry.inside_changzhi

    def english(self, canonical: str) -> str:
        """English gloss of an organisation, place or person, '' when not curated."""
        for table, attr in ((self.orgs, "english"), (self.places, "english"), (self.people, "english")):
            if canonical in table:
                return getattr(table[canonical], attr)
        return ""


def _alternation(surfaces: Iterable[str]) -> re.Pattern | None:
    words = sorted(set(surfaces), key=lambda w: (-len(w), w))
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words))


def _read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Read a curated CSV (``#`` comment lines allowed), checking its header."""
    if not path.is_file():
        raise FileNotFoundError(f"gazetteer file missing: {path}")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: header lacks column(s) {missing}; has {reader.fieldnames}")
    rows = []
    for n, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        row["_line"] = str(n)
        rows.append(row)
    return rows


def _split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


def load_gazetteer(directory: Path | str | None = None) -> Gazetteer:
    """Load ``gazetteer_orgs.csv``, ``gazetteer_places.csv`` and ``gazetteer_people.csv``.

    Returns a :class:`Gazetteer`. ``directory`` defaults to ``corpus/curation``.
    Raises ValueError naming the file and line of a bad row (unknown type or level,
    duplicate canonical name, an alias pointing at two entries).
    """
    directory = Path(directory) if directory is not None else config.CURATION_DIR
    orgs: dict[str, OrgEntry] = {}
    seen_alias: dict[str, str] = {}
    path = directory / "gazetteer_orgs.csv"
    for row in _read_csv(path, ["canonical", "type", "aliases", "based_in", "parent", "english"]):
        where = f"{path} line {row['_line']}"
        if not row["canonical"]:
            raise ValueError(f"{where}: empty canonical name")
        if row["type"] not in ORG_TYPES:
            raise ValueError(f"{where}: type {row['type']!r} is not one of {ORG_TYPES}")
        if row["canonical"] in orgs:
            raise ValueError(f"{where}: duplicate organisation {row['canonical']!r}")
        entry = OrgEntry(row["canonical"], row["type"], _split_aliases(row["aliases"]),
                         row["based_in"], row["parent"], row["english"])
        for surface in (entry.canonical, *entry.aliases):
            if seen_alias.get(surface, entry.canonical) != entry.canonical:
                raise ValueError(f"{where}: alias {surface!r} already names {seen_alias[surface]!r}")
            seen_alias[surface] = entry.canonical
        orgs[entry.canonical] = entry
    places: dict[str, PlaceEntry] = {}
    path = directory / "gazetteer_places.csv"
    for row in _read_csv(path, ["name", "level", "parent", "inside_changzhi", "aliases", "english"]):
        where = f"{path} line {row['_line']}"
        if row["level"] not in PLACE_LEVELS:
            raise ValueError(f"{where}: level {row['level']!r} is not one of {PLACE_LEVELS}")
        if row["inside_changzhi"] not in ("0", "1"):
            raise ValueError(f"{where}: inside_changzhi must be 0 or 1, got {row['inside_changzhi']!r}")
        if row["name"] in places:
            raise ValueError(f"{where}: duplicate place {row['name']!r}")
        places[row["name"]] = PlaceEntry(row["name"], row["level"], row["parent"],
                                         row["inside_changzhi"] == "1", _split_aliases(row["aliases"]),
                                         row["english"])
    for entry in orgs.values():
        if entry.based_in and entry.based_in not in places:
            raise ValueError(f"{directory / 'gazetteer_orgs.csv'}: {entry.canonical!r} is based in "
                             f"{entry.based_in!r}, which gazetteer_places.csv does not list")
        if entry.parent and entry.parent not in orgs:
            raise ValueError(f"{directory / 'gazetteer_orgs.csv'}: parent {entry.parent!r} of "
                             f"{entry.canonical!r} is not listed")
    people: dict[str, PersonEntry] = {}
    path = directory / "gazetteer_people.csv"
    if path.is_file():
        for row in _read_csv(path, ["name", "english"]):
            people[row["name"]] = PersonEntry(row["name"], row["english"], row.get("note", ""))
    return Gazetteer(orgs, places, people)


EMPTY_GAZETTEER = Gazetteer()


@lru_cache(maxsize=4)
def _cached_gazetteer(directory: str) -> Gazetteer:
    return load_gazetteer(directory)


def default_gazetteer() -> Gazetteer:
    """The corpus gazetteer from ``corpus/curation`` (loaded once)."""
    return _cached_gazetteer(str(config.CURATION_DIR))


# --------------------------------------------------------------------------------------
# Package lexicons: role words, organisation suffixes, surnames
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RoleWord:
    word: str
    role_type: str
    generic: bool
    after: bool


@lru_cache(maxsize=1)
def role_words() -> dict[str, RoleWord]:
    """Titles and role words from ``czlib/data/role_words.csv``, by word."""
    path = config.PACKAGE_DATA / "role_words.csv"
    out = {}
    for row in _read_csv(path, ["word", "role_type", "generic", "after"]):
        if row["role_type"] not in ROLE_TYPES:
            raise ValueError(f"{path} line {row['_line']}: role_type {row['role_type']!r} unknown")
        out[row["word"]] = RoleWord(row["word"], row["role_type"], row["generic"] == "1", row["after"] == "1")
    return out


@lru_cache(maxsize=1)
def org_suffixes() -> dict[str, tuple[str, bool]]:
    """Organisation suffixes from ``czlib/data/org_suffixes.csv``: suffix -> (type, standalone)."""
    path = config.PACKAGE_DATA / "org_suffixes.csv"
    out = {}
    for row in _read_csv(path, ["suffix", "type", "standalone"]):
        if row["type"] not in ORG_TYPES:
            raise ValueError(f"{path} line {row['_line']}: type {row['type']!r} unknown")
        out[row["suffix"]] = (row["type"], row["standalone"] == "1")
    return out


# Surnames that are also very common function characters: accepted only in strong contexts.
_RISKY_SURNAMES = set("由但那于和向平国相来都公利区海元干强时全成明南原文安常万应位门云初计支东西高新")
_RISKY_SURNAMES -= {"高"}


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern]:
    roles = sorted(role_words(), key=lambda w: (-len(w), w))
    sufs = sorted(org_suffixes(), key=lambda w: (-len(w), w))
    return {
        "role": re.compile("|".join(map(re.escape, roles))),
        "suffix": re.compile("|".join(map(re.escape, sufs))),
    }


# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tok:
    word: str
    pos: str
    start: int
    end: int


def tokenize(text: str, corpus_dictionary: bool = True) -> list[Tok]:
    """Words with part-of-speech tags and offsets into ``text`` (czlib.segment).

    With ``corpus_dictionary`` false, jieba's dictionary alone is used: the user
    dictionary is corpus curation too, so runs with the gazetteer switched off do
    without it.
    """
    from .segment import tokenize as seg_tokenize

    userdict = None if corpus_dictionary else False
    return [Tok(t.word, t.pos, t.start, t.end) for t in seg_tokenize(text, userdict=userdict)]


def _word_freq_of(word: str) -> int:
    """jieba's dictionary frequency of a word (0 when it is not a dictionary word)."""
    from .segment import get_segmenter

    return get_segmenter(False).frequency(word) or 0


def _is_word(s: str, min_freq: int = 50) -> bool:
    """True when ``s`` is a common dictionary word (jieba's dictionary frequency)."""
    return _word_freq_of(s) >= min_freq


# --------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------

@dataclass
class Mention:
    kind: str            # person | org | place
    start: int
    end: int
    name: str
    canonical: str = ""
    type: str = ""       # org type, place level, or person role type
    role: str = ""
    role_type: str = ""
    affiliation: str = ""
    affiliations: str = ""
    based_in: str = ""
    inside_changzhi: bool | None = None
    parent: str = ""
    english: str = ""
    source: str = ""     # gazetteer | pattern | jieba | propagated

    def as_dict(self) -> dict:
        return {c: getattr(self, c) for c in MENTION_COLUMNS}


def _overlaps(a0: int, a1: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a0 < b1 and b0 < a1 for b0, b1 in spans)


# ---- organisations ---------------------------------------------------------------------

_NOMINAL_POS = {"n", "nr", "nrt", "nrfg", "nrf", "ns", "nt", "nz", "j", "b", "an", "eng", "ng", "s", "nx"}
_PROPER_POS = {"ns", "nt", "nz", "nrt", "nr", "nrfg", "j", "eng"}
# Verbs that occur inside organisation names (检验检测中心, 联合实验室, 资产管理有限公司).
_NAME_VERBS = set("联合 创新 发展 检验 检测 转化 防治 治理 管理 研发 服务 交易 合作 实践 开发 建设 保护 制造 "
                  "互联 投资 设计 生产 加工 制品 培训 孵化 促进 推广 营销 运营 咨询 评估 监测 检查 制药 "
                  "协同 引领 振兴 转移 育种 种植 养殖 勘察 信息 综合 再生 智能 环保".split())
# Tokens an organisation name never extends over.
_ORG_STOP_TOKENS = set("我市 全市 本市 该市 我省 全省 本省 我区 全区 我县 全县 本报 本报讯 记者 我国 全国 各地 "
                       "各县区 县区 企业 高校 部分 一批 多家 以及 等 和 与 及 或 同 跟 还 也 首家 "
                       "依托 通过 位于 来自 联合 共建 贡献 力量 利用 充分利用 高质量 高质量发展 新质生产力 科技创新 成果转化 "
                       "重点 布局 申报 建设 打造 推动 围绕 聚焦 实现 成为 建成 组建 设立 引入 牵线 国家一级".split()) - {"联合"}
_GENERIC_PREFIX_WORDS = set("企业 技术 科技 高校 博士 教授 专家 重点 国家级 省级 市级 联合 创新 研发 产业 科研 中试 "
                            "工程 工程技术 技术研发 新型 高端 相关 有关 上级 地方 当地 本地 各级 国内外 国内 国外 知名 "
                            "领先 大型 中小 科技型 高新技术 规模 以上 检测 实验 培养 教学 公共 服务 平台 产学研 人才 "
                            "生产 示范 龙头 骨干 民营 国有 本土 优质 一流 顶尖 全国 全省 全市 研究 院士 专家 "
                            "合作 共建 高校 科研院所 院所 行业 集团 公司 双创 孵化 中央 调度 环保 部门 环保部门 "
                            "技术 研发 创新 科技 成果 转化 技术转移 企业技术 区域 研究院 智库 现代 科技智库 "
                            "高层次 高技能 优秀 青年 大学生 学生 政府 党 党和 国家 工作 科协 一级 热门 革命 大型 国家一级".split())
_BAD_ORG_START = set("该本这那其此各每某全")
_NUMERALS = set("一二三四五六七八九十两几数多")
_MEASURE_WORDS = set("所家个位名批项座支类级")
# Words that end in a suffix character but are no organisation.
_NOT_ORG_WORDS = set("布局 格局 大局 全局 开局 结局 当局 出局 新局 饭局 大厅 展厅 餐厅 客厅 门厅 大学生 中心 "
                     "党委 围绕中心 为中心 学院 大学 集团 公司 医院 中学 小学 局 厅 中心城区 园区 研究院 研究所 "
                     "实验室 工作站 政府 办公室 党和政府 新格局".split())


@dataclass
class _OrgCand:
    start: int
    end: int
    name: str
    canonical: str
    type: str
    source: str
    parent: str = ""
    based_in: str = ""
    english: str = ""


def _tok_index(toks: Sequence[Tok]) -> dict[int, int]:
    """char offset -> index of the token covering it."""
    idx = {}
    for i, t in enumerate(toks):
        for p in range(t.start, t.end):
            idx[p] = i
    return idx


def _refine_org_type(name: str, suffix_type: str) -> str:
    if name.endswith("中心"):
        if "医" in name:
            return "hospital"
        if any(w in name for w in ("实践", "政务", "服务中心", "发展中心", "交流中心")):
            return "government"
        return "research_institute"
    if name.endswith("学院") and any(w in name for w in ("技师", "职业", "技工")):
        return "school"
    if name.endswith("学院") and "大学" in name[:-2]:
        return "university"
    return suffix_type


def _org_prefix_ok(text: str, start: int, suffix_start: int, toks: Sequence[Tok], tix: dict[int, int]) -> bool:
    """The words before a suffix make a name: not generic, and holding a proper or rare word."""
    prefix = text[start:suffix_start]
    if not prefix or prefix[0] in _BAD_ORG_START or not any(_is_cjk(c) for c in prefix):
        return False
    if prefix[0] in _NUMERALS and prefix[1:2] in _MEASURE_WORDS:  # 两所大学, 三家企业 (八路军 is a name)
        return False
    words = [(text[max(t.start, start):min(t.end, suffix_start)], t) for t in toks
             if t.start < suffix_start and t.end > start]
    if prefix in _GENERIC_PREFIX_WORDS or all(w in _GENERIC_PREFIX_WORDS for w, _ in words):
        return False
    if prefix[0] in "市区县省" and len(prefix) >= 2:  # 市科技局, 区委宣传部: a body of the city/district
        return True
    for w, t in words:
        if len(w) < 2 or w in _GENERIC_PREFIX_WORDS:
            continue
        if t.pos in _PROPER_POS or w[-1] in "省市县区":
            return True
        if not _is_word(w, 300):
            return True
    return False


# Function words an organisation name never extends over (单字 prepositions, particles, pronouns ...).
_FUNCTION_WORDS = set("的 得 了 着 过 与 和 及 在 对 向 为 是 将 把 被 让 从 由 赴 经 等 或 并 也 都 还 又 就 即 于 以 我 你 "
                      "他 她 它 其 该 这 那 每 各 之 所 而 且 但 因 如 若 到 至 自 往 给 跟 同 比 连 据 按 驻 有 凭借 通过 "
                      "依托 围绕 关于 对于 作为 进入 随着 以及 以来 来到".split())
_FUNCTION_POS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "r", "t", "m", "q", "f", "x", "w", "y", "e", "o"}
_CONTENT_STOP_POS = {"v", "vd", "vi", "vn", "a", "ad", "d", "i", "l"}
# organisation suffixes a name does not reach back over (two companies side by side); 大学/学院 stay
# passable because a sub-unit follows its parent (清华大学 + 环境学院)
_NO_CROSS_TYPES = {"enterprise", "development_zone", "hospital", "media", "cultural"}
_VERB_CHARS = set("起入出进到来去往给使让建设有做成为向赴驻对把被将")


def _name_like_token(t: Tok) -> bool:
    """Whether an organisation name extending leftwards may take this token in.

    jieba mis-tags the parts of proper names (同新 b, 日盛达 nz+v, 振东道地 v+n+uv), so the rule
    is lenient with rare words and strict with punctuation, function words and common verbs.
    """
    w = t.word
    if w in _ORG_STOP_TOKENS or w in _FUNCTION_WORDS:
        return False
    if not all(_is_cjk(c) or c.isalnum() for c in w) or re.fullmatch(r"[0-9.]+", w):
        return False
    for suf, (otype, _) in org_suffixes().items():
        if w.endswith(suf) and otype in _NO_CROSS_TYPES and len(suf) >= 2:
            return False
    if t.pos in _FUNCTION_POS and len(w) > 1:
        return False
    if t.pos.startswith("v") and len(w) == 1 and w in _VERB_CHARS:
        return False
    if t.pos.startswith("v") and len(w) > 1 and w not in _NAME_VERBS:
        return False  # 构建起, 得益于, 离不开: verbs end the stretch before a name
    if t.pos in _CONTENT_STOP_POS and len(w) > 1 and w not in _NAME_VERBS and _is_word(w, 2000):
        return False
    return True


def _pattern_orgs(text: str, toks: Sequence[Tok], tix: dict[int, int]) -> list[_OrgCand]:
    """Organisation names found from their suffix, extended left over name-like tokens."""
    sufs = org_suffixes()
    out = []
    for m in _regexes()["suffix"].finditer(text):
        s0, s1 = m.start(), m.end()
        suffix = m.group()
        otype, standalone = sufs[suffix]
        # the suffix must end a word: 大学生, 局面 are no organisation
        if s1 - 1 in tix and toks[tix[s1 - 1]].end != s1:
            continue
        if s1 < len(text) and text[s1] in "生面限士":
            continue
        if s1 - s0 == 1 and text[max(0, s0 - 1):s1] in _NOT_ORG_WORDS:
            continue  # 大局, 格局, 布局
        # start: the token holding the suffix's first char, then leftwards over name-like tokens
        if s0 in tix:
            first = tix[s0]
            start = toks[first].start
            if start < s0 and not (_name_like_token(toks[first]) or toks[first].pos.startswith("v")):
                start = s0
        else:
            first, start = None, s0
        j = (first - 1) if first is not None else None
        while j is not None and j >= 0:
            t = toks[j]
            if t.end != start or not _name_like_token(t) or s1 - t.start > 26:
                break
            start = t.start
            j -= 1
        # do not swallow 我市/全市 glued to the name (我市南烨集团 -> 南烨集团)
        while start < s0 and text[max(0, start - 1):start + 1] in ("我市", "全市", "本市", "该市", "我省", "全省"):
            start += 1
        if start < s0 and text[start] in "市省" and start > 0 and text[start - 1] in "我全本该":
            start += 1
        end = s1
        if suffix in ("大学", "学院") and end < len(text) and text[end] == "(":
            close = text.find(")", end, end + 6)
            if close > 0 and all(_is_cjk(c) for c in text[end + 1:close]):
                end = close + 1
        name = text[start:end]
        if name in _NOT_ORG_WORDS:
            continue
        if start == s0:
            if not standalone:
                continue
        elif not _org_prefix_ok(text, start, s0, toks, tix):
            continue
        out.append(_OrgCand(start, end, name, name, _refine_org_type(name, otype), "pattern"))
    # jieba's organisation tokens (nt) that carry a recognisable type: 清华大学机械工程系, 中科院
    for t in toks:
        if t.pos == "nt" and len(t.word) >= 3 and not any(t.word.endswith(w) for w in _NOT_ORG_WORDS if len(w) > 1):
            otype = _type_from_name(t.word)
            if otype:
                out.append(_OrgCand(t.start, t.end, t.word, t.word, otype, "jieba"))
    return out


def _type_from_name(name: str) -> str:
    """An organisation type read off a name's ending, '' when none is recognisable."""
    for suf in sorted(org_suffixes(), key=len, reverse=True):
        if name.endswith(suf):
            return _refine_org_type(name, org_suffixes()[suf][0])
    if "大学" in name:
        return "university"
    if name.endswith("院"):
        return "research_institute"
    return ""


def _gazetteer_orgs(text: str, gaz: Gazetteer) -> list[_OrgCand]:
    if gaz.org_regex is None:
        return []
    out = []
    for m in gaz.org_regex.finditer(text):
        canon = gaz.org_alias[m.group()]
        e = gaz.orgs[canon]
        out.append(_OrgCand(m.start(), m.end(), m.group(), canon, e.type, "gazetteer", e.parent, e.based_in,
                            e.english))
    return out


def _place_prefix(name: str, gaz: Gazetteer) -> str:
    """The place an organisation's name begins with (武汉理工大学 -> 武汉市), '' if none known."""
    if gaz.place_regex is None:
        return ""
    m = gaz.place_regex.match(name)
    if not m or gaz.places[gaz.place_alias[m.group()]].level == "region":
        return ""  # 太行山中药材…工作站 is not based in a mountain range
    place = gaz.place_alias[m.group()]
    # a district name glued to a city (长治市屯留区科协) is more precise
    rest = name[m.end():]
    m2 = gaz.place_regex.match(rest)
    if m2:
        place = gaz.place_alias[m2.group()]
    return place


def find_orgs(text: str, gaz: Gazetteer, toks: Sequence[Tok]) -> list[Mention]:
    """Organisation mentions: gazetteer names first, then suffix patterns for the rest."""
    tix = _tok_index(toks)
    gaz_c = _gazetteer_orgs(text, gaz)
    pat_c = _pattern_orgs(text, toks, tix)
    chosen: list[_OrgCand] = []
    # a pattern name that starts where a gazetteer name starts and runs on is a sub-unit
    # (清华大学 + 环境学院 -> 清华大学环境学院, parent 清华大学)
    gaz_spans = [(c.start, c.end) for c in gaz_c]
    subunits = {}
    for p in pat_c:
        for g in gaz_c:
            if p.start == g.start and p.end > g.end and not _overlaps(g.end, p.end, gaz_spans):
                if p.end - p.start > subunits.get(g.start, (0, None))[0]:
                    subunits[g.start] = (p.end - p.start, p, g)
    for g in gaz_c:
        if g.start in subunits:
            _, p, g2 = subunits[g.start]
            p.parent = g2.canonical
            p.based_in = g2.based_in
            p.source = "gazetteer+pattern"
            chosen.append(p)
        else:
            chosen.append(g)
    taken = [(c.start, c.end) for c in chosen]
    for p in sorted(pat_c, key=lambda c: (-(c.end - c.start), c.start)):
        if not _overlaps(p.start, p.end, taken):
            chosen.append(p)
            taken.append((p.start, p.end))
    mentions = []
    for c in sorted(chosen, key=lambda c: c.start):
        based_in = c.based_in or _place_prefix(c.canonical, gaz)
        mentions.append(Mention("org", c.start, c.end, c.name, c.canonical, c.type, based_in=based_in,
                                inside_changzhi=gaz.place_inside(based_in) if based_in else None,
                                parent=c.parent, english=c.english, source=c.source))
    return mentions


# ---- places ------------------------------------------------------------------------------

_PLACE_SUFFIX_LEVEL = {"省": "province", "自治区": "province", "市": "city", "县": "district_county",
                       "区": "district_county", "镇": "township_village", "乡": "township_village",
                       "村": "township_village", "地区": "region"}
_NOT_PLACES = set("我市 全市 本市 该市 城市 全省 我省 本省 外省 各县区 县区 城区 园区 社区 辖区 矿区 老区 山区 景区 "
                  "地区 片区 全区 我区 农村 乡村 驻村 乡镇 城镇 区域 省市 市县 省内 市内 区内 县域 本地 当地 "
                  "全国 中国 我国 沉陷区 厂区 校区 街区 湾区 市区 新区 示范区 包装区 试验区 保护区 功能区 "
                  "生产区 办公区 生活区 市民 县城 全县 我县 北京 京 东方 西方 南方 北方 上党 太行".split())


def find_places(text: str, gaz: Gazetteer, toks: Sequence[Tok], taken: list[tuple[int, int]]) -> list[Mention]:
    """Place mentions outside organisation names: gazetteer names, then X省/市/县/区/镇/乡/村 and jieba ns tokens."""
    out: list[Mention] = []
    spans = list(taken)
    if gaz.place_regex is not None:
        for m in gaz.place_regex.finditer(text):
            if _overlaps(m.start(), m.end(), spans):
                continue
            # a short alias glued to more CJK text that jieba reads as one word is not a place (长子 in 长子县 is fine)
            canon = gaz.place_alias[m.group()]
            e = gaz.places[canon]
            out.append(Mention("place", m.start(), m.end(), m.group(), canon, e.level,
                               inside_changzhi=e.inside_changzhi, parent=e.parent, english=e.english,
                               source="gazetteer"))
            spans.append((m.start(), m.end()))
    tix = _tok_index(toks)
    # patterns: a token ending in a place suffix (X县, X镇), a ns token followed by one (潞城 + 区),
    # or a ns token in a place context (赴武汉, 湖南籍); bare ns tokens alone are too noisy (扎根, 深度)
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev_ch = text[t.start - 1] if t.start > 0 else ""
        cand, source = None, "pattern"
        if t.pos == "ns" and len(t.word) >= 2 and nxt is not None and nxt.word in ("省", "市", "县", "区", "镇", "乡", "村"):
            cand, source = (t.start, nxt.end), "jieba"
        elif (len(t.word) >= 3 and t.word[-1] in "省市县区镇乡村" and t.pos in ("ns", "n", "nz")
              and not _is_word(t.word, 200)):
            cand = (t.start, t.end)
        elif t.pos == "ns" and 2 <= len(t.word) <= 3 and (
                text[t.end:t.end + 1] == "籍" or (prev_ch in "赴到在从至往自" and not _is_word(t.word, 500))):
            cand, source = (t.start, t.end), "jieba"
        if cand is None:
            continue
        name = text[cand[0]:cand[1]]
        if (name in _NOT_PLACES or any(name.endswith(w) for w in _NOT_PLACES if len(w) >= 2)
                or name.endswith("城市") or _overlaps(cand[0], cand[1], spans) or not all(_is_cjk(c) for c in name)):
            continue
        level = "unknown"
        for suf, lev in sorted(_PLACE_SUFFIX_LEVEL.items(), key=lambda kv: -len(kv[0])):
            if name.endswith(suf) and len(name) > len(suf):
                level = lev
                break
        out.append(Mention("place", cand[0], cand[1], name, name, level, source=source))
        spans.append(cand)
    return sorted(out, key=lambda m: m.start)


# ---- people ------------------------------------------------------------------------------

# characters that do not end a personal name / that a name is not glued to
_NAME_STOP_CHARS = set("一在是的了和与等也已将对为从就到于以向把被们个年月日者地得着过都还又并及或而说表介指这那每各该其"
                       "此所之里中上下后前说称讲谈问答曾")
# characters that often follow a name (adverbs, verbs): 黄惠川|正通过, 李晋闽|选择
_AFTER_NAME_CHARS = set("正带作先再便才曾已将也都还又参出主分来同担致代认告强希要提就均所被让经以深亲领率获荣感称坚现任则去更"
                        "选只已与")
_LEFT_BOUNDARY_CHARS = set("和与及的是由在对向将把被让为经等了从跟同给即有请向称")
_SPEECH_CUES = ("感慨地说", "深有感触地说", "深有感触", "告诉记者", "笑着说", "说道", "表示", "介绍", "指出", "认为",
                "强调", "坦言", "说", "谈到", "透露", "提到")


def _role_at(text: str, end: int) -> RoleWord | None:
    """The longest role word ending exactly at ``end``."""
    rw = role_words()
    for n in range(min(7, end), 1, -1):
        w = text[end - n:end]
        if w in rw:
            return rw[w]
    return None


def _starts_with_role_or_cue(text: str, pos: int) -> bool:
    rest = text[pos:pos + 6]
    return any(rest.startswith(w) for w in role_words()) or any(rest.startswith(c) for c in _SPEECH_CUES)


def _surname_len(s: str, strong: bool) -> int:
    single, compound = surnames()
    if s[:2] in compound:
        return 2
    if s[:1] in single and (strong or s[:1] not in _RISKY_SURNAMES):
        return 1
    return 0


def _valid_name(name: str, strong: bool, known: set[str]) -> bool:
    if name in known:
        return True
    if not (2 <= len(name) <= 4) or not all(_is_cjk(c) for c in name):
        return False
    sl = _surname_len(name, strong)
    if not sl or len(name) - sl not in (1, 2):
        return False
    given = name[sl:]
    if sl == 1 and name[0] in _RISKY_SURNAMES and len(given) < 2:
        return False
    if any(c in _NAME_STOP_CHARS for c in given):
        return False
    if _is_word(name) or (len(given) == 2 and _is_word(given, 3000)):
        return False
    return True


def _right_ok(text: str, pos: int, boundaries: set[int]) -> bool:
    """The text at ``pos`` can follow a personal name."""
    if pos >= len(text) or pos in boundaries:
        return True
    ch = text[pos]
    if not _is_cjk(ch) or ch in _NAME_STOP_CHARS or ch in _AFTER_NAME_CHARS:
        return True
    if _starts_with_role_or_cue(text, pos):
        return True
    return _is_word(text[pos:pos + 2], 20) or _is_word(text[pos:pos + 3], 20)


def _left_ok(text: str, pos: int, boundaries: set[int]) -> bool:
    """The text before ``pos`` can precede a personal name."""
    if pos <= 0 or pos in boundaries:
        return True
    ch = text[pos - 1]
    if not _is_cjk(ch) or ch in _LEFT_BOUNDARY_CHARS:
        return True
    if _role_at(text, pos) is not None:
        return True
    return _is_word(text[max(0, pos - 2):pos], 20) or _is_word(text[max(0, pos - 3):pos], 20)


def _name_from_left(text: str, q: int, boundaries: set[int], known: set[str], strong: bool) -> tuple[int, int] | None:
    """A name starting at ``q`` (after a title): choose its length."""
    for name in sorted((k for k in known if text.startswith(k, q)), key=len, reverse=True):
        return q, q + len(name)
    sl = _surname_len(text[q:q + 2], strong)
    if not sl:
        return None
    long_, short = q + sl + 2, q + sl + 1
    cand_long = text[q:long_]
    # the long reading loses when its last character starts a word with what follows (陶玉|手脚)
    if (long_ <= len(text) and _valid_name(cand_long, strong, known) and _right_ok(text, long_, boundaries)
            and not _is_word(text[long_ - 1:long_ + 1], 50)):
        return q, long_
    if short <= len(text) and _valid_name(text[q:short], strong, known) and _right_ok(text, short, boundaries):
        return q, short
    return None


def _name_from_right(text: str, p: int, boundaries: set[int], known: set[str], strong: bool) -> tuple[int, int] | None:
    """A name ending at ``p`` (before a title or a speech cue): choose its length."""
    for name in sorted((k for k in known if text.endswith(k, 0, p)), key=len, reverse=True):
        return p - len(name), p
    for n in (3, 4, 2):
        s = p - n
        if s < 0:
            continue
        cand = text[s:p]
        if n == 4 and cand[:2] not in surnames()[1]:
            continue
        if _valid_name(cand, strong, known) and _left_ok(text, s, boundaries):
            return s, p
    return None


_CREDIT_RE = re.compile(r"(?:文字|撰文|文|图片|图|摄影|编辑|责编|责任编辑)\s*[/:]\s*(?:本报)?(?:记者|通讯员)?\s*")


def find_people(text: str, gaz: Gazetteer, toks: Sequence[Tok], orgs: list[Mention], places: list[Mention],
                known_names: Iterable[str] = ()) -> list[Mention]:
    """Personal-name mentions with role, role type and affiliation where the text gives them next to the name."""
    blocked = [(m.start, m.end) for m in orgs + places]
    known = set(known_names) | set(gaz.people)
    boundaries = {m.end for m in orgs + places} | {m.start for m in orgs + places}
    role_spans = []
    for m in _regexes()["role"].finditer(text):
        if not _overlaps(m.start(), m.end(), blocked):
            role_spans.append((m.start(), m.end(), m.group()))
            boundaries |= {m.start(), m.end()}
    found: dict[tuple[int, int], str] = {}

    def add(span: tuple[int, int] | None, source: str) -> None:
        if span is None or _overlaps(span[0], span[1], blocked):
            return
        if any(_overlaps(span[0], span[1], [s]) for s in found if s != span):
            return
        found.setdefault(span, source)

    rw = role_words()
    # 1. title before the name: 院长周明凯, 本报记者 李茹, 操作工陶玉
    for r0, r1, word in role_spans:
        q = r1
        while q < len(text) and text[q] in " \u3000" and q - r1 < 2:
            q += 1
        add(_name_from_left(text, q, boundaries, known, strong=True), "pattern")
    # 2. title after the name: 周明凯教授, 朱有勇院士, 习近平总书记
    for r0, r1, word in role_spans:
        if rw[word].after:
            add(_name_from_right(text, r0, boundaries, known, strong=True), "pattern")
    # 3. speech cue after the name: 徐霞表示, 李晋闽说
    for cue in _SPEECH_CUES:
        for m in re.finditer(re.escape(cue), text):
            add(_name_from_right(text, m.start(), boundaries, known, strong=False), "pattern")
    # 4. credits: 文字/王晶晶, 编辑: 李倩
    for m in _CREDIT_RE.finditer(text):
        add(_name_from_left(text, m.end(), boundaries, known, strong=True), "pattern")
    # 5. jieba person-name tokens (not glued to another name token)
    for i, t in enumerate(toks):
        if t.pos != "nr" or len(t.word) != 3:  # two-character nr tokens are mostly noise (林草)
            continue
        prev_nr = i > 0 and toks[i - 1].pos.startswith("nr")
        next_nr = i + 1 < len(toks) and toks[i + 1].pos.startswith("nr")
        if prev_nr or next_nr:
            continue
        if _is_word(t.word, 1) and t.word not in known:
            continue  # 连翘, 高精尖: dictionary words that jieba happens to tag nr
        if (_valid_name(t.word, strong=False, known=known) and _left_ok(text, t.start, boundaries)
                and _right_ok(text, t.end, boundaries)):
            add((t.start, t.end), "jieba")
    # 6. every other occurrence of a name already found (or known) is a mention too
    names = {text[s:e] for s, e in found} | {k for k in known if k in text}
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            span = (m.start(), m.end())
            if span in found:
                continue
            # a longer name must not continue past this one (高鹏 in 高鹏飞)
            nxt = text[span[1]:span[1] + 1]
            if name not in known and _is_cjk(nxt) and not _right_ok(text, span[1], boundaries):
                continue
            add(span, "gazetteer" if name in gaz.people else "propagated")

    mentions = []
    for (s, e), source in sorted(found.items()):
        name = text[s:e]
        m = Mention("person", s, e, name, name, source=source, english=gaz.people[name].english
                    if name in gaz.people else "")
        _attach_role(m, text, orgs, places, role_spans)
        mentions.append(m)
    return mentions


def _org_ending_at(orgs: list[Mention], pos: int, text: str) -> Mention | None:
    for o in orgs:
        if o.end == pos or (o.end < pos and not text[o.end:pos].strip()):
            return o
    return None


def _place_ending_at(places: list[Mention], pos: int) -> Mention | None:
    for p in places:
        if p.end == pos:
            return p
    return None


_UNIT_STOP = set(",。;:、!?“”\"()《》\n 的和与及在对向为是了将把被让从") | {"\u3000"}
_COREF_UNITS = {"集团": "enterprise", "公司": "enterprise", "企业": "enterprise", "学院": None, "医院": "hospital",
                "学校": "school"}


def _attach_role(m: Mention, text: str, orgs: list[Mention], places: list[Mention],
                 role_spans: list[tuple[int, int, str]]) -> None:
    """Read the title chain left of the name (and a title right after it) into role, role type, affiliation."""
    rw = role_words()
    pos = m.start
    while pos > 0 and text[pos - 1] in " \u3000\n" and m.start - pos < 2:
        pos -= 1
    parts: list[tuple[str, RoleWord | None, Mention | None]] = []  # (text, role word, org)
    chain_start = None
    while pos > 0:
        r = _role_at(text, pos)
        if r is None:
            o = _org_ending_at(orgs, pos, text)
            if o is not None and not parts:  # 清华大学张建胜教授
                parts.append((o.name, None, o))
                chain_start = o.start
            break
        t0 = pos - len(r.word)
        # words between an organisation and the title (科技中心主任, 集团环保部门负责人)
        u = t0
        while u > 0 and t0 - u < 8 and text[u - 1] not in _UNIT_STOP and _is_cjk(text[u - 1]) \
                and _org_ending_at(orgs, u, text) is None and _place_ending_at(places, u) is None \
                and _role_at(text, u) is None:
            u -= 1
        unit = text[u:t0]
        o = _org_ending_at(orgs, u, text)
        p = _place_ending_at(places, u)
        start = o.start if o is not None else (p.start if p is not None else u)
        if o is None and unit:
            o = _coref_org(unit, orgs, m.start)
        parts.append((text[start:pos].strip(), r, o))
        chain_start = start
        pos = start
        if pos > 0 and text[pos - 1] in "、兼":
            pos -= 1
            continue
        break
    parts.reverse()
    after = None
    for n in range(4, 1, -1):
        w = text[m.end:m.end + n]
        if w in rw and rw[w].after:
            after = rw[w]
            break
    if not parts:
        zuowei = _zuowei_role(text, m.start, orgs)
        if zuowei is not None:
            parts = [zuowei]
    role = "、".join(t for t, _, _ in parts if t)
    if after is not None:
        joiner = "、" if parts and parts[-1][1] is not None else ""
        role = role + joiner + after.word if role else after.word
    m.role = role
    orgs_in_role = [o for _, _, o in parts if o is not None]
    m.affiliations = "; ".join(dict.fromkeys(o.canonical for o in orgs_in_role))
    m.affiliation = orgs_in_role[-1].canonical if orgs_in_role else ""
    # role type: the first title of the chain (a generic title takes it from its organisation)
    role_type = ""
    for _, r, o in parts + ([("", after, orgs_in_role[-1] if orgs_in_role else None)] if after else []):
        if r is None:
            continue
        if r.generic and o is not None and o.type in ORG_TYPE_ROLE:
            role_type = ORG_TYPE_ROLE[o.type]
        else:
            role_type = r.role_type
        break
    m.role_type = role_type
    m.type = role_type
    del chain_start


def _zuowei_role(text: str, name_start: int, orgs: list[Mention]) -> tuple[str, RoleWord, Mention | None] | None:
    """作为山西日盛达……的总经理兼技术总监,……的曹华: the 作为-clause of the sentence describes the person."""
    lo = name_start
    while lo > 0 and text[lo - 1] not in "。!?\n" and name_start - lo < 80:
        lo -= 1
    i = text.rfind("作为", lo, name_start)
    if i < 0:
        return None
    comma = text.find(",", i, name_start)
    if comma < 0 or name_start - comma > 25:
        return None
    seg = text[i + 2:comma]
    r = _role_at(seg, len(seg))
    if r is None:
        return None
    in_seg = [o for o in orgs if i + 2 <= o.start and o.end <= comma]
    return seg, r, (in_seg[-1] if in_seg else None)


def _coref_org(unit: str, orgs: list[Mention], before: int) -> Mention | None:
    """集团/公司/学院 ... at the start of a unit refer back to the nearest such organisation."""
    for word, otype in _COREF_UNITS.items():
        if unit.startswith(word):
            for o in sorted((o for o in orgs if o.end <= before), key=lambda o: -o.end):
                if o.name.endswith(word) or (otype is not None and o.type == otype):
                    return o
    return None


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------

def extract_mentions(text: str, gazetteer: Gazetteer | None = None, use_gazetteer: bool = True,
                     tokens: Sequence[Tok] | None = None, known_names: Iterable[str] = ()) -> list[Mention]:
    """Like :func:`extract_actors` but returns :class:`Mention` objects."""
    if not isinstance(text, str):
        raise TypeError(f"extract_actors needs a str, got {type(text).__name__}")
    gaz = (gazetteer if gazetteer is not None else default_gazetteer()) if use_gazetteer else EMPTY_GAZETTEER
    toks = list(tokens) if tokens is not None else tokenize(text, corpus_dictionary=use_gazetteer)
    orgs = find_orgs(text, gaz, toks)
    places = find_places(text, gaz, toks, [(o.start, o.end) for o in orgs])
    people = find_people(text, gaz, toks, orgs, places, known_names)
    out = sorted(orgs + places + people, key=lambda m: (m.start, m.end))
    for m in out:
        assert text[m.start:m.end] == m.name
    return out


def extract_actors(text: str, gazetteer: Gazetteer | None = None, use_gazetteer: bool = True,
                   tokens: Sequence[Tok] | None = None, known_names: Iterable[str] = ()) -> list[dict]:
    """Find people, organisations and places in one text.

    Returns a list of dicts (keys: ``MENTION_COLUMNS``), one per mention, sorted by
    ``start``; ``text[start:end] == name``. ``type`` is the organisation type, the
    place level or the person's role type. ``gazetteer`` defaults to the corpus
    gazetteer; ``use_gazetteer=False`` runs the pattern and jieba layers alone.
    ``known_names`` adds personal names known from elsewhere (an interview header).
    """
    return [m.as_dict() for m in extract_mentions(text, gazetteer, use_gazetteer, tokens, known_names)]


def header_people(article: dict | pd.Series, gazetteer: Gazetteer | None = None,
                  use_gazetteer: bool = True) -> list[dict]:
    """People named in an article's header fields (interviewee, byline, credit), not in its text.

    Returns dicts with name, role, role_type, affiliation, affiliations, source
    (``interviewee`` | ``byline`` | ``credit``). Their offsets would not index
    ``text``, so they go to the people table, never to the mention table.
    """
    out: dict[str, dict] = {}

    def field_(name: str) -> str:
        v = article.get(name, "") if hasattr(article, "get") else ""
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()

    interviewee, irole = field_("interviewee"), field_("interviewee_role")
    if interviewee:
        s = f"{irole} {interviewee}".strip()
        for m in extract_mentions(s, gazetteer, use_gazetteer, known_names=[interviewee]):
            if m.kind == "person" and m.name == interviewee:
                out[interviewee] = _header_row(m, "interviewee")
        if interviewee not in out:
            out[interviewee] = {"name": interviewee, "role": irole, "role_type": "", "affiliation": "",
                                "affiliations": "", "source": "interviewee"}
    for fname in ("byline", "credit"):
        s = field_(fname)
        if not s:
            continue
        people = [m for m in extract_mentions(s, gazetteer, use_gazetteer) if m.kind == "person"]
        if not people:
            # a bare list of names: 李家鸣、崔笛洋 / 桑梓 (the writers of the piece)
            parts = [p for p in re.split(r"[、,\s]+", s) if p]
            if parts and all(_surname_len(p, True) and 2 <= len(p) <= 4 and all(map(_is_cjk, p)) for p in parts):
                for p in parts:
                    out.setdefault(p, {"name": p, "role": "作者", "role_type": "journalist", "affiliation": "",
                                       "affiliations": "", "source": fname})
            continue
        for m in people:
            if m.name not in out:
                row = _header_row(m, fname)
                if not row["role_type"]:
                    row["role_type"] = "journalist"
                out[m.name] = row
    return list(out.values())


def _header_row(m: Mention, source: str) -> dict:
    return {"name": m.name, "role": m.role, "role_type": m.role_type, "affiliation": m.affiliation,
            "affiliations": m.affiliations, "source": source}


ACTOR_COLUMNS = ["doc_id", "article_id", "kind", "name", "canonical", "type", "role", "role_type",
                 "affiliation", "based_in", "inside_changzhi", "parent", "source", "start", "end"]


def _require_columns(articles: pd.DataFrame, cols: Sequence[str], who: str) -> None:
    missing = [c for c in cols if c not in articles.columns]
    if missing:
        raise ValueError(f"{who}: the articles table lacks column(s) {missing}")


def actors_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per mention of a person, organisation or place in each article's ``text``.

    Returns a DataFrame with ``ACTOR_COLUMNS``; ``text[start:end] == name`` in the
    article's text. People named in the article's header (interviewee) are passed
    as known names so their mentions in the body are found. Rows sorted by
    doc_id, article_id, start, kind.
    """
    _require_columns(articles, ["doc_id", "article_id", "text"], "actors_table")
    rows = []
    for art in articles.to_dict("records"):
        text = art["text"] if isinstance(art["text"], str) else ""
        known = [h["name"] for h in header_people(art, gazetteer, use_gazetteer)]
        for m in extract_mentions(text, gazetteer, use_gazetteer, known_names=known):
            d = m.as_dict()
            d["doc_id"], d["article_id"] = art["doc_id"], art["article_id"]
            rows.append(d)
    df = pd.DataFrame(rows, columns=ACTOR_COLUMNS + ["affiliations", "english"])
    df = df[ACTOR_COLUMNS].copy()
    df["inside_changzhi"] = df["inside_changzhi"].astype("boolean")
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df.sort_values(["doc_id", "article_id", "start", "kind"], kind="stable").reset_index(drop=True)


PEOPLE_COLUMNS = ["doc_id", "article_id", "kind", "name", "role", "role_type", "affiliation", "affiliations",
                  "n_mentions", "first_start", "source", "english"]


def _merge_roles(roles: Iterable[str]) -> str:
    """Distinct roles, dropping one that a longer role already contains (教授 in 清华大学教授)."""
    roles = list(dict.fromkeys(r for r in roles if r))
    keep = [r for r in roles if not any(r != o and r in o for o in roles)]
    return "; ".join(keep)


def people_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per person per article, merging text mentions and header facts.

    Returns a DataFrame with ``PEOPLE_COLUMNS``: ``kind`` is the article kind;
    ``role`` joins the distinct roles given (``; ``); ``role_type`` and
    ``affiliation`` come from the first mention that gives a role (the header for
    interviewees); ``affiliations`` lists every organisation named in a role;
    ``n_mentions`` counts text mentions (0 for a person only in the header);
    ``source`` joins where the person was found: ``text`` and the header fields
    ``interviewee``, ``byline``, ``credit`` (e.g. ``interviewee+text``).
    """
    _require_columns(articles, ["doc_id", "article_id", "text"], "people_table")
    gaz = (gazetteer if gazetteer is not None else default_gazetteer()) if use_gazetteer else EMPTY_GAZETTEER
    rows = []
    for art in articles.to_dict("records"):
        text = art["text"] if isinstance(art["text"], str) else ""
        header = header_people(art, gazetteer, use_gazetteer)
        mentions = [m for m in extract_mentions(text, gazetteer, use_gazetteer,
                                                known_names=[h["name"] for h in header]) if m.kind == "person"]
        by_name: dict[str, list] = {}
        for h in header:
            by_name.setdefault(h["name"], []).append((h["source"], h))
        for m in mentions:
            by_name.setdefault(m.name, []).append(("text", m))
        for name, items in by_name.items():
            facts = [(src, (x if isinstance(x, dict) else _header_row(x, "text"))) for src, x in items]
            with_role = [f for _, f in facts if f["role"]]
            first = with_role[0] if with_role else facts[0][1]
            affs = list(dict.fromkeys(a for _, f in facts for a in f["affiliations"].split("; ") if a))
            sources = {src for src, _ in facts}
            text_ms = [x for src, x in items if src == "text"]
            rows.append({
                "doc_id": art["doc_id"], "article_id": art["article_id"], "kind": art.get("kind", ""),
                "name": name,
                "role": _merge_roles(f["role"] for _, f in facts),
                "role_type": next((f["role_type"] for f in (with_role or [first]) if f["role_type"]), ""),
                "affiliation": first["affiliation"] or (affs[0] if affs else ""),
                "affiliations": "; ".join(affs),
                "n_mentions": len(text_ms),
                "first_start": min((x.start for x in text_ms), default=-1),
                "source": "+".join(sorted(sources)),
                "english": gaz.people[name].english if name in gaz.people else "",
            })
    df = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    return df.sort_values(["doc_id", "article_id", "name"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Analysis helpers
# --------------------------------------------------------------------------------------

def org_root(canonical: str, parent: str = "", gazetteer: Gazetteer | None = None) -> str:
    """The top organisation a unit belongs to (清华大学环境学院 -> 清华大学), following gazetteer parents."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    name = parent or canonical
    seen = set()
    while name in gaz.orgs and gaz.orgs[name].parent and name not in seen:
        seen.add(name)
        name = gaz.orgs[name].parent
    return name


def comention_edges(actors: pd.DataFrame, articles: pd.DataFrame, kinds: Sequence[str] = ("person", "org"),
                    unit: str = "paragraph", gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Pairs of actors named in the same paragraph (or ``unit="article"``) and how often.

    Organisations are rolled up to their root (:func:`org_root`), people keep their
    name. Returns a DataFrame with source, target, weight (number of paragraphs or
    articles where both appear), sorted by weight descending then names.
    """
    if unit not in ("paragraph", "article"):
        raise ValueError(f"unit must be 'paragraph' or 'article', got {unit!r}")
    texts = dict(zip(articles.article_id, articles.text))
    df = actors[actors.kind.isin(kinds)].copy()
    df["node"] = [org_root(c, p, gazetteer) if k == "org" else c
                  for k, c, p in zip(df.kind, df.canonical, df.parent.fillna(""))]
    if unit == "paragraph":
        df["unit"] = [f"{a}:{texts[a].count(chr(10), 0, s)}" for a, s in zip(df.article_id, df.start)]
    else:
        df["unit"] = df.article_id
    pairs: dict[tuple[str, str], int] = {}
    for _, nodes in df.groupby("unit")["node"]:
        uniq = sorted(set(nodes))
        for i, a in enumerate(uniq):
            for b in uniq[i + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    out = pd.DataFrame([(a, b, w) for (a, b), w in pairs.items()], columns=["source", "target", "weight"])
    return out.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)
