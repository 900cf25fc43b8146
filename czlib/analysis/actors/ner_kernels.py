"""Compiled (numba) inference for the named-entity CRF: emissions, Viterbi, marginals, spans.

Why not python-crfsuite's Tagger: handing it string attributes costs ~20x more per character
than the tagging itself.  The weights are crfsuite's own (read from the model file at load),
and the arithmetic follows crfsuite's crf1d tagger: state scores summed attribute by attribute
in item order, Viterbi over ``prev + transition`` then ``+ state``, first maximum wins; so the
tags equal crfsuite's (tests/test_ner_model.py compares them).  Marginals use scaled
forward-backward.  Imported only when a model is loaded (numba costs ~0.4 s to import).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ...text.segmentation import posseg_kernels  # noqa: F401  (points numba's cache at a writable folder when needed)


@njit(cache=True)
def tag_spans(idx, weights, trans, starts, ends, label_type, label_begin, inside_of):
    """Entity chunks of every sentence ``starts[k]:ends[k]``.

    idx: (n, F) attribute row in ``weights`` (-1 unknown); weights (A, L); trans (L, L) from -> to;
    label_type[l]: 0 for O, else the entity type; label_begin[l]: l is a B- label; inside_of[t]: the
    I- label of type t.  Returns (start, end, type, score) arrays, chunks read as conlleval reads them.
    """
    n_labels = weights.shape[1]
    out_s = np.empty(idx.shape[0], np.int64)
    out_e = np.empty(idx.shape[0], np.int64)
    out_t = np.empty(idx.shape[0], np.int64)
    out_p = np.empty(idx.shape[0], np.float64)
    m = 0
    exp_trans = np.exp(trans)
    for k in range(starts.shape[0]):
        s0 = starts[k]
        n = ends[k] - s0
        if n <= 0:
            continue
        state = np.zeros((n, n_labels))
        for t in range(n):
            for f in range(idx.shape[1]):
                a = idx[s0 + t, f]
                if a >= 0:
                    for y in range(n_labels):
                        state[t, y] += weights[a, y]
        # Viterbi, as crfsuite's crf1dc_viterbi
        score = np.empty((n, n_labels))
        back = np.zeros((n, n_labels), np.int64)
        for j in range(n_labels):
            score[0, j] = state[0, j]
        for t in range(1, n):
            for j in range(n_labels):
                best = -np.inf
                arg = -1
                for i in range(n_labels):
                    v = score[t - 1, i] + trans[i, j]
                    if best < v:
                        best = v
                        arg = i
                back[t, j] = arg
                score[t, j] = best + state[t, j]
        tags = np.empty(n, np.int64)
        best = -np.inf
        arg = 0
        for j in range(n_labels):
            if best < score[n - 1, j]:
                best = score[n - 1, j]
                arg = j
        tags[n - 1] = arg
        for t in range(n - 1, 0, -1):
            tags[t - 1] = back[t, tags[t]]
        entity = False
        for t in range(n):
            if label_type[tags[t]] != 0:
                entity = True
                break
        if not entity:
            continue  # no chunk to score: the marginals would go unused
        # marginals by scaled forward-backward
        es = np.empty((n, n_labels))
        for t in range(n):
            mx = state[t, 0]
            for y in range(1, n_labels):
                mx = max(mx, state[t, y])
            for y in range(n_labels):
                es[t, y] = np.exp(state[t, y] - mx)
        alpha = np.zeros((n, n_labels))
        beta = np.zeros((n, n_labels))
        tot = 0.0
        for y in range(n_labels):
            alpha[0, y] = es[0, y]
            tot += es[0, y]
        for y in range(n_labels):
            alpha[0, y] /= tot
        for t in range(1, n):
            tot = 0.0
            for j in range(n_labels):
                v = 0.0
                for i in range(n_labels):
                    v += alpha[t - 1, i] * exp_trans[i, j]
                alpha[t, j] = v * es[t, j]
                tot += alpha[t, j]
            for j in range(n_labels):
                alpha[t, j] /= tot
        for y in range(n_labels):
            beta[n - 1, y] = 1.0
        for t in range(n - 2, -1, -1):
            tot = 0.0
            for i in range(n_labels):
                v = 0.0
                for j in range(n_labels):
                    v += exp_trans[i, j] * es[t + 1, j] * beta[t + 1, j]
                beta[t, i] = v
                tot += v
            for i in range(n_labels):
                beta[t, i] /= tot
        marg = alpha * beta
        for t in range(n):
            tot = 0.0
            for y in range(n_labels):
                tot += marg[t, y]
            for y in range(n_labels):
                marg[t, y] /= tot
        # chunks (conlleval: an I- after O or another type opens a chunk)
        t = 0
        while t < n:
            typ = label_type[tags[t]]
            if typ == 0:
                t += 1
                continue
            p = marg[t, tags[t]]
            u = t + 1
            while u < n and label_type[tags[u]] == typ and not label_begin[tags[u]]:
                p = min(p, marg[u, tags[u]])
                u += 1
            if u < n:
                p = min(p, 1.0 - marg[u, inside_of[typ]])
            out_s[m] = s0 + t
            out_e[m] = s0 + u
            out_t[m] = typ
            out_p[m] = p
            m += 1
            t = u
    return out_s[:m], out_e[:m], out_t[:m], out_p[:m]


@njit(cache=True)
def window_keys(cp, sid, cls, wp, pos, word, surname, suffix, country, n_templates, shift, bos, eos):
    """The attribute keys of :func:`czlib.analysis.actors.ner_features.text_keys`, one pass over the characters.

    cp: code points; sid: sentence of each character (-1 outside every sentence; a neighbour counts when
    its sentence id equals the character's, as numpy's shifted comparison there); cls: character class;
    wp/pos/word/surname/suffix/country: the per-character layers.  Column j gets ``(j + 1) << shift``.
    """
    n = cp.shape[0]
    keys = np.empty((n, n_templates), np.int64)
    for i in range(n):
        s = sid[i]
        cm2 = cp[i - 2] if i >= 2 and sid[i - 2] == s else bos
        cm1 = cp[i - 1] if i >= 1 and sid[i - 1] == s else bos
        c0 = cp[i]
        cp1 = cp[i + 1] if i + 1 < n and sid[i + 1] == s else eos
        cp2 = cp[i + 2] if i + 2 < n and sid[i + 2] == s else eos
        clm1 = cls[i - 1] if i >= 1 and sid[i - 1] == s else 0
        clp1 = cls[i + 1] if i + 1 < n and sid[i + 1] == s else 0
        posm1 = pos[i - 1] if i >= 1 and sid[i - 1] == s else 1
        posp1 = pos[i + 1] if i + 1 < n and sid[i + 1] == s else 2
        row = keys[i]
        row[0] = cm2
        row[1] = cm1
        row[2] = c0
        row[3] = cp1
        row[4] = cp2
        row[5] = (cm2 << 21) | cm1
        row[6] = (cm1 << 21) | c0
        row[7] = (c0 << 21) | cp1
        row[8] = (cp1 << 21) | cp2
        row[9] = (cm1 << 21) | cp1
        row[10] = clm1 * 64 + cls[i] * 8 + clp1
        row[11] = wp[i]
        row[12] = pos[i]
        row[13] = (wp[i] << 40) | pos[i]
        row[14] = posm1
        row[15] = posp1
        row[16] = word[i]
        row[17] = surname[i]
        row[18] = suffix[i]
        row[19] = country[i]
        for j in range(n_templates):
            row[j] |= (j + 1) << shift
    return keys


@njit(cache=True)
def hash_slot(key, mask):
    """Where an attribute key's search starts in a table of ``mask + 1`` slots (multiplicative hashing)."""
    h = np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)
    return np.int64(h >> np.uint64(29)) & mask


