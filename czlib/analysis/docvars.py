"""Document variables: what each article is (date, year, month, outlet, kind), joined onto any table.

Why: the token, actor and claim tables carry only doc_id and article_id, yet
a researcher groups by year, outlet or article kind (quanteda's ``docvars``).
``date`` is text of mixed precision (``2025``, ``2025-05``, ``2025-05-30``,
or empty): ``year`` and ``month`` are derived where the date states them and
NA otherwise; ``period`` is the decade (as :mod:`czlib.analysis.stats.comparisons`).
"""
from __future__ import annotations

import pandas as pd

#: The document variables, in column order (doc_id and article_id are the keys).
DOCVARS = ["date", "year", "month", "period", "outlet", "kind"]
KEYS = ["doc_id", "article_id"]


def docvars(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: doc_id, article_id, date, year, month, period, outlet, kind (table order)."""
    missing = [c for c in KEYS if c not in articles.columns]
    if missing:
        raise ValueError(f"docvars: the articles table lacks column(s) {missing}")
    out = articles[KEYS].astype(str).reset_index(drop=True)
    date = (articles["date"] if "date" in articles.columns else pd.Series("", index=articles.index))
    date = date.fillna("").astype(str).reset_index(drop=True)
    parts = date.str.extract(r"^(\d{4})(?:-(\d{1,2}))?")
    out["date"] = date
    out["year"] = pd.to_numeric(parts[0], errors="coerce").astype("Int64")
    month = pd.to_numeric(parts[1], errors="coerce").astype("Int64")
    out["month"] = month.where((month >= 1) & (month <= 12))
    out["period"] = out["year"].map(lambda y: f"{int(y) // 10 * 10}s" if pd.notna(y) else pd.NA)
    for col in ("outlet", "kind"):
        values = articles[col] if col in articles.columns else pd.Series("", index=articles.index)
        out[col] = values.fillna("").astype(str).reset_index(drop=True)
    return out.drop_duplicates("article_id").reset_index(drop=True)


def with_docvars(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``table`` (rows with article_id) with the document variables of its articles added as columns.

    Row order is kept.  A variable whose name the table already uses for
    something else (the actors table's ``kind``: person, org, place) is added
    as ``article_<name>`` (``article_kind``).
    """
    if "article_id" not in table.columns:
        raise ValueError("with_docvars: the table has no article_id column")
    dv = docvars(articles)
    joined = dv.set_index("article_id")[DOCVARS].reindex(table["article_id"].astype(str).to_numpy())
    out = table.copy()
    for col in DOCVARS:
        name = col if col not in table.columns else f"article_{col}"
        out[name] = joined[col].to_numpy()
        if col in ("year", "month"):
            out[name] = out[name].astype("Int64")
    return out
