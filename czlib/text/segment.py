"""Chinese word segmentation with POS tags and character offsets, owned by czlib.

Why this module exists: plain jieba cuts the domain terms of this coverage
apart (京长对口合作 becomes 京长/对口/合作), tags unknown names inconsistently,
and its module-level default tokenizer is global state that any other
library can change.  czlib therefore keeps its *own* dictionary (jieba's
main dictionary plus the corpus user dictionary in
``corpus/curation/userdict.txt``) and never touches ``jieba.dt``.

What the segmentation is: exactly jieba's tagged segmentation
(``jieba.posseg`` with HMM) over that dictionary, computed faster.  jieba's
posseg spends most of its time in pure Python: building the word graph for
every sentence and running a part-of-speech HMM over out-of-vocabulary
stretches.  czlib builds the graph with jieba-rs (through ``rjieba``) loaded
with *the same* dictionary entries and frequencies, replays posseg's rules for
joining single characters in Python, and runs posseg's own HMM (its model
tables, with its Viterbi rewritten in numpy, same results) on the
out-of-vocabulary stretches, memoised because the same stretches recur
(names, place names).  ``Segmenter.reference_tokenize``
runs jieba's posseg itself on the same dictionary, so the two can be
compared; the test suite and ``benchmarks/bench_segmentation.py`` do.

Every token carries ``start``/``end`` character offsets with
``text[start:end] == token.word``.  Whitespace is not returned as tokens.

Typical use::

    from czlib import tokenize, token_table
    tokenize("京长对口合作推动科技创新")      # -> [Token(word='京长对口合作', pos='nz', ...), ...]
    tokens = token_table(load_articles())   # cached under build/cache/tokens
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import os
import pickle
import re
import tempfile
import threading
from dataclasses import dataclass
from importlib import metadata
from itertools import accumulate, compress
from operator import itemgetter
from pathlib import Path
from typing import Iterator, NamedTuple

import numpy as np
import pandas as pd

from .. import config

__all__ = [
    "SEGMENTATION_VERSION",
    "DEFAULT_USERDICT",
    "Token",
    "UserDictEntry",
    "Segmenter",
    "get_segmenter",
    "dictionary_fingerprint",
    "read_userdict",
    "tokenize",
    "posseg_hmm",
    "PossegViterbi",
    "split_sentences",
    "sentence_index",
    "token_table",
    "TOKEN_COLUMNS",
]

#: Bump when the tokens produced for the same text and dictionary change
#: (it is part of every cache key).
SEGMENTATION_VERSION = "2"

#: The corpus user dictionary (jieba format: ``word [freq] [tag]`` per line).
DEFAULT_USERDICT = config.CURATION_DIR / "userdict.txt"

#: Columns of the token table, in order.
TOKEN_COLUMNS = ["doc_id", "article_id", "sentence", "token", "pos", "start", "end", "content"]

# jieba.posseg's block rules (jieba 0.42.1, jieba/posseg/__init__.py), copied so
# that czlib's fast path splits text exactly where posseg does.
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
_RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_RE_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_RE_NUM = re.compile("[\\.0-9]+")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
# jieba's user-dictionary line format (jieba.re_userdict).
_RE_USERDICT = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")

# Pads jieba-rs's frequency total (see Segmenter.__init__); never matches text.
_TOTAL_PADDING_WORD = "\ue000czlib-total-padding"

# Separates Chinese blocks in the single jieba-rs call per text.
_SEP = "\x00"

# jieba.posseg.viterbi's score for an emission the model has never seen.
_MIN_FLOAT = -3.14e100

# Layout of the cached token-table pack (see _assemble); a pack in another
# layout is treated as a cache miss.
_PACK_FORMAT = "czlib-tokens-2"

# Sentence ends: Chinese and ASCII full stops, exclamation and question marks,
# semicolons (NFKC turns ！？； into !?;) and line breaks.  Closing quotes and
# brackets that follow a terminator stay with its sentence.
_RE_SENTENCE_END = re.compile("[。！？!?；;]+[”’」』)）]*|\n")


class Token(NamedTuple):
    """One token: ``text[start:end] == word``; ``pos`` is a jieba (ICTCLAS-style) tag."""

    word: str
    pos: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"word": self.word, "pos": self.pos, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class UserDictEntry:
    """One line of a jieba user dictionary (``freq``/``tag`` may be missing)."""

    word: str
    freq: int | None
    tag: str | None
    lineno: int


def read_userdict(path: str | os.PathLike | None = None) -> list[UserDictEntry]:
    """Return the entries of a jieba-format user dictionary, in file order.

    The format is jieba's own (``word [freq] [tag]``, UTF-8, one entry a line,
    blank lines ignored) so the same file also works with
    ``jieba.load_userdict``.  A malformed line raises ``ValueError`` naming the
    file and line.
    """
    path = Path(path) if path is not None else config.CURATION_DIR / "userdict.txt"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"user dictionary not found: {path}") from None
    return _parse_userdict(raw, path)


def _parse_userdict(raw: bytes, path: Path) -> list[UserDictEntry]:
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: user dictionary must be UTF-8 ({exc})") from None
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        word, freq, tag = _RE_USERDICT.match(line).groups()
        if " " in word or "\t" in word:
            raise ValueError(
                f"{path}, line {lineno}: {line!r} is not 'word [freq] [tag]' "
                "(words cannot contain spaces; tags are lower-case letters)")
        entries.append(UserDictEntry(word, int(freq) if freq else None,
                                     tag.strip() if tag else None, lineno))
    return entries


def _userdict_source(userdict) -> tuple[Path | None, bytes]:
    """Resolve the ``userdict`` argument: (path or None, file bytes).

    None: the corpus user dictionary (``corpus/curation/userdict.txt``; none if
    the project has no such file).  False: jieba's dictionary only.  A path:
    that file, which must exist.
    """
    if userdict is False:
        return None, b""
    if userdict is None:
        path = (config.CURATION_DIR / "userdict.txt").resolve()  # read now: config may be re-pointed
        return path, path.read_bytes() if path.is_file() else b""
    if userdict is True:
        raise TypeError("userdict must be a path, None (the corpus dictionary) or False (none)")
    path = Path(userdict).resolve()
    try:
        return path, path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"user dictionary not found: {path}") from None


def _jieba_dict_path() -> Path:
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


@functools.lru_cache(maxsize=1)
def _main_dictionary() -> tuple[tuple[str, int, str], ...]:
    """jieba's main dictionary as (word, freq, tag) entries, in file order."""
    entries = []
    for line in _jieba_dict_path().read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        entries.append((word, int(freq), tag))
    return tuple(entries)


