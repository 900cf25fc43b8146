"""Read one saved news web page (HTML) into its main text and metadata.

A saved page is mostly not the article: navigation, share buttons, related
headlines, comment boxes and a copyright footer surround a few paragraphs.
``extract_webpage`` keeps the paragraphs, one per line (the sentence splitter
downstream reads one paragraph per line), and the page's title, publication
date, authors, site name and canonical URL, in a :class:`WebPage`.

How, and why:

* **Decoding** (:func:`decode_html`).  Chinese pages often declare the wrong
  charset (a UTF-8 page saying GB2312) or none.  A byte-order mark decides;
  otherwise strict UTF-8, which random GBK bytes essentially never pass;
  otherwise the charset the page declares in ``<meta>`` (GB2312/GBK are read
  as their superset GB18030, Big5 as Big5-HKSCS); otherwise the
  charset-normalizer detector of :mod:`czlib.corpus.reading.decoding`.  ``<script charset>``
  attributes are not declarations of the page and are ignored.
* **Main text** with trafilatura, run on the parsed tree with fixed settings:
  no comments, no tables (a table is read only when the page has no other
  text, as in old table layouts), no images, links or formatting marks, no
  de-duplication (its cache would make a page's text depend on the pages
  read before it), publication date rather than last-modified date.  Before
  extraction, a ``<section>`` holding only inline content becomes a ``<p>``:
  WeChat-style editors write paragraphs as ``<section><span>``, which
  trafilatura does not take for text at all.
* **Chrome** that trafilatura keeps is removed line by line with generic
  Chinese-web rules, never per site (:func:`clean_lines`):

  - the head: everything down to the headline when it repeats at the top
    (breadcrumbs, logos), and header lines before the first paragraph
    (date, 来源/作者 info line, 字号);
  - the tail: everything from the first end-of-article marker that has at
    least as much prose above it as below it -- an editor credit
    (责任编辑/责编/编辑：), a statement (声明/免责声明/【免责声明】), a comment
    notice (网友评论…), 关键词/标签, 上一篇/下一篇, or a short heading over
    other stories (相关阅读, 相关热门文章, 热点新闻, 为你推荐, 点击排行…);
  - anywhere, short lines that are breadcrumbs (位置：, … >), copyright and
    ICP/公网安备 footers, share/QR/app prompts (分享到, 扫一扫, 安装…客户端),
    report-line footers (违法和不良信息举报), toolbars made only of tool words
    (【打印本页】【关闭窗口】), teasers ending in 【详细】, time-stamped headlines
    of other stories, editor-credit lines and lines holding only a date.

  Live stock quotes injected after company names, ``太行科技(12.35, 0.21, 1.73%)``,
  are removed from the text.  Data tables inside the body are not asked for;
  trafilatura's fallbacks may still keep their cells, one per line.
* **Before extraction** ``display:none``/``hidden`` elements, styles and
  short login/share bars are dropped (a hidden element holding much of the
  page's text stays: a script reveals it), and a stray early ``</body>`` or
  ``</html>`` does not end the document.
* **Second opinion on the body**: lines trafilatura missed between the
  headline and its first line (a lead in its own box) are read from the
  visible text; a fragment of a body is replaced by the text under the
  headline; a list below the last paragraph (an author's recent articles,
  short link lines) and promo links above the first are dropped.
* **Title**: the page's headline as shown, not ``<title>`` with its site
  suffix: the longest visible line or meta title that is a separator-bounded
  piece of ``<title>`` (``标题_频道_网站`` → ``标题``; the whole ``<title>`` only
  when a heading shows it); then GNE's rule, the heading (``<h1>``, ``<h2>``, a
  block classed title; script text and 最后更新/date tails left out) sharing
  the longest common part with ``<title>``; then og:title, the first heading
  (non-link ``<h1>`` first), trafilatura's.
* **Date**: the date in the info bar under the headline (not a 更新 date, not
  a sentence's), else trafilatura's publication date: a page generator's
  metadata date loses to the date the page shows.
* **Authors and editors**: Chinese bylines in the article and just around it
  on the page (记者X, 本报记者 X Y, （记者X 通讯员Y）, 作者：X, 作者 X, 文/X,
  【文/某网专栏作者 X】, （文/图 X Y）, 执笔/X, X/某报, a closing （X） credit,
  由/经X整理·编排 credit lines) and ``<meta name="author">`` are the authors;
  责任编辑/责编/编辑 name the editors of record, kept apart and never authors
  (校对, 审核 are not recorded).  trafilatura's author is kept only when the
  name occurs around the article (its guess often comes from a sidebar).

Body cleaning lives in :mod:`czlib.corpus.web.webclean`, bylines in :mod:`czlib.corpus.web.webauthors`.
"""
from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from ..reading.decoding import CorpusFileError
from .html_decoding import declared_charset, decode_html, looks_like_html
from .webauthors import byline_window, page_authors
from .webclean import (clean_lines, ends_article, is_chrome, is_prose, line_key, second_opinion,
                       trim_trailing_list)

