"""Corpus integrity (`czlib check`) and registration (`czlib add`).

Every test that could write works on a copy of the seed corpus in tmp_path;
the real corpus/raw is only ever read (and snapshotted, to prove it).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import czlib.cli
from czlib import config
from czlib.corpus.registry.registry import (
    METADATA_COLUMNS,
    UnverifiedCorpusWarning,
    add_document,
    check_corpus,
    corpus_documents,
    infer_date,
    parse_iso_date,
    read_metadata,
)
from czlib.corpus.reading.decoding import CorpusFileError, load_document, sha256_bytes

SEED_002 = "002_1b1a24af7ea58fae"  # 2022 web article (山西日报 via 黄河新闻网)
SEED_003 = "003_3bf8bbf292258e31"  # January 2026 front page of 长治日报
SEEDS_FOLDER = config.ROOT.parent / "shared" / "corpus-seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the real corpus (raw/ and metadata.csv) to damage freely."""
    target = tmp_path / "corpus"
    (target / "raw").mkdir(parents=True)
    for path in sorted(config.RAW_DIR.glob("*.txt")):
        shutil.copyfile(path, target / "raw" / path.name)
    shutil.copyfile(config.METADATA_CSV, target / "metadata.csv")
    return target


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = czlib.cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Names, bytes and modification times of every file in a folder."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def append_metadata_row(corpus: Path, path: Path, **overrides: str) -> None:
    """Register a file by hand (as a careless editor might), with its true checksum."""
    row = {name: "" for name in METADATA_COLUMNS}
    row.update(doc_id=path.stem, file=f"raw/{path.name}", title="t", outlet="o", date="2024",
               date_precision="year", date_source="test", sha256=sha256_bytes(path.read_bytes()))
    row.update(overrides)
    with open(corpus / "metadata.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write(",".join(row[name] for name in METADATA_COLUMNS) + "\n")


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("value, expected", [
    ("2022-04-27", ("2022-04-27", "day")),   # seed 002, from its web header
    ("2026-01", ("2026-01", "month")),        # seed 003
    ("2025", ("2025", "year")),
])
def test_parse_iso_date_accepts_the_three_precisions(value, expected):
    assert parse_iso_date(value) == expected


@pytest.mark.parametrize("value", ["2024-13", "22/4/2022", "2023-02-29", "2022-4-27", "", "2022年4月27日"])
def test_parse_iso_date_rejects_non_iso_or_impossible_dates(value):
    with pytest.raises(ValueError, match="ISO date|out of range|does not exist"):
        parse_iso_date(value)


def test_infer_date_uses_the_labelled_header_of_seed_002():
    text = load_document(config.RAW_DIR / f"{SEED_002}.txt").text
    iso, precision, source = infer_date(text)
    assert (iso, precision) == ("2022-04-27", "day")
    assert "发布时间" in source


def test_infer_date_full_written_date_and_none():
    iso, precision, source = infer_date("本报讯 2022年4月27日,长治市召开大会。")
    assert (iso, precision) == ("2022-04-27", "day")
    assert "event date" in source
    # Seed 000 only says 今年 5 月 30 日 (no year): no date is guessed.
    assert infer_date("今年 5 月 30 日是第九个全国科技工作者日")[0] == ""


# ------------------------------------------------------------------ metadata

def test_read_metadata_gives_str_columns_for_the_four_seeds():
    frame = read_metadata(config.CORPUS_DIR)
    assert list(frame.columns) == METADATA_COLUMNS
    assert list(frame["doc_id"]) == sorted(p.stem for p in config.RAW_DIR.glob("*.txt"))
    assert all(pd_is_str(frame[c]) for c in frame.columns)
    assert frame.loc[frame.doc_id == SEED_002, "date"].item() == "2022-04-27"
    assert (frame["url"] == "").all()  # empty cells are '', not NaN


def pd_is_str(series) -> bool:
    return all(isinstance(v, str) for v in series)


def test_read_metadata_missing_column_names_metadata_csv_and_column(corpus):
    path = corpus / "metadata.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(",sha256", ",checksum")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CorpusFileError, match=r"metadata\.csv.*missing column\(s\) sha256"):
        read_metadata(corpus)
    assert "missing column(s) sha256" in check_corpus(corpus)[0]


# ------------------------------------------------------------------ check

def test_seed_corpus_copy_passes_check(corpus, capsys):
    code, out, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 0, err
    assert "corpus OK" in out


def test_checksum_mismatch_names_the_file(corpus, capsys):
    # Append one byte to seed 002: still perfectly loadable text, but not the bytes registered.
    path = corpus / "raw" / f"{SEED_002}.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert f"{SEED_002}.txt: checksum mismatch" in err
    assert "f126b3f3af33" in err  # expected checksum prefix from metadata.csv


def test_missing_file_names_the_file(corpus, capsys):
    (corpus / "raw" / f"{SEED_003}.txt").unlink()
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert f"{SEED_003}.txt: missing file" in err


def test_unregistered_file_names_the_file(corpus, capsys):
    shutil.copyfile(corpus / "raw" / f"{SEED_003}.txt", corpus / "raw" / "004_stray.txt")
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert "004_stray.txt: unregistered file" in err


def test_unparseable_date_names_the_file(corpus, capsys):
    path = corpus / "metadata.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2022-04-27,day,", ",27/4/2022,day,"),
                    encoding="utf-8")
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert f"{SEED_002}.txt" in err and "unparseable date" in err and "27/4/2022" in err


