"""Tests for czlib.publish.style: CJK font, theme, style sheet, reproducible figure export.

The Chinese strings are real corpus text: the title and 潞党参 (Lu dangshen, a
Changzhi medicinal herb) come from 002_1b1a24af7ea58fae (山西日报 article on
省校合作, province-university cooperation); 京长对口合作 (Beijing-Changzhi paired
cooperation) from 001_2f84ace74cf710cc.
"""
from __future__ import annotations

import logging
import re
import shutil
import tomllib
import unicodedata
import warnings
from fnmatch import fnmatch
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.font_manager as font_manager  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402
from PIL import Image  # noqa: E402

from czlib import config
from czlib.publish import style  # noqa: E402

TITLE_002 = unicodedata.normalize("NFKC", "长治让科技成果从“书架”走向“货架”")
CATEGORY_LABELS = ["京长对口合作", "省校合作", "潞党参"]
GLOSSES = ["Beijing–Changzhi", "province–university", "Lu dangshen"]


@pytest.fixture(autouse=True)
def _isolated_rcparams():
    """Each test starts from and returns to the same global matplotlib state."""
    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture
def fresh_font_manager():
    """Forget the bundled font, as in a new Python process, so set_theme must register it."""
    manager = font_manager.fontManager
    bundled = style.cjk_font_path()
    manager.ttflist[:] = [e for e in manager.ttflist if Path(e.fname).resolve() != bundled]
    manager._findfont_cached.cache_clear()
    yield manager


def _corpus_figure() -> plt.Figure:
    """A bar chart with the corpus' Chinese title, tick labels, legend and negative values."""
    fig, ax = plt.subplots(figsize=(6, 4))
    x = np.arange(3)
    ax.bar(x - 0.2, [3, -1, 2], width=0.4, label="新闻 (news)")
    ax.bar(x + 0.2, [1, 2, -0.5], width=0.4, label="评论 (commentary)")
    ax.set_xticks(x, [f"{zh}\n({en})" for zh, en in zip(CATEGORY_LABELS, GLOSSES)])
    ax.set_title(TITLE_002)
    ax.set_ylabel("篇数 (articles)")
    ax.legend(title="文体 (kind)")
    return fig


def test_corpus_strings_used_here_are_real_corpus_text():
    raw_002 = (config.RAW_DIR / "002_1b1a24af7ea58fae.txt").read_text(encoding="utf-8")
    raw_001 = (config.RAW_DIR / "001_2f84ace74cf710cc.txt").read_text(encoding="utf-8")
    assert TITLE_002 in unicodedata.normalize("NFKC", raw_002)
    assert "潞党参" in raw_002 and "省校合作" in raw_002
    assert "京长对口合作" in raw_001


def test_cjk_font_path_is_the_openly_licensed_noto_file_from_mplfonts():
    path = style.cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert path.parent.parent.name == "mplfonts" and path.is_file()
    names = {k[-1]: v for k, v in FT2Font(str(path)).get_sfnt().items() if k[0] == 3}
    licence = names[13].decode("utf-16-be")  # name ID 13: licence description
    assert "SIL Open Font License" in licence
    assert names[1].decode("utf-16-be").startswith("Noto Sans CJK SC")


def test_register_cjk_font_resolves_the_family_to_the_bundled_file():
    family = style.register_cjk_font()
    assert family == style.CJK_FONT_FAMILY == "Noto Sans CJK SC"
    resolved = font_manager.findfont(font_manager.FontProperties(family=family),
                                     fallback_to_default=False)
    assert Path(resolved).resolve() == style.cjk_font_path()
    assert style.register_cjk_font() == family  # idempotent


