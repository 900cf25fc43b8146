"""Every number in the notebooks' Markdown is an allowed constant (issue 11, item 2).

A number, name or ranking about the corpus goes stale when one article is
added, so the notebooks state them with ``czlib.publish.prose.say`` (computed,
rendered into the output) and keep only method constants in Markdown.  This
test parses every Markdown cell of every notebook and fails on any number
(Arabic digits, or an English number word before a corpus noun) that is not in
:data:`ALLOWED` -- each entry says why it is a constant.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))

#: number as written -> why it may appear in Markdown
ALLOWED = {
    "2008": "citation year: Monroe, Colaresi & Quinn 2008",
    "1.96": "method parameter: the two-sided 5 % z threshold for distinctive words",
    "1,000": "method parameter: rates are per 1,000 content tokens",
    "0": "method constant: shares lie within 0–100 %",
    "100": "method constant: shares lie within 0–100 %",
    "1": "method constant: the smoothed IDF formula ln((1+N)/(1+df)) + 1",
    "10⁴": "definition: 万 = 10⁴",
    "10⁸": "definition: 亿 = 10⁸",
    "667": "unit conversion: 1 亩 ≈ 667 m²",
    "15th": "name of a plan: 十五五, the 15th Five-Year Plan",
    "256": "name: the SHA-256 checksum",
    "1960s": "term: gloss of the cohort 60后",
}

_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|th|st|nd|rd|s)?(?![\w])")
_NUMBER_WORD = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|thirty|hundred)\s+"
    r"(documents?|articles?|pages?|years?|outlets?|interviews?|people|persons?|statements?|stories|reports?|"
    r"claims?|formulas?|texts?|figures?)\b", re.I)


def _prose(source: str) -> str:
    """The Markdown without code spans, fenced code, the notebook number of the title and section numbers."""
    text = re.sub(r"```.*?```", " ", source, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"(?m)^#\s+\d\d\s·", "# ", text)            # "# 01 · Title"
    text = re.sub(r"(?m)^(#{2,6}\s+)\d+[a-z]?\.", r"\1", text)  # "## 3. Section", "### 4a. Sub"
    text = re.sub(r"(?m)^\s*\d+\.\s", " ", text)                # numbered list items
    return text


def markdown_numbers(nb) -> list[tuple[int, str]]:
    """Return (cell index, number) for every number in the notebook's Markdown outside :data:`ALLOWED`."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        prose = _prose(cell.source)
        found += [(index, m.group(0)) for m in _NUMBER.finditer(prose) if m.group(0) not in ALLOWED]
        found += [(index, m.group(0)) for m in _NUMBER_WORD.finditer(prose)]
    return found


def test_the_checker_finds_stale_numbers():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "# 01 · Title\n\n## 2. Section\n\nThe corpus has 31 articles and four documents; 2022 = 15.4 per 1,000 "
        "content tokens, z ≥ 1.96 (Monroe 2008). `code 12` is code.")]
    assert [n for _, n in markdown_numbers(nb)] == ["31", "2022", "15.4", "four documents"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_markdown_states_no_number_that_is_not_an_allowed_constant(path):
    nb = nbformat.read(path, as_version=4)
    stale = markdown_numbers(nb)
    assert not stale, (f"{path.name}: numbers in Markdown that are not allowed constants (compute them with "
                       f"czlib.publish.prose.say, or add a method constant with its reason to ALLOWED): {stale}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_code_names_no_seed_document(path):
    """No doc_id or title of the seed corpus in a notebook (code or prose): labels come from the data."""
    import csv

    metadata = Path(__file__).resolve().parent.parent / "corpus" / "metadata.csv"
    with open(metadata, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    text = path.read_text(encoding="utf-8")
    for row in rows:
        for value in (row["doc_id"], row["doc_id"].split("_")[-1], row["title"], row["title_en"]):
            assert value not in text, f"{path.name} names the seed document {row['doc_id']}: {value!r}"
