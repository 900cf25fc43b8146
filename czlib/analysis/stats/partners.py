"""Partner institutions: organisations outside the corpus's home city that the coverage names as working with it.

The home is the corpus's (:mod:`czlib.corpus.registry.home`); the actors table's ``inside_changzhi`` column (name kept
for the seed tables) says whether a mention's home place lies inside it.  An organisation outside the home is
not a partner just because it is named.  The rules, each of which the
table records as ``not_partner_because`` so that every exclusion can be read back:

- **home**: its home place is inside the home city, or unknown;
- **government**: a party or government body (provincial and national bodies direct, they do not partner),
  including a zone's administrative committee (中关村管委会, 管理委员会: the government of the zone);
- **title**: the name is part of a person's honour, not their employer (中国工程院院士: an academician of the
  Chinese Academy of Engineering), or of an event's name (中国工程院第十七次院士大会);
- **own unit**: the text says the organisation was built or set up (构建起北京药物研究院等四大研发平台,
  在北京设立研发中心) without naming a co-founder: a local actor's own platform, not a partner.

An institution (organisations rolled up to their root, :func:`czlib.analysis.stats.network.org_root`) is a partner
when at least one of its mentions is.
"""
from __future__ import annotations

import re

import pandas as pd

from ..actors.gazetteer import Gazetteer
from .network import org_root

PARTNER_COLUMNS = ["doc_id", "article_id", "name", "canonical", "institution", "type", "based_in", "start", "end",
                   "partner", "not_partner_because", "partner_institution", "context"]

_ADMIN_COMMITTEE = ("管委会", "管理委员会")
_TITLE_AFTER = re.compile(r"院士(?!工作站|专家工作站|工作室|站)")
_EVENT_AFTER = re.compile(r"第[一二三四五六七八九十百0-9]+(?:次|届)[^,。;、]{0,6}?(?:大会|会议|年会|论坛)")
# 构建起……, 设立……, 建成…… before the organisation in its clause; a co-founder (与/和/联合/携手 …) makes it joint
_FOUNDED_BEFORE = re.compile(r"(?:构建起?|建立起?|设立|组建|成立|建成|建起|创建|打造)[^,。;]{0,12}$")
_CO_FOUNDER = re.compile(r"与|和|同|联合|携手|共建|合作")


def _clause_before(text: str, start: int) -> str:
    lo = start
    while lo > 0 and text[lo - 1] not in ",。;!?\n" and start - lo < 40:
        lo -= 1
    return text[lo:start]


def not_partner_because(text: str, start: int, end: int, canonical: str, org_type: str,
                        inside_changzhi: object) -> str:
    """Why the organisation mentioned at ``text[start:end]`` is not a partner (``""`` when it is one)."""
    if inside_changzhi is not False and inside_changzhi != "False":
        return "home inside the home city or unknown"
    if org_type == "government":
        return "government or party body"
    if canonical.endswith(_ADMIN_COMMITTEE) or text[start:end].endswith(_ADMIN_COMMITTEE):
        return "administrative committee (a government body)"
    after = text[end:end + 16]
    if _TITLE_AFTER.match(after):
        return "part of an honorary title (院士)"
    if _EVENT_AFTER.match(after):
        return "part of an event's name"
    before = _clause_before(text, start)
    founded = _FOUNDED_BEFORE.search(before)
    if founded and not _CO_FOUNDER.search(before):
        return "built or set up by the actor of the sentence (its own unit)"
    return ""


def partner_table(mentions: pd.DataFrame, articles: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per organisation mention outside the home city, with ``partner`` and why not (``not_partner_because``).

    ``mentions`` is the actors table, ``articles`` the articles table (for the text around each mention).
    ``institution`` is the organisation's root; ``partner`` says whether this mention shows a partner,
    ``partner_institution`` whether any mention of the institution does (中国科学院 named in an event's name
    is still a partner institution through 中科院半导体研究所).  ``context`` is the sentence of the mention.
    """
    texts = dict(zip(articles["article_id"], articles["text"]))
    orgs = mentions[(mentions["kind"] == "org") & (mentions["inside_changzhi"].astype("string") == "False")]
    rows = []
    for m in orgs.itertuples(index=False):
        text = texts.get(m.article_id, "") or ""
        why = not_partner_because(text, int(m.start), int(m.end), m.canonical, m.type, False)
        lo = max(text.rfind("。", 0, int(m.start)) + 1, text.rfind("\n", 0, int(m.start)) + 1)
        hi = min((i for i in (text.find("。", int(m.end)), text.find("\n", int(m.end))) if i >= 0), default=len(text))
        parent = m.parent if isinstance(m.parent, str) else ""
        rows.append({"doc_id": m.doc_id, "article_id": m.article_id, "name": m.name, "canonical": m.canonical,
                     "institution": org_root(m.canonical, parent, gazetteer), "type": m.type,
                     "based_in": m.based_in, "start": int(m.start), "end": int(m.end), "partner": why == "",
                     "not_partner_because": why, "partner_institution": False, "context": text[lo:hi + 1]})
    table = pd.DataFrame(rows, columns=PARTNER_COLUMNS)
    table["partner"] = table["partner"].astype(bool)  # bool even when empty: a mask selects rows, not columns
    partner_roots = set(table.loc[table["partner"].astype(bool), "institution"])
    table["partner_institution"] = table["institution"].isin(partner_roots)
    return table.reset_index(drop=True)
