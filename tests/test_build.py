"""Tests of `czlib build` (czlib/build.py, czlib/html.py, czlib/display.py).

The expensive builds run at most twice per test session, side by side in
background processes started before the first test (the cheap tests run
meanwhile), and are shared with tests/test_html_browser.py through
`built_project` below:
  * "seed": a temporary copy of the project (notebooks/, corpus/, figures/)
    with the four seed documents;
  * "injected": the same plus an article added with `czlib add` whose text
    carries <script>alert(1)</script> and a Markdown link inside Chinese
    sentences, and a probe notebook that displays that article in every way
    a notebook author might (DataFrame, Styler, print, IPython HTML/Markdown,
    czlib.publish.display helpers).
Failure and cache behaviour is tested on small toy notebooks, which start
a kernel in about a second.
"""
from __future__ import annotations

import argparse
import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from czlib.publish.build import build as czbuild
from czlib import config
from czlib.publish.build import html as czhtml

#: These tests build the corpus, execute notebooks or start a browser: `pytest -m "not slow"` skips them.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
ESCAPED_PAYLOAD = "&lt;script&gt;alert(1)&lt;/script&gt;"
LINK_PAYLOAD = "[点击这里](http://example.com)"
INJECTED_TEXT = textwrap.dedent(f"""\
    长治市科技局举办创新成果发布会{SCRIPT_PAYLOAD}，现场发布了二十项新技术。
    详情请{LINK_PAYLOAD}查看，<b>加粗</b>与<img src="http://example.com/x.png">不应生效。
    本报记者 王明
    """)
INJECTED_TITLE = f"测试文章{SCRIPT_PAYLOAD}"

_BUILDS: dict[str, tuple[Path, list[str], list[str]]] = {}
_PENDING: dict[str, tuple[Path, subprocess.Popen]] = {}


# --- shared project builds -------------------------------------------------------

def copy_project(dest: Path, notebooks: bool = True) -> Path:
    """Copy corpus/, figures/ and (optionally) notebooks/ of the repository into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "corpus", dest / "corpus")
    if (REPO / "figures").is_dir():
        shutil.copytree(REPO / "figures", dest / "figures")
    else:
        (dest / "figures").mkdir()
    if notebooks:
        shutil.copytree(REPO / "notebooks", dest / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    else:
        (dest / "notebooks").mkdir()
    return dest


def probe_notebook() -> nbformat.NotebookNode:
    """A notebook that displays the injected article every way a notebook author might."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 99 · Probe: does scraped markup stay text?\n\n"
            "**Question.** Does an article carrying a script and a Markdown link show as text? "
            "This test notebook displays it in every way.\n\n"
            "Corpus: a temporary test corpus, see corpus/metadata.csv."),
        nbformat.v4.new_code_cell(textwrap.dedent("""\
            import pandas as pd
            from IPython.display import HTML, Markdown, display
            from czlib import config
            from czlib.corpus.registry.registry import read_metadata
            from czlib.publish.display import show_table, show_text
            meta = read_metadata()
            row = meta[meta["title"].str.contains("测试文章")].iloc[0]
            text = (config.CORPUS_DIR / row["file"]).read_text(encoding="utf-8")
            frame = pd.DataFrame({"title": [row["title"]], "text": [text]})
            print(text)""")),
        nbformat.v4.new_code_cell("frame"),
        nbformat.v4.new_code_cell("frame.style.set_caption('Styler does not escape')"),
        nbformat.v4.new_code_cell("display(HTML(text)); display(Markdown(text))"),
        nbformat.v4.new_code_cell("show_table(frame)"),
        nbformat.v4.new_code_cell("show_text(text)"),
        nbformat.v4.new_code_cell("text"),
    ]
    return nb