def test_bundled_font_wins_over_a_same_named_system_font(tmp_path):
    # Simulate a machine whose own "Noto Sans CJK SC" is listed before ours.
    system_copy = tmp_path / "NotoSansCJK-system.otf"
    shutil.copyfile(style.cjk_font_path(), system_copy)
    manager = font_manager.fontManager
    style.register_cjk_font()
    before = len(manager.ttflist)
    manager.addfont(system_copy)
    added = manager.ttflist[before:]
    del manager.ttflist[before:]
    manager.ttflist[:0] = added
    manager._findfont_cached.cache_clear()
    prop = font_manager.FontProperties(family=style.CJK_FONT_FAMILY)
    try:
        assert Path(manager.findfont(prop)) == system_copy  # the simulation works
        style.register_cjk_font()
        assert Path(manager.findfont(prop)).resolve() == style.cjk_font_path()
    finally:
        manager.ttflist[:] = [e for e in manager.ttflist if Path(e.fname) != system_copy]
        manager._findfont_cached.cache_clear()


def test_corpus_figure_renders_every_glyph_from_the_bundled_font(tmp_path, caplog,
                                                                 fresh_font_manager):
    # 002 title, 001/002 tick labels and a Chinese legend, saved as PNG and SVG:
    # any "Glyph ... missing from font(s)" warning fails the test.
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        style.set_theme()
        fig = _corpus_figure()
        png, svg = style.save_figure(fig, "test_corpus_figure", tmp_path)
    assert not [r for r in caplog.records if re.search("glyph|findfont", r.getMessage(), re.I)]

    ax = fig.axes[0]
    texts = [ax.title, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_legend().get_texts(),
             ax.get_legend().get_title()]
    for text in texts:
        resolved = Path(font_manager.findfont(text.get_fontproperties())).resolve()
        assert resolved == style.cjk_font_path(), text.get_text()
    # The proper minus sign (U+2212) is on and the font has it.
    assert any("\N{MINUS SIGN}" in t.get_text() for t in ax.get_yticklabels())
    # SVG text is drawn as glyph paths; every glyph comes from the Noto file.
    glyph_ids = re.findall(r'<path id="([A-Za-z][^"]*)-[0-9a-f]+"', svg.read_text("utf-8"))
    assert glyph_ids and set(glyph_ids) == {"NotoSansCJKsc-Regular"}
    with Image.open(png) as image:
        assert image.info["dpi"][0] == pytest.approx(200, abs=0.01)


def test_saving_the_same_figure_twice_gives_identical_bytes(tmp_path):
    style.set_theme()
    fig = _corpus_figure()
    png1, svg1 = style.save_figure(fig, "01_same", tmp_path / "a")
    png2, svg2 = style.save_figure(fig, "01_same", tmp_path / "b")
    assert png1.read_bytes() == png2.read_bytes()
    assert svg1.read_bytes() == svg2.read_bytes()


def test_rebuilding_the_figure_from_scratch_gives_identical_bytes(tmp_path):
    outputs = []
    for run in ("a", "b"):
        with style.theme(context="paper"):
            fig = _corpus_figure()
            outputs.append(style.save_figure(fig, "01_rebuilt", tmp_path / run))
        plt.close(fig)
    (png_a, svg_a), (png_b, svg_b) = outputs
    assert png_a.read_bytes() == png_b.read_bytes()
    assert svg_a.read_bytes() == svg_b.read_bytes()


def test_saved_files_carry_no_date_or_software_metadata(tmp_path):
    style.set_theme()
    png, svg = style.save_figure(_corpus_figure(), "01_meta", tmp_path)
    assert (png.name, svg.name) == ("01_meta.png", "01_meta.svg")
    with Image.open(png) as image:
        assert "Software" not in image.info
    text = svg.read_text("utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert oct(png.stat().st_mode & 0o777) == oct(0o644)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_meta.png", "01_meta.svg"]


def test_save_figure_defaults_to_the_project_figures_dir(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "FIGURES_DIR", tmp_path / "figures")
    fig, _ = plt.subplots()
    png, svg = style.save_figure(fig, "00_default_dir")
    assert png.parent == svg.parent == tmp_path / "figures"


@pytest.mark.parametrize("name", ["", "../escape", "sub/name", "sub\\name", "/abs",
                                  ".hidden", "figure.png", "01 space", "名字"])