@functools.lru_cache(maxsize=1)
def _main_dictionary_hash() -> str:
    return hashlib.sha256(_jieba_dict_path().read_bytes()).hexdigest()


@functools.lru_cache(maxsize=16)
def _fingerprint(userdict_bytes: bytes) -> str:
    digest = hashlib.sha256()
    for part in (f"czlib-segment-v{SEGMENTATION_VERSION}", f"jieba-{metadata.version('jieba')}",
                 _main_dictionary_hash()):
        digest.update(part.encode() + b"\0")
    digest.update(userdict_bytes)
    return digest.hexdigest()


def dictionary_fingerprint(userdict=None) -> str:
    """Return a hash of everything that determines the tokens of a text.

    That is: ``SEGMENTATION_VERSION``, the jieba version and main dictionary,
    and the bytes of the user dictionary (``userdict`` as in
    :func:`get_segmenter`).  Cheap (no dictionary is built), so caches can be
    checked before any segmenter exists.
    """
    return _fingerprint(_userdict_source(userdict)[1])


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's 'Building prefix dict ...' chatter for the duration of a block."""
    logger = logging.getLogger("jieba")
    old = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(old)


@functools.lru_cache(maxsize=1)
def _posseg_model():
    """jieba.posseg's HMM tables and Viterbi (imported lazily: the import costs ~0.3 s)."""
    with _quiet_jieba():
        import jieba.posseg as posseg
    return posseg


