"""What kind of page an article comes from, and how much it is about science and technology.

Why: a finding about "the coverage" means something else on a front page, on a
page the science bureau co-produces, or in an interview series; and a local
paper's pages mix science news with red tourism and party meetings.  Two
columns of the articles table say so, from general cues only (no per-document
curation):

``genre`` — read from the cues of the article and of its page (the other
articles of the same document), first match wins:

=================  =====================================================================
notice             the headline announces a notice: 通知, 公告, 公示, 启事, 通告
interview_series   an interview, on a page with at least two (人物专访 series)
joint_edition      the page is co-produced or sponsored: 联办, 协办, 合办, 主办 … 专版 in a
                   short line (a banner or credit), or 专版 in a headline
front_page         the page continues elsewhere (下转第二版, 转第N版) or names itself 头版
themed_page        the page opens with an unsigned introduction (an editor's note) and
                   carries features or interviews under one theme
news               anything else
=================  =====================================================================

``st_relevance`` — the share of an article's content tokens that are terms of
the science-and-technology themes of the theme dictionary
(:data:`ST_THEMES`: innovation and technology, transformation of
achievements, cooperation with universities), matched as whole words as
``czlib.analysis.stats.themes`` does.  Notebooks call an article *relevant* from
:data:`RELEVANT_FROM` on.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Sequence

GENRES = ("notice", "interview_series", "joint_edition", "front_page", "themed_page", "news")
#: Themes of the theme dictionary that make an article about science and technology.
ST_THEMES = ("innovation", "transformation", "universities")
#: An article is relevant to science and technology from this share of its content tokens on.
RELEVANT_FROM = 0.02

_NOTICE_RE = re.compile(r"(?:通知|公告|公示|启事|通告)$|^关于.{2,40}的(?:通知|公告|公示)")
_JOINT_RE = re.compile(r"(?:联办|协办|合办|承办|主办|专版)\s*$")
_FRONT_RE = re.compile(r"下转第?[一二三四五六七八九十\d]+版|转第[一二三四五六七八九十\d]+版|头版")
_SHORT_LINE = 40


def _lines(article: Mapping) -> list[str]:
    """The header fields and the short lines of an article (banners, credits)."""
    fields = [article.get(f) for f in ("title", "kicker", "subtitle", "credit", "byline")]
    text = article.get("text") if isinstance(article.get("text"), str) else ""
    return [f for f in fields if isinstance(f, str) and f] + [
        line.strip() for line in text.splitlines() if 0 < len(line.strip()) <= _SHORT_LINE]


def document_genres(articles: Sequence[Mapping], page_lines: Sequence[str] = ()) -> list[str]:
    """The genre of each article of one document (its page), in order (see the module for the rules).

    ``page_lines`` are lines of the page that are in no article (the cleaning
    log's ``detail``: a continuation marker 下转第二版 closes an article and is cut).
    """
    kinds = [a.get("kind") for a in articles]
    extra = [line for line in page_lines if isinstance(line, str)]
    lines = [line for a in articles for line in _lines(a)] + [line for line in extra if len(line) <= _SHORT_LINE]
    texts = [a.get("text") for a in articles if isinstance(a.get("text"), str)] + extra
    joint = any(_JOINT_RE.search(line) for line in lines) or any(
        "专版" in (a.get("title") or "") for a in articles)
    front = any(_FRONT_RE.search(text) for text in texts)
    interviews = kinds.count("interview")
    themed = "editor_note" in kinds and (interviews + kinds.count("feature")) >= 1 and not front
    page = "joint_edition" if joint else "front_page" if front else "themed_page" if themed else "news"
    out = []
    for article, kind in zip(articles, kinds):
        title = (article.get("title") or "").strip()
        if _NOTICE_RE.search(title) or kind == "notice":
            out.append("notice")
        elif kind == "interview" and interviews >= 2:
            out.append("interview_series")
        else:
            out.append(page)
    return out


@lru_cache(maxsize=4)
def st_terms(path: str | None = None) -> frozenset[str]:
    """The terms of the science-and-technology themes (:data:`ST_THEMES`) of the theme dictionary."""
    from .stats.themes import load_theme_dictionary

    dictionary = load_theme_dictionary(path)
    return frozenset(dictionary.loc[dictionary["theme"].isin(ST_THEMES), "term"])


def st_relevance(words: Sequence[str], content: Sequence[bool], terms: frozenset[str] | None = None) -> float:
    """Share of the content tokens that are science-and-technology terms (0.0 with no content token)."""
    terms = st_terms() if terms is None else terms
    kept = [w for w, c in zip(words, content) if c]
    return round(sum(w in terms for w in kept) / len(kept), 4) if kept else 0.0