def _add_injected_article(project: Path, tmp: Path) -> None:
    from czlib.cli import main as cli_main

    article = tmp / "injected.txt"
    article.write_text(INJECTED_TEXT, encoding="utf-8")
    status = cli_main(["add", str(article), "--title", INJECTED_TITLE, "--date", "2026-02",
                       "--outlet", "测试报", "--corpus", str(project / "corpus")])
    assert status == 0


def _prepare(kind: str, tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp(f"build-{kind}") / "project")
    if kind == "injected":
        _add_injected_article(root, root.parent)
        nbformat.write(probe_notebook(), root / "notebooks" / "99_probe.ipynb")
    return root


def start_builds(kinds, tmp_path_factory) -> None:
    """Start `czlib build` of the given temporary projects in background processes.

    The two builds run side by side (their kernels are separate processes;
    the machine has two cores) while the cheap tests run, which keeps the
    suite's wall time down.  Each is started at most once per session.
    """
    for kind in kinds:
        if kind in _PENDING or kind in _BUILDS:
            continue
        root = _prepare(kind, tmp_path_factory)
        env = {**os.environ, "CZLIB_ROOT": str(root)}
        process = subprocess.Popen([sys.executable, "-m", "czlib.cli", "build", "--root", str(root)],
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _PENDING[kind] = (root, process)


def built_project(kind: str, tmp_path_factory) -> tuple[Path, list[str], list[str]]:
    """Return (root, built notebook names, build output lines) of the "seed" or "injected" project."""
    if kind not in _BUILDS:
        start_builds([kind], tmp_path_factory)
        root, process = _PENDING.pop(kind)
        out, err = process.communicate(timeout=1200)
        assert process.returncode == 0, f"czlib build of the {kind} project failed:\n{out}\n{err}"
        names = sorted(p.stem for p in (root / "build" / "executed").glob("*.ipynb"))
        _BUILDS[kind] = (root, names, out.splitlines())
    return _BUILDS[kind]


@pytest.fixture(scope="session", autouse=True)
def _start_needed_builds_early(request, tmp_path_factory):
    """Start the builds that the selected tests need before the first test runs."""
    kinds = set()
    for item in request.session.items:
        kinds.update(k for k in ("seed", "injected") if k in getattr(item, "fixturenames", ()))
        if item.module is not None and item.module.__name__.endswith("test_html_browser"):
            kinds.update(("seed", "injected"))
    start_builds(sorted(kinds), tmp_path_factory)
    yield
    for root, process in _PENDING.values():
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return built_project("seed", tmp_path_factory)


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    return built_project("injected", tmp_path_factory)


def seed_notebook_names() -> list[str]:
    return sorted(p.stem for p in (REPO / "notebooks").glob("*.ipynb"))


def html_pages(root: Path) -> list[Path]:
    return sorted((root / "build" / "html").glob("*.html"))


def cache_record(root: Path, name: str) -> dict:
    """The cache record (figures written, inputs) of notebook ``name``'s only cached execution."""
    records = list((root / "build" / "cache" / "notebooks" / name).glob("*.json"))
    assert len(records) == 1, records
    return json.loads(records[0].read_text(encoding="utf-8"))


def test_sanitizer_escapes_script_links_and_event_handlers():
    dirty = ('<table><tr><td onclick="x()">长治<script>alert(1)</script>'
             '<a href="http://example.com">点击这里</a><iframe src="http://e.com"></iframe>'
             '<img src="http://e.com/x.png"><img src="data:image/png;base64,AAAA"></td></tr></table>'
             '<style>td {color: red}</style><style>td {background: url(http://e.com/x)}</style>')
    clean = czhtml.sanitize_output_html(dirty)
    assert "<script" not in clean and ESCAPED_PAYLOAD in clean
    assert "<a " not in clean and "&lt;a href=" in clean
    assert "<iframe" not in clean and "onclick" not in clean
    assert "http://e.com/x.png" not in clean and 'src="data:image/png;base64,AAAA"' in clean
    assert "<style>td {color: red}</style>" in clean  # Styler colours survive
    assert "url(" not in clean  # a style block that fetches is dropped


def test_show_table_escapes_what_styler_does_not():
    import pandas as pd

    from czlib.publish.display import show_table, show_text

    frame = pd.DataFrame({"text": [f"长治{SCRIPT_PAYLOAD}{LINK_PAYLOAD}"]})
    assert SCRIPT_PAYLOAD in frame.style.to_html()  # why show_table exists
    html = show_table(frame)._repr_html_()
    assert SCRIPT_PAYLOAD not in html and ESCAPED_PAYLOAD in html
    assert "<a " not in html
    assert repr(show_text("a <b>c</b>")) == "a <b>c</b>"
    assert not hasattr(show_text("x"), "_repr_html_")


def test_markdown_output_is_shown_as_its_source():
    page_nb = nbformat.v4.new_notebook()
    page_nb.cells = [
        nbformat.v4.new_markdown_cell("# T\n\nA summary. More."),
        nbformat.v4.new_code_cell("x", execution_count=1, outputs=[nbformat.v4.new_output(
            "display_data", data={"text/markdown": LINK_PAYLOAD, "text/plain": "<Markdown>"})]),
    ]
    page = czhtml.render_notebook_page(page_nb, name="t", notebook_dir=REPO, reader=True,
                                       links=czhtml.PageLinks())
    assert LINK_PAYLOAD in page
    assert 'href="http://example.com' not in page


def test_markdown_cells_render_as_written_with_links_kept():
    """Headings must not swallow the next paragraph (nbconvert's empty anchor <a/> once did)."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "# 00 · Title\n\n**Question.** What is counted?\n\nSee [the docs](https://example.org/x).")]
    page = czhtml.render_notebook_page(nb, name="00_t", notebook_dir=REPO, reader=True,
                                       links=czhtml.PageLinks())
    assert "<p><strong>Question.</strong> What is counted?</p>" in page
    assert '<a href="https://example.org/x">the docs</a>' in page  # authors' links stay links
    assert "anchor-link" not in page.split("</style>")[-1]


# --- titles and summaries -------------------------------------------------------------

def test_title_and_summary_from_first_markdown_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "# 01 · Themes in *Changzhi* news\n\n**Question.** Which themes dominate? We count them.")]
    assert czhtml.notebook_title(nb) == "01 · Themes in Changzhi news"
    assert czhtml.notebook_summary(nb) == "Which themes dominate?"
    nb.cells = [nbformat.v4.new_markdown_cell("# Title only"),
                nbformat.v4.new_markdown_cell("长治的科技创新。第二句。")]
    assert czhtml.notebook_summary(nb) == "长治的科技创新。"


# --- cache and failure on toy notebooks ---------------------------------------------------

FIGURE_CELL = textwrap.dedent("""\
    import matplotlib.pyplot as plt
    from czlib.publish.style import save_figure
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([1, 2, VALUE])
    save_figure(fig, "01_toy_line")
    plt.show()""")


def toy_notebook(extra_source: str = "", value: int = 3) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Toy\n\n**Question.** Does the build work? A toy."),
        nbformat.v4.new_code_cell("import os\nfrom czlib import config\n"
                                  "print(os.getcwd() == str(config.NOTEBOOKS_DIR))"),
        nbformat.v4.new_code_cell(FIGURE_CELL.replace("VALUE", str(value))),
        nbformat.v4.new_code_cell(extra_source or "1 + 1"),
    ]
    return nb


def second_toy_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# 02 · Second toy\n\nIt prints. Then stops."),
                nbformat.v4.new_code_cell("print('second')")]
    return nb


TOY_ARTICLE = "长治市科技局召开科技创新工作会议，部署全年重点任务。\n本报记者 王明\n"


@pytest.fixture()
def toy_project(tmp_path):
    """A project with one short article and two toy notebooks (fast: tables take a fraction of a second)."""
    from czlib.corpus.registry.registry import add_document

    root = tmp_path / "toy"
    (root / "corpus" / "raw").mkdir(parents=True)
    (root / "corpus" / "curation").mkdir()
    (root / "corpus" / "curation" / "README.md").write_text("# Curation\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(TOY_ARTICLE, encoding="utf-8")
    add_document(article, title="科技创新工作会议", date="2026-01", outlet="长治日报",
                 corpus_dir=root / "corpus")
    (root / "figures").mkdir()
    (root / "notebooks").mkdir()
    nbformat.write(toy_notebook(), root / "notebooks" / "01_toy.ipynb")
    nbformat.write(second_toy_notebook(), root / "notebooks" / "02_second.ipynb")
    return root


def _build_args(root: Path, force: bool = False) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    czbuild.add_arguments(parser)
    return parser.parse_args(["--root", str(root)] + (["--force"] if force else []))


def test_toy_build_runs_in_notebook_folder_and_caches_per_notebook(toy_project, monkeypatch):
    root = toy_project
    first = czbuild.build_project(root, log=lambda line: None)
    assert first.executed == ["01_toy", "02_second"]
    executed = nbformat.read(root / "build" / "executed" / "01_toy.ipynb", as_version=4)
    assert executed.cells[1].outputs[0]["text"].strip() == "True"  # cwd = notebooks/, CZLIB_ROOT honoured
    assert (root / "figures" / "01_toy_line.png").is_file()
    assert set(first.notebooks[0].figures) == {"01_toy_line.png", "01_toy_line.svg"}

    # a deleted figure makes its notebook run again, which writes it back
    (root / "figures" / "01_toy_line.svg").unlink()
    second = czbuild.build_project(root, log=lambda line: None)
    assert second.executed == ["01_toy"]
    assert (root / "figures" / "01_toy_line.svg").is_file()

    # the runs below only need to know which notebooks would start a kernel
    calls: list[str] = []

    def fake_execute(nb, *, path_for_messages, **kwargs):
        calls.append(Path(path_for_messages).stem)
        return nb

    monkeypatch.setattr(czbuild, "execute_notebook", fake_execute)

    # nothing changed: no kernel
    assert czbuild.build_project(root, log=lambda line: None).executed == [] and calls == []

    # change one notebook: only that one runs again
    nbformat.write(toy_notebook(value=5), root / "notebooks" / "01_toy.ipynb")
    czbuild.build_project(root, log=lambda line: None)
    assert calls == ["01_toy"]
    calls.clear()

    # a corpus change (here a curation file) re-runs every notebook and the tables
    with open(root / "corpus" / "curation" / "README.md", "a", encoding="utf-8") as handle:
        handle.write("\nA note.\n")
    fourth = czbuild.build_project(root, log=lambda line: None)
    assert calls == ["01_toy", "02_second"] and not fourth.tables_cached

    # --force re-runs everything although nothing changed
    calls.clear()
    assert czbuild.main(_build_args(root, force=True)) == 0
    assert calls == ["01_toy", "02_second"]


def test_cache_key_covers_corpus_curation_notebook_files_and_notebook_source(tmp_path):
    root = copy_project(tmp_path / "keys", notebooks=False)
    project = czbuild.Project.at(root)
    base = czbuild.input_digests(project)
    assert czbuild.input_digests(project) == base  # deterministic
    changes = {
        "corpus": lambda: (root / "corpus" / "metadata.csv").write_text(
            (root / "corpus" / "metadata.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"),
        "notebook files": lambda: (root / "notebooks" / "helper_data.csv").write_text("a\n1\n"),
    }
    for part, change in changes.items():
        before = czbuild.input_digests(project)
        change()
        after = czbuild.input_digests(project)
        assert [k for k in after if after[k] != before[k]] == [part]
    nb = toy_notebook()
    digest = czbuild.notebook_source_digest(nb)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="x")]
    nb.cells[1].execution_count = 7
    assert czbuild.notebook_source_digest(nb) == digest  # outputs do not count
    nb.cells[1].source += "\n"
    assert czbuild.notebook_source_digest(nb) != digest  # the source does


def test_failing_cell_stops_build_and_keeps_previous_outputs(toy_project, capsys):
    root = toy_project
    (root / "notebooks" / "02_second.ipynb").unlink()  # one notebook is enough here
    assert czbuild.main(_build_args(root)) == 0
    html_dir = root / "build" / "html"
    before_pages = {p.name: p.read_bytes() for p in html_dir.iterdir()}
    before_executed = {p.name: p.read_bytes() for p in (root / "build" / "executed").iterdir()}
    before_figures = {p.name: p.read_bytes() for p in (root / "figures").iterdir()}
    capsys.readouterr()

    # the figure is re-saved with new data before the failing cell (index 3, the 4th cell)
    failing = toy_notebook(extra_source="ratio = 1 / 0", value=9)
    nbformat.write(failing, root / "notebooks" / "01_toy.ipynb")
    assert czbuild.main(_build_args(root)) == 1
    err = capsys.readouterr().err
    assert "01_toy.ipynb" in err
    assert "cell 4 of 4 (index 3)" in err
    assert "ZeroDivisionError" in err and "ratio = 1 / 0" in err
    assert {p.name: p.read_bytes() for p in html_dir.iterdir()} == before_pages
    assert {p.name: p.read_bytes() for p in (root / "build" / "executed").iterdir()} == before_executed
    assert {p.name: p.read_bytes() for p in (root / "figures").iterdir()} == before_figures
    assert not list((root / "build").glob(".staging-*"))


def test_corpus_problem_stops_build_before_any_notebook(toy_project, capsys):
    root = toy_project
    raw = sorted((root / "corpus" / "raw").glob("*.txt"))[0]
    raw.write_bytes(raw.read_bytes() + "篡改".encode("utf-8"))
    assert czbuild.main(_build_args(root)) == 1
    err = capsys.readouterr().err
    assert "corpus check failed" in err and raw.name in err
    assert not (root / "build" / "html").exists()


def test_build_products_are_ignored_by_git_but_figures_are_not():
    """The top-level build/ (outputs) is ignored; the czlib.publish.build package and figures/ are not."""
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert "/build/" in ignored
    assert not any(line.startswith("figures") for line in ignored)
    if shutil.which("git") and (REPO / ".git").exists():
        def is_ignored(rel: str) -> bool:
            return subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", rel]).returncode == 0
        assert is_ignored("build/html/index.html")
        assert not is_ignored("czlib/publish/build/build.py")


def test_cli_build_command_is_wired():
    from czlib.cli import build_parser

    args = build_parser().parse_args(["build", "--root", "/tmp/x", "--force"])
    assert args.root == "/tmp/x" and args.force and args.timeout == czbuild.DEFAULT_CELL_TIMEOUT
    assert config.ROOT.is_dir()


# --- the full build on the seed corpus -----------------------------------------------

def test_build_executes_every_seed_notebook_without_error(seed):
    """Every notebook in notebooks/ (whichever exist now) ran: each code cell has a count, no error."""
    root, built, _ = seed
    names = seed_notebook_names()
    assert names, "no notebooks in notebooks/"
    assert built == names
    for name in names:
        nb = nbformat.read(root / "build" / "executed" / f"{name}.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, name
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            assert cell.execution_count is not None, f"{name} cell {index} was not executed"
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert not errors, f"{name} cell {index}: {errors}"
        assert nb.metadata["kernelspec"]["name"] == "python3"


def test_build_writes_tables_full_and_reader_pages_and_index(seed):
    root, names, _ = seed
    tables = sorted((root / "build" / "tables").glob("*.csv"))
    assert tables, "czlib build wrote no table"
    html_dir = root / "build" / "html"
    index = html_lib.unescape((html_dir / "index.html").read_text(encoding="utf-8"))
    for name in names:
        full = (html_dir / f"{name}.html").read_text(encoding="utf-8")
        reader = (html_dir / f"{name}.reader.html").read_text(encoding="utf-8")
        # the full page shows code cells' input, the reader page none
        assert '<div class="jp-CodeMirrorEditor' in full
        assert '<div class="jp-CodeMirrorEditor' not in reader
        nb = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
        title, summary = czhtml.notebook_title(nb), czhtml.notebook_summary(nb)
        assert title and title in index, f"{name}: title missing from index.html"
        assert summary and summary in index, f"{name}: no one-line summary in index.html"
        assert f'href="{name}.reader.html"' in index
        assert f'href="{name}.html"' in index


def test_seed_index_titles_are_the_notebooks_first_headings(seed):
    """00_corpus opens with '# 00 · The corpus: ...'; the index shows that heading's text."""
    root, names, _ = seed
    for name in names:
        nb = nbformat.read(root / "notebooks" / f"{name}.ipynb", as_version=4)
        first = nb.cells[0].source.splitlines()[0]
        assert first.startswith("# ")
        title = czhtml.notebook_title(nb)
        assert title.split()[0] == first[2:].split()[0] == name[:2]
        page = (root / "build" / "html" / f"{name}.reader.html").read_text(encoding="utf-8")
        assert f"<title>{html_lib.escape(title, quote=False)}</title>" in page


def test_build_progress_names_each_notebook(seed):
    _, names, log = seed
    text = "\n".join(log)
    assert "corpus: OK" in text and "tables: wrote" in text
    for number, name in enumerate(names, start=1):
        assert f"[{number}/{len(names)}] {name}.ipynb: executing" in text
        assert f"[{number}/{len(names)}] {name}.ipynb: done in" in text


def test_pages_have_no_script_and_no_network_reference(seed):
    """Static check of what the browser test checks live: nothing to fetch, nothing to run."""
    root, _, _ = seed
    pages = html_pages(root)
    assert len(pages) == 2 * len(seed_notebook_names()) + 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), page.name
        assert "<link" not in text.lower(), page.name
        for attr in re.findall(r"""\b(?:src|srcset|poster)\s*=\s*["']?([^"'\s>]+)""", text):
            assert attr.startswith("data:"), f"{page.name}: external source {attr[:60]}"
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert url.startswith("data:"), f"{page.name}: css url {url[:60]}"
        assert "@import" not in text
        assert czhtml.FONT_PLACEHOLDER not in text
        assert f'font-family: "{czhtml.FONT_FAMILY}"' in text, f"{page.name}: no embedded CJK font"