class PossegViterbi:
    """jieba.posseg's Viterbi (``jieba/posseg/viterbi.py``) in numpy, with identical results.

    posseg's HMM has 256 states (B/M/E/S x POS tag).  jieba computes, per
    character and per allowed state, a Python ``max`` over tuples
    ``(V[prev] + trans + emit, prev_state)``; this class does the same sums in
    the same order on arrays.  States are indexed in tuple order, so "the
    largest state among equal scores" (the tie-break of jieba's tuple ``max``)
    is "the last index among equal scores".  The state sets follow jieba's
    rules exactly: a character's allowed states (all 256 when unknown)
    intersected with the successors of the previous states, falling back to
    the successors when the intersection is empty.  About eight times faster
    than jieba's loop; the tests compare the two on corpus and random text.
    """

    def __init__(self, char_states, start_p, trans_p, emit_p):
        self.order = sorted(trans_p)
        self.n = n = len(self.order)
        index = {state: i for i, state in enumerate(self.order)}
        self.index = index
        self.start = np.array([start_p[s] for s in self.order])
        self.trans = np.full((n, n), -np.inf)
        self.successors = np.zeros((n, n), dtype=bool)
        for state, nexts in trans_p.items():
            for nxt, p in nexts.items():
                self.trans[index[state], index[nxt]] = p
                self.successors[index[state], index[nxt]] = True
        self.has_next = self.successors.any(axis=1)
        self.all_states = np.ones(n, dtype=bool)
        self._char_states = char_states
        self._emit_p = emit_p
        self._emit: dict[str, np.ndarray] = {}
        self._allowed: dict[str, np.ndarray] = {}

    def _emission(self, char: str) -> np.ndarray:
        e = self._emit.get(char)
        if e is None:
            e = self._emit[char] = np.array([self._emit_p[s].get(char, _MIN_FLOAT) for s in self.order])
        return e

    def _allowed_states(self, char: str) -> np.ndarray:
        m = self._allowed.get(char)
        if m is None:
            states = self._char_states.get(char)
            if states is None:
                m = self.all_states
            else:
                m = np.zeros(self.n, dtype=bool)
                m[[self.index[s] for s in states]] = True
            self._allowed[char] = m
        return m

    def __call__(self, obs: str) -> tuple[float, list[tuple[str, str]]]:
        """Return (log probability, state per character), as ``jieba.posseg.viterbi``."""
        defined = np.flatnonzero(self._allowed_states(obs[0]))
        V = np.full(self.n, -np.inf)
        V[defined] = self.start[defined] + self._emission(obs[0])[defined]
        back = []
        for char in obs[1:]:
            prev = defined[self.has_next[defined]]
            expect = self.successors[prev].any(axis=0)
            allowed = self._allowed_states(char) & expect
            if not allowed.any():
                allowed = expect if expect.any() else self.all_states
            cur = np.flatnonzero(allowed)
            cand = V[prev][:, None] + self.trans[np.ix_(prev, cur)]
            cand += self._emission(char)[cur][None, :]
            best = len(prev) - 1 - cand[::-1].argmax(axis=0)   # last maximum = largest state
            V = np.full(self.n, -np.inf)
            V[cur] = cand[best, np.arange(len(cur))]
            pointers = np.zeros(self.n, dtype=np.int64)
            pointers[cur] = prev[best]
            back.append(pointers)
            defined = cur
        values = V[defined]
        top = values.max()
        state = defined[np.flatnonzero(values == top)[-1]]
        route = [0] * len(obs)
        for t in range(len(obs) - 1, -1, -1):
            route[t] = state
            if t:
                state = back[t - 1][state]
        return float(top), [self.order[i] for i in route]


