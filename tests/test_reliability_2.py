"""Reliability, round 2 (issue 23, build side): never delete what czlib did not write, trust no cache.

Each test reproduces one failure a tester found on copies of the project:
  * `czlib build` deleted the user's files in the folders it replaces
    (html/, executed/, tables/, figures/: dotfiles, subfolders, notes);
  * cache entries were unpickled (a planted file ran code) and used unchecked
    (an entry edited from "140 余项" to "940 余项" went into articles.text);
    an edited cached HTML page was copied into html/;
  * a corrupt cache/tables.json, notebook-cache record or .swap.json gave a
    traceback (a planted journal could move any folder);
  * two `czlib tables` on one --out: the second deleted the first's staging folder;
  * `build --root` with a wrong folder created that folder tree and a .lock;
    the unverified-corpus notice came as a raw Python warning, twice.
The articles below were written for these tests.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from czlib import config, runner, storage
from czlib.corpus.registry.registry import add_document
from czlib.publish.build import build as czbuild
from czlib.publish.build.build_folders import roll_forward

PACKAGE = Path(czbuild.__file__).resolve().parent.parent
HOSPITAL = """长治市人民医院推进新技术应用

本报讯 近3年，长治市人民医院开展140余项新技术项目，其中12项填补市内空白。

医院负责人表示，今年将再引进5名学科带头人。
"""
BARE = "潞城区举办科技活动周\n\n5月20日，潞城区科技活动周开幕，展出30项科技成果。\n"


class Planted:
    """A pickle that, when loaded, writes a marker file: proof that a cache file ran code."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "code from the cache ran"))


def _registered_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    source = root / "hospital.txt"
    source.write_text(HOSPITAL, encoding="utf-8")
    add_document(source, title="长治市人民医院推进新技术应用", date="2026-03", outlet="长治日报",
                 corpus_dir=corpus, fingerprint_dir=root / "fingerprints")
    source.unlink()
    return corpus


@pytest.fixture
def warm(tmp_path) -> tuple[Path, Path, Path]:
    """(corpus, tables folder, cache folder) after one cached `write_corpus_tables`."""
    corpus = _registered_corpus(tmp_path)
    runner.write_corpus_tables(corpus, tmp_path / "tables", jobs=1, cache_dir=tmp_path / "cache")
    return corpus, tmp_path / "tables", tmp_path / "cache"


def _cache_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file() and not p.name.startswith(".")]


# --- caches: data, verified ------------------------------------------------------------------

def test_no_module_of_czlib_imports_pickle():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+(pickle|cloudpickle|joblib|dill)\b",
                              p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_an_edited_but_loadable_document_entry_is_recomputed_not_used(warm, recwarn):
    """'140 余项' edited to '940 余项' in the cached articles.text must not reach the tables."""
    corpus, tables, cache = warm
    entries = [p for p in _cache_files(cache) if "140余项".encode() in p.read_bytes()]
    assert entries, "the cache holds no entry with the article text"
    for path in entries:
        path.write_bytes(path.read_bytes().replace("140余项".encode(), "940余项".encode()))
    runner.write_corpus_tables(corpus, tables, jobs=1, cache_dir=cache)
    text = storage.read_table("articles", tables_dir=tables)["text"].str.cat()
    assert "140余项" in text and "940余项" not in text
    notes = [str(w.message) for w in recwarn if "cache entry" in str(w.message)]
    assert len(notes) == 1 and "recomputed" in notes[0], notes
    # the entry was rewritten: the next run is quiet
    recwarn.clear()
    runner.write_corpus_tables(corpus, tables, jobs=1, cache_dir=cache)
    assert not [w for w in recwarn if "cache entry" in str(w.message)]


