"""Theme shares: a theme dictionary kept as data, and each theme's share of the content tokens.

The dictionary (``czlib/data/themes_zh.csv``) lists terms per theme; a content
token of the token table belongs to a theme when it *is* one of its terms, a
whole word, and does not lie inside the name of an organisation or place
(:func:`theme_hits`, :func:`flag_named_spans`).  :func:`theme_shares` reports
each theme's share of an article's or document's content tokens, also per
1,000 content tokens and per dictionary term, and :func:`term_contributions`
what each term adds to its theme.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from ... import config
from .keywords import check_tokens, content_tokens

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
    """token -> [(theme, term)] for tokens equal to a term (whole words: a term inside a word never counts)."""
    by_term = defaultdict(list)
    for theme, term in zip(dictionary["theme"], dictionary["term"]):
        if theme not in [t for t, _ in by_term[term]]:
            by_term[term].append((theme, term))
    return {token: by_term[token] for token in unique_tokens if token in by_term}


#: Actor kinds whose names hide theme words: a term inside an organisation's or a place's name is a name.
NAME_KINDS = ("org", "place")


def flag_named_spans(tokens: pd.DataFrame, actors: pd.DataFrame, kinds=NAME_KINDS) -> pd.DataFrame:
    """Return the token table with ``in_name``: the token lies inside a longer named organisation or place.

    ``actors`` is the actors table (article_id, kind, start, end).  A token
    counts as inside a name when it lies within the span of an actor mention
    of ``kinds`` that is longer than the token: 研究院 inside 北京市科学技术研究院,
    政府 inside 长治市人民政府.  A token that is the whole name (北京 the place,
    省委 the party committee) is not flagged: it is the word itself.
    :func:`theme_hits` skips flagged tokens.
    """
    missing = [c for c in ("article_id", "kind", "start", "end") if c not in actors.columns]
    if missing:
        raise ValueError(f"flag_named_spans: the actors table lacks column(s) {missing}")
    for col in ("article_id", "start", "end"):
        if col not in tokens.columns:
            raise ValueError(f"flag_named_spans: the token table lacks column {col!r}")
    names = actors[actors["kind"].isin(kinds)]
    flag = np.zeros(len(tokens), dtype=bool)
    starts = tokens["start"].to_numpy(np.int64)
    ends = tokens["end"].to_numpy(np.int64)
    rows = pd.Series(np.arange(len(tokens))).groupby(tokens["article_id"].astype(str).to_numpy(), sort=False)
    spans = {a: (g["start"].to_numpy(np.int64), g["end"].to_numpy(np.int64))
             for a, g in names.groupby(names["article_id"].astype(str), sort=False)}
    for article_id, index in rows.indices.items():
        if article_id not in spans:
            continue
        s, e = spans[article_id]
        ts, te = starts[index][:, None], ends[index][:, None]
        inside = (s[None, :] <= ts) & (te <= e[None, :]) & ((e - s)[None, :] > (te - ts))
        flag[index] = inside.any(axis=1)
    return tokens.assign(in_name=flag)


def theme_hits(tokens: pd.DataFrame, dictionary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per (content token, theme) match.

    Columns: doc_id, article_id, sentence, token, start, end, theme, term.
    Whole words only: a content token matches a theme when it *is* one of
    the theme's terms (科技创新 is its own term; 科技 inside 市科技局 does not
    count).  When the token table carries ``in_name``
    (:func:`flag_named_spans`), tokens inside the name of an organisation or
    place are skipped.  A token counts once per theme.
    """
    dictionary = load_theme_dictionary() if dictionary is None else dictionary
    content = content_tokens(tokens)
    if "in_name" in content.columns:
        content = content[~content["in_name"].astype(bool)]
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
                 dictionary: pd.DataFrame | None = None, *, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return each theme's share of the content tokens of each unit, and its rate normalised for its size.

    share = (content tokens matching the theme) / (content tokens of the
    unit); shares of different themes do not add up to 1 (a token can match
    several themes, most match none).  Themes have 5 to 20 terms, so a theme
    with more terms finds more: ``per_1000`` is the theme's hits per 1,000
    content tokens and ``per_1000_per_term`` that rate divided by the number
    of terms the theme has in the dictionary (``n_terms``).  Columns: doc_id
    (and article_id when ``by="article_id"``), theme, theme_en, hits,
    n_content, share, n_terms, per_1000, per_1000_per_term; one row per unit
    and theme, zeros included, units in table order and themes in dictionary order.

    ``by`` may also be a document variable (year, month, period, outlet,
    kind: :mod:`czlib.analysis.docvars`), taken from the token table when it
    has that column, else from ``articles`` (default: the articles table of
    the tables folder); then the unit column is ``by``, groups sorted by value
    and tokens of articles without a value left out.  The theme dictionary is
    one dictionary of :func:`czlib.analysis.stats.lookup.lookup` (``lookup(dfm,
    THEMES_FILE)`` counts the same whole-word hits, without the name filter).
    """
    dictionary = load_theme_dictionary() if dictionary is None else dictionary
    if by in ("article_id", "doc_id"):
        check_tokens(tokens, by)
        keys = ["doc_id", "article_id"] if by == "article_id" else ["doc_id"]
        units = tokens[keys].drop_duplicates().reset_index(drop=True)
    else:
        tokens = _with_group(tokens, by, articles)
        keys = [by]
        tokens = tokens[tokens[by].notna()]
        units = tokens[keys].drop_duplicates().sort_values(by).reset_index(drop=True)
    n_content = content_tokens(tokens).groupby(keys, sort=False).size().rename("n_content")
    hits = theme_hits(tokens, dictionary)
    if by not in ("article_id", "doc_id"):
        group_of = tokens.drop_duplicates("article_id").set_index("article_id")[by]
        hits = hits.assign(**{by: hits["article_id"].map(group_of).to_numpy()})
    hit_counts = hits.groupby([*keys, "theme"], sort=False).size().rename("hits")
    themes = dictionary[["theme", "theme_en"]].drop_duplicates("theme")
    n_terms = dictionary.groupby("theme", sort=False)["term"].nunique().rename("n_terms")
    grid = units.merge(themes, how="cross")
    grid = grid.merge(hit_counts.reset_index(), on=[*keys, "theme"], how="left")
    grid = grid.merge(n_content.reset_index(), on=keys, how="left")
    grid["hits"] = grid["hits"].fillna(0).astype(int)
    grid["n_content"] = grid["n_content"].fillna(0).astype(int)
    grid["share"] = np.where(grid["n_content"] > 0, grid["hits"] / grid["n_content"].clip(lower=1),
                             0.0)
    grid["n_terms"] = grid["theme"].map(n_terms).astype(int)
    grid["per_1000"] = grid["share"] * 1000
    grid["per_1000_per_term"] = grid["per_1000"] / grid["n_terms"]
    return grid[[*keys, "theme", "theme_en", "hits", "n_content", "share", "n_terms", "per_1000",
                 "per_1000_per_term"]]


def _with_group(tokens: pd.DataFrame, by: str, articles: pd.DataFrame | None) -> pd.DataFrame:
    """The token table with column ``by``: its own, or the document variable joined from the articles."""
    from .dfm import tables_articles
    from ..docvars import DOCVARS, with_docvars

    check_tokens(tokens)
    if by in tokens.columns:
        return tokens
    if by not in DOCVARS:
        raise ValueError(f"theme_shares: by must be article_id, doc_id or a document variable "
                         f"({', '.join(DOCVARS)}), got {by!r}")
    source = articles if articles is not None else tables_articles(tokens["doc_id"].astype(str).unique())
    if source is None:
        raise ValueError(f"theme_shares: by={by!r} needs the articles (pass articles=, or read the tokens "
                         f"with czlib.read_table('tokens', with_docvars=True))")
    return with_docvars(tokens, source)


def term_contributions(tokens: pd.DataFrame, dictionary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return what each dictionary term contributes to its theme over the token table.

    Columns: theme, theme_en, term, term_en, hits (whole-word matches),
    share_of_theme (hits / the theme's hits), per_1000 (hits per 1,000
    content tokens), n_articles (articles it occurs in).  Every term of the
    dictionary is listed, zeros included, so a theme carried by one word
    shows as such; rows by theme (dictionary order), hits descending, term.
    """
    dictionary = load_theme_dictionary() if dictionary is None else dictionary
    n_content = int(content_tokens(tokens).shape[0])
    hits = theme_hits(tokens, dictionary)
    counts = hits.groupby(["theme", "term"]).agg(hits=("token", "size"), n_articles=("article_id", "nunique"))
    table = dictionary.merge(counts.reset_index(), on=["theme", "term"], how="left")
    table[["hits", "n_articles"]] = table[["hits", "n_articles"]].fillna(0).astype(int)
    theme_total = table.groupby("theme")["hits"].transform("sum")
    table["share_of_theme"] = np.where(theme_total > 0, table["hits"] / theme_total.clip(lower=1), 0.0)
    table["per_1000"] = table["hits"] * 1000 / max(n_content, 1)
    order = {t: i for i, t in enumerate(dict.fromkeys(dictionary["theme"]))}
    table = table.assign(_theme=table["theme"].map(order)).sort_values(
        ["_theme", "hits", "term"], ascending=[True, False, True], kind="mergesort")
    return table[["theme", "theme_en", "term", "term_en", "hits", "share_of_theme", "per_1000",
                  "n_articles"]].reset_index(drop=True)
