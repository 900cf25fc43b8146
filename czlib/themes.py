"""Themes of the coverage: keywords, distinctive words, theme shares, formulas, word clouds.

Why this module exists: the first research question is which themes
dominate the coverage and how they shift between documents.  Every function
here works on czlib's token table (:func:`czlib.segment.token_table`) and uses
only its ``content`` tokens (stopwords, numbers, punctuation and single
characters removed by :func:`czlib.stopwords.is_content_token`), except
:func:`find_formulas`, which reads the article texts because formulas contain
numerals and plus signs.

Methods:

* keywords: TF-IDF against the corpus (:func:`tfidf_keywords`) and TextRank
  (:func:`textrank_keywords`);
* distinctive vocabulary of one unit against the rest: weighted log-odds
  ratio with an informative Dirichlet prior, with z-scores (Monroe, Colaresi
  & Quinn 2008, "Fightin' Words", Political Analysis 16(4), section 3.5;
  :func:`log_odds_dirichlet`, :func:`distinctive_words`);
* a theme dictionary kept as data (``czlib/data/themes_zh.csv``) and each
  theme's share of the content tokens of an article or document
  (:func:`theme_shares`, :func:`plot_theme_heatmap`);
* political-discourse formulas found by pattern (numbered slogans such as
  四梁八柱, plus-formulas such as 人才+项目), with their sentences
  (:func:`find_formulas`, :func:`formula_counts`);
* a deterministic word cloud from czlib's own token counts, in the CJK font of
  :mod:`czlib.style` (:func:`word_cloud`).
"""
from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from . import config
from .segment import split_sentences, tokenize

__all__ = [
    "THEMES_FILE",
    "FORMULAS_FILE",
    "GLOSSARY_FILE",
    "content_tokens",
    "token_counts",
    "tfidf_keywords",
    "pagerank",
    "textrank_keywords",
    "log_odds_dirichlet",
    "distinctive_words",
    "load_theme_dictionary",
    "theme_hits",
    "theme_shares",
    "plot_theme_heatmap",
    "load_formula_lexicon",
    "FORMULA_FIELDS",
    "find_formulas",
    "formula_counts",
    "load_glossary",
    "add_gloss",
    "gloss_label",
    "plot_keyword_bars",
    "plot_word_clouds",
    "word_cloud",
]

THEMES_FILE = config.PACKAGE_DATA / "themes_zh.csv"
FORMULAS_FILE = config.PACKAGE_DATA / "formulas_zh.csv"
GLOSSARY_FILE = config.PACKAGE_DATA / "glossary_zh_en.csv"

_TOKEN_COLUMNS = ("doc_id", "article_id", "token", "content")


def _check_tokens(tokens: pd.DataFrame, by: str | None = None) -> None:
    missing = [c for c in _TOKEN_COLUMNS if c not in tokens.columns]
    if by is not None and by not in tokens.columns and by not in missing:
        missing.append(by)
    if missing:
        raise ValueError(f"expected a czlib token table (czlib.segment.token_table); "
                         f"missing column(s) {missing}")


