"""Character features for the named-entity model, shared by training (scripts/train_ner.py) and tagging.

Why one module: the model is only as good as the agreement between the features it was
trained on and the ones it is given, so both sides call :func:`sentence_features` here.

Each character gets string attributes (python-crfsuite items): its characters and
character bigrams in a +/-2 window, its character class, its position in jieba's word
(B/M/E/S) with the part of speech of that word (jieba's own dictionary, not the corpus
user dictionary, so the model does not depend on one corpus), and membership in czlib's
surname, organisation-suffix and country lists.

Text is normalised first (:func:`normalise`): NFKC per character where that keeps one
character (full-width digits and Latin become ASCII) and Latin lower-cased, which is how
People's Daily style test text is written.  Normalisation keeps the length, so offsets
into the normalised text are offsets into the caller's text.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .. import config

#: Bump when the attributes produced for the same text change (recorded in model.json).
FEATURE_VERSION = "1"

#: Sentence ends for tagging: crfsuite sees sentence-sized sequences.
_RE_SENTENCE = re.compile(r"[^。！？；;!?\n]+(?:[。！？；;!?]+[”’」』）)]*)?|[。！？；;!?]+[”’」』）)]*")

_CHINESE_NUMERALS = "〇一二三四五六七八九十百千万亿两零"


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
def _class_table() -> dict[int, str]:
    """Character class letter for every BMP code point of normalised text."""
    table = {}
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
        elif unicodedata.category(ch).startswith("P") or unicodedata.category(ch).startswith("S"):
            c = "p"
        else:
            c = "o"
        table[cp] = c
    return table


def char_classes(text: str) -> str:
    """One class letter per character: d digit, l Latin, n Chinese numeral, c CJK, p punctuation, s space, o other."""
    out = text.translate(_class_table())
    if len(out) != len(text) or not out.isascii():  # characters outside the BMP
        out = "".join(c if c.isascii() else "o" for c in out)
    return out


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset, frozenset, re.Pattern, re.Pattern]:
    from ..text.names import surnames
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
    """(start, end) of the sentences of ``text`` (cut after 。！？；!?; and at newlines), empty ones dropped."""
    return [m.span() for m in _RE_SENTENCE.finditer(text) if not m.group().isspace()]


def word_layers(norm: str) -> tuple[str, list[str], list[str]]:
    """Per character of normalised text: word position (B/M/E/S, ``_`` for whitespace), the word's POS, the word.

    jieba's posseg segmentation over jieba's own dictionary (czlib's fast, identical tagger).
    """
    from ..text.segment import tokenize

    n = len(norm)
    wp = ["_"] * n
    pos = ["_"] * n
    word = ["_"] * n
    for tok in tokenize(norm, userdict=False):
        s, e = tok.start, tok.end
        length = e - s
        wp[s:e] = "S" if length == 1 else "B" + "M" * (length - 2) + "E"
        pos[s:e] = [tok.pos] * length
        if 2 <= length <= 6:
            word[s:e] = [tok.word] * length
    return "".join(wp), pos, word


def _marks(norm: str, pattern: re.Pattern, first: str, inner: str) -> list[str]:
    out = ["_"] * len(norm)
    for m in pattern.finditer(norm):
        s, e = m.span()
        out[s] = first
        for i in range(s + 1, e):
            out[i] = inner
        if s > 0 and out[s - 1] == "_":
            out[s - 1] = first.lower()  # the character just before the match
    return out


def text_layers(norm: str) -> dict[str, object]:
    """Whole-text layers (computed once per text, sliced per sentence)."""
    single, compound, suffix_re, country_re = _lexicons()
    wp, pos, word = word_layers(norm)
    sur = ["S" if c in single else "_" for c in norm]
    for i in range(len(norm) - 1):
        if norm[i:i + 2] in compound:
            sur[i] = "C"
    return {"wp": wp, "pos": pos, "word": word, "cls": char_classes(norm), "sur": sur,
            "sfx": _marks(norm, suffix_re, "X", "x"), "cty": _marks(norm, country_re, "K", "k")}


def _pre(prefix: str, seq) -> list[str]:
    return list(map(prefix.__add__, seq))


def sentence_features(norm: str, layers: dict, start: int, end: int) -> list[list[str]]:
    """The attribute lists of characters ``start:end`` of normalised text (one sentence)."""
    n = end - start
    s = norm[start:end]
    p = "\x02\x02" + s + "\x03\x03"
    bi = [p[i:i + 2] for i in range(n + 3)]
    cls = "^^" + layers["cls"][start:end] + "$$"
    wp = layers["wp"][start:end]
    pos = layers["pos"][start:end]
    word = layers["word"][start:end]
    posp = ["^"] + pos[:-1]
    posn = pos[1:] + ["$"]
    cols = [
        _pre("c-2=", p[0:n]), _pre("c-1=", p[1:n + 1]), _pre("c0=", s), _pre("c1=", p[3:n + 3]),
        _pre("c2=", p[4:n + 4]),
        _pre("b-2=", bi[0:n]), _pre("b-1=", bi[1:n + 1]), _pre("b0=", bi[2:n + 2]), _pre("b1=", bi[3:n + 3]),
        _pre("t=", [cls[i:i + 3] for i in range(1, n + 1)]),
        _pre("wp=", wp),
        _pre("p=", pos),
        list(map("wpp={}{}".format, wp, pos)),
        _pre("pp=", posp), _pre("pn=", posn),
        _pre("w=", word),
        _pre("sur=", layers["sur"][start:end]),
        _pre("sfx=", layers["sfx"][start:end]),
        _pre("cty=", layers["cty"][start:end]),
    ]
    return [list(row) for row in zip(*cols)]


def text_features(text: str) -> tuple[str, list[tuple[int, int]], list[list[list[str]]]]:
    """Normalise ``text``, cut it into sentences and return (normalised text, sentence spans, features per sentence)."""
    norm = normalise(text)
    spans = sentence_spans(norm)
    layers = text_layers(norm)
    return norm, spans, [sentence_features(norm, layers, s, e) for s, e in spans]
