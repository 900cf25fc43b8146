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
stretches.  czlib cuts the whole text with jieba-rs (through ``rjieba``)
loaded with *the same* dictionary entries and frequencies, finds with numpy
the few places where posseg's rules for joining single characters change
that cut, and runs posseg's own HMM (its model tables, with its Viterbi
compiled by numba, same results) on all the out-of-vocabulary stretches of a
text in one batch, memoised because the same stretches recur (names, place
names).  On new text that is ~100x faster than posseg; jieba-rs's cut is
then half of the time.  ``Segmenter.reference_tokenize``
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
import os
import re
import threading
from dataclasses import dataclass
from importlib import metadata
from itertools import accumulate, compress, repeat
from operator import itemgetter, not_
from pathlib import Path
from typing import Iterator, NamedTuple

import numpy as np

from ... import config
from ..curation import CurationFileError, userdict_line_problem
from ..sentences import sentence_index, split_sentences  # noqa: F401 (the one sentence rule, re-exported)
from .posseg import (MASK_CHAR, NO_FLAGS, PossegViterbi, char_classes, jieba_dict_path, posseg_hmm_many,
                     posseg_hmm, posseg_model, quiet_jieba, re_mask)
from .posseg import kernels as posseg_kernels

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
    "main_tokens",
    "posseg_hmm",
    "PossegViterbi",
    "split_sentences",
    "sentence_index",
    "TOKEN_COLUMNS",
]

#: Bump when the tokens produced for the same text and dictionary change
#: (it is part of every cache key).
SEGMENTATION_VERSION = "2"

#: The corpus user dictionary (jieba format: ``word [freq] [tag]`` per line).
DEFAULT_USERDICT = config.CURATION_DIR / "userdict.txt"

#: Columns of the token table, in order.
TOKEN_COLUMNS = ["doc_id", "article_id", "sentence", "token", "pos", "start", "end", "content"]

# jieba's user-dictionary line format (jieba.re_userdict).
_RE_USERDICT = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")

# Pads jieba-rs's frequency total (see Segmenter.__init__); never matches text.
_TOTAL_PADDING_WORD = "\ue000czlib-total-padding"



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
        raise CurationFileError(f"{path}: user dictionary must be UTF-8 ({exc})") from None
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        word, freq, tag = _RE_USERDICT.match(line).groups()
        if problem := userdict_line_problem(line):
            raise CurationFileError(f"{path}, line {lineno}: {problem}")
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


class _MainDictionary(NamedTuple):
    """jieba's main dictionary, parsed once per process and shared by every Segmenter."""

    words: list[str]          # in file order (rjieba is filled in this order)
    freqs: list[int]
    tag_list: list[str]
    freq: dict[str, int]      # jieba's FREQ (a re-listed word keeps its last line)
    tags: dict[str, str]      # posseg's word_tag_tab
    total: int                # jieba's total: it counts the duplicated line of dict.txt twice


@functools.lru_cache(maxsize=1)
def _main_dictionary() -> _MainDictionary:
    """Parse dict.txt column-wise ("word freq tag" per line; no word holds a space)."""
    fields = jieba_dict_path().read_text(encoding="utf-8").rstrip("\n").replace("\n", " ").split(" ")
    if len(fields) % 3:
        raise ValueError(f"{jieba_dict_path()}: expected 'word freq tag' on every line")
    words, tag_list = fields[0::3], fields[2::3]
    freqs = list(map(int, fields[1::3]))
    return _MainDictionary(words, freqs, tag_list, dict(zip(words, freqs)), dict(zip(words, tag_list)),
                           sum(freqs))


def main_frequency(word: str) -> int:
    """The frequency of ``word`` in jieba's main dictionary alone (0 when absent).

    Extractors that ask how common a word is in general Chinese use this, not a
    Segmenter: it needs no word graph, so it costs nothing beyond the parse.
    """
    return _main_dictionary().freq.get(word, 0)


def main_pos(word: str) -> str | None:
    """The POS tag of ``word`` in jieba's main dictionary alone, or None."""
    return _main_dictionary().tags.get(word)


