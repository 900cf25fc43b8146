"""Project paths, in one place, so notebooks, the command line and tests agree.

The project root is, in order: the ``CZLIB_ROOT`` environment variable; the
folder above the installed package when it holds ``corpus/`` (an editable
install in a clone); otherwise the current working directory.  Every path
below derives from it, and every function that reads or writes takes an
explicit path argument whose default comes from here.

``czlib build --corpus DIR --out DIR`` builds another corpus into another
folder; it tells the notebook kernels through environment variables, so a
notebook that reads ``config.CORPUS_DIR``, ``config.TABLES_DIR`` and saves
with ``save_figure`` follows the build, and the same notebook opened in
JupyterLab (no variables set) reads the project corpus:

- ``CZLIB_CORPUS_DIR``  the corpus folder (default ``<root>/corpus``);
- ``CZLIB_OUT_DIR``     the output folder (default ``<root>/build``, with the
  figures in ``<root>/figures``; with it set, figures go to ``<out>/figures``);
- ``CZLIB_TABLES_DIR``, ``CZLIB_FIGURES_DIR``  set by the build to its staging
  folders, so that a build's tables and figures replace the previous ones
  only together with its HTML and executed notebooks.

One setting that is not a path: ``CZLIB_MAX_FILE_BYTES``, the largest corpus
file czlib reads (default 10 MiB, :data:`MAX_FILE_BYTES`).  One file is read,
decoded and analysed whole, and its table rows are held until written, so its
size sets the peak memory (a 200 MB file took 13.9 GB; one of 10.4 MB peaks
under 1 GB, ``benchmarks/bench_big_file.py``); a file above the limit is
refused with a message naming it rather than exhausting the machine.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import metadata
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
    corpus: Path | None = None           # another corpus folder (``--corpus``)
    out: Path | None = None              # another output folder (``--out``)

    @classmethod
    def at(cls, root: Path | str | None = None, corpus: Path | str | None = None,
           out: Path | str | None = None) -> "Project":
        """Return the project rooted at ``root`` (default: this process's ``ROOT``).

        ``corpus`` and ``out`` replace the project's corpus folder and its
        output folders (build/ and figures/).
        """
        return cls(Path(root).resolve() if root is not None else ROOT,
                   Path(corpus).resolve() if corpus is not None else None,
                   Path(out).resolve() if out is not None else None)

    @classmethod
    def from_environment(cls) -> "Project":
        """Return the project of this process: root, corpus and output folder from the environment."""
        corpus, out = os.environ.get("CZLIB_CORPUS_DIR"), os.environ.get("CZLIB_OUT_DIR")
        return cls(project_root(), Path(corpus).resolve() if corpus else None,
                   Path(out).resolve() if out else None)

    @property
    def is_own_corpus(self) -> bool:     # the project's corpus built into the project's folders
        return self.corpus is None and self.out is None

    @property
    def corpus_dir(self) -> Path:        # raw documents + metadata + curation
        return self.corpus if self.corpus is not None else self.root / "corpus"

    @property
    def raw_dir(self) -> Path:           # verbatim source files, never edited
        return self.corpus_dir / "raw"

    @property
    def metadata_csv(self) -> Path:
        return self.corpus_dir / "metadata.csv"

    @property
    def curation_dir(self) -> Path:      # user dictionary, gazetteer, overrides
        """The corpus's own curation/ where it has one, else the project's (as the tables use)."""
        own = self.corpus_dir / "curation"
        return own if own.is_dir() or self.corpus is None else self.root / "corpus" / "curation"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def figures_dir(self) -> Path:       # exported figures (the project's are committed)
        return self.out / "figures" if self.out is not None else self.root / "figures"

    @property
    def build_dir(self) -> Path:         # everything regenerated (not committed)
        return self.out if self.out is not None else self.root / "build"

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


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


PROJECT = Project.from_environment()
ROOT = PROJECT.root
CORPUS_DIR = PROJECT.corpus_dir
RAW_DIR = PROJECT.raw_dir
METADATA_CSV = PROJECT.metadata_csv
CURATION_DIR = PROJECT.curation_dir
NOTEBOOKS_DIR = PROJECT.notebooks_dir
FIGURES_DIR = _env_path("CZLIB_FIGURES_DIR", PROJECT.figures_dir)
BUILD_DIR = PROJECT.build_dir
TABLES_DIR = _env_path("CZLIB_TABLES_DIR", PROJECT.tables_dir)
HTML_DIR = PROJECT.html_dir
CACHE_DIR = PROJECT.cache_dir
#: The installed czlib package, and its data (general lexicons, the entity model).
PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA = PACKAGE_DIR / "data"
#: Default largest corpus file read, in bytes (no real article comes near it: 10 MiB is ~3.5 million characters).
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024


def _max_file_bytes() -> int:
    value = os.environ.get("CZLIB_MAX_FILE_BYTES", "").strip().replace("_", "")
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"czlib: CZLIB_MAX_FILE_BYTES={value!r} is not a positive number of bytes; "
                         "fix or unset it")
    return int(value)


#: Largest corpus file read, in bytes: ``CZLIB_MAX_FILE_BYTES``, default :data:`DEFAULT_MAX_FILE_BYTES`.
MAX_FILE_BYTES = _max_file_bytes()


# --- another corpus from a notebook: czlib.use_corpus(path, out=...) ------------------------
# A notebook opened by hand on another corpus calls it first; read_table, load_articles, save_figure/show_figure,
# the gazetteer and the corpus's home then follow that corpus and its output folder, never the project's figures/.

#: The module-level paths of :mod:`czlib.config` that follow the corpus in use.
_PATHS = ("CORPUS_DIR", "RAW_DIR", "METADATA_CSV", "CURATION_DIR", "FIGURES_DIR", "BUILD_DIR", "TABLES_DIR",
          "HTML_DIR", "CACHE_DIR")


def default_out(corpus: Path | str) -> Path:
    """The output folder of a corpus when none is given: ``<corpus>-czlib`` beside it."""
    corpus = Path(corpus).resolve()
    return corpus.parent / f"{corpus.name}-czlib"


def use_corpus(corpus: Path | str, out: Path | str | None = None) -> "Project":
    """Point this process at ``corpus`` with its outputs in ``out`` (tables in ``out/tables``, figures in
    ``out/figures``; default :func:`default_out`); return the project.  ``czlib build --corpus C --out O``
    writes the tables a notebook then reads.  The project's own corpus gives back the project's folders."""
    corpus = Path(corpus).resolve()
    if not corpus.is_dir():
        raise FileNotFoundError(f"{corpus}: corpus folder does not exist (check the path)")
    root = project_root()
    if corpus == (root / "corpus").resolve() and out is None:
        project = Project.at(root)
        os.environ.pop("CZLIB_CORPUS_DIR", None)
        os.environ.pop("CZLIB_OUT_DIR", None)
    else:
        project = Project.at(root, corpus, out if out is not None else default_out(corpus))
        os.environ["CZLIB_CORPUS_DIR"] = str(project.corpus_dir)
        os.environ["CZLIB_OUT_DIR"] = str(project.build_dir)
    for name in ("CZLIB_TABLES_DIR", "CZLIB_FIGURES_DIR"):  # a build's staging folders are not this corpus's
        os.environ.pop(name, None)
    globals()["PROJECT"] = project
    values = {"CORPUS_DIR": project.corpus_dir, "RAW_DIR": project.raw_dir, "METADATA_CSV": project.metadata_csv,
              "CURATION_DIR": project.curation_dir, "FIGURES_DIR": project.figures_dir,
              "BUILD_DIR": project.build_dir, "TABLES_DIR": project.tables_dir, "HTML_DIR": project.html_dir,
              "CACHE_DIR": project.cache_dir}
    globals().update({name: values[name] for name in _PATHS})
    return project


def library_versions(names) -> bytes:
    """``name==version`` lines of installed distributions ("absent" when not installed), for cache keys."""
    lines = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        lines.append(f"{name}=={version}\n")
    return "".join(lines).encode()
