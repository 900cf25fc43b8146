"""Reliability (issue 15): every bad input and every fault gets a clear answer, and nothing is lost.

Each test starts from a small registered corpus of articles written for these
tests (not the seeds) and a table set written from it, damages one thing or
feeds one bad input, and asserts: the exit code; that the message names the
file and the problem; that the raw bytes and metadata are unchanged (or
changed exactly as intended); that the previous tables are intact; and that no
traceback reaches the user.  The notebook build is tested in test_build.py.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import opencc
import pandas as pd
import pytest

import czlib.cli
from czlib import config, runner, storage
from czlib.corpus.registry import locking, registry
from czlib.corpus.reading.decoding import CorpusFileError
from czlib.corpus.documents import load_articles, load_corpus
from czlib.corpus.registry.integrity import CorpusIntegrityError, UnverifiedCorpusWarning
from czlib.corpus.registry.registry import add_document, check_corpus, corpus_lock, read_metadata

# --- articles written for these tests -------------------------------------------------------

FAIR = """长治高新区举行科技成果对接会

本报讯 6月12日,长治高新区举行科技成果对接会,来自省内外12所高校的专家与40余家企业负责人面对面交流。

会上,8个产学研合作项目现场签约,协议金额共计1.6亿元。双方还商定,今后每季度举办一次技术需求发布会。
"""
FACTORY = """潞州区推进中小企业数字化改造

今年以来,潞州区已帮助63家中小企业完成设备联网和生产数据上云,企业平均生产效率提高约15%。

区工信局负责人表示,下一步将重点扶持新材料和装备制造企业,力争年底前再改造30家。
"""
# A third article, not yet registered: the "new" file of most add tests.
SEEDLINGS = """襄垣县建成智能育苗工厂

记者从襄垣县农业农村局获悉,全县首个智能育苗工厂近日投用,年可培育蔬菜种苗800万株。

育苗工厂采用水肥一体化和环境自动调控技术,种苗成活率比传统方式提高两成左右。
"""
JAPANESE = """長治市で科学技術の交流会が開かれました

大学の研究者と地元企業の担当者が参加し、新しい共同研究の進め方について話し合いました。
"""
MARKUP = """长治学院开放实验室迎来中学生

5月20日,长治学院向全市中学生开放6个实验室。<script>alert("x")</script>学生们在<b>化学实验室</b>里动手做了酸碱滴定实验。
"""

ARTICLES = {"fair": (FAIR, "长治高新区举行科技成果对接会", "2026-06-12"),
            "factory": (FACTORY, "潞州区推进中小企业数字化改造", "2026-05")}


# --- fixtures and helpers -------------------------------------------------------------------

@dataclass
class Project:
    root: Path
    corpus: Path
    tables: Path
    incoming: Path

    @property
    def raw(self) -> Path:
        return self.corpus / "raw"

    def registered(self, key: str) -> Path:
        """The raw file of one of the template's articles."""
        title = ARTICLES[key][1]
        row = read_metadata(self.corpus).set_index("title").loc[title]
        return self.corpus / row.file

    def new_file(self, name: str, data: bytes | str) -> Path:
        path = self.incoming / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A registered corpus of two articles and the table set written from it (made once per module)."""
    root = tmp_path_factory.mktemp("reliability")
    corpus = root / "corpus"
    for key, (text, title, date) in ARTICLES.items():
        source = root / f"{key}.txt"
        source.write_text(text, encoding="utf-8")
        add_document(source, title=title, date=date, outlet="长治日报", corpus_dir=corpus,
                     fingerprint_dir=root / "cache" / "fingerprints")
        source.unlink()
    runner.write_corpus_tables(corpus, root / "tables", jobs=1, cache_dir=root / "cache" / "tables")
    return root


@pytest.fixture
def project(template, tmp_path, monkeypatch) -> Project:
    root = tmp_path / "project"
    shutil.copytree(template, root, symlinks=True)
    (root / "incoming").mkdir()
    monkeypatch.setattr(config, "CACHE_DIR", root / "cache")  # fingerprints and table cache of this test only
    return Project(root, root / "corpus", root / "tables", root / "incoming")


def state(*folders: Path) -> dict[str, bytes]:
    """Every file under the folders, by path, with its bytes (the thing a failure must not change)."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file() or path.is_symlink():
                found[str(path)] = path.read_bytes() if path.exists() else b"<dangling link>"
    return found


def cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run the czlib command in this process; fail the test if anything escapes it or a traceback shows."""
    try:
        code = czlib.cli.main([str(a) for a in argv])
    except BaseException:  # noqa: BLE001 - the point: nothing may escape the command
        pytest.fail(f"czlib {' '.join(map(str, argv))} raised:\n{traceback.format_exc()}")
    out, err = capsys.readouterr()
    if "--debug" not in argv:
        assert "Traceback" not in out + err, err
    return code, out, err


def add_argv(project: Project, path: Path, *extra: str) -> list:
    return ["add", path, "--title", "新文章", "--date", "2026-04", "--outlet", "长治日报",
            "--corpus", project.corpus, *extra]


def tables_argv(project: Project, *extra) -> list:
    return ["tables", "--corpus", project.corpus, "--out", project.tables, "--jobs", "1", *extra]


def error_lines(err: str) -> list[str]:
    """The lines of an error report (notes and progress lines left out)."""
    return [line for line in err.splitlines() if line and ": note: " not in line and "documents," not in line]


def assert_refused(project: Project, code: int, err: str, expected_code: int, *words: str) -> None:
    """Exit code, a message of 1-3 lines naming what it must, and nothing but that."""
    assert code == expected_code, err
    lines = error_lines(err)
    if expected_code == 2:
        assert 1 <= len(lines) <= 3, lines
    for word in words:
        assert word in err, f"{word!r} not in:\n{err}"


# ============================================================================================
# 1. Duplicates by content
# ============================================================================================

_S2T = opencc.OpenCC("s2t")
_S2TW = opencc.OpenCC("s2tw")

COPIES = {
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-8 BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "UTF-16 with BOM": lambda t: t.encode("utf-16"),
    "UTF-16 without BOM": lambda t: t.encode("utf-16-le"),
    "Traditional (OpenCC s2t)": lambda t: _S2T.convert(t).encode("utf-8"),
    "Traditional, Taiwan forms, GB18030 would fail so UTF-8": lambda t: _S2TW.convert(t).encode("utf-8"),
    "extra blank lines and trailing spaces": lambda t: t.replace("\n", "  \n\n").encode("utf-8"),
}


@pytest.mark.parametrize("variant", list(COPIES))
def test_add_refuses_a_copy_in_another_form_naming_the_registered_document(project, capsys, variant):
    original = project.registered("fair")
    copy = project.new_file("copy.txt", COPIES[variant](FAIR))
    assert copy.read_bytes() != original.read_bytes()
    before = state(project.corpus, project.tables)
    code, _, err = cli(add_argv(project, copy), capsys)
    assert_refused(project, code, err, 2, "copy.txt", "same text", original.stem, "--allow-duplicate")
    assert state(project.corpus, project.tables) == before


def test_add_refuses_a_byte_identical_copy(project, capsys):
    copy = project.new_file("same.txt", project.registered("factory").read_bytes())
    before = state(project.corpus, project.tables)
    code, _, err = cli(add_argv(project, copy), capsys)
    assert_refused(project, code, err, 2, "same.txt", "already registered as", project.registered("factory").stem)
    assert state(project.corpus, project.tables) == before


def test_allow_duplicate_registers_a_reprint_and_records_it(project, capsys):
    original = project.registered("fair")
    reprint = project.new_file("reprint.txt", FAIR.encode("gb18030"))
    raw_before = state(project.raw)
    code, out, err = cli(add_argv(project, reprint, "--allow-duplicate"), capsys)
    assert code == 0, err
    row = read_metadata(project.corpus).iloc[-1]
    assert f"duplicate of {original.stem} (kept deliberately" in row.notes
    assert (project.corpus / row.file).read_bytes() == FAIR.encode("gb18030")
    assert {k: v for k, v in state(project.raw).items() if k in raw_before} == raw_before
    assert cli(["check", "--corpus", project.corpus], capsys)[0] == 0  # a deliberate copy is no problem


def test_check_reports_a_duplicate_registered_by_hand(project, capsys):
    original = project.registered("fair")
    copy = project.raw / "002_handcopy.txt"
    copy.write_bytes(_S2T.convert(FAIR).encode("utf-8"))
    with open(project.corpus / "metadata.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write(f"002_handcopy,raw/002_handcopy.txt,t,,o,2026,year,test,,"
                     f"{hashlib.sha256(copy.read_bytes()).hexdigest()},\n")
    before = state(project.corpus, project.tables)
    code, _, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, "002_handcopy.txt: duplicate", original.stem)
    assert state(project.corpus, project.tables) == before


# ============================================================================================
# 2. Integrity wherever the corpus is read
# ============================================================================================

def _edit_one_byte(path: Path) -> None:
    """Change one digit: still good text, but not the bytes registered."""
    data = bytearray(path.read_bytes())
    at = next(i for i, b in enumerate(data) if 0x30 <= b <= 0x38)
    data[at] += 1
    path.write_bytes(bytes(data))


def test_tables_refuse_a_raw_file_edited_by_one_byte(project, capsys):
    path = project.registered("factory")
    _edit_one_byte(path)
    before = state(project.corpus, project.tables)
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, path.name, "checksum mismatch", "no tables were written")
    assert state(project.corpus, project.tables) == before


def test_tables_without_cache_refuse_an_edited_raw_file_too(project, capsys):
    path = project.registered("fair")
    _edit_one_byte(path)
    before = state(project.corpus, project.tables)
    code, _, err = cli(tables_argv(project, "--no-cache"), capsys)
    assert_refused(project, code, err, 2, path.name, "checksum mismatch")
    assert state(project.corpus, project.tables) == before


def test_an_edited_file_found_in_a_worker_process_is_reported_the_same_way(project, capsys, monkeypatch):
    monkeypatch.setattr(runner, "MIN_DOCUMENTS_FOR_WORKERS", 1)  # two documents, two processes
    path = project.registered("factory")
    _edit_one_byte(path)
    before = state(project.corpus, project.tables)
    code, _, err = cli(["tables", "--corpus", project.corpus, "--out", project.tables, "--jobs", "2", "--no-cache"],
                       capsys)
    assert_refused(project, code, err, 2, path.name, "checksum mismatch")
    assert state(project.corpus, project.tables) == before


def test_check_reports_a_checksum_mismatch(project, capsys):
    path = project.registered("fair")
    _edit_one_byte(path)
    before = state(project.corpus, project.tables)
    code, _, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, f"{path.name}: checksum mismatch", "never be edited")
    assert state(project.corpus, project.tables) == before


def _duplicate_a_row(project: Project) -> None:
    path = project.corpus / "metadata.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")


def test_tables_refuse_a_duplicated_doc_id_row(project, capsys):
    _duplicate_a_row(project)
    before = state(project.corpus, project.tables)
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, "metadata.csv line 4", "duplicate doc_id")
    assert state(project.corpus, project.tables) == before


def test_load_articles_refuses_a_duplicated_doc_id_row_and_an_edited_file(project):
    _duplicate_a_row(project)
    with pytest.raises(CorpusIntegrityError, match="duplicate doc_id"):
        load_articles(project.corpus)
    lines = (project.corpus / "metadata.csv").read_text(encoding="utf-8").splitlines()
    (project.corpus / "metadata.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    path = project.registered("fair")
    _edit_one_byte(path)
    with pytest.raises(CorpusIntegrityError, match=f"{path.name}: checksum mismatch"):
        load_corpus(project.corpus)


def test_tables_refuse_a_missing_file(project, capsys):
    path = project.registered("fair")
    path.unlink()
    before = state(project.corpus, project.tables)
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, f"{path.name}: missing file", "metadata.csv line")
    assert state(project.corpus, project.tables) == before


def test_tables_refuse_an_unregistered_file(project, capsys):
    stray = project.raw / "005_stray.txt"
    stray.write_text(SEEDLINGS, encoding="utf-8")
    before = state(project.corpus, project.tables)
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, "005_stray.txt: unregistered file", "czlib add")
    assert state(project.corpus, project.tables) == before


def test_check_reports_an_unregistered_file(project, capsys):
    (project.raw / "005_stray.txt").write_text(SEEDLINGS, encoding="utf-8")
    before = state(project.corpus, project.tables)
    code, _, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, "005_stray.txt: unregistered file")
    assert state(project.corpus, project.tables) == before


def test_a_bare_folder_is_read_with_a_one_line_unverified_notice(project, capsys):
    bare = project.root / "bare"
    bare.mkdir()
    (bare / "seedlings.txt").write_text(SEEDLINGS, encoding="utf-8")
    before = state(bare)
    code, _, err = cli(["tables", "--corpus", bare, "--out", project.root / "bare_tables", "--jobs", "1"], capsys)
    assert code == 0, err
    notes = [line for line in err.splitlines() if "unverified" in line]
    assert len(notes) == 1 and str(bare) in notes[0] and "no metadata.csv" in notes[0]
    assert state(bare) == before
    with pytest.warns(UnverifiedCorpusWarning, match="no metadata.csv"):
        load_articles(bare)


# ============================================================================================
# 3. Input validation with a reason
# ============================================================================================

def _refused_add(project: Project, capsys, path: Path, *words: str, extra: tuple = ()) -> str:
    before = state(project.corpus, project.tables)
    code, _, err = cli(add_argv(project, path, *extra), capsys)
    assert_refused(project, code, err, 2, path.name, *words)
    assert state(project.corpus, project.tables) == before
    assert not list(project.corpus.glob(".metadata.*")), "no temp file left"
    return err


def test_add_refuses_nul_bytes_naming_the_byte_offset(project, capsys):
    data = SEEDLINGS.encode("utf-8")
    offset = data.index("全县".encode("utf-8"))
    bad = project.new_file("nul.txt", data[:offset] + b"\x00" + data[offset:])
    _refused_add(project, capsys, bad, "NUL byte", f"byte offset {offset}")


def test_add_refuses_mixed_encodings_naming_the_offset_and_the_encodings_tried(project, capsys):
    data = SEEDLINGS.encode("utf-8")
    offset = data.index("育苗工厂采用".encode("utf-8"))
    bad = project.new_file("mixed.txt", data[:offset] + "育苗工厂采用".encode("gbk") + data[offset + 18:])
    err = _refused_add(project, capsys, bad, "mixes encodings", f"byte offset {offset}", "utf-8", "gb18030")
    assert "utf-16" in err


def test_add_refuses_a_text_of_punctuation_only(project, capsys):
    bad = project.new_file("dots.txt", "。。。!!!\n——……\n,,,;;\n2026\n")
    _refused_add(project, capsys, bad, "no letters")


def test_add_refuses_an_empty_file(project, capsys):
    _refused_add(project, capsys, project.new_file("empty.txt", b""), "file is empty")


def test_add_refuses_a_binary_file(project, capsys):
    _refused_add(project, capsys, project.new_file("photo.txt", bytes(range(256)) * 8), "binary")


def test_add_refuses_a_url_that_is_not_http(project, capsys):
    path = project.new_file("seedlings.txt", SEEDLINGS)
    _refused_add(project, capsys, path, "--url", "javascript:", "http", extra=("--url", "javascript:alert(1)"))


def test_add_refuses_an_implausible_date_and_the_range_is_configurable(project, capsys):
    path = project.new_file("seedlings.txt", SEEDLINGS)
    before = state(project.corpus)
    code, _, err = cli(["add", path, "--title", "t", "--date", "1700-01-01", "--outlet", "o",
                        "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 2, "seedlings.txt", "--date", "1700-01-01", "1949", "--min-year")
    assert state(project.corpus) == before
    code, _, err = cli(["add", path, "--title", "t", "--date", "1700-01-01", "--outlet", "o",
                        "--corpus", project.corpus, "--min-year", "1600"], capsys)
    assert code == 0, err


def test_add_refuses_a_mistyped_corpus_unless_init(project, capsys):
    path = project.new_file("seedlings.txt", SEEDLINGS)
    typo = project.root / "corpsu"
    code, _, err = cli(["add", path, "--title", "t", "--date", "2026", "--outlet", "o", "--corpus", typo], capsys)
    assert_refused(project, code, err, 2, "corpsu", "is not a corpus", "--init")
    assert not typo.exists()
    code, _, err = cli(["add", path, "--title", "t", "--date", "2026", "--outlet", "o", "--corpus", typo,
                        "--init"], capsys)
    assert code == 0, err
    assert check_corpus(typo) == []


def test_add_keeps_crlf_line_endings_of_metadata(project, capsys):
    path = project.corpus / "metadata.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    code, _, err = cli(add_argv(project, project.new_file("seedlings.txt", SEEDLINGS)), capsys)
    assert code == 0, err
    after = path.read_bytes()
    assert after.startswith(before)  # old rows byte for byte; the new one sorts last
    assert after.count(b"\n") == after.count(b"\r\n") == before.count(b"\r\n") + 1


def test_a_registered_file_replaced_by_a_link_outside_raw_is_reported_once(project, capsys):
    path = project.registered("fair")
    outside = project.root / "elsewhere.txt"
    shutil.copyfile(path, outside)
    path.unlink()
    path.symlink_to(outside)
    before = state(project.corpus, project.tables)
    code, _, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, f"{path.name}: is a symbolic link", "outside")
    problems = [line for line in err.splitlines() if "problem(s)" not in line]
    assert len(problems) == 1, problems  # one report, under the registered name
    assert "1 problem(s)" in err
    assert state(project.corpus, project.tables) == before


def test_non_chinese_text_is_flagged_and_not_converted(project, capsys):
    path = project.new_file("kouryukai.txt", JAPANESE)
    code, _, err = cli(add_argv(project, path), capsys)
    assert code == 0, err
    articles = load_articles(project.corpus)
    japanese = articles[articles.script == "japanese"]
    assert len(japanese) >= 1
    shown = "".join(japanese.title) + "".join(japanese.text) + "".join(japanese.notes)  # the registered title
    # replaces the headline line, which the notes keep (issue 21)
    assert "開かれました" in shown and "進め方" in shown  # 開, 進 not "converted" to 开, 进


def test_short_utf16_without_bom_is_decoded(project, capsys):
    data = "科技特派员进村\n".encode("utf-16-le")
    path = project.new_file("short16.txt", data)
    code, out, err = cli(add_argv(project, path), capsys)
    assert code == 0, err
    row = read_metadata(project.corpus).iloc[-1]
    assert "utf-16-le" in row.notes
    assert (project.corpus / row.file).read_bytes() == data
    assert check_corpus(project.corpus) == []


@pytest.mark.parametrize("variant", ["gb18030", "utf-8 BOM", "CRLF", "UTF-16 with BOM", "UTF-16 without BOM"])
def test_a_new_article_in_another_encoding_is_registered_verbatim_and_reads_the_same(project, capsys, variant):
    data = COPIES[variant](SEEDLINGS)
    path = project.new_file("seedlings.txt", data)
    code, _, err = cli(add_argv(project, path), capsys)
    assert code == 0, err
    row = read_metadata(project.corpus).iloc[-1]
    assert (project.corpus / row.file).read_bytes() == data  # never re-encoded
    articles = load_articles(project.corpus)
    assert "年可培育蔬菜种苗800万株" in "".join(articles[articles.doc_id == row.doc_id].text)


def test_markup_in_an_article_stays_data_and_is_escaped_when_shown(project, capsys):
    from czlib.publish.display import show_table

    code, _, err = cli(add_argv(project, project.new_file("lab.txt", MARKUP)), capsys)
    assert code == 0, err
    code, _, err = cli(tables_argv(project), capsys)
    assert code == 0, err
    articles = storage.read_table("articles", tables_dir=project.tables)
    text = "".join(articles.text)
    assert '<script>alert("x")</script>' in text  # kept verbatim as data, never run
    html = show_table(articles[["text"]])._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


# ============================================================================================
# 4. No traceback: messages naming the file and line
# ============================================================================================

def _curation(project: Project) -> Path:
    folder = project.corpus / "curation"
    folder.mkdir(exist_ok=True)
    return folder


def test_a_malformed_userdict_line_is_reported_by_check_and_by_tables(project, capsys):
    path = _curation(project) / "userdict.txt"
    path.write_text("对接会 nz\n科技 成果 5 nz\n育苗工厂 n\n", encoding="utf-8")
    before = state(project.corpus, project.tables)
    code, out, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, "userdict.txt, line 2", "word [freq] [tag]")
    assert "corpus OK" not in out
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, "userdict.txt, line 2", "spaces")
    assert state(project.corpus, project.tables) == before


def test_check_reports_each_bad_override_with_its_line(project, capsys):
    doc_id = project.registered("fair").stem
    path = _curation(project) / "overrides.toml"
    path.write_text(f'''# overrides written for the test
[[override]]
doc_id = "{doc_id}"
title = "长治高新区举行科技成果对接会"
set = {{ kind = "news" }}

[[override]]
doc_id = "{doc_id}"
title = "长治高新区举行科技成果对接会"
set = {{ kind = "rumour" }}
reason = "a kind that does not exist"
''', encoding="utf-8")
    before = state(project.corpus, project.tables)
    code, _, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, "overrides.toml line 2: override #1 must say why",
                   "overrides.toml line 7: override #2 unknown kind 'rumour'")
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, "overrides.toml line 2")
    assert state(project.corpus, project.tables) == before


def test_check_reports_each_bad_gazetteer_row_with_its_line(project, capsys):
    folder = _curation(project)
    for name in ("gazetteer_orgs.csv", "gazetteer_places.csv", "gazetteer_people.csv"):
        shutil.copyfile(config.CURATION_DIR / name, folder / name)
    orgs = folder / "gazetteer_orgs.csv"
    lines = orgs.read_text(encoding="utf-8").splitlines()
    orgs.write_text("\n".join(lines + ["长治育苗工厂,farm,,长治市,,Seedling factory",
                                       "长治市科技成果中心,government,,火星,,Mars office"]) + "\n", encoding="utf-8")
    before = state(project.corpus, project.tables)
    code, _, err = cli(["check", "--corpus", project.corpus], capsys)
    assert_refused(project, code, err, 1, f"gazetteer_orgs.csv line {len(lines) + 1}: type 'farm'",
                   f"gazetteer_orgs.csv line {len(lines) + 2}", "火星")
    code, _, err = cli(tables_argv(project), capsys)
    assert_refused(project, code, err, 2, f"gazetteer_orgs.csv line {len(lines) + 1}")
    assert state(project.corpus, project.tables) == before


def test_a_metadata_row_with_an_unbalanced_quote_says_so(project, capsys):
    path = project.corpus / "metadata.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",长治高新区举行科技成果对接会,", ',"长治高新区举行科技成果对接会,', 1), encoding="utf-8")
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if '"长治高新区' in row)
    before = state(project.corpus, project.tables)
    for argv, expected in ((["check", "--corpus", project.corpus], 1), (tables_argv(project), 2)):
        code, _, err = cli(argv, capsys)
        assert_refused(project, code, err, expected, f"metadata.csv: line {line}", "double quote", "never closed")
    assert state(project.corpus, project.tables) == before


def test_debug_shows_the_traceback(project, capsys):
    empty = project.new_file("empty.txt", b"")
    code, _, err = cli(["--debug", *add_argv(project, empty)], capsys)
    assert code == 2 and "Traceback" in err and "file is empty" in err
    code, _, err = cli([*add_argv(project, empty), "--debug"], capsys)  # after the subcommand too
    assert code == 2 and "Traceback" in err


def test_an_internal_error_is_a_short_message_not_a_traceback(project, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something czlib did not expect")

    monkeypatch.setattr(runner, "_table_columns", broken)
    before = state(project.corpus, project.tables)
    code, _, err = cli(tables_argv(project), capsys)
    assert code == 3
    assert "internal error: RuntimeError" in err and "--debug" in err
    assert state(project.corpus, project.tables) == before


# Every failure path of check, add and tables (build has its own tests): set-up -> command.
def _failure_paths():
    def edited(p):
        _edit_one_byte(p.registered("fair"))
        return tables_argv(p)

    def duplicated_row(p):
        _duplicate_a_row(p)
        return tables_argv(p)

    def userdict(p):
        (_curation(p) / "userdict.txt").write_text("科技 成果 5 nz\n", encoding="utf-8")
        return tables_argv(p)

    def unwritable_out(p):
        (p.root / "file_not_folder").write_text("x", encoding="utf-8")
        return ["tables", "--corpus", p.corpus, "--out", p.root / "file_not_folder"]

    def foreign_out(p):
        (p.tables / "notes.docx").write_bytes(b"mine")
        return tables_argv(p)

    return {
        "check: no such corpus": lambda p: ["check", "--corpus", p.root / "nowhere"],
        "check: no metadata": lambda p: ((p.corpus / "metadata.csv").unlink(), ["check", "--corpus", p.corpus])[1],
        "check: edited file": lambda p: (_edit_one_byte(p.registered("fair")), ["check", "--corpus", p.corpus])[1],
        "add: missing file": lambda p: add_argv(p, p.incoming / "absent.txt"),
        "add: empty": lambda p: add_argv(p, p.new_file("e.txt", b"")),
        "add: binary": lambda p: add_argv(p, p.new_file("b.txt", bytes(range(256)) * 4)),
        "add: NUL": lambda p: add_argv(p, p.new_file("n.txt", b"abc\x00" + SEEDLINGS.encode())),
        "add: mixed": lambda p: add_argv(p, p.new_file("m.txt", SEEDLINGS.encode() + "长治".encode("gbk"))),
        "add: no letters": lambda p: add_argv(p, p.new_file("d.txt", "。。。\n")),
        "add: duplicate": lambda p: add_argv(p, p.new_file("c.txt", FAIR.encode("gb18030"))),
        "add: bad url": lambda p: add_argv(p, p.new_file("s.txt", SEEDLINGS), "--url", "ftp://x"),
        "add: bad date": lambda p: ["add", p.new_file("s.txt", SEEDLINGS), "--title", "t", "--date", "2026-13",
                                    "--outlet", "o", "--corpus", p.corpus],
        # a title not given is read from the text (issue 21); an outlet the text does not state is asked for
        "add: no outlet": lambda p: ["add", p.new_file("s.txt", SEEDLINGS), "--title", "t", "--date", "2026",
                                     "--corpus", p.corpus],
        "add: not a corpus": lambda p: ["add", p.new_file("s.txt", SEEDLINGS), "--title", "t", "--date", "2026",
                                        "--outlet", "o", "--corpus", p.root / "typo"],
        "add: broken metadata": lambda p: ((p.corpus / "metadata.csv").write_text("doc_id,file\n", encoding="utf-8"),
                                           add_argv(p, p.new_file("s.txt", SEEDLINGS)))[1],
        "tables: no such corpus": lambda p: ["tables", "--corpus", p.root / "nowhere", "--out", p.tables],
        "tables: edited file": edited,
        "tables: duplicated row": duplicated_row,
        "tables: missing file": lambda p: (p.registered("fair").unlink(), tables_argv(p))[1],
        "tables: bad userdict": userdict,
        "tables: out is a file": unwritable_out,
        "tables: out holds other files": foreign_out,
        "tables: empty folder": lambda p: ((p.root / "void").mkdir(), ["tables", "--corpus", p.root / "void",
                                                                        "--out", p.tables])[1],
    }


def test_every_cli_failure_path_answers_without_a_traceback(project, capsys, tmp_path):
    paths = _failure_paths()
    template = project.root
    for n, (name, setup) in enumerate(paths.items()):
        root = tmp_path / f"case{n}"
        shutil.copytree(template, root, symlinks=True)
        case = Project(root, root / "corpus", root / "tables", root / "incoming")
        argv = setup(case)
        raw_before = state(case.raw)
        code, out, err = cli(argv, capsys)  # fails on a traceback or an escaping exception
        assert code in (1, 2), (name, code, err)
        lines = error_lines(err)
        assert lines and all(line.startswith(f"czlib {argv[0]}: ") for line in lines), (name, err)
        if code == 2:
            assert len(lines) <= 3, (name, lines)
        if name.startswith("add"):
            assert state(case.raw) == raw_before, name
        # the same failure as a separate process, where a traceback would really print
        if name in ("add: NUL", "tables: bad userdict", "check: edited file"):
            proc = subprocess.run([sys.executable, "-m", "czlib.cli", *map(str, argv)], capture_output=True,
                                  text=True, env={**os.environ, "CZLIB_ROOT": str(config.ROOT)}, timeout=300)
            assert proc.returncode == code and "Traceback" not in proc.stderr, (name, proc.stderr)


# ============================================================================================
# 5. Faults: killed, read-only, concurrent, disk full
# ============================================================================================

SLOW_WRITER = """
import sys, time
from czlib import storage
real = storage.TableSetWriter.write
def slow(self, name, df):
    real(self, name, df)
    time.sleep(0.4)
