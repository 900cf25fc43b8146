"""Corpus integrity and registration: ``corpus/metadata.csv`` against ``corpus/raw``.

A corpus folder holds ``raw/*.txt`` (verbatim source files, never edited) and
``metadata.csv`` (one row per document).  This module reads and validates the
metadata, checks every raw file against its recorded SHA-256 checksum
(``czlib check``), registers new articles (``czlib add``, the only writer
under ``raw/``), and lists the documents of any folder, with or without
metadata, for the articles loader (``corpus_documents``).
"""
from __future__ import annotations

import csv
import datetime
import io
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from .. import config
from .decoding import CorpusFileError, sha256_bytes
from .reading import DOCUMENT_SUFFIXES, is_html, read_document, read_webpage
from .pubdate import publication_date

METADATA_NAME = "metadata.csv"
RAW_NAME = "raw"
METADATA_COLUMNS = [
    "doc_id", "file", "title", "title_en", "outlet", "date", "date_precision",
    "date_source", "url", "sha256", "notes",
]
# Fields a registered document must fill in (title_en, url and notes may stay empty;
# title_en is an English gloss of the title for readers who do not read Chinese).
REQUIRED_FIELDS = ["doc_id", "file", "title", "outlet", "date", "date_precision", "date_source", "sha256"]
ADD_DATE_SOURCE = "given by czlib add"

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DOC_INDEX = re.compile(r"^(\d+)_")


# --------------------------------------------------------------------------- dates

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


def infer_date(text: str) -> tuple[str, str, str]:
    """Find the publication date a text states, for folders without metadata.

    Returns ``(iso, precision, date_source)``; the source names the raw line.
    The page header wins (a labelled "发布时间: 2022-04-27" or "时间:…" line,
    a bare "2013-10-15 08:37 来源:…" line, split forms), then a dateline with
    a year, a labelled date elsewhere, and last the first full written date
    ("2022年4月27日"), which may be an event date rather than the publication
    date, and the source says so; otherwise ``('', '', ...)``.  Partial dates
    ("5月30日", "2023年", a dateline without a year) are not used: they need a
    reader.  See ``czlib.corpus.pubdate``.
    """
    found = publication_date(text)
    if found is None or not found.iso:
        why = f"; {found.source} has no year" if found is not None else ""
        return "", "", "no full date stated in the text" + why
    return found.iso, found.precision, f"inferred from the text: {found.source}"


# --------------------------------------------------------------------------- metadata