def main_tokens(text: str) -> tuple[Token, ...]:
    """``text`` cut with jieba's main dictionary alone: ``tokenize(text, userdict=False)``, as a tuple.

    Why: the entity model's features (:mod:`czlib.analysis.actors.ner_features`) and the rules that check
    its spans (:mod:`czlib.analysis.actors.reconcile`) read the general-Chinese cut of the same text, one
    after the other, and the rules more than once; the segmenter keeps the tags of its last texts and
    this the last two token tuples (a text and its normalised form), so the text is cut once.
    """
    return _main_tokens(text)


@functools.lru_cache(maxsize=2)
def _main_tokens(text: str) -> tuple[Token, ...]:
    return tuple(get_segmenter(False).tokenize(text))


@functools.lru_cache(maxsize=1)
def _main_dictionary_hash() -> str:
    return hashlib.sha256(jieba_dict_path().read_bytes()).hexdigest()


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


def _rjieba_from(words, freqs, tags) -> "rjieba.Jieba":
    import rjieba

    rj = rjieba.Jieba.empty()
    add = rj.add_word
    for _ in map(add, words, freqs, tags):
        pass
    return rj


#: A Segmenter keeps the tags of the last few texts it tagged (up to this many, each at most this long):
#: where the corpus has no user dictionary, the pipeline's cut of an article is also the cut the entity
#: model reads (:func:`main_tokens`), and the same text is then cut once.
_RECENT_TEXTS = 4
_RECENT_CHARS = 100_000