storage.TableSetWriter.write = slow
from czlib.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_sigkill_during_tables_leaves_corpus_and_tables_then_the_next_run_works(project, capsys):
    code, _, err = cli(add_argv(project, project.new_file("seedlings.txt", SEEDLINGS)), capsys)
    assert code == 0, err
    before = state(project.corpus, project.tables)
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, *map(str, tables_argv(project, "--no-cache"))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    staging: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        staging = [p for p in project.root.glob(".tables.staging-*") if len(list(p.iterdir())) >= 3]
        if staging:
            break
        time.sleep(0.05)
    assert staging, "the run ended before it was seen writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert state(project.corpus, project.tables) == before
    code, _, err = cli(tables_argv(project), capsys)
    assert code == 0, err
    assert len(storage.read_table("articles", tables_dir=project.tables)) == 3
    assert not list(project.root.glob(".tables.staging-*"))


def _as_unprivileged() -> list[str] | None:
    """A command prefix running as an ordinary user (for permission tests when the tests run as root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


def test_read_only_output_folder_is_refused_naming_it_and_left_intact(template):
    prefix = _as_unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    root = Path(tempfile.mkdtemp(prefix="czlib-readonly-", dir="/tmp"))
    try:
        os.chmod(root, 0o777)
        shutil.copytree(template / "corpus", root / "corpus")
        shutil.copytree(template / "tables", root / "tables")
        for path in [root / "corpus", *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        if prefix:
            os.chown(root / "tables", 65534, 65534)
        os.chmod(root / "tables", 0o555)
        before = state(root / "corpus", root / "tables")
        argv = [sys.executable, "-m", "czlib.cli", "tables", "--no-cache", "--jobs", "1",
                "--corpus", str(root / "corpus"), "--out", str(root / "tables")]
        proc = subprocess.run(prefix + argv, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "CZLIB_ROOT": str(config.ROOT)})
        assert proc.returncode == 2, proc.stderr
        assert f"{root / 'tables'}: read-only" in proc.stderr and "Traceback" not in proc.stderr
        assert state(root / "corpus", root / "tables") == before
        assert not list(root.glob(".tables.staging-*"))
        os.chmod(root / "tables", 0o755)  # made writable again, the next run works
        proc = subprocess.run(prefix + argv, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "CZLIB_ROOT": str(config.ROOT)})
        assert proc.returncode == 0, proc.stderr
    finally:
        shutil.rmtree(root, ignore_errors=True)


SLOW_ADD = """
import sys, time
from pathlib import Path
from czlib.corpus.registry import registry
real = registry._write_metadata_atomically
def slow(*args, **kwargs):
    Path(sys.argv[1]).touch()          # "I hold the lock"
    release, deadline = Path(sys.argv[1] + ".release"), time.monotonic() + 120
    while not release.exists() and time.monotonic() < deadline:  # until the other add is seen waiting
        time.sleep(0.05)
    return real(*args, **kwargs)
