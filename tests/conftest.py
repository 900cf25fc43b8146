"""Fixtures shared by the test modules: the seed corpus, cleaned and split once per session."""
from __future__ import annotations

import pandas as pd
import pytest

from czlib import config
from czlib.corpus.documents import load_corpus


@pytest.fixture(scope="session")
def corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, cleaning_log) of the project's corpus."""
    return load_corpus(config.CORPUS_DIR)


@pytest.fixture(scope="session")
def articles(corpus) -> pd.DataFrame:
    """The articles table of the project's corpus (tests must not modify it)."""
    return corpus[0]
