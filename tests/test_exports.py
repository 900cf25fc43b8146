"""Exports a researcher can open: CSV tables with a byte-order mark (Excel), a data file beside each figure,
and a citation file."""
from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from czlib import storage  # noqa: E402
from czlib.publish import style  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BOM = b"\xef\xbb\xbf"


def test_csv_tables_start_with_one_byte_order_mark_and_read_back(tmp_path):
    """articles.csv written in two batches: one BOM at the start only, and pandas reads the Chinese back."""
    first = pd.DataFrame({"doc_id": ["d1"], "title": ["长治市科技特派员下乡"]})
    second = pd.DataFrame({"doc_id": ["d2"], "title": ["科技创新助力乡村振兴"]})
    with storage.TableSetWriter(tmp_path / "out", {"articles": list(first.columns)}) as writer:
        writer.write("articles", first)
        writer.write("articles", second)
        writer.commit()
    raw = (tmp_path / "out" / "articles.csv").read_bytes()
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    assert raw[len(BOM):].decode("utf-8").splitlines() == ["doc_id,title", "d1,长治市科技特派员下乡",
                                                          "d2,科技创新助力乡村振兴"]
    back = pd.read_csv(tmp_path / "out" / "articles.csv", dtype=str)
    assert list(back.columns) == ["doc_id", "title"] and back["title"].tolist()[1] == "科技创新助力乡村振兴"
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == ["doc_id", "title"]


def test_save_figure_writes_the_figures_data_beside_it_deterministically(tmp_path):
    """A bar chart of two theme rates: NAME.csv holds its numbers, BOM first, the same bytes on a second save."""
    data = pd.DataFrame({"theme": ["人才", "创新"], "per_1000": [9.84, 10.66]})
    fig, ax = plt.subplots()
    ax.bar(data["theme"], data["per_1000"])
    paths = [style.save_figure(fig, "01_rates", tmp_path / run, data=data) for run in ("a", "b")]
    plt.close(fig)
    files = [p[0].with_suffix(".csv") for p in paths]
    assert files[0].read_bytes() == files[1].read_bytes()
    assert files[0].read_bytes() == BOM + "theme,per_1000\n人才,9.84\n创新,10.66\n".encode("utf-8")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["01_rates.csv", "01_rates.png", "01_rates.svg"]


def test_save_figure_keeps_a_meaningful_index_and_rejects_other_data(tmp_path):
    """A pivoted matrix keeps its row labels as the first column; a list is refused with a clear message."""
    matrix = pd.DataFrame({"Talent": [1.5], "Innovation": [2.0]}, index=pd.Index(["unit A"], name="unit"))
    fig, ax = plt.subplots()
    png, _ = style.save_figure(fig, "01_matrix", tmp_path, data=matrix)
    assert png.with_suffix(".csv").read_text("utf-8-sig") == "unit,Talent,Innovation\nunit A,1.5,2.0\n"
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        style.save_figure(fig, "01_bad", tmp_path, data=[1, 2])
    plt.close(fig)
    assert not (tmp_path / "01_bad.png").exists()


def test_every_notebook_figure_has_its_data_beside_it():
    """Each save_figure or show_figure call of the notebooks passes data=, so figures/NAME.csv exists for every
    figure."""
    import nbformat

    calls = 0
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        for function, call in re.findall(r"((?:save|show)_figure)\((.*?)\)\n", code, flags=re.S):
            calls += 1
            assert "data=" in call, f"{path.name}: {function}({call[:40]}...) writes no data file"
    assert calls, "no notebook saves a figure: the pattern no longer finds the calls"
    for png in (REPO / "figures").glob("*.png"):
        assert png.with_suffix(".csv").is_file(), f"figures/{png.stem}.csv is missing"


def test_citation_file_is_cff_1_2_with_the_package_version_and_the_corpus():
    """CITATION.cff: CFF 1.2.0 keys, the version of pyproject.toml, and a word on citing the corpus sources."""
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "type", "version", "license"):
        assert cff.get(key), key
    assert str(cff["version"]) == version
    assert cff["type"] == "software" and all("name" in a or "family-names" in a for a in cff["authors"])
    assert "corpus" in cff["message"].lower()
    assert any("metadata.csv" in str(ref.get("notes", "")) for ref in cff.get("references", []))


def test_package_version_is_one_number_everywhere():
    """czlib.__version__, pyproject.toml and CITATION.cff name the same version."""
    import czlib

    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert czlib.__version__ == version == str(cff["version"])