def test_save_figure_rejects_names_that_are_not_plain_stable_names(tmp_path, name):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="invalid figure name"):
        style.save_figure(fig, name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_save_figure_rejects_low_dpi(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="dpi"):
        style.save_figure(fig, "01_low_dpi", tmp_path, dpi=100)


class _FailsInSvg(Artist):
    """An artist that breaks the SVG render after the PNG render succeeded."""

    renderers_seen: list = []

    def draw(self, renderer):
        self.renderers_seen.append(type(renderer).__name__)
        if not isinstance(renderer, RendererAgg):  # PNG renders with Agg, SVG does not
            raise RuntimeError("svg render failed")


def test_failed_save_keeps_previous_files_and_leaves_no_partial_file(tmp_path):
    style.set_theme()
    fig = _corpus_figure()
    png, svg = style.save_figure(fig, "01_atomic", tmp_path)
    before = png.read_bytes(), svg.read_bytes()
    fig.axes[0].set_title("改过的标题 (changed title)")
    fig.add_artist(_FailsInSvg())
    with pytest.raises(RuntimeError, match="svg render failed"):
        style.save_figure(fig, "01_atomic", tmp_path)
    assert _FailsInSvg.renderers_seen[0] == "RendererAgg"  # the PNG render had succeeded
    assert (png.read_bytes(), svg.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_atomic.png", "01_atomic.svg"]


def test_theme_context_manager_restores_rcparams():
    plt.rcParams["font.size"] = 7.0
    plt.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=["red"])
    before = dict(plt.rcParams)
    with style.theme(context="talk"):
        assert plt.rcParams["font.size"] == pytest.approx(18.0)
        assert plt.rcParams["font.sans-serif"][0] == style.CJK_FONT_FAMILY
        assert plt.rcParams["axes.prop_cycle"].by_key()["color"] == style.CATEGORICAL
    assert dict(plt.rcParams) == before


def test_plt_style_use_czlib_base_applies_the_packaged_sheet():
    plt.style.use("default")
    plt.style.use("czlib.publish.base")
    assert style.STYLE_SHEET == "czlib.publish.base"
    colors = [c.upper() for c in plt.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert colors == style.CATEGORICAL
    assert plt.rcParams["image.cmap"] == style.SEQUENTIAL
    assert plt.rcParams["font.sans-serif"][0] == style.CJK_FONT_FAMILY
    assert plt.rcParams["axes.unicode_minus"] is True


def test_style_sheet_ships_as_package_data():
    # A normal (non-editable) install only contains files matched by package-data.
    sheet = Path(style.__file__).parent / "base.mplstyle"   # czlib/publish/base.mplstyle: plt.style.use("czlib.publish.base")
    assert sheet.is_file()
    pyproject = config.ROOT / "pyproject.toml"
    if not pyproject.is_file():
        pytest.skip("not a source checkout")
    globs = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["setuptools"]["package-data"]["czlib"]
    assert any(fnmatch(sheet.relative_to(config.PACKAGE_DIR).as_posix(), pattern) for pattern in globs)


def test_contexts_scale_font_sizes_like_seaborn():
    notebook = style.plotting_context("notebook")
    paper = style.plotting_context("paper")
    talk = style.plotting_context("talk", font_scale=1.2)
    assert notebook["font.size"] == pytest.approx(12.0)
    assert paper["font.size"] == pytest.approx(0.8 * 12.0)
    assert talk["xtick.labelsize"] == pytest.approx(1.5 * 1.2 * 11.0)
    assert talk["lines.linewidth"] == pytest.approx(1.5 * 1.5)  # font_scale leaves lines alone
    with pytest.raises(ValueError, match="unknown context"):
        style.plotting_context("poster")


def test_sequential_palette_is_a_registered_colormap():
    assert style.SEQUENTIAL in matplotlib.colormaps
    assert len(style.CATEGORICAL) == len(set(style.CATEGORICAL)) == 8


def test_set_theme_palette_choices():
    style.set_theme(palette=["#111111", "tab:red"])
    assert plt.rcParams["axes.prop_cycle"].by_key()["color"] == ["#111111", "#d62728"]
    style.set_theme(palette="tab10")
    assert len(plt.rcParams["axes.prop_cycle"].by_key()["color"]) == 10
    with pytest.raises(ValueError, match="continuous colormap"):
        style.set_theme(palette="viridis")
    with pytest.raises(ValueError, match="unknown palette"):
        style.set_theme(palette="no-such-palette")


def test_wordcloud_draws_chinese_words_with_the_bundled_font():
    from wordcloud import WordCloud

    # Terms from the corpus: 科技 (science & technology), 长治 (Changzhi), ...
    freqs = {"科技": 30, "创新": 24, "长治": 20, "成果转化": 15,
             "京长对口合作": 12, "省校合作": 10, "潞党参": 8}
    font = FT2Font(str(style.cjk_font_path()))
    for char in "".join(freqs):
        assert font.get_char_index(ord(char)) != 0, char  # 0 = .notdef ("tofu" box)
    # Control: the check does fail for a font without Chinese glyphs.
    dejavu = FT2Font(font_manager.findfont("DejaVu Sans"))
    assert dejavu.get_char_index(ord("长")) == 0

    def render():
        cloud = WordCloud(font_path=str(style.cjk_font_path()), width=300, height=150,
                          random_state=7, background_color="white", prefer_horizontal=1.0)
        cloud.generate_from_frequencies(freqs)
        return cloud, cloud.to_array()

    cloud, pixels = render()
    assert {word for (word, _), *_ in cloud.layout_} == set(freqs)  # every word placed
    ink = (pixels.min(axis=2) < 200).mean()
    assert 0.03 < ink < 0.6, ink  # drawn, not blank and not one block
    _, again = render()
    assert np.array_equal(pixels, again)


_LOG_AXIS_SCRIPT = """
import hashlib, io, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import MathTextParser
from czlib.publish import style
style.set_theme()
parsed = MathTextParser("path").parse(r"$\\mathdefault{10^{1}}$", prop=FontProperties(family=["sans-serif"]))
fonts = sorted({glyph[0].fname for glyph in parsed.glyphs})
fig, ax = plt.subplots()
ax.plot([1, 10, 100, 1000], [1, 2, 3, 4])
ax.set_xscale("log")
buf = io.BytesIO()
fig.savefig(buf, format="png", metadata={"Software": None})
print(repr(fonts))
print(hashlib.sha256(buf.getvalue()).hexdigest())
"""


def test_a_log_axis_is_drawn_in_the_bundled_font_whatever_the_font_cache(tmp_path):
    """The 10^1 ticks of a log axis are math text.  With matplotlib's default math fonts their font
    depended on its font cache: Noto Sans CJK SC with a fresh cache, DejaVu Sans with one that does not
    list matplotlib's own fonts (seen on this machine), so a rebuild changed the committed figures.  The
    style draws math in the bundled font: both caches give it, and the same PNG bytes."""
    import json
    import os
    import subprocess
    import sys

    def run(config_dir: Path) -> list[str]:
        env = {**os.environ, "MPLCONFIGDIR": str(config_dir)}
        done = subprocess.run([sys.executable, "-c", _LOG_AXIS_SCRIPT], env=env, capture_output=True, text=True,
                              check=True)
        return done.stdout.splitlines()

    fresh = run(tmp_path / "fresh")
    stale_dir = tmp_path / "stale"
    stale_dir.mkdir()
    for cache in (tmp_path / "fresh").glob("fontlist-*.json"):
        data = json.loads(cache.read_text(encoding="utf-8"))
        data["ttflist"] = [e for e in data["ttflist"] if os.path.isabs(e["fname"])]  # matplotlib's own fonts gone
        (stale_dir / cache.name).write_text(json.dumps(data), encoding="utf-8")
    stale = run(stale_dir)
    bundled = str(style.cjk_font_path())
    assert fresh[0] == stale[0] == repr([bundled])
    assert fresh[1] == stale[1]
