"""Political-discourse formulas found by pattern: numbered slogans (四梁八柱) and plus-formulas (人才+项目).

Formulas contain numerals and plus signs, so they are read from the article
texts (title, kicker, subtitle, text) rather than from the token table; each
is reported with its sentence and a gloss where the lexicon
(``czlib/data/formulas_zh.csv``) has one.  The same patterns also catch
honours (“七一勋章”), farming techniques (一亩双收, 冬小麦+夏播谷) and idioms
(十年磨一剑): the ``category`` column keeps them apart, so that formula rates
count policy formulas only (:data:`CATEGORIES`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ... import config
from ...text.segmentation.segment import split_sentences, tokenize
from ..claims.numeric_patterns import COHORT_RE

FORMULAS_FILE = config.PACKAGE_DATA / "formulas_zh.csv"
#: What a pattern match is: a policy formula, an honour, a technique or an idiom (lexicon column ``category``).
CATEGORIES = ("formula", "honour", "technique", "idiom")
#: An honour by its form, where the lexicon does not know it: 七一勋章, 五一劳动奖章, 三八红旗手 (a title).
_HONOUR_RE = re.compile(r"(?:勋章|奖章|奖状|奖|称号|标兵|楷模|红旗手)$")

# -- formulas ----------------------------------------------------------------------

_NUM = "一二两三四五六七八九十百千万双"
_CJK = "\u4e00-\u9fff"
_NONNUM_CJK = f"(?:(?![{_NUM}])[{_CJK}])"
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『", "”」』"
_FORMULA_PATTERNS = {
    # a short quoted expression with a numeral: “四梁八柱”, “12大基地”, “十五五”, “一站式”
    "quoted_numeral": re.compile(f"[{_OPEN_QUOTES}]([^{_OPEN_QUOTES}{_CLOSE_QUOTES}\\n。!?;,、]{{2,12}})"
                                 f"[{_CLOSE_QUOTES}]"),
    # the same numeral repeated before short items: 两区两城两高地, 双联双引, 一城一校
    "parallel_numeral": re.compile(f"(?P<n>[一二两三四五六七八九十双]){_NONNUM_CJK}{{1,3}}"
                                   f"(?:(?P=n){_NONNUM_CJK}{{1,3}})+"),
    # two different numerals each with one character: 四梁八柱, 一亩双收
    "numeral_pair": re.compile(f"(?<![{_NUM}第0-9])(?=([{_NUM}]{_NONNUM_CJK}[{_NUM}]{_NONNUM_CJK}))"),
    # five-year plans: 十四五, 十五五
    "five_year_plan": re.compile("(?<![第0-9])十[一二三四五六七八九]五(?:规划)?"),
    # "N big X": 12大基地, 三大战略性新兴产业, 五大产业集群 (not 一大批, a quantifier)
    "numeral_da": re.compile(f"(?<![{_NUM}0-9])(?:[0-9]+|[两三四五六七八九十]+)大(?=[{_CJK}])"),
    # "X is the first Y": 第一资源, 第一动力, 第一要务
    "ordinal_first": re.compile(f"[是的为](第一)(?=[{_CJK}])"),
}
_RE_PLUS = re.compile(f"[A-Za-z0-9{_CJK}]+(?:\\s*\\+\\s*[A-Za-z0-9{_CJK}]+)+")
_RE_HAS_NUMERAL = re.compile(f"[0-9{_NUM}]")
_RE_REPETITION = re.compile("(.+)[又再复](.+)")  # 一代又一代, 一次又一次: repetition, not a slogan


def load_formula_lexicon(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return the formula lexicon (formula, kind, gloss_en, category) from ``czlib/data/formulas_zh.csv``.

    ``category`` defaults to "formula" when the file has no such column.
    """
    path = Path(path) if path is not None else FORMULAS_FILE
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    if "category" not in table.columns:
        table["category"] = "formula"
    table["category"] = table["category"].replace("", "formula")
    missing = [c for c in ("formula", "kind", "gloss_en") if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: formula lexicon lacks column(s) {missing}")
    bad = sorted(set(table["kind"]) - {"numbered", "plus"})
    if bad:
        raise ValueError(f"{path}: unknown formula kind(s) {bad} (use numbered or plus)")
    bad = sorted(set(table["category"]) - set(CATEGORIES))
    if bad:
        raise ValueError(f"{path}: unknown formula category(ies) {bad} (use one of {', '.join(CATEGORIES)})")
    return table[["formula", "kind", "gloss_en", "category"]]


def _token_at(tokens, offset: int):
    for t in tokens:
        if t.start <= offset < t.end:
            return t
    return None


def _formula_candidates(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, pattern) spans of formulas found by pattern in ``text``."""
    toks = tokenize(text)
    starts = sorted(t.start for t in toks)
    ends = sorted(t.end for t in toks)
    found = []

    def first_end_after(offset: int) -> int:
        i = np.searchsorted(ends, offset, side="right")
        return int(ends[i]) if i < len(ends) else len(text)

    def last_start_before(offset: int) -> int:
        i = np.searchsorted(starts, offset, side="left") - 1
        return int(starts[i]) if i >= 0 else 0

    # plus-formulas
    for m in _RE_PLUS.finditer(text):
        a, b = m.start(), m.end()
        items = [s.strip() for s in m.group().split("+")]
        if all(item.isdigit() for item in items):
            continue  # arithmetic (1+1), not a formula
        quoted = a > 0 and text[a - 1] in _OPEN_QUOTES and b < len(text) and text[b] in _CLOSE_QUOTES
        if not quoted:
            # trim the outer items to one token each: 推行公司+农户模式 -> 公司+农户
            first_plus = text.index("+", a)
            last_plus = text.rindex("+", a, b)
            a = max(a, last_start_before(first_plus))
            b = min(b, first_end_after(last_plus + 1))
        found.append((a, b, "plus", "plus"))
    # numbered slogans
    for m in _FORMULA_PATTERNS["quoted_numeral"].finditer(text):
        inner = m.group(1)
        # the expression must open with the numeral: “七一勋章”, “60后”, “第一资源”,
        # not “小小八路讲解员培训” (八路, the Eighth Route Army)
        if not _RE_HAS_NUMERAL.match(inner) and not inner.startswith("第") or inner.isdigit():
            continue
        if "+" in inner and not all(re.fullmatch(r"[0-9+<>=]+", item) for item in inner.split("+")):
            continue  # a quoted plus-formula, found above
        if COHORT_RE.fullmatch(inner):
            continue  # “60后”, “80后”, 2020届: a birth cohort or a class, not a slogan
        found.append((m.start(1), m.end(1), "numbered", "quoted_numeral"))
    for m in _FORMULA_PATTERNS["parallel_numeral"].finditer(text):
        # the last item ends at the first token boundary inside it
        last = text.rindex(m.group("n"), m.start(), m.end())
        b = min(m.end(), first_end_after(last + 1))
        rep = _RE_REPETITION.fullmatch(text[m.start():b])
        if rep and rep.group(1) == rep.group(2):
            continue
        found.append((m.start(), b, "numbered", "parallel_numeral"))
    for m in _FORMULA_PATTERNS["numeral_pair"].finditer(text):
        span = m.group(1)
        if span[0] != span[2]:
            found.append((m.start(), m.start() + 4, "numbered", "numeral_pair"))
    for m in _FORMULA_PATTERNS["five_year_plan"].finditer(text):
        found.append((m.start(), m.end(), "numbered", "five_year_plan"))
    for m in _FORMULA_PATTERNS["numeral_da"].finditer(text):
        # extend over the content-like tokens that follow, up to 8 characters
        b = m.end()
        tok = _token_at(toks, b)
        if tok is not None and tok.start < b:  # 12大基地 as one dictionary token
            b = tok.end
        else:
            while True:
                tok = _token_at(toks, b)
                if (tok is None or tok.pos in ("x", "uj", "ul", "p", "c", "u", "v", "m")
                        or tok.end - m.end() > 8):
                    break
                b = tok.end
        if b - m.end() >= 2:
            found.append((m.start(), b, "numbered", "numeral_da"))
    for m in _FORMULA_PATTERNS["ordinal_first"].finditer(text):
        tok = _token_at(toks, m.end())
        if tok is not None and tok.start == m.end() and tok.pos.startswith(("n", "vn")):
            found.append((m.start(1), tok.end, "numbered", "ordinal_first"))
    return found


def _merge_spans(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Union overlapping spans of the same kind; pattern names are joined with ','."""
    merged = []
    for kind in ("numbered", "plus"):
        group = sorted((a, b, p) for a, b, k, p in spans if k == kind)
        current = None
        for a, b, p in group:
            if current and a < current[1]:
                current[1] = max(current[1], b)
                current[2].add(p)
            else:
                if current:
                    merged.append((current[0], current[1], kind, ",".join(sorted(current[2]))))
                current = [a, b, {p}]
        if current:
            merged.append((current[0], current[1], kind, ",".join(sorted(current[2]))))
    return merged


#: Article fields scanned by find_formulas, in output order (headlines carry many slogans).
FORMULA_FIELDS = ("title", "kicker", "subtitle", "text")


def find_formulas(articles: pd.DataFrame, lexicon: pd.DataFrame | None = None,
                  use_lexicon: bool = True, fields: tuple[str, ...] = FORMULA_FIELDS) -> pd.DataFrame:
    """Return the political-discourse formulas of each article, found by pattern.

    Patterns (``found_by``): plus-formulas (人才+项目, 公司+合作社+农户; the outer
    items are trimmed to one token unless the formula is quoted; all-number
    sums like 1+1 are skipped) and numbered slogans: quoted_numeral (a short
    quoted expression that opens with a numeral, “12大基地”), parallel_numeral
    (两区两城两高地; not repetitions like 一代又一代), numeral_pair (四梁八柱; its
    parts “四梁”, “八柱” in the same text are not counted again), cohorts (“60后”)
    are not formulas,
    five_year_plan (十五五), numeral_da (五大产业集群), ordinal_first
    (人才是第一资源).  Overlapping matches of one kind are merged.  With
    ``use_lexicon`` the lexicon (``czlib/data/formulas_zh.csv``) adds glosses
    and the formulas no pattern sees (found_by "lexicon").

    ``fields`` are the article columns searched (those present): headlines
    as well as the body, because kickers and titles carry slogans; a headline
    that also appears in the body is searched once, in the body.

    Columns: doc_id, article_id, field, kind (numbered | plus), formula,
    found_by, gloss_en, category (formula, honour, technique, idiom: from the
    lexicon, else honour by its form 勋章/奖章/称号, else formula), start, end
    (offsets into that field), sentence (its
    index in the field, as in the token table for ``text``) and context (the
    sentence).  Rows in article order, then field order, then offset.
    """
    missing = [c for c in ("doc_id", "article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"find_formulas: the articles table lacks column(s) {missing}")
    if lexicon is None and use_lexicon:
        lexicon = load_formula_lexicon()
    glosses = dict(zip(lexicon["formula"], lexicon["gloss_en"])) if lexicon is not None else {}
    categories = (dict(zip(lexicon["formula"], lexicon["category"]))
                  if lexicon is not None and "category" in lexicon.columns else {})
    fields = [f for f in fields if f in articles.columns]
    rows = []
    for record in articles[["doc_id", "article_id", *fields]].itertuples(index=False):
        for field in fields:
            text = getattr(record, field)
            if field == "text" and not isinstance(text, str):
                raise ValueError(f"find_formulas: article {record.article_id} has no text")
            if not isinstance(text, str) or not text:
                continue
            if field != "text" and isinstance(record.text, str) and text in record.text:
                continue  # a headline repeated in the body (banners): count it once
            for row in _drop_parts(_formulas_in(text, lexicon if use_lexicon else None, glosses)):
                category = categories.get(row["formula"]) or (
                    "honour" if _HONOUR_RE.search(row["formula"]) else "formula")
                rows.append({"doc_id": record.doc_id, "article_id": record.article_id,
                             "field": field, **row, "category": category})
    columns = ["doc_id", "article_id", "field", "kind", "formula", "found_by", "gloss_en", "category",
               "start", "end", "sentence", "context"]
    return pd.DataFrame(rows, columns=columns)


#: Patterns that build a formula out of numbered parts (四梁八柱 = 四梁 + 八柱, 两区两城两高地).
_COMPOUND_PATTERNS = ("numeral_pair", "parallel_numeral")


def _drop_parts(rows: list[dict]) -> list[dict]:
    """Leave out a numbered formula that is a part of a compound one of the same text: 四梁八柱 is one formula,
    and the “四梁”:… “八柱”:… that unpack it are its parts, not two more formulas."""
    compounds = {r["formula"] for r in rows
                 if r["kind"] == "numbered" and any(p in r["found_by"] for p in _COMPOUND_PATTERNS)}
    return [r for r in rows if not (r["kind"] == "numbered" and r["formula"] not in compounds
                                    and any(r["formula"] in c and r["formula"] != c for c in compounds))]


def _formulas_in(text: str, lexicon: pd.DataFrame | None, glosses: Mapping[str, str]) -> list[dict]:
    spans = _merge_spans(_formula_candidates(text))
    if lexicon is not None:
        taken = [(a, b) for a, b, _, _ in spans]
        for formula, kind in zip(lexicon["formula"], lexicon["kind"]):
            start = text.find(formula)
            while start >= 0:
                end = start + len(formula)
                if not any(a < end and start < b for a, b in taken):
                    spans.append((start, end, kind, "lexicon"))
                    taken.append((start, end))
                start = text.find(formula, end)
    sentences = split_sentences(text)
    sentence_starts = [s for s, _ in sentences]
    rows = []
    for a, b, kind, found_by in sorted(spans):
        formula = re.sub(r"\s+", "", text[a:b])
        idx = max(int(np.searchsorted(sentence_starts, a, side="right")) - 1, 0)
        s, e = sentences[idx] if sentences else (0, len(text))
        rows.append({"kind": kind, "formula": formula, "found_by": found_by,
                     "gloss_en": glosses.get(formula, ""), "start": a, "end": b,
                     "sentence": idx, "context": text[s:e]})
    return rows


def formula_counts(formulas: pd.DataFrame) -> pd.DataFrame:
    """Return how often each formula occurs: formula, kind, gloss_en, category, count, n_docs, doc_ids.

    Sorted by count descending, then formula.
    """
    if formulas.empty:
        return pd.DataFrame(columns=["formula", "kind", "gloss_en", "category", "count", "n_docs", "doc_ids"])
    if "category" not in formulas.columns:
        formulas = formulas.assign(category="formula")
    grouped = formulas.groupby(["formula", "kind"], sort=False)
    result = grouped.agg(gloss_en=("gloss_en", "first"), category=("category", "first"), count=("start", "size"),
                         n_docs=("doc_id", "nunique"),
                         doc_ids=("doc_id", lambda s: ";".join(sorted(set(s))))).reset_index()
    return result.sort_values(["count", "formula"], ascending=[False, True],
                              kind="mergesort").reset_index(drop=True)