class Segmenter:
    """czlib's tokenizer: jieba's dictionary + a user dictionary, posseg-exact output.

    Build one with :func:`get_segmenter` (cached per dictionary content) rather
    than directly.  ``userdict`` is None (the corpus dictionary), a path, or
    False (jieba's dictionary alone); ``cache_dir`` is where the jieba
    reference tokenizer keeps its dictionary cache.  ``fingerprint`` identifies
    the dictionary state and the segmentation version; caches key on it.
    """

    def __init__(self, userdict=None, cache_dir: str | os.PathLike | None = None):

        self.userdict_path, self.userdict_bytes = _userdict_source(userdict)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR
        user_entries = (_parse_userdict(self.userdict_bytes, self.userdict_path)
                        if self.userdict_bytes else [])
        main = _main_dictionary()

        # word -> frequency (> 0) and word -> POS tag, as jieba's FREQ and
        # posseg's word_tag_tab; the total is jieba's (it counts the one
        # duplicated line of dict.txt, B超, twice).  Copied only when the user
        # dictionary changes them.
        freq, tags, total = main.freq, main.tags, main.total
        if user_entries:
            freq, tags = dict(freq), dict(tags)
        # jieba-rs sums the frequencies of distinct words; pad its total to
        # jieba's with an entry no text can match (a private-use character is
        # never inside a Chinese block), so both score paths identically.
        padding = total - sum(freq.values())
        rj = _rjieba_from(main.words, main.freqs, main.tag_list)
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
            # final table so that its tags are the user's (tag() uses them).
            rj = _rjieba_from(freq.keys(), freq.values(), [tags.get(word, "x") for word in freq])
            if padding:
                rj.add_word(_TOTAL_PADDING_WORD, padding, "x")
        self._rj = rj
        self._freq = freq
        self._tags = tags
        # For tag(): the code points that are one-character dictionary words
        # (jieba-rs's tag for any other single character is not posseg's x),
        # and whether \r\n is one (posseg tags it x all the same).
        self._single_words = np.zeros(0x110000, dtype=bool)
        self._single_words[[ord(w) for w in tags if len(w) == 1]] = True
        self._crlf_is_word = "\r\n" in tags
        self.total = total
        self._reference = None
        self._lock = threading.Lock()
        self._recent: dict[str, tuple] = {}  # text -> its (word, pos) pairs, the last few texts tagged
        self._recent_lock = threading.Lock()
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

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Return (word, pos) pairs covering ``text`` exactly, whitespace included.

        posseg's ``__cut_internal`` + ``__cut_DAG`` without a Python step per
        character or word: jieba-rs cuts and tags the whole text in one call
        (its no-HMM cut is the dictionary's best route through each Chinese
        block, as posseg's ``calc``; its tags are the dictionary's), and one
        compiled pass (``scan_words``) finds the few places where posseg's
        output differs: runs of single-character steps, which posseg joins
        and, when the run is not a dictionary word, hands to its HMM, and a
        handful of tags.  All the HMM runs of the text go to the Viterbi
        kernel in one batch.
        """
        if not isinstance(text, str):
            raise TypeError(f"tokenize() needs a str, got {type(text).__name__}")
        if not text:
            return []
        recent = self._recent.get(text)
        if recent is not None:
            return list(recent)
        with gc_paused():
            pairs = self._tag(text)
        if len(text) <= _RECENT_CHARS:
            with self._recent_lock:
                if len(self._recent) >= _RECENT_TEXTS:
                    del self._recent[next(iter(self._recent))]
                self._recent[text] = tuple(pairs)
        return pairs

    def _tag(self, text: str) -> list[tuple[str, str]]:
        # jieba-rs would put the masked characters in Chinese blocks; posseg does not.
        masked = re_mask().sub(MASK_CHAR, text) if re_mask().search(text) else text
        pairs = self._rj.tag(masked, False)
        lengths = np.fromiter(map(len, map(itemgetter(0), pairs)), dtype=np.int64, count=len(pairs))
        codepoints = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        scan = posseg_kernels().scan_words
        found = scan(codepoints, lengths, char_classes(), self._single_words, NO_FLAGS)
        # A joined ASCII run is a step unless it is a dictionary word (rare: then scan again).
        words = [k for k in found[7].tolist() if pairs[k][0] in self._freq]
        if words:
            is_word = np.zeros(len(pairs), dtype=bool)
            is_word[words] = True
            found = scan(codepoints, lengths, char_classes(), self._single_words, is_word)
        run_a, run_b, run_start, run_end, fix_x, masked_k, masked_at, _ = map(np.ndarray.tolist, found)

        # Tags where posseg and jieba-rs differ: x for a single character that
        # is not a dictionary word (jieba-rs guesses one) and for everything
        # outside the Chinese blocks; masked characters get themselves back.
        for k in fix_x:
            pairs[k] = (pairs[k][0], "x")
        for k, at in zip(masked_k, masked_at):
            pairs[k] = (text[at], "x")
        if self._crlf_is_word:
            pairs = [(w, "x") if w == "\r\n" else (w, t) for w, t in pairs]
        if not run_a:
            return pairs

        # posseg joins each run of single-character steps: the HMM's words, or
        # single characters again when the run spells a dictionary word.
        freq = self._freq
        bufs = list(map(text.__getitem__, map(slice, run_start, run_end)))
        hmm = posseg_hmm_many([buf for buf in bufs if buf not in freq])
        tags = self._tags
        out: list[tuple[str, str]] = []
        done = 0
        for a, b, buf in zip(run_a, run_b, bufs):
            out += pairs[done:a]
            joined = hmm.get(buf)
            out += joined if joined is not None else [(ch, tags.get(ch, "x")) for ch in buf]
            done = b
        out += pairs[done:]
        return out

    def tokenize(self, text: str) -> list[Token]:
        """Return the tokens of ``text`` (whitespace dropped) with POS and offsets."""
        with gc_paused():
            return to_tokens(self.tag(text))

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
                with quiet_jieba():
                    tk.initialize()
                    for e in self.user_entries:
                        tk.add_word(e.word, e.freq, e.tag)
                # jieba's add_word adds an existing word's new frequency to the
                # total without removing the old one; use the exact total.
                tk.total = self.total
                self._reference = (tk, posseg_model().POSTokenizer(tk))
        return self._reference[0]

    def reference_tag(self, text: str) -> list[tuple[str, str]]:
        """(word, pos) pairs from ``jieba.posseg`` itself on the same dictionary (slow)."""
        self.jieba_tokenizer()
        return [(p.word, p.flag) for p in self._reference[1].cut(text)]

    def reference_tokenize(self, text: str) -> list[Token]:
        """Tokens from ``jieba.posseg`` itself on the same dictionary (slow; for checks)."""
        return to_tokens(self.reference_tag(text))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
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


def to_tokens(pairs: list[tuple[str, str]]) -> list[Token]:
    """Tokens with offsets from (word, pos) pairs that cover a text, whitespace dropped.

    Built with map/zip/compress only (no Python-level loop): at ~600,000
    tokens a text, a per-token Python step would cost as much as the cut.
    """
    words = list(map(itemgetter(0), pairs))
    offsets = list(accumulate(map(len, words), initial=0))
    rows = zip(words, map(itemgetter(1), pairs), offsets, offsets[1:])
    keep = map(not_, map(str.isspace, words))
    return list(map(tuple.__new__, repeat(Token), compress(rows, keep)))


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


