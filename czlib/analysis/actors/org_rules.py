"""Organisation rules beyond "name + suffix": national bodies by short name, departments, lists, zones.

Used by :func:`czlib.analysis.actors.organisations.find_orgs`; each rule returns candidates
(:class:`OrgCand`) with offsets into the text:

- :func:`lexicon_orgs`: the package gazetteer (``czlib/data/orgs_cn.csv``): ministries,
  commissions, academies, central and Shanxi state-owned groups, banks, universities and
  hospitals by their short forms (科技部, 国家工信部, 中科院山西煤化所, 国开行, 山西农大);
- :func:`department_orgs`: a place and a government department (省人力资源和社会保障厅,
  平顺县农业农村局, 市发改委), read from a pattern with each department's full name;
- :func:`platform_orgs`: national platforms named 国家…工程技术研究中心 / 重点实验室, whose
  names hold 及 and 和;
- :func:`quoted_orgs`: a brand in quotation marks before a workshop word (“南哇哇”加工厂);
- :func:`list_orgs`: the items of an enumeration with a type head (X、Y、Z等企业, A、B五大焦化企业,
  …等为潞安集团下属企业) and the other items of a list most of whose items are organisations;
- :func:`department_units`: a hospital department after a hospital (…第一医院神经外科);
- :func:`zone_canonical`: development zones (长子经开区 → 长子经济技术开发区; a bare 经开区 →
  the zone of the nearest jurisdiction the text names).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, Sequence

from ...text.segmentation.segment import Token, main_frequency
from ...text.spans import SpanSet
from .gazetteer import Gazetteer, lexicon_for


@dataclass
class OrgCand:
    start: int
    end: int
    name: str
    canonical: str
    type: str
    source: str
    parent: str = ""
    based_in: str = ""
    english: str = ""



def _cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)


# ---- the package gazetteer ---------------------------------------------------------------

_PLACE_CONTINUATION = set("府州县城镇乡村路街区")


def lexicon_orgs(text: str, gaz: Gazetteer, starts: set[int], ends: set[int]) -> list[OrgCand]:
    """Package-gazetteer names; a short form of three characters or fewer only as a whole word."""
    lex = lexicon_for(gaz)
    if lex.regex is None:
        return []
    out = []
    for m in lex.regex.finditer(text):
        s, e, surface = m.start(), m.end(), m.group()
        canonical = lex.alias[surface]
        entry = lex.entries[canonical]
        if len(surface) <= 3 and (not (s in starts and e in ends) or text[e:e + 1] in _PLACE_CONTINUATION):
            continue  # 中行 in 进行中; 潞安 in 潞安府 (a place name goes on)
        if lex.levels.get(canonical) == "national" and re.search(r"[省市县区州]$", text[max(0, s - 1):s]):
            continue  # 省社科院, 市发改委: a local body
        if (entry.type == "government" and not surface.startswith(("国家", "中国", "中华"))
                and text[max(0, s - 2):s] == "国家"):
            s -= 2  # 国家科技部, 国家工信部 as the news writes them
        out.append(OrgCand(s, e, text[s:e], canonical, entry.type, "lexicon", entry.parent, entry.based_in,
                           entry.english))
    return out


# ---- departments of provinces, cities and counties ----------------------------------------

#: Department as written → its full name.  With a place before and 厅/局/委/办 after it, it names a
#: government department (省科技厅 = 省科学技术厅, 市发改委 = 市发展和改革委员会).
DEPARTMENTS: dict[str, str] = {
    "科技": "科学技术", "科学技术": "科学技术", "发改": "发展和改革", "发展改革": "发展和改革",
    "发展和改革": "发展和改革", "工信": "工业和信息化", "工业和信息化": "工业和信息化", "教育": "教育",
    "财政": "财政", "人社": "人力资源和社会保障", "人力资源社会保障": "人力资源和社会保障",
    "人力资源和社会保障": "人力资源和社会保障", "自然资源": "自然资源", "规划和自然资源": "规划和自然资源",
    "生态环境": "生态环境", "住建": "住房和城乡建设", "住房城乡建设": "住房和城乡建设",
    "住房和城乡建设": "住房和城乡建设", "交通运输": "交通运输", "水利": "水利", "农业农村": "农业农村",
    "商务": "商务", "文旅": "文化和旅游", "文化和旅游": "文化和旅游", "卫健": "卫生健康", "卫生健康": "卫生健康",
    "应急管理": "应急管理", "应急": "应急管理", "市场监管": "市场监督管理", "市场监督管理": "市场监督管理",
    "统计": "统计", "审计": "审计", "民政": "民政", "公安": "公安", "司法": "司法",
    "退役军人事务": "退役军人事务", "能源": "能源", "林业": "林业", "林业和草原": "林业和草原", "林草": "林业和草原",
    "医保": "医疗保障", "医疗保障": "医疗保障", "国资": "国有资产监督管理", "国有资产监督管理": "国有资产监督管理",
    "行政审批服务管理": "行政审批服务管理", "行政审批": "行政审批服务管理", "大数据": "大数据", "数据": "数据",
    "地方金融监督管理": "地方金融监督管理", "金融": "金融", "乡村振兴": "乡村振兴", "扶贫": "扶贫开发",
    "粮食和物资储备": "粮食和物资储备", "气象": "气象", "税务": "税务", "外事": "外事", "侨务": "侨务",
}
_HEADS = {"委员会": "委员会", "厅": "厅", "局": "局", "委": "委员会", "办公室": "办公室", "办": "办公室"}
_DEPT_RE = re.compile(
    "(?P<dept>" + "|".join(sorted(map(re.escape, DEPARTMENTS), key=len, reverse=True)) + ")"
    "(?P<head>委员会|办公室|厅|局|委|办)(?![\u4e00-\u9fff]{0,1}(?:会|室|公|事))")
_BODY_PREFIX = "省市县区"


def department_orgs(text: str, gaz: Gazetteer, toks: Sequence[Token]) -> list[OrgCand]:
    """省人力资源和社会保障厅, 平顺县农业农村局, 山西省卫生健康委员会, 市发改委: a place and a department."""
    by_end: dict[int, Token] = {t.end: t for t in toks}
    out = []
    for m in _DEPT_RE.finditer(text):
        s = m.start()
        prefix_start = None
        place = by_end.get(s)
        if place is not None and len(place.word) >= 2 and place.word[-1] in _BODY_PREFIX and (
                place.pos == "ns" or place.word in gaz.place_alias):
            prefix_start = place.start  # 山西省, 平顺县 (a place token)
        elif gaz.place_regex is not None:
            for pm in gaz.place_regex.finditer(text, max(0, s - 8), s):
                if pm.end() == s:
                    prefix_start = pm.start()  # 长治市, 屯留区 (a curated place)
                    break
        if prefix_start is None and text[s - 1:s] and text[s - 1] in _BODY_PREFIX:
            prefix_start = s - 1  # 省科技厅, 市发改委
            if text[max(0, s - 2):s - 1] in ("我", "全", "本", "该", "各", "外"):
                prefix_start = None if text[max(0, s - 2):s - 1] in ("全", "各", "外") else s - 1
        if prefix_start is None:
            continue
        full = text[prefix_start:s] + DEPARTMENTS[m.group("dept")] + _HEADS[m.group("head")]
        out.append(OrgCand(prefix_start, m.end(), text[prefix_start:m.end()], full, "government", "pattern"))
    return out


# ---- national platforms, quoted brands ---------------------------------------------------

_PLATFORM_RE = re.compile(r"国家(?P<inner>[\u4e00-\u9fff]{2,22}?)(?:工程技术研究中心|工程研究中心|技术创新中心|"
                          r"重点实验室|工程实验室|制造业创新中心|临床医学研究中心)")
_NOT_IN_PLATFORM = re.compile(r"的|是|在|为|了|将|批复|认定|申报|组建|建设|获批|支持")


def platform_orgs(text: str) -> list[OrgCand]:
    """国家煤基清洁燃料及化学品工程技术研究中心: national platforms, whose names hold 及/和."""
    out = []
    for m in _PLATFORM_RE.finditer(text):
        if not _NOT_IN_PLATFORM.search(m.group("inner")):
            out.append(OrgCand(m.start(), m.end(), m.group(), m.group(), "research_institute", "pattern"))
    return out


_QUOTED_RE = re.compile(r"“(?P<name>[\u4e00-\u9fffA-Za-z]{2,8})”(?P<head>加工厂|合作社|公司|集团|农场|厂|工作室|超市)")


def quoted_orgs(text: str) -> list[OrgCand]:
    """“南哇哇”加工厂: a brand in quotation marks before a workshop word is the organisation's name."""
    return [OrgCand(m.start("name"), m.end("name"), m.group("name"), m.group("name"), "enterprise", "pattern")
            for m in _QUOTED_RE.finditer(text)]


