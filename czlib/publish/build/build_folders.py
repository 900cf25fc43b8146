"""The build's folders: one lock per build, staged outputs swapped in together, rolled forward after a kill.

Figures, executed notebooks and HTML are written to a staging folder and swapped
in as one set (a journal lets the next run finish or undo a swap a kill
interrupted), so a failed, killed or interrupted build leaves the previous
outputs in place.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from pathlib import Path

from ...manifest import ForeignFileConflict, merge_foreign
from .build_cache import (write_atomic)

DEFAULT_CELL_TIMEOUT = 600  # seconds per cell

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Run in each kernel before the first cell: pandas' Styler, unlike DataFrame,
# does not escape cell text; corpus text is untrusted, so the build turns
# escaping on (the HTML export sanitises outputs again regardless).  The
# kernel also watches the build process and exits when it is gone (a
# SIGKILLed build leaves no kernel behind).
KERNEL_SETUP = ('__import__("pandas").set_option("styler.format.escape", "html"); '
                '__import__("czlib.publish.build.kernel_guard", fromlist=["_"]).watch_build()')


class BuildError(Exception):
    """The build stopped; the message says where and why.  Previous outputs are untouched."""


# --- folders ---------------------------------------------------------------------

class BuildInterrupted(BaseException):
    """The build got SIGINT or SIGTERM; carries the signal number (exit status 128 + signum)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


@contextlib.contextmanager
def build_lock(build_dir: Path):
    """Hold an exclusive lock on the output folder so two builds into it never interleave."""
    import fcntl

    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another czlib build is running in {build_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Return {file name: (mtime_ns, size)} for the visible files directly in ``folder``."""
    if not folder.is_dir():
        return {}
    result = {}
    for path in folder.iterdir():
        if path.is_file() and not path.name.startswith("."):
            stat = path.stat()
            result[path.name] = (stat.st_mtime_ns, stat.st_size)
    return result


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def stage_copy(source: Path, target: Path) -> None:
    """Fill the new folder ``target`` with the files directly in ``source`` (hard links where possible)."""
    target.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        for path in sorted(source.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                link_or_copy(path, target / path.name)


def check_writable(folders: list[Path]) -> None:
    """Raise PermissionError naming the first folder the swap could not replace (checked before any kernel runs).

    Replacing ``folder`` renames it, which needs write access to the folder
    itself (its ``..`` entry changes) and to its parent.
    """
    for folder in folders:
        for place in (folder, folder.parent):
            if place.exists() and not os.access(place, os.W_OK | os.X_OK):
                raise PermissionError(13, "permission denied (read-only)", str(place))


# The swap: the staged folders replace the previous outputs.  A journal names the
# pairs first, so a build killed in the middle of the swap is rolled forward by the
# next build (or `czlib build` run again) before anything else happens.
_JOURNAL = ".swap.json"


def swap_in(build_dir: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Move each staged folder onto its target (previous target removed last); journalled."""
    journal = build_dir / _JOURNAL
    write_atomic(journal, json.dumps([[str(a), str(b)] for a, b in pairs], indent=1))
    roll_forward(build_dir)


def _journal_pairs(build_dir: Path, text: str, targets: list[Path] | None) -> list[tuple[Path, Path]]:
    """The (staged, target) pairs of a journal; ValueError unless each is a staging folder of this
    build folder and one of its output folders (a planted journal must not move anything else)."""
    pairs = json.loads(text)
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2
                                              and all(isinstance(x, str) for x in p) for p in pairs):
        raise ValueError("not a list of folder pairs")
    result = [(Path(a), Path(b)) for a, b in pairs]
    for staged, target in result:
        if staged.parent.parent != build_dir or not staged.parent.name.startswith(".staging-") \
                or (targets is not None and target not in targets) or staged.name != target.name:
            raise ValueError(f"names a folder the build does not write ({target})")
    return result


def roll_forward(build_dir: Path, targets: list[Path] | None = None) -> str | None:
    """Finish a journalled swap (no-op without a journal); return a note when the journal was unusable.

    A journal that cannot be read, or names folders the build does not write,
    is removed unused; previous outputs a killed swap had moved aside are put
    back where their folder is missing.
    """
    journal = build_dir / _JOURNAL
    if not journal.is_file():
        return None
    try:
        pairs = _journal_pairs(build_dir, journal.read_text(encoding="utf-8"), targets)
    except (OSError, ValueError) as exc:
        for target in targets or []:
            for old in build_dir.glob(f".staging-*/{target.name}.previous"):
                if not target.exists():
                    os.replace(old, target)
        journal.unlink()
        return f"{journal}: unusable swap journal ({exc}); removed, nothing was moved"
    olds = []
    for staged, target in pairs:
        old = staged.with_name(staged.name + ".previous")
        if staged.exists():
            if target.exists() and not old.exists():
                os.replace(target, old)
            elif target.exists():
                shutil.rmtree(target)
            os.replace(staged, target)
        olds.append(old)
    journal.unlink()
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
    return None


def keep_foreign_files(targets: dict[str, Path], staging: Path, figures: set[str], *, claim_written: bool,
                       log) -> None:
    """Carry the files czlib did not write from each output folder into its staged successor.

    Nothing is replaced yet; a file czlib did not write where the build writes
    one stops the build, naming it (:mod:`czlib.manifest`).  ``figures``: the
    figure files the notebooks wrote (the rest of staging/figures is a copy
    of the current figures).
    """
    for name, target in targets.items():
        folder = staging / name
        folder.mkdir(exist_ok=True)
        written = figures if name == "figures" else {
            p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        try:
            kept = merge_foreign(target, folder, written, claim_written=claim_written)
        except ForeignFileConflict as exc:
            raise BuildError(str(exc)) from None
        if kept:
            shown = ", ".join(kept[:4]) + (f" and {len(kept) - 4} more" if len(kept) > 4 else "")
            log(f"note: kept {len(kept)} file(s) in {target} that czlib did not write: {shown}")
