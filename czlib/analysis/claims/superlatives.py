"""Superlatives and firsts: 全国唯一, 全省首家, 填补国内空白, 全球最大规模, 处于全国前列.

Local coverage ranks its subjects against a wider field; these phrases are a
claim of their own kind (a rank, not a quantity), so they get their own
record, :class:`~czlib.analysis.records.Superlative`, and table
(``superlatives.csv``).  :func:`extract_superlatives` reads them with
transparent patterns:

============  =====================================================  ==========================
kind          phrase                                                 example
============  =====================================================  ==========================
first         首个 首家 首台(套) 首座 首条 首款 首例 首创; 第一个/家/台 …   全省首家, 我国第一个
              and 首次 / 率先 after a scope
only          唯一, 独家, 仅有的                                       全国唯一的保护区
superlative   最大 最高 最多 最早 最先进 最完整 … after a scope          全球最大规模的
top           前列, 前N(名/位/强), 第一方阵/阵营, 领先, 第一(名/位),    产能国内前五, 全国前列,
              一流, 顶尖, 头号, 佼佼者                                   全国一流, 国内顶尖高校
gap_filled    填补 … 空白                                             填补国内空白
record        创历史新高, 历史最好/最高, 有史以来                          创历史新高
============  =====================================================  ==========================

``scope`` is the field the subject is ranked in, as written (全国, 全省, 国内,
全球, 行业, 长治市乃至晋东南地区 …), and ``scope_level`` its level (world,
national, province, city, county, region, industry, or "" when the text gives
none).  Words that only rank with a scope (最大, 第一, 首次, 率先, 领先, 前列)
need one right before them, with at most a short noun phrase in between
(全国LED企业第一阵营); so 第一资源, 最大限度 and 首次来到 are no superlatives.
A clause that frames a field (放眼全国市场,它都是领先的佼佼者) gives the scope of
the next clause; the phrase is then the ranking words alone.  首次 and 率先 rank
only after a scope word (全国, 全省, 国内 …): after a place name they date an
event (在潞州区首次核酸检测之后, after the district's first round of tests).
``subject`` is the noun phrase the phrase ranks (the one after it, else the
one before it in the clause).
"""
from __future__ import annotations

import re


from ...text.sentences import sentence_bounds
from ..records import Superlative
from .subjects import NOUN_TAGS, noun_phrase, tag_plain

#: Scope words, longest first, and their level.
SCOPES: dict[str, str] = {
    "全世界": "world", "世界上": "world", "国内外": "world", "海内外": "world", "世界": "world", "全球": "world", "国际上": "world", "国际": "world",
    "全国": "national", "国内": "national", "我国": "national", "中国": "national", "国家": "national",
    "全省": "province", "省内": "province", "我省": "province", "全市": "city", "市内": "city",
    "我市": "city", "全区": "county", "全县": "county", "县内": "county", "区内": "county",
    "同行业": "industry", "行业内": "industry", "行业": "industry", "业内": "industry", "同类": "industry",
    "亚洲": "region", "华北": "region", "中部": "region", "北方": "region", "区域": "region",
    "史上": "record",
}
_PLACE_LEVEL = {"地区": "region", "省": "province", "市": "city", "县": "county", "区": "county"}
_SCOPE_RE = re.compile("|".join(sorted(map(re.escape, SCOPES), key=len, reverse=True)))

