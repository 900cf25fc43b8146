"""Corpus integrity and registration: ``corpus/metadata.csv`` against ``corpus/raw``.

A corpus folder holds ``raw/*.txt`` (verbatim source files, never edited) and
``metadata.csv`` (one row per document).  This module reads and validates the
metadata, checks every raw file against its recorded SHA-256 checksum and the
documents against each other for duplicates by content (``czlib check``),
registers new articles (``czlib add``, the only writer under ``raw/``, one at a
time per corpus), and lists the documents of any folder, with or without
metadata, for the articles loader (``corpus_documents``, which verifies the
metadata against the folder).
"""
from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import pandas as pd

from ... import config
from . import locking
from ..reading.decoding import CorpusFileError, Document, read_raw, sha256_bytes
from .duplicates import DELIBERATE, FingerprintIndex, deliberate_duplicate_of, fingerprint
from .names import FIELD_MAX_CHARS, TITLE_MAX_CHARS, field_problem, name_problem, safe_field, shown
from .integrity import (REQUIRED_FIELDS, CorpusIntegrityError, UnverifiedCorpusWarning, checksum_problem,
                        document_files, metadata_problems, parse_iso_date, unverified_notice)
from ..reading.reading import is_html, read_document
from ..web.pubdate import publication_date
from .reprints import REPRINT_COLUMN, find_reprint
from .registered import INFERRED_NOTE, infer_fields, junk_outlet

__all__ = ["METADATA_COLUMNS", "REQUIRED_FIELDS", "parse_iso_date", "infer_date", "read_metadata",
           "check_corpus", "corpus_documents", "add_document", "CorpusIntegrityError", "UnverifiedCorpusWarning"]

METADATA_NAME = "metadata.csv"
RAW_NAME = "raw"
METADATA_COLUMNS = [
    "doc_id", "file", "title", "title_en", "outlet", "date", "date_precision",
    "date_source", "url", "sha256", "notes",
]
ADD_DATE_SOURCE = "given by czlib add"
#: Years a ``czlib add --date`` may fall in: from the founding of the PRC to next year (None: next year).
DATE_YEARS: tuple[int, int | None] = (1949, None)
#: Seconds a ``czlib add`` waits for another one registering into the same corpus (and a reader for an add).
LOCK_TIMEOUT = 120.0
#: Files from this size on get a line per step of ``czlib add`` (reading, checking, copying).
PROGRESS_BYTES = 1_000_000

_DOC_INDEX = re.compile(r"^(\d+)_")


# --------------------------------------------------------------------------- dates

def infer_date(text: str) -> tuple[str, str, str]:
    """Find the publication date a text states, for folders without metadata.

    Returns ``(iso, precision, date_source)``; the source names the raw line.
    The page header wins (a labelled "发布时间: 2022-04-27" or "时间:…" line,
    a bare "2013-10-15 08:37 来源:…" line, split forms), then a dateline with
    a year, a labelled date elsewhere, and last the first full written date
    ("2022年4月27日"), which may be an event date rather than the publication
    date, and the source says so; otherwise ``('', '', ...)``.  Partial dates
    ("5月30日", "2023年", a dateline without a year) are not used: they need a
    reader.  See ``czlib.corpus.web.pubdate``.
    """
    found = publication_date(text)
    if found is None or not found.iso:
        why = f"; {found.source} has no year" if found is not None else ""
        return "", "", "no full date stated in the text" + why
    return found.iso, found.precision, f"inferred from the text: {found.source}"


