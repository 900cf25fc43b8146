"""Figures a journal would print: numbered, captioned, described, and drawn for their data.

Why this module exists: a figure in a shared page needs a number, a caption
and alt text that says what it shows (Jupyter's default alt text is "No
description has been provided"), and the chart type must suit the data --
dots, not boxes, for a group of one or two; shares as 100 % bars; totals and
rates on separate axes.  :func:`show_figure` saves a figure
(:func:`czlib.publish.style.save_figure`) and displays it with its caption and
alt text; :mod:`czlib.publish.build.html` numbers the figures of a page in order and
renders each as ``<figure><img alt=…><figcaption>Figure N. …</figcaption>``.
Colours come from :mod:`czlib.publish.palette`; the colours a figure used are
stored with it in the executed notebook, so a test can check them across
notebooks.
"""
from __future__ import annotations

import base64
import math
import struct
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import palette

__all__ = ["DEFAULT_ALT", "FigureDisplay", "MIN_BOX", "METADATA_KEY", "describe_counts", "describe_rows",
           "plot_groups", "plot_money", "plot_shares", "plot_stacked_counts", "show_figure"]

#: Jupyter's alt text for an image nobody described; never acceptable on a czlib page.
DEFAULT_ALT = "No description has been provided"
#: Output-metadata key under which a figure's caption, alt text and colours are stored.
METADATA_KEY = "czlib_figure"
#: A group gets a box (quartiles) only from this many values; smaller groups are shown as dots only.
MIN_BOX = 5
_DISPLAY_SCALE = 2  # the PNG is saved at 200 dpi; shown at half its pixel width (100 px per inch)


def _png_width(data: bytes) -> int:
    return struct.unpack(">I", data[16:20])[0]


class FigureDisplay:
    """A saved figure as a notebook output: the PNG, its caption and alt text, the colours it used."""

    def __init__(self, png: bytes, *, name: str, caption: str, alt: str, colours: list):
        self.png, self.name, self.caption, self.alt, self.colours = png, name, caption, alt, colours

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"Figure ({self.name}): {self.caption}"}
        metadata = {"image/png": {"width": _png_width(self.png) // _DISPLAY_SCALE, "alt": self.alt},
                    METADATA_KEY: {"name": self.name, "caption": self.caption, "alt": self.alt,
                                   "colours": self.colours}}
        return data, metadata

    def __repr__(self) -> str:
        return f"Figure ({self.name}): {self.caption}"


def _check_text(what: str, text, name: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"figure {name!r}: {what} must be a non-empty string, got {text!r}")
    if DEFAULT_ALT.lower() in text.lower():
        raise ValueError(f"figure {name!r}: {what} is Jupyter's placeholder; describe what the figure shows")
    return " ".join(text.split())


def show_figure(fig, name: str, *, caption: str, alt: str, show: bool = True,
                **save_kwargs) -> FigureDisplay | None:
    """Save ``fig`` as figures/<name>.png/.svg and display it with ``caption`` and ``alt``.

    ``caption`` is the figure's caption without its number (the HTML page
    numbers figures in order); ``alt`` describes what the figure shows, for a
    reader who cannot see it -- compute both from the data.  Other keyword
    arguments go to :func:`czlib.publish.style.save_figure`.  The figure is
    closed, so the notebook shows it once.  Returns None when it displayed the
    figure (so a cell ending in this call does not show it twice), else
    (``show=False``) the :class:`FigureDisplay` to display later.
    """
    import matplotlib.pyplot as plt

    from .style import save_figure

    caption = _check_text("caption", caption, name)
    alt = _check_text("alt text", alt, name)
    png_path, _ = save_figure(fig, name, **save_kwargs)
    shown = FigureDisplay(png_path.read_bytes(), name=name, caption=caption, alt=alt,
                          colours=palette.take_used())
    plt.close(fig)
    if not show:
        return shown
    from IPython.display import display

    display(shown)
    return None


# --- alt text from the data ----------------------------------------------------------------

def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"


def describe_counts(counts, unit: str = "", limit: int = 12) -> str:
    """Return "a 12, b 7 and c 3" for a Series or mapping (largest first as given), ``unit`` after each
    number, at most ``limit`` items and "and k more" for the rest; "none" when empty."""
    items = list(dict(counts).items()) if not isinstance(counts, pd.Series) else list(counts.items())
    words = [f"{k} {_number(v)}{' ' + unit if unit else ''}" for k, v in items[:limit]]
    if len(items) > limit:
        words.append(f"{len(items) - limit} more")
    if not words:
        return "none"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def describe_rows(table: pd.DataFrame, unit: str, limit: int = 10, percent: bool = False) -> str:
    """Return "row: total unit (col a, col b); ..." for a table of counts (zero cells left out), at most
    ``limit`` rows; with ``percent`` each part is also given as a share of its row."""
    parts = []
    for row, values in list(table.iterrows())[:limit]:
        total = values.sum()
        shown = [(c, v) for c, v in values.items() if v]
        if percent and total:
            inner = ", ".join(f"{c} {_number(v)} ({v / total:.0%})" for c, v in shown)
        else:
            inner = ", ".join(f"{c} {_number(v)}" for c, v in shown)
        parts.append(f"{row}: {_number(total)} {unit}" + (f" ({inner})" if inner else ""))
    if len(table) > limit:
        parts.append(f"and {len(table) - limit} more rows")
    return "; ".join(parts) if parts else "no rows"


# --- distributions: dots with n, boxes only for groups big enough --------------------------

def _jitter(n: int, width: float = 0.2) -> np.ndarray:
    """Deterministic vertical offsets for n dots (evenly spread, centre first)."""
    if n <= 1:
        return np.zeros(n)
    return np.linspace(-width, width, n)[np.argsort(np.abs(np.linspace(-1, 1, n)), kind="stable")]


def plot_groups(groups: Mapping[str, Sequence[float]], variable: str, *, xlabel: str,
                title: str | None = None, log: bool = False, min_box: int = MIN_BOX):
    """Draw one row per group: every value as a dot, a box (quartiles) only for groups of ``min_box`` or more,
    and "n = k" beside each row; return the Figure.  Groups keep their colour of ``variable``."""
    import matplotlib.pyplot as plt

    names = list(groups)
    fig, ax = plt.subplots(figsize=(7.5, 1.3 + 0.5 * max(len(names), 1)))
    for row, name in enumerate(names):
        values = np.sort(np.asarray(groups[name], dtype=float))
        colour = palette.colour_for(variable, name)
        y = row + _jitter(len(values))
        if len(values) >= min_box:
            ax.boxplot([values], positions=[row], orientation="horizontal", widths=0.6, showfliers=False,
                       medianprops={"color": "#222222"}, boxprops={"color": "#666666"},
                       whiskerprops={"color": "#666666"}, capprops={"color": "#666666"}, manage_ticks=False)
        ax.scatter(values, y, s=22, color=colour, edgecolor="white", linewidth=0.4, zorder=3)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.5, -0.5)
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    for row, name in enumerate(names):
        ax.annotate(f"n = {len(groups[name])}", (1.0, row), xycoords=("axes fraction", "data"),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize="small", color="#444444")
    if title:
        ax.set_title(title)
    ax.grid(axis="y", visible=False)
    return fig


