"""Named-entity spans (PER, LOC, ORG) from czlib's trained character CRF.

Why: hand rules find the people, places and organisations of the pages they were written
for; a statistical model trained on public annotated news (MSRA, see README "Named-entity
model") proposes spans on text nobody tuned rules on.  The rules of
:mod:`czlib.analysis.actors.actors` decide what to keep; this module only tags.

The model (``czlib/data/ner/model.crfsuite``, built by ``scripts/train_ner.py``) is loaded
once per process; its sha256 must equal the one recorded in ``model.json``.  Tagging is
deterministic.  Offsets index the caller's string: normalisation keeps the length.
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ... import config
from .ner_features import TEMPLATE_SHIFT, TEMPLATES, prepare

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
    """A loaded model.  ``header_path``: its model.json (None skips the checksum, for a model being trained).

    The weights are read out of the crfsuite model file once; tagging runs in
    :mod:`czlib.analysis.actors.ner_kernels` on numpy arrays.
    """

    def __init__(self, model_path: Path | str, header_path: Path | str | None = None):
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
        self._load(model_path)

    def _load(self, model_path: Path) -> None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(model_path))
        labels = list(tagger.labels())
        col = {label: i for i, label in enumerate(labels)}
        state, transitions = _model_weights(tagger)
        attr_keys = np.array([int(a) for a, _, _ in state], dtype=np.int64)
        attrs = np.unique(attr_keys)
        weights = np.zeros((len(attrs), len(labels)))
        rows = np.searchsorted(attrs, attr_keys)
        cols = np.fromiter((col[y] for _, y, _ in state), dtype=np.int64, count=len(state))
        weights[rows, cols] = np.fromiter(map(float, (w for _, _, w in state)), dtype=np.float64, count=len(state))
        trans = np.zeros((len(labels), len(labels)))
        for a, b, w in transitions:
            trans[col[a], col[b]] = float(w)
        types = ("O",) + LABELS
        self.labels = labels
        from .ner_kernels import build_tables

        if len(attrs) and not (1 <= attrs[0] >> TEMPLATE_SHIFT and attrs[-1] >> TEMPLATE_SHIFT <= len(TEMPLATES)):
            raise NerModelError(f"{model_path}: attributes of unknown templates; rebuild it with: "
                                "python scripts/train_ner.py")
        # hash tables, one per template: attribute key -> row of weights
        self._tables = build_tables(attrs, TEMPLATE_SHIFT, len(TEMPLATES))
        self._weights, self._trans = weights, trans
        self._label_type = np.array([0 if y == "O" else types.index(y[2:]) for y in labels], dtype=np.int64)
        self._label_begin = np.array([y.startswith("B-") for y in labels], dtype=np.bool_)
        self._inside_of = np.array([0] + [col.get("I-" + t, 0) for t in LABELS], dtype=np.int64)

    def spans(self, text: str) -> tuple[EntitySpan, ...]:
        """Entity spans of ``text``, in order."""
        from .ner_kernels import lookup, tag_spans

        if not text:
            return ()
        _, sentences, keys = prepare(text)
        if not sentences:
            return ()
        idx = lookup(keys, *self._tables, TEMPLATE_SHIFT)
        bounds = np.array(sentences, dtype=np.int64)
        s, e, t, p = tag_spans(idx, self._weights, self._trans, bounds[:, 0], bounds[:, 1],
                               self._label_type, self._label_begin, self._inside_of)
        return tuple(EntitySpan(a, b, LABELS[c - 1], sc, text[a:b])
                     for a, b, c, sc in zip(s.tolist(), e.tolist(), t.tolist(), p.tolist()))


#: A weight line of crfsuite's model dump: ``(type) attribute --> label: weight``.
_DUMP_LINE = re.compile(r"^[ \t]*\(\d+\) (.+) --> (.+): ([+-]?\d+\.\d+)", re.MULTILINE)


def _model_weights(tagger) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(attribute, label, weight) of the state features and (from, to, weight) of the transitions, as text.

    The lines of crfsuite's own dump, which ``Tagger.info()`` reads too, line by line in Python (a
    second per process); here one regular expression per section reads them.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.txt"
        tagger.dump(str(path))
        text = path.read_bytes().decode("utf-8")
    sections = {}
    for name in ("TRANSITIONS", "STATE_FEATURES"):
        start = text.find(f"\n{name} = {{\n")
        if start < 0:
            raise NerModelError(f"crfsuite's dump of the model has no {name} section")
        end = text.find("\n}", start + 1)
        sections[name] = _DUMP_LINE.findall(text, start, end)
    return sections["STATE_FEATURES"], sections["TRANSITIONS"]


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
