"""Tests of the figure rules (czlib/publish/figures.py, palette.py, network_plot.py, html.py's figures).

Fast tests draw small invented figures; the seed-build tests read the pages
and executed notebooks of the shared seed build (tests/test_build.py): every
figure on every page has a number, a caption and real alt text, and no value
of a variable is drawn in two colours anywhere.
"""
from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import test_build  # noqa: E402  (the shared session builds)
from czlib.publish import figures, palette  # noqa: E402
from czlib.publish.build import html as czhtml  # noqa: E402
from czlib.publish.network_plot import plot_comention_network  # noqa: E402
from czlib.publish.style import set_theme  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIGURE_TAG = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S)
IMG_TAG = re.compile(r"<img\b[^>]*>", re.S)


@pytest.fixture(scope="module", autouse=True)
def _seed_build_started(tmp_path_factory):
    test_build.start_builds(["seed"], tmp_path_factory)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return test_build.built_project("seed", tmp_path_factory)


# --- palette ---------------------------------------------------------------------------

def test_vocabulary_values_keep_their_colour_and_differ_within_a_variable():
    kinds = palette.VOCABULARIES["article kind"]
    colours = [palette.colour_for("article kind", k) for k in kinds]
    assert len(set(colours)) == len(kinds)
    # the same call later, or in another order, gives the same colour
    assert palette.colour_for("article kind", "feature") == colours[1] == palette.PALETTE[1]
    assert palette.colour_for("qualifier", "more_than") == palette.PALETTE[1]
    assert palette.colour_for("role type", "unknown") == palette.NEUTRAL


def test_theme_colours_follow_the_dictionary_in_english_and_chinese():
    assert palette.colour_for("theme", "Talent") == palette.colour_for("theme", "talent") == palette.PALETTE[0]
    themes = [palette.colour_for("theme", t) for t in
              ["Talent", "Innovation and technology", "Industry and enterprise", "Green and low-carbon"]]
    assert len(set(themes)) == 4


def test_open_variable_takes_its_levels_and_refuses_a_second_colour():
    levels = ["2019 · 长治日报", "2021 · 上党晚报", "2023 · 长治新闻网"]
    assert palette.colour_for("test unit", levels[2], levels) == palette.PALETTE[2]
    with pytest.raises(ValueError, match="before"):
        palette.colour_for("test unit", levels[2], list(reversed(levels)))


def test_unknown_values_are_hashed_stably():
    first = palette.colour_for("test open", "新来的值")
    assert first in palette.PALETTE
    assert palette.colour_for("test open", "新来的值") == first
    assert palette._hashed("test open", "新来的值") == first


# --- show_figure and the page ----------------------------------------------------------

def _toy_figure():
    set_theme()
    palette.take_used()  # forget colours recorded by earlier tests
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["新闻", "通讯"], [3, 1], color=[palette.colour_for("article kind", "news"),
                                           palette.colour_for("article kind", "feature")])
    return fig


def test_show_figure_refuses_missing_or_placeholder_alt_text(tmp_path):
    fig = _toy_figure()
    with pytest.raises(ValueError, match="alt text"):
        figures.show_figure(fig, "99_toy", caption="Articles by kind.", alt=" ", figures_dir=tmp_path, show=False)
    with pytest.raises(ValueError, match="placeholder"):
        figures.show_figure(fig, "99_toy", caption="Articles by kind.", alt=figures.DEFAULT_ALT,
                            figures_dir=tmp_path, show=False)
    plt.close("all")


def _page_with(displays) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · Toy\n\nA toy page.")]
    for shown in displays:
        data, metadata = shown._repr_mimebundle_()
        cell = nbformat.v4.new_code_cell("show_figure(...)")
        cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
        cell.execution_count = 1
        nb.cells.append(cell)
    return czhtml.render_notebook_page(nb, name="99_toy", notebook_dir=REPO / "notebooks", reader=True,
                                       links=czhtml.PageLinks())


