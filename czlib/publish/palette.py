"""One colour per value of a variable, the same in every notebook and every figure.

Why this module exists: a reader who has learnt that orange is "per-mu rate"
or "person" in one chart must not find orange meaning a document in the
next.  So every categorical colour in the notebooks comes from
:func:`colour_for` (variable, value), never from a position in a colour
cycle, and the mapping is fixed by rules written down here:

* **Closed vocabularies** (:data:`VOCABULARIES`: article kind, qualifier,
  role type, actor kind, voice, formula kind, money scope) map value *i* of
  the list to colour *i* of :data:`PALETTE`.  New values are appended to a
  list, so adding one shifts no other.  Themes take the order of the theme
  dictionary file (``czlib/data/themes_zh.csv``).
* **Neutral values** (:data:`NEUTRAL_VALUES`: "unknown", "named only",
  "other") are grey everywhere.
* **Open variables** (documents, comparison units) have no list known in
  advance: pass ``levels`` -- the full list of the variable's values, the
  same in every notebook (e.g. ``units.order`` from
  :func:`czlib.analysis.stats.comparisons.comparison_units`) -- and value *i* of the
  levels gets colour *i*.  Without ``levels``, or for a value outside both
  the vocabulary and the levels, the colour is chosen by a hash of the value
  (SHA-256), stable across runs and machines but possibly shared with another
  value.

The first six colours are Okabe & Ito's colour-blind safe set; the next four
come from Paul Tol's "muted" scheme, then Okabe & Ito's yellow (weak on
white), Tol's brown and black.  With more than six values in one chart,
colour alone does not separate them for every reader: label the marks.

Every call is recorded (:func:`used_colours`, :func:`take_used`) so that
:func:`czlib.publish.figures.show_figure` can store the colours a figure
used in the executed notebook, and a test can check that no value ever got
two colours across notebooks.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence

__all__ = ["NEUTRAL", "NEUTRAL_VALUES", "OKABE_ITO", "PALETTE", "SINGLE", "VOCABULARIES", "colour_for",
           "colour_map", "take_used", "used_colours"]

#: Okabe & Ito (2008) colour-blind safe colours, in cycle order.  Yellow and
#: black come last: yellow is weak on white, black reads as "axis".
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#E69F00",  # orange
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Tol's muted wine, teal, olive and indigo, and his brown.
_TOL = ("#882255", "#44AA99", "#999933", "#332288", "#661100")
#: Okabe & Ito without yellow and black, then Tol's muted colours, then yellow, Tol's brown and black.
PALETTE = OKABE_ITO[:6] + _TOL[:4] + (OKABE_ITO[6], _TOL[4], OKABE_ITO[7])
#: Grey for values that carry no category ("unknown", "named only", bars below a threshold).
NEUTRAL = "#BBBBBB"
#: The colour of a chart with one series, which encodes no variable at all.
SINGLE = "#4D6A8A"

#: Closed vocabularies, in colour order.  Append new values at the end.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "article kind": ("news", "feature", "interview", "commentary", "editor_note", "photo_caption",
                     "banner", "notice"),
    "qualifier": ("exact", "more_than", "approx", "less_than", "range", "at_least", "at_most"),
    "role type": ("official", "academic_expert", "entrepreneur_manager", "worker_farmer", "graduate",
                  "journalist", "correspondent", "pseudonym"),
    "actor kind": ("org", "person", "place"),
    "voice": ("quoted directly", "paraphrased only", "interview statement", "invoked authority", "named only",
              "quoted"),
    "formula kind": ("numbered", "plus"),
    "money scope": ("total", "per-unit rate"),
    "organisation count": ("mentions", "distinct organisations"),
}
#: Values drawn grey in every variable.
NEUTRAL_VALUES = frozenset({"unknown", "named only", "other", ""})

_USED: dict[tuple[str, str], str] = {}
_PENDING: list[tuple[str, str, str]] = []


@functools.lru_cache(maxsize=1)
def _theme_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Theme names (English, and the Chinese-file keys) in the order of the theme dictionary file."""
    from ..analysis.stats.themes import load_theme_dictionary

    table = load_theme_dictionary()
    return tuple(dict.fromkeys(table["theme_en"])), tuple(dict.fromkeys(table["theme"]))


def _hashed(variable: str, value: str) -> str:
    digest = hashlib.sha256(f"{variable}\0{value}".encode("utf-8")).digest()
    return PALETTE[int.from_bytes(digest[:4], "big") % len(PALETTE)]


def _vocabulary(variable: str) -> tuple[Sequence[str], Sequence[str]]:
    if variable == "theme":
        return _theme_vocabulary()
    return VOCABULARIES.get(variable, ()), ()


def colour_for(variable: str, value, levels: Sequence | None = None) -> str:
    """Return the hex colour of ``value`` of ``variable`` (see the module docstring for the rules).

    ``levels`` is the full, ordered list of an open variable's values (the
    same list in every notebook); it is ignored for closed vocabularies.
    """
    if not isinstance(variable, str) or not variable:
        raise ValueError(f"colour_for needs a variable name, got {variable!r}")
    value = str(value)
    if value in NEUTRAL_VALUES:
        colour = NEUTRAL
    else:
        primary, secondary = _vocabulary(variable)
        if value in primary:
            colour = PALETTE[list(primary).index(value) % len(PALETTE)]
        elif value in secondary:
            colour = PALETTE[list(secondary).index(value) % len(PALETTE)]
        elif levels is not None and value in [str(v) for v in levels]:
            colour = PALETTE[[str(v) for v in levels].index(value) % len(PALETTE)]
        else:
            colour = _hashed(variable, value)
    key = (variable, value)
    if _USED.setdefault(key, colour) != colour:
        raise ValueError(f"{variable} {value!r} was drawn in {_USED[key]} before and would be {colour} now: "
                         f"pass the same levels for {variable!r} in every call")
    _PENDING.append((variable, value, colour))
    return colour


def colour_map(variable: str, values: Iterable, levels: Sequence | None = None) -> dict[str, str]:
    """Return {value: colour} for ``values`` (as strings), by :func:`colour_for`."""
    return {str(v): colour_for(variable, v, levels) for v in values}


def used_colours() -> list[tuple[str, str, str]]:
    """(variable, value, colour) of every value coloured in this process, sorted."""
    return sorted((variable, value, colour) for (variable, value), colour in _USED.items())


def take_used() -> list[list[str]]:
    """Return and forget the [variable, value, colour] triples coloured since the last call (sorted, unique)."""
    pending = sorted({tuple(p) for p in _PENDING})
    _PENDING.clear()
    return [list(p) for p in pending]