def content_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the token table whose ``content`` flag is set."""
    _check_tokens(tokens)
    return tokens[tokens["content"].astype(bool)]


def _units(tokens: pd.DataFrame, by: str) -> list[str]:
    """Units of analysis in order of first appearance in the token table."""
    return list(dict.fromkeys(tokens[by].tolist()))


def token_counts(tokens: pd.DataFrame, by: str = "doc_id") -> pd.DataFrame:
    """Return content-token counts per unit: columns ``by``, token, count.

    Rows are sorted by unit (order of appearance), count descending, token.
    """
    _check_tokens(tokens, by)
    content = content_tokens(tokens)
    order = {u: i for i, u in enumerate(_units(tokens, by))}
    counts = (content.groupby([by, "token"], sort=False).size().rename("count").reset_index())
    counts["_unit"] = counts[by].map(order)
    counts = counts.sort_values(["_unit", "count", "token"], ascending=[True, False, True],
                                kind="mergesort")
    return counts.drop(columns="_unit").reset_index(drop=True)


# -- keywords ------------------------------------------------------------------------


def tfidf_keywords(tokens: pd.DataFrame, by: str = "doc_id", top_n: int | None = 30) -> pd.DataFrame:
    """Return the top TF-IDF keywords of each unit against the corpus.

    tf is the token's share of the unit's content tokens; idf is the smoothed
    ``ln((1 + N) / (1 + df)) + 1`` over the N units of ``by`` (scikit-learn's
    default), so a word found in every unit keeps weight tf.  Columns:
    ``by``, rank (1 = best), token, count, tf, df, idf, tfidf; ties are broken
    by token.
    """
    counts = token_counts(tokens, by)
    if counts.empty:
        return pd.DataFrame(columns=[by, "rank", "token", "count", "tf", "df", "idf", "tfidf"])
    n_units = tokens[by].nunique()
    totals = counts.groupby(by, sort=False)["count"].transform("sum")
    df = counts.groupby("token")[by].transform("nunique")
    counts["tf"] = counts["count"] / totals
    counts["df"] = df.astype(int)
    counts["idf"] = np.log((1 + n_units) / (1 + counts["df"])) + 1.0
    counts["tfidf"] = counts["tf"] * counts["idf"]
    return _rank(counts, by, "tfidf", top_n)[[by, "rank", "token", "count", "tf", "df", "idf",
                                              "tfidf"]]


def _rank(frame: pd.DataFrame, by: str, score: str, top_n: int | None) -> pd.DataFrame:
    order = {u: i for i, u in enumerate(dict.fromkeys(frame[by].tolist()))}
    frame = frame.assign(_unit=frame[by].map(order))
    frame = frame.sort_values(["_unit", score, "token"], ascending=[True, False, True],
                              kind="mergesort")
    frame["rank"] = frame.groupby(by, sort=False).cumcount() + 1
    if top_n is not None:
        frame = frame[frame["rank"] <= top_n]
    return frame.drop(columns="_unit").reset_index(drop=True)


def pagerank(nodes: list[str], edges: Mapping[tuple[str, str], float], damping: float = 0.85,
             tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank on an undirected graph by power iteration; return node -> score.

    ``edges`` maps (a, b) pairs to weights (each pair once; the graph is
    undirected).  A node without edges spreads its score over all nodes.
    Scores sum to 1.  Works on edge lists (memory grows with the edges, not
    with nodes squared) and is deterministic for a given node order.
    """
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[a], index[b], float(w)) for (a, b), w in edges.items()]
    src = np.array([i for i, j, _ in pairs] + [j for i, j, _ in pairs], dtype=np.int64)
    dst = np.array([j for i, j, _ in pairs] + [i for i, j, _ in pairs], dtype=np.int64)
    weight = np.array([w for _, _, w in pairs] * 2, dtype=float)
    out = np.bincount(src, weights=weight, minlength=n)
    dangling = out == 0
    share = weight / np.where(out[src] > 0, out[src], 1.0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=share * rank[src], minlength=n)
        new = (1 - damping) / n + damping * (flow + rank[dangling].sum() / n)
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return dict(zip(nodes, rank / rank.sum()))