# ---- enumerations -----------------------------------------------------------------------

#: Type heads after a list, and the organisation type they give its items.
TYPE_HEADS = {"企业": "enterprise", "公司": "enterprise", "集团": "enterprise", "厂商": "enterprise",
              "高校": "university", "院校": "university", "大学": "university", "医院": "hospital",
              "科研机构": "research_institute", "科研院所": "research_institute", "院所": "research_institute",
              "研究机构": "research_institute", "单位": "", "机构": "", "部门": "government"}
_HEAD = "|".join(sorted(TYPE_HEADS, key=len, reverse=True))
_COUNT = r"(?:\d+|[一二两三四五六七八九十几多数]+)(?:大|家|个|所)"
#: …等企业, …等18家企业, …等为潞安集团下属企业, …五大焦化企业, …等科研机构和高校
_HEAD_RE = re.compile(
    rf"(?:等(?:{_COUNT})?|等(?:为|是|均为|都是|均是|属于|系)[\u4e00-\u9fff]{{0,10}}?|{_COUNT})"
    rf"[\u4e00-\u9fff]{{0,4}}?(?P<head>{_HEAD})")
_SEP = "、"
_ITEM_BAD = re.compile(r"的|一些|部分|多家|相关|有关|其他|各类|各|等|[0-9]")
_NOT_ITEMS = {"企业", "高校", "医院", "单位", "机构", "政府", "部门", "县区", "乡镇", "园区", "基地", "平台"}
#: Items ending in a kind word describe a kind (高新技术企业, 规模以上科技服务业企业), they name nothing.
_KIND_END = re.compile(r"(企业|高校|单位|机构|院所|部门|主体|组织|团队|农户|大户|基地|平台|项目|工程|产品)$")


