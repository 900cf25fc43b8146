"""English glosses for Chinese terms, so readers without Chinese can follow tables and figures.

One lookup merges three sources: the glossary file (``czlib/data/glossary_zh_en.csv``),
the theme dictionary's term glosses and the formula lexicon's glosses.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import pandas as pd

from .. import config
from .stats.formulas import load_formula_lexicon
from .stats.themes import load_theme_dictionary

GLOSSARY_FILE = config.PACKAGE_DATA / "glossary_zh_en.csv"

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



def gloss_label(term: str, glossary: Mapping[str, str] | None = None) -> str:
    """Return "term · English gloss" (or the term alone when no gloss is known)."""
    glossary = load_glossary() if glossary is None else glossary
    gloss = glossary.get(term, "")
    return f"{term} · {gloss}" if gloss else term