@functools.lru_cache(maxsize=1)
def _posseg_viterbi() -> PossegViterbi:
    ps = _posseg_model()
    return PossegViterbi(ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)


@functools.lru_cache(maxsize=1 << 17)
def posseg_hmm(buf: str) -> tuple[tuple[str, str], ...]:
    """posseg's HMM on an out-of-vocabulary stretch: (word, pos) pairs.

    Same rules as jieba's ``POSTokenizer.__cut_detail``: Chinese runs go
    through posseg's Viterbi (which both cuts and tags, so unknown names come
    out as nr/ns/nt), digits are tagged m and Latin letters eng.  The result
    depends only on ``buf`` and jieba's model, so it is memoised per process
    (``posseg_hmm.cache_clear()`` empties it).
    """
    viterbi = _posseg_viterbi()
    out = []
    for blk in _RE_HAN_DETAIL.split(buf):
        if not blk:
            continue
        if _RE_HAN_DETAIL.match(blk):
            _, pos_list = viterbi(blk)
            begin = nexti = 0
            for i, char in enumerate(blk):
                state = pos_list[i][0]
                if state == "B":
                    begin = i
                elif state == "E":
                    out.append((blk[begin:i + 1], pos_list[i][1]))
                    nexti = i + 1
                elif state == "S":
                    out.append((char, pos_list[i][1]))
                    nexti = i + 1
            if nexti < len(blk):
                out.append((blk[nexti:], pos_list[nexti][1]))
        else:
            for x in _RE_SKIP_DETAIL.split(blk):
                if x:
                    if _RE_NUM.match(x):
                        out.append((x, "m"))
                    elif _RE_ENG.match(x):
                        out.append((x, "eng"))
                    else:
                        out.append((x, "x"))
    return tuple(out)


def _rjieba_from(entries) -> "rjieba.Jieba":
    import rjieba

    rj = rjieba.Jieba.empty()
    for word, f, tag in entries:
        rj.add_word(word, f, tag)
    return rj


