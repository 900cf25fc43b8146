"""Run the pipeline over a whole corpus: in one process, in N processes, or on a Dask cluster.

The unit of work is :func:`process_document`: one registered document in,
plain picklable rows out (its articles, its cleaning log, and
:func:`czlib.pipeline.analyse_article` for each article).  The same function
runs serially, in a process pool (``jobs``) or on an existing Dask
distributed cluster (``scheduler``), so a corpus that outgrows one machine
runs on many without a second code path.  Results are consumed in document
order, a bounded number in flight, and written batch by batch
(:class:`czlib.storage.TableSetWriter`): memory does not grow with the corpus
and the tables are byte-identical whatever the number of processes.

Each document's result is cached under a key of its raw bytes, its metadata
row, the czlib code and data, the corpus curation files and the versions of
the libraries that shape the output, so adding one article to a large corpus
recomputes that article's document only.  Entries are JSON with the key and a
checksum (:mod:`czlib.cache_entry`), never pickle: a damaged or planted entry
is recomputed with a one-line notice, never used and never executed.
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import sys
import time
import warnings
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from . import config, storage
from .cache_entry import DamagedEntries, read_entry, write_entry
from .corpus.documents import cleaning_log_frame, document_rows
from .corpus.reading.overrides import load_overrides
from .corpus.reading.decoding import CorpusFileError, read_raw
from .corpus.registry.integrity import verify_checksum
from .corpus.reading.reading import read_document
from .corpus.registry.registry import METADATA_NAME, corpus_documents, describe_document
from .pipeline import Resources, analyse_article, articles_table, combine_results, describe_articles

#: Bump when a cached document result would no longer match what the code computes.
CACHE_FORMAT = "1"
#: Libraries whose version can change the tables.
KEY_PACKAGES = ("jieba", "rjieba", "opencc", "charset-normalizer", "pandas", "numpy", "stopwordsiso")
#: Documents computed in fewer than this run in-process (starting workers would cost more).
MIN_DOCUMENTS_FOR_WORKERS = 24
#: Documents per task at most (a worker's fixed cost per task, paid once per batch).
MAX_BATCH = 16
#: Articles per written batch.
BATCH_ARTICLES = 2000


@dataclass(frozen=True)
class CorpusRun:
    """What a task needs to know about its corpus: small, picklable, the same on every worker."""

    corpus_dir: str
    overrides_path: str
    userdict: str | None | bool = None     # a path, None (the project's), or False (jieba's alone)
    gazetteer_dir: str | None = None
    use_gazetteer: bool = True
    home: str = ""                         # the home city (czlib.corpus.registry.home); "" when unknown
    home_source: str = ""                  # settings, given or inferred
    bare: bool = False                     # no metadata.csv: each file describes itself (title, date)

    @classmethod
    def for_corpus(cls, corpus_dir: Path | str, home: str | None = None) -> "CorpusRun":
        from .corpus.registry.home import project_curation_applies, resolve_home

        corpus_dir = Path(corpus_dir).resolve()
        curation = corpus_dir / "curation"
        own_gazetteer = (curation / "gazetteer_orgs.csv").exists()
        found = resolve_home(corpus_dir, home)
        userdict = curation / "userdict.txt" if (curation / "userdict.txt").exists() else None
        return cls(corpus_dir=str(corpus_dir), overrides_path=str(curation / "overrides.toml"),
                   userdict=str(userdict) if userdict else (None if project_curation_applies(found) else False),
                   gazetteer_dir=str(curation) if own_gazetteer else None,
                   home=found.city if found else "", home_source=found.source if found else "",
                   bare=not (corpus_dir / METADATA_NAME).is_file())

    def curation_files(self) -> list[Path]:
        """The files whose content shapes the tables: overrides, user dictionary, gazetteers."""
        files = [Path(self.overrides_path)]
        if self.userdict:
            files.append(Path(self.userdict))
        elif self.userdict is None:
            files.append(config.CURATION_DIR / "userdict.txt")
        if self.gazetteer_dir:  # else the general gazetteer at the home (package data, in the code digest)
            files.extend(sorted(Path(self.gazetteer_dir).glob("gazetteer_*.csv")))
        return [f for f in files if f.is_file()]


@lru_cache(maxsize=4)
def _process_state(run: CorpusRun) -> tuple[Resources, list[dict]]:
    """Read-only resources of a corpus, loaded once per process."""
    from .analysis.actors.gazetteer import corpus_gazetteer
    from .corpus.registry.home import home_of

    gazetteer = corpus_gazetteer(run.corpus_dir, home_of(run.home) if run.home else None)
    resources = Resources(userdict=run.userdict, gazetteer=gazetteer, use_gazetteer=run.use_gazetteer)
    return resources, load_overrides(Path(run.overrides_path))


def process_document(run: CorpusRun, doc: dict) -> dict:
    """Every row one document contributes: articles, cleaning log, and each article's analysis."""
    resources, overrides = _process_state(run)
    path = Path(run.corpus_dir) / doc["file"]
    data = read_raw(path)
    if not run.bare:
        verify_checksum(path, doc["sha256"], hashlib.sha256(data).hexdigest(), run.corpus_dir)  # before decoding
    document = read_document(path, data)
    if run.bare:  # listed undescribed: the decode that analyses the file gives its title and date too
        doc = {**doc, **describe_document(document)}
    articles, log = document_rows(doc, document, overrides, run.overrides_path)
    analyses = [analyse_article(a, resources) for a in articles]
    return {"articles": describe_articles(articles, analyses, log), "cleaning_log": log, "analyses": analyses}


