"""Figures for the themes notebook: theme heat map, keyword bars, word clouds.

Drawn with the package theme (:mod:`czlib.publish.style`) so Chinese labels
render with the bundled CJK font; labels carry English glosses
(:func:`czlib.analysis.glossary.gloss_label`).
"""
from __future__ import annotations

import math
import os
from typing import Mapping

import numpy as np
import pandas as pd

from ..analysis.glossary import gloss_label, load_glossary

def plot_theme_heatmap(shares: pd.DataFrame, by: str = "doc_id",
                       unit_labels: Mapping[str, str] | None = None, ax=None,
                       annotate: bool = True, title: str | None = None):
    """Draw a heat map of theme shares (units as rows, themes as columns); return the Figure.

    ``shares`` comes from :func:`theme_shares`; ``unit_labels`` maps unit ids
    to row labels (e.g. "2022 web story").  Cells are annotated with the
    share in percent.
    """
    import matplotlib.pyplot as plt

    from . import style

    matrix = shares.pivot_table(index=by, columns="theme", values="share", sort=False)
    theme_order = list(dict.fromkeys(shares["theme"]))
    unit_order = list(dict.fromkeys(shares[by]))
    matrix = matrix.reindex(index=unit_order, columns=theme_order)
    labels_en = dict(zip(shares["theme"], shares["theme_en"]))
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.0 + 0.75 * len(theme_order), 1.2 + 0.55 * len(unit_order)))
    else:
        fig = ax.figure
    values = matrix.to_numpy(float) * 100
    cmap = getattr(style, "SEQUENTIAL", "viridis")
    image = ax.imshow(values, aspect="auto", cmap=cmap, vmin=0)
    ax.set_xticks(range(len(theme_order)))
    ax.set_xticklabels([labels_en.get(t, t) for t in theme_order], rotation=40, ha="right")
    ax.set_yticks(range(len(unit_order)))
    ax.set_yticklabels([(unit_labels or {}).get(u, u) for u in unit_order])
    ax.grid(False)
    if annotate:
        vmax = np.nanmax(values) if values.size else 0
        for (i, j), v in np.ndenumerate(values):
            if np.isnan(v):
                continue
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize="small",
                    color="white" if v < 0.6 * vmax else "black")
    fig.colorbar(image, ax=ax, label="% of content tokens")
    if title:
        ax.set_title(title)
    return fig