#: Phrases that rank on their own, and those that need a scope before them.
_FREE = {
    "first": r"首(?:台套|台\(套\)|个|家|台|套|座|条|款|例|创|部|所)",
    "only": r"唯一|独家|仅有的|独一无二",
    "gap_filled": r"填补(?:了)?[^,。;:!?\n]{0,14}?空白",
    "record": r"创(?:下)?(?:历史)?新高(?![地度效质端水层峰校级])|历史(?:最好|最高|最佳)(?:水平)?|有史以来",
}
_SCOPED = {
    "first": r"第一(?:个|家|台|套|座|条|款|例|所|部)|首次|率先",
    "superlative": r"(?:规模)?最(?:大|高|多|长|早|先进|完整|全|强|优|快|好|具|低|少|小)(?:规模)?",
    "top": (r"前列|前(?:[一二三四五六七八九十]|\d{1,3})(?:名|位|强)?|第一(?:方阵|阵营|梯队|名|位)|领先(?:的佼佼者)?"
            r"|之首|佼佼者|一流|顶尖|头号"),
}
_KINDS = {**{f"f_{k}": k for k in _FREE}, **{f"s_{k}": k for k in _SCOPED}}
_PHRASE_RE = re.compile("|".join(
    [f"(?P<f_{k}>{v})" for k, v in _FREE.items()] + [f"(?P<s_{k}>{v})" for k, v in _SCOPED.items()]))
#: After these, the phrase is part of another word (最大限度, 最大化, 前列腺).
_NOT_AFTER = re.compile(r"限度|化|腺")
_CLAUSE_END = ",。;:!?、\n“”()《》"
_MAX_GAP = 8
#: Words jieba tags as places that name no field (城市中率先 is no scope).
_NOT_PLACES = {"城市", "城乡", "城区", "城镇", "乡村", "农村", "地方", "老区", "山区", "边疆", "基层"}


def _level(scope: str) -> str:
    if not scope:
        return ""
    last = scope.split("乃至")[-1]
    if last in SCOPES:
        return SCOPES[last]
    for suffix, level in _PLACE_LEVEL.items():
        if last.endswith(suffix):
            return level
    return ""


def _clause_start(text: str, pos: int, limit: int = 24) -> int:
    lo = pos
    while lo > 0 and pos - lo < limit and text[lo - 1] not in _CLAUSE_END:
        lo -= 1
    return lo


def _scope_before(text: str, pos: int) -> tuple[int, str]:
    """(start, scope) of the field named right before ``pos`` (at most a short gap between), else (pos, "")."""
    lo = _clause_start(text, pos)
    before = text[lo:pos]
    best = None
    for m in _SCOPE_RE.finditer(before):
        if len(before) - m.end() <= _MAX_GAP:
            best = (lo + m.start(), m.group())
    offset, previous = lo, ""
    for word, tag in tag_plain(before):
        place = (tag == "ns" and len(word) >= 2) or (len(word) >= 3 and word.endswith(("地区", "省", "市", "县")))
        if word == "地区" and previous:  # 晋东南 + 地区
            place, word, offset = True, previous + word, offset - len(previous)
        if (place and word[0] not in "该本我全各" and word not in _NOT_PLACES
                and len(before) - (offset - lo + len(word)) <= _MAX_GAP and (best is None or offset >= best[0])):
            best = (offset, word)
        previous = word if tag == "ns" else ""
        offset += len(word)
    if best is None:
        return pos, ""
    start, scope = best
    if text[max(0, start - 2):start] == "乃至":  # 长治市乃至晋东南地区: from the city to the region
        inner_start, inner = _scope_before(text, start - 2)
        if inner and inner_start + len(inner) == start - 2:
            start, scope = inner_start, text[inner_start:start] + scope
    return start, scope


#: A clause that frames a field for the next one: 放眼全国市场, 纵观全省.
_FRAME_RE = re.compile(r"(?:放眼|纵观|环顾|综观)(" + _SCOPE_RE.pattern + r")[^,。;:!?\n]{0,6}$")
#: Ranking words used as adjectives: their subject is the noun right after (头号重点项目).
_ADJECTIVAL = ("一流", "顶尖", "头号")
#: Ranking words that are events after a place name (潞州区首次核酸检测): they need a scope word.
_EVENT_WORDS = ("首次", "率先")


def _framed_scope(text: str, pos: int) -> str:
    """The field framed by the clause before the one at ``pos`` (放眼全国市场,它都是…), else ""."""
    lo = _clause_start(text, pos, limit=40)
    if lo == 0 or text[lo - 1] not in ",;":
        return ""
    m = _FRAME_RE.search(text[_clause_start(text, lo - 1, limit=40):lo - 1])
    return m.group(1) if m else ""


