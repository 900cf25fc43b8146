"""Project paths, in one place, so notebooks, the command line and tests agree.

The project root is, in order: the ``CZLIB_ROOT`` environment variable; the
folder above the installed package when it holds ``corpus/`` (an editable
install in a clone); otherwise the current working directory.  Every path
below derives from it, and every function that reads or writes takes an
explicit path argument whose default comes from here.
"""
from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the project root (see the module docstring for the rules)."""
    env = os.environ.get("CZLIB_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "corpus").is_dir():
        return here
    return Path.cwd().resolve()


ROOT = project_root()
CORPUS_DIR = ROOT / "corpus"            # raw documents + metadata + curation
RAW_DIR = CORPUS_DIR / "raw"            # verbatim source files, never edited
METADATA_CSV = CORPUS_DIR / "metadata.csv"
CURATION_DIR = CORPUS_DIR / "curation"  # user dictionary, gazetteer, overrides
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"          # exported figures (committed)
BUILD_DIR = ROOT / "build"              # everything regenerated (not committed)
TABLES_DIR = BUILD_DIR / "tables"
HTML_DIR = BUILD_DIR / "html"
CACHE_DIR = BUILD_DIR / "cache"
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
