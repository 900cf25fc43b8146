"""Cache entries as verified data: JSON with the key they were made for and a checksum of their content.

Why: a cache folder can be shared (``--cache``, the file system a Dask
cluster needs) or edited by hand, so nothing read from it may run code (no
pickle) and nothing may be used unchecked.  An entry is one file: a header
line ``{"format", "key", "sha256"}`` and then the value as JSON (numpy
arrays as lists: the reader knows their types).  :func:`read_entry` returns the value only when the
header names the key asked for and the content has the recorded sha256;
anything else -- truncated, edited, foreign, made for another key -- is
reported as damaged, and the caller recomputes and overwrites it.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

FORMAT = "czlib-cache-2"


class OlderEntry(ValueError):
    """An entry in the format of another czlib version: a plain miss, not damage."""


class CacheEntryWarning(UserWarning):
    """Cache entries were damaged or foreign and were recomputed (said once per run, in one line)."""


def _encode(value):
    """numpy arrays and scalars as JSON lists and numbers (readers take them back with np.asarray)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    raise TypeError(f"a cache entry cannot hold {type(value).__name__}")


def encode_entry(key: str, value) -> bytes:
    """The bytes of an entry holding ``value`` (JSON data and numpy arrays) for ``key``."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_encode).encode("utf-8")
    header = json.dumps({"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()})
    return header.encode("ascii") + b"\n" + payload


def decode_entry(data: bytes, key: str):
    """The value of an entry's bytes; ValueError saying why when it is not a sound entry for ``key``."""
    head, sep, payload = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        raise ValueError("not a czlib cache entry") from None
    if sep and isinstance(header, dict) and str(header.get("format", "")).startswith("czlib-cache-") \
            and header.get("format") != FORMAT:
        raise OlderEntry(header.get("format"))
    if not sep or not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a czlib cache entry")
    if header.get("key") != key:
        raise ValueError("made for another key")
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise ValueError("content does not match its checksum")
    try:
        return json.loads(payload)
    except ValueError:
        raise ValueError("content unreadable") from None


def write_entry(path: Path, key: str, value) -> None:
    """Store ``value`` for ``key`` at ``path`` atomically; a folder that cannot be written is skipped."""
    data = encode_entry(key, value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_entry(path: Path, key: str) -> tuple[object | None, str | None]:
    """(value, None) for a sound entry; (None, None) when there is none; (None, why) when it is damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    try:
        return decode_entry(data, key), None
    except OlderEntry:
        return None, None
    except ValueError as exc:
        return None, str(exc)


class DamagedEntries:
    """Collects the damaged entries of a run, to say so once in one line (:func:`notice`)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.found: list[tuple[Path, str]] = []

    def add(self, path: Path, why: str) -> None:
        self.found.append((path, why))

    def notice(self) -> None:
        """Warn (:class:`CacheEntryWarning`) once if any entry was damaged; then start afresh."""
        if not self.found:
            return
        (path, why), n = self.found[0], len(self.found)
        more = f" and {n - 1} more" if n > 1 else ""
        with warnings.catch_warnings():
            warnings.simplefilter("always", CacheEntryWarning)  # every run says it, not only the first
            warnings.warn(f"{path}{more}: cache entry {why}; recomputed and rewritten (the cache is "
                          "checked, never trusted)", CacheEntryWarning, stacklevel=2)
        self.found = []
