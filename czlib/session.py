"""Work on a corpus from a notebook or a script: ``czlib.use_corpus(path, out=...)``.

A notebook kernel started by ``czlib build --corpus … --out …`` is pointed at its corpus by environment
variables (:mod:`czlib.config`).  A notebook opened by hand on another corpus calls :func:`use_corpus` first;
from then on ``read_table``, ``load_articles``, ``save_figure``/``show_figure``, the gazetteer and the corpus's
home follow that corpus and its output folder, and never write into the project's ``figures/``.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import config

#: The module-level paths of :mod:`czlib.config` that follow the corpus in use.
_PATHS = ("CORPUS_DIR", "RAW_DIR", "METADATA_CSV", "CURATION_DIR", "FIGURES_DIR", "BUILD_DIR", "TABLES_DIR",
          "HTML_DIR", "CACHE_DIR")


def default_out(corpus: Path | str) -> Path:
    """The output folder of a corpus when none is given: ``<corpus>-czlib`` beside it."""
    corpus = Path(corpus).resolve()
    return corpus.parent / f"{corpus.name}-czlib"


def use_corpus(corpus: Path | str, out: Path | str | None = None) -> config.Project:
    """Point this process at ``corpus`` with its outputs in ``out`` (tables in ``out/tables``, figures in
    ``out/figures``; default :func:`default_out`); return the project.  ``czlib build --corpus C --out O``
    writes the tables a notebook then reads.  The project's own corpus gives back the project's folders."""
    corpus = Path(corpus).resolve()
    if not corpus.is_dir():
        raise FileNotFoundError(f"{corpus}: corpus folder does not exist (check the path)")
    root = config.project_root()
    if corpus == (root / "corpus").resolve() and out is None:
        project = config.Project.at(root)
        os.environ.pop("CZLIB_CORPUS_DIR", None)
        os.environ.pop("CZLIB_OUT_DIR", None)
    else:
        project = config.Project.at(root, corpus, out if out is not None else default_out(corpus))
        os.environ["CZLIB_CORPUS_DIR"] = str(project.corpus_dir)
        os.environ["CZLIB_OUT_DIR"] = str(project.build_dir)
    for name in ("CZLIB_TABLES_DIR", "CZLIB_FIGURES_DIR"):  # a build's staging folders are not this corpus's
        os.environ.pop(name, None)
    config.PROJECT = project
    values = {"CORPUS_DIR": project.corpus_dir, "RAW_DIR": project.raw_dir, "METADATA_CSV": project.metadata_csv,
              "CURATION_DIR": project.curation_dir, "FIGURES_DIR": project.figures_dir,
              "BUILD_DIR": project.build_dir, "TABLES_DIR": project.tables_dir, "HTML_DIR": project.html_dir,
              "CACHE_DIR": project.cache_dir}
    for name in _PATHS:
        setattr(config, name, values[name])
    return project
