"""The pipeline: one pass per article, and the tables written from it.

:func:`analyse_article` is the unit of work: it takes one article row (a plain
dict) and the read-only :class:`Resources` of the corpus, segments the text
once, extracts actor mentions once and numeric mentions once, and derives
every table's rows from them.  It returns plain, picklable data, so the same
function can run in another process or on a cluster.  The tables are the
concatenation of the per-article results.

:func:`write_tables` writes the whole set into a sibling staging folder and
swaps it in with one atomic rename, so a failed or killed run leaves the
previous set or the new set, never a mix.  Rows are in a fixed order and
files are UTF-8 with ``\\n`` line endings: the same corpus gives
byte-identical tables.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from . import config
from .analysis import actors, claims, dates, quotes, superlatives
from .analysis.gazetteer import EMPTY_GAZETTEER, Gazetteer, default_gazetteer, load_gazetteer
from .analysis.quantities import numeric_mentions
from .corpus.articles import load_corpus
from .text import segment

#: The tables, in the order they are written (file name -> what one row is).
TABLES = {
    "articles.csv": "article",
    "cleaning_log.csv": "cleaning decision",
    "tokens.csv": "token",
    "actors.csv": "mention of a person, organisation or place",
    "people.csv": "person per article",
    "quotes.csv": "quotation or paraphrase",
    "claims.csv": "quantitative claim",
    "superlatives.csv": "superlative or first (全省首家, 填补国内空白)",
    "dates.csv": "date mention",
    "numeric_mentions.csv": "numeric mention, with its kind",
}

#: The tables derived from articles by :func:`analyse_article` (by file name).
DERIVED = ("tokens.csv", "actors.csv", "people.csv", "quotes.csv", "claims.csv", "superlatives.csv",
           "dates.csv", "numeric_mentions.csv")


@dataclass
class Resources:
    """Read-only resources of one corpus, loaded once per process.

    ``userdict`` is what :func:`czlib.text.segment.get_segmenter` takes (None:
    the project's user dictionary; False: jieba's alone); ``gazetteer`` the
    actor gazetteer.  A corpus folder with its own ``curation/`` uses it.
    """

    userdict: object = None
    gazetteer: Gazetteer | None = None
    use_gazetteer: bool = True
    _content: dict = field(default_factory=dict, repr=False)

    @classmethod
    def for_corpus(cls, corpus_dir: Path | str | None = None, use_gazetteer: bool = True) -> "Resources":
        """The resources a corpus folder asks for: its own curation where it has one, else the project's."""
        curation = Path(corpus_dir if corpus_dir is not None else config.CORPUS_DIR) / "curation"
        userdict = curation / "userdict.txt" if (curation / "userdict.txt").exists() else None
        gazetteer = load_gazetteer(curation) if (curation / "gazetteer_orgs.csv").exists() else None
        if not use_gazetteer:
            userdict = False
        return cls(userdict=userdict, gazetteer=gazetteer, use_gazetteer=use_gazetteer)

    @property
    def segmenter(self) -> segment.Segmenter:
        return segment.get_segmenter(self.userdict)

    @property
    def actor_gazetteer(self) -> Gazetteer:
        if not self.use_gazetteer:
            return EMPTY_GAZETTEER
        return self.gazetteer if self.gazetteer is not None else default_gazetteer()

    def content_memo(self):
        """The ``(word, pos) -> content?`` memo shared by the articles of this process."""
        from .text.stopwords import is_content_token

        memo = self._content.get("memo")
        if memo is None:
            memo = self._content["memo"] = segment._ContentMemo(is_content_token)
        return memo


def analyse_article(article: Mapping, resources: Resources | None = None) -> dict[str, object]:
    """Every table's rows for one article, from one segmentation and one pass of each extractor.

    ``article`` is a row of the articles table (doc_id, article_id, text, and
    the header fields: kind, byline, credit, interviewee, date).  Returns
    ``{table name: rows}``: a list of dicts per table, and for ``tokens.csv``
    a dict of column arrays (tokens are many).
    """
    resources = resources if resources is not None else Resources()
    article = dict(article)
    text = article["text"]
    if not isinstance(text, str):
        raise ValueError(f"article {article.get('article_id')!r} of {article.get('doc_id')!r}: "
                         f"text is not a string ({text!r})")
    claims.normalised_text(text, article.get("article_id"))
    gaz = resources.actor_gazetteer
    tokens, token_columns = segment.segment_article(resources.segmenter, text, resources.content_memo())
    header = actors.header_people(article, gaz, resources.use_gazetteer)
    mentions = actors.extract_actors(text, tokens, gazetteer=gaz, use_gazetteer=resources.use_gazetteer,
                                     known_names=[h["name"] for h in header])
    people = actors.people_rows(article, header, mentions, gaz)
    numeric = numeric_mentions(text)
    found_quotes = quotes.find_quotes(text, mentions)
    return {
        "tokens.csv": {"doc_id": str(article["doc_id"]), "article_id": str(article["article_id"]),
                       **token_columns},
        "actors.csv": actors.actor_rows(article, mentions),
        "people.csv": people,
        "quotes.csv": quotes.quote_rows(article, found_quotes, people),
        "claims.csv": claims.claim_rows(article, numeric, found_quotes),
        "superlatives.csv": superlatives.superlative_rows(article, superlatives.extract_superlatives(text),
                                                          found_quotes),
        "dates.csv": dates.date_rows(article, numeric),
        "numeric_mentions.csv": claims.numeric_rows(article, numeric),
    }