def test_date_precision_must_match_the_date(corpus):
    path = corpus / "metadata.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2022-04-27,day,", ",2022-04-27,month,"),
                    encoding="utf-8")
    [problem] = check_corpus(corpus)
    assert f"{SEED_002}.txt" in problem and "date_precision 'month'" in problem


def test_duplicate_doc_id_is_reported(corpus, capsys):
    path = corpus / "metadata.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    path.write_text("\n".join(lines + [lines[3]]) + "\n", encoding="utf-8")  # seed 002's row twice
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert f"duplicate doc_id '{SEED_002}'" in err


def test_doc_id_must_be_the_file_stem(corpus):
    path = corpus / "metadata.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(f"{SEED_003},raw/", f"003_renamed,raw/"),
                    encoding="utf-8")
    [problem] = check_corpus(corpus)
    assert f"{SEED_003}.txt" in problem and "not the file stem" in problem


def test_missing_required_field_is_reported(corpus):
    path = corpus / "metadata.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",长治日报,2026-01,", ",,2026-01,"), encoding="utf-8")  # seed 003's outlet
    [problem] = check_corpus(corpus)
    assert f"{SEED_003}.txt" in problem and "'outlet' is empty" in problem


def test_registered_empty_file_fails_naming_it(corpus, capsys):
    empty = corpus / "raw" / "004_empty.txt"
    empty.write_bytes(b"")
    append_metadata_row(corpus, empty)
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert "004_empty.txt: file is empty" in err


def test_registered_binary_file_fails_naming_it(corpus, capsys):
    binary = corpus / "raw" / "004_binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)  # not text in any encoding
    append_metadata_row(corpus, binary)
    code, _, err = run(["check", "--corpus", str(corpus)], capsys)
    assert code == 1
    assert "004_binary.txt: " in err and "binary" in err


def test_file_outside_raw_is_refused(corpus):
    outside = corpus / "elsewhere.txt"
    shutil.copyfile(corpus / "raw" / f"{SEED_003}.txt", outside)
    append_metadata_row(corpus, outside, file="elsewhere.txt", doc_id="elsewhere", sha256="0" * 64)
    [problem] = check_corpus(corpus)
    assert "elsewhere.txt" in problem and "not directly inside" in problem