class Segmenter:
    """czlib's tokenizer: jieba's dictionary + a user dictionary, posseg-exact output.

    Build one with :func:`get_segmenter` (cached per dictionary content) rather
    than directly.  ``userdict`` is None (the corpus dictionary), a path, or
    False (jieba's dictionary alone); ``cache_dir`` is where the jieba
    reference tokenizer keeps its dictionary cache.  ``fingerprint`` identifies
    the dictionary state and the segmentation version; caches key on it.
    """

    def __init__(self, userdict=None, cache_dir: str | os.PathLike | None = None):
        import rjieba

        self.userdict_path, self.userdict_bytes = _userdict_source(userdict)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR
        user_entries = (_parse_userdict(self.userdict_bytes, self.userdict_path)
                        if self.userdict_bytes else [])
        main_entries = _main_dictionary()

        # word -> frequency (> 0) and word -> POS tag, as jieba's FREQ and
        # posseg's word_tag_tab; the total is jieba's (it counts the one
        # duplicated line of dict.txt, B超, twice).
        freq: dict[str, int] = {}
        tags: dict[str, str] = {}
        total = 0
        for word, f, tag in main_entries:
            freq[word] = f
            tags[word] = tag
            total += f
        # jieba-rs sums the frequencies of distinct words; pad its total to
        # jieba's with an entry no text can match (a private-use character is
        # never inside a Chinese block), so both score paths identically.
        padding = total - sum(freq.values())
        rj = _rjieba_from(main_entries)
        if padding:
            rj.add_word(_TOTAL_PADDING_WORD, padding, "x")
        # User entries are applied in file order, as jieba.load_userdict does; a
        # missing frequency is jieba's suggest_freq(word), computed against the
        # dictionary as it stands at that line (so this pass needs a word graph
        # that grows entry by entry).  A re-listed word replaces its old
        # frequency in the total (jieba.add_word would count both).
        retagged = False
        self.user_entries: list[UserDictEntry] = []
        for entry in user_entries:
            f = entry.freq
            if f is None:
                p = 1.0
                for seg in rj.cut(entry.word, False):
                    p *= freq.get(seg, 1) / total
                f = max(int(p * total) + 1, freq.get(entry.word, 1))
            if f <= 0:
                raise ValueError(f"{self.userdict_path}, line {entry.lineno}: frequency must be positive")
            total += f - freq.get(entry.word, 0)
            if entry.word in freq and entry.tag and tags.get(entry.word) != entry.tag:
                retagged = True
            freq[entry.word] = f
            if entry.tag:
                tags[entry.word] = entry.tag
            rj.add_word(entry.word, f, entry.tag or tags.get(entry.word, "x"))
            self.user_entries.append(UserDictEntry(entry.word, f, entry.tag, entry.lineno))
        if retagged:
            # rjieba keeps the first tag it saw for a word; rebuild it from the
            # final table so that its tags are the user's.
            rj = rjieba.Jieba.empty()
            for word, f in freq.items():
                rj.add_word(word, f, tags.get(word, "x"))
            if padding:
                rj.add_word(_TOTAL_PADDING_WORD, padding, "x")
        self._rj = rj
        self._freq = freq
        self._tags = tags
        self.total = total
        self._reference = None
        self._lock = threading.Lock()
        self.fingerprint = _fingerprint(self.userdict_bytes)

    # -- tagging ---------------------------------------------------------------

    def has_word(self, word: str) -> bool:
        """Whether ``word`` is in the dictionary (jieba's main dictionary or the user dictionary)."""
        return word in self._freq

    def pos_of(self, word: str) -> str | None:
        """The dictionary POS tag of ``word``, or None when it has none."""
        return self._tags.get(word)

    def frequency(self, word: str) -> int:
        """The dictionary frequency of ``word`` (0 when it is not a dictionary word)."""
        return self._freq.get(word, 0)

    def _flush(self, buf: str, out: list) -> None:
        tags = self._tags
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif buf not in self._freq:
            out.extend(posseg_hmm(buf))
        else:
            for ch in buf:
                out.append((ch, tags.get(ch, "x")))

    def _tag_han_blocks(self, blocks: list[str], out: list) -> None:
        """posseg.__cut_DAG on each block, the word graphs cut and tagged by jieba-rs.

        ``blocks`` alternates non-Chinese and Chinese blocks, as
        ``_RE_HAN.split`` returns them.  All Chinese blocks go to jieba-rs in
        one call, separated by NUL (not a Chinese character for jieba-rs
        either, so the blocks stay independent).
        """
        freq = self._freq
        flush = self._flush
        append = out.append
        stream = iter(self._rj.tag(_SEP.join(blocks[1::2]), False))
        for i, blk in enumerate(blocks):
            if not i % 2:
                # Outside Chinese blocks posseg tags every character x (digits,
                # Latin letters and '.' never reach here: they belong to the
                # Chinese blocks); whitespace runs are split into characters,
                # except \r\n.  Whitespace is dropped later.
                if "\r\n" in blk:
                    for x in _RE_SKIP.split(blk):
                        if x == "\r\n":
                            append((x, "x"))
                        else:
                            out.extend((ch, "x") for ch in x)
                else:
                    out.extend((ch, "x") for ch in blk)
                continue
            buf = ""
            for pair in stream:
                w = pair[0]
                if w == _SEP:
                    break
                # Single-character steps collect in buf, as in posseg.  jieba-rs
                # joins runs of single ASCII letters/digits in its no-HMM cut;
                # posseg sees them as single-character steps too.
                if len(w) == 1 or (w.isascii() and w.isalnum() and w not in freq):
                    buf += w
                    continue
                if buf:
                    flush(buf, out)
                    buf = ""
                append(pair)
            if buf:
                flush(buf, out)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Return (word, pos) pairs covering ``text`` exactly, whitespace included."""
        if not isinstance(text, str):
            raise TypeError(f"tokenize() needs a str, got {type(text).__name__}")
        out: list[tuple[str, str]] = []
        if _SEP in text:
            # NUL never occurs in article text; if it does, cut line by line.
            for line in text.split(_SEP):
                out.extend(self.tag(line))
                out.append((_SEP, "x"))
            out.pop()
            return out
        self._tag_han_blocks(_RE_HAN.split(text), out)
        return out

    def tokenize(self, text: str) -> list[Token]:
        """Return the tokens of ``text`` (whitespace dropped) with POS and offsets."""
        with _gc_paused():
            return _to_tokens(self.tag(text))

    # -- jieba itself, for comparison --------------------------------------------

    def jieba_tokenizer(self):
        """A ``jieba.Tokenizer`` with the same dictionary (its cache file under ``cache_dir/jieba``).

        Built on first use; jieba's global default tokenizer is left alone.
        """
        with self._lock:
            if self._reference is None:
                import jieba

                cache = self.cache_dir / "jieba"
                cache.mkdir(parents=True, exist_ok=True)
                tk = jieba.Tokenizer()
                tk.cache_file = str(cache / "jieba.cache")
                with _quiet_jieba():
                    tk.initialize()
                    for e in self.user_entries:
                        tk.add_word(e.word, e.freq, e.tag)
                # jieba's add_word adds an existing word's new frequency to the
                # total without removing the old one; use the exact total.
                tk.total = self.total
                self._reference = (tk, _posseg_model().POSTokenizer(tk))
        return self._reference[0]

    def reference_tag(self, text: str) -> list[tuple[str, str]]:
        """(word, pos) pairs from ``jieba.posseg`` itself on the same dictionary (slow)."""
        self.jieba_tokenizer()
        return [(p.word, p.flag) for p in self._reference[1].cut(text)]

    def reference_tokenize(self, text: str) -> list[Token]:
        """Tokens from ``jieba.posseg`` itself on the same dictionary (slow; for checks)."""
        return _to_tokens(self.reference_tag(text))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small tuples.

    Tokens are acyclic, but every 700 allocations CPython scans the young
    objects, and a big token list makes those scans cost more than building
    the tokens (3x on a 1 M character text).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _to_tokens(pairs: list[tuple[str, str]]) -> list[Token]:
    words = list(map(itemgetter(0), pairs))
    ends = list(accumulate(map(len, words)))
    keep = [not w.isspace() for w in words]
    new = tuple.__new__
    return [new(Token, (w, t, e - len(w), e))
            for (w, t), e in zip(compress(pairs, keep), compress(ends, keep))]


_SEGMENTERS: dict[str, tuple[str, Segmenter]] = {}
_SEGMENTERS_LOCK = threading.Lock()


def get_segmenter(userdict=None) -> Segmenter:
    """Return the Segmenter for a user dictionary.

    ``userdict``: None for the corpus dictionary ``corpus/curation/userdict.txt``
    (none if the project has no such file), a path to another jieba-format
    file, or False for jieba's dictionary alone.  Segmenters are built once per
    process (about a second: jieba's 349,046 dictionary entries are loaded into
    jieba-rs) and rebuilt when the user dictionary's content changes.
    """
    path, content = _userdict_source(userdict)
    fingerprint = _fingerprint(content)
    key = str(path) if path is not None else ""
    with _SEGMENTERS_LOCK:
        cached = _SEGMENTERS.get(key)
        if cached is None or cached[0] != fingerprint:
            cached = _SEGMENTERS[key] = (fingerprint, Segmenter(False if path is None or not path.is_file() else path))
    return cached[1]


def tokenize(text: str, userdict=None) -> list[Token]:
    """Return the tokens of ``text``: ``Token(word, pos, start, end)``, whitespace dropped.

    Same output as ``jieba.posseg.cut`` (HMM on) with jieba's dictionary plus
    the corpus user dictionary (``userdict`` as in :func:`get_segmenter`), and
    ``text[t.start:t.end] == t.word``.
    """
    return get_segmenter(userdict).tokenize(text)


# -- sentences -----------------------------------------------------------------


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the non-empty sentences of ``text``.

    Sentences end at 。！？!?；; (with any closing quotes) and at line breaks;
    spans are stripped of surrounding whitespace.
    """
    spans = []
    start = 0
    for m in _RE_SENTENCE_END.finditer(text):
        _append_stripped(text, start, m.end(), spans)
        start = m.end()
    _append_stripped(text, start, len(text), spans)
    return spans