def test_embedded_font_covers_every_cjk_character_on_the_pages(seed):
    """The subset font must hold every CJK character a page shows, or the reader sees boxes."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    root, _, _ = seed
    for page in html_pages(root):
        text = page.read_text(encoding="utf-8")
        match = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", text)
        assert match, page.name
        font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
        cmap = font.getBestCmap()
        missing = [ch for ch in czhtml.cjk_characters([text]) if ord(ch) not in cmap]
        assert not missing, f"{page.name}: font lacks {''.join(missing[:20])}"


def test_figures_of_seed_notebooks_are_written_and_attributed(seed):
    root, names, _ = seed
    for name in names:
        figures = cache_record(root, name)["figures"]
        for figure, sha in figures.items():
            assert figure.startswith(name[:3]), f"{figure} not prefixed by {name[:3]}"
            assert hashlib.sha256((root / "figures" / figure).read_bytes()).hexdigest() == sha
        # a notebook that calls save_figure has its figures attributed to it
        source = (root / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
        if "save_figure(" in source or "show_figure(" in source:
            assert figures, f"{name} calls save_figure but no figure was attributed to it"


def test_unchanged_rebuild_starts_no_kernel(seed, monkeypatch):
    """Second build of the seed project with nothing changed reuses every execution."""
    root, names, _ = seed
    before = {p.name: p.read_bytes() for p in html_pages(root)}

    log: list[str] = []

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started although nothing changed:\n" + "\n".join(log))

    monkeypatch.setattr(czbuild, "execute_notebook", no_kernel)
    report = czbuild.build_project(root, log=log.append)
    assert report.executed == []
    assert report.tables_cached
    assert [r.name for r in report.notebooks] == names and all(r.cached for r in report.notebooks)
    after = {p.name: p.read_bytes() for p in html_pages(root)}
    assert after == before, "an unchanged rebuild must give byte-identical pages"


# --- untrusted corpus text ---------------------------------------------------------

def test_injected_article_shows_only_as_escaped_text_on_every_page(injected):
    root, names, _ = injected
    assert "99_probe" in names
    pages = html_pages(root)
    shown_on = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        lowered = text.lower()
        assert "<script" not in lowered, f"{page.name}: live <script>"
        for hit in re.finditer(re.escape("alert(1)"), text):
            assert text[:hit.start()].endswith("&lt;script&gt;"), \
                f"{page.name}: alert(1) appears other than as escaped text"
        assert '<a href="http://example.com' not in text, f"{page.name}: live link to example.com"
        assert not re.search(r"<a\b[^>]*example\.com", text), page.name
        assert not re.search(r"<img\b[^>]*example\.com", text), page.name
        assert "<b>加粗</b>" not in text, f"{page.name}: article HTML rendered as markup"
        if ESCAPED_PAYLOAD in text:
            shown_on.append(page.name)
    # not vacuous: the probe pages (full and reader) do show the article
    assert {"99_probe.html", "99_probe.reader.html"} <= set(shown_on), shown_on
    probe = (root / "build" / "html" / "99_probe.reader.html").read_text(encoding="utf-8")
    assert LINK_PAYLOAD in probe  # the Markdown link is shown as typed
    assert "&lt;b&gt;加粗&lt;/b&gt;" in probe  # HTML from IPython.display.HTML is shown as text


def test_injected_article_does_not_break_the_seed_notebooks(injected):
    root, names, _ = injected
    assert set(seed_notebook_names()) < set(names)
    for name in names:
        nb = nbformat.read(root / "build" / "executed" / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.execution_count is not None, name
                assert not [o for o in cell.outputs if o.output_type == "error"], name


def test_seed_pages_claim_no_trend_over_single_documents_and_show_their_evidence(seed):
    """Issue 25: each year of the seed corpus is one document, so the built themes page prints no rank correlation
    and draws dots, not a line; keyness is reported at BH-adjusted p; the user-dictionary example has a sentence;
    the actors and claims pages print the precision of the shipped validation sheets."""
    root, _, _ = seed
    html_dir = root / "build" / "html"
    themes_page = html_lib.unescape((html_dir / "01_themes.reader.html").read_text(encoding="utf-8"))
    assert "Spearman" not in themes_page and "Rank correlation" not in themes_page
    assert "No rank correlation and no trend line" in themes_page
    assert "dots, not joined" in themes_page
    assert "adjusted p < 0.05" in themes_page and "at p < 0.05 (χ², Yates)" not in themes_page
    assert "with the user dictionary" in themes_page or "None exists" in themes_page
    assert "corpus-wide (all units)" in themes_page
    actors_page = html_lib.unescape((html_dir / "02_actors.reader.html").read_text(encoding="utf-8"))
    claims_page = html_lib.unescape((html_dir / "03_claims.reader.html").read_text(encoding="utf-8"))
    assert "precision, hand-checked [95 % interval]" in actors_page
    assert "precision, hand-checked [95 % interval]" in claims_page
    assert "largely because of one paragraph" in actors_page
    assert "in the whole network" in actors_page  # the figure's degree (its legend) and the text's, both named
