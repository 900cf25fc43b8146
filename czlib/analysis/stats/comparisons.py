"""Which comparisons a corpus can support: groups by year, period, outlet and kind, and a size rule.

Why this module exists: with a handful of documents, "how do themes shift
between years" compares single texts that differ in genre and outlet as much
as in time.  The notebooks therefore draw a comparison across a grouping
(year, decade, outlet, article kind) only among the groups that are big
enough -- each has at least :data:`MIN_DOCUMENTS` documents and
:data:`MIN_ARTICLES` articles -- and only when at least two groups are; they
say, computed, which groups are left out and why.  Counts are compared as
rates per 1,000 content tokens (:func:`per_thousand`), never raw.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: A group enters a comparison only with at least this many documents ...
MIN_DOCUMENTS = 3
#: ... and at least this many articles.
MIN_ARTICLES = 5
#: A trend over time (a joined line, a rank correlation with the year) needs at least this many periods that
#: each meet the rule; with fewer, periods are drawn as dots and no correlation is computed.
MIN_TREND_PERIODS = 3
#: Rates are per this many content tokens.
PER_TOKENS = 1000
#: The groupings the notebooks try, in order, with an English name.
GROUPINGS = {"year": "year", "period": "decade", "outlet": "outlet", "kind": "article kind"}


def year_of(date: pd.Series) -> pd.Series:
    """Return the year of ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) as a nullable integer (NA if undated)."""
    return pd.to_numeric(date.fillna("").astype(str).str.extract(r"^(\d{4})")[0], errors="coerce").astype("Int64")


def period_of(year: pd.Series) -> pd.Series:
    """Return the decade of each year as a label ("1980s"; NA if undated)."""
    return year.map(lambda y: f"{int(y) // 10 * 10}s" if pd.notna(y) else pd.NA)


def with_groups(articles: pd.DataFrame) -> pd.DataFrame:
    """Return ``articles`` with columns year, period and outlet filled ("unknown" outlet when empty)."""
    out = articles.copy()
    out["year"] = year_of(out["date"])
    out["period"] = period_of(out["year"])
    out["outlet"] = out["outlet"].fillna("").astype(str).replace("", "unknown")
    return out


def group_sizes(articles: pd.DataFrame, by: str, min_documents: int = MIN_DOCUMENTS,
                min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Return one row per group of ``by``: n_documents, n_articles and ``enough`` (meets the rule).

    ``articles`` needs doc_id and the ``by`` column (see :func:`with_groups`);
    rows without a value (undated articles for year and period) are left out.
    Groups are sorted by their value.
    """
    frame = articles[articles[by].notna()]
    sizes = (frame.groupby(by, sort=True)
             .agg(n_documents=("doc_id", "nunique"), n_articles=("article_id", "size"))
             .reset_index().rename(columns={by: "group"}))
    sizes["group"] = sizes["group"].astype(str)
    sizes["enough"] = (sizes["n_documents"] >= min_documents) & (sizes["n_articles"] >= min_articles)
    return sizes


@dataclass(frozen=True)
class Verdict:
    """Whether a comparison across one grouping is drawn, and among which groups."""

    by: str
    name: str
    groups: list[str]          # every group with a value
    drawn_groups: list[str]    # the groups that meet the rule
    short_groups: list[str]    # the groups that do not

    @property
    def drawn(self) -> bool:
        """True when at least two groups meet the rule."""
        return len(self.drawn_groups) >= 2


def verdict(articles: pd.DataFrame, by: str, min_documents: int = MIN_DOCUMENTS,
            min_articles: int = MIN_ARTICLES) -> Verdict:
    """Return the :class:`Verdict` of the size rule for grouping ``by``."""
    sizes = group_sizes(articles, by, min_documents, min_articles)
    return Verdict(by=by, name=GROUPINGS.get(by, by), groups=list(sizes["group"]),
                   drawn_groups=list(sizes.loc[sizes["enough"], "group"]),
                   short_groups=list(sizes.loc[~sizes["enough"], "group"]))


