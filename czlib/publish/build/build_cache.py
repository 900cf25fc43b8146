"""The build's cache: content digests of its inputs, and executed notebooks and HTML kept by key.

A notebook is executed again only when its key changes: the key hashes the
notebook's source (outputs stripped), every file of the corpus folder, the
czlib package source and data, other files in the notebooks folder, and the
Python and library versions (:func:`input_digests`).  Rendering-only code
(:data:`RENDER_ONLY`) keys the HTML, not the execution.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from importlib import metadata as importlib_metadata
from pathlib import Path

from ... import config
from ...config import Project
from ...manifest import sha256_file

KERNEL_NAME = "python3"
CACHE_VERSION = "2"  # bump to invalidate every cache entry
# Files of the czlib package that only affect rendering, not what a notebook computes.
RENDER_ONLY = ("publish/build/build.py", "publish/build/build_folders.py", "publish/build/html.py",
               "publish/build/templates")
# Installed packages whose version can change what a notebook computes.
KEY_PACKAGES = ("czlib", "pandas", "numpy", "matplotlib", "jieba", "rjieba", "wordcloud",
                "opencc", "networkx", "charset-normalizer", "stopwordsiso", "mplfonts",
                "ipykernel", "matplotlib-inline")
RENDER_PACKAGES = ("nbconvert", "bleach", "mistune", "fonttools", "pygments")
KEEP_OLD_CACHE_ENTRIES = 2  # per notebook, besides the one in use

def write_atomic(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part-{os.getpid()}")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


# --- hashing -------------------------------------------------------------------

def _listed_files(folder: Path, skip: Callable[[Path], bool] = lambda p: False) -> list[Path]:
    """Regular files under ``folder``, sorted, without hidden files, caches or ``skip`` matches."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        if path.is_file() and path.suffix != ".pyc" and not skip(rel):
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def file_manifest(folder: Path, skip: Callable[[Path], bool] = lambda p: False) -> dict[str, str]:
    """Return {relative posix path: sha256} for the files under ``folder`` (see ``_listed_files``)."""
    return {path.relative_to(folder).as_posix(): sha256_file(path) for path in _listed_files(folder, skip)}


def manifest_digest(manifest: dict[str, str]) -> str:
    """Return a sha256 over a file manifest's names and hashes."""
    digest = hashlib.sha256()
    for name in sorted(manifest):
        digest.update(name.encode("utf-8") + b"\0" + manifest[name].encode("ascii") + b"\n")
    return digest.hexdigest()


def files_digest(folder: Path, skip: Callable[[Path], bool] = lambda p: False) -> str:
    """Return a sha256 over the relative names and bytes of the files under ``folder``."""
    return manifest_digest(file_manifest(folder, skip))


def _package_versions(names: Iterable[str]) -> str:
    parts = [f"python={sys.version.split()[0]}"]
    for name in names:
        try:
            parts.append(f"{name}={importlib_metadata.version(name)}")
        except importlib_metadata.PackageNotFoundError:
            parts.append(f"{name}=absent")
    return ";".join(parts)