def test_missing_metadata_csv_is_a_problem(corpus):
    (corpus / "metadata.csv").unlink()
    [problem] = check_corpus(corpus)
    assert "metadata.csv: missing" in problem


# ------------------------------------------------------------------ add

def test_add_gb18030_copy_of_seed_003_is_verbatim_and_check_passes(corpus, tmp_path, capsys):
    # The same text as seed 003: registered only as a deliberate second copy (see test_reliability).
    seed = (corpus / "raw" / f"{SEED_003}.txt").read_bytes()
    gb_bytes = seed.decode("utf-8").encode("gb18030")
    assert gb_bytes != seed
    source = tmp_path / "front_page_gb18030.txt"
    source.write_bytes(gb_bytes)
    metadata_before = (corpus / "metadata.csv").read_bytes()

    code, out, err = run(["add", str(source), "--title", "长治经开区三措并举 (GB18030 copy)",
                          "--date", "2026-01", "--outlet", "长治日报", "--corpus", str(corpus),
                          "--allow-duplicate"], capsys)
    assert code == 0, err
    sha = sha256_bytes(gb_bytes)
    doc_id = f"004_{sha[:16]}"
    assert f"registered {doc_id}" in out
    added = corpus / "raw" / f"{doc_id}.txt"
    assert added.read_bytes() == gb_bytes  # bytes verbatim, not re-encoded to UTF-8
    assert load_document(added).text == load_document(corpus / "raw" / f"{SEED_003}.txt").text

    metadata_after = (corpus / "metadata.csv").read_bytes()
    assert metadata_after.startswith(metadata_before)  # old rows untouched, new row sorts last
    assert b"\r" not in metadata_after and metadata_after.endswith(b"\n")
    row = read_metadata(corpus).set_index("doc_id").loc[doc_id]
    assert (row.file, row.date, row.date_precision, row.sha256) == (f"raw/{doc_id}.txt", "2026-01", "month", sha)
    assert row.date_source == "given by czlib add"
    assert f"duplicate of {SEED_003} (kept deliberately" in row.notes
    assert run(["check", "--corpus", str(corpus)], capsys)[0] == 0


def test_add_writes_exactly_one_new_file_under_raw(corpus, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text("长治市科技局召开创新大会\n本报讯 2024年6月24日,会议在长治召开。\n", encoding="utf-8")
    before = snapshot(corpus / "raw")
    row = add_document(source, title="创新大会", date="2024-06-24", outlet="长治日报", corpus_dir=corpus)
    after = snapshot(corpus / "raw")
    assert set(after) - set(before) == {Path(row["file"]).name}
    assert {name: after[name] for name in before} == before  # the seeds: same bytes, same mtimes
    assert check_corpus(corpus) == []


@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "file is empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
])
def test_add_refuses_empty_or_binary_file_and_changes_nothing(corpus, tmp_path, capsys, name, content, problem):
    source = tmp_path / name
    source.write_bytes(content)
    raw_before = snapshot(corpus / "raw")
    metadata_before = (corpus / "metadata.csv").read_bytes()
    code, _, err = run(["add", str(source), "--title", "t", "--date", "2024", "--outlet", "o",
                        "--corpus", str(corpus)], capsys)
    assert code == 2
    assert f"{name}: " in err and problem in err
    assert snapshot(corpus / "raw") == raw_before
    assert (corpus / "metadata.csv").read_bytes() == metadata_before
    assert sorted(p.name for p in corpus.iterdir()) == ["metadata.csv", "raw"]  # no temp file left


def test_add_refuses_content_already_registered_naming_the_existing_doc(corpus, tmp_path):
    # A byte-identical copy of seed 002 under another name.
    source = tmp_path / "huanghe_page.txt"
    shutil.copyfile(corpus / "raw" / f"{SEED_002}.txt", source)
    metadata_before = (corpus / "metadata.csv").read_bytes()
    with pytest.raises(CorpusFileError, match=f"huanghe_page.txt: is already registered as {SEED_002}"):
        add_document(source, title="t", date="2022-04-27", outlet="o", corpus_dir=corpus)
    assert (corpus / "metadata.csv").read_bytes() == metadata_before
    assert len(list((corpus / "raw").iterdir())) == 4


