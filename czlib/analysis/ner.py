"""Named-entity spans (PER, LOC, ORG) from czlib's trained character CRF.

Why: hand rules find the people, places and organisations of the pages they were written
for; a statistical model trained on public annotated news (MSRA, see README "Named-entity
model") proposes spans on text nobody tuned rules on.  The rules of
:mod:`czlib.analysis.actors` decide what to keep; this module only tags.

The model (``czlib/data/ner/model.crfsuite``, built by ``scripts/train_ner.py``) is loaded
once per process; its sha256 must equal the one recorded in ``model.json``.  Tagging is
deterministic.  Offsets index the caller's string: normalisation keeps the length.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import config
from .ner_features import text_features

__all__ = ["EntitySpan", "NerModelError", "Recogniser", "entity_spans", "MODEL_PATH", "HEADER_PATH"]

MODEL_PATH = config.PACKAGE_DATA / "ner" / "model.crfsuite"
HEADER_PATH = config.PACKAGE_DATA / "ner" / "model.json"
LABELS = ("PER", "LOC", "ORG")


class NerModelError(RuntimeError):
    """The model file is missing or is not the one its header describes."""


@dataclass(frozen=True)
class EntitySpan:
    """``text == source[start:end]``; ``score``: the model's marginal probability of the span's tags
    (the smallest per-character marginal, an upper bound of the joint probability)."""

    start: int
    end: int
    label: str
    score: float
    text: str


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Recogniser:
    """A loaded model.  ``header``: its model.json (None skips the checksum, for a model being trained)."""

    def __init__(self, model_path: Path | str, header_path: Path | str | None = None):
        import pycrfsuite

        model_path = Path(model_path)
        if not model_path.is_file():
            raise NerModelError(f"{model_path}: named-entity model missing; rebuild it with: python scripts/train_ner.py")
        if header_path is not None:
            header_path = Path(header_path)
            try:
                expected = json.loads(header_path.read_text(encoding="utf-8"))["model_sha256"]
            except (OSError, ValueError, KeyError) as exc:
                raise NerModelError(f"{header_path}: unreadable model header ({exc}); "
                                    "rebuild it with: python scripts/train_ner.py") from None
            if sha256_file(model_path) != expected:
                raise NerModelError(f"{model_path}: sha256 differs from {header_path.name}; "
                                    "rebuild it with: python scripts/train_ner.py")
        self.path = model_path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._lock = threading.Lock()  # a crfsuite tagger holds one sequence at a time

    def spans(self, text: str) -> tuple[EntitySpan, ...]:
        """Entity spans of ``text``, in order."""
        if not text:
            return ()
        _, sentences, features = text_features(text)
        out = []
        tagger = self._tagger
        with self._lock:
            for (s0, _), xseq in zip(sentences, features):
                tagger.set(xseq)
                tags = tagger.tag()
                n = len(tags)
                i = 0
                while i < n:
                    tag = tags[i]
                    if tag == "O":
                        i += 1
                        continue
                    label = tag[2:]
                    inside = "I-" + label
                    j = i + 1
                    while j < n and tags[j] == inside:
                        j += 1
                    score = min(tagger.marginal(tags[k], k) for k in range(i, j))
                    if j < n:
                        score = min(score, 1.0 - tagger.marginal(inside, j))
                    out.append(EntitySpan(s0 + i, s0 + j, label, float(score), text[s0 + i:s0 + j]))
                    i = j
        return tuple(out)


_DEFAULT: Recogniser | None = None
_DEFAULT_LOCK = threading.Lock()


def default_recogniser() -> Recogniser:
    """The shipped model, loaded (and checksum-checked) once per process."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Recogniser(MODEL_PATH, HEADER_PATH)
    return _DEFAULT


def entity_spans(text: str) -> tuple[EntitySpan, ...]:
    """PER/LOC/ORG spans of ``text`` found by the shipped model, with offsets into ``text``."""
    return default_recogniser().spans(text)
