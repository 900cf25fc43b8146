"""Compiled (numba) kernels of czlib.text.segmentation.segment: jieba.posseg's Viterbi, batched.

Kept apart from czlib.text.segmentation.segment so that importing czlib does not import numba
(about 0.4 s); czlib.text.segmentation.segment imports this module on the first
out-of-vocabulary stretch.  ``cache=True`` stores the machine code beside
this file (``__pycache__``) or, where that folder is read-only (a system
site-packages), in numba's per-user cache folder, so the JIT compile (about
2 s) is paid once per machine rather than once per process.

The arithmetic is jieba's, operation for operation: scores are float64 sums
``(V[prev] + trans) + emit`` in that order, and ties go to the largest state
(jieba takes the ``max`` of ``(score, state)`` tuples), so the paths are
bit-identical to ``jieba.posseg.viterbi``.  No fastmath.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numba
import numpy as np
from numba import njit


def _writable_cache_dir() -> None:
    """Point numba's cache at a folder this user can write when neither the package folder nor
    numba's per-user folder is writable (a read-only install run by a user without a home):
    otherwise the first compile fails with "cannot cache function"."""
    if numba.config.CACHE_DIR:
        return
    here = Path(__file__).resolve().parent
    home = Path(os.path.expanduser("~"))
    if os.access(here, os.W_OK) or (home.is_dir() and os.access(home, os.W_OK)):
        return
    folder = Path(tempfile.gettempdir()) / f"czlib-numba-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    folder.mkdir(mode=0o700, exist_ok=True)
    numba.config.CACHE_DIR = str(folder)


_writable_cache_dir()


@njit(cache=True, nogil=True)
def viterbi_many(codes, bounds, start, emit, trans, pred_ptr, pred_idx, pred_val, succ_ptr, succ_idx, succ_val,
                 allow_ptr, allow_idx, has_next, states_out, probs_out):
    """posseg's Viterbi on each stretch ``codes[bounds[i]:bounds[i + 1]]`` (character ids).

    Writes the best state of every character into ``states_out`` and each
    stretch's log probability into ``probs_out``.  The transitions are
    sparse, in CSR form by origin (``succ``) and by destination (``pred``),
    states ascending, with their log probabilities (``*_val``); ``allow`` lists
    each character's states (empty: all states, as for a character jieba's
    ``char_state_tab_P`` does not list).

    jieba's rules per character: the candidates are the character's states
    that some previous state reaches, or, if there are none, every reachable
    state; each takes its best previous state.  A missing transition scores
    -inf and every candidate has a real one, so only real transitions can
    win and scanning them alone is exact.  For a listed character (~10
    states) each candidate pulls from its predecessors; otherwise every
    previous state pushes to its successors, one pass that also finds the
    reachable states.  Both visit previous states in ascending order and keep
    the last of equal scores, as jieba's tuple ``max`` keeps the largest state.
    """
    n = start.shape[0]
    maxlen = 1
    for s in range(bounds.shape[0] - 1):
        maxlen = max(maxlen, bounds[s + 1] - bounds[s])
    back = np.empty((maxlen, n), np.int16)
    V = np.empty(n)
    W = np.empty(n)
    cur = np.empty(n, np.int32)
    nxt = np.empty(n, np.int32)
    prev = np.empty(n, np.int32)
    in_prev = np.zeros(n, np.int64)
    stamp = 0
    for s in range(bounds.shape[0] - 1):
        a = bounds[s]
        b = bounds[s + 1]
        c = codes[a]
        ncur = 0
        if allow_ptr[c] < allow_ptr[c + 1]:
            for k in range(allow_ptr[c], allow_ptr[c + 1]):
                y = allow_idx[k]
                V[y] = start[y] + emit[c, y]
                cur[ncur] = y
                ncur += 1
        else:
            for y in range(n):
                V[y] = start[y] + emit[c, y]
                cur[ncur] = y
                ncur += 1
        for t in range(a + 1, b):
            c = codes[t]
            stamp += 1
            nprev = 0
            for i in range(ncur):
                y0 = cur[i]
                if has_next[y0]:
                    prev[nprev] = y0
                    nprev += 1
                    in_prev[y0] = stamp
            if nprev == 0:
                raise ValueError("posseg HMM: no state can follow the previous character")
            row = back[t - a]
            nn = 0
            for k in range(allow_ptr[c], allow_ptr[c + 1]):      # pull
                y = allow_idx[k]
                e = emit[c, y]
                best = -np.inf
                arg = -1
                if nprev < pred_ptr[y + 1] - pred_ptr[y]:
                    # few previous states: look their transitions up (-inf: none)
                    for i in range(nprev):
                        y0 = prev[i]
                        tr = trans[y0, y]
                        if tr != -np.inf:
                            v = V[y0] + tr + e
                            if arg < 0 or v >= best:
                                best = v
                                arg = y0
                else:
                    for j in range(pred_ptr[y], pred_ptr[y + 1]):
                        y0 = pred_idx[j]
                        if in_prev[y0] == stamp:
                            v = V[y0] + pred_val[j] + e
                            if arg < 0 or v >= best:
                                best = v
                                arg = y0
                if arg >= 0:
                    W[y] = best
                    row[y] = arg
                    nxt[nn] = y
                    nn += 1
            if nn == 0:                                         # push
                for y in range(n):
                    row[y] = -1
                for i in range(nprev):
                    y0 = prev[i]
                    vy0 = V[y0]
                    for j in range(succ_ptr[y0], succ_ptr[y0 + 1]):
                        y = succ_idx[j]
                        v = vy0 + succ_val[j] + emit[c, y]
                        if row[y] < 0 or v >= W[y]:
                            W[y] = v
                            row[y] = y0
                for y in range(n):
                    if row[y] >= 0:
                        nxt[nn] = y
                        nn += 1
            V, W = W, V
            cur, nxt = nxt, cur
            ncur = nn
        # the final state: the best score, ties to the largest state
        best_y = cur[0]
        for i in range(1, ncur):
            y = cur[i]
            if V[y] > V[best_y] or (V[y] == V[best_y] and y > best_y):
                best_y = y
        probs_out[s] = V[best_y]
        y = best_y
        for t in range(b - 1, a - 1, -1):
            states_out[t] = y
            if t > a:
                y = back[t - a, y]


@njit(cache=True, nogil=True)
def words_from_states(states, bounds, bmes, starts, ends, word_states, word_bounds):
    """Cut each stretch into words by its states, as ``jieba.posseg.POSTokenizer.__cut``.

    ``bmes[state]`` is 0/1/2/3 for B/M/E/S.  A word ends at E or S (an E
    without its B starts at the last B seen, as in jieba); characters left
    after the last E/S form one last word.  Writes each word's (start, end),
    in the coordinates of ``states`` (all stretches end to end), and its
    state (the tag: the E/S state, or the first state of a left-over tail);
    ``word_bounds[i]`` is where stretch i's words begin.
    """
    nw = 0
    for s in range(bounds.shape[0] - 1):
        a = bounds[s]
        b = bounds[s + 1]
        word_bounds[s] = nw
        begin = a
        nexti = a
        for i in range(a, b):
            st = states[i]
            p = bmes[st]
            if p == 0:
                begin = i
            elif p == 2:
                starts[nw] = begin
                ends[nw] = i + 1
                word_states[nw] = st
                nw += 1
                nexti = i + 1
            elif p == 3:
                starts[nw] = i
                ends[nw] = i + 1
                word_states[nw] = st
                nw += 1
                nexti = i + 1
        if nexti < b:
            starts[nw] = nexti
            ends[nw] = b
            word_states[nw] = states[nexti]
            nw += 1
    word_bounds[bounds.shape[0] - 1] = nw


@njit(cache=True, nogil=True)
def scan_words(codepoints, lengths, classes, single_words, is_word):
    """Where posseg's output differs from jieba-rs's no-HMM cut of a text (see Segmenter.tag).

    ``codepoints`` is the text, ``lengths`` its words' lengths, ``classes`` the
    class of every code point (0 other, 1 Chinese-block character, 2 ASCII
    letter/digit, 3 masked), ``single_words`` the code points that are
    one-character dictionary words, ``is_word`` (empty, or one flag per word)
    marks joined ASCII runs that are dictionary words.  Returns:

    * runs of single-character steps that posseg joins (two characters or
      more): first word, end word, first character, end character;
    * words whose tag must be x: single characters that are not dictionary
      words (outside runs), one-character dictionary words outside blocks;
    * masked words (one character each): word index, character offset;
    * joined ASCII runs counted as steps (the caller checks they are no
      dictionary words, else calls again with ``is_word``).
    """
    n = lengths.shape[0]
    step = np.zeros(n + 1, np.bool_)
    starts = np.empty(n + 1, np.int64)
    fix_x = np.empty(n, np.int64)
    masked_k = np.empty(n, np.int64)
    masked_at = np.empty(n, np.int64)
    cands = np.empty(n, np.int64)
    nfix = nmask = ncand = 0
    pos = 0
    for k in range(n):
        starts[k] = pos
        length = lengths[k]
        c = classes[codepoints[pos]]
        if c == 1 or c == 2:
            if length == 1:
                step[k] = True
            elif c == 2:
                ascii_run = True
                for i in range(pos + 1, pos + length):
                    if classes[codepoints[i]] != 2:
                        ascii_run = False
                        break
                if ascii_run and not (is_word.shape[0] and is_word[k]):
                    step[k] = True
                    cands[ncand] = k
                    ncand += 1
        elif c == 3:
            masked_k[nmask] = k
            masked_at[nmask] = pos
            nmask += 1
        elif length == 1 and single_words[codepoints[pos]]:
            fix_x[nfix] = k
            nfix += 1
        pos += length
    starts[n] = pos
    run_a = np.empty(n, np.int64)
    run_b = np.empty(n, np.int64)
    nrun = 0
    k = 0
    while k < n:
        if not step[k]:
            k += 1
            continue
        a = k
        while step[k]:          # step[n] is False
            k += 1
        if k - a > 1 or lengths[a] > 1:
            run_a[nrun] = a
            run_b[nrun] = k
            nrun += 1
        elif not single_words[codepoints[starts[a]]]:
            fix_x[nfix] = a
            nfix += 1
    fix = fix_x[:nfix]
    run_a = run_a[:nrun]
    run_b = run_b[:nrun]
    return (run_a, run_b, starts[run_a], starts[run_b], fix, masked_k[:nmask], masked_at[:nmask],
            cands[:ncand])