def test_a_planted_pickle_in_the_table_cache_runs_no_code(warm, tmp_path):
    corpus, tables, cache = warm
    marker = tmp_path / "pwned"
    for path in _cache_files(cache):
        path.write_bytes(pickle.dumps(Planted(marker)))
    runner.write_corpus_tables(corpus, tables, jobs=1, cache_dir=cache)
    assert not marker.exists()
    assert "140余项" in storage.read_table("articles", tables_dir=tables)["text"].str.cat()


def test_a_planted_pickle_in_the_cache_of_a_bare_folder_runs_no_code(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "kejizhou.txt").write_text(BARE, encoding="utf-8")
    cache = tmp_path / "cache"
    runner.write_corpus_tables(folder, tmp_path / "tables", jobs=1, cache_dir=cache)
    marker = tmp_path / "pwned"
    for path in _cache_files(cache):
        path.write_bytes(pickle.dumps(Planted(marker)))
    with pytest.warns(UserWarning):
        runner.write_corpus_tables(folder, tmp_path / "tables", jobs=1, cache_dir=cache)
    assert not marker.exists()
    assert storage.read_table("articles", tables_dir=tmp_path / "tables")["title"].tolist() == ["潞城区举办科技活动周"]


def test_a_planted_pickle_in_the_token_cache_runs_no_code(tmp_path):
    from czlib.text.segmentation.token_table import token_table

    articles = pd.DataFrame({"doc_id": ["d"], "article_id": ["d-01"], "text": [BARE]})
    first = token_table(articles, cache_dir=tmp_path)
    marker = tmp_path / "pwned"
    files = _cache_files(tmp_path / "tokens")
    assert files
    for path in files:
        path.write_bytes(pickle.dumps(Planted(marker)))
    with pytest.warns(UserWarning, match="cache entry"):
        again = token_table(articles, cache_dir=tmp_path)
    assert not marker.exists()
    pd.testing.assert_frame_equal(first, again)


# --- two `czlib tables` on one --out ---------------------------------------------------------

def test_a_second_table_writer_leaves_the_first_ones_staging_folder_alone(tmp_path):
    out = tmp_path / "tables"
    frame = pd.DataFrame({"doc_id": ["a"], "text": ["x"]})
    first = storage.TableSetWriter(out, {"articles": list(frame.columns)})
    first.write("articles", frame)
    second = storage.TableSetWriter(out, {"articles": list(frame.columns)})  # removed the first's staging
    assert first.staging.is_dir()
    second.write("articles", frame)
    first.commit()
    second.commit()
    assert storage.read_table("articles", tables_dir=out)["text"].tolist() == ["x"]


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(tmp_path):
    out = tmp_path / "tables"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    leftover = tmp_path / f"{storage.staging_prefix(out)}{dead}-x1y2"
    leftover.mkdir()
    storage.write_table_set({"articles": pd.DataFrame({"doc_id": ["a"]})}, out)
    assert not leftover.exists()


# --- the build's folders: own what you write -------------------------------------------------

def test_merge_keeps_every_file_czlib_did_not_write_and_drops_its_own_stale_ones(tmp_path):
    from czlib.manifest import MANIFEST, merge_foreign

    old, new = tmp_path / "html", tmp_path / "staged"
    (old / "drafts").mkdir(parents=True)
    (old / "empty").mkdir()
    (old / ".gitattributes").write_text("*.png binary\n")
    (old / "drafts" / "a.png").write_bytes(b"draft")
    (old / "notes.txt").write_text("mine")
    os.symlink("notes.txt", old / "link")
    (old / "renamed.html").write_text("czlib's old page")
    (old / MANIFEST).write_text(json.dumps({"format": "czlib-manifest-1", "files": {
        "renamed.html": __import__("hashlib").sha256(b"czlib's old page").hexdigest()}}))
    new.mkdir()
    (new / "index.html").write_text("new")
    kept = merge_foreign(old, new, {"index.html"})
    assert sorted(kept) == [".gitattributes", "drafts/a.png", "empty/", "link", "notes.txt"]
    assert (new / "drafts" / "a.png").read_bytes() == b"draft" and (new / "empty").is_dir()
    assert os.readlink(new / "link") == "notes.txt" and not (new / "renamed.html").exists()
    assert set(json.loads((new / MANIFEST).read_text())["files"]) == {"index.html"}


