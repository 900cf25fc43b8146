"""Dictionary analysis (quanteda's ``dfm_lookup``): a researcher's own categories of terms, counted per document or group.

Why: counting a theme is counting the words a researcher chose for it; the
dictionary is data, so it should be theirs to write (a mapping, a YAML or CSV
file) and the counts traceable to each term.

A dictionary is ``{category: [term, …]}``, a YAML file of that shape, or a
CSV file with columns ``category`` (or ``theme``, as ``czlib/data/themes_zh.csv``)
and ``term``.  A term is

* a word, matched whole against the Dfm's features (``人才`` is not 人才队伍);
* a pattern with ``*`` (any characters) or ``?`` (one character): ``人才*``
  (prefix), ``*人才`` (suffix), ``*创新*`` (infix), matched against every feature;
* several words separated by spaces (``科技 创新``): matched as consecutive
  tokens of one sentence in the token table the Dfm was built from (each word
  may carry wildcards), since a Dfm of single words has lost their order.

A feature counts once per category however many of its terms it matches, and
is credited to the first of them (dictionary order) in the per-term table.
Rates are per 1,000 content tokens of the unit (the Dfm's ``n_tokens``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from .dfm import Dfm

LOOKUP_COLUMNS = ["category", "count", "n_tokens", "per_1000"]
TERM_COLUMNS = ["category", "term", "count", "share_of_category", "per_1000", "n_docs"]


def load_dictionary(dictionary) -> dict[str, list[str]]:
    """``{category: [terms]}`` from a mapping, a YAML file or a CSV file (category or theme, term)."""
    if isinstance(dictionary, pd.DataFrame):
        table = dictionary
    elif isinstance(dictionary, Mapping):
        out = {}
        for category, terms in dictionary.items():
            terms = [terms] if isinstance(terms, str) else list(terms)
            out[str(category)] = [str(t).strip() for t in terms if str(t).strip()]
        return _checked(out, "dictionary")
    elif isinstance(dictionary, (str, os.PathLike)):
        path = Path(dictionary)
        if not path.is_file():
            raise ValueError(f"{path}: no such dictionary file (give a YAML or CSV file, or a mapping)")
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise ValueError(f"{path}: not valid YAML ({exc.__class__.__name__}); "
                                 f"write one 'category: [term, …]' per line") from None
            if not isinstance(data, Mapping):
                raise ValueError(f"{path}: a YAML dictionary maps each category to a list of terms")
            return load_dictionary(data)
        table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    else:
        raise TypeError(f"lookup: a dictionary is a mapping, a YAML or CSV file, got {type(dictionary).__name__}")
    category = "category" if "category" in table.columns else "theme" if "theme" in table.columns else None
    if category is None or "term" not in table.columns:
        raise ValueError(f"{dictionary if not isinstance(dictionary, pd.DataFrame) else 'dictionary'}: "
                         f"a CSV dictionary needs columns 'category' (or 'theme') and 'term'")
    out: dict[str, list[str]] = {}
    for cat, term in zip(table[category].astype(str), table["term"].astype(str).str.strip()):
        if term and term not in out.setdefault(cat, []):
            out[cat].append(term)
    return _checked(out, str(dictionary) if not isinstance(dictionary, pd.DataFrame) else "dictionary")


def _checked(out: dict[str, list[str]], where: str) -> dict[str, list[str]]:
    empty = [c for c, terms in out.items() if not terms]
    if not out or empty:
        raise ValueError(f"{where}: every category needs at least one term (empty: {empty or 'all'})")
    return out


def _pattern(term: str) -> re.Pattern:
    return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in term),
                      re.DOTALL)


def _is_wild(term: str) -> bool:
    return "*" in term or "?" in term


def feature_matches(features, term: str) -> np.ndarray:
    """Indices of the features a one-word term matches (whole word, or the wildcard pattern)."""
    features = pd.Series(np.asarray(features, dtype=object))
    if _is_wild(term):
        return np.flatnonzero(features.str.fullmatch(_pattern(term)).fillna(False).to_numpy(bool))
    return np.flatnonzero((features == term).to_numpy())


def _sequence_counts(dfm: Dfm, term: str) -> np.ndarray:
    """Per row of ``dfm``: occurrences of a multi-word term as consecutive tokens of one sentence."""
    tokens = dfm.tokens
    if tokens is None or dfm.articles is None:
        raise ValueError(f"lookup: the multi-word entry {term!r} needs the token table; build the Dfm with czlib.dfm")
    words = term.split()
    n = len(words)
    tok = tokens["token"].astype(str)
    m = len(tok) - n + 1
    if m <= 0:
        return np.zeros(dfm.shape[0], dtype=np.int64)
    article = tokens["article_id"].astype(str).to_numpy()
    sentence = tokens["sentence"].to_numpy() if "sentence" in tokens.columns else np.zeros(len(tok))
    hit = np.ones(m, dtype=bool)
    for j, word in enumerate(words):
        part = tok.iloc[j:j + m]
        same = part.str.fullmatch(_pattern(word)).to_numpy(bool) if _is_wild(word) else (part == word).to_numpy()
        hit &= same
        if j:
            hit &= (article[j:j + m] == article[:m]) & (sentence[j:j + m] == sentence[:m])
    per_article = pd.Series(article[:m][hit]).value_counts()
    return _to_rows(dfm, per_article)


def _to_rows(dfm: Dfm, per_article: pd.Series) -> np.ndarray:
    """Sum per-article counts into the Dfm's rows (its unit ``by``); articles not in the Dfm are dropped."""
    art = dfm.articles.set_index("article_id")[dfm.by] if dfm.by != "article_id" else \
        pd.Series(dfm.articles["article_id"].to_numpy(), index=dfm.articles["article_id"].to_numpy())
    units = art.reindex(per_article.index.to_numpy())
    row_of = pd.Series(np.arange(dfm.shape[0]), index=dfm.docs[dfm.by].to_numpy())
    rows = row_of.reindex(units.to_numpy())
    ok = rows.notna().to_numpy()
    out = np.zeros(dfm.shape[0], dtype=np.int64)
    np.add.at(out, rows.to_numpy()[ok].astype(np.int64), per_article.to_numpy()[ok])
    return out


