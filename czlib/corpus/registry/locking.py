"""Registering a file atomically, and the corpus lock around it.

Why: ``czlib add`` writes two things, the raw file and its metadata row, and
no file system renames two files at once.  A kill between them used to leave
a raw file without its row, which every later command refused as stray.  So
an add writes the bytes under a hidden name (no reader lists hidden files),
swaps in ``metadata.csv`` with the new row, and only then gives the file its
name (:func:`register`); the next command that takes the lock finishes an add
whose row is in and removes one whose row is not (:func:`recover`).  Adds hold
an exclusive flock on the corpus folder (:func:`exclusive`), readers a shared
one (:func:`shared`), so a reader never sees an add half-way.

The metadata format is not this module's: callers pass ``registered``, a
function returning ``{file: sha256}`` of the rows in metadata.csv, and the
function that writes the new metadata.csv.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
import warnings
from pathlib import Path
from typing import Callable

from ..reading.decoding import CorpusFileError
from .names import shown

#: Prefix of a raw file being added (hidden, so no reader lists it).
ADDING_PREFIX = ".adding-"
#: Prefix of a metadata.csv being written beside the real one.
METADATA_PREFIX = ".metadata."
RAW_NAME = "raw"

Registered = Callable[[Path], "dict[str, str]"]


def _flock(fd: int, mode: int, corpus_dir: Path, timeout: float, log: Callable[[str], None] | None,
           waiting: str) -> None:
    """Take an flock on ``fd``, waiting up to ``timeout`` s; CorpusFileError when it is not free by then."""
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    if log is not None:
        log(waiting)
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(0.05)
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise CorpusFileError(corpus_dir, f"another czlib add has held this corpus for {timeout:.0f} s; "
                                                  "let it finish (or stop it) and try again") from None


def _open_folder(corpus_dir: Path) -> int:
    return os.open(corpus_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


@contextlib.contextmanager
def exclusive(corpus_dir: Path, timeout: float, log: Callable[[str], None] | None, registered: Registered):
    """Hold the exclusive lock of a corpus (one add at a time); a half-done add is finished or undone first."""
    fd = _open_folder(corpus_dir)
    try:
        _flock(fd, fcntl.LOCK_EX, corpus_dir, timeout, log,
               f"waiting for another czlib add registering into {shown(corpus_dir)}")
        for line in recover(corpus_dir, registered):
            warnings.warn(line, stacklevel=4)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def shared(corpus_dir: Path, timeout: float, registered: Registered):
    """Hold a shared lock of a corpus while reading its metadata and file list: never in the middle of an add.

    What a killed add left is finished or undone first (under the exclusive
    lock, briefly), so a reader never reports as stray a file that czlib itself
    was registering.  A folder that cannot be opened or locked, or is
    read-only, is read as it is (the readers report what they find).
    """
    try:
        fd = _open_folder(corpus_dir)
    except OSError:
        yield
        return
    try:
        try:
            if leftovers(corpus_dir):
                _flock(fd, fcntl.LOCK_EX, corpus_dir, timeout, None, "")
                for line in recover(corpus_dir, registered):
                    warnings.warn(line, stacklevel=4)
            _flock(fd, fcntl.LOCK_SH, corpus_dir, timeout, None, "")
        except OSError:
            pass  # a read-only folder, or a file system without flock: read as it is
        yield
    finally:
        os.close(fd)


def leftovers(corpus_dir: Path) -> list[Path]:
    """What a killed ``czlib add`` leaves: a hidden raw file being added, a metadata.csv being written."""
    found = []
    for folder, prefix in ((corpus_dir / RAW_NAME, ADDING_PREFIX), (corpus_dir, METADATA_PREFIX)):
        try:
            with os.scandir(folder) as scan:
                found += [Path(entry.path) for entry in scan if entry.name.startswith(prefix)]
        except OSError:
            pass
    return found


def recover(corpus_dir: Path, registered: Registered) -> list[str]:
    """Finish or undo an add that was killed (SIGKILL, power loss); call holding the exclusive lock.

    Killed before metadata.csv was swapped, its row is not registered: the
    hidden files are removed.  Killed after, the row is registered: the file
    is given its name (when its checksum is the row's).  Returns what was
    done, one line each.
    """
    done = []
    rows: dict[str, str] | None = None
    for path in leftovers(corpus_dir):
        if path.parent == corpus_dir:  # a metadata.csv that was never swapped in
            path.unlink(missing_ok=True)
            continue
        name = path.name[len(ADDING_PREFIX):]
        rows = registered(corpus_dir) if rows is None else rows
        target = path.with_name(name)
        expected = rows.get(f"{RAW_NAME}/{name}")
        if expected and not target.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == expected:
            os.replace(path, target)
            done.append(f"{shown(target)}: finished an interrupted czlib add (its row was registered)")
        else:
            path.unlink(missing_ok=True)
            done.append(f"{shown(path)}: removed the partial copy left by an interrupted czlib add "
                        "(nothing was registered)")
    return done


def register(data: bytes, sha256: str, target: Path, source: Path, write_metadata: Callable[[], Path],
             metadata_path: Path) -> None:
    """Copy the bytes to ``target`` and swap in metadata.csv so that both appear together or not at all.

    Call holding :func:`exclusive`.  Order: the bytes go to a hidden name and
    are synced; ``write_metadata()`` writes the new metadata.csv beside the
    old one (returning its path), which is swapped in; the file gets its name.
    A failure undoes what was done; a kill leaves hidden files that the next
    command holding the lock finishes or removes (:func:`recover`).
    """
    hidden = target.with_name(ADDING_PREFIX + target.name)
    tmp_metadata = None
    registered = False
    try:
        with open(hidden, "xb") as handle:  # the lock is held and leftovers were recovered: a new file
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if hashlib.sha256(hidden.read_bytes()).hexdigest() != sha256:
            raise CorpusFileError(source, "changed while being copied; nothing registered")
        tmp_metadata = write_metadata()
        os.replace(tmp_metadata, metadata_path)
        registered = True
        os.replace(hidden, target)
    except BaseException:
        if registered and hidden.exists():  # the row is in: the file must be too
            os.replace(hidden, target)
        else:
            hidden.unlink(missing_ok=True)
        if tmp_metadata is not None:
            tmp_metadata.unlink(missing_ok=True)
        raise
