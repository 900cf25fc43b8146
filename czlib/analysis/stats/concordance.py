"""Evidence in context: a concordance (keyword in context, as quanteda's ``kwic``) and evidence sentences.

Why: a count says how often; a researcher must also see *how* a word, an
actor or a figure is used.  Every row keeps ``start``/``end`` offsets into the
article's ``text`` (``text[start:end] == match``), so each line of evidence
can be traced back to the source like every other czlib table.

What a pattern is (:func:`concordance`):

* a ``str`` is a **literal** term (``"科技特派员"``); ``regex=True`` reads it
  as a regular expression instead;
* a compiled ``re.Pattern`` is always a regular expression;
* a list (tuple, set) of strings is a set of literal terms, matched longest
  first, so ``["四梁", "四梁八柱"]`` finds 四梁八柱 once, not 四梁 inside it
  (with ``regex=True``, a list of expressions tried in the order given).

Matches do not overlap and are in text order.  :func:`concordance_at` does the
same for spans found elsewhere (actor mentions, theme hits, claims), and
:func:`evidence_sentences` gives the whole sentence around each span.
:func:`kwic` works on the token table instead, with a window counted in tokens.
"""
from __future__ import annotations

import re
from typing import Iterable

import numpy as np
import pandas as pd

from ...text.segmentation.segment import split_sentences

CONCORDANCE_COLUMNS = ["doc_id", "article_id", "left", "match", "right", "start", "end"]
EVIDENCE_COLUMNS = ["doc_id", "article_id", "sentence", "match", "start", "end"]

DEFAULT_WIDTH = 20


def compile_pattern(pattern, regex: bool = False) -> re.Pattern:
    """The regular expression a concordance searches for (see the module for what a pattern is)."""
    if isinstance(pattern, re.Pattern):
        return pattern
    if isinstance(pattern, str):
        if not pattern:
            raise ValueError("concordance: the pattern is empty")
        return re.compile(pattern if regex else re.escape(pattern))
    if isinstance(pattern, (list, tuple, set, frozenset, pd.Series)):
        terms = [t for t in pattern]
        bad = [t for t in terms if not isinstance(t, str) or not t]
        if bad or not terms:
            raise ValueError(f"concordance: a list of terms needs non-empty strings, got {bad[:3] or terms}")
        if regex:  # expressions: tried in the order given
            return re.compile("|".join(f"(?:{t})" for t in dict.fromkeys(terms)))
        # literal terms longest first: an alternation takes the first alternative that matches at a position
        ordered = sorted(dict.fromkeys(terms), key=lambda t: (-len(t), t))
        return re.compile("|".join(re.escape(t) for t in ordered))
    raise TypeError(f"concordance: pattern must be a str, a compiled regular expression or a list of "
                    f"strings, got {type(pattern).__name__}")


def _check_articles(articles: pd.DataFrame) -> None:
    missing = [c for c in ("doc_id", "article_id", "text") if c not in articles.columns]
    if missing:
        raise ValueError(f"concordance: the articles table lacks column(s) {missing}")


def _check_width(width: int) -> None:
    if isinstance(width, bool) or not isinstance(width, int) or width < 0:
        raise ValueError(f"concordance: width must be a non-negative number of characters, got {width!r}")


def concordance(articles: pd.DataFrame, pattern, width: int = DEFAULT_WIDTH, *,
                regex: bool = False) -> pd.DataFrame:
    """Return every match of ``pattern`` in the articles' text, with ``width`` characters either side.

    Columns: doc_id, article_id, left, match, right, start, end (offsets into
    the article's ``text``: ``text[start:end] == match``).  Rows follow the
    articles table, then the text.  Empty matches of a regular expression are
    skipped.
    """
    _check_articles(articles)
    _check_width(width)
    compiled = compile_pattern(pattern, regex)
    rows = []
    for doc_id, article_id, text in zip(articles["doc_id"], articles["article_id"], articles["text"]):
        if not isinstance(text, str):
            continue
        for m in compiled.finditer(text):
            if m.end() > m.start():
                rows.append(_row(doc_id, article_id, text, m.start(), m.end(), width))
    return pd.DataFrame(rows, columns=CONCORDANCE_COLUMNS).astype({"start": int, "end": int})


def _row(doc_id, article_id, text: str, start: int, end: int, width: int) -> dict:
    return {"doc_id": str(doc_id), "article_id": str(article_id),
            "left": text[max(0, start - width):start], "match": text[start:end],
            "right": text[end:end + width], "start": int(start), "end": int(end)}


def _texts(articles: pd.DataFrame) -> dict[str, tuple[str, str]]:
    _check_articles(articles)
    return {str(a): (str(d), t) for d, a, t in zip(articles["doc_id"], articles["article_id"], articles["text"])}


def _spans(spans: pd.DataFrame) -> Iterable[tuple[str, int, int]]:
    missing = [c for c in ("article_id", "start", "end") if c not in spans.columns]
    if missing:
        raise ValueError(f"concordance: the spans lack column(s) {missing} (give rows of a czlib table "
                         f"with article_id, start and end, e.g. actors or claims)")
    return zip(spans["article_id"].astype(str), spans["start"].astype(int), spans["end"].astype(int))


def concordance_at(articles: pd.DataFrame, spans: pd.DataFrame, width: int = DEFAULT_WIDTH) -> pd.DataFrame:
    """The concordance lines of spans found elsewhere (rows with article_id, start, end), in their order.

    A span whose article is not in ``articles`` or whose offsets fall
    outside its text is an error: evidence that cannot be traced is no evidence.
    """
    _check_width(width)
    texts = _texts(articles)
    rows = []
    for article_id, start, end in _spans(spans):
        doc_id, text = _lookup(texts, article_id, start, end)
        rows.append(_row(doc_id, article_id, text, start, end, width))
    return pd.DataFrame(rows, columns=CONCORDANCE_COLUMNS).astype({"start": int, "end": int})