def _term_counts(dfm: Dfm, dictionary: dict[str, list[str]]) -> tuple[dict, dict]:
    """(category -> counts per row, (category, term) -> counts per row), features credited once per category."""
    if dfm.weighting != "count":
        raise ValueError(f"lookup: look up counts, not weights (this Dfm is weighted {dfm.weighting!r})")
    matrix = dfm.matrix.tocsc()
    by_category, by_term = {}, {}
    for category, terms in dictionary.items():
        taken = np.zeros(dfm.shape[1], dtype=bool)
        total = np.zeros(dfm.shape[0], dtype=np.int64)
        for term in terms:
            if len(term.split()) > 1:
                counts = _sequence_counts(dfm, term)
            else:
                cols = feature_matches(dfm.features, term)
                cols = cols[~taken[cols]]
                taken[cols] = True
                counts = np.asarray(matrix[:, cols].sum(axis=1)).ravel().astype(np.int64)
            by_term[(category, term)] = counts
            total += counts
        by_category[category] = total
    return by_category, by_term


def lookup(dfm: Dfm, dictionary) -> pd.DataFrame:
    """Counts of each dictionary category per row of ``dfm`` (a document or a group), with rates.

    Columns: the Dfm's unit (``dfm.by``), category, count, n_tokens (content
    tokens of the unit), per_1000 (count per 1,000 content tokens; 0 for an
    empty unit).  One row per unit and category, zeros included: units in Dfm
    order, categories in dictionary order.  ``lookup_terms`` gives each term's part.
    """
    dictionary = load_dictionary(dictionary)
    by_category, _ = _term_counts(dfm, dictionary)
    units = dfm.docs[dfm.by].to_numpy()
    n_tokens = dfm.docs["n_tokens"].to_numpy(np.int64)
    frames = []
    for category, counts in by_category.items():
        rate = np.divide(counts * 1000.0, n_tokens, out=np.zeros(len(counts)), where=n_tokens > 0)
        frames.append(pd.DataFrame({dfm.by: units, "category": category, "count": counts,
                                    "n_tokens": n_tokens, "per_1000": rate, "_row": np.arange(len(units))}))
    table = pd.concat(frames, ignore_index=True)
    table["_cat"] = table["category"].map({c: i for i, c in enumerate(dictionary)})
    table = table.sort_values(["_row", "_cat"], kind="mergesort")
    return table[[dfm.by, *LOOKUP_COLUMNS]].reset_index(drop=True)


def lookup_terms(dfm: Dfm, dictionary) -> pd.DataFrame:
    """What each term contributes over the whole Dfm: category, term, count, share_of_category, per_1000, n_docs.

    Every term is listed, zeros included (dictionary order); per_1000 is per
    1,000 content tokens of the whole Dfm, n_docs the rows it occurs in.
    """
    dictionary = load_dictionary(dictionary)
    by_category, by_term = _term_counts(dfm, dictionary)
    total_tokens = max(int(dfm.docs["n_tokens"].sum()), 1)
    rows = []
    for (category, term), counts in by_term.items():
        cat_total = int(by_category[category].sum())
        count = int(counts.sum())
        rows.append({"category": category, "term": term, "count": count,
                     "share_of_category": count / cat_total if cat_total else 0.0,
                     "per_1000": count * 1000 / total_tokens, "n_docs": int((counts > 0).sum())})
    return pd.DataFrame(rows, columns=TERM_COLUMNS)


def lookup_dfm(dfm: Dfm, dictionary) -> Dfm:
    """The lookup as a Dfm whose features are the categories (quanteda's ``dfm_lookup`` result)."""
    dictionary = load_dictionary(dictionary)
    by_category, _ = _term_counts(dfm, dictionary)
    matrix = sparse.csr_matrix(np.column_stack([by_category[c] for c in dictionary]))
    return dfm.derive(matrix, features=list(dictionary))
