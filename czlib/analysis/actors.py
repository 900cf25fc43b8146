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
2. **jieba tokens** (``czlib.text.segment.tokenize`` with the corpus user dictionary
   when it is installed, plain ``jieba.posseg`` otherwise): word boundaries decide
   where an organisation name starts (stop at verbs, prepositions, particles) and
   how long a personal name is; nr/ns tokens add candidates the patterns miss.
3. **A generic gazetteer** shipped with the package (``czlib/data/orgs_cn.csv``): national
   bodies, academies, state-owned groups, banks, universities and hospitals by their official short
   forms (科技部, 中科院山西煤化所, 国开行), always on; and rules for departments, lists of
   organisations and development zones (:mod:`czlib.analysis.org_rules`).
4. **A curated gazetteer** kept with the corpus (``corpus/curation/gazetteer_*.csv``):
   canonical organisation names, their aliases (中科潞安 → 山西中科潞安紫外光电科技有限公司,
   中科院 → 中国科学院), types and home places; places with their administrative
   level and whether they lie inside the corpus's home city; known people with English names.
   A corpus without one gets the general gazetteer at its home (:mod:`czlib.corpus.home`: provinces,
   prefecture-level cities, counties and the home's standard bodies, 市科技局 → {city}科学技术局).

The corpus gazetteer can be switched off (``use_gazetteer=False``) to measure how much
the pattern, token and package layers find by themselves.

Offsets: every mention has ``start``/``end`` with ``text[start:end] == name``.
Mentions never overlap; organisations win over places, places over people.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import pandas as pd

from ..text.segment import Token
from .gazetteer import EMPTY_GAZETTEER, Gazetteer, _is_cjk, default_gazetteer
from .ner import entity_spans
from .organisations import MentionDraft, find_orgs, find_places, org_type_from_name, place_level, tokenize
from .reconcile import reconcile_orgs, reconcile_places
from .org_rules import resolve_bare_zones
from .persons import find_people, title_before, _dictionary_pos, _surname_len
from .records import Mention, require_text
from .speech import is_invoked

# --------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------

def _resolve_gazetteer(gazetteer: Gazetteer | None, use_gazetteer: bool) -> Gazetteer:
    if not use_gazetteer:
        return EMPTY_GAZETTEER
    return gazetteer if gazetteer is not None else default_gazetteer()


def _find_drafts(text: str, gaz: Gazetteer, tokens: Sequence[Token] | None, use_gazetteer: bool,
                 known_names: Iterable[str], use_model: bool = True) -> list[MentionDraft]:
    require_text(text, "extract_actors")
    toks = list(tokens) if tokens is not None else tokenize(text, corpus_dictionary=use_gazetteer)
    spans = entity_spans(text) if use_model else None
    known_names = frozenset(known_names) | frozenset(gaz.people)
    bounds = {t.start for t in toks} | {t.end for t in toks}
    orgs = find_orgs(text, gaz, toks)
    if spans is not None:
        orgs = reconcile_orgs(text, orgs, spans, gaz, org_type_from_name, known_names, title_before, bounds)
    places = find_places(text, gaz, toks, [(o.start, o.end) for o in orgs])
    if spans is not None:
        places = reconcile_places(text, places, orgs, spans, gaz, place_level, known_names, title_before,
                                  bounds)
    resolve_bare_zones(orgs, places, text, gaz)
    people = find_people(text, gaz, toks, orgs, places, known_names, proposed=spans)
    out = sorted(orgs + places + people, key=lambda m: (m.start, m.end))
    for m in out:
        assert text[m.start:m.end] == m.name
    return out


def find_actors(text: str, tokens: Sequence[Token] | None = None, *, gazetteer: Gazetteer | None = None,
                use_gazetteer: bool = True, known_names: Iterable[str] = (), use_model: bool = True) -> list[Mention]:
    """The actor step of :func:`czlib.annotate`: mentions in ``text`` as given (no normalising)."""
    gaz = _resolve_gazetteer(gazetteer, use_gazetteer)
    return [m.freeze() for m in _find_drafts(text, gaz, tokens, use_gazetteer, known_names, use_model)]


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
        for m in find_actors(s, gazetteer=gazetteer, use_gazetteer=use_gazetteer, known_names=[interviewee]):
            if m.kind == "person" and m.name == interviewee:
                out[interviewee] = _header_row(m, "interviewee")
        if interviewee not in out:
            out[interviewee] = {"name": interviewee, "role": irole, "role_type": "", "role_types": "",
                                "affiliation": "", "affiliations": "", "source": "interviewee"}
    for fname in ("byline", "credit"):
        s = field_(fname)
        if not s:
            continue
        people = [m for m in find_actors(s, gazetteer=gazetteer, use_gazetteer=use_gazetteer)
                  if m.kind == "person"]
        if not people:
            # a bare list of names: 李家鸣、崔笛洋 / 桑梓 (the writers of the piece)
            parts = [p for p in re.split(r"[、,\s]+", s) if p]
            if parts and all(_surname_len(p, True) and 2 <= len(p) <= 4 and all(map(_is_cjk, p)) for p in parts):
                for p in parts:
                    pen = _is_pseudonym(p, field_("kind"))
                    out.setdefault(p, {"name": p, "role": "笔名" if pen else "作者",
                                       "role_type": "pseudonym" if pen else "journalist", "role_types": "",
                                       "affiliation": "", "affiliations": "", "source": fname})
            continue
        for m in people:
            if m.name not in out:
                row = _header_row(m, fname)
                if not row["role_type"]:  # a name without a title: a writer, or a pen name (桑梓)
                    pen = not row["role"] and _is_pseudonym(m.name, field_("kind"))
                    row["role_type"] = "pseudonym" if pen else "journalist"
                    row["role"] = row["role"] or ("笔名" if pen else "")
                out[m.name] = row
    return list(out.values())


def _is_pseudonym(name: str, kind: str) -> bool:
    """A bare byline that is also an ordinary word (桑梓 "home town", 钟声 "bell") signs a commentary with a pen name.

    Outside commentaries only a word jieba does not tag as a name counts: a reporter may be called 李娜.
    """
    pos = _dictionary_pos(name)
    if pos is None:
        return False
    return kind in _OPINION_KINDS or not pos.startswith("nr")


_OPINION_KINDS = {"commentary", "editorial"}


def _header_row(m: Mention, source: str) -> dict:
    return {"name": m.name, "role": m.role, "role_type": m.role_type, "role_types": m.role_types,
            "affiliation": m.affiliation, "affiliations": m.affiliations, "source": source}


# --------------------------------------------------------------------------------------
# Table rows (one article at a time; czlib.pipeline concatenates them)
# --------------------------------------------------------------------------------------

ACTOR_COLUMNS = ["doc_id", "article_id", "kind", "name", "canonical", "type", "role", "role_type",
                 "affiliation", "based_in", "inside_changzhi", "parent", "source", "start", "end",
                 "role_types", "affiliations", "english"]


def actor_rows(article: dict, mentions: Sequence[Mention]) -> list[dict]:
    """Rows of the actors table for one article: one per mention in its ``text``."""
    rows = []
    for m in mentions:
        d = m.as_dict()
        d["doc_id"], d["article_id"] = article["doc_id"], article["article_id"]
        rows.append({c: d[c] for c in ACTOR_COLUMNS})
    return rows


def actors_frame(rows: list[dict]) -> pd.DataFrame:
    """The actors table from its rows: typed columns, sorted by doc_id, article_id, start, kind."""
    df = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    df["inside_changzhi"] = df["inside_changzhi"].astype("boolean")
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df.sort_values(["doc_id", "article_id", "start", "kind"], kind="stable").reset_index(drop=True)


PEOPLE_COLUMNS = ["doc_id", "article_id", "kind", "name", "role", "role_type", "role_types", "affiliation",
                  "affiliations", "n_mentions", "first_start", "source", "english", "invoked_authority"]


def _merge_roles(roles: Iterable[str]) -> str:
    """Distinct roles, dropping one that a longer role already contains (教授 in 清华大学教授)."""
    roles = list(dict.fromkeys(r for r in roles if r))
    keep = [r for r in roles if not any(r != o and r in o for o in roles)]
    return "; ".join(keep)


def people_rows(article: dict, header: Sequence[dict], mentions: Sequence[Mention],
                gazetteer: Gazetteer) -> list[dict]:
    """Rows of the people table for one article: one per person, merging text mentions and header facts.

    ``kind`` is the article kind; ``role`` joins the distinct roles given
    (``; ``); ``role_type`` and ``affiliation`` come from the first mention that
    gives a role (the header for interviewees); ``affiliations`` lists every
    organisation named in a role; ``n_mentions`` counts text mentions (0 for a
    person only in the header); ``source`` joins where the person was found:
    ``text`` and the header fields ``interviewee``, ``byline``, ``credit``
    (e.g. ``interviewee+text``; ``page_credit`` once per page, see :func:`people_frame`);
    ``role_types`` every role type the roles give; ``invoked_authority`` is
    true when every text mention cites the person as an authority
    (:func:`czlib.analysis.speech.is_invoked`: 习近平总书记 … 重要讲话), not as
    someone acting or speaking in the events reported.
    """
    text = article.get("text", "") or ""
    by_name: dict[str, list] = {}
    for h in header:
        by_name.setdefault(h["name"], []).append((h["source"], h))
    for m in mentions:
        if m.kind == "person":
            by_name.setdefault(m.name, []).append(("text", m))
    rows = []
    for name, items in by_name.items():
        facts = [(src, (x if isinstance(x, dict) else _header_row(x, "text"))) for src, x in items]
        with_role = [f for _, f in facts if f["role"]]
        first = with_role[0] if with_role else facts[0][1]
        affs = list(dict.fromkeys(a for _, f in facts for a in f["affiliations"].split("; ") if a))
        sources = {src for src, _ in facts}
        text_ms = [x for src, x in items if src == "text"]
        rows.append({
            "doc_id": article["doc_id"], "article_id": article["article_id"], "kind": article.get("kind", ""),
            "name": name,
            "role": _merge_roles(f["role"] for _, f in facts),
            "role_type": next((f["role_type"] for f in (with_role or [first]) if f["role_type"]), ""),
            "role_types": "; ".join(dict.fromkeys(t for _, f in facts
                                                  for t in (f["role_types"] or f["role_type"]).split("; ") if t)),
            "affiliation": first["affiliation"] or (affs[0] if affs else ""),
            "affiliations": "; ".join(affs),
            "n_mentions": len(text_ms),
            "first_start": min((x.start for x in text_ms), default=-1),
            "source": "+".join(sorted(sources)),
            "english": gazetteer.people[name].english if name in gazetteer.people else "",
            "invoked_authority": bool(text_ms) and all(is_invoked(text, x.start, x.end) for x in text_ms),
        })
    return rows


def _page_credits_once(rows: list[dict]) -> list[dict]:
    """A credit repeated under every article of a page (文字/王晶晶 图片/…) is one credit of the page.

    A person found only in the ``credit`` field of two or more articles of one document keeps one row, in
    the first of them, with ``source`` ``page_credit``.
    """
    seen: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["source"] == "credit" and r["n_mentions"] == 0:
            seen.setdefault((r["doc_id"], r["name"]), []).append(r)
    drop = set()
    for group in seen.values():
        if len({r["article_id"] for r in group}) >= 2:
            first = min(group, key=lambda r: r["article_id"])
            drop.update(id(r) for r in group if r is not first)
    out = []
    for r in rows:
        if id(r) in drop:
            continue
        if r["source"] == "credit" and (r["doc_id"], r["name"]) in seen and \
                len({x["article_id"] for x in seen[(r["doc_id"], r["name"])]}) >= 2:
            r = {**r, "source": "page_credit"}
        out.append(r)
    return out


def people_frame(rows: list[dict]) -> pd.DataFrame:
    """The people table from its rows (page credits once per page), sorted by doc_id, article_id, name."""
    df = pd.DataFrame(_page_credits_once(rows), columns=PEOPLE_COLUMNS)
    return df.sort_values(["doc_id", "article_id", "name"], kind="stable").reset_index(drop=True)
