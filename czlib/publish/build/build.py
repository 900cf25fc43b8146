"""``czlib build``: check the corpus, write the tables, execute every notebook, render HTML.

Why this module exists: the notebooks are the research product and they are
shared as HTML.  One command must turn a corpus and the notebooks into
executed notebooks, offline HTML pages with an index, and the committed
figures -- reproducibly, quickly when nothing changed, and without ever
replacing good outputs with half-built ones.

``czlib build [--corpus DIR --out DIR]`` builds the project corpus into the
project (build/ and figures/), or any corpus -- registered with a
metadata.csv, or a bare folder of .txt/.html files -- into any folder
(OUT/tables, OUT/executed, OUT/html, OUT/figures, OUT/cache); the
project's figures/ changes only when the project corpus is built.

Steps
  1. Check the corpus (``czlib check`` for a registered corpus; a bare folder
     must hold readable documents); stop with its messages on any problem.
  2. Stage the tables: ``czlib.runner.write_tables`` into the staging
     folder, or links to the current set when the corpus and the czlib code
     are unchanged since it was written.
  3. Execute ``notebooks/*.ipynb`` in name order, each in a fresh "python3"
     kernel whose working directory is the notebooks folder.  The kernel's
     ``czlib.config`` follows the build through environment variables
     (``CZLIB_ROOT``, ``CZLIB_CORPUS_DIR``, ``CZLIB_OUT_DIR``, and
     ``CZLIB_TABLES_DIR``/``CZLIB_FIGURES_DIR`` pointing at the staged tables
     and figures), so the same notebook opened in JupyterLab reads the
     project.  Notebooks read the tables with ``czlib.read_table`` and save
     figures with ``czlib.save_figure``.
  4. Render ``NN_name.html`` (full, with code), ``NN_name.reader.html`` (code
     hidden) and ``index.html`` (titles, one-line summaries and the corpus
     the pages were built from).

One consistent set of outputs: tables, executed notebooks, HTML and
figures are all written into one staging folder (``OUT/.staging-PID``) and
swapped in together, with SIGINT and SIGTERM held, only when every notebook
succeeded; the swap is journalled, so a build killed in its middle is rolled
forward by the next build.  A failing cell stops the build with the notebook
name, the cell number and the traceback; SIGINT or SIGTERM stop it with one
line and exit status 130 or 143 (the running kernel is shut down); after any
of these, or a SIGKILL, the previous outputs are all in place and the next
build removes the partial ones (a kernel of a killed build exits by itself,
:mod:`czlib.publish.build.kernel_guard`).  Folders the swap could not replace
(read-only) are found before any kernel starts and reported in one line.

Kernels start with pandas' Styler set to escape cell text (DataFrame displays
already do), since corpus text is untrusted; :mod:`czlib.publish.build.html` sanitises
every output again when it renders the pages.  Each kernel's own log (not
the cells' output) goes to build/logs/NAME.kernel.log.

Cache (in the spirit of Quarto's freeze and jupyter-cache): a notebook is
executed again only when its key changes.  The key hashes the notebook's
source (outputs and execution counts stripped), every file of the corpus
folder (raw texts, metadata.csv, curation files), the czlib package source
and data files, other files in the notebooks folder, and the Python and
library versions.  Executed notebooks are kept under OUT/cache/notebooks/;
a cached notebook is reused only while the figures it wrote are still among
the figures with the same bytes.  ``--force`` executes everything again.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ... import config
from ...config import Project
from .build_folders import (BuildError, BuildInterrupted, build_lock, check_writable, link_or_copy,
                            roll_forward, snapshot, stage_copy, swap_in, keep_foreign_files)
from .build_signals import guarded_client_class, interruption_wins, signals_held, stop_on_signals
from ...manifest import sha256_file
from .build_cache import (KERNEL_NAME, NotebookCache, html_cache_get, html_cache_prune, html_cache_put,
                          tables_record,
                          strip_for_cache, write_atomic, combine_digests, input_digests,
                          input_manifests, notebook_source_digest, render_digest)

DEFAULT_CELL_TIMEOUT = 600  # seconds per cell

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Run in each kernel before the first cell: pandas' Styler, unlike DataFrame,
# does not escape cell text; corpus text is untrusted, so the build turns
# escaping on (the HTML export sanitises outputs again regardless).  The
# kernel also watches the build process and exits when it is gone (a
# SIGKILLed build leaves no kernel behind).
KERNEL_SETUP = ('__import__("pandas").set_option("styler.format.escape", "html"); '
                '__import__("czlib.publish.build.kernel_guard", fromlist=["_"]).watch_build()')



@dataclass
class NotebookResult:
    """What the build did with one notebook."""

    name: str
    key: str
    cached: bool
    seconds: float
    figures: dict[str, str] = field(default_factory=dict)  # figure file name -> sha256
    title: str = ""
    summary: str = ""


@dataclass
class BuildReport:
    """What one successful build did; returned by :func:`build_project`."""

    notebooks: list[NotebookResult]
    tables_cached: bool
    seconds: float
    html_files: list[Path]

    @property
    def executed(self) -> list[str]:
        """Names of the notebooks that ran in a kernel in this build."""
        return [nb.name for nb in self.notebooks if not nb.cached]


# --- executing -------------------------------------------------------------------

class NotebookFailed(BuildError):
    """A notebook cell failed; carries the notebook, the cell and the traceback."""

    def __init__(self, notebook: Path, cell_index: int | None, cell_count: int, detail: str):
        self.notebook = notebook
        self.cell_index = cell_index
        self.detail = detail
        where = (f"cell {cell_index + 1} of {cell_count} (index {cell_index})"
                 if cell_index is not None else "before any cell ran")
        super().__init__(f"{notebook}: {where} failed\n{detail}")


def kernel_environment(project: Project, *, tables_dir: Path | None = None,
                       figures_dir: Path | None = None) -> dict[str, str]:
    """Return the environment for notebook kernels: this one, pointed at ``project``.

    ``CZLIB_ROOT``, ``CZLIB_CORPUS_DIR`` and (for ``--out``) ``CZLIB_OUT_DIR``
    make the kernel's ``czlib.config`` use the project and corpus being
    built; ``CZLIB_TABLES_DIR`` and ``CZLIB_FIGURES_DIR`` point it at the
    build's staging folders; ``CZLIB_BUILD_PID`` lets the kernel exit when
    the build dies (:mod:`czlib.publish.build.kernel_guard`); ``MPLBACKEND`` is
    removed so figures show inline (as PNG); ``PYTHONHASHSEED`` is fixed so
    set and dict orders repeat.
    """
    env = dict(os.environ)
    env["CZLIB_ROOT"] = str(project.root)
    env["CZLIB_CORPUS_DIR"] = str(project.corpus_dir)
    if project.out is not None:
        env["CZLIB_OUT_DIR"] = str(project.out)
    else:
        env.pop("CZLIB_OUT_DIR", None)
    for name, folder in (("CZLIB_TABLES_DIR", tables_dir), ("CZLIB_FIGURES_DIR", figures_dir)):
        if folder is not None:
            env[name] = str(folder)
        else:
            env.pop(name, None)
    env["CZLIB_BUILD_PID"] = str(os.getpid())
    env.pop("MPLBACKEND", None)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return env


def execute_notebook(nb, *, cwd: Path, env: dict[str, str], timeout: int = DEFAULT_CELL_TIMEOUT,
                     path_for_messages: Path | None = None, kernel_log: Path | None = None):
    """Execute ``nb`` in place in a fresh ``python3`` kernel and return it.

    The kernel process's own stdout/stderr (not the cells' output) go to
    ``kernel_log`` when given.  Raises :class:`NotebookFailed` naming the
    notebook, the cell (1-based number and 0-based index) and the traceback
    when a cell raises, times out or the kernel dies.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    current = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    client = guarded_client_class()(nb, kernel_name=KERNEL_NAME, timeout=timeout, startup_timeout=120,
                            extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_SETUP}"],
                            allow_errors=False, record_timing=False, interrupt_on_timeout=False,
                            resources={"metadata": {"path": str(cwd)}},
                            on_cell_start=on_cell_start)
    label = path_for_messages or Path("notebook")
    with contextlib.ExitStack() as stack, interruption_wins():
        streams = {}
        if kernel_log is not None:
            kernel_log.parent.mkdir(parents=True, exist_ok=True)
            handle = stack.enter_context(open(kernel_log, "w", encoding="utf-8"))
            streams = {"stdout": handle, "stderr": handle}
        try:
            client.execute(env=env, cwd=str(cwd), **streams)
        except CellExecutionError as exc:
            raise NotebookFailed(label, current["index"], len(nb.cells),
                                 _ANSI.sub("", str(exc))) from None
        except CellTimeoutError as exc:
            raise NotebookFailed(label, current["index"], len(nb.cells),
                                 f"timed out after {timeout} s per cell: {exc}") from None
        except DeadKernelError as exc:
            handle_text = ""
            if kernel_log is not None:
                stack.close()
                handle_text = "\nkernel log (last lines):\n" + "\n".join(
                    kernel_log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
            raise NotebookFailed(label, current["index"], len(nb.cells),
                                 f"the kernel died: {exc}{handle_text}") from None
    return nb


# --- the build ---------------------------------------------------------------------

def check_any_corpus(corpus_dir: Path) -> list[str]:
    """Return the problems of a corpus folder: registered (metadata.csv) or a bare folder of files.

    A registered corpus gets the full ``czlib check``; a bare folder must hold
    documents, each readable (decodable, not empty or binary).  Either way the
    curation files it uses (user dictionary, overrides, gazetteers) are checked
    line by line, so a bad line stops the build before any table or notebook.
    """
    from ...corpus.reading.decoding import CorpusFileError
    from ...corpus.reading.reading import read_document
    from ...corpus.registry.registry import METADATA_NAME, check_corpus, corpus_documents, read_metadata
    from ...pipeline import curation_problems

    if not corpus_dir.is_dir():
        return [f"{corpus_dir}: corpus folder does not exist"]
    if (corpus_dir / METADATA_NAME).is_file():
        problems = check_corpus(corpus_dir)
        try:
            doc_ids = set(read_metadata(corpus_dir)["doc_id"])
        except CorpusFileError:
            doc_ids = None  # already reported by check_corpus
        return problems + curation_problems(corpus_dir, doc_ids)
    problems = []
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            documents = corpus_documents(corpus_dir, describe=False)  # each file is read below
    except CorpusFileError as exc:
        return [str(exc)]
    for path in documents["path"]:
        try:
            read_document(Path(path))
        except CorpusFileError as exc:
            problems.append(str(exc))
    return problems + curation_problems(corpus_dir, set(documents["doc_id"]))


def _check_corpus(project: Project, log: Callable[[str], None]) -> int:
    from ...corpus.registry.registry import METADATA_NAME, corpus_documents

    problems = check_any_corpus(project.corpus_dir)
    if problems:
        raise BuildError("the corpus check failed:\n" + "\n".join(f"  {p}" for p in problems))
    n = len(corpus_documents(project.corpus_dir, describe=False))
    kind = "metadata.csv" if (project.corpus_dir / METADATA_NAME).is_file() else "a bare folder, no metadata.csv"
    log(f"corpus: OK, {n} document(s) ({project.corpus_dir}; {kind})")
    return n


def _stage_tables(project: Project, inputs_key: str, target: Path, log: Callable[[str], None]) -> bool:
    """Put the tables into ``target``: linked from the current set when the inputs are unchanged
    since it was written, else written anew.  Return True when the current set was kept."""
    from ...runner import write_tables

    record_path = project.cache_dir / "tables.json"
    key = hashlib.sha256(f"tables\n{inputs_key}\nhome {os.environ.get('CZLIB_HOME', '')}".encode()).hexdigest()
    if record_path.is_file():
        record, problem = tables_record(record_path)
        if problem is not None:
            log(f"note: {record_path}: {problem}; writing the tables anew (the cache is checked, never trusted)")
        files = record.get("files", {})
        if (record.get("key") == key and files
                and all((project.tables_dir / n).is_file()
                        and sha256_file(project.tables_dir / n) == sha for n, sha in files.items())):
            target.mkdir(parents=True)
            for name in files:
                link_or_copy(project.tables_dir / name, target / name)
            log(f"tables: unchanged, kept {len(files)} file(s) of {project.tables_dir}")
            return True
    started = time.perf_counter()
    written = [Path(p) for p in write_tables(project.corpus_dir, target, cache_dir=project.cache_dir / "tables",
                                             log=log)]
    files = {p.name: sha256_file(p) for p in written}
    write_atomic(record_path, json.dumps({"key": key, "files": files}, indent=1, sort_keys=True))
    log(f"tables: wrote {len(written)} file(s) in {time.perf_counter() - started:.1f} s")
    return False


def _notebook_paths(project: Project) -> list[Path]:
    if not project.notebooks_dir.is_dir():
        raise BuildError(f"{project.notebooks_dir}: notebooks folder does not exist")
    return sorted(project.notebooks_dir.glob("*.ipynb"), key=lambda p: p.name)


def _run_notebooks(project: Project, paths: list[Path], inputs: dict[str, str],
                   manifests: dict[str, dict[str, str]], staging: Path, *,
                   force: bool, timeout: int, log: Callable[[str], None]):
    """Execute (or reuse) every notebook against the staged tables; return (results, executed notebooks).

    Figures go to ``staging/figures`` (a copy of the current figures when
    the build started), executed notebooks to ``staging/executed``.
    """
    import nbformat

    from .html import notebook_summary, notebook_title

    figures_dir = staging / "figures"
    cache = NotebookCache(project.cache_dir)
    env = kernel_environment(project, tables_dir=staging / "tables", figures_dir=figures_dir)
    results: list[NotebookResult] = []
    executed = []
    total = len(paths)
    for number, path in enumerate(paths, start=1):
        name = path.stem
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises several types for bad JSON
            raise BuildError(f"{path}: not a readable notebook: {exc}") from None
        parts = {**inputs, "notebook": notebook_source_digest(nb)}
        key = combine_digests(parts)
        hit = None if force else cache.get(name, key, figures_dir)
        started = time.perf_counter()
        if hit is not None:
            done, record = hit
            figures = record.get("figures", {})
            log(f"[{number}/{total}] {path.name}: unchanged, reusing the cached execution")
        else:
            if name in cache.damaged:
                log(f"note: {cache.damaged[name]}; executing the notebook again (the cache is checked, "
                    "never trusted)")
            reason = "--force" if force else cache.why_missing(name, key, parts, manifests)
            log(f"[{number}/{total}] {path.name}: executing ({len(nb.cells)} cells; {reason})...")
            before = snapshot(figures_dir)
            done = execute_notebook(nb, cwd=project.notebooks_dir, env=env, timeout=timeout,
                                    path_for_messages=path,
                                    kernel_log=project.build_dir / "logs" / f"{name}.kernel.log")
            strip_for_cache(done)
            after = snapshot(figures_dir)
            written = sorted(n for n, stamp in after.items() if before.get(n) != stamp)
            figures = {n: sha256_file(figures_dir / n) for n in written}
            seconds = time.perf_counter() - started
            cache.put(name, key, done, {"notebook": path.name, "figures": figures,
                                        "inputs": parts, "files": manifests,
                                        "seconds": round(seconds, 1)})
            log(f"[{number}/{total}] {path.name}: done in {seconds:.1f} s"
                + (f", wrote {len(figures)} figure file(s)" if figures else ""))
        results.append(NotebookResult(name=name, key=key, cached=hit is not None,
                                      seconds=time.perf_counter() - started, figures=figures,
                                      title=notebook_title(done, fallback=name),
                                      summary=notebook_summary(done)))
        executed.append(done)
        write_atomic(staging / "executed" / path.name, nbformat.writes(done))
    cache.prune({r.name: r.key for r in results})
    return results, executed


def _corpus_description(project: Project, n_documents: int) -> str:
    from ...corpus.registry.registry import METADATA_NAME

    where = ("the project corpus" if project.corpus is None else "the corpus")
    kind = ("registered in its metadata.csv" if (project.corpus_dir / METADATA_NAME).is_file()
            else "a bare folder of files without metadata.csv")
    # relative to the build folder: a shared page names no folder of the machine it was built on
    return f"{where} in {os.path.relpath(project.corpus_dir, project.build_dir)} ({n_documents} document(s), {kind})"


def _render_html(project: Project, results: list[NotebookResult], executed: list, staging: Path,
                 corpus_note: str, log: Callable[[str], None]) -> list[Path]:
    from . import html as pages
    from ..style import cjk_font_path

    started = time.perf_counter()
    renderer_key = render_digest()
    rendered: list[tuple[str, str]] = []
    used_keys = set()
    for result, nb in zip(results, executed):
        key = hashlib.sha256(f"{result.key}\n{renderer_key}".encode()).hexdigest()
        used_keys.add(key)
        cached, problem = html_cache_get(project.cache_dir, key)
        if problem is not None:
            log(f"note: {problem}; rendering the page again (the cache is checked, never trusted)")
        if cached is None:
            full = pages.render_notebook_page(
                nb, name=result.name, notebook_dir=project.notebooks_dir, reader=False,
                links=pages.PageLinks(other_version=f"{result.name}.reader.html",
                                      other_label="Reader version (code hidden)",
                                      source_name=f"{result.name}.ipynb"))
            reader = pages.render_notebook_page(
                nb, name=result.name, notebook_dir=project.notebooks_dir, reader=True,
                links=pages.PageLinks(other_version=f"{result.name}.html",
                                      other_label="Full version (with code)",
                                      source_name=f"{result.name}.ipynb"))
            html_cache_put(project.cache_dir, key, full, reader)
            cached = (full, reader)
        rendered.append(cached)
    html_cache_prune(project.cache_dir, used_keys)

    entries = [{"name": r.name, "title": r.title, "summary": r.summary,
                "full": f"{r.name}.html", "reader": f"{r.name}.reader.html"} for r in results]
    index = pages.render_index(
        entries, intro=(f"{len(entries)} notebook(s) executed on {corpus_note}. "
                        "Titles link to the reader version; the full version shows the code."))
    all_pages = [page for pair in rendered for page in pair] + [index]
    font_css = pages.font_face_css(pages.cjk_characters(all_pages), cjk_font_path(),
                                   project.cache_dir / "fonts")
    out = staging / "html"
    written = []
    for result, (full, reader) in zip(results, rendered):
        for file_name, page in ((f"{result.name}.html", full), (f"{result.name}.reader.html", reader)):
            write_atomic(out / file_name, pages.embed_font(page, font_css))
            written.append(project.html_dir / file_name)
    write_atomic(out / "index.html", pages.embed_font(index, font_css))
    written.append(project.html_dir / "index.html")
    log(f"html: {len(written)} page(s) in {time.perf_counter() - started:.1f} s")
    return written


def _stale_figures(project: Project, results: list[NotebookResult]) -> list[str]:
    produced = {name for r in results for name in r.figures}
    if not project.figures_dir.is_dir():
        return []
    return sorted(p.name for p in project.figures_dir.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.suffix in (".png", ".svg", ".csv")
                  and p.name not in produced)


@contextlib.contextmanager
def _notices_as_lines(log: Callable[[str], None]):
    """Show czlib's notices (unverified corpus, recomputed cache entries) as one "note:" line each, once."""
    from ...cache_entry import CacheEntryWarning
    from ...corpus.registry.integrity import UnverifiedCorpusWarning

    seen: set[str] = set()
    previous = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if not issubclass(category, (UnverifiedCorpusWarning, CacheEntryWarning)):
            return previous(message, category, filename, lineno, file, line)
        text = (str(message).splitlines() or [category.__name__])[0]
        if text not in seen:
            seen.add(text)
            log(f"note: {text}")

    with warnings.catch_warnings():
        warnings.simplefilter("always", UnverifiedCorpusWarning)
        warnings.showwarning = show
        yield


def resolve_project(root: Path | str | None = None, corpus: Path | str | None = None,
                    out: Path | str | None = None) -> Project:
    """Return the project a build writes: ``corpus`` (default the project's) into ``out``.

    The project's own build/ and figures/ hold the project corpus's outputs
    only: another corpus needs ``out``.
    """
    if root is not None and not Path(root).is_dir():
        raise BuildError(f"--root {root}: no such folder; give the project folder that holds "
                         "notebooks/ (and corpus/)")
    project = Project.at(root)
    if not project.notebooks_dir.is_dir():
        raise BuildError(f"{project.notebooks_dir}: notebooks folder does not exist; is --root "
                         f"{project.root} the project folder?")
    if corpus is not None and Path(corpus).resolve() == project.corpus_dir:
        corpus = None
    if corpus is not None and out is None:
        raise BuildError(f"--corpus {corpus} needs --out DIR: the project's build/ and figures/ "
                         "hold the outputs of the project corpus only")
    if out is not None and Path(out).exists() and not Path(out).is_dir():
        raise BuildError(f"--out {out}: exists and is not a folder; choose another --out")
    project = Project.at(project.root, corpus, out)
    if not project.corpus_dir.is_dir():
        raise BuildError(f"{project.corpus_dir}: corpus folder does not exist; give --corpus DIR, "
                         "or create it with `czlib add FILE --init`")
    return project


def build_project(root: Path | str | None = None, *, corpus: Path | str | None = None,
                  out: Path | str | None = None, force: bool = False,
                  timeout: int = DEFAULT_CELL_TIMEOUT,
                  log: Callable[[str], None] | None = None) -> BuildReport:
    """Build ``corpus`` (default: the project's) with the notebooks of the project at ``root``.

    Outputs go to ``out`` (tables/, executed/, html/, figures/, cache/) or,
    for the project corpus, to the project's build/ and figures/.  Everything
    is written into a staging folder first and swapped in together when every
    notebook succeeded.  Raises :class:`BuildError` (or :class:`NotebookFailed`)
    when the corpus check or a notebook fails; the previous tables, executed
    notebooks, HTML and figures are then unchanged.
    """
    log = log or (lambda line: print(line, flush=True))
    project = resolve_project(root, corpus, out)
    started = time.perf_counter()
    targets = {"tables": project.tables_dir, "executed": project.executed_dir,
               "html": project.html_dir, "figures": project.figures_dir}
    with _notices_as_lines(log), contextlib.ExitStack() as held:
        n_documents = _check_corpus(project, log)  # reads only: a failed check creates no folder
        held.enter_context(build_lock(project.build_dir))
        note = roll_forward(project.build_dir, list(targets.values()))
        if note:
            log(f"note: {note}")
        for stale in project.build_dir.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        check_writable([project.build_dir, project.cache_dir, *targets.values()])
        manifests = input_manifests(project)
        inputs = input_digests(project, manifests)
        table_inputs = {k: inputs[k] for k in ("cache format", "corpus", "czlib code", "versions")}
        paths = _notebook_paths(project)
        if not paths:
            log(f"notebooks: none in {project.notebooks_dir}")
        staging = project.build_dir / f".staging-{os.getpid()}"
        staging.mkdir(parents=True)
        try:
            tables_cached = _stage_tables(project, combine_digests(table_inputs), staging / "tables", log)
            stage_copy(project.figures_dir, staging / "figures")
            results, executed = _run_notebooks(project, paths, inputs, manifests, staging,
                                               force=force, timeout=timeout, log=log)
            html_files = _render_html(project, results, executed, staging,
                                      _corpus_description(project, n_documents), log)
            (staging / "executed").mkdir(exist_ok=True)
            keep_foreign_files(targets, staging, {name for r in results for name in r.figures},
                               claim_written=project.is_own_corpus, log=log)
            with signals_held():
                swap_in(project.build_dir, [(staging / name, target) for name, target in targets.items()])
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    stale = _stale_figures(project, results)
    if stale:
        shown = ", ".join(stale[:6]) + (f" and {len(stale) - 6} more" if len(stale) > 6 else "")
        log(f"note: {len(stale)} file(s) in {project.figures_dir} were not written by any notebook in "
            f"this build (left over from a renamed or removed figure?): {shown}")
    seconds = time.perf_counter() - started
    ran = sum(not r.cached for r in results)
    log(f"build: done in {seconds:.1f} s ({ran} executed, {len(results) - ran} cached); "
        f"open {project.html_dir / 'index.html'}")
    return BuildReport(notebooks=results, tables_cached=tables_cached, seconds=seconds,
                       html_files=html_files)


# --- command line ---------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``czlib build`` options to ``parser``."""
    parser.add_argument("--root", default=str(config.ROOT),
                        help="project folder holding corpus/, notebooks/ and figures/ (default: %(default)s)")
    parser.add_argument("--corpus", default=None,
                        help="corpus folder to build (registered with metadata.csv, or a bare folder of "
                             ".txt/.html files); default: the project's corpus/")
    parser.add_argument("--out", default=None,
                        help="output folder for tables/, executed/, html/ and figures/ (needed with "
                             "--corpus); default: the project's build/ and figures/")
    parser.add_argument("--force", action="store_true",
                        help="execute every notebook even when its cached execution is current")
    parser.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT,
                        help="seconds one cell may run before the build fails (default: %(default)s)")


