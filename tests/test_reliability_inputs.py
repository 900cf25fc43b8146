"""Reliability, round 2 (issue 23): inputs refused or made safe at the door, an atomic add, one error path.

Each test feeds one hostile input or fault found by a tester (file names with a
newline, terminal escape codes or GBK bytes, a 140,000-character headline, two
files with one stem, spreadsheet formulas in cells, a kill in the middle of
``czlib add``, bad arguments, an oversized file) to a small corpus written for
these tests, and asserts the exit code, the one-line message and that the
corpus is left usable.
"""
from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pandas as pd
import pytest

import czlib
import czlib.cli
from czlib import config, runner, storage
from czlib.corpus.registry import registry
from czlib.corpus.reading.decoding import CorpusFileError
from czlib.corpus.documents import load_articles
from czlib.corpus.registry.registry import add_document, check_corpus, corpus_lock, read_metadata

FAIR = """长治高新区举行科技成果对接会

本报讯 6月12日,长治高新区举行科技成果对接会,来自省内外12所高校的专家与40余家企业负责人面对面交流。

会上,8个产学研合作项目现场签约,协议金额共计1.6亿元。
"""
SEEDLINGS = """襄垣县建成智能育苗工厂

记者从襄垣县农业农村局获悉,全县首个智能育苗工厂近日投用,年可培育蔬菜种苗800万株。
"""
FACTORY = """潞州区推进中小企业数字化改造

今年以来,潞州区已帮助63家中小企业完成设备联网和生产数据上云,企业平均生产效率提高约15%。
"""


# --- fixtures and helpers -------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A registered corpus of one article (made once per module)."""
    root = tmp_path_factory.mktemp("inputs")
    source = root / "fair.txt"
    source.write_text(FAIR, encoding="utf-8")
    add_document(source, title="长治高新区举行科技成果对接会", date="2026-06-12", outlet="长治日报",
                 corpus_dir=root / "corpus", fingerprint_dir=root / "cache" / "fingerprints")
    source.unlink()
    return root


