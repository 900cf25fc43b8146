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
2. **jieba tokens** (``czlib.text.segmentation.segment.tokenize`` with the corpus user dictionary
   when it is installed, plain ``jieba.posseg`` otherwise): word boundaries decide
   where an organisation name starts (stop at verbs, prepositions, particles) and
   how long a personal name is; nr/ns tokens add candidates the patterns miss.
3. **A generic gazetteer** shipped with the package (``czlib/data/orgs_cn.csv``): national
   bodies, academies, state-owned groups, banks, universities and hospitals by their official short
   forms (科技部, 中科院山西煤化所, 国开行), always on; and rules for departments, lists of
   organisations and development zones (:mod:`czlib.analysis.actors.org_rules`).
4. **A curated gazetteer** kept with the corpus (``corpus/curation/gazetteer_*.csv``):
   canonical organisation names, their aliases (中科潞安 → 山西中科潞安紫外光电科技有限公司,
   中科院 → 中国科学院), types and home places; places with their administrative
   level and whether they lie inside the corpus's home city; known people with English names.
   A corpus without one gets the general gazetteer at its home (:mod:`czlib.corpus.registry.home`: provinces,
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

from ...text.segmentation.segment import Token
from .gazetteer import EMPTY_GAZETTEER, Gazetteer, is_cjk, default_gazetteer
from .ner import entity_spans
from .organisations import MentionDraft, find_orgs, find_places, org_type_from_name, place_level, tokenize
from .reconcile import reconcile_orgs, reconcile_places
from .org_rules import resolve_bare_zones
from .persons import find_people, title_before, dictionary_pos, surname_len
from ..records import Mention, require_text

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
                out[interviewee] = person_facts(m, "interviewee")
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
            if parts and all(surname_len(p, True) and 2 <= len(p) <= 4 and all(map(is_cjk, p)) for p in parts):
                for p in parts:
                    pen = _is_pseudonym(p, field_("kind"))
                    out.setdefault(p, {"name": p, "role": "笔名" if pen else "作者",
                                       "role_type": "pseudonym" if pen else "journalist", "role_types": "",
                                       "affiliation": "", "affiliations": "", "source": fname})
            continue
        for m in people:
            if m.name not in out:
                row = person_facts(m, fname)
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
    pos = dictionary_pos(name)
    if pos is None:
        return False
    return kind in _OPINION_KINDS or not pos.startswith("nr")


_OPINION_KINDS = {"commentary", "editorial"}


def person_facts(m: Mention, source: str) -> dict:
    """What a person mention says of the person, as the people table merges it (``source``: where found)."""
    return {"name": m.name, "role": m.role, "role_type": m.role_type, "role_types": m.role_types,
            "affiliation": m.affiliation, "affiliations": m.affiliations, "source": source}


# --------------------------------------------------------------------------------------
# The columns of the actors and people tables (rows: czlib.analysis.doc_rows)
# --------------------------------------------------------------------------------------

ACTOR_COLUMNS = ["doc_id", "article_id", "kind", "name", "canonical", "type", "role", "role_type",
                 "affiliation", "based_in", "inside_changzhi", "parent", "source", "start", "end",
                 "role_types", "affiliations", "english"]


PEOPLE_COLUMNS = ["doc_id", "article_id", "kind", "name", "role", "role_type", "role_types", "affiliation",
                  "affiliations", "n_mentions", "first_start", "source", "english", "invoked_authority"]