registry._write_metadata_atomically = slow
from czlib.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_two_adds_at_once_both_register_and_no_row_is_lost(project):
    first = project.new_file("seedlings.txt", SEEDLINGS)
    second = project.new_file("lab.txt", MARKUP)
    marker = project.root / "holding"
    env = {**os.environ, "CZLIB_ROOT": str(config.ROOT)}
    a = subprocess.Popen([sys.executable, "-c", SLOW_ADD, str(marker), *map(str, add_argv(project, first))],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    while not marker.exists() and a.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), a.communicate()[1]
    b = subprocess.Popen([sys.executable, "-m", "czlib.cli", *map(str, add_argv(project, second))],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first_line = b.stderr.readline()  # the second add's first words: it waits (however slow its start)
    Path(f"{marker}.release").touch()
    b_out, b_err = b.communicate(timeout=300)
    a_out, a_err = a.communicate(timeout=300)
    assert a.returncode == 0, a_err
    assert b.returncode == 0, first_line + b_err
    assert "waiting for another czlib add" in first_line
    metadata = read_metadata(project.corpus)
    assert len(metadata) == 4 and metadata.doc_id.is_unique
    assert check_corpus(project.corpus) == []


def test_a_lock_held_too_long_is_refused_clearly(project, capsys, monkeypatch):
    monkeypatch.setattr(registry, "LOCK_TIMEOUT", 0.3)
    before = state(project.corpus, project.tables)
    with corpus_lock(project.corpus):
        code, _, err = cli(add_argv(project, project.new_file("seedlings.txt", SEEDLINGS)), capsys)
    assert_refused(project, code, err, 2, str(project.corpus), "another czlib add", "try again")
    assert state(project.corpus, project.tables) == before


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_writing_tables_keeps_the_previous_set_then_the_next_run_works(project, capsys,
                                                                                        monkeypatch):
    code, _, err = cli(add_argv(project, project.new_file("seedlings.txt", SEEDLINGS)), capsys)
    assert code == 0, err
    before = state(project.corpus, project.tables)
    real = storage.TableSetWriter.write
    calls = []

    def write(self, name, df):
        calls.append(name)
        if len(calls) > 3:
            _disk_full()
        real(self, name, df)

    monkeypatch.setattr(storage.TableSetWriter, "write", write)
    code, _, err = cli(tables_argv(project, "--no-cache"), capsys)
    assert_refused(project, code, err, 2, str(project.tables), "no space left", "no tables were written")
    assert state(project.corpus, project.tables) == before
    assert not list(project.root.glob(".tables.staging-*"))
    monkeypatch.setattr(storage.TableSetWriter, "write", real)
    code, _, err = cli(tables_argv(project), capsys)
    assert code == 0, err
    assert len(storage.read_table("articles", tables_dir=project.tables)) == 3


def test_disk_full_while_adding_leaves_the_corpus_unchanged_then_the_next_add_works(project, capsys,
                                                                                     monkeypatch):
    path = project.new_file("seedlings.txt", SEEDLINGS)
    before = state(project.corpus, project.tables)
    real_open = open

    def full_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if mode == "xb":  # the raw copy: the disk fills up half-way
            handle.write(b"\xe8")
            handle.close()
            _disk_full()
        return handle

    monkeypatch.setattr(locking, "open", full_open, raising=False)  # where the raw copy is written
    code, _, err = cli(add_argv(project, path), capsys)
    assert_refused(project, code, err, 2, "no space left", "nothing was registered")
    assert state(project.corpus, project.tables) == before
    assert not list(project.corpus.glob(".metadata.*"))
    monkeypatch.setattr(registry, "_write_metadata_atomically", _disk_full)
    code, _, err = cli(add_argv(project, path), capsys)
    assert_refused(project, code, err, 2, str(project.corpus), "no space left")
    assert state(project.corpus, project.tables) == before
    monkeypatch.undo()
    monkeypatch.setattr(config, "CACHE_DIR", project.root / "cache")
    code, _, err = cli(add_argv(project, path), capsys)
    assert code == 0, err
    assert check_corpus(project.corpus) == []
