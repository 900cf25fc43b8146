"""Keyness and collocations from 2×2 contingency tables, as quanteda's ``textstat_keyness`` and ``textstat_collocations``.

Why: the Fightin' Words z-scores (:mod:`czlib.analysis.stats.keywords`) are one
view of distinctive vocabulary; reviewers in text-as-data research expect
the classic corpus-linguistic ones too, with p-values.  Both tables here rest
on one 2×2 table per word (or word pair)::

                      word w      other words
    target            a           c              (a + c = target tokens)
    reference         b           d              (b + d = reference tokens)

with N = a + b + c + d and expected counts E_ij = row_i · col_j / N.

* χ² (Pearson) with Yates' continuity correction by default, as R's
  ``chisq.test(correct = TRUE)`` and quanteda's default ``measure = "chi2"``:
  each |O − E| is reduced by min(0.5, |O − E|); ``correction="none"`` drops it.
* G² (log-likelihood ratio) = 2 Σ O ln(O / E), uncorrected (quanteda's
  ``measure = "lr", correction = "none"``); a cell with O = 0 adds 0.
* p-values: upper tail of χ² with one degree of freedom, P(X > x) = erfc(√(x/2)).
* ``p_adjusted``: the χ² p-values (G² for collocations) adjusted for testing
  every word of the table at once, by Benjamini and Hochberg's false discovery
  rate (:func:`bh_adjust`, as R's ``p.adjust(method = "BH")``): a vocabulary
  of thousands of words gives dozens of p < 0.05 by chance alone, so a word is
  called key only at ``p_adjusted`` < 0.05.

Keyness is signed: positive when the target uses the word more than expected
(a > E_11), negative when less.  Collocations count adjacent content-token
pairs within a sentence (a function word, number or punctuation mark between
two words breaks adjacency, as quanteda's ``tokens_remove(padding = TRUE)``);
PMI = log2(O_11 / E_11).
"""
from __future__ import annotations

import math
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .keywords import check_tokens

KEYNESS_COLUMNS = ["token", "n_target", "n_reference", "chi2", "p_chi2", "G2", "p_G2", "p_adjusted"]
COLLOCATION_COLUMNS = ["collocation", "w1", "w2", "count", "count_w1", "count_w2", "expected", "G2", "p", "p_adjusted",
                       "pmi"]


def bh_adjust(p_values) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (R's ``p.adjust(p, "BH")``): min over k ≥ i of p_(k) · m / k, capped at 1."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="mergesort")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out


def chi2_p_value(statistic) -> np.ndarray:
    """Upper-tail p-value of χ² with one degree of freedom: P(X > |x|) = erfc(√(|x|/2))."""
    x = np.abs(np.asarray(statistic, dtype=float))
    return np.array([math.erfc(math.sqrt(v / 2.0)) for v in np.ravel(x)]).reshape(x.shape)


def _expected(a, b, c, d):
    n = a + b + c + d
    return ((a + c) * (a + b) / n, (b + d) * (a + b) / n, (a + c) * (c + d) / n, (b + d) * (c + d) / n)


def _cells(a, b, c, d):
    return [np.asarray(v, dtype=float) for v in (a, b, c, d)]


def g2_statistic(a, b, c, d) -> np.ndarray:
    """G² = 2 Σ O ln(O / E) over the four cells of each 2×2 table (a cell with O = 0 adds 0)."""
    observed = _cells(a, b, c, d)
    total = np.zeros_like(observed[0])
    for o, e in zip(observed, _expected(*observed)):
        with np.errstate(divide="ignore", invalid="ignore"):
            total += np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / e), 0.0)
    return 2.0 * total


def chi2_statistic(a, b, c, d, correction: str = "yates") -> np.ndarray:
    """Pearson's χ² of each 2×2 table; ``correction="yates"`` reduces |O − E| by min(0.5, |O − E|)."""
    if correction not in ("yates", "none"):
        raise ValueError(f"chi2_statistic: correction must be 'yates' or 'none', got {correction!r}")
    observed = _cells(a, b, c, d)
    expected = _expected(*observed)
    diff = np.abs(observed[0] - expected[0])  # the same |O − E| in all four cells of a 2×2 table
    if correction == "yates":
        diff = diff - np.minimum(0.5, diff)
    return sum(diff ** 2 / e for e in expected)


