"""Co-mention networks: which actors are named together, and the organisation a unit belongs to."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from ..actors.gazetteer import Gazetteer, default_gazetteer

def org_root(canonical: str, parent: str = "", gazetteer: Gazetteer | None = None) -> str:
    """The top organisation a unit belongs to (清华大学环境学院 -> 清华大学), following gazetteer parents."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    name = parent or canonical
    seen = set()
    while name in gaz.orgs and gaz.orgs[name].parent and name not in seen:
        seen.add(name)
        name = gaz.orgs[name].parent
    return name


def _nodes(actors: pd.DataFrame, articles: pd.DataFrame, kinds: Sequence[str], unit: str,
           gazetteer: Gazetteer | None) -> pd.DataFrame:
    """The actor mentions of ``kinds`` with their network node and their unit (article:paragraph, or article)."""
    if unit not in ("paragraph", "article"):
        raise ValueError(f"unit must be 'paragraph' or 'article', got {unit!r}")
    texts = dict(zip(articles.article_id, articles.text))
    df = actors[actors.kind.isin(kinds)].copy()
    df["node"] = [org_root(c, p, gazetteer) if k == "org" else c
                  for k, c, p in zip(df.kind, df.canonical, df.parent.fillna(""))]
    if unit == "paragraph":
        df["unit"] = [f"{a}:{texts[a].count(chr(10), 0, s)}" for a, s in zip(df.article_id, df.start)]
    else:
        df["unit"] = df.article_id
    return df


def node_links_by_unit(actors: pd.DataFrame, articles: pd.DataFrame, node: str,
                       kinds: Sequence[str] = ("person", "org"), unit: str = "paragraph",
                       gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Where a node's weighted degree comes from: one row per paragraph (or article) that names it.

    Why: one list sentence naming twenty partners makes its first name "the most
    connected" actor.  Columns: article_id, unit, links (the other actors named
    there: what the paragraph adds to the node's weighted degree), text (the
    paragraph); sorted by links descending, then unit.
    """
    df = _nodes(actors, articles, kinds, unit, gazetteer)
    texts = dict(zip(articles.article_id, articles.text))
    rows = []
    for key, group in df.groupby("unit"):
        names = set(group["node"])
        if node in names:
            article = group["article_id"].iloc[0]
            text = texts[article]
            if unit == "paragraph":
                text = text.split("\n")[int(key.rsplit(":", 1)[1])]
            rows.append({"article_id": article, "unit": key, "links": len(names) - 1, "text": text})
    out = pd.DataFrame(rows, columns=["article_id", "unit", "links", "text"])
    return out.sort_values(["links", "unit"], ascending=[False, True]).reset_index(drop=True)


def comention_edges(actors: pd.DataFrame, articles: pd.DataFrame, kinds: Sequence[str] = ("person", "org"),
                    unit: str = "paragraph", gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Pairs of actors named in the same paragraph (or ``unit="article"``) and how often.

    Organisations are rolled up to their root (:func:`org_root`), people keep their
    name. Returns a DataFrame with source, target, weight (number of paragraphs or
    articles where both appear), sorted by weight descending then names.
    """
    df = _nodes(actors, articles, kinds, unit, gazetteer)
    pairs: dict[tuple[str, str], int] = {}
    for _, nodes in df.groupby("unit")["node"]:
        uniq = sorted(set(nodes))
        for i, a in enumerate(uniq):
            for b in uniq[i + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    out = pd.DataFrame([(a, b, w) for (a, b), w in pairs.items()], columns=["source", "target", "weight"])
    return out.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)

