"""Faults during `czlib build` (issue 11 item 5, issue 15 items 4-5): nothing is lost, one clear line.

On a toy project (one short article written for these tests, two toy
notebooks that start a kernel in about a second) a first build makes the
"previous" outputs; then one fault is injected and each test asserts that the
previous figures, HTML and executed notebooks are all still there byte for
byte, and that the next build works:
  * a bad line in a curation file (user dictionary, overrides, gazetteer):
    the build stops before any table or notebook, naming file and line;
  * SIGKILL, SIGINT (sent to the whole process group, as Ctrl-C is) and
    SIGTERM while a notebook cell is executing (the cell writes a marker file
    and then waits, so the signal lands mid-notebook);
  * a read-only build/executed or figures/ folder (as an ordinary user when
    the tests run as root): one line naming the folder, exit 1.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from czlib.publish.build import build as czbuild
from czlib import config
from test_build import second_toy_notebook, toy_notebook, toy_project  # noqa: F401  (toy_project is a fixture)

#: These tests build the corpus, execute notebooks or start a browser: `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow

GAZETTEERS = ("gazetteer_orgs.csv", "gazetteer_places.csv", "gazetteer_people.csv")


@pytest.fixture()
def toy(toy_project) -> Path:
    """test_build's toy project, with the project's gazetteers (a build in another process reads its own)."""
    for name in GAZETTEERS:
        shutil.copyfile(config.CURATION_DIR / name, toy_project / "corpus" / "curation" / name)
    return toy_project


def outputs(root: Path) -> dict[str, bytes]:
    """Every file of the previous outputs (figures/, build/html, build/executed), with its bytes."""
    found = {}
    for folder in (root / "figures", root / "build" / "html", root / "build" / "executed"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


def run_build(root: Path, *extra: str, prefix: list[str] | None = None, timeout: int = 600):
    env = {**os.environ, "CZLIB_ROOT": str(root)}
    return subprocess.run([*(prefix or []), sys.executable, "-m", "czlib.cli", "build", "--root", str(root),
                           *extra], capture_output=True, text=True, env=env, timeout=timeout)


def first_build(root: Path) -> dict[str, bytes]:
    """Build the toy project once and return its outputs (the "previous" ones of each test)."""
    proc = run_build(root)
    assert proc.returncode == 0, proc.stderr
    before = outputs(root)
    assert any(k.startswith("figures/") for k in before) and any(k.startswith("build/html/") for k in before)
    assert any(k.startswith("build/executed/") for k in before)
    return before


PROGRESS = re.compile(r"^tables: \d+/\d+ documents")


def error_lines(stderr: str) -> list[str]:
    """The lines of a failure report (progress lines of the tables left out)."""
    return [line for line in stderr.splitlines() if line.strip() and not PROGRESS.match(line)]


# --- curation files are checked before any notebook runs --------------------------------

BAD_CURATION = {
    # file name -> (content with a bad line 2, words the message must hold)
    "userdict.txt": ("科技创新 nz\n工作 会议 5 nz\n", ["userdict.txt, line 2", "word [freq] [tag]"]),
    "overrides.toml": ('# written for the test\n[[override]]\ndoc_id = "000_x"\nset = { kind = "rumour" }\n',
                       ["overrides.toml line 2", "rumour"]),
}


@pytest.mark.parametrize("name", list(BAD_CURATION))
def test_a_bad_curation_line_stops_the_build_before_any_notebook(toy, name, monkeypatch, capsys):
    root = toy
    before = first_build(root)
    tables_before = {p.name: p.read_bytes() for p in (root / "build" / "tables").iterdir()}
    content, words = BAD_CURATION[name]
    (root / "corpus" / "curation" / name).write_text(content, encoding="utf-8")

    def no_kernel(*args, **kwargs):
        raise AssertionError("a notebook ran although a curation file is bad")

    monkeypatch.setattr(czbuild, "execute_notebook", no_kernel)
    parser = __import__("argparse").ArgumentParser()
    czbuild.add_arguments(parser)
    assert czbuild.main(parser.parse_args(["--root", str(root)])) == 1
    err = capsys.readouterr().err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err
    assert outputs(root) == before
    assert {p.name: p.read_bytes() for p in (root / "build" / "tables").iterdir()} == tables_before
    (root / "corpus" / "curation" / name).unlink()  # fixed: the next build works
    monkeypatch.undo()
    assert czbuild.main(parser.parse_args(["--root", str(root)])) == 0


def test_a_bad_gazetteer_row_stops_the_build_naming_file_and_line(toy):
    root = toy
    before = first_build(root)
    orgs = root / "corpus" / "curation" / "gazetteer_orgs.csv"
    lines = orgs.read_text(encoding="utf-8").splitlines()
    orgs.write_text("\n".join(lines + ["长治育苗工厂,farm,,长治市,,Seedling factory"]) + "\n", encoding="utf-8")
    proc = run_build(root)
    assert proc.returncode == 1, proc.stderr
    assert f"gazetteer_orgs.csv line {len(lines) + 1}" in proc.stderr and "farm" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "executing" not in proc.stdout  # no notebook started
    assert outputs(root) == before


# --- killed and interrupted while a notebook executes -------------------------------------

def waiting_cell(marker: Path) -> str:
    """A cell that says it runs (a marker file) and then waits."""
    return textwrap.dedent(f"""\
        import pathlib, time
        pathlib.Path({str(marker)!r}).write_text("running")
        time.sleep(120)""")


def start_and_wait(root: Path, marker: Path, in_second: bool = False) -> subprocess.Popen:
    """Start a build whose first notebook saves a new figure; the first (or the second) notebook then waits."""
    if in_second:  # the first notebook has finished (and staged its new figure) when the signal comes
        nbformat.write(toy_notebook(value=7), root / "notebooks" / "01_toy.ipynb")
        second = second_toy_notebook()
        second.cells.append(nbformat.v4.new_code_cell(waiting_cell(marker)))
        nbformat.write(second, root / "notebooks" / "02_second.ipynb")
    else:
        nbformat.write(toy_notebook(value=7, extra_source=waiting_cell(marker)), root / "notebooks" / "01_toy.ipynb")
    env = {**os.environ, "CZLIB_ROOT": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "czlib.cli", "build", "--root", str(root)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 300
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.exists(), proc.communicate()
    assert list((root / "build").glob(".staging-*")), "the build is not staging its outputs"
    return proc


def next_build_works(root: Path, before: dict[str, bytes]) -> None:
    nbformat.write(toy_notebook(value=7), root / "notebooks" / "01_toy.ipynb")
    nbformat.write(second_toy_notebook(), root / "notebooks" / "02_second.ipynb")
    proc = run_build(root)
    assert proc.returncode == 0, proc.stderr
    after = outputs(root)
    assert after["figures/01_toy_line.svg"] != before["figures/01_toy_line.svg"]  # the new figure is in
    assert not list((root / "build").glob(".staging-*"))


def test_sigkill_while_a_notebook_executes_keeps_every_previous_output(toy, tmp_path):
    root = toy
    before = first_build(root)
    proc = start_and_wait(root, tmp_path / "running")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert outputs(root) == before
    next_build_works(root, before)


@pytest.mark.parametrize("signum, code, in_second", [(signal.SIGINT, 130, False), (signal.SIGTERM, 143, False),
                                                     (signal.SIGTERM, 143, True)],
                         ids=["SIGINT", "SIGTERM", "SIGTERM in the second notebook"])
def test_sigint_or_sigterm_while_a_notebook_executes_exits_with_one_line(toy, tmp_path, signum, code, in_second):
    """Also in the second notebook, when the first has staged its new figure: it must not be published."""
    root = toy
    before = first_build(root)
    proc = start_and_wait(root, tmp_path / "running", in_second)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # Ctrl-C reaches the build and its kernel
    else:
        os.kill(proc.pid, signum)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    lines = error_lines(err)
    assert len(lines) == 1 and f"interrupted by {signal.Signals(signum).name}" in lines[0], err
    assert "Traceback" not in out + err
    assert outputs(root) == before
    next_build_works(root, before)


# --- read-only output folders ----------------------------------------------------------------

def _as_unprivileged() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


@pytest.mark.parametrize("folder", ["build/executed", "figures"])
def test_a_read_only_output_folder_is_one_line_and_leaves_every_output(toy, folder):
    prefix = _as_unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    # a world-readable place (pytest's tmp_path is private to root)
    root = Path(tempfile.mkdtemp(prefix="czlib-build-readonly-", dir="/tmp")) / "toy"
    try:
        shutil.copytree(toy, root)
        before = first_build(root)
        if prefix:
            for path in [root.parent, root, *root.rglob("*")]:
                os.chown(path, 65534, 65534, follow_symlinks=False)
        os.chmod(root / folder, 0o555)
        nbformat.write(toy_notebook(value=7), root / "notebooks" / "01_toy.ipynb")
        proc = run_build(root, prefix=prefix)
        assert proc.returncode == 1, proc.stderr
        lines = error_lines(proc.stderr)
        assert len(lines) == 1, proc.stderr
        assert str(root / folder) in lines[0] and "permission denied" in lines[0], lines
        assert "Traceback" not in proc.stdout + proc.stderr
        assert "executing" not in proc.stdout  # found before any kernel started
        assert outputs(root) == before
        os.chmod(root / folder, 0o755)  # writable again: the next build works
        next_build_works(root, before)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


# --- every failure path of `czlib build`: a message, never czlib's traceback ------------------

# A failing cell's report quotes the *cell's* IPython traceback on purpose (the author must see
# it); what must never show is Python's own traceback of czlib, which starts a line like this:
PYTHON_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):", re.M)


def _build_failure_paths():
    """name -> set-up(root, tmp) returning (extra build arguments, needs an ordinary user, expected words)."""
    def curation(name, content):
        def setup(root, tmp):
            (root / "corpus" / "curation" / name).write_text(content, encoding="utf-8")
            return [], False, [name, "line 2"]
        return setup

    def bad_gazetteer(root, tmp):
        orgs = root / "corpus" / "curation" / "gazetteer_orgs.csv"
        orgs.write_text(orgs.read_text(encoding="utf-8") + "长治育苗工厂,farm,,长治市,,Seedling factory\n",
                        encoding="utf-8")
        return [], False, ["gazetteer_orgs.csv line", "farm"]

    def read_only(folder):
        def setup(root, tmp):
            (root / folder).mkdir(parents=True, exist_ok=True)
            os.chmod(root / folder, 0o555)
            return [], True, [str(root / folder), "permission denied"]
        return setup

    def failing_cell(root, tmp):
        nbformat.write(toy_notebook(extra_source="ratio = 1 / 0"), root / "notebooks" / "01_toy.ipynb")
        return [], False, ["01_toy.ipynb", "cell 4 of 4", "ZeroDivisionError"]

    def edited_raw(root, tmp):
        raw = sorted((root / "corpus" / "raw").glob("*.txt"))[0]
        raw.write_bytes(raw.read_bytes() + "篡改".encode("utf-8"))
        return [], False, [raw.name, "corpus check failed"]

    def bad_notebook(root, tmp):
        (root / "notebooks" / "03_broken.ipynb").write_text("{not json", encoding="utf-8")
        return [], False, ["03_broken.ipynb", "not a readable notebook"]

    def empty_folder(root, tmp):
        (tmp / "void").mkdir()
        return ["--corpus", tmp / "void", "--out", tmp / "out"], False, [str(tmp / "void")]

    def out_is_a_file(root, tmp):
        (tmp / "a_file").write_text("x", encoding="utf-8")
        return ["--corpus", root / "corpus", "--out", tmp / "a_file"], False, [str(tmp / "a_file"), "not a folder"]

    return {
        "build: no such corpus": lambda root, tmp: (["--corpus", tmp / "nowhere", "--out", tmp / "out"], False,
                                                    [str(tmp / "nowhere"), "does not exist"]),
        "build: --corpus without --out": lambda root, tmp: (["--corpus", tmp], False, ["needs --out"]),
        "build: bad userdict line": curation("userdict.txt", "科技创新 nz\n工作 会议 5 nz\n"),
        "build: bad override": curation("overrides.toml", '# test\n[[override]]\ndoc_id = "x"\n'
                                                          'set = { kind = "rumour" }\n'),
        "build: bad gazetteer row": bad_gazetteer,
        "build: edited raw file": edited_raw,
        "build: empty corpus folder": empty_folder,
        "build: --out is a file": out_is_a_file,
        "build: unreadable notebook": bad_notebook,
        "build: failing cell": failing_cell,
        "build: read-only build/executed": read_only("build/executed"),
        "build: read-only figures/": read_only("figures"),
        "build: read-only build/": read_only("build"),
    }


BUILD_FAILURES = _build_failure_paths()


@pytest.mark.parametrize("name", list(BUILD_FAILURES))
def test_every_build_failure_path_answers_without_a_traceback(toy, name):
    prefix = _as_unprivileged()
    tmp = Path(tempfile.mkdtemp(prefix="czlib-build-failure-", dir="/tmp"))
    try:
        root = tmp / "toy"
        shutil.copytree(toy, root)
        extra, unprivileged, words = BUILD_FAILURES[name](root, tmp)
        if unprivileged:
            if prefix is None:
                pytest.skip("running as root without setpriv: permissions cannot be tested")
            for path in [tmp, *tmp.rglob("*")]:
                if prefix:
                    os.chown(path, 65534, 65534, follow_symlinks=False)
        raw_before = {p.name: p.read_bytes() for p in (root / "corpus" / "raw").iterdir()}
        proc = run_build(root, *map(str, extra), prefix=prefix if unprivileged else None)
        assert proc.returncode in (1, 2), (name, proc.returncode, proc.stderr)
        assert not PYTHON_TRACEBACK.search(proc.stdout + proc.stderr), (name, proc.stderr)
        for word in words:
            assert word in proc.stderr, (name, word, proc.stderr)
        lines = error_lines(proc.stderr)
        assert lines and all(line.startswith("czlib build: ") for line in lines[:1]), (name, lines)
        if name != "build: failing cell":  # else: lines saying what failed, a corpus check's problems indented
            assert all(line.startswith(("czlib build: ", "  ")) for line in lines), (name, lines)
            assert sum(line.startswith("czlib build: ") for line in lines) <= 2, (name, lines)
        assert {p.name: p.read_bytes() for p in (root / "corpus" / "raw").iterdir()} == raw_before, name
        assert not (root / "build" / "html").exists(), name  # nothing was published
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