@njit(cache=True)
def build_tables(attrs, shift, n_templates):
    """One open-addressing hash table per template (``key >> shift``, 1..n_templates), laid end to end.

    Returns (table, offsets, masks): slot k of template t's table is ``offsets[t - 1] + k``; entry 2s of
    ``table`` holds slot s's key (-1 empty), 2s + 1 the key's row in ``attrs`` (one cache line per probe).
    Each table is a power of two at most half full.  Per-template tables keep a template's lookups in
    a few hundred kilobytes (:func:`lookup`).
    """
    counts = np.zeros(n_templates + 1, np.int64)
    for r in range(attrs.shape[0]):
        counts[attrs[r] >> shift] += 1
    masks = np.empty(n_templates + 1, np.int64)
    offsets = np.empty(n_templates + 1, np.int64)
    total = 0
    for t in range(n_templates + 1):
        size = 16
        while size < 2 * counts[t]:
            size *= 2
        masks[t] = size - 1
        offsets[t] = total
        total += size
    table = np.full(2 * total, -1, np.int64)
    for r in range(attrs.shape[0]):
        t = attrs[r] >> shift
        k = hash_slot(attrs[r], masks[t])
        while table[2 * (offsets[t] + k)] != -1:
            k = (k + 1) & masks[t]
        table[2 * (offsets[t] + k)] = attrs[r]
        table[2 * (offsets[t] + k) + 1] = r
    return table, offsets, masks


@njit(cache=True)
def lookup(keys, table, offsets, masks, shift):
    """Row of every key of ``keys`` (n, F) in the tables of :func:`build_tables`, -1 for a key the model never
    saw.  Column by column: a column holds one template, so its probes stay in that template's table."""
    n, f = keys.shape
    out = np.empty((n, f), np.int64)
    n_tables = masks.shape[0]
    for j in range(f):
        for i in range(n):
            key = keys[i, j]
            t = key >> shift
            r = -1
            if 0 <= t < n_tables:
                mask = masks[t]
                base = offsets[t]
                k = hash_slot(key, mask)
                while table[2 * (base + k)] != -1:
                    if table[2 * (base + k)] == key:
                        r = table[2 * (base + k) + 1]
                        break
                    k = (k + 1) & mask
            out[i, j] = r
    return out
