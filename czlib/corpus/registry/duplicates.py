"""Duplicates by content: the same article in another encoding, line-ending style or script is one text.

A copy of an article saved as GB18030 instead of UTF-8, with a byte-order
mark, with CRLF line ends, as UTF-16 or converted to Traditional script has
other bytes but the same text.  :func:`fingerprint` hashes what analysis
reads (``Document.text``: decoded, line ends and Unicode normalised, pinyin
glosses removed, Traditional converted to Simplified) after folding what a
script conversion does not round-trip (OpenCC's t2s does not undo every s2t
choice: 璇 → 璿 stays 璿; Taiwan and Hong Kong variants) and ignoring blank
lines and the spaces at line ends.  Two documents with one fingerprint are
duplicates; ``czlib add`` refuses the second unless told it is deliberate (a
reprint in another outlet is research data), ``czlib check`` reports them.

Fingerprints of registered documents are kept in a small index keyed by the
raw file's SHA-256 (:class:`FingerprintIndex`, under ``build/cache``), so
``czlib add`` on a corpus of 10⁵ documents reads only the files it has not
seen before.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from ... import config
from ..reading.decoding import Document

#: Bump when the fingerprint of the same document would change.
FINGERPRINT_VERSION = "1"
#: Modules and libraries that shape ``Document.text`` (part of the index's name); a folder: all its modules
#: (every module of ``corpus/web`` reads a saved page into its text).
_SHAPING_MODULES = ("corpus/reading/decoding.py", "corpus/reading/reading.py", "corpus/web/",
                    "corpus/registry/duplicates.py", "text/glosses.py", "text/scripts.py")
_SHAPING_PACKAGES = ("opencc", "charset-normalizer", "trafilatura")

#: The notes marker of a deliberate second copy (``czlib add --allow-duplicate``).
DELIBERATE = "duplicate of {doc_id} (kept deliberately: czlib add --allow-duplicate)"
_DELIBERATE = re.compile(r"duplicate of (\S+) \(kept deliberately")

_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return [opencc.OpenCC(name) for name in ("hk2s", "tw2s", "s2t", "t2s")]


def fold_script(text: str) -> str:
    """Text folded to one script form: Hong Kong and Taiwan variants to Simplified, then t2s(s2t(·))."""
    if not _CJK.search(text):
        return text
    for converter in _converters():
        text = converter.convert(text)
    return text


def fingerprint_text(text: str) -> str:
    """SHA-256 of a normalised text, script folded, blank lines and line-end spaces ignored."""
    lines = (line.strip() for line in fold_script(text).split("\n"))
    return hashlib.sha256("\n".join(line for line in lines if line).encode("utf-8")).hexdigest()


def fingerprint(doc: Document) -> str:
    """The content fingerprint of a decoded document (see the module docstring)."""
    return fingerprint_text(doc.text)


def deliberate_duplicate_of(notes: str) -> str | None:
    """The doc_id a metadata row's notes say it deliberately duplicates, else None."""
    match = _DELIBERATE.search(notes or "")
    return match.group(1) if match else None


def _package_dir() -> Path:
    return config.PACKAGE_DIR


@lru_cache(maxsize=1)
def index_version() -> str:
    """A digest of everything that shapes a fingerprint: the decoding code, the library versions."""
    digest = hashlib.sha256(FINGERPRINT_VERSION.encode())
    package = _package_dir()
    for entry in _SHAPING_MODULES:
        paths = sorted((package / entry).glob("*.py")) if entry.endswith("/") else [package / entry]
        for path in paths:
            rel = path.relative_to(package).as_posix()
            digest.update(rel.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    digest.update(config.library_versions(_SHAPING_PACKAGES))
    return digest.hexdigest()[:16]


class FingerprintIndex:
    """Raw SHA-256 -> fingerprint, one JSON file per index version; a missing or unwritable cache is no error."""

    def __init__(self, folder: Path | str | None = None):
        folder = Path(folder) if folder is not None else config.CACHE_DIR / "fingerprints"
        self.path = folder / f"fingerprints-{index_version()}.json"
        try:
            self.entries: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def get(self, sha256: str) -> str | None:
        return self.entries.get(sha256)

    def put(self, sha256: str, value: str) -> None:
        if self.entries.get(sha256) != value:
            self.entries[sha256] = value
            self.changed = True

    def save(self) -> None:
        """Write the index atomically; skipped silently where the cache folder cannot be written."""
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".fingerprints-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(self.entries, handle, sort_keys=True, separators=(",", ":"))
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self.changed = False