@pytest.fixture
def root(template, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the template: ``root/corpus``, ``root/incoming`` for new files, ``root/cache``."""
    root = tmp_path / "project"
    shutil.copytree(template, root, symlinks=True)
    (root / "incoming").mkdir()
    monkeypatch.setattr(config, "CACHE_DIR", root / "cache")
    return root


def cli(argv: list, capsys) -> tuple[int, str, str]:
    """Run the czlib command in this process; fail the test if anything escapes it or a traceback shows."""
    try:
        code = czlib.cli.main([a if isinstance(a, str) else os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a) for a in argv])
    except BaseException:  # noqa: BLE001 - nothing may escape the command
        pytest.fail(f"czlib {argv} raised:\n{traceback.format_exc()}")
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    return code, out, err


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line and ": note: " not in line]


def add_argv(root: Path, path, *extra) -> list:
    return ["add", path, "--title", "新文章", "--date", "2026-04", "--outlet", "长治日报",
            "--corpus", root / "corpus", *extra]


def bare(root: Path, files: dict) -> Path:
    """A bare folder (no metadata.csv) holding ``files``: name (str or bytes) -> text."""
    folder = root / "bare"
    folder.mkdir()
    for name, text in files.items():
        path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8"))
    return folder


def tables_argv(folder: Path, out: Path) -> list:
    return ["tables", "--corpus", folder, "--out", out, "--jobs", "1", "--no-cache"]


def rows_with(root: Path, sha: str) -> int:
    return int((read_metadata(root / "corpus")["sha256"] == sha).sum())


# ============================================================================================
# 1. Names and fields that cannot be represented
# ============================================================================================

def test_a_file_name_with_a_newline_does_not_break_metadata(root, capsys):
    source = root / "incoming" / "first\nsecond.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    code, _, err = cli(add_argv(root, source), capsys)
    assert code == 0, err
    code, out, err = cli(["check", "--corpus", root / "corpus"], capsys)
    assert code == 0 and "corpus OK" in out, err
    notes = read_metadata(root / "corpus")["notes"].tolist()
    assert any("first\\nsecond.txt" in note for note in notes), notes


@pytest.mark.parametrize("option, value", [("--title", "标题\x1b[31m红"), ("--outlet", "长治\t日报"),
                                           ("--title-en", "a\u2028b")])
def test_add_refuses_control_characters_in_a_field(root, capsys, option, value):
    source = root / "incoming" / "s.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    argv = add_argv(root, source)
    if option in argv:
        argv[argv.index(option) + 1] = value
    else:
        argv += [option, value]
    before = (root / "corpus" / "metadata.csv").read_bytes()
    code, _, err = cli(argv, capsys)
    assert code == 2 and len(errors(err)) <= 2, err
    assert f"{option} contains a control character" in err and "\x1b" not in err
    assert (root / "corpus" / "metadata.csv").read_bytes() == before


def _page(headline: str, body: str = "长治市科技局近日组织专家深入企业开展技术对接服务活动,共解决技术难题12项。") -> str:
    return (f"<html><head><meta charset='utf-8'><title>t</title></head><body><h1>{headline}</h1>"
            f"<p>发布时间: 2025-06-01</p><p>{body}</p><p>{body}</p></body></html>")


def test_a_page_headline_over_the_field_limit_is_not_registered_as_the_title(root, capsys):
    page = root / "incoming" / "long.html"
    page.write_text(_page("长治" * 70_000), encoding="utf-8")  # 140,000 characters
    code, _, err = cli(["add", page, "--outlet", "长治日报", "--corpus", root / "corpus"], capsys)
    assert code == 0, err
    title = read_metadata(root / "corpus").set_index("file")["title"]
    assert title.str.len().max() <= registry.TITLE_MAX_CHARS
    code, out, err = cli(["check", "--corpus", root / "corpus"], capsys)
    assert code == 0, err


def test_script_text_inside_the_headline_is_not_part_of_the_title(root, capsys):
    page = root / "incoming" / "h1.html"
    page.write_text(_page("长治新建<script>document.title='x';alert(1)</script>科技成果转化中心"), encoding="utf-8")
    code, _, err = cli(["add", page, "--outlet", "长治日报", "--corpus", root / "corpus"], capsys)
    assert code == 0, err
    assert "长治新建科技成果转化中心" in read_metadata(root / "corpus")["title"].tolist()


def test_add_refuses_a_given_title_over_the_limit_naming_it(root, capsys):
    source = root / "incoming" / "s.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    argv = add_argv(root, source)
    argv[argv.index("--title") + 1] = "长" * (registry.TITLE_MAX_CHARS + 1)
    code, _, err = cli(argv, capsys)
    assert code == 2 and f"at most {registry.TITLE_MAX_CHARS} characters" in err, err


GBK_NAME = "新闻.txt".encode("gbk")


def test_a_gbk_file_name_in_a_bare_folder_is_named_by_its_bytes(root, capsys):
    folder = bare(root, {GBK_NAME: FAIR, "other.txt": FACTORY})
    code, _, err = cli(tables_argv(folder, root / "out"), capsys)
    assert code == 2, err
    assert "\\xd0\\xc2\\xce\\xc5.txt" in err and "not UTF-8" in err and "rename" in err, err
    assert "internal error" not in err and len(errors(err)) <= 3
    with pytest.raises(CorpusFileError, match="not UTF-8"):
        load_articles(folder)


def test_add_registers_a_file_with_a_gbk_name_and_names_it_by_its_bytes(root, capsys):
    source = os.path.join(os.fsencode(root / "incoming"), GBK_NAME)
    with open(source, "wb") as handle:
        handle.write(SEEDLINGS.encode("utf-8"))
    code, out, err = cli(add_argv(root, source), capsys)
    assert code == 0, err
    notes = read_metadata(root / "corpus")["notes"].tolist()
    assert any("\\xd0\\xc2\\xce\\xc5.txt" in note for note in notes), notes
    assert cli(["check", "--corpus", root / "corpus"], capsys)[0] == 0


def test_two_files_with_one_stem_in_a_bare_folder_are_refused_naming_both(root, capsys):
    folder = bare(root, {"a.txt": FAIR, "a.html": _page("长治举行科技成果对接会")})
    code, _, err = cli(tables_argv(folder, root / "out"), capsys)
    assert code == 2 and "a.txt" in err and "a.html" in err and "same name" in err, err
    assert not (root / "out").exists()


def test_terminal_escape_codes_in_file_names_are_never_printed(root, capsys):
    source = root / "incoming" / "\x1b]0;owned\x07\x1b[2J.txt"
    source.write_bytes(b"")
    code, _, err = cli(add_argv(root, source), capsys)
    assert code == 2 and "file is empty" in err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;owned\\x07" in err, repr(err)
    folder = bare(root, {"\x1b[31mred.txt": FAIR})
    code, _, err = cli(tables_argv(folder, root / "out"), capsys)
    assert "\x1b" not in err, repr(err)
    assert code == 2 and "\\x1b[31mred.txt" in err and "control character" in err, err


HOSTILE = ["@SUM(1+1)*cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "\tx", "\rx", "平常"]


def test_csv_cells_that_start_a_formula_are_neutralised_and_parquet_keeps_them(tmp_path):
    frame = pd.DataFrame({"doc_id": ["d"] * len(HOSTILE), "outlet": HOSTILE,
                          "start": [-5] + [1] * (len(HOSTILE) - 1), "value": [-2.5] * len(HOSTILE)})
    storage.write_table_set({"claims": frame}, tmp_path / "t")
    with open(tmp_path / "t" / "claims.csv", encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    cells = [dict(zip(header, row)) for row in rows]
    assert [c["outlet"] for c in cells] == ["'" + v.replace("\r", "\n") for v in HOSTILE[:-1]] + ["平常"]
    assert cells[0]["start"] == "-5" and cells[0]["value"] == "-2.5"  # numbers are not text cells
    parquet = storage.read_table("claims", tables_dir=tmp_path / "t")
    assert parquet["outlet"].tolist() == HOSTILE


def test_figure_data_csv_is_neutralised_too(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    data = pd.DataFrame({"outlet": ["=1+1", "长治日报"], "n": [-3, 4]})
    czlib.save_figure(fig, "hostile", tmp_path, data=data)
    plt.close(fig)
    text = (tmp_path / "hostile.csv").read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and ",-3" in text


# ============================================================================================
# 2. czlib add is atomic; readers wait for it
# ============================================================================================

_KILL = """
import os, signal, sys
import czlib.cli
from czlib.corpus.registry import registry
real = os.replace
def replace(src, dst, *a, **k):
    stage = sys.argv[1]
    name, target = os.path.basename(str(src)), os.path.basename(str(dst))
    if stage == "before-metadata" and target == "metadata.csv":
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    real(src, dst, *a, **k)
    if stage == "after-metadata" and target == "metadata.csv":
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
os.replace = replace
sys.exit(czlib.cli.main(sys.argv[3:]))
"""


@pytest.mark.parametrize("stage, sig", [("before-metadata", "SIGKILL"), ("after-metadata", "SIGKILL"),
                                        ("before-metadata", "SIGTERM")])
def test_a_killed_add_leaves_a_usable_corpus_and_a_second_add_registers_one_copy(root, capsys, stage, sig):
    source = root / "incoming" / "s.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    argv = [str(a) for a in add_argv(root, source)]
    env = {**os.environ, "CZLIB_ROOT": str(root)}  # its caches under root/build
    proc = subprocess.run([sys.executable, "-c", _KILL, stage, sig, *argv], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode != 0, proc.stderr
    assert "Traceback" not in proc.stderr
    code, out, err = cli(["check", "--corpus", root / "corpus"], capsys)
    assert code == 0 and "remove stray files" not in err, err
    sha = registry.sha256_bytes(SEEDLINGS.encode("utf-8"))
    code, out, err = cli(argv, capsys)
    assert code in (0, 2), err
    assert rows_with(root, sha) == 1
    assert cli(["check", "--corpus", root / "corpus"], capsys)[0] == 0
    leftovers = [p.name for p in (root / "corpus").rglob(".*")]
    assert leftovers == [], leftovers


def test_readers_wait_for_a_running_add_instead_of_reporting_its_file(root):
    corpus = root / "corpus"
    found: list = []
    with corpus_lock(corpus):
        (corpus / "raw" / "001_0123456789abcdef.txt").write_text(SEEDLINGS, encoding="utf-8")  # being copied
        reader = threading.Thread(target=lambda: found.append(check_corpus(corpus)))
        reader.start()
        time.sleep(0.5)
        assert reader.is_alive(), found  # waiting for the add, not reporting a stray file
        (corpus / "raw" / "001_0123456789abcdef.txt").unlink()  # the add gave up and cleaned up
    reader.join(30)
    assert found == [[]]


def test_an_unreadable_input_is_said_to_be_unreadable(root, capsys, monkeypatch):
    source = root / "incoming" / "locked.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    real_read, real_open = Path.read_bytes, open  # tests run as root, where chmod 000 does not stop a read

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def fake_open(file, *args, **kwargs):
        if os.fsdecode(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr("builtins.open", fake_open)
    code, _, err = cli(add_argv(root, source), capsys)
    assert code == 2 and "locked.txt: cannot be read: Permission denied" in err, err
    assert "writable" not in err


# ============================================================================================
# 3. One error path: bad arguments and bad calls
# ============================================================================================

def test_a_scheduler_that_is_not_an_address_is_a_user_error(root, capsys):
    code, _, err = cli(["tables", "--corpus", root / "corpus", "--out", root / "out", "--scheduler", "not a url"],
                       capsys)
    assert code == 2 and "--scheduler 'not a url'" in err and "tcp://" in err, err
    assert "bug" not in err and len(errors(err)) <= 3


def test_jobs_beyond_the_cores_are_capped_with_a_warning_and_zero_is_refused(root, capsys):
    cores = len(os.sched_getaffinity(0))
    code, _, err = cli(["tables", "--corpus", root / "corpus", "--out", root / "out", "--jobs", cores + 10,
                        "--no-cache"], capsys)
    assert code == 0, err
    assert f"warning: --jobs {cores + 10} is more than the {cores} cores" in err, err
    code, _, err = cli(["tables", "--corpus", root / "corpus", "--out", root / "out", "--jobs", "0"], capsys)
    assert code == 2 and "--jobs" in err, err


@pytest.mark.parametrize("name", ["extract_claims", "extract_actors", "extract_quotes", "extract_dates",
                                  "extract_superlatives", "tokenize"])
def test_public_extractors_name_themselves_when_given_a_non_str(name):
    shown = "tokenize()" if name == "tokenize" else name
    with pytest.raises(TypeError, match=rf"^{shown.replace('(', '[(]').replace(')', '[)]')} needs a str, got int$"):
        getattr(czlib, name)(123)


@pytest.fixture
def small_set(tmp_path) -> Path:
    frame = pd.DataFrame({"doc_id": ["one_id", "two", "two"], "article_id": ["one_id-01", "two-01", "two-02"],
                          "title": ["a", "b", "c"]})
    storage.write_table_set({"articles": frame}, tmp_path / "t")
    return tmp_path / "t"


def test_read_table_names_an_unknown_column_in_one_line(small_set):
    with pytest.raises(ValueError) as info:
        storage.read_table("articles", columns=["nope", "title"], tables_dir=small_set)
    message = str(info.value)
    assert "\n" not in message and "'nope'" in message and "doc_id, article_id, title" in message, message


def test_read_table_takes_a_string_as_one_document_id(small_set):
    rows = storage.read_table("articles", tables_dir=small_set, doc_ids="one_id")
    assert rows["article_id"].tolist() == ["one_id-01"]


# ============================================================================================
# 4. Memory bounded: files over the size limit are refused, long adds show progress
# ============================================================================================

def test_a_file_over_the_size_limit_is_refused_naming_it_and_the_limit(root, capsys, monkeypatch):
    monkeypatch.setattr(config, "MAX_FILE_BYTES", 100)
    folder = bare(root, {"big.txt": FAIR})
    code, _, err = cli(tables_argv(folder, root / "out"), capsys)
    assert code == 2 and "big.txt" in err and "limit" in err and "CZLIB_MAX_FILE_BYTES" in err, err
    source = root / "incoming" / "s.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    code, _, err = cli(add_argv(root, source), capsys)
    assert code == 2 and "s.txt" in err and "100 bytes" in err, err


def test_the_size_limit_comes_from_the_environment():
    env = {**os.environ, "CZLIB_MAX_FILE_BYTES": "12345"}
    proc = subprocess.run([sys.executable, "-c", "from czlib import config; print(config.MAX_FILE_BYTES)"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.stdout.strip() == "12345", proc.stderr


def test_a_long_add_shows_its_progress(root, capsys, monkeypatch):
    monkeypatch.setattr(registry, "PROGRESS_BYTES", 10)
    source = root / "incoming" / "s.txt"
    source.write_text(SEEDLINGS, encoding="utf-8")
    code, _, err = cli(add_argv(root, source), capsys)
    assert code == 0, err
    assert "czlib add: reading" in err and "czlib add: checking" in err, err


def test_a_field_read_from_a_document_loses_every_control_line_break_and_stray_byte():
    """safe_field (a page's headline, a bare file's first line) turns each character of Unicode
    category Cc or Cs and each line break (U+2028, U+2029, U+0085) into a space, and keeps the rest:
    an escape sequence (\\x1b), DEL, a C1 control, a lone surrogate (a byte that was not UTF-8)."""
    from czlib.corpus.registry.names import safe_field, shown

    raw = "长治\x1b[31m科技\x7f新闻\x85第二\u2028行\udcff尾\u2029\x00"
    assert safe_field(raw, 300) == "长治 [31m科技 新闻 第二 行 尾"
    assert safe_field("智能制造·光电(第2期)", 300) == "智能制造·光电(第2期)"
    assert shown("a\x1bb\udcffc") == "a\\x1bb\\xffc"