# --- bars -------------------------------------------------------------------------------

def _legend_below(ax, n_items: int, title: str | None = None):
    """A legend a fixed distance below the axes (clear of tick labels and the axis label at any height)."""
    from matplotlib.transforms import offset_copy

    below = offset_copy(ax.transAxes, fig=ax.figure, y=-44, units="points")
    longest = max((len(t) for t in ax.get_legend_handles_labels()[1]), default=0)
    ax.legend(ncols=min(n_items, 4 if longest <= 18 else 2), fontsize="small", frameon=False, loc="upper center", title=title,
              bbox_to_anchor=(0.5, 0.0), bbox_transform=below, title_fontsize="small")


def plot_shares(counts: pd.DataFrame, variable: str, *, xlabel: str = "share (%)", title: str | None = None,
                labels: Mapping[str, str] | None = None, row_labels: Mapping[str, str] | None = None):
    """Draw 100 % stacked horizontal bars: one row per index value, segments by the columns (values of
    ``variable``), each row's n at its right end; return the Figure.  Rows with n = 0 are left empty."""
    import matplotlib.pyplot as plt

    counts = counts.fillna(0)
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0).fillna(0) * 100
    fig, ax = plt.subplots(figsize=(7.5, 1.8 + 0.42 * max(len(counts), 1)))
    rows = [(row_labels or {}).get(r, str(r)) for r in counts.index]
    left = np.zeros(len(counts))
    for column in counts.columns:
        values = shares[column].to_numpy(float)
        ax.barh(range(len(rows)), values, left=left, color=palette.colour_for(variable, column),
                label=(labels or {}).get(column, str(column)), edgecolor="white", linewidth=0.6)
        left += values
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel(xlabel)
    for row, n in enumerate(totals):
        ax.annotate(f"n = {int(n)}", (1.0, row), xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize="small", color="#444444")
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    _legend_below(ax, len(counts.columns))
    return fig