def test_page_numbers_figures_and_renders_caption_and_alt(tmp_path):
    shown = [figures.show_figure(_toy_figure(), f"99_toy_{k}", caption=f"Articles by kind <{k}>.",
                                 alt=f"Bar chart: news 3 articles, feature 1 ({k}).", figures_dir=tmp_path,
                                 show=False) for k in ("a", "b")]
    assert shown[0].colours == [["article kind", "feature", palette.PALETTE[1]],
                                ["article kind", "news", palette.PALETTE[0]]]
    page = _page_with(shown)
    blocks = FIGURE_TAG.findall(page)
    assert len(blocks) == 2
    assert "Figure 1.</span> Articles by kind &lt;a&gt;." in blocks[0]
    assert "Figure 2.</span> Articles by kind &lt;b&gt;." in blocks[1]
    assert 'alt="Bar chart: news 3 articles, feature 1 (b)."' in blocks[1]
    assert figures.DEFAULT_ALT not in page


def test_plain_plt_show_image_is_not_a_numbered_figure():
    """An image shown without show_figure gets nbconvert's placeholder alt text -- the seed test catches it."""
    fig = _toy_figure()
    import io
    import base64
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)

    class Bare:
        def _repr_mimebundle_(self, include=None, exclude=None):
            return {"image/png": base64.b64encode(buffer.getvalue()).decode()}, {}

    page = _page_with([Bare()])
    assert "<figure" not in page and figures.DEFAULT_ALT in page


# --- chart types ---------------------------------------------------------------------

def test_small_groups_are_dots_and_large_groups_get_a_box():
    fig = figures.plot_groups({"news": [300, 420, 510, 640, 700, 820], "commentary": [815]}, "article kind",
                              xlabel="characters")
    ax = fig.axes[0]
    # one box (its median line and whiskers come as Line2D) for the group of six, none for the single value
    boxes = [line for line in ax.lines if len(line.get_xdata()) == 2 and line.get_ydata()[0] == 0]
    assert boxes and not [line for line in ax.lines if line.get_ydata()[0] == 1]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["n = 6", "n = 1"]
    plt.close(fig)


def test_share_bars_add_to_one_hundred_with_n():
    counts = pd.DataFrame({"quoted": [2, 0], "named only": [2, 3]}, index=["official", "journalist"])
    fig = figures.plot_shares(counts, "voice")
    ax = fig.axes[0]
    right = {}
    for patch in ax.patches:
        right[round(patch.get_y() + patch.get_height() / 2)] = patch.get_x() + patch.get_width()
    assert right == {0: pytest.approx(100), 1: pytest.approx(100)}
    assert [t.get_text() for t in ax.texts] == ["n = 4", "n = 3"]
    plt.close(fig)


def test_money_totals_and_rates_get_separate_axes():
    money = pd.DataFrame({"label": ["投资", "亩效益"], "raw": ["19.3亿元", "5—10万元"], "value": [1.93e9, 5e4],
                          "value_max": [None, 1e5], "qualifier": ["exact", "range"],
                          "scope": ["total", "per-unit rate"]})
    fig = figures.plot_money(money, rate_unit="per mu")
    assert len(fig.axes) == 2
    assert fig.axes[0].get_xlim()[1] < 1e12 and fig.axes[1].get_xlim()[1] < 1e7
    assert "per mu" in fig.axes[1].get_xlabel()
    plt.close(fig)


def test_network_labels_do_not_overlap_and_legends_are_drawn():
    set_theme()
    g = nx.Graph()
    names = ["长治市科技局", "长治市人民政府", "中北大学", "王志坚", "李晋闽", "北京大学", "清华大学", "潞安集团"]
    for i, a in enumerate(names):
        for b in names[i + 1:i + 4]:
            g.add_edge(a, b, weight=1 + (i % 3))
    kinds = {n: ("person" if len(n) == 3 else "org") for n in names}
    fig = plot_comention_network(g, kinds, lambda n: "Gloss " + str(len(n)))
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    assert len(boxes) == len(names)
    assert all(f"Gloss {len(n)}" in t.get_text() for n in names for t in ax.texts if t.get_text().startswith(n))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two network labels overlap"
    from matplotlib.legend import Legend
    titles = sorted(c.get_title().get_text() for c in fig.legends if isinstance(c, Legend))
    assert titles == ["actor", "edge width: paragraphs naming both", "node size: weighted degree among the actors drawn"]
    plt.close(fig)


