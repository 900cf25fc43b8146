"""jieba.posseg's part-of-speech HMM, run on out-of-vocabulary stretches exactly as posseg does, faster.

The model tables are posseg's own; the Viterbi runs batched over all the
stretches of a text in a compiled kernel (:mod:`czlib.text.segmentation.posseg_kernels`),
with the same arithmetic, so tags are identical to ``jieba.posseg``.
"""
from __future__ import annotations

import contextlib
import functools
import logging
import re
from pathlib import Path
from typing import Iterator

import numpy as np


# Character classes for Segmenter.tag (see char_classes).
_OTHER, _HAN, _ALNUM, _MASK = 0, 1, 2, 3
# The code points that jieba-rs (its RE_HAN_DEFAULT) puts in Chinese blocks and
# posseg does not: '%', '-' and CJK outside U+4E00..U+9FD5.  Found by testing
# every code point; tests/test_segment.py checks both ends of each range.
_JIEBA_RS_ONLY_HAN = ((0x25, 0x25), (0x2D, 0x2D), (0x3400, 0x4DBF), (0x9FD6, 0x9FFF),
                      (0xF900, 0xFAFF), (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF), (0x2F800, 0x2FA1F))
# What those become before jieba-rs sees the text: NUL, one character outside
# any Chinese block for both posseg and jieba-rs.
MASK_CHAR = "\x00"
# scan_words's "no joined ASCII run is a dictionary word".
NO_FLAGS = np.zeros(0, dtype=bool)

# jieba.posseg.viterbi's score for an emission the model has never seen.
_MIN_FLOAT = -3.14e100

# jieba.posseg's block rules (jieba 0.42.1, jieba/posseg/__init__.py), copied so
# that czlib's fast path splits text exactly where posseg does.
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_RE_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_RE_NUM = re.compile("[\\.0-9]+")
_RE_ENG = re.compile("[a-zA-Z0-9]+")


def jieba_dict_path() -> Path:
    """jieba's dict.txt, found without importing jieba (its import costs ~0.1 s)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("czlib needs the jieba package (its dictionary): pip install jieba")
    for location in spec.submodule_search_locations:
        path = Path(location) / "dict.txt"
        if path.is_file():
            return path.resolve()
    raise FileNotFoundError(f"jieba's dict.txt not found in {list(spec.submodule_search_locations)}")

@contextlib.contextmanager
def quiet_jieba() -> Iterator[None]:
    """Silence jieba's 'Building prefix dict ...' chatter for the duration of a block."""
    logger = logging.getLogger("jieba")
    old = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(old)


@functools.lru_cache(maxsize=1)
def posseg_model():
    """jieba.posseg itself, for the reference tokenizer (imported lazily: the import costs ~1 s)."""
    with quiet_jieba():
        import jieba.posseg as posseg
    return posseg


@functools.lru_cache(maxsize=1)
def _posseg_tables() -> tuple[dict, dict, dict, dict]:
    """jieba.posseg's HMM tables: (char_state_tab_P, start_P, trans_P, emit_P).

    Read from jieba's four table modules without importing ``jieba.posseg``,
    whose import costs ~1 s (it builds a POSTokenizer and reads dict.txt for
    its tags); the tables alone load from their bytecode in ~0.1 s.  Falls
    back to the import if jieba's layout ever changes.
    """
    import importlib.util

    folder = jieba_dict_path().parent / "posseg"
    tables = []
    for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"):
        path = folder / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"_czlib_posseg_{name}", path)
        if not path.is_file() or spec is None:
            ps = posseg_model()
            return ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tables.append(module.P)
    return tuple(tables)


