"""Every table's rows for one article, derived from its :class:`~czlib.analysis.doc.Doc`, and the tables.

:func:`doc_rows` is the one way from a Doc (and the article row: ids, kind,
date, the people its header names) to the rows of the actors, people,
quotes, claims, superlatives, dates and numeric-mentions tables;
:func:`table_frame` turns the rows of many articles into one table (typed
columns, fixed order).  :mod:`czlib.pipeline` calls both; the column lists
stay with the module that defines each table's record.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

from ..text.sentences import sentence_bounds
from .actors import actors
from .claims import claims, dates
from .voice import quotes as quotes_
from .claims import superlatives as superlatives_
from .actors.actors import person_facts
from .doc import Doc
from .actors.gazetteer import Gazetteer
from .records import Claim, DateMention, Mention, NumericMention, Quote, Superlative
from .voice.speech import is_invoked


def doc_rows(article: dict, doc: Doc, header: Sequence[dict], gazetteer: Gazetteer) -> dict[str, list[dict]]:
    """``{table name: rows}`` of one article from its Doc; ``header`` are :func:`czlib.analysis.actors.actors.header_people`'s."""
    people = _people_rows(article, header, doc.mentions, gazetteer)
    return {
        "actors": _actor_rows(article, doc.mentions),
        "people": people,
        "quotes": _quote_rows(article, doc.quotes, people),
        "claims": _claim_rows(article, doc.claims),
        "superlatives": _superlative_rows(article, doc.superlatives, doc.quotes),
        "dates": _date_rows(article, doc.dates),
        "numeric_mentions": _numeric_rows(article, doc.numeric),
    }


def table_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """The table ``name`` (a key of :func:`doc_rows`'s result) from the rows of its articles."""
    return _FRAMES[name](rows)


def _actor_rows(article: dict, mentions: Sequence[Mention]) -> list[dict]:
    """Rows of the actors table for one article: one per mention in its ``text``."""
    rows = []
    for m in mentions:
        d = m.as_dict()
        d["doc_id"], d["article_id"] = article["doc_id"], article["article_id"]
        rows.append({c: d[c] for c in actors.ACTOR_COLUMNS})
    return rows


def _actors_frame(rows: list[dict]) -> pd.DataFrame:
    """The actors table from its rows: typed columns, sorted by doc_id, article_id, start, kind."""
    df = pd.DataFrame(rows, columns=actors.ACTOR_COLUMNS)
    df["inside_changzhi"] = df["inside_changzhi"].astype("boolean")
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df.sort_values(["doc_id", "article_id", "start", "kind"], kind="stable").reset_index(drop=True)


def _merge_roles(roles: Iterable[str]) -> str:
    """Distinct roles, dropping one that a longer role already contains (教授 in 清华大学教授)."""
    roles = list(dict.fromkeys(r for r in roles if r))
    keep = [r for r in roles if not any(r != o and r in o for o in roles)]
    return "; ".join(keep)


def _people_rows(article: dict, header: Sequence[dict], mentions: Sequence[Mention],
                gazetteer: Gazetteer) -> list[dict]:
    """Rows of the people table for one article: one per person, merging text mentions and header facts.

    ``kind`` is the article kind; ``role`` joins the distinct roles given
    (``; ``); ``role_type`` and ``affiliation`` come from the first mention that
    gives a role (the header for interviewees); ``affiliations`` lists every
    organisation named in a role; ``n_mentions`` counts text mentions (0 for a
    person only in the header); ``source`` joins where the person was found:
    ``text`` and the header fields ``interviewee``, ``byline``, ``credit``
    (e.g. ``interviewee+text``; ``page_credit`` once per page, see :func:`_people_frame`);
    ``role_types`` every role type the roles give; ``invoked_authority`` is
    true when every text mention cites the person as an authority
    (:func:`czlib.analysis.voice.speech.is_invoked`: 习近平总书记 … 重要讲话), not as
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
        facts = [(src, (x if isinstance(x, dict) else person_facts(x, "text"))) for src, x in items]
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


def _people_frame(rows: list[dict]) -> pd.DataFrame:
    """The people table from its rows (page credits once per page), sorted by doc_id, article_id, name."""
    df = pd.DataFrame(_page_credits_once(rows), columns=actors.PEOPLE_COLUMNS)
    return df.sort_values(["doc_id", "article_id", "name"], kind="stable").reset_index(drop=True)


def _quote_rows(article: dict, quotes: Sequence[Quote], people: Sequence[dict]) -> list[dict]:
    """Rows of the quotes table for one article, with the role the article gives each speaker.

    ``people`` are the article's rows of the people table
    (:func:`_people_rows`).
    """
    facts = {p["name"]: p for p in people}
    rows = []
    for q in quotes:
        f = facts.get(q.speaker)
        rows.append({"doc_id": article["doc_id"], "article_id": article["article_id"],
                     "speaker": q.speaker, "speaker_canonical": q.speaker,
                     "speaker_role": f["role"] if f is not None else "",
                     "speaker_role_type": f["role_type"] if f is not None else "",
                     "speaker_affiliation": f["affiliation"] if f is not None else "",
                     "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
                     "quote": q.quote, "quote_start": q.quote_start, "quote_end": q.quote_end,
                     "cue": q.cue, "cue_type": q.cue_type, "kind": q.kind, "via": q.via,
                     "invoked": q.invoked, "n_chars": len(q.quote)})
    return rows


def _quotes_frame(rows: list[dict]) -> pd.DataFrame:
    """The quotes table from its rows, sorted by doc_id, article_id, quote_start."""
    df = pd.DataFrame(rows, columns=quotes_.QUOTE_COLUMNS)
    return df.sort_values(["doc_id", "article_id", "quote_start"], kind="stable").reset_index(drop=True)


def _claim_rows(article: dict, found: Sequence[Claim]) -> list[dict]:
    """Rows of the claims table for one article's claims; ``claim_id`` is ``<article_id>@<start>``."""
    return [{"claim_id": f"{article['article_id']}@{c.start}", "doc_id": article["doc_id"],
             "article_id": article["article_id"], **c.as_dict()} for c in found]


