"""Character features for the named-entity model, shared by training (scripts/train_ner.py) and tagging.

Why one module: the model is only as good as the agreement between the features it was
trained on and the ones it is given, so both sides call :func:`text_keys` here.

Each character gets one attribute per template (:data:`TEMPLATES`): its characters and
character bigrams in a +/-2 window, a character-class trigram, its position in jieba's
word (B/M/E/S) with the part of speech of that word (jieba's own dictionary, not the
corpus user dictionary, so the model does not depend on one corpus), the word itself,
and membership in czlib's surname, organisation-suffix and country lists.

Attributes are 64-bit integers ``template << 52 | value`` computed over the whole text at
once, with numpy and one compiled pass (python-crfsuite's own string items cost ~20x more per character);
crfsuite sees them as their decimal strings.  Value 0 means "absent", so every character
has exactly one attribute per template.

Text is normalised first (:func:`normalise`): NFKC per character where that keeps one
character (full-width digits and Latin become ASCII) and Latin lower-cased, which is how
People's Daily style test text is written.  Normalisation keeps the length, so offsets
into the normalised text are offsets into the caller's text.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from functools import lru_cache
from operator import itemgetter

import numpy as np

from ... import config
from ...text import sentences

#: Bump when the attributes produced for the same text change (recorded in model.json).
FEATURE_VERSION = "2"

TEMPLATES = ("c-2", "c-1", "c0", "c1", "c2", "b-2", "b-1", "b0", "b1", "c-1c1", "class3",
             "wordpos", "pos", "wordpos+pos", "pos-1", "pos+1", "word", "surname", "suffix", "country")
#: An attribute key is ``template number << TEMPLATE_SHIFT | value`` (templates numbered from 1).
TEMPLATE_SHIFT = 52


_CHINESE_NUMERALS = "〇一二三四五六七八九十百千万亿两零"
_BOS, _EOS = 1, 2  # padding "characters" before and after a sentence
_CLASSES = "dlncpso"  # digit, Latin, Chinese numeral, CJK, punctuation, space, other


@lru_cache(maxsize=1)
def _normalise_table() -> dict[int, str]:
    """str.translate table: NFKC where it gives one character, then ASCII upper -> lower (BMP)."""
    table = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        norm = unicodedata.normalize("NFKC", ch)
        if len(norm) != 1:
            norm = ch
        if "A" <= norm <= "Z":
            norm = norm.lower()
        if norm != ch:
            table[cp] = norm
    return table


def normalise(text: str) -> str:
    """NFKC (one character in, one out) and lower-case Latin; ``len(normalise(t)) == len(t)``."""
    return text.translate(_normalise_table())


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    """Class number (index into _CLASSES, plus one) of every BMP code point of normalised text."""
    out = np.full(0x10000, _CLASSES.index("o") + 1, dtype=np.int64)
    for cp in range(0x10000):
        ch = chr(cp)
        if "0" <= ch <= "9":
            c = "d"
        elif "a" <= ch <= "z":
            c = "l"
        elif ch in _CHINESE_NUMERALS:
            c = "n"
        elif 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
            c = "c"
        elif ch.isspace():
            c = "s"
        elif unicodedata.category(ch)[0] in "PS":
            c = "p"
        else:
            continue
        out[cp] = _CLASSES.index(c) + 1
    return out


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset, frozenset, re.Pattern, re.Pattern]:
    from ...text.names import surnames
    from .gazetteer import countries, org_suffixes

    single, compound = surnames()
    suffixes = sorted(org_suffixes(), key=lambda s: (-len(s), s))
    names = sorted(countries(), key=lambda s: (-len(s), s))
    return (single, compound, re.compile("|".join(map(re.escape, suffixes))),
            re.compile("|".join(map(re.escape, names))))


def lexicon_fingerprint() -> str:
    """sha256 of the package lists the features read (surnames, org suffixes, countries)."""
    h = hashlib.sha256()
    for name in ("surnames.txt", "org_suffixes.csv", "countries.txt"):
        h.update(name.encode() + b"\0" + (config.PACKAGE_DATA / name).read_bytes())
    return h.hexdigest()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text`` (:mod:`czlib.text.sentences`): crfsuite sees sentence-sized sequences."""
    return list(sentences.sentence_spans(text))


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


@lru_cache(maxsize=None)
def _pack_tag(tag: str) -> int:
    """A jieba POS tag (ASCII, at most 5 letters) as a non-zero integer."""
    return int.from_bytes(tag.encode("ascii", "replace")[:5], "big") + 1


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    """(length << 32 | crc32) of a word of 2-6 characters, 0 for other lengths."""
    if not 2 <= len(word) <= 6:
        return 0
    return len(word) << 32 | zlib.crc32(word.encode("utf-8"))


