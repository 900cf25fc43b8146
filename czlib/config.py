"""Project paths, in one place, so notebooks, the command line and tests agree.

The project root is, in order: the ``CZLIB_ROOT`` environment variable; the
folder above the installed package when it holds ``corpus/`` (an editable
install in a clone); otherwise the current working directory.  Every path
below derives from it, and every function that reads or writes takes an
explicit path argument whose default comes from here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Project:
    """The folders of a project, all derived from its root (the build uses other roots in tests)."""

    root: Path

    @classmethod
    def at(cls, root: Path | str | None = None) -> "Project":
        """Return the project rooted at ``root`` (default: this process's ``ROOT``)."""
        return cls(Path(root).resolve() if root is not None else ROOT)

    @property
    def corpus_dir(self) -> Path:        # raw documents + metadata + curation
        return self.root / "corpus"

    @property
    def raw_dir(self) -> Path:           # verbatim source files, never edited
        return self.corpus_dir / "raw"

    @property
    def metadata_csv(self) -> Path:
        return self.corpus_dir / "metadata.csv"

    @property
    def curation_dir(self) -> Path:      # user dictionary, gazetteer, overrides
        return self.corpus_dir / "curation"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def figures_dir(self) -> Path:       # exported figures (committed)
        return self.root / "figures"

    @property
    def build_dir(self) -> Path:         # everything regenerated (not committed)
        return self.root / "build"

    @property
    def tables_dir(self) -> Path:
        return self.build_dir / "tables"

    @property
    def executed_dir(self) -> Path:
        return self.build_dir / "executed"

    @property
    def html_dir(self) -> Path:
        return self.build_dir / "html"

    @property
    def cache_dir(self) -> Path:
        return self.build_dir / "cache"


PROJECT = Project(project_root())
ROOT = PROJECT.root
CORPUS_DIR = PROJECT.corpus_dir
RAW_DIR = PROJECT.raw_dir
METADATA_CSV = PROJECT.metadata_csv
CURATION_DIR = PROJECT.curation_dir
NOTEBOOKS_DIR = PROJECT.notebooks_dir
FIGURES_DIR = PROJECT.figures_dir
BUILD_DIR = PROJECT.build_dir
TABLES_DIR = PROJECT.tables_dir
HTML_DIR = PROJECT.html_dir
CACHE_DIR = PROJECT.cache_dir
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
