"""Integrity of a corpus folder: metadata.csv against raw/, checksums, duplicates by content.

Every reader of a corpus checks what it can afford: ``czlib check`` everything
(each file read, decoded and fingerprinted); ``czlib tables``,
:func:`czlib.load_articles` and :func:`czlib.corpus.registry.registry.corpus_documents`
the metadata against the folder (duplicate ids, missing, unregistered or
misplaced files: file-system calls only) and each file's checksum as they read
it anyway, so a corpus of 10⁵ documents is read once.  A problem found while
reading is a :class:`CorpusIntegrityError`, which names the file; a folder
without metadata is read with an :class:`UnverifiedCorpusWarning`.
"""
from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Iterable

from ..reading.decoding import CorpusFileError
from ..reading.reading import DOCUMENT_SUFFIXES

# Fields a registered document must fill in (title_en, url and notes may stay empty;
# title_en is an English gloss of the title for readers who do not read Chinese).
REQUIRED_FIELDS = ["doc_id", "file", "title", "outlet", "date", "date_precision", "date_source", "sha256"]
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class CorpusIntegrityError(CorpusFileError):
    """The corpus does not match its metadata (checksum, ids, files); the message names the file.

    ``problems`` lists every problem found; the message shows the first and
    how many more there are.
    """

    def __init__(self, problems: Iterable[str], corpus_dir: Path | str = ""):
        self.problems = list(problems)
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        first = self.problems[0] if self.problems else "corpus does not match its metadata"
        more = len(self.problems) - 1
        message = first
        if more:
            where = f" --corpus {self.corpus_dir}" if self.corpus_dir else ""
            message += f"\n(and {more} more problem(s): `czlib check{where}` lists them all)"
        self.path = Path(first.split(": ", 1)[0]) if ": " in first else (self.corpus_dir or Path("."))
        self.problem = first
        ValueError.__init__(self, message)

    def __reduce__(self):
        return type(self), (self.problems, self.corpus_dir or "")


class UnverifiedCorpusWarning(UserWarning):
    """A folder read without metadata.csv: no checksums, nothing to verify the files against."""


def unverified_notice(folder: Path) -> str:
    return (f"{folder}: no metadata.csv, so the files are read unverified (no checksums); "
            "register them with `czlib add` for a checked corpus")


def checksum_problem(path: Path | str, expected: str, actual: str) -> str | None:
    """The message for a raw file whose bytes are not the registered ones, else None."""
    expected = (expected or "").lower()
    if not expected or expected == actual:
        return None
    return (f"{path}: checksum mismatch: metadata.csv has {expected[:12]}..., the file has {actual[:12]}... "
            "(raw files must never be edited: restore the original bytes, or register a new version with "
            "`czlib add`)")


def verify_checksum(path: Path | str, expected: str, actual: str, corpus_dir: Path | str = "") -> None:
    """Raise :class:`CorpusIntegrityError` when a raw file's SHA-256 is not the registered one."""
    problem = checksum_problem(path, expected, actual)
    if problem:
        raise CorpusIntegrityError([problem], corpus_dir)


def parse_iso_date(value: str) -> tuple[str, str]:
    """Parse an ISO date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.

    Returns ``(iso, precision)`` with precision 'year', 'month' or 'day'.
    Raises ValueError saying what is wrong (e.g. '2024-13', '22/4/2022').
    """
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if not match:
        raise ValueError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r}: month {int(month)} is out of range 1-12")
    if day is not None:
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{value!r}: day {int(day)} does not exist in {year}-{month}") from None
        return text, "day"
    return text, ("month" if month is not None else "year")


def _date_problem(value: str, precision: str) -> str | None:
    try:
        _, parsed = parse_iso_date(value)
    except ValueError as exc:
        return f"unparseable date: {exc}"
    if precision and precision != parsed:
        return f"date_precision {precision!r} does not match date {value!r} ({parsed})"
    return None