# --- the seed build ----------------------------------------------------------------------

def test_no_notebook_picks_colours_outside_the_palette():
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert "CATEGORICAL" not in source, f"{path.name} takes colours from the cycle, not palette.colour_for"
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", source), f"{path.name} hard-codes a colour"
        assert "plt.show()" not in source, f"{path.name} shows a figure without caption and alt text"


def test_every_figure_on_every_page_has_number_caption_and_alt_text(seed):
    root, names, _ = seed
    for page in test_build.html_pages(root):
        text = page.read_text(encoding="utf-8")
        if page.name == "index.html":
            continue
        assert figures.DEFAULT_ALT not in text, f"{page.name}: an image has Jupyter's placeholder alt text"
        images = IMG_TAG.findall(text)
        blocks = FIGURE_TAG.findall(text)
        assert len(images) == len(blocks), f"{page.name}: {len(images) - len(blocks)} image(s) outside <figure>"
        for number, block in enumerate(blocks, start=1):
            alt = re.search(r'alt="([^"]*)"', block)
            assert alt and len(html_lib.unescape(alt.group(1)).split()) >= 8, \
                f"{page.name} figure {number}: alt text missing or too short"
            caption = re.search(r"<figcaption>(.*?)</figcaption>", block, re.S)
            assert caption, f"{page.name} figure {number}: no caption"
            assert f"Figure {number}.</span> " in caption.group(1), f"{page.name}: figure {number} misnumbered"
            assert len(re.sub(r"<[^>]+>", "", caption.group(1)).split()) >= 5, \
                f"{page.name} figure {number}: caption too short"
    # each figure a notebook saved is shown exactly once on its pages
    for name in names:
        saved = sorted(p.stem for p in (root / "figures").glob(f"{name[:3]}*.png"))
        for page in (f"{name}.reader.html", f"{name}.html"):
            text = (root / "build" / "html" / page).read_text(encoding="utf-8")
            shown = re.findall(r'<figure\b[^>]*data-figure="([^"]+)"', text)
            assert sorted(shown) == saved, f"{page}: figures shown {shown}, saved {saved}"


def test_no_value_is_drawn_in_two_colours_across_notebooks(seed):
    root, names, _ = seed
    seen: dict[tuple[str, str], set] = defaultdict(set)
    where: dict[tuple[str, str], set] = defaultdict(set)
    recorded = 0
    for name in names:
        nb = nbformat.read(root / "build" / "executed" / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                figure = output.get("metadata", {}).get(figures.METADATA_KEY)
                for variable, value, colour in (figure or {}).get("colours", []):
                    seen[(variable, value)].add(colour)
                    where[(variable, value)].add(f"{name}:{figure['name']}")
                    recorded += 1
    assert recorded, "no figure recorded its colours"
    clashes = {k: (v, sorted(where[k])) for k, v in seen.items() if len(v) > 1}
    assert not clashes, f"values drawn in more than one colour: {clashes}"
    # within one variable, two values of a closed vocabulary never share a colour
    by_variable: dict[str, dict[str, str]] = defaultdict(dict)
    for (variable, value), colours in seen.items():
        by_variable[variable][value] = next(iter(colours))
    for variable, mapping in by_variable.items():
        if variable in palette.VOCABULARIES or variable == "theme":
            coloured = [c for c in mapping.values() if c != palette.NEUTRAL]
            assert len(coloured) == len(set(coloured)), f"{variable}: two values share a colour: {mapping}"