def _item_token(t: Token, name_like: Callable[[Token], bool]) -> bool:
    """A token an item of a list of names may hold: name-like, or a rare word (上海|申能, tagged v)."""
    return name_like(t) or (_cjk(t.word) and len(t.word) >= 2 and main_frequency(t.word) < 200
                            and t.pos[:1] in ("v", "a", "n") and t.pos != "vn")


def _item_start(toks: Sequence[Token], tix, end: int, name_like: Callable[[Token], bool]) -> int:
    """Where the first item of a list begins: leftwards over name-like tokens from ``end``."""
    start, k = end, tix.get(end - 1)
    while (k is not None and k >= 0 and toks[k].end == start and _item_token(toks[k], name_like)
           and end - toks[k].start <= 16):
        start = toks[k].start
        k -= 1
    return start


def _item_end(toks: Sequence[Token], tix, start: int, name_like: Callable[[Token], bool]) -> int:
    """Where the last item of a list ends: rightwards over name-like tokens from ``start``."""
    end, k = start, tix.get(start)
    while (k is not None and k < len(toks) and toks[k].start == end and _item_token(toks[k], name_like)
           and toks[k].end - start <= 16):
        end = toks[k].end
        k += 1
    return end


def _list_items(text: str, toks: Sequence[Token], tix, end: int,
                name_like: Callable[[Token], bool]) -> list[tuple[int, int]]:
    """The items of the 、-list ending at ``end`` (the last one may follow 和/及/与), left to right."""
    items: list[tuple[int, int]] = []
    pos = end
    while True:
        lo = max(0, pos - 17)
        window = text[lo:pos]
        cut = max([window.rfind(_SEP)] + ([window.rfind(c) for c in "和及与"] if not items else []))
        if cut < 0 or re.search(r"[,。;:!?\n“”()《》]", window[cut + 1:]):
            break
        items.append((lo + cut + 1, pos))
        pos = lo + cut
    if not items or text[pos] != _SEP and len(items) == 1:
        return []  # a list has at least one 、
    first = _item_start(toks, tix, pos, name_like)
    if first < pos:
        items.append((first, pos))
    return sorted(items)


