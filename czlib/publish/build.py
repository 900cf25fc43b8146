"""``czlib build``: check the corpus, write the tables, execute every notebook, render HTML.

Why this module exists: the notebooks are the research product and they are
shared as HTML.  One command must turn a corpus and the notebooks into
executed notebooks, offline HTML pages with an index, and the committed
figures -- reproducibly, quickly when nothing changed, and without ever
replacing good outputs with half-built ones.

Steps
  1. ``czlib.corpus.registry.check_corpus``; stop with its messages on any problem.
  2. ``czlib.runner.write_tables`` into build/tables (skipped when the corpus
     and the czlib code are unchanged since the last build).
  3. Execute ``notebooks/*.ipynb`` in name order, each in a fresh "python3"
     kernel whose working directory is the notebooks folder and whose
     ``CZLIB_ROOT`` is the project root, so the kernel's ``czlib.config``
     points at the same project.  Notebooks write their figures into
     figures/ themselves (``czlib.publish.style.save_figure``).
  4. Write the executed notebooks to build/executed/ and the HTML pages to
     build/html/: ``NN_name.html`` (full, with code), ``NN_name.reader.html``
     (code hidden) and ``index.html`` (titles and one-line summaries).

Everything is first written to a staging folder under build/ and moved into
place only when every notebook succeeded.  A failing cell stops the build
with the notebook name, the cell number and the traceback; build/executed,
build/html and figures/ are then left exactly as they were (figures/ is
put back from a copy taken before the first notebook ran).  The tables,
written before any notebook runs, describe the current corpus whatever the
notebooks do; ``write_tables`` replaces them atomically.

Kernels start with pandas' Styler set to escape cell text (DataFrame displays
already do), since corpus text is untrusted; :mod:`czlib.publish.html` sanitises
every output again when it renders the pages.  Each kernel's own log (not
the cells' output) goes to build/logs/NAME.kernel.log.

Cache (in the spirit of Quarto's freeze and jupyter-cache): a notebook is
executed again only when its key changes.  The key hashes the notebook's
source (outputs and execution counts stripped), every file of the corpus
folder (raw texts, metadata.csv, curation files), the czlib package source
and data files, other files in the notebooks folder, and the Python and
library versions.  Executed notebooks are kept under build/cache/notebooks/;
a cached notebook is reused only while the figures it wrote are still in
figures/ with the same bytes.  ``--force`` executes everything again.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..config import Project
from .build_cache import (KERNEL_NAME, NotebookCache, _html_cache_get, _html_cache_prune, _html_cache_put,
                          _sha256_file, _strip_for_cache, _write_atomic, combine_digests, input_digests,
                          input_manifests, notebook_source_digest, render_digest)

DEFAULT_CELL_TIMEOUT = 600  # seconds per cell

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Run in each kernel before the first cell: pandas' Styler, unlike DataFrame,
# does not escape cell text; corpus text is untrusted, so the build turns
# escaping on (the HTML export sanitises outputs again regardless).
KERNEL_SETUP = '__import__("pandas").set_option("styler.format.escape", "html")'



class BuildError(Exception):
    """The build stopped; the message says where and why.  Previous outputs are untouched."""


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


# --- folders ---------------------------------------------------------------------

def _replace_dir(new: Path, target: Path) -> None:
    """Move folder ``new`` to ``target``, replacing any previous ``target`` (old one removed last)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _build_lock(build_dir: Path):
    """Hold an exclusive lock on build/ so two builds of one project never interleave."""
    import fcntl

    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another czlib build is running in {build_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _FiguresGuard:
    """Remember figures/ before notebooks run, so a failed build can put it back exactly."""

    def __init__(self, figures_dir: Path, backup_dir: Path):
        self.figures_dir = figures_dir
        self.backup_dir = backup_dir
        self.before = self.snapshot()
        backup_dir.mkdir(parents=True, exist_ok=True)
        for name in self.before:
            shutil.copy2(figures_dir / name, backup_dir / name)

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Return {file name: (mtime_ns, size)} for the files directly in figures/."""
        if not self.figures_dir.is_dir():
            return {}
        result = {}
        for path in self.figures_dir.iterdir():
            if path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                result[path.name] = (stat.st_mtime_ns, stat.st_size)
        return result

    def restore(self) -> None:
        """Put figures/ back as it was when the guard was created."""
        now = self.snapshot()
        for name in now:
            if name not in self.before:
                (self.figures_dir / name).unlink(missing_ok=True)
        for name in self.before:
            target = self.figures_dir / name
            if now.get(name) != self.before[name] or not target.exists():
                self.figures_dir.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.backup_dir / name, target)


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


def kernel_environment(project: Project) -> dict[str, str]:
    """Return the environment for notebook kernels: this one, pointed at ``project``.

    ``CZLIB_ROOT`` makes the kernel's ``czlib.config`` use the project being
    built; ``MPLBACKEND`` is removed so figures show inline (as PNG);
    ``PYTHONHASHSEED`` is fixed so set and dict orders repeat.
    """
    env = dict(os.environ)
    env["CZLIB_ROOT"] = str(project.root)
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
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    current = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=timeout, startup_timeout=120,
                            extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_SETUP}"],
                            allow_errors=False, record_timing=False, interrupt_on_timeout=False,
                            resources={"metadata": {"path": str(cwd)}},
                            on_cell_start=on_cell_start)
    label = path_for_messages or Path("notebook")
    with contextlib.ExitStack() as stack:
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

def _check_corpus(project: Project, log: Callable[[str], None]) -> None:
    from ..corpus.registry import check_corpus

    problems = check_corpus(project.corpus_dir)
    if problems:
        raise BuildError("the corpus check failed:\n" + "\n".join(f"  {p}" for p in problems))
    log(f"corpus: OK ({project.corpus_dir})")


def _write_tables(project: Project, inputs_key: str, log: Callable[[str], None]) -> bool:
    """Write build/tables unless the same inputs produced the tables there; return True if cached."""
    from ..runner import write_tables

    record_path = project.cache_dir / "tables.json"
    key = hashlib.sha256(f"tables\n{inputs_key}".encode()).hexdigest()
    if record_path.is_file():
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except ValueError:
            record = {}
        files = record.get("files", {})
        if (record.get("key") == key and files
                and all((project.tables_dir / n).is_file()
                        and _sha256_file(project.tables_dir / n) == sha for n, sha in files.items())):
            log(f"tables: unchanged, kept {len(files)} file(s) in {project.tables_dir}")
            return True
    started = time.perf_counter()
    written = [Path(p) for p in write_tables(project.corpus_dir, project.tables_dir)]
    files = {p.name: _sha256_file(p) for p in written}
    _write_atomic(record_path, json.dumps({"key": key, "files": files}, indent=1, sort_keys=True))
    log(f"tables: wrote {len(written)} file(s) to {project.tables_dir} "
        f"in {time.perf_counter() - started:.1f} s")
    return False


def _notebook_paths(project: Project) -> list[Path]:
    if not project.notebooks_dir.is_dir():
        raise BuildError(f"{project.notebooks_dir}: notebooks folder does not exist")
    return sorted(project.notebooks_dir.glob("*.ipynb"), key=lambda p: p.name)


def _run_notebooks(project: Project, paths: list[Path], inputs: dict[str, str],
                   manifests: dict[str, dict[str, str]], staging: Path, *,
                   force: bool, timeout: int, log: Callable[[str], None]):
    """Execute (or reuse) every notebook; return (results, executed notebooks)."""
    import nbformat

    from .html import notebook_summary, notebook_title

    cache = NotebookCache(project.cache_dir)
    env = kernel_environment(project)
    guard: _FiguresGuard | None = None
    results: list[NotebookResult] = []
    executed = []
    total = len(paths)
    try:
        for number, path in enumerate(paths, start=1):
            name = path.stem
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception as exc:  # nbformat raises several types for bad JSON
                raise BuildError(f"{path}: not a readable notebook: {exc}") from None
            parts = {**inputs, "notebook": notebook_source_digest(nb)}
            key = combine_digests(parts)
            hit = None if force else cache.get(name, key, project.figures_dir)
            started = time.perf_counter()
            if hit is not None:
                done, record = hit
                figures = record.get("figures", {})
                log(f"[{number}/{total}] {path.name}: unchanged, reusing the cached execution")
            else:
                if guard is None:
                    guard = _FiguresGuard(project.figures_dir, staging / "figures-before")
                reason = "--force" if force else cache.why_missing(name, key, parts, manifests)
                log(f"[{number}/{total}] {path.name}: executing ({len(nb.cells)} cells; {reason})...")
                before = guard.snapshot()
                done = execute_notebook(nb, cwd=project.notebooks_dir, env=env, timeout=timeout,
                                        path_for_messages=path,
                                        kernel_log=project.build_dir / "logs" / f"{name}.kernel.log")
                _strip_for_cache(done)
                after = guard.snapshot()
                written = sorted(n for n, stamp in after.items() if before.get(n) != stamp)
                figures = {n: _sha256_file(project.figures_dir / n) for n in written}
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
            _write_atomic(staging / "executed" / path.name, nbformat.writes(done))
    except BaseException:
        if guard is not None:
            guard.restore()
        raise
    cache.prune({r.name: r.key for r in results})
    return results, executed


def _render_html(project: Project, results: list[NotebookResult], executed: list, staging: Path,
                 log: Callable[[str], None]) -> list[Path]:
    from . import html as pages
    from .style import cjk_font_path

    started = time.perf_counter()
    renderer_key = render_digest()
    rendered: list[tuple[str, str]] = []
    used_keys = set()
    for result, nb in zip(results, executed):
        key = hashlib.sha256(f"{result.key}\n{renderer_key}".encode()).hexdigest()
        used_keys.add(key)
        cached = _html_cache_get(project.cache_dir, key)
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
            _html_cache_put(project.cache_dir, key, full, reader)
            cached = (full, reader)
        rendered.append(cached)
    _html_cache_prune(project.cache_dir, used_keys)

    entries = [{"name": r.name, "title": r.title, "summary": r.summary,
                "full": f"{r.name}.html", "reader": f"{r.name}.reader.html"} for r in results]
    index = pages.render_index(
        entries, intro=(f"{len(entries)} notebook(s) executed on the corpus in corpus/ "
                        "(see corpus/metadata.csv). Titles link to the reader version; "
                        "the full version shows the code."))
    all_pages = [page for pair in rendered for page in pair] + [index]
    font_css = pages.font_face_css(pages.cjk_characters(all_pages), cjk_font_path(),
                                   project.cache_dir / "fonts")
    out = staging / "html"
    written = []
    for result, (full, reader) in zip(results, rendered):
        for file_name, page in ((f"{result.name}.html", full), (f"{result.name}.reader.html", reader)):
            _write_atomic(out / file_name, pages.embed_font(page, font_css))
            written.append(project.html_dir / file_name)
    _write_atomic(out / "index.html", pages.embed_font(index, font_css))
    written.append(project.html_dir / "index.html")
    log(f"html: {len(written)} page(s) in {time.perf_counter() - started:.1f} s")
    return written


def _stale_figures(project: Project, results: list[NotebookResult]) -> list[str]:
    produced = {name for r in results for name in r.figures}
    if not project.figures_dir.is_dir():
        return []
    return sorted(p.name for p in project.figures_dir.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.suffix in (".png", ".svg")
                  and p.name not in produced)


def build_project(root: Path | str | None = None, *, force: bool = False,
                  timeout: int = DEFAULT_CELL_TIMEOUT,
                  log: Callable[[str], None] | None = None) -> BuildReport:
    """Build the project at ``root`` (default ``config.ROOT``); return a :class:`BuildReport`.

    Raises :class:`BuildError` (or :class:`NotebookFailed`) when the corpus
    check or a notebook fails; build/executed, build/html and figures/ are
    then unchanged.
    """
    log = log or (lambda line: print(line, flush=True))
    project = Project.at(root)
    started = time.perf_counter()
    with _build_lock(project.build_dir):
        for stale in project.build_dir.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        _check_corpus(project, log)
        manifests = input_manifests(project)
        inputs = input_digests(project, manifests)
        table_inputs = {k: inputs[k] for k in ("cache format", "corpus", "czlib code", "versions")}
        tables_cached = _write_tables(project, combine_digests(table_inputs), log)
        paths = _notebook_paths(project)
        if not paths:
            log(f"notebooks: none in {project.notebooks_dir}")
        staging = project.build_dir / f".staging-{os.getpid()}"
        staging.mkdir(parents=True)
        try:
            results, executed = _run_notebooks(project, paths, inputs, manifests, staging,
                                               force=force, timeout=timeout, log=log)
            html_files = _render_html(project, results, executed, staging, log)
            (staging / "executed").mkdir(exist_ok=True)
            _replace_dir(staging / "executed", project.executed_dir)
            _replace_dir(staging / "html", project.html_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    stale = _stale_figures(project, results)
    if stale:
        shown = ", ".join(stale[:6]) + (f" and {len(stale) - 6} more" if len(stale) > 6 else "")
        log(f"note: {len(stale)} file(s) in figures/ were not written by any notebook in this "
            f"build (left over from a renamed or removed figure?): {shown}")
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
                        help="project folder holding corpus/, notebooks/ and figures/; outputs go "
                             "to its build/ (default: %(default)s)")
    parser.add_argument("--force", action="store_true",
                        help="execute every notebook even when its cached execution is current")
    parser.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT,
                        help="seconds one cell may run before the build fails (default: %(default)s)")


def main(args: argparse.Namespace) -> int:
    """Run ``czlib build`` with parsed ``args``; return the exit status (0 on success, 1 on failure)."""
    try:
        build_project(args.root, force=args.force, timeout=args.timeout)
    except BuildError as exc:
        print(f"czlib build: FAILED: {exc}", file=sys.stderr, flush=True)
        print("czlib build: previous outputs in build/executed, build/html and figures/ are unchanged",
              file=sys.stderr, flush=True)
        return 1
    return 0
