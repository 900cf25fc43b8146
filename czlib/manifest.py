"""What czlib wrote in an output folder it replaces (build outputs, table sets), so that replacing it never deletes anything else.

Why: the build swaps whole folders (OUT/html, OUT/executed, OUT/tables,
figures/) into place, and a user may keep their own files there (a
``.gitattributes``, a ``drafts/`` folder, notes).  Each folder the build
writes carries ``.czlib-manifest.json``: the relative path and sha256 of
every file czlib wrote.  When the folder is replaced, every other file --
not in the manifest, or changed since czlib wrote it, or there before the
first manifest -- is carried into the new folder unchanged (hard-linked,
subfolders, dotfiles and links included).  A file czlib did not write that
sits where czlib now writes one, with other bytes, stops the build, naming
it, before anything is replaced; only the project's own build/ and figures/
take such a file, when the folder has no manifest yet, as the output of an
earlier czlib.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

MANIFEST = ".czlib-manifest.json"
_FORMAT = "czlib-manifest-1"


class ForeignFileConflict(Exception):
    """Files czlib did not write are where the build writes its own; the message names them."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, str] | None:
    """{relative path: sha256} of the files czlib wrote in ``folder``; None without a (readable) manifest."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("format") == _FORMAT else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None
    return files


def write_manifest(folder: Path, names) -> None:
    """Record the files ``names`` (relative paths) of ``folder`` as czlib's, with their sha256."""
    files = {name: _sha256(folder / name) for name in sorted(names)
             if name != MANIFEST and (folder / name).is_file()}
    text = json.dumps({"format": _FORMAT, "files": files}, indent=1, sort_keys=True, ensure_ascii=False)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


def _entries(folder: Path) -> tuple[list[str], list[str]]:
    """(files and links, empty folders) under ``folder``, relative posix paths, links not followed."""
    files, empty = [], []
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        rel_dir = base.relative_to(folder)
        for name in dirnames:
            if (base / name).is_symlink():
                files.append((rel_dir / name).as_posix())
        if not filenames and not dirnames and base != folder:
            empty.append(rel_dir.as_posix())
        files.extend((rel_dir / name).as_posix() for name in filenames)
    return sorted(f for f in files if f != MANIFEST), empty


def _carry(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = os.lstat(source).st_mode
    if stat.S_ISLNK(mode):
        os.symlink(os.readlink(source), target)
    elif stat.S_ISREG(mode):
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    else:
        raise ForeignFileConflict(f"{source}: not a regular file, the build cannot keep it in the new "
                                  f"{source.parent.name}/; move it out of {source.parent}, then build again")


def merge_foreign(old: Path, new: Path, written: set[str], *, adopt_unlisted: bool = False) -> list[str]:
    """Carry what czlib did not write from ``old`` into ``new`` (which replaces it); return what was kept.

    ``written``: the relative paths czlib wrote into ``new`` in this run.
    Files of ``old`` czlib wrote (in its manifest, unchanged) stay behind
    unless ``new`` still holds them.  Then ``new`` gets its manifest.
    Raises :class:`ForeignFileConflict` when a file czlib did not write is at
    a path in ``written`` with other bytes (``adopt_unlisted``: a folder
    without a manifest takes such files as czlib's earlier output).
    """
    manifest = read_manifest(old) if old.is_dir() else {}
    listed = manifest or {}
    ours_before = set()
    kept, conflicts = [], []
    files, empty = _entries(old) if old.is_dir() else ([], [])
    for rel in files:
        source, target = old / rel, new / rel
        if rel in listed and not source.is_symlink() and source.is_file() and _sha256(source) == listed[rel]:
            ours_before.add(rel)
            continue
        if rel in written:
            if target.is_file() and source.is_file() and not source.is_symlink() \
                    and _sha256(source) == _sha256(target):
                continue
            if manifest is None and adopt_unlisted:
                continue
            conflicts.append(rel)
            continue
        if not os.path.lexists(target):
            _carry(source, target)
        kept.append(rel)
    if conflicts:
        shown = ", ".join(str(old / c) for c in conflicts[:3]) + (" …" if len(conflicts) > 3 else "")
        raise ForeignFileConflict(
            f"{shown}: not written by czlib (not in {MANIFEST}, or changed since), and the build writes "
            f"{'these files' if len(conflicts) > 1 else 'this file'} anew; move "
            f"{'them' if len(conflicts) > 1 else 'it'} elsewhere (or choose another --out), then build again")
    for rel in empty:
        (new / rel).mkdir(parents=True, exist_ok=True)
        kept.append(rel + "/")
    ours_now = set(written) | {rel for rel in ours_before if (new / rel).is_file()}
    write_manifest(new, ours_now)
    return kept