def keyness_counts(target: Mapping[str, float], reference: Mapping[str, float],
                   correction: str = "yates", sort_by: str = "chi2") -> pd.DataFrame:
    """Signed keyness of every word of target against reference counts (see the module for the formulas).

    Columns: token, n_target, n_reference, chi2, p_chi2, G2, p_G2, p_adjusted
    (p_chi2 adjusted over all the words by Benjamini–Hochberg); both
    statistics are signed (positive: the target uses the word more than
    expected).  Sorted by ``sort_by`` ("chi2" or "G2") descending, then token.
    """
    if sort_by not in ("chi2", "G2"):
        raise ValueError(f"keyness: sort_by must be 'chi2' or 'G2', got {sort_by!r}")
    t = pd.Series(target, dtype=float)
    r = pd.Series(reference, dtype=float)
    if (t < 0).any() or (r < 0).any():
        raise ValueError("keyness: counts must be non-negative")
    vocab = sorted(set(t.index) | set(r.index))
    a = t.reindex(vocab, fill_value=0.0).to_numpy()
    b = r.reindex(vocab, fill_value=0.0).to_numpy()
    if not vocab or a.sum() == 0 or b.sum() == 0:
        raise ValueError("keyness: the target and the reference each need at least one token")
    c, d = a.sum() - a, b.sum() - b
    sign = np.where(a > _expected(a, b, c, d)[0], 1.0, -1.0)
    chi2 = chi2_statistic(a, b, c, d, correction)
    g2 = g2_statistic(a, b, c, d)
    table = pd.DataFrame({"token": vocab, "n_target": a.astype(int), "n_reference": b.astype(int),
                          "chi2": sign * chi2, "p_chi2": chi2_p_value(chi2),
                          "G2": sign * g2, "p_G2": chi2_p_value(g2)})
    table["p_adjusted"] = bh_adjust(table["p_chi2"])
    return table.sort_values([sort_by, "token"], ascending=[False, True], kind="mergesort") \
        .reset_index(drop=True)[KEYNESS_COLUMNS]


def keyness(tokens, target, by: str | None = None, correction: str = "yates", sort_by: str = "chi2", *,
            reference="rest") -> pd.DataFrame:
    """Keyness of the content tokens of a target against a reference (quanteda's ``textstat_keyness``).

    ``tokens`` is a token table or a Dfm (:func:`czlib.dfm`).  ``target`` is
    one value of ``by`` (any column of the token table, or document variable
    of the Dfm: year, outlet, kind …; by default doc_id for a token table and
    the Dfm's own unit for a Dfm), a collection of values, or a boolean
    mask over the rows (of the token table, or of the Dfm).  ``reference`` is
    ``"rest"`` (every other row, the default), a value or collection of values
    of ``by``, a boolean mask, or another token table or Dfm.
    """
    from .dfm import Dfm

    if isinstance(tokens, Dfm):
        rows = tokens.docs
        by = tokens.by if by is None else by
    else:
        by = "doc_id" if by is None else by
        check_tokens(tokens, None if _is_mask(target) else by)
        rows = tokens
    inside = _select(rows, target, by, "target")
    if not inside.any():
        shown = sorted(map(str, _values(target)))[:3] if not _is_mask(target) else "the mask"
        raise ValueError(f"keyness: no content token has {by} in {shown}")
    if isinstance(reference, str) and reference == "rest":
        if inside.all():
            raise ValueError("keyness: the target is the whole corpus; nothing is left as reference")
        other_rows, other = rows, ~inside
        other_source = tokens
    elif isinstance(reference, (Dfm, pd.DataFrame)):
        other_source = reference
        other_rows = reference.docs if isinstance(reference, Dfm) else reference
        other = np.ones(len(other_rows), dtype=bool)
    else:
        other_source, other_rows = tokens, rows
        other = _select(rows, reference, by, "reference")
    own = _counts(tokens, inside)
    rest = _counts(other_source, other)
    return keyness_counts(own, rest, correction, sort_by)


def _is_mask(value) -> bool:
    return isinstance(value, (np.ndarray, pd.Series, list)) and len(value) > 0 and \
        all(isinstance(v, (bool, np.bool_)) for v in value)


def _values(value) -> set:
    return {value} if isinstance(value, str) or not isinstance(value, Iterable) else set(value)