def _entries(folder: Path) -> dict[str, os.DirEntry]:
    """The entries of a folder by name (one scandir: type and link status without a stat per file)."""
    try:
        with os.scandir(folder) as scan:
            return {entry.name: entry for entry in scan}
    except OSError:
        return {}


def _is_document(entry: os.DirEntry) -> bool:
    return (not entry.name.startswith(".") and os.path.splitext(entry.name)[1].lower() in DOCUMENT_SUFFIXES
            and entry.is_file())


def document_files(folder: Path) -> list[Path]:
    """The document files of a folder: ``.txt`` and saved web pages (``.html``, ``.htm``), no hidden files."""
    return [Path(p) for p in sorted(entry.path for entry in _entries(folder).values() if _is_document(entry))]


def metadata_problems(corpus_dir: Path, metadata_path: Path, raw_dir: Path,
                      records: list[tuple[int, dict[str, str]]]) -> tuple[list[str], list[tuple[int, dict, Path]]]:
    """Check metadata rows against the folder without reading any file (one listing of raw/).

    Returns ``(problems, files)``: each problem names the file and the
    metadata line; ``files`` are the ``(line, row, path)`` of registered files
    that exist inside raw/ and can be read (for checksums and decoding).
    """
    problems: list[str] = []
    files: list[tuple[int, dict, Path]] = []
    if not raw_dir.is_dir():
        problems.append(f"{raw_dir}: raw folder does not exist")
    corpus_str = os.path.abspath(corpus_dir)
    raw_str = os.path.normpath(os.path.abspath(raw_dir))
    raw_root = raw_dir.resolve()
    entries = _entries(raw_dir)
    registered: set[str] = set()
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}

    for line, row in records:
        where = f"{metadata_path} line {line}"
        doc_id, rel = row["doc_id"], row["file"]
        path = corpus_dir / rel if rel else None
        name = str(path) if path else f"{where} (doc_id {doc_id!r})"

        for field in REQUIRED_FIELDS:
            if not row[field]:
                problems.append(f"{name}: {where}: required field {field!r} is empty; fill it in")
        if doc_id:
            if doc_id in seen_ids:
                problems.append(f"{name}: {where}: duplicate doc_id {doc_id!r} "
                                f"(already on line {seen_ids[doc_id]}); remove the repeated row")
            else:
                seen_ids[doc_id] = line
        if row["date"] and (problem := _date_problem(row["date"], row["date_precision"])):
            problems.append(f"{name}: {where}: {problem}; correct it in metadata.csv")
        if path is None:
            continue
        lexical = os.path.normpath(os.path.join(corpus_str, rel))
        folder, file_name = os.path.split(lexical)
        stem = os.path.splitext(file_name)[0]
        if doc_id and doc_id != stem:
            problems.append(f"{name}: {where}: doc_id {doc_id!r} is not the file stem {stem!r} "
                            "(the doc_id is the file name without its ending)")
        if folder != raw_str:
            problems.append(f"{name}: {where}: file {rel!r} is not directly inside {raw_dir} "
                            "(register files with `czlib add`, which copies them there)")
            continue
        registered.add(file_name)
        entry = entries.get(file_name)
        resolved = file_name
        if entry is not None and entry.is_symlink():
            target = path.resolve()
            if target.parent != raw_root:
                problems.append(f"{name}: is a symbolic link to {target}, outside {raw_dir} (registered in "
                                f"{where}); raw files must be real files: put the original file back")
                continue
            resolved = target.name
        if resolved in seen_files:
            problems.append(f"{name}: {where}: file registered twice (also on line {seen_files[resolved]}); "
                            "remove one of the rows")
            continue
        seen_files[resolved] = line
        if entry is None or not entry.is_file():
            problems.append(f"{name}: missing file (registered in {where}); restore it from a copy, "
                            "or remove its row")
            continue
        files.append((line, row, path))

    for file_name in sorted(entries):
        if file_name not in registered and _is_document(entries[file_name]):
            problems.append(f"{raw_dir / file_name}: unregistered file: not listed in {metadata_path} "
                            "(register new articles with `czlib add`; remove stray files)")
    return problems, files
