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