def plot_stacked_counts(counts: pd.DataFrame, variable: str, *, xlabel: str, title: str | None = None,
                        levels: Sequence | None = None, labels: Mapping[str, str] | None = None,
                        total_format: str = "{:,.0f}"):
    """Draw stacked horizontal count bars (rows = index, segments = columns, values of ``variable``)
    with each row's total at its end; return the Figure."""
    import matplotlib.pyplot as plt

    counts = counts.fillna(0)
    fig, ax = plt.subplots(figsize=(7.5, 1.8 + 0.36 * max(len(counts), 1)))
    left = np.zeros(len(counts))
    for column in counts.columns:
        values = counts[column].to_numpy(float)
        ax.barh(range(len(counts)), values, left=left, color=palette.colour_for(variable, column, levels),
                label=(labels or {}).get(column, str(column)), edgecolor="white", linewidth=0.5)
        left += values
    for row, total in enumerate(left):
        ax.annotate(total_format.format(total), (total, row), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize="small", color="#444444")
    ax.set_yticks(range(len(counts)), [str(r) for r in counts.index])
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_xlim(0, max(left.max() * 1.08, 1) if len(left) else 1)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title)
    _legend_below(ax, len(counts.columns))
    return fig


# --- money: totals and per-unit rates on their own axes ----------------------------------------

_QUALIFIER_MARKERS = {"exact": "o", "more_than": ">", "at_least": ">", "less_than": "<", "at_most": "<",
                      "approx": "D", "range": "|"}


def plot_money(money: pd.DataFrame, *, rate_unit: str = "per unit", title: str | None = None):
    """Draw money figures in two panels with their own log axes: totals (yuan) and per-unit rates
    (yuan per ``rate_unit``); return the Figure.

    ``money`` has columns label, raw, value, value_max, qualifier and scope
    ("total" or "per-unit rate").  Ranges are bars, other values markers
    shaped by the qualifier (> "more than", < "less than", D "about"),
    coloured by the qualifier as in every other chart.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    panels = [(scope, money[money["scope"] == scope].sort_values("value", ascending=False, kind="stable")
               .reset_index(drop=True))
              for scope in ("total", "per-unit rate")]
    panels = [(s, part) for s, part in panels if len(part)]
    heights = [max(len(part), 1) for _, part in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.5, 1.6 + 0.42 * sum(heights) + 0.8 * len(panels)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    seen: dict[str, str] = {}
    for ax, (scope, part) in zip(axes[:, 0], panels):
        for i, r in enumerate(part.itertuples()):
            colour = palette.colour_for("qualifier", r.qualifier)
            seen[r.qualifier] = colour
            if r.qualifier == "range" and pd.notna(r.value_max):
                ax.plot([r.value, r.value_max], [i, i], color=colour, linewidth=6, solid_capstyle="butt")
            else:
                ax.plot(r.value, i, marker=_QUALIFIER_MARKERS.get(r.qualifier, "o"), color=colour, markersize=9,
                        linestyle="none")
            ax.annotate(r.raw, (r.value_max if pd.notna(r.value_max) else r.value, i), xytext=(8, 0),
                        textcoords="offset points", va="center", fontsize="small")
        ax.set_yticks(range(len(part)), list(part["label"]))
        ax.set_ylim(len(part) - 0.5, -0.5)
        ax.set_xscale("log")
        top = part["value_max"].fillna(part["value"]).max()
        ax.set_xlim(part["value"].min() / 3, top * 12)
        ax.set_xlabel("yuan (log scale)" if scope == "total" else f"yuan {rate_unit} (log scale)")
        ax.set_title("Totals" if scope == "total" else f"Rates ({rate_unit})", loc="left", fontsize="medium")
        ax.grid(axis="y", visible=False)
    handles = [Line2D([], [], color=c, linewidth=6, label=q.replace("_", " ")) if q == "range" else
               Line2D([], [], color=c, marker=_QUALIFIER_MARKERS.get(q, "o"), linestyle="none", markersize=8,
                      label=q.replace("_", " ")) for q, c in sorted(seen.items(), key=lambda qc: qc[0] == "range")]
    fig.legend(handles=handles, loc="lower center", ncols=min(len(handles), 5), frameon=False, fontsize="small",
               title="qualifier", title_fontsize="small", bbox_to_anchor=(0.5, -0.02))
    if title:
        fig.suptitle(title, x=0.02, ha="left")
    fig.tight_layout(rect=(0, 0.06 + 0.02 * math.ceil(len(handles) / 5), 1, 1))
    return fig