# --- cache ---------------------------------------------------------------------------

def code_digest() -> str:
    """sha256 of the czlib code and data that compute tables (not the publishing stage)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    root = config.PACKAGE_DIR
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or "__pycache__" in rel or rel.startswith("publish/"):
            continue
        if path.suffix in (".pyc",) or rel in ("cli.py",):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(config.library_versions(KEY_PACKAGES))
    return digest.hexdigest()


class DocumentCache:
    """Cached :func:`process_document` results, one file per key, written atomically."""

    def __init__(self, folder: Path | str, run: CorpusRun):
        self.folder = Path(folder)
        settings = hashlib.sha256(code_digest().encode())
        for path in run.curation_files():
            settings.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        settings.update(repr((run.use_gazetteer, run.home)).encode())
        self.settings = settings.hexdigest()
        self.damaged = DamagedEntries(self.folder)

    def key(self, run: CorpusRun, doc: dict, raw_sha256: str | None = None) -> str:
        """The key of a document's result; ``raw_sha256`` (hex) when the caller hashed its bytes already."""
        if raw_sha256 is None:
            raw_sha256 = hashlib.sha256((Path(run.corpus_dir) / doc["file"]).read_bytes()).hexdigest()
        row = json.dumps({k: v for k, v in doc.items() if k != "path"}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(f"{self.settings}\0{row}\0".encode() + bytes.fromhex(raw_sha256)).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> dict | None:
        """The result stored for ``key``; None when absent or damaged (noted in :attr:`damaged`)."""
        path = self._path(key)
        value, problem = read_entry(path, key)
        if problem is None and value is not None and not _is_result(value):
            problem = "not a document result"
        if problem is not None:
            self.damaged.add(path, problem)
            return None
        return value

    def put(self, key: str, result: dict) -> None:
        """Keep a result; a cache that cannot be written (full disk, read-only folder) is skipped, not fatal."""
        write_entry(self._path(key), key, result)


def _is_result(value) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("articles"), list)
            and isinstance(value.get("cleaning_log"), list) and isinstance(value.get("analyses"), list))


# --- executing -----------------------------------------------------------------------