def _subject(text: str, start: int, end: int) -> str:
    """The noun phrase a superlative ranks: after it (全国唯一的X), else before it (X系全省首家)."""
    after = re.split(r"[,。;:!?\n()《》]", text[end:end + 40], maxsplit=1)[0].replace("“", "").replace("”", "")
    if text[start:end].endswith(_ADJECTIVAL):  # 国内顶尖高校清华大学: the nouns right after
        nouns = ""
        for word, tag in tag_plain(after[:12]) if after else []:
            if tag[:1] != "n" or len(nouns) + len(word) > 6 or (nouns and tag in ("nr", "ns", "nt", "nz")):
                break
            nouns += word
        if nouns:
            return nouns
    if "的" in after[:30]:  # 全国唯一全面反映…历史的大型革命纪念馆: the head after the last 的
        after = after[after.rindex("的", 0, 30) + 1:]
    after = re.split(r"[、和与及在是为]", after.lstrip("的之"), maxsplit=1)[0][:16]
    tokens = list(tag_plain(after)) if after else []
    if tokens and (tokens[-1][1] in NOUN_TAGS or tokens[-1][1] == "vn") and tokens[0][1] not in ("v", "p", "r", "d"):
        return after  # 全省首家数字化育苗工厂: the phrase up to its head noun
    forward = (noun_phrase(tokens, +1) or noun_phrase(tokens, -1)) if tokens else ""
    if forward:
        return forward
    link = r"(系|是|为|成为|成功|实现|被评为|获评|跻身|位居|处于|居|的|了|在|其中|也|均|都|并)+$"
    lo = _clause_start(text, start)
    before = re.sub(link, "", text[lo:start])
    if not before.strip() and lo > 0:  # X,是全国唯一…: the subject ends the clause before
        before = re.sub(link, "", text[_clause_start(text, lo - 1):lo - 1])
    tokens = list(tag_plain(before)) if before else []
    phrase = noun_phrase(tokens, -1)
    if not phrase and len(tokens) == 1 and len(tokens[0][0]) >= 2 and tokens[0][1][:1] in "nv":
        phrase = tokens[-1][0]  # 产能国内前五: jieba tags 产能 as a verb
    return phrase


def find_superlatives(text: str) -> list[Superlative]:
    """The superlative step of :func:`czlib.annotate`: superlatives in ``text`` as given (no normalising)."""
    out: list[Superlative] = []
    for m in _PHRASE_RE.finditer(text):
        group = m.lastgroup
        kind = _KINDS[group]
        if kind in ("first", "superlative", "top") and _NOT_AFTER.match(text, m.end()):
            continue
        start, scope = _scope_before(text, m.start()) if kind != "record" else (m.start(), "")
        if m.group() in _EVENT_WORDS and scope not in SCOPES:
            start, scope = m.start(), ""
        if group.startswith("s_") and not scope:
            scope = _framed_scope(text, m.start())
        if group.startswith("s_") and not scope:
            continue  # 最大, 第一个, 领先 rank only against a field the text names
        if kind == "gap_filled" and not scope:
            inner = _SCOPE_RE.search(m.group())
            scope = inner.group() if inner else ""
        if out and start < out[-1].end:
            continue
        s0, s1 = sentence_bounds(text, start)  # the claims' sentences
        out.append(Superlative(kind=kind, phrase=text[start:m.end()], scope=scope, scope_level=_level(scope),
                               subject=_subject(text, start, m.end()), start=start, end=m.end(),
                               sentence=text[s0:s1], sentence_start=s0))
    return out


SUPERLATIVE_COLUMNS = ["doc_id", "article_id", "kind", "phrase", "scope", "scope_level", "subject", "source",
                       "quote_start", "start", "end", "sentence_start", "sentence"]


