"""The twelve shared HTML samples through the corpus path, scored against their gold.csv.

``test_webpage_samples`` checks :func:`extract_webpage` alone; this module
checks what a researcher gets: a bare folder of the pages read as a corpus
(the same tables as ``czlib tables --corpus html-samples``) and ``czlib add``
of each page.  The pages are third-party and stay outside the repository:
they are looked for in ``<repo>/../shared/html-samples`` and then in
``$CZLIB_SHARED/html-samples``; the module skips when neither exists.

Scoring rule (per page; whitespace removed and NFKC applied on both sides,
as czlib normalises text with NFKC):

* title: the page's main article (its longest text) has the gold headline;
* date: that article's date is the gold date;
* author: every gold name (reporters and editors of record) is in the main
  article's byline or credit, and no name of its credit (editors) is also in
  its byline -- editors are never authors;
* body: the main article's text contains the gold first sentence and, after
  it, the gold last sentence;
* chrome: no gold chrome string in the title or text of any article of the page.

Run as a script on a folder written by ``czlib tables`` to print the scores:
``python tests/test_html_samples_gold.py TABLES_DIR [SAMPLES_DIR]``.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import sys
import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

METRICS = ("title", "date", "author", "first", "last", "chrome")


def samples_dir() -> Path | None:
    """The shared html-samples folder, or None."""
    here = Path(__file__).resolve().parent.parent
    candidates = [here.parent / "shared" / "html-samples"]
    if os.environ.get("CZLIB_SHARED"):
        candidates.append(Path(os.environ["CZLIB_SHARED"]) / "html-samples")
    return next((c for c in candidates if (c / "gold.csv").is_file()), None)


def read_gold(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "gold.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _names(field: str) -> set[str]:
    return {n for n in re.split(r"[;；,，、\s]+|[:：]", field or "") if n}


def score_page(gold: dict[str, str], articles: list[dict[str, str]]) -> dict[str, bool]:
    """Hits of one page: ``articles`` are the page's rows of articles.csv (dicts of strings)."""
    if not articles:
        return dict.fromkeys(METRICS, False)
    main = max(articles, key=lambda a: len(a.get("text") or ""))
    text = squeeze(main["text"])
    first = text.find(squeeze(gold["first_sentence"]))
    credit = _names(main.get("credit", ""))
    byline = _names(main.get("byline", ""))
    credited = byline | credit
    everything = "".join(squeeze(a.get("title", "")) + squeeze(a.get("text", "")) for a in articles)
    return {
        "title": squeeze(main["title"]) == squeeze(gold["title"]),
        "date": (main.get("date") or "")[:10] == gold["date"],
        "author": all(name in credited for name in gold["author"].split("|")) and not (byline & credit),
        "first": first >= 0,
        "last": first >= 0 and text.rfind(squeeze(gold["last_sentence"])) >= first,
        "chrome": not [c for c in gold["chrome"].split("|") if squeeze(c) in everything],
    }


def score_tables(rows: list[dict[str, str]], gold: dict[str, dict[str, str]]) -> dict[str, dict[str, bool]]:
    """Hits per page for the rows of an articles table written from the samples folder."""
    by_doc: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    return {name: score_page(g, by_doc.get(Path(name).stem, [])) for name, g in gold.items()}


# --------------------------------------------------------------------------- tests

SAMPLES = samples_dir()
GOLD = read_gold(SAMPLES) if SAMPLES else {}
FILES = sorted(GOLD)
needs_samples = pytest.mark.skipif(
    SAMPLES is None, reason="../shared/html-samples (12 real news pages with gold.csv) is not present next to the "
                            "repository nor in $CZLIB_SHARED; the corpus-path HTML sample tests need it")


@lru_cache(maxsize=1)
def _scores() -> dict[str, dict[str, bool]]:
    from czlib import load_articles
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a bare folder is read unverified, by design
        frame = load_articles(SAMPLES)
    rows = frame.fillna("").astype(str).to_dict("records")
    return score_tables(rows, GOLD)


@needs_samples
@pytest.mark.slow
@pytest.mark.parametrize("metric", METRICS)
def test_bare_folder_of_the_samples_scores_twelve_of_twelve(metric):
    missed = [name for name, hits in _scores().items() if not hits[metric]]
    assert len(GOLD) == 12
    assert missed == [], f"{metric} missed on {missed}"


@needs_samples
@pytest.mark.slow
def test_add_registers_the_same_title_and_date_as_the_bare_folder(tmp_path):
    from czlib.corpus.registry.registry import add_document
    wrong = []
    for name in FILES:
        row = add_document(SAMPLES / name, title=None, date=None, outlet=None, corpus_dir=tmp_path / "corpus",
                           fingerprint_dir=tmp_path / "fp")
        if (squeeze(row["title"]), row["date"]) != (squeeze(GOLD[name]["title"]), GOLD[name]["date"]):
            wrong.append((name, row["title"], row["date"]))
    assert wrong == []
    shutil.rmtree(tmp_path / "corpus")


if __name__ == "__main__":
    tables = Path(sys.argv[1])
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else SAMPLES
    with (tables / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
        scores = score_tables(list(csv.DictReader(handle)), read_gold(folder))
    for metric in METRICS:
        missed = [name for name, hits in scores.items() if not hits[metric]]
        print(f"{metric:7s} {len(scores) - len(missed):2d}/{len(scores)} missed: {' '.join(missed)}")