def test_merge_refuses_a_foreign_file_where_czlib_writes_naming_it(tmp_path):
    from czlib.manifest import ForeignFileConflict, merge_foreign

    old, new = tmp_path / "html", tmp_path / "staged"
    old.mkdir()
    new.mkdir()
    (old / "index.html").write_text("my own index")
    (new / "index.html").write_text("czlib's index")
    with pytest.raises(ForeignFileConflict, match=re.escape(str(old / "index.html"))):
        merge_foreign(old, new, {"index.html"})
    assert (old / "index.html").read_text() == "my own index"


def _project_curation(root: Path) -> None:
    """The project's gazetteers in a test project (a build in another process reads its own)."""
    (root / "corpus" / "curation").mkdir(parents=True)
    for name in ("gazetteer_orgs.csv", "gazetteer_places.csv", "gazetteer_people.csv"):
        shutil.copyfile(config.CURATION_DIR / name, root / "corpus" / "curation" / name)


def _build(root: Path, *extra: str) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "czlib.cli", "build", "--root", str(root), *extra],
                          capture_output=True, text=True, env={**os.environ, "CZLIB_ROOT": str(root)},
                          timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.slow
def test_build_out_keeps_user_files_and_says_the_unverified_notice_once(tmp_path):
    """A bare folder built into an existing --out DIR holding the user's files (no notebooks: quick)."""
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    _project_curation(root)
    corpus = tmp_path / "bare"
    corpus.mkdir()
    (corpus / "kejizhou.txt").write_text(BARE, encoding="utf-8")
    out = tmp_path / "out"
    mine = {"html/notes.txt": b"mine", "html/sub/plan.md": b"plan", "tables/.hidden": b"h",
            "figures/drafts/x.png": b"png", "executed/scratch.ipynb": b"{}", "figures/.gitattributes": b"*"}
    for rel, data in {**mine, "html/index.html": b"my own index"}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    # the user's index.html is where the build writes one: refused, naming it, nothing replaced
    code, output = _build(root, "--corpus", str(corpus), "--out", str(out))
    assert code == 1 and "Traceback" not in output, output
    assert f"{out / 'html' / 'index.html'}: not written by czlib" in output
    assert (out / "html" / "index.html").read_bytes() == b"my own index"
    assert {rel: (out / rel).read_bytes() for rel in mine} == mine
    (out / "html" / "index.html").rename(out / "html" / "my-index.html")
    mine["html/my-index.html"] = b"my own index"
    for attempt in (1, 2):
        code, output = _build(root, "--corpus", str(corpus), "--out", str(out))
        assert code == 0, output
        assert "Traceback" not in output and "UserWarning" not in output, output
        assert output.count("no metadata.csv, so the files are read unverified") == 1, output
        assert {rel: (out / rel).read_bytes() for rel in mine} == mine, attempt
    assert (out / "html" / "index.html").is_file() and (out / "tables" / "articles.parquet").is_file()


