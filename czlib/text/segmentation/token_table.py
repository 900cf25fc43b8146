"""The token table of an articles table, and its per-article cache.

One row per token with its sentence index, offsets and the content flag of
:func:`czlib.text.stopwords.is_content_token`; each article's tokens are
cached under a hash of its text and the dictionaries, so notebooks never
segment an article twice.
"""
from __future__ import annotations

import hashlib
import os
from itertools import compress
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from ... import config
from ...cache_entry import DamagedEntries, read_entry, write_entry
from .segment import (Segmenter, Token, gc_paused, to_tokens, dictionary_fingerprint,
                      get_segmenter, sentence_index)

# Layout of the cached token-table pack (see _assemble); a pack in another
# layout is treated as a cache miss.
_PACK_FORMAT = "czlib-tokens-2"


def _load(path: Path, key: str, damaged: DamagedEntries):
    """A verified cache entry (JSON with key and checksum, never pickle); None when absent or damaged."""
    value, problem = read_entry(path, key)
    if problem is not None:
        damaged.add(path, problem)
    return value


class ContentMemo(dict):
    """(word, pos) -> is_content_token(word, pos), computed once per pair."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def __missing__(self, key):
        value = self[key] = self.rule(*key)
        return value


def _article_tokens(seg: Segmenter, text: str, content: ContentMemo, pairs=None) -> dict:
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


def str_column(values: list[str], codes: np.ndarray | None = None) -> pd.Series:
    """A pandas ``str`` column built by Arrow in C: ``values``, or ``values[codes]`` when codes are given.

    pd.array(..., "str") checks every string in Python (seconds at 10⁶ tokens);
    decoding codes with Arrow's take() on the few unique values does not.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(values, type=pa.large_string())
    if codes is not None:
        array = pc.take(array, pa.array(codes))
    return array.to_pandas()


def _decode(codes: np.ndarray, uniques: list[str]) -> pd.Series:
    return str_column(uniques, codes)


def token_table(articles: pd.DataFrame, cache_dir: str | os.PathLike | None = None, *,
                userdict=None) -> pd.DataFrame:
    """Return the token table of ``articles``: one row per token, in text order.

    Columns: doc_id, article_id, sentence (index of the sentence in the
    article, see :func:`split_sentences`), token, pos, start, end (character
    offsets into the article's ``text``) and content (the token passes
    :func:`czlib.text.stopwords.is_content_token`: not a stopword, number,
    punctuation mark or single character).  Rows follow the order of
    ``articles`` and then the text.

    Cached under ``cache_dir/tokens`` (default build/cache), as verified JSON
    entries (:mod:`czlib.cache_entry`; a damaged one is recomputed): each article's
    tokens are keyed by a hash of its text, the user dictionary bytes, jieba's
    dictionary, the stopword list and ``SEGMENTATION_VERSION``, so unchanged
    articles are never segmented twice and a changed dictionary or stopword
    list invalidates them; the assembled table is cached too, for fast reloads.
    """
    from ..stopwords import CONTENT_RULES_VERSION, STOPWORDS, is_content_token

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
    table_path = cache_root / f"table-{table_key}.json"
    damaged = DamagedEntries(cache_root)
    with gc_paused():
        packed = _load(table_path, table_key, damaged)
        if not isinstance(packed, dict) or packed.get("format") != _PACK_FORMAT:
            seg = get_segmenter(userdict)
            packed = _assemble(seg, texts, keys, doc_ids, article_ids, cache_root,
                               ContentMemo(is_content_token), damaged)
            write_entry(table_path, table_key, packed)
        damaged.notice()
        return _unpack(packed)


def _assemble(seg, texts, keys, doc_ids, article_ids, cache_root, content, damaged) -> dict:
    """Collect each article's tokens (from its cache entry, or segmenting it) into one compact pack."""
    parts = []
    for text, key in zip(texts, keys):
        path = cache_root / key[:2] / f"{key}.json"
        part = _load(path, key, damaged)
        if not isinstance(part, dict):
            part = _article_tokens(seg, text, content)
            write_entry(path, key, part)
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
    lengths = np.asarray(packed["lengths"], dtype=np.int64)
    token_codes, token_uniques = packed["token"]
    token_codes = np.asarray(token_codes, dtype=np.int64)
    token_lengths = np.fromiter(map(len, token_uniques), dtype=np.int64, count=len(token_uniques))
    start = np.asarray(packed["start"], dtype=np.int64)
    return pd.DataFrame({
        "doc_id": _decode(np.repeat(packed["doc"][0], lengths), packed["doc"][1]),
        "article_id": _decode(np.repeat(packed["article"][0], lengths), packed["article"][1]),
        "sentence": np.asarray(packed["sentence"], dtype=np.int64),
        "token": _decode(token_codes, token_uniques),
        "pos": _decode(*packed["pos"]),
        "start": start,
        "end": start + token_lengths[token_codes],
        "content": np.asarray(packed["content"], dtype=bool),
    }, copy=False)


def segment_article(seg: Segmenter, text: str, content=None) -> tuple[list[Token], dict]:
    """Segment one article once; return its tokens and its token-table columns.

    The pipeline derives every table from this one segmentation (actors,
    quotes and the token table), so an article is never segmented twice.
    ``content`` is a ``(word, pos) -> bool`` memo (default: a fresh one).
    """
    from ..stopwords import is_content_token

    pairs = seg.tag(text)
    memo = content if content is not None else ContentMemo(is_content_token)
    return to_tokens(pairs), _article_tokens(seg, text, memo, pairs)


def token_columns(text: str, tokens: list[Token], content: ContentMemo) -> dict:
    """The token-table columns of one text's tokens (as :func:`segment_article` gives them, from tokens).

    ``content`` is a ``(word, pos) -> bool`` memo (:class:`ContentMemo`).
    """
    n = len(tokens)
    starts = np.fromiter(map(itemgetter(2), tokens), dtype=np.int64, count=n)  # Token(word, pos, start, end)
    return {
        "token": list(map(itemgetter(0), tokens)),
        "pos": list(map(itemgetter(1), tokens)),
        "start": starts,
        "end": np.fromiter(map(itemgetter(3), tokens), dtype=np.int64, count=n),
        "sentence": sentence_index(text, starts),
        "content": np.fromiter(map(content.__getitem__, map(itemgetter(0, 1), tokens)), dtype=bool, count=n),
    }