def _good_item(text: str, s: int, e: int, places: set[tuple[int, int]]) -> bool:
    item = text[s:e]
    return (2 <= len(item) <= 16 and bool(re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9()]+", item))
            and not _ITEM_BAD.search(item) and item not in _NOT_ITEMS and (s, e) not in places
            and not _KIND_END.search(item)
            and not re.search(r"(省|市|县|区|镇|乡|村)$", item) and main_frequency(item) < 2000)


def list_orgs(text: str, toks: Sequence[Token], tix, found: Sequence[OrgCand],
              name_like: Callable[[Token], bool], type_of: Callable[[str], str],
              places: Sequence[tuple[int, int]] = ()) -> list[OrgCand]:
    """Items of enumerations that are organisations by the list they stand in.

    With a type head (X、Y、Z等企业; 麟源煤业、…、华诚焦化五大焦化企业; …等为潞安集团下属企业) every
    item is an organisation of the head's type (or of its own suffix's); without one, the other
    items of a 、-list of at least three items, two of which are organisations already
    (山西机电职业技术学院、维特衡器、德国IBG集团、恒锋文化共同组建).  Places are never items.  An
    item that holds a shorter known name (潞安树脂 holds 潞安) replaces it, as its unit.  Returns
    ``found`` with the items added.
    """
    kept = list(found)
    spans = {(c.start, c.end) for c in found}
    place_spans = set(places)
    out: list[OrgCand] = []
    out_spans = SpanSet()
    # the organisations found so far, by start, for overlap look-ups by binary search
    by_start = sorted(kept, key=lambda c: c.start)
    starts = [c.start for c in by_start]
    longest = max((c.end - c.start for c in kept), default=0)
    removed: set[int] = set()

    def overlapping(s: int, e: int) -> list[OrgCand]:
        """The kept organisations overlapping [s, e), in text order."""
        lo, hi = bisect_left(starts, s - longest), bisect_left(starts, e)
        return [c for c in by_start[lo:hi] if c.end > s and id(c) not in removed]

    def covered(s: int, e: int) -> bool:
        inner = overlapping(s, e)
        if (len(inner) == 1 and inner[0].start == s and inner[0].end < e
                and inner[0].source in ("gazetteer", "lexicon") and _cjk(text[inner[0].end:e])):
            kept.remove(inner[0])  # 潞安|树脂: the item is a unit of the group named at its start
            removed.add(id(inner[0]))
            spans.discard((inner[0].start, inner[0].end))
            parents[(s, e)] = inner[0].canonical
            return False
        return bool(inner) or out_spans.overlaps(s, e)

    parents: dict[tuple[int, int], str] = {}
    for m in _HEAD_RE.finditer(text):
        head_type = TYPE_HEADS[m.group("head")]
        for s, e in _list_items(text, toks, tix, m.start(), name_like):
            if not _good_item(text, s, e, place_spans) or covered(s, e):
                continue
            name = text[s:e]
            out.append(OrgCand(s, e, name, name, type_of(name) or head_type or "enterprise", "list",
                               parent=parents.get((s, e), "")))
            out_spans.add(s, e)
            spans.add((s, e))
    for run in re.finditer(r"[^,。;:!?\n“”《》]+", text):
        parts, pos = [], run.start()
        for piece in run.group().split(_SEP):
            parts.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        if len(parts) < 3:
            continue
        parts[0] = (_item_start(toks, tix, parts[0][1], name_like), parts[0][1])
        parts[-1] = (parts[-1][0], _item_end(toks, tix, parts[-1][0], name_like))
        if sum(p in spans for p in parts) < 2:
            continue
        for s, e in parts:
            if e <= s or not _good_item(text, s, e, place_spans) or main_frequency(text[s:e]) >= 50 or covered(s, e):
                continue  # a common word in a list of names is no name
            name = text[s:e]
            out.append(OrgCand(s, e, name, name, type_of(name) or "enterprise", "list",
                               parent=parents.get((s, e), "")))
            out_spans.add(s, e)
            spans.add((s, e))
    return sorted(kept + out, key=lambda c: c.start)