def test_build_with_a_wrong_root_creates_nothing_and_says_so_in_one_line(tmp_path):
    root = tmp_path / "typo" / "project"
    code, output = _build(root)
    assert code == 1 and "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 3 and str(root) in lines[0], output
    assert not (tmp_path / "typo").exists()
    # a corpus that fails its check: said, and the --out folder is not created either
    (tmp_path / "project" / "notebooks").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    code, output = _build(tmp_path / "project", "--corpus", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert code == 1 and "Traceback" not in output and str(tmp_path / "empty") in output, output
    assert not (tmp_path / "out").exists()


def test_a_planted_swap_journal_moves_nothing_and_a_corrupt_one_is_a_note(tmp_path):
    build_dir = tmp_path / "build"
    staged = build_dir / ".staging-1" / "html"
    staged.mkdir(parents=True)
    victim = tmp_path / "documents"
    victim.mkdir()
    (victim / "thesis.docx").write_bytes(b"years of work")
    (build_dir / ".swap.json").write_text(json.dumps([[str(staged), str(victim)]]))
    note = roll_forward(build_dir, [build_dir / "html"])
    assert (victim / "thesis.docx").read_bytes() == b"years of work"
    assert note and ".swap.json" in note and not (build_dir / ".swap.json").exists()
    (build_dir / ".swap.json").write_bytes(b'[["\xff')
    assert "unusable swap journal" in roll_forward(build_dir, [build_dir / "html"])


# --- the build's caches: damaged entries are recomputed with a note ---------------------------

def test_a_damaged_cached_font_subset_is_made_again_not_embedded(tmp_path):
    import warnings

    from czlib.cache_entry import CacheEntryWarning
    from czlib.publish.build.html import font_face_css
    from czlib.publish.style import cjk_font_path

    fresh = font_face_css("长治", cjk_font_path(), tmp_path)
    font = next(tmp_path.glob("*.woff"))
    font.write_bytes(font.read_bytes()[:-4] + b"evil")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = font_face_css("长治", cjk_font_path(), tmp_path)
    assert again == fresh
    assert [str(w.message) for w in caught if w.category is CacheEntryWarning] == [
        f"{font}: cached font does not match its checksum; made again"]

@pytest.mark.slow
def test_default_build_keeps_figure_extras_and_recomputes_damaged_cache_entries(tmp_path):
    from test_build import second_toy_notebook, toy_notebook, TOY_ARTICLE
    import nbformat

    root = tmp_path / "toy"
    _project_curation(root)
    article = tmp_path / "article.txt"
    article.write_text(TOY_ARTICLE, encoding="utf-8")
    add_document(article, title="科技创新工作会议", date="2026-01", outlet="长治日报", corpus_dir=root / "corpus",
                 fingerprint_dir=tmp_path / "fingerprints")
    (root / "notebooks").mkdir()
    nbformat.write(toy_notebook(), root / "notebooks" / "01_toy.ipynb")
    nbformat.write(second_toy_notebook(), root / "notebooks" / "02_second.ipynb")
    (root / "figures" / "drafts").mkdir(parents=True)
    (root / "figures" / ".gitattributes").write_text("*.png binary\n")
    (root / "figures" / "drafts" / "idea.png").write_bytes(b"draft")
    (root / "build" / "html").mkdir(parents=True)
    (root / "build" / "html" / "notes.txt").write_text("mine")
    code, output = _build(root)
    assert code == 0, output
    assert (root / "figures" / ".gitattributes").read_text() == "*.png binary\n"
    assert (root / "figures" / "drafts" / "idea.png").read_bytes() == b"draft"
    assert (root / "build" / "html" / "notes.txt").read_text() == "mine"

    cache = root / "build" / "cache"
    injected = '<img src=x onerror="alert(1)">'
    for page in (cache / "html").glob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace("</h1>", f"</h1>{injected}", 1),
                        encoding="utf-8")
    record = next((cache / "notebooks" / "02_second").glob("*.json"))
    record.write_bytes(record.read_bytes()[:40])
    (cache / "tables.json").write_text("[]")
    (root / "build" / ".swap.json").write_text("{not json")
    code, output = _build(root)
    assert code == 0 and "Traceback" not in output, output
    for words in ("cached page does not match its checksum", "02_second", "tables.json",
                  "unusable swap journal"):
        assert sum(words in line for line in output.splitlines() if "note:" in line) >= 1, (words, output)
    assert "[2/2] 02_second.ipynb: executing" in output
    pages = [p.read_text(encoding="utf-8") for p in (root / "build" / "html").glob("*.html")]
    assert not any(injected in page for page in pages)
    assert (root / "figures" / "drafts" / "idea.png").read_bytes() == b"draft"

