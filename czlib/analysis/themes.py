"""Theme shares: a theme dictionary kept as data, and each theme's share of the content tokens.

The dictionary (``czlib/data/themes_zh.csv``) lists terms per theme; a content
token of the token table belongs to a theme when it equals one of its terms
(:func:`theme_hits`), and :func:`theme_shares` reports each theme's share of
an article's or document's content tokens.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from .keywords import _check_tokens, content_tokens

THEMES_FILE = config.PACKAGE_DATA / "themes_zh.csv"

# -- theme dictionary ----------------------------------------------------------------------


def load_theme_dictionary(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the theme dictionary: columns theme, theme_en, term, term_en (file order).

    Default file: ``czlib/data/themes_zh.csv`` (comment lines start with #).
    Terms shorter than two characters are rejected: they would match inside
    too many words.
    """
    path = Path(path) if path is not None else THEMES_FILE
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    missing = [c for c in ("theme", "theme_en", "term") if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: theme dictionary lacks column(s) {missing}")
    if "term_en" not in table.columns:
        table["term_en"] = ""
    table["term"] = table["term"].str.strip()
    short = table.loc[table["term"].str.len() < 2, "term"].tolist()
    if short:
        raise ValueError(f"{path}: theme terms need at least two characters, got {short}")
    labels = table.groupby("theme", sort=False)["theme_en"].nunique()
    if (labels > 1).any():
        raise ValueError(f"{path}: themes with more than one English label: "
                         f"{labels[labels > 1].index.tolist()}")
    return table[["theme", "theme_en", "term", "term_en"]].reset_index(drop=True)


def _token_themes(unique_tokens, dictionary: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """token -> [(theme, first matching term)] for tokens equal to or containing a term."""
    terms_by_theme = defaultdict(list)
    for theme, term in zip(dictionary["theme"], dictionary["term"]):
        terms_by_theme[theme].append(term)
    out = {}
    for token in unique_tokens:
        matches = []
        for theme, terms in terms_by_theme.items():
            for term in terms:
                if term in token:
                    matches.append((theme, term))
                    break
        if matches:
            out[token] = matches
    return out


def theme_hits(tokens: pd.DataFrame, dictionary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per (content token, theme) match.

    Columns: doc_id, article_id, sentence, token, start, end, theme, term (the
    dictionary term found in the token).  A token matches a theme when it
    equals or contains one of its terms; it counts once per theme.
    """
    dictionary = load_theme_dictionary() if dictionary is None else dictionary
    content = content_tokens(tokens)
    cols = [c for c in ("doc_id", "article_id", "sentence", "token", "start", "end")
            if c in content.columns]
    lookup = _token_themes(content["token"].unique(), dictionary)
    matches = pd.DataFrame([(token, theme, term) for token, found in lookup.items()
                            for theme, term in found], columns=["token", "theme", "term"])
    theme_order = {t: i for i, t in enumerate(dict.fromkeys(dictionary["theme"]))}
    matches["_theme"] = matches["theme"].map(theme_order)
    left = content[cols].assign(_row=np.arange(len(content)))
    hits = left.merge(matches, on="token", how="inner")
    hits = hits.sort_values(["_row", "_theme"], kind="mergesort")
    return hits[[*cols, "theme", "term"]].reset_index(drop=True)


def theme_shares(tokens: pd.DataFrame, by: str = "article_id",
                 dictionary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each theme's share of the content tokens of each unit.

    share = (content tokens matching the theme) / (content tokens of the
    unit); shares of different themes do not add up to 1 (a token can match
    several themes, most match none).  Columns: doc_id (and article_id when
    ``by="article_id"``), theme, theme_en, hits, n_content, share; one row
    per unit and theme, zeros included, units in table order and themes in
    dictionary order.
    """
    if by not in ("article_id", "doc_id"):
        raise ValueError(f"theme_shares: by must be 'article_id' or 'doc_id', got {by!r}")
    _check_tokens(tokens, by)
    dictionary = load_theme_dictionary() if dictionary is None else dictionary
    keys = ["doc_id", "article_id"] if by == "article_id" else ["doc_id"]
    units = tokens[keys].drop_duplicates().reset_index(drop=True)
    n_content = content_tokens(tokens).groupby(keys, sort=False).size().rename("n_content")
    hits = theme_hits(tokens, dictionary)
    hit_counts = hits.groupby([*keys, "theme"], sort=False).size().rename("hits")
    themes = dictionary[["theme", "theme_en"]].drop_duplicates("theme")
    grid = units.merge(themes, how="cross")
    grid = grid.merge(hit_counts.reset_index(), on=[*keys, "theme"], how="left")
    grid = grid.merge(n_content.reset_index(), on=keys, how="left")
    grid["hits"] = grid["hits"].fillna(0).astype(int)
    grid["n_content"] = grid["n_content"].fillna(0).astype(int)
    grid["share"] = np.where(grid["n_content"] > 0, grid["hits"] / grid["n_content"].clip(lower=1),
                             0.0)
    return grid[[*keys, "theme", "theme_en", "hits", "n_content", "share"]]