def main(args: argparse.Namespace) -> int:
    """Run ``czlib build`` with parsed ``args``; return the exit status.

    0 on success, 1 when the build failed (a corpus problem, a failing cell,
    a folder it may not write), 128 + the signal number when interrupted
    (130 for SIGINT, 143 for SIGTERM).  A failure prints one line (a failing
    cell adds its traceback); previous outputs are left in place.
    """
    kept = "previous tables, executed notebooks, HTML and figures are unchanged"
    try:
        with stop_on_signals():
            build_project(args.root, corpus=getattr(args, "corpus", None), out=getattr(args, "out", None),
                          force=args.force, timeout=args.timeout)
    except BuildInterrupted as exc:
        name = signal.Signals(exc.signum).name
        print(f"czlib build: interrupted by {name}; {kept}", file=sys.stderr, flush=True)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print(f"czlib build: interrupted by SIGINT; {kept}", file=sys.stderr, flush=True)
        return 130
    except PermissionError as exc:
        where = exc.filename or ""
        print(f"czlib build: FAILED: cannot write {where}: permission denied; {kept}",
              file=sys.stderr, flush=True)
        return 1
    except BuildError as exc:
        print(f"czlib build: FAILED: {exc}", file=sys.stderr, flush=True)
        print(f"czlib build: {kept}", file=sys.stderr, flush=True)
        return 1
    except OSError as exc:
        print(f"czlib build: FAILED: {exc.filename or ''}: {exc.strerror or exc}; {kept}",
              file=sys.stderr, flush=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - every failure is a message; --debug adds the traceback
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc()
        from ...corpus.reading.decoding import CorpusFileError
        from ...storage import TablesFolderError
        from ...text.curation import CurationFileError

        lines = str(exc).splitlines() or [type(exc).__name__]
        if isinstance(exc, (CorpusFileError, CurationFileError, TablesFolderError)):
            print(f"czlib build: FAILED: {lines[0]}", file=sys.stderr, flush=True)
            for line in lines[1:2]:
                print(f"czlib build: {line}", file=sys.stderr, flush=True)
            print(f"czlib build: {kept}", file=sys.stderr, flush=True)
            return 2
        print(f"czlib build: internal error: {type(exc).__name__}: {lines[0]}", file=sys.stderr, flush=True)
        print("czlib build: this is a bug in czlib: please report it with the output of "
              "`czlib --debug build ...`", file=sys.stderr, flush=True)
        return 3
    return 0