def _append_stripped(text: str, a: int, b: int, spans: list) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        spans.append((a, b))


def sentence_index(text: str, starts) -> np.ndarray:
    """Return, for each character offset in ``starts``, the index of its sentence in ``text``."""
    sentence_starts = np.array([s for s, _ in split_sentences(text)], dtype=np.int64)
    idx = np.searchsorted(sentence_starts, np.asarray(starts, dtype=np.int64), side="right") - 1
    return np.maximum(idx, 0)


# -- token table and its cache ----------------------------------------------------


def _atomic_pickle(obj, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _load_pickle(path: Path):
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: treat as a miss, it gets rewritten
        return None


class _ContentMemo(dict):
    """(word, pos) -> is_content_token(word, pos), computed once per pair."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def __missing__(self, key):
        value = self[key] = self.rule(*key)
        return value


def _article_tokens(seg: Segmenter, text: str, content: _ContentMemo, pairs=None) -> dict:
    """Segment one article text into column arrays (the unit stored in the cache); ``pairs`` if already tagged."""
    pairs = seg.tag(text) if pairs is None else pairs
    words = [w for w, _ in pairs]
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ends = np.cumsum(lengths)
    keep = ~np.fromiter(map(str.isspace, words), dtype=bool, count=len(words))
    kept = list(compress(pairs, keep))
    ends = ends[keep]
    starts = ends - lengths[keep]
    return {
        "token": [w for w, _ in kept],
        "pos": [t for _, t in kept],
        "start": starts,
        "end": ends,
        "sentence": sentence_index(text, starts),
        "content": np.fromiter(map(content.__getitem__, kept), dtype=bool, count=len(kept)),
    }


def _encode(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode strings: (int32 codes, unique values in first-seen order)."""
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32,
                        count=len(values))
    return codes, list(index)


