"""Near-duplicate texts: MinHash signatures over character shingles of normalised text, with LSH banding.

Why: reprints across outlets are the norm in Chinese local news, and a
reprint is rarely byte-identical: it comes in Traditional script, with the
site's navigation and copyright lines around it, or with pinyin glosses.
:func:`normalise` therefore reduces a text to what a reprint keeps: NFKC,
Traditional → Simplified (OpenCC ``t2s``, as czlib's decoding does), pinyin
glosses removed (:func:`czlib.text.glosses.strip_glosses`), then only Chinese
characters and digits (whitespace, punctuation and Latin letters dropped).

Similarity of two texts A, B (their sets of :data:`SHINGLE`-character
shingles): the MinHash estimate of Jaccard J = |A∩B| / |A∪B| and, from it and
the exact set sizes, the containment C = |A∩B| / min(|A|, |B|), with
|A∩B| ≈ J (|A| + |B|) / (1 + J).  ``similarity`` = max(J, C): a copy with web
chrome around it has a lower Jaccard but a containment near 1.  Containment
is estimated only when the smaller text has at least :data:`MIN_SIZE_RATIO` of
the larger's shingles (else it is J): one chance match in 128 would otherwise
make a caption "contained" in a long feature.  Texts under
:data:`MIN_SHINGLES` shingles match nothing.

The signature is our own numpy MinHash (:data:`PERMUTATIONS` seeded hash
permutations of 64-bit rolling shingle hashes): deterministic across runs and
machines (no Python ``hash``), and fast enough for 10⁵ articles.  Candidate
pairs come from LSH banding (:data:`BANDS` bands of :data:`ROWS` rows: pairs
with J ≥ 0.5 are candidates with probability ≥ 0.87, J ≥ 0.6 with ≥ 0.99);
every candidate is then scored on its full signature.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from .glosses import strip_glosses

#: Characters per shingle.
SHINGLE = 4
#: Hash permutations per signature (BANDS × ROWS).
PERMUTATIONS = 128
BANDS, ROWS = 32, 4
#: Seed of the permutations (fixed: signatures are comparable across runs).
SEED = 20240624
#: Default similarity above which two texts are near-duplicates.
THRESHOLD = 0.8
#: Texts with fewer shingles are never near-duplicates (a caption, a byline: too short to tell).
MIN_SHINGLES = 20
#: Containment is estimated only when the smaller set is at least this share of the larger: below it the
#: Jaccard estimate (k/128) is too coarse to tell a contained text from chance (1/128 matches).
MIN_SIZE_RATIO = 0.2

_KEEP = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9]+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """The text as a reprint keeps it: NFKC, Simplified script, no glosses, only Chinese characters and digits."""
    if not isinstance(text, str) or not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text, _ = strip_glosses(text)
    text = _KEEP.sub("", text)
    return _t2s().convert(text) if text else text


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    xor = rng.integers(0, 2 ** 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    mult = rng.integers(0, 2 ** 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return xor, mult


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads every input bit over the 64 output bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(normalised: str) -> np.ndarray:
    """The distinct 64-bit hashes of the text's :data:`SHINGLE`-character shingles (the whole text if shorter)."""
    if not normalised:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    k = min(SHINGLE, len(codes))
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = _mix(h ^ codes[j:j + n])
    return np.unique(h)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature (:data:`PERMUTATIONS` uint64) of a set of shingle hashes; all-max for an empty set."""
    xor, mult = _permutations()
    if len(hashes) == 0:
        return np.full(PERMUTATIONS, _MASK64, dtype=np.uint64)
    with np.errstate(over="ignore"):
        permuted = _mix((hashes[:, None] ^ xor[None, :]) * mult[None, :])
    return permuted.min(axis=0)


def signatures(texts) -> tuple[np.ndarray, np.ndarray]:
    """(signatures, shingle-set sizes) of raw texts, normalised with :func:`normalise`."""
    texts = list(texts)
    sigs = np.empty((len(texts), PERMUTATIONS), dtype=np.uint64)
    sizes = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        hashes = shingle_hashes(normalise(text))
        sigs[i] = signature(hashes)
        sizes[i] = len(hashes)
    return sigs, sizes


def estimate(sig_a: np.ndarray, sig_b: np.ndarray, size_a, size_b) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard, containment) estimates of signature pairs (rows of sig_a against rows of sig_b)."""
    jaccard = (np.asarray(sig_a) == np.asarray(sig_b)).mean(axis=-1)
    size_a = np.asarray(size_a, dtype=float)
    size_b = np.asarray(size_b, dtype=float)
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    smaller = np.minimum(size_a, size_b)
    larger = np.maximum(size_a, size_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        containment = np.where(smaller > 0, np.minimum(inter / np.maximum(smaller, 1), 1.0), 0.0)
        comparable = smaller >= MIN_SIZE_RATIO * larger
    containment = np.where(comparable, np.maximum(containment, jaccard), jaccard)
    short = smaller < MIN_SHINGLES
    return np.where(short, 0.0, jaccard), np.where(short, 0.0, containment)


def candidate_pairs(sigs: np.ndarray) -> np.ndarray:
    """Index pairs (i < j) sharing at least one LSH band of their signatures, as an (n, 2) array, sorted."""
    n = len(sigs)
    found = np.zeros(0, dtype=np.int64)  # pair keys i * n + j, deduplicated band by band (memory stays small)
    for band in range(BANDS):
        block = np.ascontiguousarray(sigs[:, band * ROWS:(band + 1) * ROWS])
        keys = _mix(block[:, 0])
        with np.errstate(over="ignore"):
            for r in range(1, ROWS):
                keys = _mix(keys ^ block[:, r])
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        new = []
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1]):
            members = np.sort(order[start:start + size]).astype(np.int64)
            i, j = np.triu_indices(len(members), k=1)
            new.append(members[i] * n + members[j])
        if new:
            found = np.union1d(found, np.concatenate(new))
    return np.column_stack([found // max(n, 1), found % max(n, 1)]).astype(np.int64)


_CHUNK = 50_000

#: Up to this many texts, every pair is scored (no LSH), so low-Jaccard, high-containment pairs are found too.
EXHAUSTIVE = 1500


def similar_pairs(sigs: np.ndarray, sizes: np.ndarray, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Pairs (i < j) with similarity = max(Jaccard, containment) ≥ threshold: columns i, j, jaccard, containment, similarity.

    Up to :data:`EXHAUSTIVE` texts every pair is scored; above, the LSH candidates.
    """
    if len(sigs) <= EXHAUSTIVE:
        i, j = np.triu_indices(len(sigs), k=1)
        pairs = np.column_stack([i, j]).astype(np.int64)
    else:
        pairs = candidate_pairs(sigs)
    kept = []
    for lo in range(0, len(pairs), _CHUNK):  # in chunks: 10⁶ pairs of full signatures would not fit in memory
        i, j = pairs[lo:lo + _CHUNK, 0], pairs[lo:lo + _CHUNK, 1]
        jaccard, containment = estimate(sigs[i], sigs[j], sizes[i], sizes[j])
        similarity = np.maximum(jaccard, containment)
        ok = similarity >= threshold
        kept.append(pd.DataFrame({"i": i[ok], "j": j[ok], "jaccard": jaccard[ok],
                                  "containment": containment[ok], "similarity": similarity[ok]}))
    if not kept:
        return pd.DataFrame({"i": np.zeros(0, np.int64), "j": np.zeros(0, np.int64), "jaccard": [],
                             "containment": [], "similarity": []})
    return pd.concat(kept, ignore_index=True)


def best_match(text: str, texts, threshold: float = THRESHOLD) -> tuple[int, float] | None:
    """(index, similarity) of the text in ``texts`` most similar to ``text`` if at least ``threshold``, else None."""
    texts = list(texts)
    if not texts:
        return None
    sig, size = signatures([text])
    sigs, sizes = signatures(texts)
    jaccard, containment = estimate(sigs, sig[0], sizes, size[0])
    similarity = np.maximum(jaccard, containment)
    best = int(np.argmax(similarity))
    return (best, float(similarity[best])) if similarity[best] >= threshold else None