def _claims_frame(rows: list[dict]) -> pd.DataFrame:
    """The claims table from its rows, sorted by doc_id, article_id, start."""
    table = pd.DataFrame(rows, columns=claims.CLAIM_COLUMNS)
    table["value"] = table["value"].astype(float)
    table["value_max"] = table["value_max"].astype(float)
    table["std_value"] = table["std_value"].astype(float)
    table["std_value_max"] = table["std_value_max"].astype(float)
    table["quote_start"] = table["quote_start"].astype("Int64")
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


def _numeric_rows(article: dict, mentions: Sequence[NumericMention]) -> list[dict]:
    """Rows of the numeric-mentions table for one article: every number with its kind."""
    return [{"doc_id": article["doc_id"], "article_id": article["article_id"], **m.as_dict()} for m in mentions]


def _numeric_mentions_frame(rows: list[dict]) -> pd.DataFrame:
    """The numeric-mentions table from its rows, sorted by doc_id, article_id, start."""
    table = pd.DataFrame(rows, columns=claims.NUMERIC_MENTION_COLUMNS)
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


def _date_rows(article: dict, mentions: Sequence[DateMention]) -> list[dict]:
    """Rows of the dates table for one article's date mentions, each resolved against the article's ``date``."""
    text = article["text"]
    doc_date = article.get("date")
    doc_date = doc_date if isinstance(doc_date, str) else None
    rows = []
    for m in mentions:
        s_start, s_end = sentence_bounds(text, m.start)
        d = m.as_dict()
        rows.append({"doc_id": article["doc_id"], "article_id": article["article_id"], **d,
                     "resolved": dates.resolve_date(d, doc_date), "sentence": text[s_start:s_end]})
    return rows


def _dates_frame(rows: list[dict]) -> pd.DataFrame:
    """The dates table from its rows: nullable integer year/month/day, sorted by doc_id, article_id, start."""
    table = pd.DataFrame(rows, columns=dates.DATE_COLUMNS)
    for col in ("year", "month", "day"):
        table[col] = table[col].astype("Int64")
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


def _superlative_rows(article: dict, superlatives: Sequence[Superlative], quotes: Sequence[Quote] = ()) -> list[dict]:
    """Rows of the superlatives table for one article; ``source`` as in the claims table."""
    rows = []
    sources = claims.QuoteSources(quotes)
    for s in superlatives:
        source, quote_start = sources.source_of(s.start)
        rows.append({"doc_id": article["doc_id"], "article_id": article["article_id"], **s.as_dict(),
                     "source": source, "quote_start": quote_start})
    return [{c: r[c] for c in superlatives_.SUPERLATIVE_COLUMNS} for r in rows]


def _superlatives_frame(rows: list[dict]) -> pd.DataFrame:
    """The superlatives table from its rows, sorted by doc_id, article_id, start."""
    table = pd.DataFrame(rows, columns=superlatives_.SUPERLATIVE_COLUMNS)
    table["quote_start"] = table["quote_start"].astype("Int64")
    return table.sort_values(["doc_id", "article_id", "start"], kind="stable").reset_index(drop=True)


_FRAMES = {
    "actors": _actors_frame,
    "people": _people_frame,
    "quotes": _quotes_frame,
    "claims": _claims_frame,
    "superlatives": _superlatives_frame,
    "dates": _dates_frame,
    "numeric_mentions": _numeric_mentions_frame,
}
