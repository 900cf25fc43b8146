"""Documented overrides: what the splitter cannot decide from a page's form, fixed by the corpus curator.

``corpus/curation/overrides.toml`` lists entries that match an article (by
document and title or text) and set a field (kind, title, byline …), each with
its reason; every override applied is logged, and an entry that matches
nothing is an error naming the file.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from .articles import KINDS, Article
from .cleaning import LogEntry

# --- overrides ---------------------------------------------------------------

class OverrideError(ValueError):
    """An override entry that is malformed or matches no article (the message names the file)."""


def load_overrides(path: Path | None) -> list[dict]:
    """Read the article override file (TOML, ``[[override]]`` tables); [] when absent."""
    if path is None or not Path(path).exists():
        return []
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise OverrideError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("override", [])
    for n, entry in enumerate(entries, start=1):
        if "doc_id" not in entry or not ({"title", "text_startswith"} & set(entry)):
            raise OverrideError(f"{path}: override #{n} needs doc_id and title or text_startswith")
        if "reason" not in entry:
            raise OverrideError(f"{path}: override #{n} must say why (reason = ...)")
        if not ({"set", "merge_into"} & set(entry)):
            raise OverrideError(f"{path}: override #{n} does nothing (needs set or merge_into)")
    return entries


def _matches(art: Article, entry: dict) -> bool:
    if "title" in entry and art.title != entry["title"]:
        return False
    if "text_startswith" in entry and not art.text.startswith(entry["text_startswith"]):
        return False
    return True


def apply_overrides(articles: list[Article], entries: list[dict], doc_id: str,
                    source: str = "overrides.toml") -> tuple[list[Article], list[LogEntry]]:
    """Apply the overrides for one document; an override that matches nothing is an error."""
    log: list[LogEntry] = []
    for n, entry in enumerate(entries, start=1):
        if entry["doc_id"] != doc_id:
            continue
        hits = [a for a in articles if _matches(a, entry)]
        if len(hits) != 1:
            raise OverrideError(f"{source}: override #{n} for {doc_id} matches {len(hits)} articles, expected 1")
        art = hits[0]
        where = art.lines[0] if art.lines else 0
        if "merge_into" in entry:
            targets = [a for a in articles if a.title == entry["merge_into"] and a is not art]
            if len(targets) != 1:
                raise OverrideError(f"{source}: override #{n}: merge target {entry['merge_into']!r} not found in {doc_id}")
            target = targets[0]
            offset = len(target.paragraphs)
            if art.title and art.title not in art.paragraphs[:1]:
                target.section_heads.append(offset)
                target.paragraphs.append(art.title)
                target.para_lines.append(tuple(art.header_lines[:1]))
                offset += 1
            target.section_heads.extend(offset + s for s in art.section_heads)
            target.paragraphs.extend(art.paragraphs)
            target.para_lines.extend(art.para_lines)
            target.header_lines.extend(art.header_lines)
            target.override = "; ".join(filter(None, [target.override, f"merged: {entry['reason']}"]))
            articles = [a for a in articles if a is not art]
            log.append(LogEntry(doc_id, "override", f"merged into {target.title!r}", where, entry["reason"]))
        for key, value in entry.get("set", {}).items():
            if key not in ("kind", "title", "kicker", "subtitle", "byline", "credit"):
                raise OverrideError(f"{source}: override #{n}: cannot set {key!r}")
            if key == "kind" and value not in KINDS:
                raise OverrideError(f"{source}: override #{n}: unknown kind {value!r} (one of {', '.join(KINDS)})")
            setattr(art, key, value)
            art.override = "; ".join(filter(None, [art.override, f"{key}: {entry['reason']}"]))
            log.append(LogEntry(doc_id, "override", f"set {key} = {value!r}", where, entry["reason"]))
    return articles, log