def _decode(codes: np.ndarray, uniques: list[str]):
    # take() on the (small) array of unique strings: no per-row validation
    return pd.array(uniques, dtype="str").take(codes)


def token_table(articles: pd.DataFrame, cache_dir: str | os.PathLike | None = None, *,
                userdict=None) -> pd.DataFrame:
    """Return the token table of ``articles``: one row per token, in text order.

    Columns: doc_id, article_id, sentence (index of the sentence in the
    article, see :func:`split_sentences`), token, pos, start, end (character
    offsets into the article's ``text``) and content (the token passes
    :func:`czlib.text.stopwords.is_content_token`: not a stopword, number,
    punctuation mark or single character).  Rows follow the order of
    ``articles`` and then the text.

    Cached under ``cache_dir/tokens`` (default build/cache): each article's
    tokens are keyed by a hash of its text, the user dictionary bytes, jieba's
    dictionary, the stopword list and ``SEGMENTATION_VERSION``, so unchanged
    articles are never segmented twice and a changed dictionary or stopword
    list invalidates them; the assembled table is cached too, for fast reloads.
    """
    from .stopwords import CONTENT_RULES_VERSION, STOPWORDS, is_content_token

    missing = [c for c in ("doc_id", "article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"token_table: the articles table lacks column(s) {missing}")
    cache_root = (Path(cache_dir) if cache_dir is not None else config.CACHE_DIR) / "tokens"
    stopwords_fp = f"{STOPWORDS.fingerprint}-rules{CONTENT_RULES_VERSION}"
    base = hashlib.sha256(f"{dictionary_fingerprint(userdict)}\0{stopwords_fp}\0".encode())

    doc_ids = [str(x) for x in articles["doc_id"].tolist()]
    article_ids = [str(x) for x in articles["article_id"].tolist()]
    texts = articles["text"].tolist()
    keys = []
    for aid, text in zip(article_ids, texts):
        if not isinstance(text, str):
            raise ValueError(f"token_table: article {aid} has no text (got {type(text).__name__})")
        h = base.copy()
        h.update(text.encode("utf-8"))
        keys.append(h.hexdigest())
    table_key = hashlib.sha256("\0".join(f"{d}\t{a}\t{k}" for d, a, k in
                                         zip(doc_ids, article_ids, keys)).encode()).hexdigest()
    table_path = cache_root / f"table-{table_key}.pkl"
    with _gc_paused():
        packed = _load_pickle(table_path)
        if not isinstance(packed, dict) or packed.get("format") != _PACK_FORMAT:
            seg = get_segmenter(userdict)
            packed = _assemble(seg, texts, keys, doc_ids, article_ids, cache_root,
                               _ContentMemo(is_content_token))
            _atomic_pickle(packed, table_path)
        return _unpack(packed)


def _assemble(seg, texts, keys, doc_ids, article_ids, cache_root, content) -> dict:
    """Collect each article's tokens (from its cache entry, or segmenting it) into one compact pack."""
    parts = []
    for text, key in zip(texts, keys):
        path = cache_root / key[:2] / f"{key}.pkl"
        part = _load_pickle(path)
        if part is None:
            part = _article_tokens(seg, text, content)
            _atomic_pickle(part, path)
        parts.append(part)
    doc_codes, doc_uniques = _encode(doc_ids)
    art_codes, art_uniques = _encode(article_ids)
    token_codes, token_uniques = _encode([w for p in parts for w in p["token"]])
    pos_codes, pos_uniques = _encode([t for p in parts for t in p["pos"]])
    cat = (lambda key, dtype: np.concatenate([p[key] for p in parts]).astype(dtype)
           if parts else np.array([], dtype=dtype))
    # Compact on disk: ids per article (repeated on load), 32-bit offsets,
    # and no end column (end = start + token length).
    return {
        "format": _PACK_FORMAT,
        "lengths": np.array([len(p["token"]) for p in parts], dtype=np.int64),
        "doc": (doc_codes, doc_uniques),
        "article": (art_codes, art_uniques),
        "token": (token_codes, token_uniques),
        "pos": (pos_codes, pos_uniques),
        "sentence": cat("sentence", np.int32),
        "start": cat("start", np.int32),
        "content": cat("content", bool),
    }


def _unpack(packed: dict) -> pd.DataFrame:
    lengths = packed["lengths"]
    token_codes, token_uniques = packed["token"]
    token_lengths = np.fromiter(map(len, token_uniques), dtype=np.int64, count=len(token_uniques))
    start = packed["start"].astype(np.int64)
    return pd.DataFrame({
        "doc_id": _decode(np.repeat(packed["doc"][0], lengths), packed["doc"][1]),
        "article_id": _decode(np.repeat(packed["article"][0], lengths), packed["article"][1]),
        "sentence": packed["sentence"].astype(np.int64),
        "token": _decode(token_codes, token_uniques),
        "pos": _decode(*packed["pos"]),
        "start": start,
        "end": start + token_lengths[token_codes],
        "content": packed["content"],
    }, copy=False)


def segment_article(seg: Segmenter, text: str, content=None) -> tuple[list[Token], dict]:
    """Segment one article once; return its tokens and its token-table columns.

    The pipeline derives every table from this one segmentation (actors,
    quotes and the token table), so an article is never segmented twice.
    ``content`` is a ``(word, pos) -> bool`` memo (default: a fresh one).
    """
    from .stopwords import is_content_token

    pairs = seg.tag(text)
    memo = content if content is not None else _ContentMemo(is_content_token)
    return _to_tokens(pairs), _article_tokens(seg, text, memo, pairs)
