"""The pipeline: one pass per article, and the tables derived from it.

:func:`analyse_article` is the unit of work: it takes one article row (a plain
dict) and the read-only :class:`Resources` of the corpus, annotates its text
once (:func:`czlib.annotate`: one segmentation, one pass of each analysis
step) and derives every table's rows from that one Doc.  It returns plain, picklable data, so the same
function can run in another process or on a cluster.  The tables are the
concatenation of the per-article results.

Rows are in a fixed order, so the same articles give the same tables.
:mod:`czlib.runner` runs this over a whole corpus (in parallel, cached) and
:mod:`czlib.storage` writes the set.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from . import config
from .analysis import genres
from .analysis.actors import actors
from .analysis.claims import claims
from .analysis.doc import annotate
from .analysis.doc_rows import doc_rows, table_frame
from .analysis.actors.gazetteer import Gazetteer
from .analysis.resources import Resources
from .corpus.reading.articles import ARTICLE_COLUMNS
from .corpus.documents import load_corpus
from .text.segmentation import segment, token_table

#: The tables derived from articles by :func:`analyse_article`, by name.
DERIVED = ("tokens", "actors", "people", "quotes", "claims", "superlatives", "dates", "numeric_mentions")
#: Columns of the written articles table: the corpus's articles, described (:func:`describe_articles`).
ARTICLE_TABLE_COLUMNS = [*ARTICLE_COLUMNS, "genre", "st_relevance"]


def curation_files(corpus_dir: Path | str | None = None) -> tuple[Path, Path, Path]:
    """(user dictionary, overrides, gazetteer folder) a corpus uses: its own curation/ where it has one
    (gazetteer None: the general one at the corpus's home, package data)."""
    corpus_dir = Path(corpus_dir if corpus_dir is not None else config.CORPUS_DIR)
    curation = corpus_dir / "curation"
    userdict = curation / "userdict.txt" if (curation / "userdict.txt").exists() else \
        config.CURATION_DIR / "userdict.txt"
    gazetteer = curation if (curation / "gazetteer_orgs.csv").exists() else None
    return userdict, curation / "overrides.toml", gazetteer


def curation_problems(corpus_dir: Path | str | None = None, doc_ids: set[str] | None = None) -> list[str]:
    """Every bad line of the curation files a corpus uses (user dictionary, overrides, gazetteers).

    Each problem names the file and line.  With ``doc_ids``, an override for
    a document that is not registered is a problem too.  Reads only.
    """
    from .analysis.actors.gazetteer import gazetteer_problems
    from .corpus.reading.overrides import override_problems
    from .text.curation import userdict_problems

    from .corpus.reading.decoding import CorpusFileError
    from .corpus.registry.home import settings_home

    userdict, overrides, gazetteer = curation_files(corpus_dir)
    try:  # the corpus settings (czlib.toml): valid TOML naming a prefecture-level city
        settings_home(Path(corpus_dir if corpus_dir is not None else config.CORPUS_DIR))
        settings = []
    except CorpusFileError as exc:
        settings = [str(exc)]
    return (settings + userdict_problems(userdict) + override_problems(overrides, doc_ids)
            + (gazetteer_problems(gazetteer) if gazetteer is not None else []))
def analyse_article(article: Mapping, resources: Resources | None = None) -> dict[str, object]:
    """Every table's rows for one article, from its one :class:`~czlib.analysis.doc.Doc` (:func:`czlib.annotate`).

    ``article`` is a row of the articles table (doc_id, article_id, text, and
    the header fields: kind, byline, credit, interviewee, date).  Returns
    ``{table name: rows}``: a list of dicts per table, and for ``tokens``
    a dict of column arrays (tokens are many); under ``"article"`` what the
    analysis says of the article itself (its ``st_relevance``).
    """
    resources = resources if resources is not None else Resources()
    article = dict(article)
    text = article["text"]
    if not isinstance(text, str):
        raise ValueError(f"article {article.get('article_id')!r} of {article.get('doc_id')!r}: "
                         f"text is not a string ({text!r})")
    claims.normalised_text(text, article.get("article_id"))
    gaz = resources.actor_gazetteer
    header = actors.header_people(article, gaz, resources.use_gazetteer)
    doc = annotate(text, resources=resources, known_names=[h["name"] for h in header])
    token_columns = token_table.token_columns(text, doc.tokens, resources.content_memo())
    return {
        "tokens": {"doc_id": str(article["doc_id"]), "article_id": str(article["article_id"]),
                       **token_columns},
        **doc_rows(article, doc, header, gaz),
        "article": {"st_relevance": genres.st_relevance(token_columns["token"], token_columns["content"])},
    }


def describe_articles(articles: list[dict], analyses: list[dict], log: Iterable[Mapping] = ()) -> list[dict]:
    """The articles of one document with ``genre`` (from its page's cues) and ``st_relevance`` (from its analysis).

    See :mod:`czlib.analysis.genres`; ``analyses`` are :func:`analyse_article`'s results, in the same order;
    ``log`` the document's cleaning-log entries (lines cut from the articles still describe the page).
    """
    kinds = genres.document_genres(articles, [e.get("detail") for e in log])
    return [{**a, "genre": g, "st_relevance": r["article"]["st_relevance"]}
            for a, g, r in zip(articles, kinds, analyses)]


def articles_table(rows: list[dict]) -> pd.DataFrame:
    """The written articles table from described rows (columns :data:`ARTICLE_TABLE_COLUMNS`)."""
    return pd.DataFrame(rows, columns=ARTICLE_TABLE_COLUMNS)


def _token_frame(parts: list[dict]) -> pd.DataFrame:
    """The token table from per-article column arrays (in article order, then text order)."""
    article_of_row = np.repeat(np.arange(len(parts)), [len(p["token"]) for p in parts])
    cat = (lambda key, dtype: np.concatenate([np.asarray(p[key]) for p in parts]).astype(dtype)
           if parts else np.array([], dtype=dtype))
    return pd.DataFrame({
        "doc_id": token_table.str_column([p["doc_id"] for p in parts], article_of_row),
        "article_id": token_table.str_column([p["article_id"] for p in parts], article_of_row),
        "sentence": cat("sentence", np.int64),
        "token": token_table.str_column([w for p in parts for w in p["token"]]),
        "pos": token_table.str_column([t for p in parts for t in p["pos"]]),
        "start": cat("start", np.int64),
        "end": cat("end", np.int64),
        "content": cat("content", bool),
    }, columns=segment.TOKEN_COLUMNS)


def combine_results(results: Iterable[dict[str, object]]) -> dict[str, pd.DataFrame]:
    """Concatenate per-article results (from :func:`analyse_article`) into the derived tables."""
    rows: dict[str, list] = {name: [] for name in DERIVED}
    for result in results:
        rows["tokens"].append(result["tokens"])
        for name in DERIVED[1:]:
            rows[name].extend(result[name])
    tables = {"tokens": _token_frame(rows["tokens"])}
    tables.update({name: table_frame(name, rows[name]) for name in DERIVED[1:]})
    return tables


def analyse_articles(articles: pd.DataFrame, resources: Resources | None = None) -> dict[str, pd.DataFrame]:
    """The derived tables (tokens, actors, people, quotes, claims, dates, numeric mentions) of an articles table."""
    missing = [c for c in ("doc_id", "article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"the articles table lacks column(s) {missing}")
    resources = resources if resources is not None else Resources()
    return combine_results(analyse_article(a, resources) for a in articles.to_dict("records"))


def _resources(gazetteer: Gazetteer | None, use_gazetteer: bool) -> Resources:
    return Resources(userdict=None if use_gazetteer else False, gazetteer=gazetteer, use_gazetteer=use_gazetteer)


def actors_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per mention of a person, organisation or place (columns: ``actors.ACTOR_COLUMNS``)."""
    return analyse_articles(articles, _resources(gazetteer, use_gazetteer))["actors"]


def people_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per person per article, text mentions and header facts merged (``actors.PEOPLE_COLUMNS``)."""
    return analyse_articles(articles, _resources(gazetteer, use_gazetteer))["people"]


def quotes_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per attributed quotation or paraphrase (``quotes.QUOTE_COLUMNS``)."""
    return analyse_articles(articles, _resources(gazetteer, use_gazetteer))["quotes"]


def claims_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per quantitative claim (``claims.CLAIM_COLUMNS``)."""
    return analyse_articles(articles)["claims"]


def dates_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per date mention, resolved against the article's date (``dates.DATE_COLUMNS``)."""
    return analyse_articles(articles)["dates"]


def numeric_mentions_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Every numeric mention with its kind, to show what was set apart (``claims.NUMERIC_MENTION_COLUMNS``)."""
    return analyse_articles(articles)["numeric_mentions"]


def build_tables(corpus_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Return every table by name (articles first), in memory, without writing anything."""
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    articles, log = load_corpus(corpus_dir)
    resources = Resources.for_corpus(corpus_dir)
    rows = articles.to_dict("records")
    analyses = [analyse_article(a, resources) for a in rows]
    entries = log.to_dict("records")
    described = [row for doc_id in dict.fromkeys(articles["doc_id"])
                 for row in describe_articles([r for r in rows if r["doc_id"] == doc_id],
                                              [x for r, x in zip(rows, analyses) if r["doc_id"] == doc_id],
                                              [e for e in entries if e["doc_id"] == doc_id])]
    tables = {"articles": articles_table(described), "cleaning_log": log}
    tables.update(combine_results(analyses))
    return tables
