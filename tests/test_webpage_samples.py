"""czlib.webpage on twelve real Chinese news pages with gold metadata (../shared/html-samples).

The pages are third-party test input and stay outside the repository (see the
folder's README); this module skips when the folder is missing.  One test per
metric and page, so that ``pytest tests/test_webpage_samples.py -v`` shows
how many of the twelve pass each metric.  Body checks remove all whitespace
first, as the gold strings contain none.
"""
from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

from czlib import config
from czlib.corpus.web.webpage import WebPage, decode_html, extract_webpage

SAMPLES = config.ROOT.parent / "shared" / "html-samples"
if not (SAMPLES / "gold.csv").exists() and os.environ.get("CZLIB_SHARED"):
    SAMPLES = Path(os.environ["CZLIB_SHARED"]) / "html-samples"
GOLD_CSV = SAMPLES / "gold.csv"

if not GOLD_CSV.exists():
    pytest.skip(f"{SAMPLES} (12 real news pages with gold.csv) is not present; "
                "the HTML extraction sample tests need it", allow_module_level=True)

with GOLD_CSV.open(encoding="utf-8", newline="") as handle:
    GOLD = {row["file"]: row for row in csv.DictReader(handle)}
FILES = sorted(GOLD)


@lru_cache(maxsize=None)
def page(name: str) -> WebPage:
    path = SAMPLES / name
    return extract_webpage(path.read_bytes(), path)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_there_are_twelve_gold_pages():
    assert len(FILES) == 12


@pytest.mark.parametrize("name", FILES)
def test_title(name):
    assert page(name).title == GOLD[name]["title"]


@pytest.mark.parametrize("name", FILES)
def test_date(name):
    assert (page(name).date, page(name).date_precision) == (GOLD[name]["date"], "day")


@pytest.mark.parametrize("name", FILES)
def test_body_holds_first_and_last_sentence_in_order(name):
    body = squeeze(page(name).text)
    first = body.find(GOLD[name]["first_sentence"])
    last = body.rfind(GOLD[name]["last_sentence"])
    assert first >= 0, "first sentence missing"
    assert last >= first, "last sentence missing or before the first"


@pytest.mark.parametrize("name", FILES)
def test_body_has_no_chrome(name):
    body = squeeze(page(name).text)
    assert [c for c in GOLD[name]["chrome"].split("|") if squeeze(c) in body] == []


@pytest.mark.parametrize("name", FILES)
def test_authors_and_editors_found(name):
    # gold lists reporters and editors of record; czlib keeps editors apart, never as authors
    found = page(name).authors + page(name).editors
    assert [a for a in GOLD[name]["author"].split("|") if a not in found] == []
    assert not set(page(name).authors) & set(page(name).editors)


@pytest.mark.parametrize("name", FILES)
def test_body_is_one_paragraph_per_line(name):
    lines = page(name).text.split("\n")
    assert all(line and line == line.strip() for line in lines)


@pytest.mark.parametrize("name", ["people_1.html", "163_4.html"])
def test_charset_traps_decode_as_utf8(name):
    # people_1 declares GB2312, 163_4 declares nothing (a <script charset="gbk"> is near the top)
    text, charset = decode_html((SAMPLES / name).read_bytes(), name)
    assert charset == "utf-8"
    assert GOLD[name]["title"] in text