def _select(rows: pd.DataFrame, value, by: str, name: str) -> np.ndarray:
    """Boolean selection of rows: a mask as given, else rows whose ``by`` is the value(s)."""
    if _is_mask(value):
        mask = np.asarray(value, dtype=bool)
        if len(mask) != len(rows):
            raise ValueError(f"keyness: the {name} mask has {len(mask)} entries for {len(rows)} rows")
        return mask
    if by not in rows.columns:
        raise ValueError(f"keyness: no column {by!r} to select the {name} by")
    return rows[by].isin(_values(value)).to_numpy()


def _counts(source, mask: np.ndarray) -> pd.Series:
    """Content-token counts (token -> count) of the selected rows of a token table or a Dfm."""
    from .dfm import Dfm

    if isinstance(source, Dfm):
        if source.weighting != "count":
            raise ValueError(f"keyness: compare counts, not weights (a Dfm is weighted {source.weighting!r})")
        sums = np.asarray(source.matrix[np.flatnonzero(mask)].sum(axis=0)).ravel()
        counts = pd.Series(sums, index=source.features)
        return counts[counts > 0]
    check_tokens(source)
    chosen = source[np.asarray(mask, dtype=bool) & source["content"].astype(bool).to_numpy()]
    return chosen.groupby("token").size()


# -- collocations ----------------------------------------------------------------------


def adjacent_pairs(tokens: pd.DataFrame) -> pd.DataFrame:
    """Adjacent content-token pairs (w1, w2): consecutive rows of one article and sentence, both content."""
    check_tokens(tokens)
    if "sentence" not in tokens.columns:
        raise ValueError("collocations need the token table's 'sentence' column")
    words = tokens["token"].astype(str).to_numpy()
    content = tokens["content"].to_numpy(bool)
    article = tokens["article_id"].astype(str).to_numpy()
    sentence = tokens["sentence"].to_numpy()
    keep = content[:-1] & content[1:] & (article[:-1] == article[1:]) & (sentence[:-1] == sentence[1:])
    return pd.DataFrame({"w1": words[:-1][keep], "w2": words[1:][keep]})


def collocation_counts(pairs: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """G², its p-value and PMI of every pair seen at least ``min_count`` times (columns: COLLOCATION_COLUMNS).

    For a pair (w1, w2) among the N adjacent pairs: a = count of (w1, w2),
    c1 = pairs with w1 first, c2 = pairs with w2 second; the 2×2 table is
    a, c1 − a, c2 − a, N − c1 − c2 + a, and PMI = log2(a · N / (c1 · c2)).
    Sorted by G² descending, then the pair.  Association is reported for
    pairs seen more often than expected only (a > E_11); ``p_adjusted`` is
    ``p`` adjusted by Benjamini–Hochberg over the pairs reported.
    """
    if min_count < 1:
        raise ValueError(f"collocations: min_count must be at least 1, got {min_count}")
    n = len(pairs)
    if n == 0:
        return pd.DataFrame(columns=COLLOCATION_COLUMNS)
    grouped = pairs.groupby(["w1", "w2"], sort=True).size().rename("count").reset_index()
    first = pairs["w1"].value_counts()
    second = pairs["w2"].value_counts()
    grouped["count_w1"] = grouped["w1"].map(first).astype(int)
    grouped["count_w2"] = grouped["w2"].map(second).astype(int)
    grouped = grouped[grouped["count"] >= min_count].copy()
    a = grouped["count"].to_numpy(float)
    c1, c2 = grouped["count_w1"].to_numpy(float), grouped["count_w2"].to_numpy(float)
    grouped["expected"] = c1 * c2 / n
    grouped["G2"] = g2_statistic(a, c1 - a, c2 - a, n - c1 - c2 + a) if len(grouped) else []
    grouped["p"] = chi2_p_value(grouped["G2"].to_numpy(float))
    grouped["pmi"] = np.log2(a * n / (c1 * c2)) if len(grouped) else []
    grouped = grouped[grouped["count"] > grouped["expected"]].copy()
    grouped["p_adjusted"] = bh_adjust(grouped["p"])
    grouped["collocation"] = grouped["w1"] + " " + grouped["w2"]
    return grouped.sort_values(["G2", "w1", "w2"], ascending=[False, True, True], kind="mergesort") \
        .reset_index(drop=True)[COLLOCATION_COLUMNS]


def collocations(tokens: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Two-word collocations of the token table: adjacent content tokens, scored by G² and PMI."""
    return collocation_counts(adjacent_pairs(tokens), min_count)