def _csr(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The True columns of each row of a boolean matrix, as (row pointers, ascending column indices)."""
    ptr = np.zeros(mask.shape[0] + 1, dtype=np.int64)
    np.cumsum(mask.sum(axis=1), out=ptr[1:])
    return ptr, np.nonzero(mask)[1].astype(np.int64)


class PossegViterbi:
    """jieba.posseg's Viterbi (``jieba/posseg/viterbi.py``) compiled with numba, with identical results.

    posseg's HMM has 256 states (B/M/E/S x POS tag).  jieba scores, for each
    character and allowed state, every previous state in Python: ~70 µs a
    character on the unknown characters of new text.  Here the model becomes
    arrays, states indexed in tuple order (so the tie-break of jieba's tuple
    ``max``, "the largest state", is "the largest index"), and a compiled
    kernel (``czlib.text.segmentation.posseg_kernels``) runs many stretches per call, scanning
    only the transitions that exist (20 of 256 per state on average).  Same
    state sets, same float operations in the same order: same paths and
    probabilities; the tests compare it with jieba's Viterbi on corpus and
    random text.  Build it from jieba's tables, as ``jieba.posseg.viterbi``
    takes them.
    """

    def __init__(self, char_states, start_p, trans_p, emit_p):
        self._kernels = kernels()  # imports numba (~0.4 s): only when the HMM is needed
        self.order = order = sorted(trans_p)
        self.n = n = len(order)
        self.index = index = {state: i for i, state in enumerate(order)}
        self.tags = [tag for _, tag in order]
        self.bmes = np.array(["BMES".index(b) for b, _ in order], dtype=np.int8)
        self.start = np.array([start_p[s] for s in order], dtype=np.float64)
        self.trans = trans = np.full((n, n), -np.inf)
        exists = np.zeros((n, n), dtype=bool)
        for state, nexts in trans_p.items():
            for nxt, p in nexts.items():
                trans[index[state], index[nxt]] = p
                exists[index[state], index[nxt]] = True
        self.has_next = exists.any(axis=1)
        self.succ_ptr, self.succ_idx = _csr(exists)
        self.succ_val = trans[np.repeat(np.arange(n), np.diff(self.succ_ptr)), self.succ_idx]
        self.pred_ptr, self.pred_idx = _csr(exists.T)
        self.pred_val = trans[self.pred_idx, np.repeat(np.arange(n), np.diff(self.pred_ptr))]
        # Character ids: 0 for a character the model has never seen (every
        # emission MIN_FLOAT, every state allowed), 1.. for the known ones.
        chars = sorted(set(char_states).union(*emit_p.values()))
        ids = {ch: i for i, ch in enumerate(chars, 1)}
        self._char_ids = np.zeros(max(map(ord, chars)) + 2, dtype=np.int32)
        self._char_ids[[ord(ch) for ch in chars]] = np.arange(1, len(chars) + 1, dtype=np.int32)
        self.emit = np.full((len(chars) + 1, n), _MIN_FLOAT)
        for state, probs in emit_p.items():
            rows = np.fromiter(map(ids.__getitem__, probs), dtype=np.int64, count=len(probs))
            self.emit[rows, index[state]] = np.fromiter(probs.values(), dtype=np.float64, count=len(probs))
        # A character char_states lists may take only its states; an empty
        # list in the kernel means all states (jieba: states.get(char, all_states)).
        allowed = np.zeros((len(chars) + 1, n), dtype=bool)
        for ch, states in char_states.items():
            allowed[ids[ch], [index[s] for s in states]] = True
        self.allow_ptr, self.allow_idx = _csr(allowed)

    def _codes(self, text: str) -> np.ndarray:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        return self._char_ids[np.minimum(cp, len(self._char_ids) - 1)]

    def run(self, stretches: list[str], joined: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Viterbi on each (non-empty) stretch: (state per character, stretch bounds, log probability per stretch).

        ``joined`` is ``"".join(stretches)`` if the caller has it already.
        """
        bounds = np.zeros(len(stretches) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, stretches), dtype=np.int64, count=len(stretches)), out=bounds[1:])
        if len(stretches) != np.count_nonzero(np.diff(bounds)):
            raise ValueError("PossegViterbi: empty stretch (jieba's viterbi needs a character)")
        codes = self._codes("".join(stretches) if joined is None else joined)
        states = np.empty(len(codes), dtype=np.int16)
        probs = np.empty(len(stretches))
        self._kernels.viterbi_many(codes, bounds, self.start, self.emit, self.trans, self.pred_ptr,
                                   self.pred_idx, self.pred_val, self.succ_ptr, self.succ_idx,
                                   self.succ_val, self.allow_ptr, self.allow_idx, self.has_next,
                                   states, probs)
        return states, bounds, probs

    def __call__(self, obs: str) -> tuple[float, list[tuple[str, str]]]:
        """Return (log probability, state per character), as ``jieba.posseg.viterbi``."""
        states, _, probs = self.run([obs])
        return float(probs[0]), [self.order[i] for i in states.tolist()]

    def cut_many(self, stretches: list[str]) -> list[tuple[tuple[str, str], ...]]:
        """posseg's ``__cut`` on each Chinese stretch: its (word, pos) pairs, one Viterbi call for all."""
        if not stretches:
            return []
        joined = "".join(stretches)
        states, bounds, _ = self.run(stretches, joined)
        m = len(states)
        starts, ends = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
        word_states = np.empty(m, dtype=np.int16)
        word_bounds = np.empty(len(stretches) + 1, dtype=np.int64)
        self._kernels.words_from_states(states, bounds, self.bmes, starts, ends, word_states, word_bounds)
        nw = int(word_bounds[-1])
        words = list(map(joined.__getitem__, map(slice, starts[:nw].tolist(), ends[:nw].tolist())))
        pairs = tuple(zip(words, map(self.tags.__getitem__, word_states[:nw].tolist())))
        wb = word_bounds.tolist()
        return list(map(pairs.__getitem__, map(slice, wb, wb[1:])))