def textrank_keywords(tokens: pd.DataFrame, by: str = "doc_id", top_n: int | None = 30,
                      window: int = 5, damping: float = 0.85,
                      allow_pos: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Return the top TextRank keywords of each unit (Mihalcea & Tarau 2004).

    The graph links two content tokens that occur within ``window`` tokens of
    each other in the same sentence (as jieba's TextRank, but on czlib's
    tokens and never across sentences); edge weights count co-occurrences and
    the score is weighted PageRank with ``damping`` (:func:`pagerank`).
    ``allow_pos`` restricts nodes to POS tags with these prefixes (e.g.
    ``("n", "v")``); default: every content token.  Columns: ``by``, rank,
    token, count, score.
    """
    _check_tokens(tokens, by)
    for col in ("sentence", "start", "pos"):
        if col not in tokens.columns:
            raise ValueError(f"textrank_keywords needs the token table's {col!r} column")
    rows = []
    for unit, frame in tokens.groupby(by, sort=False):
        edges: Counter = Counter()
        counts: Counter = Counter()
        for _, art in frame.groupby("article_id", sort=False):
            art = art.sort_values("start", kind="mergesort")
            words = art["token"].tolist()
            keep = art["content"].to_numpy(bool)
            if allow_pos is not None:
                keep = keep & art["pos"].str.startswith(tuple(allow_pos)).to_numpy(bool)
            sentences = art["sentence"].to_numpy()
            n = len(words)
            for i in range(n):
                if not keep[i]:
                    continue
                counts[words[i]] += 1
                for j in range(i + 1, min(i + window, n)):
                    if sentences[j] != sentences[i]:
                        break
                    if keep[j] and words[j] != words[i]:
                        edges[tuple(sorted((words[i], words[j])))] += 1
        scores = pagerank(sorted(counts), edges, damping=damping)
        for word, score in scores.items():
            rows.append({by: unit, "token": word, "count": counts[word], "score": score})
    result = pd.DataFrame(rows, columns=[by, "token", "count", "score"])
    if result.empty:
        return result.assign(rank=pd.Series(dtype=int))[[by, "rank", "token", "count", "score"]]
    return _rank(result, by, "score", top_n)[[by, "rank", "token", "count", "score"]]


# -- distinctive vocabulary ------------------------------------------------------------


def log_odds_dirichlet(counts_a: Mapping[str, float], counts_b: Mapping[str, float],
                       prior: Mapping[str, float]) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008).

    For each word w with counts y_a, y_b (totals n_a, n_b) and prior
    pseudo-count alpha_w (alpha_0 = sum of the prior)::

        delta_w = log((y_a + a_w) / (n_a + a_0 - y_a - a_w))
                - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))
        var_w  ~= 1 / (y_a + a_w) + 1 / (y_b + a_w)
        z_w     = delta_w / sqrt(var_w)

    ``prior`` must give a positive pseudo-count to every word of either group.
    Returns a DataFrame indexed by word (sorted by z descending, then word)
    with columns count_a, count_b, prior, delta, se, z; z > 1.96 marks words
    used distinctively more by group a, z < -1.96 by group b.
    """
    a = pd.Series(counts_a, dtype=float)
    b = pd.Series(counts_b, dtype=float)
    alpha = pd.Series(prior, dtype=float)
    if (a < 0).any() or (b < 0).any():
        raise ValueError("log_odds_dirichlet: counts must be non-negative")
    vocab = sorted(set(a.index) | set(b.index))
    missing = [w for w in vocab if w not in alpha.index]
    if missing:
        raise ValueError(f"log_odds_dirichlet: the prior lacks {len(missing)} word(s), "
                         f"e.g. {missing[:5]}")
    if (alpha <= 0).any():
        bad = alpha[alpha <= 0].index[:5].tolist()
        raise ValueError(f"log_odds_dirichlet: prior pseudo-counts must be positive, e.g. {bad}")
    a = a.reindex(vocab, fill_value=0.0)
    b = b.reindex(vocab, fill_value=0.0)
    alpha_0 = float(alpha.sum())
    alpha = alpha.reindex(vocab)
    n_a, n_b = float(a.sum()), float(b.sum())
    delta = (np.log((a + alpha) / (n_a + alpha_0 - a - alpha))
             - np.log((b + alpha) / (n_b + alpha_0 - b - alpha)))
    var = 1.0 / (a + alpha) + 1.0 / (b + alpha)
    result = pd.DataFrame({"count_a": a, "count_b": b, "prior": alpha, "delta": delta,
                           "se": np.sqrt(var)})
    result["z"] = result["delta"] / result["se"]
    result.index.name = "token"
    result = result.reset_index().sort_values(["z", "token"], ascending=[False, True],
                                              kind="mergesort")
    return result.set_index("token")


def distinctive_words(tokens: pd.DataFrame, by: str = "doc_id", top_n: int | None = 30,
                      prior_strength: float | None = None) -> pd.DataFrame:
    """Return each unit's most distinctive content words against the rest of the corpus.

    Runs :func:`log_odds_dirichlet` for every unit of ``by`` (the unit vs all
    other units) with the corpus counts as informative prior: alpha_w is the
    word's corpus count, rescaled so that alpha_0 = ``prior_strength`` when
    given.  Columns: ``by``, rank, token, count (in the unit), count_rest,
    delta, se, z; words with the largest z first (use ``top_n=None`` for all,
    including the words a unit avoids, with negative z).
    """
    counts = token_counts(tokens, by)
    columns = [by, "rank", "token", "count", "count_rest", "delta", "se", "z"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    corpus = counts.groupby("token")["count"].sum()
    prior = corpus.astype(float)
    if prior_strength is not None:
        if prior_strength <= 0:
            raise ValueError("prior_strength must be positive")
        prior = prior * (prior_strength / prior.sum())
    frames = []
    for unit in _units(counts, by):
        own = counts.loc[counts[by] == unit].set_index("token")["count"]
        rest = corpus.sub(own, fill_value=0)
        result = log_odds_dirichlet(own, rest, prior).reset_index()
        result = result.rename(columns={"count_a": "count", "count_b": "count_rest"})
        result[by] = unit
        frames.append(result)
    result = pd.concat(frames, ignore_index=True)
    result["count"] = result["count"].astype(int)
    result["count_rest"] = result["count_rest"].astype(int)
    return _rank(result, by, "z", top_n)[columns]


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


# -- formulas ----------------------------------------------------------------------

_NUM = "一二两三四五六七八九十百千万双"
_CJK = "\u4e00-\u9fff"
_NONNUM_CJK = f"(?:(?![{_NUM}])[{_CJK}])"
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『", "”」』"
_FORMULA_PATTERNS = {
    # a short quoted expression with a numeral: “四梁八柱”, “12大基地”, “十五五”, “一站式”
    "quoted_numeral": re.compile(f"[{_OPEN_QUOTES}]([^{_OPEN_QUOTES}{_CLOSE_QUOTES}\\n。!?;,、]{{2,12}})"
                                 f"[{_CLOSE_QUOTES}]"),
    # the same numeral repeated before short items: 两区两城两高地, 双联双引, 一城一校
    "parallel_numeral": re.compile(f"(?P<n>[一二两三四五六七八九十双]){_NONNUM_CJK}{{1,3}}"
                                   f"(?:(?P=n){_NONNUM_CJK}{{1,3}})+"),
    # two different numerals each with one character: 四梁八柱, 一亩双收
    "numeral_pair": re.compile(f"(?<![{_NUM}第0-9])(?=([{_NUM}]{_NONNUM_CJK}[{_NUM}]{_NONNUM_CJK}))"),
    # five-year plans: 十四五, 十五五
    "five_year_plan": re.compile("(?<![第0-9])十[一二三四五六七八九]五(?:规划)?"),
    # "N big X": 12大基地, 三大战略性新兴产业, 五大产业集群 (not 一大批, a quantifier)
    "numeral_da": re.compile(f"(?<![{_NUM}0-9])(?:[0-9]+|[两三四五六七八九十]+)大(?=[{_CJK}])"),
    # "X is the first Y": 第一资源, 第一动力, 第一要务
    "ordinal_first": re.compile(f"[是的为](第一)(?=[{_CJK}])"),
}
_RE_PLUS = re.compile(f"[A-Za-z0-9{_CJK}]+(?:\\s*\\+\\s*[A-Za-z0-9{_CJK}]+)+")
_RE_HAS_NUMERAL = re.compile(f"[0-9{_NUM}]")
_RE_REPETITION = re.compile("(.+)[又再复](.+)")  # 一代又一代, 一次又一次: repetition, not a slogan


def load_formula_lexicon(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the formula lexicon (formula, kind, gloss_en) from ``czlib/data/formulas_zh.csv``."""
    path = Path(path) if path is not None else FORMULAS_FILE
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    missing = [c for c in ("formula", "kind", "gloss_en") if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: formula lexicon lacks column(s) {missing}")
    bad = sorted(set(table["kind"]) - {"numbered", "plus"})
    if bad:
        raise ValueError(f"{path}: unknown formula kind(s) {bad} (use numbered or plus)")
    return table[["formula", "kind", "gloss_en"]]


def _token_at(tokens, offset: int):
    for t in tokens:
        if t.start <= offset < t.end:
            return t
    return None


def _formula_candidates(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, pattern) spans of formulas found by pattern in ``text``."""
    toks = tokenize(text)
    starts = sorted(t.start for t in toks)
    ends = sorted(t.end for t in toks)
    found = []

    def first_end_after(offset: int) -> int:
        i = np.searchsorted(ends, offset, side="right")
        return int(ends[i]) if i < len(ends) else len(text)

    def last_start_before(offset: int) -> int:
        i = np.searchsorted(starts, offset, side="left") - 1
        return int(starts[i]) if i >= 0 else 0

    # plus-formulas
    for m in _RE_PLUS.finditer(text):
        a, b = m.start(), m.end()
        items = [s.strip() for s in m.group().split("+")]
        if all(item.isdigit() for item in items):
            continue  # arithmetic (1+1), not a formula
        quoted = a > 0 and text[a - 1] in _OPEN_QUOTES and b < len(text) and text[b] in _CLOSE_QUOTES
        if not quoted:
            # trim the outer items to one token each: 推行公司+农户模式 -> 公司+农户
            first_plus = text.index("+", a)
            last_plus = text.rindex("+", a, b)
            a = max(a, last_start_before(first_plus))
            b = min(b, first_end_after(last_plus + 1))
        found.append((a, b, "plus", "plus"))
    # numbered slogans
    for m in _FORMULA_PATTERNS["quoted_numeral"].finditer(text):
        inner = m.group(1)
        # the expression must open with the numeral: “七一勋章”, “60后”, “第一资源”,
        # not “小小八路讲解员培训” (八路, the Eighth Route Army)
        if not _RE_HAS_NUMERAL.match(inner) and not inner.startswith("第") or inner.isdigit():
            continue
        if "+" in inner and not all(re.fullmatch(r"[0-9+<>=]+", item) for item in inner.split("+")):
            continue  # a quoted plus-formula, found above
        found.append((m.start(1), m.end(1), "numbered", "quoted_numeral"))
    for m in _FORMULA_PATTERNS["parallel_numeral"].finditer(text):
        # the last item ends at the first token boundary inside it
        last = text.rindex(m.group("n"), m.start(), m.end())
        b = min(m.end(), first_end_after(last + 1))
        rep = _RE_REPETITION.fullmatch(text[m.start():b])
        if rep and rep.group(1) == rep.group(2):
            continue
        found.append((m.start(), b, "numbered", "parallel_numeral"))
    for m in _FORMULA_PATTERNS["numeral_pair"].finditer(text):
        span = m.group(1)
        if span[0] != span[2]:
            found.append((m.start(), m.start() + 4, "numbered", "numeral_pair"))
    for m in _FORMULA_PATTERNS["five_year_plan"].finditer(text):
        found.append((m.start(), m.end(), "numbered", "five_year_plan"))
    for m in _FORMULA_PATTERNS["numeral_da"].finditer(text):
        # extend over the content-like tokens that follow, up to 8 characters
        b = m.end()
        tok = _token_at(toks, b)
        if tok is not None and tok.start < b:  # 12大基地 as one dictionary token
            b = tok.end
        else:
            while True:
                tok = _token_at(toks, b)
                if (tok is None or tok.pos in ("x", "uj", "ul", "p", "c", "u", "v", "m")
                        or tok.end - m.end() > 8):
                    break
                b = tok.end
        if b - m.end() >= 2:
            found.append((m.start(), b, "numbered", "numeral_da"))
    for m in _FORMULA_PATTERNS["ordinal_first"].finditer(text):
        tok = _token_at(toks, m.end())
        if tok is not None and tok.start == m.end() and tok.pos.startswith(("n", "vn")):
            found.append((m.start(1), tok.end, "numbered", "ordinal_first"))
    return found


def _merge_spans(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Union overlapping spans of the same kind; pattern names are joined with ','."""
    merged = []
    for kind in ("numbered", "plus"):
        group = sorted((a, b, p) for a, b, k, p in spans if k == kind)
        current = None
        for a, b, p in group:
            if current and a < current[1]:
                current[1] = max(current[1], b)
                current[2].add(p)
            else:
                if current:
                    merged.append((current[0], current[1], kind, ",".join(sorted(current[2]))))
                current = [a, b, {p}]
        if current:
            merged.append((current[0], current[1], kind, ",".join(sorted(current[2]))))
    return merged


#: Article fields scanned by find_formulas, in output order (headlines carry many slogans).
FORMULA_FIELDS = ("title", "kicker", "subtitle", "text")


def find_formulas(articles: pd.DataFrame, lexicon: pd.DataFrame | None = None,
                  use_lexicon: bool = True, fields: tuple[str, ...] = FORMULA_FIELDS) -> pd.DataFrame:
    """Return the political-discourse formulas of each article, found by pattern.

    Patterns (``found_by``): plus-formulas (人才+项目, 公司+合作社+农户; the outer
    items are trimmed to one token unless the formula is quoted; all-number
    sums like 1+1 are skipped) and numbered slogans: quoted_numeral (a short
    quoted expression that opens with a numeral, “12大基地”), parallel_numeral
    (两区两城两高地; not repetitions like 一代又一代), numeral_pair (四梁八柱),
    five_year_plan (十五五), numeral_da (五大产业集群), ordinal_first
    (人才是第一资源).  Overlapping matches of one kind are merged.  With
    ``use_lexicon`` the lexicon (``czlib/data/formulas_zh.csv``) adds glosses
    and the formulas no pattern sees (found_by "lexicon").

    ``fields`` are the article columns searched (those present): headlines
    as well as the body, because kickers and titles carry slogans; a headline
    that also appears in the body is searched once, in the body.

    Columns: doc_id, article_id, field, kind (numbered | plus), formula,
    found_by, gloss_en, start, end (offsets into that field), sentence (its
    index in the field, as in the token table for ``text``) and context (the
    sentence).  Rows in article order, then field order, then offset.
    """
    missing = [c for c in ("doc_id", "article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"find_formulas: the articles table lacks column(s) {missing}")
    if lexicon is None and use_lexicon:
        lexicon = load_formula_lexicon()
    glosses = dict(zip(lexicon["formula"], lexicon["gloss_en"])) if lexicon is not None else {}
    fields = [f for f in fields if f in articles.columns]
    rows = []
    for record in articles[["doc_id", "article_id", *fields]].itertuples(index=False):
        for field in fields:
            text = getattr(record, field)
            if field == "text" and not isinstance(text, str):
                raise ValueError(f"find_formulas: article {record.article_id} has no text")
            if not isinstance(text, str) or not text:
                continue
            if field != "text" and isinstance(record.text, str) and text in record.text:
                continue  # a headline repeated in the body (banners): count it once
            for row in _formulas_in(text, lexicon if use_lexicon else None, glosses):
                rows.append({"doc_id": record.doc_id, "article_id": record.article_id,
                             "field": field, **row})
    columns = ["doc_id", "article_id", "field", "kind", "formula", "found_by", "gloss_en",
               "start", "end", "sentence", "context"]
    return pd.DataFrame(rows, columns=columns)


def _formulas_in(text: str, lexicon: pd.DataFrame | None, glosses: Mapping[str, str]) -> list[dict]:
    spans = _merge_spans(_formula_candidates(text))
    if lexicon is not None:
        taken = [(a, b) for a, b, _, _ in spans]
        for formula, kind in zip(lexicon["formula"], lexicon["kind"]):
            start = text.find(formula)
            while start >= 0:
                end = start + len(formula)
                if not any(a < end and start < b for a, b in taken):
                    spans.append((start, end, kind, "lexicon"))
                    taken.append((start, end))
                start = text.find(formula, end)
    sentences = split_sentences(text)
    sentence_starts = [s for s, _ in sentences]
    rows = []
    for a, b, kind, found_by in sorted(spans):
        formula = re.sub(r"\s+", "", text[a:b])
        idx = max(int(np.searchsorted(sentence_starts, a, side="right")) - 1, 0)
        s, e = sentences[idx] if sentences else (0, len(text))
        rows.append({"kind": kind, "formula": formula, "found_by": found_by,
                     "gloss_en": glosses.get(formula, ""), "start": a, "end": b,
                     "sentence": idx, "context": text[s:e]})
    return rows


def formula_counts(formulas: pd.DataFrame) -> pd.DataFrame:
    """Return how often each formula occurs: formula, kind, gloss_en, count, n_docs, doc_ids.

    Sorted by count descending, then formula.
    """
    if formulas.empty:
        return pd.DataFrame(columns=["formula", "kind", "gloss_en", "count", "n_docs", "doc_ids"])
    grouped = formulas.groupby(["formula", "kind"], sort=False)
    result = grouped.agg(gloss_en=("gloss_en", "first"), count=("start", "size"),
                         n_docs=("doc_id", "nunique"),
                         doc_ids=("doc_id", lambda s: ";".join(sorted(set(s))))).reset_index()
    return result.sort_values(["count", "formula"], ascending=[False, True],
                              kind="mergesort").reset_index(drop=True)


# -- glosses ---------------------------------------------------------------------------


def load_glossary(path: str | os.PathLike | None = None) -> dict[str, str]:
    """Return Chinese term -> English gloss, from the glossary, theme terms and formula lexicon.

    The glossary file (``czlib/data/glossary_zh_en.csv``: term, gloss_en)
    wins over theme-term glosses, which win over formula glosses.
    """
    glossary: dict[str, str] = {}
    lexicon = load_formula_lexicon()
    glossary.update(zip(lexicon["formula"], lexicon["gloss_en"]))
    themes = load_theme_dictionary()
    glossary.update(zip(themes["term"], themes["term_en"]))
    path = Path(path) if path is not None else GLOSSARY_FILE
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    glossary.update(zip(table["term"], table["gloss_en"]))
    return {k: v for k, v in glossary.items() if v}


def add_gloss(frame: pd.DataFrame, column: str = "token",
              glossary: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return ``frame`` with a ``gloss_en`` column after ``column`` (empty when unknown)."""
    glossary = load_glossary() if glossary is None else glossary
    out = frame.copy()
    position = list(out.columns).index(column) + 1
    out.insert(position, "gloss_en", out[column].map(lambda t: glossary.get(t, "")))
    return out


# -- figures ------------------------------------------------------------------------------


def gloss_label(term: str, glossary: Mapping[str, str] | None = None) -> str:
    """Return "term · English gloss" (or the term alone when no gloss is known)."""
    glossary = load_glossary() if glossary is None else glossary
    gloss = glossary.get(term, "")
    return f"{term} · {gloss}" if gloss else term


def plot_keyword_bars(frame: pd.DataFrame, by: str = "doc_id", value: str = "z", top_n: int = 10,
                      unit_labels: Mapping[str, str] | None = None,
                      glossary: Mapping[str, str] | None = None, xlabel: str | None = None,
                      ncols: int = 2):
    """Draw one horizontal bar chart per unit of a ranked keyword table; return the Figure.

    ``frame`` is the output of :func:`tfidf_keywords`, :func:`textrank_keywords`
    or :func:`distinctive_words` (columns ``by``, rank, token, ``value``);
    bars are labelled "term · English gloss" and the best word is on top.
    """
    import matplotlib.pyplot as plt

    from . import style

    glossary = load_glossary() if glossary is None else glossary
    units = list(dict.fromkeys(frame[by]))
    nrows = math.ceil(len(units) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 0.32 * top_n * nrows + 1.2 * nrows),
                             squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(units):
            ax.set_axis_off()
            continue
        unit = units[k]
        part = frame[(frame[by] == unit) & (frame["rank"] <= top_n)].sort_values("rank")
        labels = [gloss_label(t, glossary) for t in part["token"]]
        ax.barh(range(len(part))[::-1], part[value], color=style.CATEGORICAL[k % len(style.CATEGORICAL)])
        ax.set_yticks(range(len(part))[::-1])
        ax.set_yticklabels(labels)
        ax.set_title((unit_labels or {}).get(unit, unit), loc="left")
        if xlabel:
            ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


def plot_word_clouds(counts: pd.DataFrame, by: str = "doc_id",
                     unit_labels: Mapping[str, str] | None = None, max_words: int = 60,
                     ncols: int = 2, random_state: int = 0):
    """Draw a grid of word clouds, one per unit of :func:`token_counts` output; return the Figure."""
    import matplotlib.pyplot as plt

    units = list(dict.fromkeys(counts[by]))
    nrows = math.ceil(len(units) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.8 * ncols, 3.4 * nrows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(units):
            ax.set_axis_off()
            continue
        part = counts[counts[by] == units[k]]
        word_cloud(dict(zip(part["token"], part["count"])), ax=ax, max_words=max_words, width=720,
                   height=480, random_state=random_state,
                   title=(unit_labels or {}).get(units[k], units[k]))
    fig.tight_layout()
    return fig


# -- word cloud ---------------------------------------------------------------------------


def word_cloud(freqs: Mapping[str, float], *, ax=None, width: int = 900, height: int = 600,
               max_words: int = 100, font_path: str | os.PathLike | None = None,
               random_state: int = 0, colormap=None, title: str | None = None):
    """Draw a word cloud of ``freqs`` (word -> count); return the matplotlib Figure.

    Uses czlib's CJK font (:func:`czlib.style.cjk_font_path`) and a fixed
    ``random_state``, and sorts the words by (-count, word) before layout, so
    the same frequencies always give the same picture.  Give it czlib's own
    counts, e.g. ``token_counts(tokens)`` for one document, not raw text.
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
                      colormap=palette, collocations=False, margin=4)
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
