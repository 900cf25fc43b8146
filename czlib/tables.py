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


def _derived_builders() -> dict[str, Callable[[pd.DataFrame], pd.DataFrame]]:
    """Tables computed from the articles table, by file name."""
    from . import actors, claims, quotes

    return {
        "actors.csv": actors.actors_table,
        "people.csv": actors.people_table,
        "quotes.csv": quotes.quotes_table,
        "claims.csv": claims.claims_table,
        "dates.csv": claims.dates_table,
        "numeric_mentions.csv": claims.mentions_table,
    }


def build_tables(corpus_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Return every table by file name (articles.csv first) without writing anything."""
    articles, log = load_corpus(corpus_dir)
    tables = {"articles.csv": articles, "cleaning_log.csv": log}
    for name, builder in _derived_builders().items():
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