__all__ = ["AUTHOR_SEPARATOR", "WebPage", "clean_lines", "declared_charset", "decode_html", "extract_webpage",
           "looks_like_html"]

AUTHOR_SEPARATOR = "; "


@dataclass(frozen=True)
class WebPage:
    """The main text and metadata of one news web page.

    ``text`` holds one paragraph per line.  ``date`` is ISO ``YYYY-MM-DD`` or
    ``''``; ``date_precision`` is ``'day'`` or ``''``.  ``author`` joins the
    names with :data:`AUTHOR_SEPARATOR` (see :attr:`authors`); ``editor`` the
    editors of record (责任编辑, 编辑; see :attr:`editors`), who are never authors.  ``url`` is the
    canonical URL the page states, or ``''``; ``charset`` is the codec used.
    """

    text: str
    title: str = ""
    date: str = ""
    date_precision: str = ""
    author: str = ""
    editor: str = ""
    sitename: str = ""
    url: str = ""
    charset: str = ""

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(name for name in self.author.split(AUTHOR_SEPARATOR) if name)

    @property
    def editors(self) -> tuple[str, ...]:
        return tuple(name for name in self.editor.split(AUTHOR_SEPARATOR) if name)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


# --------------------------------------------------------------------------- parsing

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head", "select", "textarea", "button")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# </body> and </html>: libxml2 ends the document at the first of them, and pages print them
# early (a template's header closes the page, then the article follows); the parser closes both at the end.
_END_OF_PAGE_TAG = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def _parse(text: str, path: Path | str) -> lxml.html.HtmlElement:
    try:
        tree = lxml.html.document_fromstring(_END_OF_PAGE_TAG.sub("", _XML_DECLARATION.sub("", text, count=1)))
    except (etree.ParserError, ValueError) as exc:
        raise CorpusFileError(path, f"cannot be parsed as HTML: {exc}") from None
    return tree


# Widgets that are never the article: login bars and pop-ups, share bars (by class or id).
_WIDGET_NAME = re.compile(r"(?:^|[\s_-])(?:login|signin|sign-in|logon|share|sharebox|share-bar|bdshare|jiathis)(?:$|[\s_-])",
                          re.IGNORECASE)
# Scripts stay in the tree: trafilatura reads dates from them (WeChat's var ct) and drops their text itself.
_NON_CONTENT_TAGS = ("style", "noscript", "template")
# A login or share bar is a few words; a longer element with such a class holds more (the article, an editor line).
MAX_WIDGET_TEXT = 40
# A hidden element holding more than this share of the page's text is the article a script reveals.
MAX_HIDDEN_SHARE = 0.3