@functools.lru_cache(maxsize=1)
def _posseg_viterbi() -> PossegViterbi:
    return PossegViterbi(*_posseg_tables())


#: posseg_hmm's memo: out-of-vocabulary stretch -> its (word, pos) pairs.
_HMM_MEMO: dict[str, tuple[tuple[str, str], ...]] = {}
# Emptied when it would grow past this many stretches (~100 MB).
_HMM_MEMO_LIMIT = 1 << 18


def posseg_hmm(buf: str) -> tuple[tuple[str, str], ...]:
    """posseg's HMM on an out-of-vocabulary stretch: (word, pos) pairs.

    Same rules as jieba's ``POSTokenizer.__cut_detail``: Chinese runs go
    through posseg's Viterbi (which both cuts and tags, so unknown names come
    out as nr/ns/nt), digits are tagged m and Latin letters eng.  The result
    depends only on ``buf`` and jieba's model, so it is memoised per process
    (``posseg_hmm.cache_clear()`` empties the memo).  ``Segmenter.tag`` does
    all the stretches of a text in one batch (``posseg_hmm_many``).
    """
    out = _HMM_MEMO.get(buf)
    if out is None:
        out = posseg_hmm_many([buf])[buf]
    return out


posseg_hmm.cache_clear = _HMM_MEMO.clear


def posseg_hmm_many(bufs) -> dict[str, tuple[tuple[str, str], ...]]:
    """posseg_hmm of each of ``bufs``, with one Viterbi call for all those not in the memo.

    Batched because a text has thousands of stretches (20,000 in the GWR
    reports) and each kernel call costs microseconds of set-up.
    """
    memo = _HMM_MEMO
    found = {}
    todo = []
    for buf in bufs:
        if buf not in found:
            out = found[buf] = memo.get(buf)
            if out is None:
                todo.append(buf)
    if not todo:
        return found
    if len(memo) + len(todo) > _HMM_MEMO_LIMIT:
        memo.clear()
    # Most stretches are one Chinese run; the others split as in __cut_detail.
    mixed = {buf: _RE_HAN_DETAIL.split(buf) for buf in todo if not _RE_HAN_DETAIL.fullmatch(buf)}
    runs = list(dict.fromkeys([buf for buf in todo if buf not in mixed] +
                              [run for parts in mixed.values() for run in parts[1::2]]))
    cut = dict(zip(runs, _posseg_viterbi().cut_many(runs)))
    for buf in todo:
        parts = mixed.get(buf)
        if parts is None:
            found[buf] = memo[buf] = cut[buf]
            continue
        out = []
        for i, blk in enumerate(parts):     # odd items: the Chinese runs
            if i % 2:
                out += cut[blk]
            elif blk:
                for x in _RE_SKIP_DETAIL.split(blk):
                    if x:
                        if _RE_NUM.match(x):
                            out.append((x, "m"))
                        elif _RE_ENG.match(x):
                            out.append((x, "eng"))
                        else:
                            out.append((x, "x"))
        found[buf] = memo[buf] = tuple(out)
    return found


@functools.lru_cache(maxsize=1)
def char_classes() -> np.ndarray:
    """The class of every code point for Segmenter.tag: _HAN, _ALNUM, _MASK or _OTHER (1.1 MB).

    _HAN and _ALNUM (ASCII letters and digits) make up posseg's Chinese
    blocks (``_RE_HAN``); _MASK marks what only jieba-rs would add to them.
    """
    classes = np.full(0x110000, _OTHER, dtype=np.uint8)
    for a, b in _JIEBA_RS_ONLY_HAN:
        classes[a:b + 1] = _MASK
    classes[0x4E00:0x9FD6] = _HAN
    classes[[ord(ch) for ch in "+#&._"]] = _HAN
    classes[[ord(ch) for ch in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = _ALNUM
    return classes


@functools.lru_cache(maxsize=1)
def re_mask() -> re.Pattern:
    """A character that jieba-rs puts in Chinese blocks and posseg does not."""
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _JIEBA_RS_ONLY_HAN)
                      + "]")


@functools.lru_cache(maxsize=1)
def kernels():
    """czlib.text.segmentation.posseg_kernels, imported on first use (importing numba costs ~0.4 s)."""
    from . import posseg_kernels

    return posseg_kernels