def _token_frame(parts: list[dict]) -> pd.DataFrame:
    """The token table from per-article column arrays (in article order, then text order)."""
    lengths = [len(p["token"]) for p in parts]
    cat = (lambda key, dtype: np.concatenate([np.asarray(p[key]) for p in parts]).astype(dtype)
           if parts else np.array([], dtype=dtype))
    return pd.DataFrame({
        "doc_id": pd.array(np.repeat([p["doc_id"] for p in parts], lengths).tolist(), dtype="str"),
        "article_id": pd.array(np.repeat([p["article_id"] for p in parts], lengths).tolist(), dtype="str"),
        "sentence": cat("sentence", np.int64),
        "token": pd.array([w for p in parts for w in p["token"]], dtype="str"),
        "pos": pd.array([t for p in parts for t in p["pos"]], dtype="str"),
        "start": cat("start", np.int64),
        "end": cat("end", np.int64),
        "content": cat("content", bool),
    }, columns=segment.TOKEN_COLUMNS)


_FRAMES = {
    "actors.csv": actors.actors_frame,
    "people.csv": actors.people_frame,
    "quotes.csv": quotes.quotes_frame,
    "claims.csv": claims.claims_frame,
    "superlatives.csv": superlatives.superlatives_frame,
    "dates.csv": dates.dates_frame,
    "numeric_mentions.csv": claims.numeric_mentions_frame,
}


def combine_results(results: Iterable[dict[str, object]]) -> dict[str, pd.DataFrame]:
    """Concatenate per-article results (from :func:`analyse_article`) into the derived tables."""
    rows: dict[str, list] = {name: [] for name in DERIVED}
    for result in results:
        rows["tokens.csv"].append(result["tokens.csv"])
        for name in _FRAMES:
            rows[name].extend(result[name])
    tables = {"tokens.csv": _token_frame(rows["tokens.csv"])}
    tables.update({name: frame(rows[name]) for name, frame in _FRAMES.items()})
    return {name: tables[name] for name in DERIVED}


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
    return analyse_articles(articles, _resources(gazetteer, use_gazetteer))["actors.csv"]


def people_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per person per article, text mentions and header facts merged (``actors.PEOPLE_COLUMNS``)."""
    return analyse_articles(articles, _resources(gazetteer, use_gazetteer))["people.csv"]


def quotes_table(articles: pd.DataFrame, use_gazetteer: bool = True,
                 gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per attributed quotation or paraphrase (``quotes.QUOTE_COLUMNS``)."""
    return analyse_articles(articles, _resources(gazetteer, use_gazetteer))["quotes.csv"]


def claims_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per quantitative claim (``claims.CLAIM_COLUMNS``)."""
    return analyse_articles(articles)["claims.csv"]


def dates_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per date mention, resolved against the article's date (``dates.DATE_COLUMNS``)."""
    return analyse_articles(articles)["dates.csv"]


def numeric_mentions_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Every numeric mention with its kind, to show what was set apart (``claims.MENTION_COLUMNS``)."""
    return analyse_articles(articles)["numeric_mentions.csv"]


def build_tables(corpus_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Return every table by file name (articles.csv first) without writing anything."""
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    articles, log = load_corpus(corpus_dir)
    tables = {"articles.csv": articles, "cleaning_log.csv": log}
    tables.update(analyse_articles(articles, Resources.for_corpus(corpus_dir)))
    return tables


# --- writing ------------------------------------------------------------------------

def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write a DataFrame as deterministic UTF-8 CSV (no index, ``\\n`` line endings)."""
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing folders (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _staging_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.staging-"


def _remove_leftovers(out_dir: Path) -> None:
    """Remove staging folders that a killed earlier run left beside ``out_dir``."""
    if not out_dir.parent.is_dir():
        return
    for path in out_dir.parent.glob(_staging_prefix(out_dir) + "*"):
        shutil.rmtree(path, ignore_errors=True)


def replace_folder(staging: Path, out_dir: Path) -> None:
    """Put the complete folder ``staging`` in place of ``out_dir`` in one atomic step; remove the old set.

    Where the kernel cannot exchange two folders, the old folder is moved
    aside and the new one renamed in: two renames, the narrowest window this
    platform allows.
    """
    if out_dir.is_dir() and not out_dir.is_symlink():
        if _exchange(staging, out_dir):
            shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old set
            return
        old = staging.with_name(staging.name + "-old")
        os.replace(out_dir, old)
        os.replace(staging, out_dir)
        shutil.rmtree(old, ignore_errors=True)
        return
    os.replace(staging, out_dir)


class TablesFolderError(ValueError):
    """The output folder holds files that are not czlib tables: replacing it would lose them."""


def _check_replaceable(out_dir: Path) -> None:
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise TablesFolderError(f"{out_dir}: exists and is not a folder; choose another --out")
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in TABLES)
    if foreign:
        raise TablesFolderError(
            f"{out_dir}: holds files that are not czlib tables ({', '.join(foreign[:3])}"
            f"{', …' if len(foreign) > 3 else ''}); the table set replaces the whole folder, "
            f"so choose an empty or new --out")


def write_table_set(tables: Mapping[str, pd.DataFrame], out_dir: Path | str) -> list[Path]:
    """Write ``tables`` (file name -> DataFrame) as one set replacing ``out_dir``; return the paths.

    ``out_dir`` must be new, empty or an earlier table set: it is replaced whole.
    """
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(out_dir), dir=out_dir.parent))
    try:
        for name, df in tables.items():
            write_csv(df, staging / name)
        os.chmod(staging, 0o755)
        replace_folder(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / name for name in tables]


def write_tables(corpus_dir: Path | str | None = None, out_dir: Path | str | None = None) -> list[Path]:
    """Build and write all tables to ``out_dir`` (default build/tables); return the paths written."""
    out_dir = Path(out_dir) if out_dir is not None else config.TABLES_DIR
    return write_table_set(build_tables(corpus_dir), out_dir)
