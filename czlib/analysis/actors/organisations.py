"""Organisations and places in a text: suffix patterns, token boundaries and the gazetteer.

Candidates come from organisation suffixes (大学, 研究院, 公司, 局 ...) grown to
the left along token boundaries (stopping at verbs, particles, prepositions),
from gazetteer names and aliases, and from jieba's nt/ns tags; overlapping
candidates are resolved longest-first.  Places are found by suffix and
gazetteer outside organisation names.  Every mention keeps ``start``/``end``
with ``text[start:end] == name``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import MISSING, field, fields, make_dataclass
from functools import lru_cache
from typing import Iterable, Sequence


from ...text.segmentation.segment import Token, main_frequency
from ...text.spans import SpanSet
from ..records import Mention
from .gazetteer import Gazetteer, countries, org_suffixes
from .org_rules import OrgCand as _OrgCand
from .org_rules import (department_orgs, department_units, lexicon_orgs, list_orgs, platform_orgs, propagate_orgs,
                        quoted_orgs, zone_canonical)
from .gazetteer import is_cjk, regexes

# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------

def tokenize(text: str, corpus_dictionary: bool = True) -> list[Token]:
    """Words with part-of-speech tags and offsets into ``text`` (czlib.text.segmentation.segment).

    With ``corpus_dictionary`` false, jieba's dictionary alone is used: the user
    dictionary is corpus curation too, so runs with the gazetteer switched off do
    without it.
    """
    from ...text.segmentation.segment import tokenize as seg_tokenize

    userdict = None if corpus_dictionary else False
    return seg_tokenize(text, userdict=userdict)



def is_word(s: str, min_freq: int = 50) -> bool:
    """True when ``s`` is a common dictionary word (jieba's dictionary frequency)."""
    return main_frequency(s) >= min_freq


# --------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------

def _freeze(draft) -> Mention:
    return Mention(**{f.name: getattr(draft, f.name) for f in fields(Mention)})


#: A mention while the finders still fill in its role and affiliation: :class:`Mention`'s fields (declared
#: once, there), mutable; ``freeze()`` makes the Mention at the end.
MentionDraft = make_dataclass(
    "MentionDraft",
    [(f.name, f.type) if f.default is MISSING else (f.name, f.type, field(default=f.default)) for f in fields(Mention)],
    namespace={"freeze": _freeze, "__doc__": "A Mention being filled in by the finders (mutable).",
               "__module__": __name__})


def overlaps(a0: int, a1: int, spans: SpanSet | Iterable[tuple[int, int]]) -> bool:
    if isinstance(spans, SpanSet):
        return spans.overlaps(a0, a1)
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


class _TokIndex:
    """Which token covers a character offset, by binary search; reads like the dict ``{offset: token index}``.

    A real dict holds an entry per character (about 100 bytes each: 500 MB for a 5 MB article).
    """

    def __init__(self, toks: Sequence[Token]):
        self.toks = toks
        self.starts = [t.start for t in toks]

    def get(self, pos: int, default=None):
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and self.toks[i].end > pos else default

    def __contains__(self, pos: int) -> bool:
        return self.get(pos) is not None

    def __getitem__(self, pos: int) -> int:
        i = self.get(pos)
        if i is None:
            raise KeyError(pos)
        return i

    def between(self, start: int, end: int) -> Sequence[Token]:
        """The tokens that overlap ``[start, end)``, in order."""
        lo = max(0, bisect_right(self.starts, start) - 1)
        hi = bisect_left(self.starts, end)
        return [t for t in self.toks[lo:hi] if t.end > start]


def _tok_index(toks: Sequence[Token]) -> _TokIndex:
    return _TokIndex(toks)


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


#: Words that describe a kind of platform or park rather than name one (山西省重点实验室 is a status,
#: 省技术创新中心 a programme; 大型精细煤化工园区 a description).
_DESIGNATION_WORDS = _GENERIC_PREFIX_WORDS | set(
    "技术创新 科技创新 工程技术 产业技术 协同创新 新型研发 临床医学 重点 国家级 省级 市级 县级 国家 省 市 县 区 "
    "现代 现代农业 农业 工业 精细 煤化工 新兴 特色 综合性 大型 小型 绿色 低碳 智慧 数字 生态".split())
_DESIGNATED_TYPES = {"research_institute", "development_zone"}


_LEVEL_WORDS = {"国家", "国家级", "省级", "市级", "县级", "省", "市", "县", "区", "全国"}


def _designation_only(text: str, start: int, suffix_start: int, toks: Sequence[Token], otype: str,
                      standalone: bool) -> bool:
    """A platform named only by places, levels and kind words (长治市重点实验室, 省技术创新中心), or a park
    named by kind words alone (大型精细煤化工园区): a designation, not an organisation.  A park with a
    place in its name is named (屯留县煤化工工业园区); 长子经开区 needs no more than its place."""
    if otype == "development_zone" and standalone:
        return text[start:suffix_start] in _LEVEL_WORDS
    places = 0
    for t in toks:
        if t.start < suffix_start and t.end > start:
            w = text[max(t.start, start):min(t.end, suffix_start)]
            if t.pos == "ns" or w[-1:] in "省市县区":
                places += 1
                if otype == "development_zone" or (places > 1 and not re.search(r"[省市县区]$", w)):
                    return False  # 潞城区|城南|双创园区: a place names the park
                continue
            if w in _DESIGNATION_WORDS or len(w) < 2:
                continue
            if t.pos in _PROPER_POS or main_frequency(w) == 0 or not all(is_cjk(c) for c in w):
                return False  # a proper name or a word jieba does not know: 平顺, LED, 绿电
            if w not in _DESIGNATION_WORDS and not is_word(w, 300):
                return False
            if t.pos not in ("n", "l", "vn", "a", "b", "v", "ns"):
                return False
    return True


def _org_prefix_ok(text: str, start: int, suffix_start: int, toks: Sequence[Token], tix: _TokIndex,
                   otype: str = "", standalone: bool = False) -> bool:
    """The words before a suffix make a name: not generic, and holding a proper or rare word."""
    prefix = text[start:suffix_start]
    if not prefix or prefix[0] in _BAD_ORG_START or not any(is_cjk(c) for c in prefix):
        return False
    if prefix[0] in _NUMERALS and prefix[1:2] in _MEASURE_WORDS:  # 两所大学, 三家企业 (八路军 is a name)
        return False
    words = [(text[max(t.start, start):min(t.end, suffix_start)], t) for t in tix.between(start, suffix_start)]
    if prefix in _GENERIC_PREFIX_WORDS or all(w in _GENERIC_PREFIX_WORDS for w, _ in words):
        return False
    if otype in _DESIGNATED_TYPES and _designation_only(text, start, suffix_start, tix.between(start, suffix_start),
                                                        otype, standalone):
        return False
    if prefix[0] in "市区县省" and len(prefix) >= 2:  # 市科技局, 区委宣传部: a body of the city/district
        return True
    if otype == "development_zone" and standalone and len(words) == 1 and 2 <= len(prefix) <= 3:
        return True  # 长子经开区, 潞城高新区: a zone named by its place, whatever jieba makes of it
    for w, t in words:
        if len(w) < 2 or w in _GENERIC_PREFIX_WORDS:
            continue
        if t.pos in _PROPER_POS or w[-1] in "省市县区":
            return True
        if not is_word(w, 300):
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


#: One-character tokens a name never extends over: measure words, time and place words (3个|技术创新中心,
#: 2025年|山西省科协, 园区内|山西…公司), particles, prepositions.
_SINGLE_STOPS = set("年月日内外上下里个名位项批届次等及和与或的了在是为将把被从到于由对向前后间化型性")
#: Proper-noun tags: once a name has reached a place (ns), it extends further left only over these.
_ANCHOR_POS = {"ns", "nz", "nt", "j", "nr", "nrt", "nrfg", "eng"}
#: Verbs that take an organisation as their object (筹建|X中心, 入驻|X园区): never inside the name.
_PREDICATE_VERBS = set("成立 组建 筹建 建成 设立 创办 创建 签订 引进 引入 落户 入驻 进驻 挂牌 揭牌 获批 入选 认定 依托 走进 "
                       "来到 参观 考察 调研 带领 支持 帮助 携手 牵头 授予 命名 评为 申报 加入 培育 对接 委托 邀请 联手 "
                       "助力 服务 参与 获评 荣获 获得 成为 建立 形成 包括 涵盖".split())


@lru_cache(maxsize=1)
def _crossing_suffixes() -> tuple[dict[str, bool], int]:
    """Suffixes of two or more characters whose organisations a name never runs across
    (:data:`_NO_CROSS_TYPES`): suffix -> standalone; and the longest one's length."""
    table = {suf: standalone for suf, (otype, standalone) in org_suffixes().items()
             if otype in _NO_CROSS_TYPES and len(suf) >= 2}
    return table, max(map(len, table), default=0)


def _name_like_token(t: Token, first: bool = False) -> bool:
    """Whether an organisation name extending leftwards may take this token in.

    jieba mis-tags the parts of proper names (同新 b, 日盛达 nz+v, 振东道地 v+n+uv), so the rule
    is lenient with rare words and strict with punctuation, function words and common verbs.
    ``first`` is the token holding the suffix itself (儿童医院 ends in the suffix it carries).
    """
    w = t.word
    if w in _ORG_STOP_TOKENS or w in _FUNCTION_WORDS or (len(w) == 1 and w in _SINGLE_STOPS):
        return False
    if not all(is_cjk(c) or c.isalnum() for c in w) or re.fullmatch(r"[0-9.]+", w):
        return False
    if (t.pos in ("d", "t", "ad", "z") or (t.pos == "i" and is_word(w, 50))) and len(w) > 1 and w != "高新":
        return False  # 届时|屯留县经济技术开发区, 目前, 积极
    if re.fullmatch(r"[一二两三四五六七八九十几多数]+[大家个所项批类种]", w):
        return False  # 三大, 五家: a count before a kind (…华诚焦化|五大焦化企业)
    if len(w) > 1 and w.endswith("型") and not first:
        return False  # 新型, 节约型, 创新型: descriptions before a kind of organisation
    if not first:
        # a complete name of another organisation ends the stretch (two companies side by side);
        # the bare word (医院 in 山西省医院协会) does not
        crossing, longest = _crossing_suffixes()
        for k in range(2, min(len(w), longest) + 1):
            standalone = crossing.get(w[-k:])
            if standalone is not None and (k < len(w) or standalone):
                return False
    if t.pos in _FUNCTION_POS and len(w) > 1:
        return False
    if t.pos.startswith("v") and len(w) == 1 and w in _VERB_CHARS:
        return False
    if t.pos.startswith("v") and len(w) > 1 and w not in _NAME_VERBS:
        return False  # 构建起, 得益于, 离不开: verbs end the stretch before a name
    if t.pos in _CONTENT_STOP_POS and len(w) > 1 and w not in _NAME_VERBS and is_word(w, 2000):
        return False
    return True


def _ordinal_token(t: Token, nxt: Token | None) -> bool:
    """第一|医院, 第三|人民医院: an ordinal inside a name, right before the name's own words."""
    return bool(re.fullmatch(r"第[一二三四五六七八九十]{1,3}", t.word)) and nxt is not None and is_cjk(nxt.word[:1])


def _paren_group(text: str, end: int, toks: Sequence[Token], tix: _TokIndex) -> int | None:
    """Start of a parenthesised part of a name ending at ``end``: (集团), (股份), or a place ((长治), (武汉))."""
    if end <= 0 or text[end - 1] != ")":
        return None
    open_ = text.rfind("(", max(0, end - 8), end)
    inner = text[open_ + 1:end - 1] if open_ >= 0 else ""
    if not inner or not all(is_cjk(c) for c in inner):
        return None
    if inner in ("集团", "股份", "控股", "中国") or all(
            toks[tix[i]].pos == "ns" for i in range(open_ + 1, end - 1) if i in tix):
        return open_
    return None


def _extend_left(text: str, toks: Sequence[Token], tix: _TokIndex, s0: int, s1: int) -> int:
    """Where a name ending in the suffix at ``text[s0:s1]`` starts, reading tokens leftwards.

    Over name-like tokens (:func:`_name_like_token`), ordinals inside names (第一医院) and
    parenthesised parts ((集团)有限公司); once a place (ns) is reached, only over proper nouns
    (筹划|屯留经济技术开发区).  Where the stretch stops at a common word, a proper noun at most three
    content words further left still starts the name (山西|纳安健康科技有限公司: 健康 is an adjective).
    """
    if s0 in tix:
        first = tix[s0]
        start = toks[first].start
        if start < s0 and not (_name_like_token(toks[first], first=True) or toks[first].pos.startswith("v")):
            return s0
    else:
        return s0
    j = first - 1
    seen_place = toks[first].pos == "ns"
    while j >= 0 and s1 - toks[j].start <= 26:
        group = _paren_group(text, start, toks, tix)
        if group is not None:  # (集团)有限公司, (长治)科技创新中心: step over the brackets
            k = j
            while k >= 0 and toks[k].end > group:
                k -= 1
            if k >= 0 and toks[k].end == group:
                start, j = group, k
                continue
        t = toks[j]
        if t.end != start:
            break
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        name_like = _name_like_token(t) or _ordinal_token(t, nxt)
        if seen_place and t.pos not in _ANCHOR_POS and not (t.word == "中" and nxt is not None
                                                           and nxt.pos == "ns" and len(nxt.word) == 1):
            if not _anchor_within(text, toks, j, place_only=True):
                break  # 筹划|屯留经济技术开发区; but 山西|建筑产业现代化|长治园区 is one name
        elif not name_like and (seen_place or not _anchor_within(text, toks, j)):
            break
        start = t.start
        seen_place = seen_place or t.pos == "ns"
        j -= 1
    return start


def _anchor_within(text: str, toks: Sequence[Token], j: int, reach: int = 3, place_only: bool = False) -> bool:
    """A proper noun (ns/nz/j …; a place with ``place_only``) at most ``reach`` content words left of
    token ``j``, none of them a function word, an adverb, a number or punctuation: the words between
    belong to the name."""
    for k in range(j, max(-1, j - reach - 1), -1):
        t = toks[k]
        if k < j and t.end != toks[k + 1].start:
            return False
        if k < j and len(t.word) >= 2 and (t.pos == "ns" if place_only else t.pos in _ANCHOR_POS - {"nt"}):
            return True
        if (t.pos[:1] not in ("n", "v", "a", "b") or t.pos in ("ad", "vd") or t.word in _FUNCTION_WORDS
                or t.word[0] in "等和与及的了是为将在对把被从"
                or t.word in _ORG_STOP_TOKENS or not all(is_cjk(c) for c in t.word)
                or (len(t.word) == 1 and t.word in _SINGLE_STOPS)):
            return False
        if t.pos == "v" and (t.word in _PREDICATE_VERBS or is_word(t.word, 1000)):
            return False  # 长治市|成立|人才集团: a verb taking the organisation as its object
        if t.pos == "vn" and is_word(t.word, 10000):
            return False  # 合作, 投资
    return False


def _pattern_orgs(text: str, toks: Sequence[Token], tix: _TokIndex) -> list[_OrgCand]:
    """Organisation names found from their suffix, extended left over name-like tokens."""
    sufs = org_suffixes()
    out = []
    for m in regexes()["suffix"].finditer(text):
        s0, s1 = m.start(), m.end()
        suffix = m.group()
        otype, standalone = sufs[suffix]
        # the suffix must end a word: 大学生, 局面 are no organisation (协会|理事 glued by jieba is one)
        if s1 - 1 in tix and toks[tix[s1 - 1]].end != s1:
            glued = regexes()["role"].match(text, s1)
            if not glued or toks[tix[s1 - 1]].end != glued.end():
                continue
        if s1 < len(text) and text[s1] in "生面限士" and is_word(text[s1 - 1:s1 + 1], 50):
            continue  # 大学生, 局面, 院士 (but 有限公司|生产车间)
        if s1 - s0 == 1 and text[max(0, s0 - 1):s1] in _NOT_ORG_WORDS:
            continue  # 大局, 格局, 布局
        start = _extend_left(text, toks, tix, s0, s1)
        # do not swallow 我市/全市 glued to the name (我市南烨集团 -> 南烨集团)
        while start < s0 and text[max(0, start - 1):start + 1] in ("我市", "全市", "本市", "该市", "我省", "全省"):
            start += 1
        if start < s0 and text[start] in "市省" and start > 0 and text[start - 1] in "我全本该":
            start += 1
        end = s1
        if suffix in ("大学", "学院") and end < len(text) and text[end] == "(":
            close = text.find(")", end, end + 6)
            if close > 0 and all(is_cjk(c) for c in text[end + 1:close]):
                end = close + 1
        name = text[start:end]
        if name in _NOT_ORG_WORDS:
            continue
        if re.search(r"(?:\d|[一二两三四五六七八九十几多数])(?:个|家|所|座|批|类|种)$", text[max(0, start - 4):start]):
            continue  # 3个技术创新中心, 两家医院: things counted, not a name
        if start == s0:
            if not standalone:
                continue
        elif not _org_prefix_ok(text, start, s0, toks, tix, _refine_org_type(name, otype), standalone):
            continue
        out.append(_OrgCand(start, end, name, name, _refine_org_type(name, otype), "pattern"))
    # jieba's organisation tokens (nt) that carry a recognisable type: 清华大学机械工程系, 中科院
    for t in toks:
        if t.pos == "nt" and len(t.word) >= 3 and not any(t.word.endswith(w) for w in _NOT_ORG_WORDS if len(w) > 1):
            otype = org_type_from_name(t.word)
            if otype:
                out.append(_OrgCand(t.start, t.end, t.word, t.word, otype, "jieba"))
    return out


def org_type_from_name(name: str) -> str:
    """An organisation type read off a name's ending, '' when none is recognisable."""
    for suf in sorted(org_suffixes(), key=len, reverse=True):
        if name.endswith(suf):
            return _refine_org_type(name, org_suffixes()[suf][0])
    if "大学" in name:
        return "university"
    if name.endswith("院"):
        return "research_institute"
    return ""


def generic_org_word(name: str) -> bool:
    """Whether ``name`` is a kind of organisation rather than one (科研院所, 中心, 研究院, 高校)."""
    return name in _NOT_ORG_WORDS or name in _GENERIC_PREFIX_WORDS or name in org_suffixes()


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


def find_orgs(text: str, gaz: Gazetteer, toks: Sequence[Token]) -> list[MentionDraft]:
    """Organisation mentions: gazetteer and package-lexicon names first, then patterns, then lists.

    A bare generic alias (经开区, 县委) inside a longer pattern name yields to it (长子经开区); a
    pattern name that starts where a gazetteer name starts and runs on is its sub-unit.
    """
    tix = _tok_index(toks)
    starts, ends = {t.start for t in toks}, {t.end for t in toks}
    gaz_c = _gazetteer_orgs(text, gaz)
    lex_all = lexicon_orgs(text, gaz, starts, ends)
    # a longer package name holding a corpus alias wins (中科院山西煤化所 over 中科院)
    gaz_c = [g for g in gaz_c if not any(c.start <= g.start and g.end <= c.end and c.end - c.start > g.end - g.start
                                         for c in lex_all)]
    gaz_spans = SpanSet((c.start, c.end) for c in gaz_c)
    lex_c = [c for c in lex_all if not overlaps(c.start, c.end, gaz_spans)]
    pat_c = (_pattern_orgs(text, toks, tix) + department_orgs(text, gaz, toks) + platform_orgs(text)
             + quoted_orgs(text))
    generic = {suf for suf, (_, standalone) in org_suffixes().items() if standalone}
    named = []
    for g in gaz_c + lex_c:
        longer = [p for p in pat_c if p.start <= g.start and p.end >= g.end and p.end - p.start > g.end - g.start]
        if g.name in generic and any(p.start < g.start for p in longer):
            continue  # 长子|经开区: the zone of the place named before it
        if g.source == "lexicon" and any(p.start == g.start and p.type != g.type for p in longer):
            continue  # 中国石油|大学 is a university, no unit of the oil company
        if any(p.start < g.start and p.end >= g.end and p.type == "government" and p.source == "pattern"
               and g.source == "lexicon" for p in longer):
            continue
        named.append(g)
    chosen: list[_OrgCand] = []
    # a pattern name that starts where a gazetteer name starts and runs on is a sub-unit
    # (清华大学 + 环境学院 -> 清华大学环境学院, parent 清华大学)
    named_spans = SpanSet((c.start, c.end) for c in named)
    named_by_start: dict[int, list[_OrgCand]] = {}
    for g in named:
        named_by_start.setdefault(g.start, []).append(g)
    subunits = {}
    for p in pat_c:
        for g in named_by_start.get(p.start, ()):
            if p.end > g.end and not overlaps(g.end, p.end, named_spans):
                if p.end - p.start > subunits.get(g.start, (0, None))[0]:
                    subunits[g.start] = (p.end - p.start, p, g)
    for g in named:
        if g.start in subunits:
            _, p, g2 = subunits[g.start]
            p.parent = g2.canonical
            p.based_in = g2.based_in
            p.source = g2.source + "+pattern"
            chosen.append(p)
        else:
            chosen.append(g)
    taken = SpanSet((c.start, c.end) for c in chosen)
    for p in sorted(pat_c, key=lambda c: (-(c.end - c.start), c.start)):
        if not overlaps(p.start, p.end, taken):
            chosen.append(p)
            taken.append((p.start, p.end))
    chosen.sort(key=lambda c: c.start)
    department_units(text, chosen)
    place_spans = [(t.start, t.end) for t in toks if t.pos == "ns"]
    place_spans += [(s, e) for s, e, _ in gaz.place_matches(text)]
    chosen = list_orgs(text, toks, tix, chosen, _name_like_token, org_type_from_name, place_spans)
    chosen += propagate_orgs(text, chosen)
    mentions = []
    for c in sorted(chosen, key=lambda c: c.start):
        if c.type == "development_zone" and c.source in ("pattern", "jieba") and c.canonical == c.name:
            zone = zone_canonical(c.name, gaz)
            if zone is not None:
                c.canonical, c.based_in = zone[0], c.based_in or zone[1]
        based_in = c.based_in or _place_prefix(c.canonical, gaz)
        mentions.append(MentionDraft("org", c.start, c.end, c.name, c.canonical, c.type, based_in=based_in,
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
                  "生产区 办公区 生活区 市民 县城 全县 我县 北京 京 东方 西方 南方 北方 上党 太行 城中村 行政村 "
                  "自然村 该村 全村 本村 各村 邻村 周边村".split())


def find_places(text: str, gaz: Gazetteer, toks: Sequence[Token], taken: list[tuple[int, int]]) -> list[MentionDraft]:
    """Place mentions outside organisation names: gazetteer names, then X省/市/县/区/镇/乡/村 and jieba ns tokens."""
    out: list[MentionDraft] = []
    spans = SpanSet(taken)
    for start, end, surface in gaz.place_matches(text):
        if overlaps(start, end, spans):
            continue
        canon = gaz.place_alias[surface]
        e = gaz.places[canon]
        out.append(MentionDraft("place", start, end, surface, canon, e.level,
                                inside_changzhi=e.inside_changzhi, parent=e.parent, english=e.english,
                                source="gazetteer"))
        spans.append((start, end))
    # patterns: a token ending in a place suffix (X县, X镇), a ns token followed by one (潞城 + 区),
    # or a ns token in a place context (赴武汉, 湖南籍); bare ns tokens alone are too noisy (扎根, 深度)
    # only an ns token or a noun ending in a place suffix can give a candidate: one cheap pass finds them
    maybe = [i for i, t in enumerate(toks)
             if t.pos == "ns" or (t.word[-1] in "省市县区镇乡村" and t.pos in ("n", "nz") and len(t.word) >= 3)]
    for i in maybe:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev_ch = text[t.start - 1] if t.start > 0 else ""
        cand, source = None, "pattern"
        if t.pos == "ns" and len(t.word) >= 2 and nxt is not None and nxt.word in ("省", "市", "县", "区", "镇", "乡", "村"):
            cand, source = (t.start, nxt.end), "jieba"
        elif (len(t.word) >= 3 and t.word[-1] in "省市县区镇乡村" and t.pos in ("ns", "n", "nz")
              and not is_word(t.word, 200)):
            cand = (t.start, t.end)
        elif t.pos == "ns" and 2 <= len(t.word) <= 3 and (
                text[t.end:t.end + 1] == "籍" or (prev_ch in "赴到在从至往自" and not is_word(t.word, 500))):
            cand, source = (t.start, t.end), "jieba"
        if cand is None:
            continue
        name = text[cand[0]:cand[1]]
        if (name in _NOT_PLACES or any(name.endswith(w) for w in _NOT_PLACES if len(w) >= 2)
                or name.endswith("城市") or overlaps(cand[0], cand[1], spans) or not all(is_cjk(c) for c in name)):
            continue
        if t.pos != "ns" and len(name) >= 3 and is_word(name[:-1], 1000) and not _is_place_word(name[:-1]):
            continue  # 贫困县, 重点县, 专业村, 项目区: a kind of county or village, not one
        out.append(MentionDraft("place", cand[0], cand[1], name, name, place_level(name), source=source))
        spans.append(cand)
    out += _villages_and_countries(text, toks, out, spans)
    return sorted(out, key=lambda m: m.start)


def place_level(name: str) -> str:
    """A place's level read off its suffix (省 province, 县 district_county ...), ``unknown`` without one."""
    for suf, lev in sorted(_PLACE_SUFFIX_LEVEL.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suf) and len(name) > len(suf):
            return lev
    return "unknown"


def _is_place_word(word: str) -> bool:
    """Whether jieba's dictionary has ``word`` as a place name (ns)."""
    from ...text.segmentation.segment import main_pos

    return (main_pos(word) or "").startswith("ns")


def _villages_and_countries(text: str, toks: Sequence[Token], places: list[MentionDraft],
                            spans: list[tuple[int, int]]) -> list[MentionDraft]:
    """Villages (沁县南凹村 after a county; 佛堂|岭村 after a proper word) and countries (德国) as whole words."""
    out = []
    county_ends = {p.end for p in places if p.name[-1:] in "县区镇乡"}
    for end in sorted(county_ends):
        m = re.compile(r"[\u4e00-\u9fff]{1,3}?村").match(text, end)
        if m and m.group() not in _NOT_PLACES and not overlaps(m.start(), m.end(), spans):
            out.append(MentionDraft("place", m.start(), m.end(), m.group(), m.group(), "township_village",
                                    source="pattern"))
            spans.append((m.start(), m.end()))
    names = {p.name for p in out}
    for i in [i for i, t in enumerate(toks) if i and t.word.endswith("村")]:  # few tokens end in 村
        t, prev = toks[i], toks[i - 1]
        name = prev.word + t.word
        if (2 <= len(t.word) <= 3 and prev.end == t.start and len(name) in (3, 4)
                and prev.pos in ("nz", "ns", "nr") and name not in _NOT_PLACES
                and not overlaps(prev.start, t.end, spans)):
            out.append(MentionDraft("place", prev.start, t.end, name, name, "township_village", source="pattern"))
            spans.append((prev.start, t.end))
            names.add(name)
    for name in sorted(names, key=lambda n: (-len(n), n)):  # every other mention of a village found, longest first
        # (a set's order changes with the process's string hashing: 南凹村 before 凹村 in every run)
        for m in re.finditer(re.escape(name), text):
            if not overlaps(m.start(), m.end(), spans):
                out.append(MentionDraft("place", m.start(), m.end(), name, name, "township_village",
                                        source="propagated"))
                spans.append((m.start(), m.end()))
    known = countries()
    for t in [t for t in toks if t.word in known]:
        if t.pos == "ns" and t.word not in _NOT_PLACES and not overlaps(t.start, t.end, spans):
            out.append(MentionDraft("place", t.start, t.end, t.word, t.word, "country", inside_changzhi=False,
                                    source="pattern"))
            spans.append((t.start, t.end))
    return out