def _drop_non_content(tree: lxml.html.HtmlElement) -> None:
    """Remove styles, ``display:none``/``hidden`` elements and login/share widgets (in place).

    Their text would otherwise be read as a subtitle or body (a hidden menu).  An element
    hidden by ``visibility:hidden`` stays: WeChat hides its whole article that way
    until a script shows it, and so might other sites with a large hidden block.
    """
    for element in list(tree.iter(*_NON_CONTENT_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    body = tree.find("body")
    body = body if body is not None else tree
    scripts = sum(len(_space(script.text_content())) for script in body.iter("script"))
    total = max(len(_space(body.text_content())) - scripts, 1)
    for element in list(tree.iter()):
        if element.getparent() is None or not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        hidden = bool(re.search(r"display\s*:\s*none", element.get("style", ""), re.IGNORECASE)) \
            or element.get("hidden") is not None
        widget = bool(_WIDGET_NAME.search(f"{element.get('class', '')} {element.get('id', '')}"))
        if (hidden and len(_space(element.text_content())) <= MAX_HIDDEN_SHARE * total) or (
                widget and len(_space(element.text_content())) <= MAX_WIDGET_TEXT):
            element.drop_tree()


def _inline_sections_to_paragraphs(tree: lxml.html.HtmlElement) -> None:
    """Rename each ``<section>`` with no block element inside to ``<p>`` (in place)."""
    for section in list(tree.iter("section")):
        if not any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in section.iterdescendants()):
            section.tag = "p"


def _space(text: str) -> str:
    """Collapse whitespace (including full-width and no-break spaces) to single spaces."""
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


def _visible_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """The page's visible text, one line per block element (scripts and hidden elements dropped)."""
    tree = copy.deepcopy(tree)
    for element in list(tree.iter(*_INVISIBLE_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(tree.iter()):
        if (element.getparent() is not None and isinstance(element.tag, str)
                and (_HIDDEN_STYLE.search(element.get("style", "")) or element.get("hidden") is not None)):
            element.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and (element.tag in _BLOCK_TAGS or element.tag == "br"):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (_space(line) for line in tree.text_content().split("\n"))
    return [line for line in lines if line]


# --------------------------------------------------------------------------- trafilatura

def _run_trafilatura(tree: lxml.html.HtmlElement, tables: bool):
    """trafilatura's Document for the tree (it works on a copy), or None.

    Balanced mode: on the twelve sample pages favor_precision found no text at
    all in a table layout (zsnews_1) and, in its readability fallback, broke a
    paragraph at an inline <u> (thepaper_5); favor_recall added footers and
    recommendation lists (people_1, stcn_1).
    """
    return trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=tables,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        favor_precision=False,
        favor_recall=False,
        date_extraction_params={"original_date": True, "extensive_search": True},
    )


# A live quote after a company name: 太行科技(12.35, 0.21, 1.73%).
_STOCK_QUOTE = re.compile(r"[(（]-?\d+(?:\.\d+)?,\s*-?\d+(?:\.\d+)?,\s*-?\d+(?:\.\d+)?%[)）]")


def _text_lines(text: str | None, tables: bool) -> list[str]:
    """trafilatura's text as whitespace-normalised lines, live stock quotes removed."""
    lines = []
    for line in (text or "").split("\n"):
        if tables and line.strip().startswith("|"):
            # a table row rendered as "| a | b |": one line per cell
            lines.extend(_space(_STOCK_QUOTE.sub("", cell)) for cell in line.strip().strip("|").split("|"))
        else:
            lines.append(_space(_STOCK_QUOTE.sub("", line)))
    return [line for line in lines if line and not re.fullmatch(r"[-|:\s]+", line)]


def _anchor_texts(tree: lxml.html.HtmlElement) -> set[str]:
    """The texts of the page's links (an entry of a list of other stories is one)."""
    return {_space(a.text_content()) for a in tree.iter("a")} - {""}


# --------------------------------------------------------------------------- title

_TITLE_SEPARATORS = "_|｜-—–·:：»>\\/ "
_META_TITLES = ("og:title", "twitter:title", "articletitle", "headline", "title", "dc.title")


def _meta_titles(tree: lxml.html.HtmlElement) -> list[str]:
    found = []
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if key in _META_TITLES and meta.get("content"):
            found.append(_space(meta.get("content")))
    return found


def _title_pieces(document_title: str) -> list[str]:
    """Separator-bounded pieces of ``<title>``, longest first (``A_B_C`` → ``A_B_C``, ``A_B``, ``B_C``, ``A``…)."""
    bounds = [0] + [i for i, ch in enumerate(document_title) if ch in _TITLE_SEPARATORS] + [len(document_title)]
    pieces = {document_title[a:b].strip(_TITLE_SEPARATORS) for a in bounds for b in bounds if b > a}
    return sorted((p for p in pieces if len(p) >= 4), key=lambda p: (-len(p), document_title.find(p)))


# What a heading element holds after its headline: 最后更新: …, a date, 来源/作者 labels.
_HEADING_TAIL = re.compile(
    r"\s*(?:最后更新|更新时间|更新于|发布时间|发布日期|发表时间|来源|作者|编辑)\s*[:：].*$"
    r"|\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_TITLE_CLASS = re.compile(r"title|headline|biaoti|hdtitle", re.IGNORECASE)
_NOT_TITLE_CLASS = re.compile(r"sub|list|nav|side|menu|logo|foot|head-|related|recommend|hot|rank|more|tab",
                              re.IGNORECASE)
_HEADING_BLOCKS = {"div", "p", "span", "td", "strong", "b", "em", "font", "header"}


def _clean_heading(text: str) -> str:
    return _HEADING_TAIL.sub("", _space(text)).strip(_TITLE_SEPARATORS.replace(" ", "") + " ")


def _shown_text(element: lxml.html.HtmlElement) -> str:
    """The element's text without the text of scripts inside it (``<h1><script>…</script>标题</h1>``)."""
    if not any(True for _ in element.iter("script", "style")):
        return element.text_content()
    element = copy.deepcopy(element)
    for script in list(element.iter("script", "style")):
        script.drop_tree()
    return element.text_content()


def _headings(tree: lxml.html.HtmlElement) -> list[str]:
    """Headline candidates in page order: ``<h1>``, ``<h2>`` and blocks whose class or id says title.

    Headings over lists (热点新闻, 相关阅读) are not candidates.  A heading that
    is a link (a logo, another story) comes after those that are not, and an
    ``<h1>`` before the rest.
    """
    found: list[tuple[int, str]] = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag in ("h1", "h2") or (element.tag in _HEADING_BLOCKS and _TITLE_CLASS.search(marker)
                                           and not _NOT_TITLE_CLASS.search(marker)):
            text = _clean_heading(_shown_text(element))
            if (4 <= len(text) <= 80 and not is_chrome(text) and not ends_article(line_key(text))
                    and text not in (t for _, t in found)):
                link = element.tag == "a" or any(True for _ in element.iterancestors("a")) or any(
                    _space(a.text_content()) == text for a in element.iter("a"))
                found.append((2 * link + (element.tag != "h1"), text))
    return [text for _, text in sorted(found, key=lambda item: item[0])]


def _common_part(a: str, b: str) -> str:
    """The longest common substring of two short strings."""
    best, end = 0, 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, end = current[j], i
        previous = current
    return a[end - best:end]


# A heading agrees with <title> when their common part covers this share of the heading.
MIN_AGREEMENT = 0.6


def _headline(tree: lxml.html.HtmlElement, visible: list[str], extracted_title: str | None) -> str:
    """The headline as shown: where ``<title>``, the meta titles and the page's headings agree.

    1. the longest separator-bounded piece of ``<title>`` that the page shows
       as a line or a meta title states (``标题_频道_网站`` → ``标题``);
    2. GNE's rule: the heading (``<h1>``, ``<h2>``, a block classed title)
       sharing the longest common part with ``<title>``, when that part covers
       most of it; then og:title and the other meta titles; then the first
       heading, trafilatura's title, the first piece of ``<title>``.
    """
    document_title = _space(tree.findtext(".//title") or "")
    metas = [_clean_heading(m) for m in _meta_titles(tree)]
    shown = set(visible) | set(metas)
    headings = _headings(tree)
    if document_title:
        for piece in _title_pieces(document_title):
            # the whole <title> only when a heading shows it as such (then it has no suffix; a logo
            # or footer line repeating a <title> that is only the site name is no headline)
            if piece in (headings if piece == document_title else shown):
                return piece
    if document_title:
        scored = []
        for order, heading in enumerate(headings):
            common = _common_part(heading, document_title).strip(_TITLE_SEPARATORS)
            if len(common) >= 4 and len(common) >= MIN_AGREEMENT * len(heading):
                scored.append((len(common), -order, heading))
        if scored:
            return max(scored)[2]
    for candidate in metas:
        if candidate and candidate != document_title:
            return candidate
    if headings:
        return headings[0]
    if extracted_title:
        return _space(extracted_title)
    pieces = [p for p in re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", document_title) if p]
    return pieces[0] if pieces else document_title


# --------------------------------------------------------------------------- authors

def _meta_author(tree: lxml.html.HtmlElement) -> str:
    """``<meta name="author">`` (names separated by ; , 、), or ''."""
    for meta in tree.iter("meta"):
        if (meta.get("name") or meta.get("property") or "").strip().lower() in ("author", "article:author"):
            return _space(meta.get("content") or "")
    return ""


# --------------------------------------------------------------------------- the page

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHOWN_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
# Lines after the headline in which the info bar (date, source, author) is looked for.
INFO_BAR_LINES = 8


def _info_bar_date(visible: list[str], headline: str) -> str:
    """The date of the info bar under the headline (发布时间 2023-04-21 来源…), ISO, or ''.

    A line that is a sentence is body text (its date is an event's), and a
    date labelled 更新/修改 is the last change, not the publication.
    """
    key = line_key(headline)
    start = next((i for i, line in enumerate(visible) if key and key in line_key(line)), None)
    if start is None:
        return ""
    for line in visible[start: start + INFO_BAR_LINES]:
        if len(line) > 80 or (line is not visible[start] and is_prose(line)):
            continue
        for match in _SHOWN_DATE.finditer(line):
            if re.search(r"(?:更新|修改)[^\d]{0,6}$", line[: match.start()]):
                continue
            y, m, d = (int(g) for g in match.groups())
            if 1 <= m <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{m:02d}-{d:02d}"
    return ""


def _page_date(extracted: str, visible: list[str], headline: str) -> str:
    """The document's publication date: the date in the info bar under the headline; else trafilatura's
    (from metadata, or a script: WeChat's ``var ct``).  A page generator's metadata date loses to the date
    the page shows."""
    return _info_bar_date(visible, headline) or extracted


def _title_site(document_title: str, headline: str) -> str:
    """The site name a ``<title>`` ends with after the headline (标题_栏目_长治新闻网 → 长治新闻网), or ''."""
    if not headline or not document_title.startswith(headline):
        return ""
    rest = document_title[len(headline):].strip(_TITLE_SEPARATORS)
    pieces = [p.strip() for p in re.split(f"[{re.escape(_TITLE_SEPARATORS.replace(' ', ''))}]", rest) if p.strip()]
    return pieces[-1] if pieces and len(pieces[-1]) <= 20 else ""


def _sitename(value: str | None) -> str:
    name = _space(value or "")
    name = re.sub(r"\s*(?:版权所有|all rights reserved).*$", "", name, flags=re.IGNORECASE)
    return re.sub(r"^(?:copyright|©)\s*", "", name, flags=re.IGNORECASE).strip()


def extract_webpage(data: bytes, path: Path | str = "<bytes>") -> WebPage:
    """Decode a saved web page and extract its main text and metadata.

    Raise :class:`~czlib.corpus.reading.decoding.CorpusFileError` naming the file when it
    cannot be decoded or parsed, or holds no main text.
    """
    text, charset = decode_html(data, path)
    tree = _parse(text, path)
    _drop_non_content(tree)
    _inline_sections_to_paragraphs(tree)
    tables = False
    document = _run_trafilatura(tree, tables=False)
    if document is None or not (document.text or "").strip():
        tables = True  # a table layout: the article sits in a <td>
        document = _run_trafilatura(tree, tables=True)
    if document is None or not (document.text or "").strip():
        raise CorpusFileError(path, "no main text found in the HTML page")
    visible = _visible_lines(tree)
    title = _headline(tree, visible, document.title)
    lines = _text_lines(document.text, tables)
    body, cut = clean_lines(lines, title)
    if not body:
        raise CorpusFileError(path, "no main text left in the HTML page after removing page chrome")
    region = lines[: cut + 1]
    authors, editors = page_authors(document.author, region, body, byline_window(visible, body), _meta_author(tree))
    anchors = _anchor_texts(tree)
    body = second_opinion(trim_trailing_list(body, anchors), visible, title, anchors)
    date = document.date or ""
    if not _ISO_DAY.match(date):
        date = ""
    date = _page_date(date, visible, title)
    return WebPage(
        text="\n".join(body),
        title=title,
        date=date,
        date_precision="day" if date else "",
        author=AUTHOR_SEPARATOR.join(authors),
        editor=AUTHOR_SEPARATOR.join(editors),
        sitename=_sitename(document.sitename) or _title_site(_space(tree.findtext(".//title") or ""), title),
        url=_space(document.url or ""),
        charset=charset,
    )