def _read_metadata_records(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read metadata.csv strictly; return (columns, [(line number, row), ...])."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusFileError(path, f"is not UTF-8: {exc}") from None
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusFileError(path, "is empty (expected a header line: " + ",".join(METADATA_COLUMNS) + ")") from None
    header = [name.strip() for name in header]
    missing = [name for name in METADATA_COLUMNS if name not in header]
    if missing:
        raise CorpusFileError(path, f"missing column(s) {', '.join(missing)}; "
                                    f"expected columns: {','.join(METADATA_COLUMNS)}")
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise CorpusFileError(path, f"column(s) named twice in the header: {', '.join(duplicated)}")
    records = []
    line = reader.line_num
    for fields in reader:
        start = line + 1
        line = reader.line_num
        if not any(field.strip() for field in fields):
            continue  # blank line
        if len(fields) != len(header):
            raise CorpusFileError(path, f"line {start} has {len(fields)} fields, the header has {len(header)}")
        records.append((start, {name: value.strip() for name, value in zip(header, fields)}))
    return header, records


def read_metadata(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """Read ``<corpus_dir>/metadata.csv``.

    Returns a DataFrame of str columns (empty cells are ''), the standard
    columns first.  Raises CorpusFileError naming metadata.csv when it is
    missing, not UTF-8, lacks a column or has a malformed line.
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    header, records = _read_metadata_records(corpus_dir / METADATA_NAME)
    columns = METADATA_COLUMNS + [name for name in header if name not in METADATA_COLUMNS]
    frame = pd.DataFrame([row for _, row in records], columns=columns, dtype=str)
    return frame.fillna("").astype(str).reset_index(drop=True)


def _write_metadata_atomically(metadata_path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """Write rows (sorted by doc_id) to a temp file next to metadata.csv; return its path.

    The caller moves it into place with os.replace, so metadata.csv is never half-written.
    """
    rows = sorted(rows, key=lambda row: row["doc_id"])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    fd, tmp_name = tempfile.mkstemp(prefix=".metadata.", suffix=".csv.tmp", dir=metadata_path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())
    return Path(tmp_name)


# --------------------------------------------------------------------------- check

def _raw_txt_files(raw_dir: Path) -> list[Path]:
    """The document files of a folder: ``.txt`` and saved web pages (``.html``, ``.htm``)."""
    if not raw_dir.is_dir():
        return []
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                  and not p.name.startswith("."))


def check_corpus(corpus_dir: Path | str | None = None) -> list[str]:
    """Verify raw files against metadata.csv and their SHA-256 checksums.

    Returns a list of problems (empty when the corpus is sound); each names
    the file and what is wrong: missing or unregistered file, checksum
    mismatch, empty/binary/undecodable file, unparseable date, duplicate
    doc_id, doc_id that is not the file stem, missing required field.
    Reads only; never writes.
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    metadata_path = corpus_dir / METADATA_NAME
    raw_dir = corpus_dir / RAW_NAME
    if not corpus_dir.is_dir():
        return [f"{corpus_dir}: corpus folder does not exist"]
    if not metadata_path.is_file():
        return [f"{metadata_path}: missing (register documents with `czlib add`)"]
    try:
        _, records = _read_metadata_records(metadata_path)
    except CorpusFileError as exc:
        return [str(exc)]

    problems: list[str] = []
    if not raw_dir.is_dir():
        problems.append(f"{raw_dir}: raw folder does not exist")
    raw_root = raw_dir.resolve()
    registered: set[Path] = set()
    seen_ids: dict[str, int] = {}
    seen_files: dict[Path, int] = {}
    seen_sha: dict[str, str] = {}

    for line, row in records:
        where = f"{metadata_path} line {line}"
        doc_id, rel = row["doc_id"], row["file"]
        path = corpus_dir / rel if rel else None
        name = str(path) if path else f"{where} (doc_id {doc_id!r})"

        for field in REQUIRED_FIELDS:
            if not row[field]:
                problems.append(f"{name}: {where}: required field {field!r} is empty")

        if doc_id:
            if doc_id in seen_ids:
                problems.append(f"{name}: {where}: duplicate doc_id {doc_id!r} "
                                f"(already on line {seen_ids[doc_id]})")
            else:
                seen_ids[doc_id] = line

        if row["date"]:
            try:
                _, precision = parse_iso_date(row["date"])
            except ValueError as exc:
                problems.append(f"{name}: {where}: unparseable date: {exc}")
            else:
                if row["date_precision"] and row["date_precision"] != precision:
                    problems.append(f"{name}: {where}: date_precision {row['date_precision']!r} "
                                    f"does not match date {row['date']!r} ({precision})")

        if path is None:
            continue
        if doc_id and doc_id != path.stem:
            problems.append(f"{name}: {where}: doc_id {doc_id!r} is not the file stem {path.stem!r}")
        resolved = path.resolve()
        if resolved.parent != raw_root:
            problems.append(f"{name}: {where}: file {rel!r} is not directly inside {raw_dir}")
            continue
        if resolved in seen_files:
            problems.append(f"{name}: {where}: file registered twice (also on line {seen_files[resolved]})")
            continue
        seen_files[resolved] = line
        registered.add(resolved)
        if not path.is_file():
            problems.append(f"{name}: missing file (registered in {where})")
            continue

        data = path.read_bytes()
        actual = sha256_bytes(data)
        expected = row["sha256"].lower()
        if expected and actual != expected:
            problems.append(f"{name}: checksum mismatch: metadata.csv has {expected[:12]}..., "
                            f"the file has {actual[:12]}... (raw files must never be edited)")
        if actual in seen_sha:
            problems.append(f"{name}: same content as {seen_sha[actual]} (registered twice)")
        else:
            seen_sha[actual] = doc_id or rel
        try:
            read_document(path)
        except CorpusFileError as exc:
            problems.append(str(exc))

    for path in _raw_txt_files(raw_dir):
        if path.resolve() not in registered:
            problems.append(f"{path}: unregistered file: not listed in {metadata_path} "
                            "(register new articles with `czlib add`)")
    return problems


# --------------------------------------------------------------------------- documents

def corpus_documents(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """List the documents of a corpus folder, with metadata.

    Returns one row per document, str columns ``METADATA_COLUMNS + ['path']``
    (``path`` is the absolute file path), sorted by doc_id.  With a
    metadata.csv, rows come from it (unregistered raw files are left out,
    with a warning; ``czlib check`` reports them).  Without one (a bare
    folder of .txt files, or a folder with raw/), doc_id is the file stem,
    title the first non-empty line, outlet '', and the date is inferred
    from the text where it states one (see ``infer_date``).
    Raises CorpusFileError naming the folder when it holds no documents.
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    if not corpus_dir.is_dir():
        raise CorpusFileError(corpus_dir, "corpus folder does not exist")
    metadata_path = corpus_dir / METADATA_NAME
    if metadata_path.is_file():
        frame = read_metadata(corpus_dir)
        frame["path"] = [str((corpus_dir / rel).resolve()) for rel in frame["file"]]
        listed = set(frame["path"])
        unlisted = [p.name for p in _raw_txt_files(corpus_dir / RAW_NAME) if str(p.resolve()) not in listed]
        if unlisted:
            warnings.warn(f"{metadata_path}: raw file(s) not registered, left out: {', '.join(unlisted)}",
                          stacklevel=2)
    else:
        raw_dir = corpus_dir / RAW_NAME
        files = _raw_txt_files(raw_dir) if raw_dir.is_dir() else _raw_txt_files(corpus_dir)
        frame = pd.DataFrame([_describe_unregistered(path, corpus_dir) for path in files],
                             columns=METADATA_COLUMNS + ["path"], dtype=str)
    if frame.empty:
        raise CorpusFileError(corpus_dir, "holds no documents (no .txt files in it or in raw/)")
    return frame.fillna("").astype(str).sort_values("doc_id", kind="stable").reset_index(drop=True)


def _describe_unregistered(path: Path, corpus_dir: Path) -> dict[str, str]:
    """Metadata for a file in a folder without metadata.csv, from the file itself."""
    doc = read_document(path)
    title = next((line.strip() for line in doc.text.split("\n") if line.strip()), "")
    date, precision, source = infer_date(doc.text)
    outlet = read_webpage(path).sitename if is_html(path, path.read_bytes()) else ""
    return {
        "doc_id": path.stem,
        "file": path.relative_to(corpus_dir).as_posix(),
        "title": title,
        "outlet": outlet,
        "date": date,
        "date_precision": precision,
        "date_source": source,
        "url": "",
        "sha256": doc.sha256,
        "notes": "no metadata.csv: title is the first non-empty line; outlet unknown",
        "path": str(path.resolve()),
    }


# --------------------------------------------------------------------------- add

def _next_index(raw_dir: Path, doc_ids: list[str]) -> int:
    """One more than the largest NNN_ prefix among registered ids and raw files."""
    used = [int(m.group(1)) for name in list(doc_ids) + [p.stem for p in _raw_txt_files(raw_dir)]
            if (m := _DOC_INDEX.match(name))]
    return max(used, default=-1) + 1


def add_document(file: Path | str, title: str | None, date: str | None, outlet: str | None, url: str = "",
                 corpus_dir: Path | str | None = None, title_en: str = "") -> dict[str, str]:
    """Copy a new article verbatim into ``<corpus_dir>/raw`` and register it in metadata.csv.

    A saved web page (HTML) keeps its ``.html`` ending, and a title, date,
    outlet or URL not given is taken from the page (its headline, publication
    date, site name and canonical URL); for a text file they must be given.

    Validates first (the file loads, so empty/binary/undecodable files are
    refused; the date parses; title and outlet are given; the same bytes are
    not already registered), then copies the bytes unchanged to
    ``raw/<NNN>_<sha256[:16]>.txt`` and rewrites metadata.csv (sorted by
    doc_id) through a temp file.  On any failure nothing is left behind.
    Returns the new metadata row as a dict.  Raises CorpusFileError naming
    the file and the problem.
    """
    file = Path(file)
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    metadata_path = corpus_dir / METADATA_NAME
    raw_dir = corpus_dir / RAW_NAME

    if not file.is_file():
        raise CorpusFileError(file, "does not exist or is not a file")
    doc = read_document(file)  # refuses empty, binary and undecodable files
    html = is_html(file, file.read_bytes())
    if html:
        page = read_webpage(file)
        title = title or page.title
        date = date or page.date
        outlet = outlet or page.sitename
        url = url or page.url
    missing = [f"--{name}" for name, value in (("title", title), ("date", date), ("outlet", outlet)) if not value]
    if missing:
        where = "the page does not state it" if html else "a text file carries no metadata"
        raise CorpusFileError(file, f"{', '.join(missing)} needed ({where})")
    try:
        iso, precision = parse_iso_date(date)
    except ValueError as exc:
        raise CorpusFileError(file, f"--date: {exc}") from None
    fields = {"title": title, "outlet": outlet, "url": url or "", "title_en": title_en or ""}
    for name, value in fields.items():
        if "\n" in value or "\r" in value:
            raise CorpusFileError(file, f"--{name} must be a single line")
        fields[name] = value.strip()
    for name in ("title", "outlet"):
        if not fields[name]:
            raise CorpusFileError(file, f"--{name} is empty")

    if metadata_path.is_file():
        header, records = _read_metadata_records(metadata_path)
        rows = [row for _, row in records]
    else:
        header, rows = list(METADATA_COLUMNS), []
    for row in rows:
        if row["sha256"].lower() == doc.sha256:
            raise CorpusFileError(file, f"is already registered as {row['doc_id']} ({row['file']})")

    doc_id = f"{_next_index(raw_dir, [row['doc_id'] for row in rows]):03d}_{doc.sha256[:16]}"
    target = raw_dir / f"{doc_id}{'.html' if html else '.txt'}"
    if target.exists():
        raise CorpusFileError(target, "already exists; refusing to overwrite a raw file")
    new_row = {name: "" for name in header}
    new_row.update({
        "doc_id": doc_id,
        "file": f"{RAW_NAME}/{target.name}",
        "title": fields["title"],
        "title_en": fields["title_en"],
        "outlet": fields["outlet"],
        "date": iso,
        "date_precision": precision,
        "date_source": ADD_DATE_SOURCE,
        "url": fields["url"],
        "sha256": doc.sha256,
        "notes": f"added from {file.name} (encoding {doc.encoding})",
    })

    raw_dir.mkdir(parents=True, exist_ok=True)
    tmp_metadata = _write_metadata_atomically(metadata_path, header, rows + [new_row])
    try:
        shutil.copyfile(file, target)
        if sha256_bytes(target.read_bytes()) != doc.sha256:
            raise CorpusFileError(file, "changed while being copied; nothing registered")
        os.replace(tmp_metadata, metadata_path)
    except BaseException:
        target.unlink(missing_ok=True)  # it did not exist before: only a partial copy of ours
        tmp_metadata.unlink(missing_ok=True)
        raise
    return new_row