def check_date_range(iso: str, years: tuple[int | None, int | None] | None = None) -> None:
    """Raise ValueError when an ISO date's year is outside ``years`` (default :data:`DATE_YEARS`)."""
    first, last = years if years is not None else DATE_YEARS
    first = first if first is not None else 1
    last = last if last is not None else datetime.date.today().year + 1
    year = int(iso[:4])
    if not first <= year <= last:
        raise ValueError(f"{iso!r} is outside the plausible range {first}-{last} "
                         "(a typo? --min-year/--max-year widen the range)")


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
        raise CorpusFileError(path, f"is not UTF-8 (byte offset {exc.start}); re-save it as UTF-8") from None
    physical = content.splitlines()
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusFileError(path, "is empty (expected a header line: " + ",".join(METADATA_COLUMNS) + ")") from None
    except csv.Error as exc:
        raise CorpusFileError(path, f"line 1 is not valid CSV ({exc})") from None
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
    while True:
        start = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CorpusFileError(path, f"line {start} is not valid CSV ({exc})") from None
        line = reader.line_num
        if not any(field.strip() for field in fields):
            continue  # blank line
        if len(fields) != len(header) or any("\n" in f or "\r" in f for f in fields):
            raise CorpusFileError(path, _bad_row(start, line, fields, header, physical))
        records.append((start, {name: value.strip() for name, value in zip(header, fields)}))
    return header, records


def _bad_row(start: int, end: int, fields: list[str], header: list[str], physical: list[str]) -> str:
    """Why a metadata row does not have the header's fields: an unbalanced quote, or a comma out of quotes."""
    text = physical[start - 1] if start - 1 < len(physical) else ""
    if end > start or text.count('"') % 2:
        return (f"line {start}: a double quote (\") opened on this line is never closed, so the row runs on "
                f"{f'to line {end}' if end > start else 'to the end of the line'}; close the quote, and write a "
                'quote inside a field as two ("")')
    return (f"line {start} has {len(fields)} fields, the header has {len(header)} "
            "(a field with a comma must be in double quotes)")


def _metadata_style(path: Path) -> tuple[str, bool]:
    """The line ending (\\n or \\r\\n) and byte-order mark of an existing metadata.csv, kept when it is rewritten."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return "\n", False
    first = head.split(b"\n", 1)[0]
    return ("\r\n" if first.endswith(b"\r") else "\n"), head.startswith(codecs.BOM_UTF8)


def read_metadata(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """Read ``<corpus_dir>/metadata.csv``.

    Returns a DataFrame of str columns (empty cells are ''), the standard
    columns first.  Raises CorpusFileError naming metadata.csv when it is
    missing, not UTF-8, lacks a column or has a malformed line.
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    header, records = _read_metadata_records(corpus_dir / METADATA_NAME)
    return _metadata_frame(header, records)


def _metadata_frame(header: list[str], records: list[tuple[int, dict[str, str]]]) -> pd.DataFrame:
    columns = METADATA_COLUMNS + [name for name in header if name not in METADATA_COLUMNS]
    frame = pd.DataFrame([row for _, row in records], columns=columns, dtype=str)
    return frame.fillna("").astype(str).reset_index(drop=True)