def notebook_source_digest(nb) -> str:
    """Return a sha256 of what a notebook computes: cell types and sources, outputs ignored."""
    digest = hashlib.sha256()
    digest.update(str(nb.metadata.get("kernelspec", {}).get("name", "")).encode() + b"\0")
    for cell in nb.cells:
        digest.update(cell.cell_type.encode() + b"\0" + cell.source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _is_render_only(rel: Path) -> bool:
    return any(rel.as_posix() == name or rel.as_posix().startswith(name + "/") for name in RENDER_ONLY)


def input_manifests(project: Project) -> dict[str, dict[str, str]]:
    """Return the file manifests a notebook's outputs depend on, by part name.

    Parts: ``corpus`` (every file of the corpus folder: raw texts,
    metadata.csv, curation files), ``czlib code`` (package source and data,
    minus the rendering-only modules) and ``notebook files`` (non-notebook
    files in the notebooks folder).
    """
    package_dir = config.PACKAGE_DIR
    return {
        "corpus": file_manifest(project.corpus_dir),
        "czlib code": file_manifest(package_dir, _is_render_only),
        "notebook files": file_manifest(project.notebooks_dir, lambda rel: rel.suffix == ".ipynb"),
    }


def input_digests(project: Project, manifests: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """Return named sha256 digests of everything besides its own source that a notebook depends on.

    The parts of :func:`input_manifests` plus ``versions`` (Python and
    library versions) and the cache format.
    """
    manifests = manifests if manifests is not None else input_manifests(project)
    digests = {name: manifest_digest(manifest) for name, manifest in manifests.items()}
    digests["cache format"] = f"{CACHE_VERSION}/{KERNEL_NAME}"
    digests["versions"] = hashlib.sha256(_package_versions(KEY_PACKAGES).encode()).hexdigest()
    return digests


def combine_digests(parts: dict[str, str]) -> str:
    """Return one sha256 over named digests (sorted by name)."""
    text = "\n".join(f"{name}={value}" for name, value in sorted(parts.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render_digest() -> str:
    """Return a sha256 of the code and package versions that turn an executed notebook into HTML."""
    package_dir = config.PACKAGE_DIR
    digest = hashlib.sha256()
    for name in RENDER_ONLY:
        path = package_dir / name
        if path.is_dir():
            digest.update(files_digest(path).encode())
        elif path.is_file():
            digest.update(sha256_file(path).encode())
    digest.update(_package_versions(RENDER_PACKAGES).encode())
    return digest.hexdigest()


def strip_for_cache(nb) -> None:
    """Drop volatile metadata nbclient or the kernel may add."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


# --- the cache ---------------------------------------------------------------------

class NotebookCache:
    """Executed notebooks by key under ``<cache>/notebooks/<name>/<key>.ipynb`` (+ ``.json``).

    The record (``.json``) names the key and the sha256 of the notebook file;
    an entry whose record is unreadable, made for another key or whose
    notebook changed is not used (:attr:`damaged` says why) and is executed
    again.
    """

    def __init__(self, cache_dir: Path):
        self.dir = cache_dir / "notebooks"
        self.damaged: dict[str, str] = {}  # notebook name -> "<record path>: why"

    def _paths(self, name: str, key: str) -> tuple[Path, Path]:
        folder = self.dir / name
        return folder / f"{key}.ipynb", folder / f"{key}.json"

    def get(self, name: str, key: str, figures_dir: Path):
        """Return (executed notebook, record) when cached, verified and its figures intact, else None."""
        import nbformat

        nb_path, record_path = self._paths(name, key)
        if not (nb_path.is_file() and record_path.is_file()):
            return None
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            data = nb_path.read_bytes()
            problem = _record_problem(record, key, hashlib.sha256(data).hexdigest())
            nb = nbformat.reads(data.decode("utf-8"), as_version=4) if problem is None else None
        except (OSError, ValueError) as exc:
            problem = f"unreadable ({type(exc).__name__})"
        except Exception as exc:  # nbformat raises several types for a bad notebook
            problem = f"not a notebook ({type(exc).__name__})"
        if problem is not None:
            self.damaged[name] = f"{record_path}: cache entry {problem}"
            return None
        for figure, sha in record["figures"].items():
            path = figures_dir / figure
            if not path.is_file() or sha256_file(path) != sha:
                return None
        return nb, record

    def why_missing(self, name: str, key: str, parts: dict[str, str],
                    manifests: dict[str, dict[str, str]] | None = None) -> str:
        """Return why ``key`` has no usable entry, comparing with the newest entry's inputs.

        Names the changed parts and, where the entry kept file manifests,
        up to three changed files (e.g. "changed: czlib code (themes.py)").
        """
        folder = self.dir / name
        records = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        if name in self.damaged:
            return "its cache entry was damaged"
        if not records:
            return "not built before"
        if (folder / f"{key}.json").is_file():
            return "its figures in figures/ are missing or changed"
        try:
            previous = json.loads(records[0].read_text(encoding="utf-8"))
        except ValueError:
            return "cache entry unreadable"
        previous = previous if isinstance(previous, dict) else {}
        old_parts, old_files = previous.get("inputs"), previous.get("files")
        old_parts = old_parts if isinstance(old_parts, dict) else {}
        old_files = old_files if isinstance(old_files, dict) else {}
        changed = []
        for part in parts:
            if old_parts.get(part) == parts[part]:
                continue
            files = ""
            if manifests and part in manifests and isinstance(old_files.get(part), dict):
                new, old = manifests[part], old_files[part]
                names = sorted(n for n in set(new) | set(old) if new.get(n) != old.get(n))
                if names:
                    files = " (" + ", ".join(names[:3]) + (", ..." if len(names) > 3 else "") + ")"
            changed.append(part + files)
        return ("changed: " + ", ".join(changed)) if changed else "inputs changed"

    def put(self, name: str, key: str, nb, record: dict) -> None:
        """Store an executed notebook and its record (figures written, timing)."""
        import nbformat

        nb_path, record_path = self._paths(name, key)
        data = nbformat.writes(nb).encode("utf-8")
        write_atomic(nb_path, data)
        record = {**record, "key": key, "notebook_sha256": hashlib.sha256(data).hexdigest()}
        write_atomic(record_path, json.dumps(record, indent=1, sort_keys=True, ensure_ascii=False))

    def prune(self, used: dict[str, str]) -> None:
        """Keep, per notebook, the entry in use plus the few most recent others; drop the rest."""
        if not self.dir.is_dir():
            return
        for folder in self.dir.iterdir():
            if not folder.is_dir():
                continue
            if folder.name not in used:
                shutil.rmtree(folder, ignore_errors=True)
                continue
            keys = {p.stem for p in folder.glob("*.json")}
            others = sorted((k for k in keys if k != used[folder.name]),
                            key=lambda k: (folder / f"{k}.json").stat().st_mtime_ns, reverse=True)
            for key in others[KEEP_OLD_CACHE_ENTRIES:]:
                for suffix in (".ipynb", ".json"):
                    (folder / f"{key}{suffix}").unlink(missing_ok=True)


def _record_problem(record, key: str, notebook_sha256: str) -> str | None:
    """Why a notebook-cache record cannot be used for ``key``, or None."""
    if not isinstance(record, dict):
        return "not a cache record"
    if record.get("key") != key:
        return "made for another key"
    if record.get("notebook_sha256") != notebook_sha256:
        return "notebook does not match its checksum"
    figures = record.get("figures")
    if not isinstance(figures, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in figures.items()):
        return "figures unreadable"
    if any(Path(k).is_absolute() or ".." in Path(k).parts for k in figures):
        return "names a figure outside figures/"
    return None


def html_cache_get(cache_dir: Path, key: str) -> tuple[tuple[str, str] | None, str | None]:
    """((full page, reader page), None) when cached and verified; (None, why) when damaged; (None, None)."""
    folder = cache_dir / "html"
    full, reader, record = folder / f"{key}.html", folder / f"{key}.reader.html", folder / f"{key}.json"
    if not (full.is_file() and reader.is_file() and record.is_file()):
        return None, None
    try:
        sums = json.loads(record.read_text(encoding="utf-8"))
        pages = full.read_bytes(), reader.read_bytes()
    except (OSError, ValueError) as exc:
        return None, f"{record}: cache entry unreadable ({type(exc).__name__})"
    if not isinstance(sums, dict) or sums.get("key") != key:
        return None, f"{record}: cache entry made for another key"
    for path, data, field in ((full, pages[0], "full"), (reader, pages[1], "reader")):
        if hashlib.sha256(data).hexdigest() != sums.get(field):
            return None, f"{path}: cached page does not match its checksum"
    try:
        return (pages[0].decode("utf-8"), pages[1].decode("utf-8")), None
    except UnicodeDecodeError:
        return None, f"{full}: cached page unreadable"


def html_cache_put(cache_dir: Path, key: str, full: str, reader: str) -> None:
    folder = cache_dir / "html"
    data = full.encode("utf-8"), reader.encode("utf-8")
    write_atomic(folder / f"{key}.html", data[0])
    write_atomic(folder / f"{key}.reader.html", data[1])
    write_atomic(folder / f"{key}.json", json.dumps({"key": key, "full": hashlib.sha256(data[0]).hexdigest(),
                                                      "reader": hashlib.sha256(data[1]).hexdigest()}))


def html_cache_prune(cache_dir: Path, used: set[str]) -> None:
    folder = cache_dir / "html"
    if folder.is_dir():
        for path in [*folder.glob("*.html"), *folder.glob("*.json")]:
            if path.name.split(".")[0] not in used:
                path.unlink(missing_ok=True)


def tables_record(path: Path) -> tuple[dict, str | None]:
    """The record of the current table set ({"key", "files": {name: sha256}}), or ({}, why it is unusable)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {}, f"unreadable ({type(exc).__name__})"
    files = record.get("files") if isinstance(record, dict) else None
    if not (isinstance(files, dict) and isinstance(record.get("key"), str)
            and all(isinstance(v, str) and isinstance(n, str) and "/" not in n and n not in ("", ".", "..")
                    for n, v in files.items())):
        return {}, "not a table-set record"
    return record, None