def _word_layers(norm: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per character: word position (1..4 = B/M/E/S, 0 whitespace), packed POS, word hash (0 unless 2-6 chars).

    jieba's posseg segmentation over jieba's own dictionary (czlib's fast, identical tagger), read from
    its (word, tag) pairs; the segmenter keeps them, so the pipeline's cut of a corpus without a user
    dictionary and the reconciliation rules' cut (:func:`czlib.text.segmentation.segment.main_tokens`) are this one.
    """
    from ...text.segmentation.segment import get_segmenter

    pairs = get_segmenter(False).tag(norm)
    wp = np.zeros(n, dtype=np.int64)
    pos = np.zeros(n, dtype=np.int64)
    word = np.zeros(n, dtype=np.int64)
    if not pairs:
        return wp, pos, word
    words = list(map(itemgetter(0), pairs))
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    starts = np.cumsum(lengths) - lengths
    keep = ~np.fromiter(map(str.isspace, words), dtype=bool, count=len(words))  # whitespace is no token
    tag_ids = np.fromiter(map(_pack_tag, map(itemgetter(1), pairs)), dtype=np.int64, count=len(pairs))[keep]
    hashes = np.fromiter(map(_word_hash, words), dtype=np.int64, count=len(words))[keep]
    starts, lengths = starts[keep], lengths[keep]
    k = len(starts)
    idx = np.repeat(np.arange(k), lengths)  # token of each covered character
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    chars = offset + starts[idx]
    ln = lengths[idx]
    wp[chars] = np.where(ln == 1, 4, np.where(offset == 0, 1, np.where(offset == ln - 1, 3, 2)))
    pos[chars] = tag_ids[idx]
    word[chars] = hashes[idx]
    return wp, pos, word


def _marks(norm: str, n: int, pattern: re.Pattern) -> np.ndarray:
    """1 first character of a match, 2 inside it, 3 the character just before it, 0 elsewhere."""
    out = np.zeros(n, dtype=np.int64)
    for m in pattern.finditer(norm):
        s, e = m.span()
        if s > 0 and out[s - 1] == 0:
            out[s - 1] = 3
        out[s] = 1
        out[s + 1:e] = 2
    return out


def _surnames(norm: str, cp: np.ndarray) -> np.ndarray:
    single_table, compound_re = _surname_tables()
    out = single_table[np.minimum(cp, len(single_table) - 1)]
    if compound_re is not None:
        for m in compound_re.finditer(norm):
            out[m.start()] = 2
    return out


@lru_cache(maxsize=1)
def _surname_tables() -> tuple[np.ndarray, re.Pattern | None]:
    """1 at the code point of every one-character surname (the last entry, never one, stands for the rest);
    the pattern of the compound surnames, in sorted order."""
    single, compound = _lexicons()[:2]
    codes = [ord(c) for c in single]
    table = np.zeros(max(codes, default=0) + 2, dtype=np.int64)
    table[codes] = 1
    return table, re.compile("|".join(map(re.escape, sorted(compound)))) if compound else None


def text_keys(norm: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Attribute keys (n, len(TEMPLATES)) int64 for every character of normalised text ``norm``.

    Windows stop at the sentence ``spans`` (characters outside every span get keys too, unused).
    The layers are computed with numpy over the whole text, the windows in one compiled pass
    (:func:`czlib.analysis.actors.ner_kernels.window_keys`).
    """
    from .ner_kernels import window_keys

    n = len(norm)
    cp = code_points(norm)
    sid = np.full(n, -1, dtype=np.int64)
    for k, (s, e) in enumerate(spans):
        sid[s:e] = k
    table = _class_table()
    cls = np.where(cp < 0x10000, table[np.minimum(cp, 0xFFFF)], _CLASSES.index("o") + 1)
    wp, pos, word = _word_layers(norm, n)
    _, _, suffix_re, country_re = _lexicons()
    return window_keys(cp, sid, cls, wp, pos, word, _surnames(norm, cp), _marks(norm, n, suffix_re),
                       _marks(norm, n, country_re), len(TEMPLATES), TEMPLATE_SHIFT, _BOS, _EOS)


def prepare(text: str) -> tuple[str, list[tuple[int, int]], np.ndarray]:
    """Normalise ``text``, cut it into sentences and compute the keys: (normalised text, spans, keys)."""
    norm = normalise(text)
    spans = sentence_spans(norm)
    return norm, spans, text_keys(norm, spans)


def as_items(keys: np.ndarray) -> list[list[str]]:
    """crfsuite items (attribute names) for rows of keys: the decimal strings."""
    return keys.astype(str).tolist()
