"""Figure style for czlib: one theme, one CJK font, reproducible exports.

Why this module exists: figures about Chinese news need Chinese labels, and
the notebooks must render the same on a laptop with no Chinese system font,
on a CI box and on a colleague's machine.  So the theme registers a bundled,
openly licensed font (Noto Sans CJK SC, SIL Open Font Licence, shipped by the
``mplfonts`` PyPI package; we never use its SimHei copy nor its ``init``
helpers, which may register SimHei), applies the style sheet shipped inside
czlib (``plt.style.use("czlib.publish.base")``), a colour-blind safe categorical
palette (Okabe & Ito), a perceptually uniform sequential colormap, and
seaborn-like size contexts.  ``save_figure`` writes PNG + SVG files that are
byte-identical when the same figure is saved again, so committed figures only
change when the figure changes.

Typical use::

    from czlib.publish import style
    style.set_theme(context="notebook")
    fig, ax = plt.subplots()
    ...
    style.save_figure(fig, "01_theme_heatmap")

or, without touching the global rcParams for longer than a block::

    with style.theme(context="paper"):
        ...
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.font_manager as font_manager
import matplotlib.style
from cycler import cycler

from czlib import config
from czlib.publish.palette import OKABE_ITO

__all__ = [
    "CATEGORICAL",
    "CJK_FONT_FAMILY",
    "CONTEXTS",
    "SEQUENTIAL",
    "STYLE_SHEET",
    "cjk_font_path",
    "plotting_context",
    "register_cjk_font",
    "save_figure",
    "set_theme",
    "theme",
]

#: Family name of the bundled CJK font (it also covers Latin, digits and U+2212).
CJK_FONT_FAMILY = "Noto Sans CJK SC"
_CJK_FONT_PACKAGE = "mplfonts"
_CJK_FONT_RELPATH = ("fonts", "NotoSansCJKsc-Regular.otf")

#: Name for ``plt.style.use``: the file ``czlib/publish/base.mplstyle``.
STYLE_SHEET = "czlib.publish.base"
_STYLE_SHEET_FILE = Path(__file__).resolve().parent / "base.mplstyle"

#: The colour cycle: Okabe & Ito (2008), as in :mod:`czlib.publish.palette`.
CATEGORICAL = list(OKABE_ITO)

#: Registered matplotlib colormap for ordered values (heatmaps, counts):
#: perceptually uniform and designed for colour-vision deficiency.
SEQUENTIAL = "cividis"

#: Size contexts and their scale relative to "notebook" (as in seaborn).
CONTEXTS = {"paper": 0.8, "notebook": 1.0, "talk": 1.5}

# rcParams scaled by the context; the notebook values live in the style sheet.
_FONT_SIZE_KEYS = (
    "font.size", "axes.labelsize", "axes.titlesize", "xtick.labelsize",
    "ytick.labelsize", "legend.fontsize", "legend.title_fontsize",
)
_LINE_SIZE_KEYS = (
    "axes.linewidth", "grid.linewidth", "lines.linewidth", "lines.markersize",
    "patch.linewidth", "xtick.major.width", "ytick.major.width",
    "xtick.minor.width", "ytick.minor.width", "xtick.major.size",
    "ytick.major.size", "xtick.minor.size", "ytick.minor.size",
)

# Export settings that make two saves of one figure byte-identical.
_SVG_HASHSALT = "czlib"
_SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None},
}
_MIN_DPI = 200
_FIGURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def cjk_font_path() -> Path:
    """Return the path of the bundled Noto Sans CJK SC file (for matplotlib and wordcloud).

    The file ships inside the ``mplfonts`` package; we locate the package
    without importing it, so none of its font-setup code runs.
    """
    spec = importlib.util.find_spec(_CJK_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"czlib needs the {_CJK_FONT_PACKAGE!r} package for its CJK font "
            f"(Noto Sans CJK SC); install it with `pip install {_CJK_FONT_PACKAGE}`"
        )
    for location in spec.submodule_search_locations:
        path = Path(location).joinpath(*_CJK_FONT_RELPATH)
        if path.is_file():
            return path.resolve()
    raise FileNotFoundError(
        f"{'/'.join(_CJK_FONT_RELPATH)} not found in the {_CJK_FONT_PACKAGE!r} package "
        f"at {list(spec.submodule_search_locations)}; reinstall {_CJK_FONT_PACKAGE}"
    )


def _same_file(a: str | os.PathLike, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def register_cjk_font() -> str:
    """Make matplotlib resolve the CJK family to the bundled file; return the family name.

    Safe to call repeatedly.  If the machine has its own font of the same
    name, the bundled entries are moved ahead of it, so every machine draws
    the figures with the same font file.
    """
    path = cjk_font_path()
    manager = font_manager.fontManager
    if not any(_same_file(entry.fname, path) for entry in manager.ttflist):
        manager.addfont(path)
    prop = font_manager.FontProperties(family=CJK_FONT_FAMILY)
    if not _same_file(manager.findfont(prop, fallback_to_default=False), path):
        ours = [e for e in manager.ttflist if _same_file(e.fname, path)]
        others = [e for e in manager.ttflist if not _same_file(e.fname, path)]
        manager.ttflist[:] = ours + others
        manager._findfont_cached.cache_clear()  # findfont memoises its answers
        resolved = manager.findfont(prop, fallback_to_default=False)
        if not _same_file(resolved, path):
            raise RuntimeError(
                f"matplotlib resolves {CJK_FONT_FAMILY!r} to {resolved}, not the bundled {path}"
            )
    return CJK_FONT_FAMILY


def _style_sheet_rc() -> dict:
    return dict(mpl.rc_params_from_file(_STYLE_SHEET_FILE, use_default_template=False))


def plotting_context(context: str = "notebook", font_scale: float = 1.0) -> dict:
    """Return the rcParams (sizes only) for a context: "paper", "notebook" or "talk".

    Font sizes are scaled by the context and ``font_scale``; line widths and
    tick sizes by the context only, as in seaborn's ``plotting_context``.
    """
    if context not in CONTEXTS:
        raise ValueError(f"unknown context {context!r}; choose one of {sorted(CONTEXTS)}")
    if not font_scale > 0:
        raise ValueError(f"font_scale must be positive, got {font_scale!r}")
    scale = CONTEXTS[context]
    base = _style_sheet_rc()
    rc = {key: float(base[key]) * scale * font_scale for key in _FONT_SIZE_KEYS}
    rc.update({key: float(base[key]) * scale for key in _LINE_SIZE_KEYS})
    return rc


def _palette_colors(palette: str | Sequence) -> list[str]:
    if isinstance(palette, str):
        if palette == "czlib":
            return list(CATEGORICAL)
        try:
            cmap = mpl.colormaps[palette]
        except KeyError:
            raise ValueError(
                f"unknown palette {palette!r}; use 'czlib', a list of colours, "
                f"or a qualitative matplotlib colormap name such as 'tab10'"
            ) from None
        if not isinstance(cmap, mcolors.ListedColormap) or cmap.N > 20:
            raise ValueError(
                f"palette {palette!r} is a continuous colormap; for ordered values "
                f"pass cmap={palette!r} to the plotting call instead"
            )
        return [mcolors.to_hex(c) for c in cmap.colors]
    colors = list(palette)
    if not colors:
        raise ValueError("palette is an empty list of colours")
    try:
        return [mcolors.to_hex(c) for c in colors]
    except ValueError as exc:
        raise ValueError(f"palette contains an invalid colour: {exc}") from None


def set_theme(context: str = "notebook", palette: str | Sequence = "czlib",
              font_scale: float = 1.0) -> None:
    """Apply the czlib look to matplotlib's global rcParams; returns nothing.

    Resets rcParams to matplotlib's defaults, registers the bundled CJK font,
    applies the ``czlib.publish.base`` sheet, the size ``context`` ("paper",
    "notebook", "talk") times ``font_scale``, and the categorical ``palette``
    ("czlib" = Okabe-Ito, a list of colours, or a qualitative colormap name).
    """
    rc_sizes = plotting_context(context, font_scale)  # validate before changing anything
    colors = _palette_colors(palette)
    register_cjk_font()
    mpl.style.use(["default", STYLE_SHEET])
    mpl.rcParams.update(rc_sizes)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=colors)


@contextlib.contextmanager
def theme(context: str = "notebook", palette: str | Sequence = "czlib",
          font_scale: float = 1.0) -> Iterator[None]:
    """Context manager: ``set_theme(...)`` inside the block, previous rcParams restored after."""
    with mpl.rc_context():
        set_theme(context=context, palette=palette, font_scale=font_scale)
        yield


def _check_figure_name(name: str) -> None:
    if not isinstance(name, str) or not _FIGURE_NAME.fullmatch(name):
        raise ValueError(
            f"invalid figure name {name!r}: use letters, digits, '_', '-' and '.', "
            f"starting with a letter or digit, without a path or extension "
            f"(e.g. '01_theme_heatmap')"
        )
    if name.lower().endswith((".png", ".svg", ".csv")):
        raise ValueError(
            f"invalid figure name {name!r}: give the name without extension; "
            f"save_figure writes .png and .svg (and .csv with data=)"
        )


def _figure_data_csv(data) -> bytes:
    """The bytes of a figure's data file: CSV, UTF-8 with a byte-order mark (Excel), ``\n`` line ends.

    A named or labelled index (a pivoted matrix, a Series by category) is
    written as the first column(s); an unnamed integer index (row numbers) is left out.  Text cells a
    spreadsheet would run as a formula are neutralised (:func:`czlib.storage.spreadsheet_safe`).
    """
    import pandas as pd

    from czlib.storage import CSV_ENCODING, spreadsheet_safe

    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else "value")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"save_figure: data must be a pandas DataFrame or Series, got {type(data).__name__}")
    plain = data.index.name is None and not isinstance(data.index, pd.MultiIndex) \
        and pd.api.types.is_integer_dtype(data.index.dtype)
    return spreadsheet_safe(data).to_csv(index=not plain, lineterminator="\n").encode(CSV_ENCODING)


def save_figure(fig, name: str, figures_dir: str | os.PathLike | None = None,
                dpi: int = 200, *, data=None) -> tuple[Path, Path]:
    """Save ``fig`` as <figures_dir>/<name>.png and <name>.svg; return (png_path, svg_path).

    ``data`` (a DataFrame or Series: the numbers the figure draws) is written
    beside it as <name>.csv, so a reader can check or redraw the figure
    (UTF-8 with a byte-order mark, opens in Excel).  ``figures_dir`` defaults
    to ``config.FIGURES_DIR``.  The files are reproducible (no date or
    software metadata, fixed SVG id salt) and written atomically: each is
    rendered to a temporary file in the same folder and renamed into place
    only when all renders succeeded, so a failed save leaves any earlier
    files untouched and no partial file behind.
    """
    _check_figure_name(name)
    data_bytes = _figure_data_csv(data) if data is not None else None
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or dpi < _MIN_DPI:
        raise ValueError(f"dpi must be a number >= {_MIN_DPI}, got {dpi!r}")
    out_dir = Path(figures_dir) if figures_dir is not None else config.FIGURES_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {fmt: out_dir / f"{name}.{fmt}" for fmt in ("png", "svg")}
    temporary: dict[str, Path] = {}
    try:
        with mpl.rc_context({"svg.hashsalt": _SVG_HASHSALT, "svg.fonttype": "path"}):
            for fmt in targets:
                fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=f".{fmt}.part",
                                                dir=out_dir)
                temporary[fmt] = Path(tmp_name)
                with os.fdopen(fd, "wb") as handle:
                    fig.savefig(handle, format=fmt, dpi=dpi, bbox_inches="tight",
                                metadata=_SAVE_METADATA[fmt])
        if data_bytes is not None:
            targets["csv"] = out_dir / f"{name}.csv"
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".csv.part", dir=out_dir)
            temporary["csv"] = Path(tmp_name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data_bytes)
        for fmt, target in targets.items():
            os.chmod(temporary[fmt], 0o644)  # mkstemp creates 0600 files
            os.replace(temporary.pop(fmt), target)
    finally:
        for leftover in temporary.values():
            leftover.unlink(missing_ok=True)
    return targets["png"], targets["svg"]