def propagate_orgs(text: str, found: Sequence[OrgCand]) -> list[OrgCand]:
    """Every other occurrence of a name a list gave (维特衡器 … 在维特衡器正式成立) is a mention too."""
    spans = SpanSet((c.start, c.end) for c in found)
    out = []
    for c in found:
        if c.source != "list":
            continue
        for m in re.finditer(re.escape(c.name), text):
            if not spans.overlaps(m.start(), m.end()):
                out.append(OrgCand(m.start(), m.end(), c.name, c.canonical, c.type, "propagated"))
                spans.add(m.start(), m.end())
    return out


_DEPT_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{1,5}?科(?=[、,。;)]|和|与|及|为|是|$)")


def department_units(text: str, found: list[OrgCand]) -> None:
    """山西医科大学第一医院 + 神经外科: a hospital's department right after it joins the name (parent: the hospital)."""
    starts = {c.start for c in found}
    for c in found:
        if c.type != "hospital":
            continue
        m = _DEPT_UNIT_RE.match(text, c.end)
        if m and m.end() not in starts and _cjk(m.group()) and "医院" not in m.group():
            c.parent, c.end = c.canonical, m.end()
            c.name = c.canonical = text[c.start:c.end]


# ---- development zones ------------------------------------------------------------------

ZONE_FORMS = {"经开区": "经济技术开发区", "经济技术开发区": "经济技术开发区", "经济开发区": "经济开发区",
              "高新区": "高新技术产业开发区", "高新技术产业开发区": "高新技术产业开发区", "开发区": "开发区"}
_ZONE_RE = re.compile("(" + "|".join(sorted(ZONE_FORMS, key=len, reverse=True)) + ")$")


def zone_canonical(name: str, gaz: Gazetteer) -> tuple[str, str] | None:
    """(canonical, based_in) of a zone named with its place: 长子经开区 → (长子经济技术开发区, 长子县)."""
    m = _ZONE_RE.search(name)
    if not m or m.start() == 0:
        return None
    place = name[:m.start()]
    full = place + ZONE_FORMS[m.group(1)]
    if full in gaz.org_alias:
        return gaz.org_alias[full], gaz.orgs[gaz.org_alias[full]].based_in
    canonical_place = gaz.place_alias.get(place) or next(
        (p for p in (place + "县", place + "区", place + "市") if p in gaz.places), "")
    return full, canonical_place


def bare_zone(name: str) -> str | None:
    """The kind of a zone named without its place (经开区 → 经济技术开发区), None for a named zone."""
    return ZONE_FORMS.get(name)


def resolve_bare_zones(mentions: list, places: list, text: str, gaz: Gazetteer) -> None:
    """A bare 经开区/高新区 is the zone of the jurisdiction its paragraph names last before it.

    That is a named zone of the same kind (潞城经开区 … 经开区), or a county, district or city
    (长子县 … 经开区 → 长子经济技术开发区); a body named by its level alone (市科技局+高新区+经开区) or
    no signal at all keeps the gazetteer's reading (the corpus's city zone).
    """
    for m in mentions:
        kind = bare_zone(m.name) if m.kind == "org" else None
        if kind is None:
            continue
        paragraph = text.rfind("\n", 0, m.start) + 1
        signals = [(z.start, "zone", z) for z in mentions
                   if z.kind == "org" and z.type == "development_zone" and bare_zone(z.name) is None
                   and z.canonical.endswith(kind)]
        signals += [(p.start, "place", p) for p in places if p.type in ("district_county", "city")]
        signals += [(o.start, "level", o) for o in mentions
                    if o.kind == "org" and o.name[:1] in "省市县区" and o.type == "government"]
        before = sorted(((s, k, x) for s, k, x in signals if paragraph <= s and x.end <= m.start),
                        key=lambda sig: (sig[1] == "zone", sig[0]))  # a named zone first, then the nearest
        if not before or before[-1][1] == "level":
            continue
        _, how, x = before[-1]
        if how == "zone":
            m.canonical, m.based_in, m.inside_changzhi = x.canonical, x.based_in, x.inside_changzhi
        else:
            short = re.sub(r"(市|县|区)$", "", x.canonical) if len(x.canonical) > 2 else x.canonical
            m.canonical = gaz.org_alias.get(short + kind, short + kind)
            m.based_in, m.inside_changzhi = x.canonical, x.inside_changzhi