def plot_keyword_bars(frame: pd.DataFrame, by: str = "doc_id", value: str = "z", top_n: int = 10,
                      unit_labels: Mapping[str, str] | None = None,
                      glossary: Mapping[str, str] | None = None, xlabel: str | None = None,
                      ncols: int = 2, threshold: float | None = None, variable: str = "comparison unit",
                      levels=None):
    """Draw one horizontal bar chart per unit of a ranked keyword table; return the Figure.

    ``frame`` is the output of :func:`tfidf_keywords`, :func:`textrank_keywords`
    or :func:`distinctive_words` (columns ``by``, rank, token, ``value``);
    bars are labelled "term · English gloss" and the best word is on top.
    ``threshold`` (e.g. 1.96 for z-scores) draws dashed lines at ±threshold
    (-threshold only when a bar is negative), named in the axis label, and
    greys the bars that do not pass it.  Each panel has the colour of its unit (``variable`` with ``levels``, see
    :func:`czlib.publish.palette.colour_for`).
    """
    import matplotlib.pyplot as plt

    from . import palette

    glossary = load_glossary() if glossary is None else glossary
    units = list(dict.fromkeys(frame[by]))
    ncols = max(1, min(ncols, len(units)))
    nrows = max(1, math.ceil(len(units) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 0.32 * top_n * nrows + 1.2 * nrows),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(units):
            ax.set_axis_off()
            continue
        unit = units[k]
        part = frame[(frame[by] == unit) & (frame["rank"] <= top_n)].sort_values("rank")
        labels = [gloss_label(t, glossary) for t in part["token"]]
        colour = palette.colour_for(variable, unit, levels)
        colours = ([colour if abs(v) >= threshold else palette.NEUTRAL for v in part[value]]
                   if threshold is not None else colour)
        ax.barh(range(len(part))[::-1], part[value], color=colours)
        if threshold is not None:
            # the -threshold line only where a bar goes below zero (top-ranked words are all positive)
            lines = [x for x in (-threshold, threshold) if x > 0 or (len(part) and part[value].min() < 0)]
            low = min([0.0, *lines, float(part[value].min()) if len(part) else 0.0])
            high = max(float(part[value].max()) if len(part) else 0.0, threshold)
            ax.set_xlim(low - (0.3 if low < 0 else 0), high * 1.05 + 0.2)
            for x in lines:
                ax.axvline(x, color="#222222", linestyle="--", linewidth=0.9)
        ax.set_yticks(range(len(part))[::-1])
        ax.set_yticklabels(labels)
        ax.set_title((unit_labels or {}).get(unit, unit), loc="left")
        if xlabel or threshold is not None:
            note = ("" if threshold is None else f"dashed line: z = ±{threshold:g}" if len(lines) == 2
                    else f"dashed line: z = {threshold:g}")
            ax.set_xlabel("\n".join(t for t in (xlabel, note) if t))
    fig.tight_layout()
    return fig


def plot_word_clouds(counts: pd.DataFrame, by: str = "doc_id",
                     unit_labels: Mapping[str, str] | None = None, max_words: int = 60,
                     ncols: int = 2, random_state: int = 0, variable: str = "comparison unit", levels=None):
    """Draw a grid of word clouds, one per unit of :func:`token_counts` output, each in its unit's colour
    (``variable`` with ``levels``, see :func:`czlib.publish.palette.colour_for`); return the Figure."""
    import matplotlib.pyplot as plt

    from . import palette

    units = list(dict.fromkeys(counts[by]))
    ncols = max(1, min(ncols, len(units)))
    nrows = max(1, math.ceil(len(units) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.8 * ncols, 3.4 * nrows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(units):
            ax.set_axis_off()
            continue
        part = counts[counts[by] == units[k]]
        word_cloud(dict(zip(part["token"], part["count"])), ax=ax, max_words=max_words, width=720,
                   height=480, random_state=random_state, colour=palette.colour_for(variable, units[k], levels),
                   title=(unit_labels or {}).get(units[k], units[k]))
    fig.tight_layout()
    return fig


# -- word cloud ---------------------------------------------------------------------------


def word_cloud(freqs: Mapping[str, float], *, ax=None, width: int = 900, height: int = 600,
               max_words: int = 100, font_path: str | os.PathLike | None = None,
               random_state: int = 0, colormap=None, title: str | None = None, colour: str | None = None):
    """Draw a word cloud of ``freqs`` (word -> count); return the matplotlib Figure.

    Uses czlib's CJK font (:func:`czlib.publish.style.cjk_font_path`) and a fixed
    ``random_state``, and sorts the words by (-count, word) before layout, so
    the same frequencies always give the same picture.  Give it czlib's own
    counts, e.g. ``token_counts(tokens)`` for one document, not raw text.
    ``colour`` draws every word in one colour (a unit's palette colour);
    otherwise ``colormap`` (default: czlib's categorical colours) colours them.
    """
    import matplotlib.pyplot as plt
    from wordcloud import WordCloud

    items = sorted(((str(w), float(c)) for w, c in dict(freqs).items() if c > 0),
                   key=lambda wc: (-wc[1], wc[0]))
    if not items:
        raise ValueError("word_cloud: no positive frequencies to draw")
    from matplotlib.colors import ListedColormap

    from . import style

    if font_path is None:
        font_path = style.cjk_font_path()
    # czlib's colour-blind safe palette without its weak yellow and its black
    palette = ListedColormap(style.CATEGORICAL[:6]) if colormap is None else colormap
    cloud = WordCloud(font_path=str(font_path), width=width, height=height, max_words=max_words,
                      random_state=random_state, background_color="white", prefer_horizontal=1.0,
                      colormap=palette, collocations=False, margin=4,
                      color_func=(lambda *args, **kwargs: colour) if colour else None)
    cloud.generate_from_frequencies(dict(items[:max_words]))
    if ax is None:
        fig, ax = plt.subplots(figsize=(width / 150, height / 150))
    else:
        fig = ax.figure
    ax.imshow(cloud.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return fig



def plot_theme_timeline(series: pd.DataFrame, documents: pd.Series, title: str | None = None,
                        connect: bool = True):
    """Draw theme shares by year (lines, left axis, each theme in its palette colour) over the number of
    documents per year (grey bars, right axis, whole numbers); return the Figure.

    ``series`` has years as index and themes (English names) as columns, in
    percent; ``documents`` counts documents per year.  ``connect=False``
    draws dots only: years too thin to compare (see
    :mod:`czlib.analysis.stats.comparisons`) get no line that suggests a trend.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from . import palette

    fig, ax = plt.subplots(figsize=(9, 4.6))
    bars = ax.twinx()
    bars.bar(documents.index.astype(int), documents.to_numpy(), color=palette.NEUTRAL, alpha=0.5, width=0.8,
             zorder=0)
    bars.set_ylabel("documents (grey bars)")
    bars.grid(False)
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars.set_ylim(0, max(int(documents.max()) if len(documents) else 1, 1) * 1.15)
    bars.spines["right"].set_visible(True)
    ax.set_zorder(bars.get_zorder() + 1)
    ax.patch.set_visible(False)
    offsets = np.linspace(-0.2, 0.2, len(series.columns)) if not connect and len(series.columns) > 1 else \
        np.zeros(len(series.columns))
    for theme, dx in zip(series.columns, offsets):
        ax.plot(series.index + dx, series[theme], marker="o", markersize=4 if connect else 6,
                linewidth=1.6 if connect else 0, label=theme, color=palette.colour_for("theme", theme))
    ax.set_xticks(sorted(set(series.index.astype(int)) | set(documents.index.astype(int))))
    ax.set_xlabel("year")
    ax.set_ylabel("% of content tokens (" + ("lines" if connect else "dots, not joined") + ")")
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)
    ax.legend(fontsize="small", frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    return fig
