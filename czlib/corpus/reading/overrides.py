"""Documented overrides: what the splitter cannot decide from a page's form, fixed by the corpus curator.

``corpus/curation/overrides.toml`` lists entries that match an article (by
document and title or text) and set a field (kind, title, byline …), each with
its reason; every override applied is logged, and an entry that matches
nothing is an error naming the file.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .articles import KINDS, Article
from .cleaning import LogEntry
from ...text.curation import CurationFileError


class OverrideError(CurationFileError):
    """An override entry that is malformed or matches no article (the message names the file)."""


_OVERRIDE_HEADER = re.compile(r"^\s*\[\[\s*override\s*\]\]")
SETTABLE = ("kind", "title", "kicker", "subtitle", "byline", "credit")


def _entry_lines(text: str) -> list[int]:
    """Line numbers of the ``[[override]]`` headers, in order (entry n starts on the n-th)."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if _OVERRIDE_HEADER.match(line)]


def _entry_problems(entry: dict) -> list[str]:
    problems = []
    if "doc_id" not in entry or not ({"title", "text_startswith"} & set(entry)):
        problems.append("needs doc_id and title or text_startswith")
    if "reason" not in entry:
        problems.append("must say why (reason = ...)")
    if not ({"set", "merge_into"} & set(entry)):
        problems.append("does nothing (needs set or merge_into)")
    settings = entry.get("set", {})
    if not isinstance(settings, dict):
        problems.append("set must be a table, e.g. set = { kind = \"news\" }")
        settings = {}
    for key, value in settings.items():
        if key not in SETTABLE:
            problems.append(f"cannot set {key!r} (only {', '.join(SETTABLE)})")
        elif key == "kind" and value not in KINDS:
            problems.append(f"unknown kind {value!r} (one of {', '.join(KINDS)})")
    return problems


def override_problems(path: Path | str | None, doc_ids: set[str] | None = None) -> list[str]:
    """Every malformed entry of an override file, as 'FILE line N: override #k ...'; [] when sound or absent.

    With ``doc_ids`` (the registered documents), an entry for a document that
    is not registered is reported too (it would silently do nothing).
    """
    if path is None or not Path(path).exists():
        return []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{path}: cannot be read as UTF-8 ({exc})"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"{path}: not valid TOML: {exc}"]
    lines = _entry_lines(text)
    entries = data.get("override", [])
    if not isinstance(entries, list):
        return [f"{path}: 'override' must be a list of [[override]] tables"]
    problems = []
    for n, entry in enumerate(entries, start=1):
        where = f"{path} line {lines[n - 1]}" if n <= len(lines) else str(path)
        if not isinstance(entry, dict):
            problems.append(f"{where}: override #{n} is not a table")
            continue
        problems += [f"{where}: override #{n} {problem}" for problem in _entry_problems(entry)]
        if doc_ids is not None and "doc_id" in entry and entry["doc_id"] not in doc_ids:
            problems.append(f"{where}: override #{n} is for doc_id {entry['doc_id']!r}, "
                            "which is not registered (it would do nothing)")
    return problems


def load_overrides(path: Path | None) -> list[dict]:
    """Read the article override file (TOML, ``[[override]]`` tables); [] when absent.

    Raises :class:`OverrideError` naming the file and the line of the first
    malformed entry (:func:`override_problems` lists them all).
    """
    if path is None or not Path(path).exists():
        return []
    problems = override_problems(path)
    if problems:
        raise OverrideError(problems[0])
    return tomllib.loads(Path(path).read_text(encoding="utf-8")).get("override", [])


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
            if key not in SETTABLE:
                raise OverrideError(f"{source}: override #{n}: cannot set {key!r}")
            if key == "kind" and value not in KINDS:
                raise OverrideError(f"{source}: override #{n}: unknown kind {value!r} (one of {', '.join(KINDS)})")
            setattr(art, key, value)
            art.override = "; ".join(filter(None, [art.override, f"{key}: {entry['reason']}"]))
            log.append(LogEntry(doc_id, "override", f"set {key} = {value!r}", where, entry["reason"]))
    return articles, log