def _write_metadata_atomically(metadata_path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """Write rows (sorted by doc_id) to a temp file next to metadata.csv; return its path.

    The caller moves it into place with os.replace, so metadata.csv is never
    half-written.  The line endings and byte-order mark of the existing file are kept.
    """
    newline, bom = _metadata_style(metadata_path)
    rows = sorted(rows, key=lambda row: row["doc_id"])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    fd, tmp_name = tempfile.mkstemp(prefix=".metadata.", suffix=".csv.tmp", dir=metadata_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            handle.write(buffer.getvalue())
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return Path(tmp_name)


# --------------------------------------------------------------------------- check

def _raw_txt_files(raw_dir: Path) -> list[Path]:
    """The document files of a folder: ``.txt`` and saved web pages (``.html``, ``.htm``)."""
    return document_files(raw_dir)


def check_corpus(corpus_dir: Path | str | None = None) -> list[str]:
    """Verify raw files against metadata.csv, their SHA-256 checksums and each other.

    Returns a list of problems (empty when the corpus is sound); each names
    the file and what is wrong: missing or unregistered file, a link out of
    raw/, checksum mismatch, empty/binary/undecodable file, unparseable date,
    duplicate doc_id, doc_id that is not the file stem, missing required
    field, and a document whose text duplicates another's (unless its notes
    say it is a deliberate copy, see ``czlib add --allow-duplicate``).
    Writes nothing in the corpus (the fingerprints it computes are cached
    under build/cache for ``czlib add``).
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    metadata_path = corpus_dir / METADATA_NAME
    raw_dir = corpus_dir / RAW_NAME
    if not corpus_dir.is_dir():
        return [f"{corpus_dir}: corpus folder does not exist (check --corpus)"]
    if not metadata_path.is_file():
        return [f"{metadata_path}: missing (register documents with `czlib add`)"]
    with reading_lock(corpus_dir):
        try:
            _, records = _read_metadata_records(metadata_path)
        except CorpusFileError as exc:
            return [str(exc)]
        problems, files = metadata_problems(corpus_dir, metadata_path, raw_dir, records)
        return [shown(problem) for problem in problems + _content_problems(files)]  # names escaped


def _content_problems(files: list[tuple[int, dict, Path]]) -> list[str]:
    """Checksum, decoding and duplicate-by-content problems of the registered files."""
    problems: list[str] = []
    index = FingerprintIndex()
    groups: dict[str, list[tuple[str, str, str]]] = {}  # fingerprint -> [(doc_id, file, sha256)]
    for _, row, path in files:
        try:
            data = read_raw(path)
        except CorpusFileError as exc:
            problems.append(str(exc))
            continue
        actual = sha256_bytes(data)
        if problem := checksum_problem(path, row["sha256"], actual):
            problems.append(problem)
        try:
            doc = read_document(path, data)
        except CorpusFileError as exc:
            problems.append(str(exc))
            continue
        value = fingerprint(doc)
        index.put(actual, value)
        group = groups.setdefault(value, [])
        if group and deliberate_duplicate_of(row["notes"]) not in {doc_id for doc_id, _, _ in group}:
            first_id, first_file, first_sha = group[0]
            same = "bytes" if first_sha == actual else "text once decoded and normalised"
            problems.append(f"{path}: duplicate: same {same} as {first_id} ({first_file}); remove its row and "
                            f"file, or if it is a deliberate second copy (a reprint), add to its notes: "
                            f"{DELIBERATE.format(doc_id=first_id)}")
        group.append((row["doc_id"] or row["file"], row["file"], actual))
    index.save()
    return problems


# --------------------------------------------------------------------------- documents

def corpus_documents(corpus_dir: Path | str | None = None, verify: bool = True, *,
                     describe: bool = True) -> pd.DataFrame:
    """List the documents of a corpus folder, with metadata.

    Returns one row per document, str columns ``METADATA_COLUMNS + ['path']``
    (``path`` is the absolute file path), sorted by doc_id.  With a
    metadata.csv, rows come from it, verified against the folder (``verify``):
    a duplicate doc_id, a missing, misplaced or unregistered file raises
    :class:`CorpusIntegrityError` naming the file (checksums are verified by
    the readers, which read the bytes anyway).  Without one (a bare folder of
    .txt files, or a folder with raw/), an :class:`UnverifiedCorpusWarning`
    says so; doc_id is the file stem, title the first non-empty line, outlet
    '', and the date is inferred from the text where it states one (see
    ``infer_date``).  ``describe=False`` leaves a bare folder's files unread:
    their rows have only doc_id, file, path and notes, the fields of
    :data:`DESCRIBED_FIELDS` empty (the runner describes each file from the one
    decode that analyses it, :func:`describe_document`).  Raises CorpusFileError
    naming the folder when it holds no documents.
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    if not corpus_dir.is_dir():
        raise CorpusFileError(corpus_dir, "corpus folder does not exist (check the path)")
    metadata_path = corpus_dir / METADATA_NAME
    if metadata_path.is_file():
        raw_dir = corpus_dir / RAW_NAME
        with reading_lock(corpus_dir):
            header, records = _read_metadata_records(metadata_path)
            problems, _ = metadata_problems(corpus_dir, metadata_path, raw_dir, records)
        if problems and verify:
            raise CorpusIntegrityError([shown(problem) for problem in problems], corpus_dir)
        frame = _metadata_frame(header, records)
        frame["path"] = _absolute_paths(corpus_dir, frame["file"])
        if problems:
            warnings.warn(f"{metadata_path}: {len(problems)} problem(s), read unverified: {problems[0]}",
                          UnverifiedCorpusWarning, stacklevel=2)
    else:
        raw_dir = corpus_dir / RAW_NAME
        files = _raw_txt_files(raw_dir) if raw_dir.is_dir() else _raw_txt_files(corpus_dir)
        _refuse_unusable_names(files)
        if files:
            warnings.warn(unverified_notice(corpus_dir), UnverifiedCorpusWarning, stacklevel=2)
        frame = pd.DataFrame(_describe_unregistered(files, corpus_dir, describe),
                             columns=METADATA_COLUMNS, dtype=str)
        frame["path"] = _absolute_paths(corpus_dir, frame["file"])
    if frame.empty:
        raise CorpusFileError(corpus_dir, "holds no documents (no .txt or .html files in it or in raw/)")
    return frame.fillna("").astype(str).sort_values("doc_id", kind="stable").reset_index(drop=True)


def _refuse_unusable_names(files: list[Path]) -> None:
    """A bare folder's file names become doc_ids: refuse one that is not text, or two with one stem."""
    stems: dict[str, Path] = {}
    for path in files:
        if problem := name_problem(path.name):
            raise CorpusFileError(path, problem)
        if path.stem in stems:
            raise CorpusFileError(path, f"has the same name without its ending ({shown(path.stem)!r}) as "
                                        f"{shown(stems[path.stem].name)}, and that name is the document's id; "
                                        "rename one of the two")
        stems[path.stem] = path


def _absolute_paths(corpus_dir: Path, files) -> list[str]:
    """Absolute, link-free paths of corpus files (one realpath per folder, not one per file)."""
    corpus_str = os.path.abspath(corpus_dir)
    real_folders: dict[str, str] = {}
    paths = []
    for rel in files:
        lexical = os.path.normpath(os.path.join(corpus_str, rel))
        folder, name = os.path.split(lexical)
        if os.path.islink(lexical):
            paths.append(os.path.realpath(lexical))
            continue
        if folder not in real_folders:
            real_folders[folder] = os.path.realpath(folder)
        paths.append(os.path.join(real_folders[folder], name))
    return paths


#: The fields of an unregistered file's description that come from its bytes.
DESCRIBED_FIELDS = ("title", "outlet", "date", "date_precision", "date_source", "sha256")
#: The notes of a bare folder's row.
BARE_NOTES = "no metadata.csv: title is the first non-empty line; outlet unknown"


def _describe_unregistered(files: list[Path], corpus_dir: Path, describe: bool = True) -> list[dict[str, str]]:
    """Metadata for the files of a folder without metadata.csv, each from the file itself
    (:data:`DESCRIBED_FIELDS` left empty when not ``describe``)."""
    return [{
        "doc_id": path.stem,
        "file": path.relative_to(corpus_dir).as_posix(),
        **(describe_file(path) if describe else dict.fromkeys(DESCRIBED_FIELDS, "")),
        "url": "",
        "notes": BARE_NOTES,
    } for path in files]


def describe_file(path: Path) -> dict[str, str]:
    """The :data:`DESCRIBED_FIELDS` of an unregistered file, from its own text (one decode)."""
    return describe_document(read_document(path, read_raw(path)))


def describe_document(doc: Document) -> dict[str, str]:
    """The :data:`DESCRIBED_FIELDS` of a decoded unregistered file: the title is its first
    non-empty line, the outlet a saved page's site name, the date the one its text states."""
    date, precision, source = infer_date(doc.text)
    return {
        "title": safe_field(next((line.strip() for line in doc.text.split("\n") if line.strip()), ""),
                            TITLE_MAX_CHARS),
        "outlet": _site_name(doc),
        "date": date, "date_precision": precision, "date_source": source, "sha256": doc.sha256,
    }


def _site_name(doc) -> str:
    """A saved page's site name, '' for a text file or a junk one (a file name, a department line)."""
    name = safe_field((doc.web or {}).get("sitename", ""), FIELD_MAX_CHARS)
    return "" if junk_outlet(name) else name


# --------------------------------------------------------------------------- add

def _next_index(raw_dir: Path, doc_ids: list[str]) -> int:
    """One more than the largest NNN_ prefix among registered ids and raw files."""
    used = [int(m.group(1)) for name in list(doc_ids) + [p.stem for p in _raw_txt_files(raw_dir)]
            if (m := _DOC_INDEX.match(name))]
    return max(used, default=-1) + 1


def _registered_checksums(corpus_dir: Path) -> dict[str, str]:
    """file -> sha256 of the rows of metadata.csv (empty when it cannot be read): what an add registered."""
    try:
        _, records = _read_metadata_records(corpus_dir / METADATA_NAME)
    except CorpusFileError:
        return {}
    return {row["file"]: row["sha256"].lower() for _, row in records}


def corpus_lock(corpus_dir: Path, timeout: float | None = None, log: Callable[[str], None] | None = None):
    """Hold the corpus's registration lock (:func:`czlib.corpus.registry.locking.exclusive`); wait up to ``timeout`` s.

    Two ``czlib add`` on one corpus run one after the other, so neither loses
    the other's metadata row; a half-done add left by a kill is finished or
    undone first.  Raises CorpusFileError when the other does not finish in time.
    """
    return locking.exclusive(corpus_dir, LOCK_TIMEOUT if timeout is None else timeout, log, _registered_checksums)


def reading_lock(corpus_dir: Path):
    """Read a corpus's metadata and files under a shared lock (:func:`czlib.corpus.registry.locking.shared`)."""
    return locking.shared(corpus_dir, LOCK_TIMEOUT, _registered_checksums)


def _check_url(url: str, file: Path) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in url):
        shown = url if len(url) <= 60 else url[:57] + "..."
        raise CorpusFileError(file, f"--url {shown!r} is not an http:// or https:// address; "
                                    "give the article's web address, or leave --url out")
    return url


def _find_duplicate(doc, rows: list[dict[str, str]], corpus_dir: Path, index: FingerprintIndex) -> dict | None:
    """The first registered row whose text has the new document's fingerprint (bytes or content), else None."""
    wanted = fingerprint(doc)
    index.put(doc.sha256, wanted)
    for row in rows:
        if row["sha256"].lower() == doc.sha256:
            return row
        value = index.get(row["sha256"].lower())
        if value is None:
            try:
                registered = read_document(corpus_dir / row["file"])
            except CorpusFileError:
                continue  # unreadable: `czlib check` reports it
            value = fingerprint(registered)
            index.put(registered.sha256, value)
        if value == wanted:
            return row
    return None


def add_document(file: Path | str, title: str | None, date: str | None, outlet: str | None, url: str = "",
                 corpus_dir: Path | str | None = None, title_en: str = "", *, allow_duplicate: bool = False,
                 init: bool = True, years: tuple[int | None, int | None] | None = None,
                 fingerprint_dir: Path | str | None = None, lock_timeout: float | None = None,
                 log: Callable[[str], None] | None = None) -> dict[str, str]:
    """Copy a new article verbatim into ``<corpus_dir>/raw`` and register it in metadata.csv.

    A saved web page (HTML) keeps its ``.html`` ending, and a title, date,
    outlet or URL not given is taken from the page (its headline, publication
    date, site name and canonical URL); for a text file they must be given.

    Validates first (the file loads, so empty/binary/undecodable files are
    refused; the date parses and its year is in ``years``, default
    :data:`DATE_YEARS`; the URL is http(s); title and outlet are given), then,
    holding the corpus lock (:func:`corpus_lock`), refuses content already
    registered: the same bytes, or the same text in another encoding,
    line-ending style or script (:mod:`czlib.corpus.registry.duplicates`), naming the
    registered document, unless ``allow_duplicate`` (a deliberate second
    copy, recorded in the new row's notes).  Then copies the bytes unchanged
    to ``raw/<NNN>_<sha256[:16]>.txt`` and rewrites metadata.csv (sorted by
    doc_id, its line endings kept) so that both appear together or not at
    all (:func:`czlib.corpus.registry.locking.register`).  On any failure nothing is left behind; after a
    kill, the next command holding the lock finishes or undoes the add.
    Fields given must be one line without control characters (a title at
    most :data:`TITLE_MAX_CHARS` characters); fields taken from a page are
    made so (:func:`czlib.corpus.registry.names.safe_field`).  A file of
    :data:`PROGRESS_BYTES` or more gets a ``log`` line per step.  ``init=False`` refuses a folder without
    metadata.csv (the command line's default, against a mistyped --corpus).
    Returns the new metadata row as a dict.  Raises CorpusFileError naming
    the file and the problem.
    """
    file = Path(file)
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    metadata_path = corpus_dir / METADATA_NAME
    raw_dir = corpus_dir / RAW_NAME

    if not file.is_file():
        raise CorpusFileError(file, "does not exist or is not a file (check the path)")
    if corpus_dir.exists() and not corpus_dir.is_dir():
        raise CorpusFileError(corpus_dir, "is not a folder (check --corpus)")
    if not init and not metadata_path.is_file():
        state = "does not exist" if not corpus_dir.exists() else "has no metadata.csv"
        raise CorpusFileError(corpus_dir, f"is not a corpus: the folder {state}; check --corpus, "
                                          "or pass --init to start a new corpus there")
    given = {"title": title or "", "outlet": outlet or "", "url": url or "", "title_en": title_en or ""}
    for name, value in given.items():
        limit = TITLE_MAX_CHARS if name.startswith("title") else FIELD_MAX_CHARS
        if problem := field_problem(f"--{name.replace('_', '-')}", value, limit):
            raise CorpusFileError(file, problem)
    data = read_raw(file)  # refuses an unreadable file and one over the size limit
    progress = log if log is not None and len(data) >= PROGRESS_BYTES else None
    if progress:
        progress(f"reading {shown(file.name)} ({len(data) / 1e6:.1f} MB): decoding and normalising")
    doc = read_document(file, data)  # refuses empty, binary and undecodable files
    html = is_html(file, data)
    if html and doc.web is not None:
        # the headline as the corpus tables show it (the document's first line: normalised like its text)
        headline = doc.text.split("\n", 1)[0].strip() if doc.web.get("title") else ""
        if not title and len(headline) > TITLE_MAX_CHARS and log is not None:
            log(f"note: the page's headline is {len(headline):,} characters long; its first "
                f"{TITLE_MAX_CHARS} are the title (give --title for another)")
        title = title or safe_field(headline, TITLE_MAX_CHARS)
        date = date or doc.web.get("date", "")
        outlet = outlet or safe_field(doc.web.get("sitename", ""), FIELD_MAX_CHARS)
        page_url = doc.web.get("url", "")
        if not url and page_url and urlsplit(page_url).scheme.lower() in ("http", "https") \
                and not field_problem("--url", page_url, FIELD_MAX_CHARS):
            url = page_url
    if html and junk_outlet(outlet or ""):
        outlet = None  # the page's site name is a file name or a staff line: ask for it
    inferred: dict[str, str] = {}
    if not html:  # a text file: what is not given is read from the text, shown and recorded as inferred
        taken = {name: safe_field(value or "", TITLE_MAX_CHARS if name == "title" else FIELD_MAX_CHARS)
                 for name, value in infer_fields(doc.text).items()}
        inferred = {name: taken[name] for name, value in (("title", title), ("date", date), ("outlet", outlet))
                    if not value and taken[name]}
        title, date, outlet = (title or taken["title"]), (date or taken["date"]), (outlet or taken["outlet"])
        for name, value in inferred.items():
            if log is not None:
                log(f"{shown(file.name)}: {name} taken from the text: {value}")
    if outlet and (why := junk_outlet(outlet)):
        raise CorpusFileError(file, f"--outlet {outlet!r} {why}; give the newspaper or site name")
    missing = [f"--{name}" for name, value in (("title", title), ("date", date), ("outlet", outlet)) if not value]
    if missing:
        where = "the page does not state it" if html else "the text does not state it"
        raise CorpusFileError(file, f"{', '.join(missing)} needed ({where})")
    try:
        iso, precision = parse_iso_date(date)
        check_date_range(iso, years)
    except ValueError as exc:
        raise CorpusFileError(file, f"--date: {exc}") from None
    fields = {"title": title.strip(), "outlet": outlet.strip(), "url": (url or "").strip(),
              "title_en": (title_en or "").strip()}
    for name in ("title", "outlet"):
        if not fields[name]:
            raise CorpusFileError(file, f"--{name} is empty")
    fields["url"] = _check_url(fields["url"], file)

    corpus_dir.mkdir(parents=True, exist_ok=True)
    with corpus_lock(corpus_dir, lock_timeout, log):
        if metadata_path.is_file():
            header, records = _read_metadata_records(metadata_path)
            rows = [row for _, row in records]
        else:
            header, rows = list(METADATA_COLUMNS), []
        if progress:
            progress(f"checking {shown(file.name)} for duplicates among {len(rows)} registered document(s)")
        index = FingerprintIndex(fingerprint_dir)
        try:
            duplicate = _find_duplicate(doc, rows, corpus_dir, index)
        finally:
            index.save()
        if duplicate is not None and not allow_duplicate:
            same = "is already registered as" if duplicate["sha256"].lower() == doc.sha256 else \
                "has the same text (once decoded and normalised) as"
            raise CorpusFileError(file, f"{same} {duplicate['doc_id']} ({duplicate['file']}); "
                                        "for a deliberate second copy (a reprint elsewhere) add --allow-duplicate")
        notes = f"added from {shown(file.name)} (encoding {doc.encoding})"
        if inferred:
            notes = f"{INFERRED_NOTE}{', '.join(inferred)}; " + notes
        if duplicate is not None:
            notes += "; " + DELIBERATE.format(doc_id=duplicate["doc_id"])
        reprint = find_reprint(doc, rows, corpus_dir) if duplicate is None else None
        if reprint is not None and REPRINT_COLUMN not in header:
            header = [*header, REPRINT_COLUMN]

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
            "date_source": taken["date_source"] if "date" in inferred else ADD_DATE_SOURCE,
            "url": fields["url"],
            "sha256": doc.sha256,
            "notes": notes,
        })
        if reprint is not None:  # a near-duplicate of a registered text: kept, and said (czlib.corpus.registry.reprints)
            new_row[REPRINT_COLUMN] = reprint[0]["doc_id"]
        if progress:
            progress(f"copying {shown(file.name)} to {target}")
        raw_dir.mkdir(parents=True, exist_ok=True)
        locking.register(data, doc.sha256, target, file,
                         lambda: _write_metadata_atomically(metadata_path, header, rows + [new_row]), metadata_path)
    return new_row