@pytest.mark.parametrize("date", ["2024-13", "22/4/2022"])
def test_add_refuses_a_bad_date_before_writing(corpus, tmp_path, date):
    source = tmp_path / "new.txt"
    source.write_text("标题\n正文\n", encoding="utf-8")
    with pytest.raises(CorpusFileError, match=r"new\.txt: --date"):
        add_document(source, title="t", date=date, outlet="o", corpus_dir=corpus)
    assert len(list((corpus / "raw").iterdir())) == 4


def test_add_removes_the_copy_when_registration_fails(corpus, tmp_path, monkeypatch):
    source = tmp_path / "new.txt"
    source.write_text("标题\n正文\n", encoding="utf-8")
    metadata_before = (corpus / "metadata.csv").read_bytes()

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("czlib.corpus.registry.registry.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        add_document(source, title="t", date="2024", outlet="o", corpus_dir=corpus)
    assert len(list((corpus / "raw").iterdir())) == 4  # no copied file without its row
    assert (corpus / "metadata.csv").read_bytes() == metadata_before
    assert sorted(p.name for p in corpus.iterdir()) == ["metadata.csv", "raw"]


def test_add_into_a_new_folder_creates_raw_and_metadata(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("标题\n正文\n", encoding="utf-8")
    corpus = tmp_path / "mine"
    row = add_document(source, title="标题", date="2024-06", outlet="o", corpus_dir=corpus)
    assert row["doc_id"].startswith("000_")
    assert check_corpus(corpus) == []


# ------------------------------------------------------------------ documents without metadata

def test_corpus_documents_with_metadata_matches_metadata_csv():
    frame = corpus_documents(config.CORPUS_DIR)
    assert list(frame.columns) == METADATA_COLUMNS + ["path"]
    assert frame.drop(columns="path").equals(read_metadata(config.CORPUS_DIR))
    assert all(Path(p).is_file() for p in frame["path"])


def test_corpus_documents_of_a_bare_folder_infers_title_and_date(tmp_path):
    for seed in ("000_ce4198fb15dabd0b", SEED_002):
        shutil.copyfile(config.RAW_DIR / f"{seed}.txt", tmp_path / f"{seed}.txt")
    frame = corpus_documents(tmp_path).set_index("doc_id")
    web = frame.loc[SEED_002]
    assert web.title == "长治让科技成果从“书架”走向“货架”"
    assert (web.date, web.date_precision) == ("2022-04-27", "day")
    assert "发布时间" in web.date_source
    assert web.file == f"{SEED_002}.txt" and web.outlet == ""
    page = frame.loc["000_ce4198fb15dabd0b"]  # Sci-Tech Workers' Day page: no full date in the text
    assert page.title == "坚守初心使命 勇攀科技高峰"
    assert page.date == "" and page.date_source == "no full date stated in the text"


def test_corpus_documents_of_a_folder_with_raw_but_no_metadata(corpus):
    (corpus / "metadata.csv").unlink()
    frame = corpus_documents(corpus)
    assert list(frame["file"]) == [f"raw/{p.name}" for p in sorted(config.RAW_DIR.glob("*.txt"))]


def test_corpus_documents_refuses_unregistered_files_unless_told_not_to_verify(corpus):
    # Changed by the reliability issue: an unregistered file stops the readers (it used to be a warning).
    shutil.copyfile(corpus / "raw" / f"{SEED_003}.txt", corpus / "raw" / "004_stray.txt")
    with pytest.raises(CorpusFileError, match="004_stray.txt: unregistered file"):
        corpus_documents(corpus)
    with pytest.warns(UserWarning, match="004_stray.txt"):
        frame = corpus_documents(corpus, verify=False)
    assert len(frame) == 4


def test_corpus_documents_of_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusFileError, match="holds no documents"):
        corpus_documents(tmp_path)


# ------------------------------------------------------------------ the real corpus is read-only

def test_check_never_writes_under_the_real_corpus_raw(capsys):
    before = snapshot(config.RAW_DIR)
    code, _, err = run(["check", "--corpus", str(config.CORPUS_DIR)], capsys)
    assert code == 0, err
    assert snapshot(config.RAW_DIR) == before


def test_tables_never_writes_under_the_real_corpus_raw(tmp_path, capsys):
    pytest.importorskip("czlib.pipeline")
    before = snapshot(config.RAW_DIR)
    code, _, err = run(["tables", "--corpus", str(config.CORPUS_DIR), "--out", str(tmp_path / "tables")], capsys)
    assert snapshot(config.RAW_DIR) == before
    assert code == 0, err


def test_real_raw_files_are_byte_identical_to_the_shared_seeds():
    if not SEEDS_FOLDER.is_dir():
        pytest.skip(f"{SEEDS_FOLDER} not present")
    seeds = sorted(p.name for p in SEEDS_FOLDER.glob("*.txt"))
    assert seeds == sorted(p.name for p in config.RAW_DIR.glob("*.txt"))
    for name in seeds:
        assert (config.RAW_DIR / name).read_bytes() == (SEEDS_FOLDER / name).read_bytes(), name


def test_metadata_checksums_match_the_real_raw_files():
    for row in read_metadata(config.CORPUS_DIR).itertuples():
        assert sha256_bytes((config.CORPUS_DIR / row.file).read_bytes()) == row.sha256, row.file


def test_a_bare_folder_listed_without_describing_reads_no_file(tmp_path, monkeypatch):
    """corpus_documents(describe=False) lists a bare folder's doc_ids and files without opening them
    (the runner describes each file from the decode that analyses it); describe_document of the
    decoded file gives the fields the default listing has."""
    from czlib.corpus.registry import registry

    for i, text in enumerate(["长治科技新闻\n2023年4月5日\n正文。", "第二篇\n正文二。", "第三篇\n正文三。"]):
        (tmp_path / f"doc{i}.txt").write_text(text, encoding="utf-8")
    with pytest.warns(UnverifiedCorpusWarning):
        described = corpus_documents(tmp_path)
    monkeypatch.setattr(registry, "read_raw", lambda *a: pytest.fail("describe=False read a file"))
    with pytest.warns(UnverifiedCorpusWarning):
        listed = corpus_documents(tmp_path, describe=False)
    assert listed["doc_id"].tolist() == ["doc0", "doc1", "doc2"]
    assert listed[["doc_id", "file", "path", "notes"]].equals(described[["doc_id", "file", "path", "notes"]])
    assert set(listed[list(registry.DESCRIBED_FIELDS)].stack()) == {""}
    monkeypatch.undo()
    first = registry.describe_document(registry.read_document(tmp_path / "doc0.txt"))
    assert first == {f: described.loc[0, f] for f in registry.DESCRIBED_FIELDS}
    assert first["title"] == "长治科技新闻" and first["date"] == "2023-04-05"


def test_the_fingerprint_index_changes_when_any_web_page_module_changes(tmp_path, monkeypatch):
    """webclean.py decides which lines of a saved page are its text, so a change to it (like one to
    webpage.py) must retire the fingerprints of the duplicate index, not only changes to the listed files."""
    from czlib.corpus.registry import duplicates

    package = tmp_path / "czlib"
    shutil.copytree(config.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__", "data"))
    monkeypatch.setattr(duplicates, "_package_dir", lambda: package)
    duplicates.index_version.cache_clear()
    before = duplicates.index_version()
    clean = package / "corpus" / "web" / "webclean.py"
    clean.write_text(clean.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    duplicates.index_version.cache_clear()
    try:
        assert duplicates.index_version() != before
    finally:
        duplicates.index_version.cache_clear()