def rule_table(articles: pd.DataFrame, groupings=tuple(GROUPINGS), min_documents: int = MIN_DOCUMENTS,
               min_articles: int = MIN_ARTICLES) -> pd.DataFrame:
    """Return, per grouping, how many groups it has, how many meet the rule and whether it is drawn."""
    rows = []
    for by in groupings:
        v = verdict(articles, by, min_documents, min_articles)
        rows.append({"grouping": v.name, "groups": len(v.groups), "groups meeting the rule": len(v.drawn_groups),
                     "comparison drawn": "yes" if v.drawn else "no",
                     "groups left out": ", ".join(v.short_groups[:8]) + (" …" if len(v.short_groups) > 8 else "")})
    return pd.DataFrame(rows)


def per_thousand(counts: pd.Series, content_tokens: pd.Series) -> pd.Series:
    """Return ``counts`` per :data:`PER_TOKENS` content tokens (aligned on the index; 0 tokens give NaN)."""
    counts, content_tokens = counts.align(content_tokens, fill_value=0)
    return counts.astype(float) * PER_TOKENS / content_tokens.where(content_tokens > 0)


#: At most this many units (documents or groups) are drawn side by side in one figure.
MAX_UNITS = 8


def document_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Return doc_id -> a short label from the data: "date · outlet" (the doc_id added where two agree)."""
    docs = with_groups(articles).drop_duplicates("doc_id")
    base = {d: f"{date or 'undated'} · {outlet}" for d, date, outlet in zip(docs["doc_id"], docs["date"].fillna(""),
                                                                             docs["outlet"])}
    seen = pd.Series(list(base.values())).value_counts()
    return {d: (f"{label} · {d}" if seen[label] > 1 else label) for d, label in base.items()}


@dataclass(frozen=True)
class Units:
    """The units that figures compare: documents, the groups of one grouping, or the whole corpus."""

    kind: str                  # "document", "group" or "corpus"
    by: str                    # doc_id, or the grouping (year, period, outlet, kind), or "" for the corpus
    name: str                  # how the prose names one unit ("document", "year", "decade", ...)
    of_article: dict           # article_id -> unit label (articles outside every unit are absent)
    order: list                # unit labels in display order

    @property
    def n(self) -> int:
        return len(self.order)


def comparison_units(articles: pd.DataFrame, max_units: int = MAX_UNITS,
                     min_documents: int = MIN_DOCUMENTS, min_articles: int = MIN_ARTICLES) -> Units:
    """Choose what figures put side by side.

    A corpus of at most ``max_units`` documents is shown document by document
    (described, not compared as groups).  A larger corpus is shown by the first
    grouping of :data:`GROUPINGS` whose comparison the size rule allows with at
    most ``max_units`` groups (only those groups); failing that, as one unit.
    """
    frame = with_groups(articles)
    doc_ids = list(dict.fromkeys(frame.sort_values(["year", "doc_id"], kind="stable", na_position="last")["doc_id"]))
    if len(doc_ids) <= max_units:
        labels = document_labels(frame)
        return Units("document", "doc_id", "document", {a: labels[d] for a, d in zip(frame["article_id"], frame["doc_id"])},
                     [labels[d] for d in doc_ids])
    for by in GROUPINGS:
        v = verdict(frame, by, min_documents, min_articles)
        if v.drawn and len(v.drawn_groups) <= max_units:
            keep = frame[frame[by].astype(str).isin(v.drawn_groups)]
            return Units("group", by, v.name, dict(zip(keep["article_id"], keep[by].astype(str))), v.drawn_groups)
    return Units("corpus", "", "corpus", {a: "all documents" for a in frame["article_id"]}, ["all documents"])


def trend_periods(articles: pd.DataFrame, by: str = "year", min_documents: int = MIN_DOCUMENTS,
                  min_articles: int = MIN_ARTICLES) -> list[str]:
    """The periods (years or decades) a trend may be read over: those that meet the rule, if at least
    :data:`MIN_TREND_PERIODS` do; otherwise none (a line through single documents is no trend)."""
    sizes = group_sizes(articles, by, min_documents, min_articles)
    periods = list(sizes.loc[sizes["enough"], "group"])
    return periods if len(periods) >= MIN_TREND_PERIODS else []