def _lookup(texts: dict, article_id: str, start: int, end: int) -> tuple[str, str]:
    if article_id not in texts:
        raise ValueError(f"concordance: article {article_id!r} is not in the articles table")
    doc_id, text = texts[article_id]
    if not 0 <= start < end <= len(text):
        raise ValueError(f"concordance: span {start}:{end} lies outside article {article_id!r} "
                         f"({len(text)} characters)")
    return doc_id, text


def evidence_sentences(articles: pd.DataFrame, spans: pd.DataFrame, max_chars: int = 160) -> pd.DataFrame:
    """The sentence around each span (as :func:`czlib.text.segmentation.segment.split_sentences` cuts them).

    Columns: doc_id, article_id, sentence, match, start, end (the span's
    offsets in the article text).  A sentence longer than ``max_chars`` is cut
    to a window of that size around the span, marked with "…".  One row per
    span, in the order given; a researcher picks the spans (e.g. the first
    mentions of the top actor).
    """
    texts = _texts(articles)
    cut = {}
    rows = []
    for article_id, start, end in _spans(spans):
        doc_id, text = _lookup(texts, article_id, start, end)
        if article_id not in cut:
            cut[article_id] = split_sentences(text)
        s_start, s_end = next(((a, b) for a, b in cut[article_id] if a <= start < b), (start, end))
        s_end = max(s_end, end)
        if s_end - s_start > max_chars:
            room = max(max_chars - (end - start), 0) // 2
            a, b = max(s_start, start - room), min(s_end, end + room)
            sentence = ("…" if a > s_start else "") + text[a:b] + ("…" if b < s_end else "")
        else:
            sentence = text[s_start:s_end]
        rows.append({"doc_id": doc_id, "article_id": article_id, "sentence": sentence,
                     "match": text[start:end], "start": start, "end": end})
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS).astype({"start": int, "end": int})


def spread(rows: pd.DataFrame, n: int, by: str = "article_id") -> pd.DataFrame:
    """Up to ``n`` rows taken in turn from each ``by`` group (each article's first row, then each second …).

    Why: evidence drawn only from the first article that uses a word says
    nothing about the others.  Deterministic: groups in table order.
    """
    if by not in rows.columns:
        raise ValueError(f"spread: the rows lack column {by!r}")
    turn = rows.groupby(by, sort=False).cumcount().to_numpy()
    return rows.assign(_turn=turn).sort_values("_turn", kind="stable").head(n).drop(columns="_turn")


KWIC_COLUMNS = ["doc_id", "article_id", "pre", "keyword", "post", "start", "end"]


def kwic(tokens: pd.DataFrame, pattern, window: int = 5) -> pd.DataFrame:
    """Keyword in context with a window in *tokens* (quanteda's ``kwic(x, pattern, window)``).

    ``tokens`` is the token table (every token, in text order); ``pattern`` a
    word, a ``*``/``?`` wildcard pattern (``人才*``), several space-separated
    words matched as consecutive tokens (``科技 创新``), or a list of these.
    Columns: doc_id, article_id, pre and post (up to ``window`` tokens of the
    same article either side, joined by spaces), keyword (the matched tokens
    joined by spaces), start, end (offsets of the match in the article text).
    Rows in token-table order.
    """
    _check_width(window)
    missing = [c for c in ("doc_id", "article_id", "token", "start") if c not in tokens.columns]
    if missing:
        raise ValueError(f"kwic: the token table lacks column(s) {missing}")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or any(not isinstance(p, str) or not p.split() for p in patterns):
        raise ValueError(f"kwic: a pattern is a non-empty word or phrase, got {pattern!r}")
    words = tokens["token"].astype(str).reset_index(drop=True)
    article = tokens["article_id"].astype(str).to_numpy()
    doc = tokens["doc_id"].astype(str).to_numpy()
    starts = tokens["start"].to_numpy()
    ends = starts + words.str.len().to_numpy()
    found: dict[int, int] = {}  # first token row -> number of tokens matched (longest pattern wins)
    for phrase in patterns:
        parts = phrase.split()
        n = len(parts)
        m = len(words) - n + 1
        if m <= 0:
            continue
        hit = np.ones(m, dtype=bool)
        for j, part in enumerate(parts):
            window_words = words.iloc[j:j + m]
            if "*" in part or "?" in part:
                regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in part)
                hit &= window_words.str.fullmatch(regex).to_numpy(bool)
            else:
                hit &= (window_words == part).to_numpy()
            if j:
                hit &= article[j:j + m] == article[:m]
        for i in np.flatnonzero(hit):
            found[int(i)] = max(found.get(int(i), 0), n)
    rows = []
    for i in sorted(found):
        n = found[i]
        last = i + n - 1
        lo = i
        while lo > 0 and i - lo < window and article[lo - 1] == article[i]:
            lo -= 1
        hi = last
        while hi + 1 < len(words) and hi - last < window and article[hi + 1] == article[i]:
            hi += 1
        rows.append({"doc_id": doc[i], "article_id": article[i], "pre": " ".join(words.iloc[lo:i]),
                     "keyword": " ".join(words.iloc[i:last + 1]), "post": " ".join(words.iloc[last + 1:hi + 1]),
                     "start": int(starts[i]), "end": int(ends[last])})
    return pd.DataFrame(rows, columns=KWIC_COLUMNS).astype({"start": int, "end": int})
