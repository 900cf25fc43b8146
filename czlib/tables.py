"""Write the analysis tables: the data product every notebook and figure reads.

``write_tables`` builds every table in memory first, writes them into a
temporary folder beside the output folder, and only then moves them into
place, so a failure never leaves a mix of old and new tables.  Rows are in a
fixed order and files are UTF-8 with ``\\n`` line endings: the same corpus
gives byte-identical tables.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pandas as pd

from . import config
from .articles import load_corpus


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write a DataFrame as deterministic UTF-8 CSV (no index, ``\\n`` line endings)."""
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def _derived_builders(corpus_dir: Path) -> dict[str, Callable[[pd.DataFrame], pd.DataFrame]]:
    """Tables computed from the articles table, by file name.

    A corpus folder that carries its own curation (``curation/userdict.txt``,
    ``curation/gazetteer_*.csv``) is segmented and searched with it; otherwise the
    project's curation applies.
    """
    from . import actors, claims, quotes, segment

    curation = corpus_dir / "curation"
    userdict = curation / "userdict.txt" if (curation / "userdict.txt").exists() else None
    gazetteer = actors.load_gazetteer(curation) if (curation / "gazetteer_orgs.csv").exists() else None
    return {
        "tokens.csv": lambda a: segment.token_table(a, userdict=userdict),
        "actors.csv": lambda a: actors.actors_table(a, gazetteer=gazetteer),
        "people.csv": lambda a: actors.people_table(a, gazetteer=gazetteer),
        "quotes.csv": quotes.quotes_table,
        "claims.csv": claims.claims_table,
        "dates.csv": claims.dates_table,
        "numeric_mentions.csv": claims.mentions_table,
    }


def build_tables(corpus_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Return every table by file name (articles.csv first) without writing anything."""
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    articles, log = load_corpus(corpus_dir)
    tables = {"articles.csv": articles, "cleaning_log.csv": log}
    for name, builder in _derived_builders(corpus_dir).items():
        tables[name] = builder(articles)
    return tables


def write_tables(corpus_dir: Path | str | None = None, out_dir: Path | str | None = None) -> list[Path]:
    """Build and write all tables to ``out_dir`` (default build/tables); return the paths written."""
    out_dir = Path(out_dir) if out_dir is not None else config.TABLES_DIR
    tables = build_tables(corpus_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tables-", dir=out_dir.parent))
    try:
        for name, df in tables.items():
            write_csv(df, staging / name)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in tables:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