class SchedulerError(ValueError):
    """The Dask scheduler given cannot be reached; the message names its address."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(jobs: int | None) -> int:
    """Processes to run: ``jobs`` (default: the cores), at most the cores, with a warning when capped.

    More processes than cores only cost memory (each holds its own segmenter
    and dictionaries) and time (they take turns): 12 on 2 cores ran at a
    quarter of the speed in 5 GB.  Raises ValueError for fewer than 1.
    """
    cores = available_cores()
    if jobs is None:
        return cores
    if jobs < 1:
        raise ValueError(f"jobs must be 1 or more, got {jobs}")
    if jobs > cores:
        warnings.warn(f"--jobs {jobs} is more than the {cores} cores of this machine; using {cores}",
                      stacklevel=3)
        return cores
    return jobs


def _done(value) -> cf.Future:
    future: cf.Future = cf.Future()
    future.set_result(value)
    return future


class _Executor:
    """Submit tasks serially, to a process pool, or to a Dask cluster; the same interface for all three.

    ``batch``: the documents a process-pool task takes (1 for the others).
    """

    def __init__(self, jobs: int, scheduler: str | None, batch: int = 1):
        self.kind = "dask" if scheduler else "processes" if jobs > 1 else "serial"
        self.description = {"serial": "1 process", "processes": f"{jobs} processes",
                            "dask": f"the Dask cluster at {scheduler}"}[self.kind]
        self.window = 1
        self.batch = 1
        if self.kind == "processes":
            import multiprocessing

            self._pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
            self.window = 4 * jobs
            self.batch = batch
        elif self.kind == "dask":
            from dask.distributed import Client

            try:
                self._client = Client(scheduler, timeout="20s")
            except (OSError, ValueError, TypeError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise SchedulerError(f"--scheduler {scheduler}: cannot connect to a Dask scheduler there "
                                     f"({reason}); start it (`dask scheduler`) or check the address") from None
            workers = max(1, len(self._client.scheduler_info().get("workers", {})))
            self.window = 4 * workers

    def submit(self, fn: Callable, *args):
        if self.kind == "processes":
            return self._pool.submit(fn, *args)
        if self.kind == "dask":
            return self._client.submit(fn, *args, pure=False)
        return _done(fn(*args))

    def close(self) -> None:
        if self.kind == "processes":
            self._pool.shutdown(cancel_futures=True)
        elif self.kind == "dask":
            self._client.close()


def process_documents(run: CorpusRun, docs: list[dict]) -> list[dict]:
    """:func:`process_document` of several documents: one task, so a worker's fixed cost per task
    (sending, receiving, waking) is paid once per batch, not once per short document."""
    return [process_document(run, doc) for doc in docs]


def _ordered_results(run: CorpusRun, docs: Iterable[dict], keys: list[str], cache: DocumentCache | None,
                     executor: _Executor, on_computed: Callable[[str], None]) -> Iterator[dict]:
    """Each document's result in document order; cache hits at once, the rest through the executor
    in batches of up to ``executor.batch`` consecutive documents."""
    pending: deque = deque()  # (doc ids, keys, future of their results, computed)
    in_flight = 0
    batch: list[tuple[dict, str]] = []

    def submit() -> None:
        nonlocal in_flight
        pending.append(([d["doc_id"] for d, _ in batch], [k for _, k in batch],
                        executor.submit(process_documents, run, [d for d, _ in batch]), True))
        in_flight += 1
        batch.clear()

    def finish() -> Iterator[dict]:
        nonlocal in_flight
        doc_ids, batch_keys, future, computed = pending.popleft()
        results = future.result()
        if computed:
            in_flight -= 1
        for doc_id, key, result in zip(doc_ids, batch_keys, results):
            if computed:
                on_computed(doc_id)
                if cache is not None:
                    cache.put(key, result)
            yield result

    for doc, key in zip(docs, keys):
        hit = cache.get(key) if cache is not None else None
        if hit is not None:
            if batch:
                submit()
            pending.append(([doc["doc_id"]], [key], _done([hit]), False))
        else:
            batch.append((doc, key))
            if len(batch) >= executor.batch:
                submit()
        while pending and (in_flight >= executor.window or pending[0][2].done()):
            yield from finish()
    if batch:
        submit()
    while pending:
        yield from finish()


# --- progress -----------------------------------------------------------------------------

class Progress:
    """Documents done / total, rate and time left: a tqdm bar on a terminal, a few lines in a log.

    Nothing is shown for a run shorter than ``delay`` seconds.
    """

    def __init__(self, total: int, label: str, stream=None, delay: float = 2.0):
        self.total, self.label, self.delay = total, label, delay
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self.done = 0
        self._next_line = 0.1
        self._bar = None
        if hasattr(self.stream, "isatty") and self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, unit="doc", file=self.stream, delay=delay,
                             dynamic_ncols=True, smoothing=0.1)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
            return
        elapsed = time.monotonic() - self.started
        if elapsed >= self.delay and self.total and self.done / self.total >= self._next_line:
            rate = self.done / elapsed
            left = (self.total - self.done) / rate if rate else 0
            print(f"{self.label}: {self.done}/{self.total} documents, {rate:.1f}/s, "
                  f"{left / 60:.1f} min left", file=self.stream, flush=True)
            while self._next_line <= self.done / self.total:
                self._next_line += 0.1

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# --- the whole run ----------------------------------------------------------------------------

@dataclass
class RunReport:
    documents: int
    articles: int
    computed: int
    seconds: float
    paths: list[Path]
    executor: str


def write_corpus_tables(corpus_dir: Path | str | None = None, out_dir: Path | str | None = None, *,
                        jobs: int | None = None, scheduler: str | None = None,
                        cache_dir: Path | str | None = None, use_cache: bool = True,
                        log: Callable[[str], None] | None = None, home: str | None = None) -> RunReport:
    """Write every table of a corpus as one set into ``out_dir`` (default build/tables).

    ``jobs``: processes (default: the machine's cores); ``scheduler``: the
    address of a Dask distributed scheduler (its workers must see the corpus
    folder at the same path and have czlib installed); ``cache_dir``: where
    per-document results are kept (default build/cache/tables); ``home``: the
    corpus's home city (default: its czlib.toml, else inferred from its texts, with a notice).
    """
    started = time.monotonic()
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    out_dir = Path(out_dir) if out_dir is not None else config.TABLES_DIR
    run = CorpusRun.for_corpus(corpus_dir, home)
    _notice_home(run, corpus_dir, log)
    _check_curation(run)
    cache = DocumentCache(cache_dir if cache_dir is not None else config.CACHE_DIR / "tables", run) \
        if use_cache else None
    jobs = worker_count(jobs) if not scheduler else 1
    # the metadata, verified against the folder; a bare folder's files are listed, not read: the
    # task that analyses a file describes it (process_document), so each file is decoded once
    docs = _LazyRecords(corpus_documents(corpus_dir, describe=False))
    if run.bare == (corpus_dir / METADATA_NAME).is_file():
        raise CorpusFileError(corpus_dir, "metadata.csv appeared or went while the run started; run it again")
    # One read of each raw file here gives its cache key and verifies its checksum; without a
    # cache, the task that decodes a file verifies it (process_document).
    keys = [cache.key(run, d, _verified_digest(run, d)) for d in docs] if cache is not None else [""] * len(docs)
    to_compute = sum(1 for k in keys if cache is None or not cache.has(k))
    jobs = jobs if scheduler or to_compute >= MIN_DOCUMENTS_FOR_WORKERS else 1
    executor = _Executor(jobs, scheduler, batch=max(1, min(MAX_BATCH, to_compute // (8 * jobs))))
    progress = Progress(len(docs), "tables")
    computed = []
    n_articles = 0
    try:
        columns = _table_columns()
        with storage.TableSetWriter(out_dir, columns) as writer:
            batch: list[dict] = []
            batch_articles = 0
            for result in _ordered_results(run, docs, keys, cache, executor, computed.append):
                batch.append(result)
                batch_articles += len(result["articles"])
                n_articles += len(result["articles"])
                progress.update()
                if batch_articles >= BATCH_ARTICLES:
                    _write_batch(writer, batch)
                    batch, batch_articles = [], 0
            _write_batch(writer, batch)
            paths = writer.commit()
    finally:
        progress.close()
        executor.close()
    if cache is not None:
        cache.damaged.notice()
    report = RunReport(len(docs), n_articles, len(computed), time.monotonic() - started, paths,
                       executor.description)
    if log is not None and report.seconds >= progress.delay:
        log(f"tables: {report.documents} documents, {report.articles} articles "
            f"({report.computed} documents computed with {report.executor}, the rest from the cache) "
            f"in {report.seconds:.1f} s")
    return report


class _LazyRecords:
    """The rows of a metadata frame as dicts, made one at a time on each pass.

    ``to_dict("records")`` would hold a dict per document for the whole run
    (about 1 KB each: 100 MB at 100,000 documents); the frame itself is columnar.
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    def __iter__(self) -> Iterator[dict]:
        columns = list(self.frame.columns)
        return (dict(zip(columns, values)) for values in self.frame.itertuples(index=False, name=None))


def _verified_digest(run: CorpusRun, doc: dict) -> str:
    """SHA-256 of a document's raw bytes, verified against its metadata row (CorpusIntegrityError)."""
    path = Path(run.corpus_dir) / doc["file"]
    digest = hashlib.sha256(read_raw(path)).hexdigest()
    verify_checksum(path, doc["sha256"], digest, run.corpus_dir)
    return digest


def _notice_home(run: CorpusRun, corpus_dir: Path, log: Callable[[str], None] | None) -> None:
    """Say which home a corpus without settings was given (one line): bare 市委 and partners depend on it."""
    from .corpus.registry.home import home_note, home_of

    if run.home_source in ("settings", "given") or run.gazetteer_dir:
        return  # declared, or a curated gazetteer that says where its places are
    line = home_note(home_of(run.home, "inferred") if run.home else None, corpus_dir)
    if log is not None:
        log(f"tables: note: {line}")
    else:
        warnings.warn(line, stacklevel=3)


def _check_curation(run: CorpusRun) -> None:
    """Refuse a bad override or user-dictionary line before any work (CurationFileError naming file and line)."""
    from .text.segmentation.segment import read_userdict

    load_overrides(Path(run.overrides_path))
    if run.userdict is not False:
        path = Path(run.userdict) if run.userdict else config.CURATION_DIR / "userdict.txt"
        if path.is_file():
            read_userdict(path)


def _table_columns() -> dict[str, list[str]]:
    from .analysis.actors import actors
    from .analysis.claims import claims, dates, superlatives
    from .analysis.voice import quotes
    from .corpus.documents import LOG_COLUMNS
    from .pipeline import ARTICLE_TABLE_COLUMNS
    from .text.segmentation.segment import TOKEN_COLUMNS

    return {"articles": ARTICLE_TABLE_COLUMNS, "cleaning_log": LOG_COLUMNS, "tokens": TOKEN_COLUMNS,
            "actors": actors.ACTOR_COLUMNS, "people": actors.PEOPLE_COLUMNS, "quotes": quotes.QUOTE_COLUMNS,
            "claims": claims.CLAIM_COLUMNS, "superlatives": superlatives.SUPERLATIVE_COLUMNS,
            "dates": dates.DATE_COLUMNS,
            "numeric_mentions": claims.NUMERIC_MENTION_COLUMNS}


def _write_batch(writer: storage.TableSetWriter, batch: Iterable[dict]) -> None:
    batch = list(batch)
    if not batch:
        return
    writer.write("articles", articles_table([a for r in batch for a in r["articles"]]))
    writer.write("cleaning_log", cleaning_log_frame([e for r in batch for e in r["cleaning_log"]]))
    derived = combine_results(a for r in batch for a in r["analyses"])
    for name, df in derived.items():
        writer.write(name.removesuffix(".csv"), df)


def write_tables(corpus_dir: Path | str | None = None, out_dir: Path | str | None = None, **options) -> list[Path]:
    """Build and write all tables of a corpus to ``out_dir`` (default build/tables); return the paths.

    ``options`` as for :func:`write_corpus_tables` (jobs, scheduler, cache_dir, use_cache, log).
    """
    return write_corpus_tables(corpus_dir, out_dir, **options).paths


def read_tables(names: Iterable[str] | None = None, tables_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Read several tables of a written set (all by default): name -> DataFrame."""
    return {name: storage.read_table(name, tables_dir=tables_dir) for name in (names or storage.TABLES)}
