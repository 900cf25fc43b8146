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
  charset-normalizer detector of :mod:`czlib.corpus.decoding`.  ``<script charset>``
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
* **Title**: the page's headline as shown, not ``<title>`` with its site
  suffix: the longest visible line or meta title that is a separator-bounded
  piece of ``<title>`` (``标题_频道_网站`` → ``标题``); a logo ``<h1>`` that is
  not part of ``<title>`` loses.  Otherwise og:title, ``<h1>``, trafilatura's.
* **Authors**: Chinese bylines in the article and just around it on the page
  (记者X, （记者X）, 作者：X, 责任编辑：X, 责编：X, 编辑：X, 文/X, …, a closing
  （X） credit and 由/经X整理·编排 credit lines), reporters before editors of
  record.  trafilatura's author is kept only when the name occurs in the
  article itself (its guess often comes from a sidebar).

This module imports only :mod:`czlib.corpus.decoding` from czlib.
"""
from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from .decoding import CorpusFileError
from .html_decoding import declared_charset, decode_html, looks_like_html

__all__ = ["AUTHOR_SEPARATOR", "WebPage", "clean_lines", "declared_charset", "decode_html", "extract_webpage",
           "looks_like_html"]

AUTHOR_SEPARATOR = "; "


@dataclass(frozen=True)
class WebPage:
    """The main text and metadata of one news web page.

    ``text`` holds one paragraph per line.  ``date`` is ISO ``YYYY-MM-DD`` or
    ``''``; ``date_precision`` is ``'day'`` or ``''``.  ``author`` joins the
    names with :data:`AUTHOR_SEPARATOR` (see :attr:`authors`).  ``url`` is the
    canonical URL the page states, or ``''``; ``charset`` is the codec used.
    """

    text: str
    title: str = ""
    date: str = ""
    date_precision: str = ""
    author: str = ""
    sitename: str = ""
    url: str = ""
    charset: str = ""

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(name for name in self.author.split(AUTHOR_SEPARATOR) if name)

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


def _parse(text: str, path: Path | str) -> lxml.html.HtmlElement:
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise CorpusFileError(path, f"cannot be parsed as HTML: {exc}") from None
    return tree


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


# --------------------------------------------------------------------------- body cleaning

def _key(line: str) -> str:
    """The line without a list marker and any whitespace, for matching (``- 某 某 网 版 权 所 有``)."""
    return re.sub(r"[\s\u3000\xa0]+", "", re.sub(r"^\s*[-*•·]\s+", "", line))


_LABEL = r"[\[【(（]?\s*"
# End of the article: this line and everything after it are not body text.
_END_OF_ARTICLE = re.compile(
    r"^" + _LABEL + r"(?:责任编辑|责编|编辑|值班编辑|校对|审核|审校|编审)[:：]"
    r"|^[\[【]?(?:免责|特别|版权)?声明(?:[\]】:：]|$)"
    r"|^(?:网友评论仅供|网友评论|热门评论|最新评论|我要评论|发表评论|评论\(\d+\)|我要跟帖)"
    r"|^(?:关键词|关键字|标签|tags?)[:：>]"
    r"|^(?:上一篇|下一篇)",
    re.IGNORECASE,
)
# A short heading over other stories: 相关阅读, 相关热门文章, 热点新闻, 为你推荐, 点击排行, 大家都在看 …
_LIST_HEADING = re.compile(
    r"^(?:相关|热门|热点|推荐|精彩|为你|猜你|大家都|点击|阅读|更多|最新|今日|24小时|视频|图片)"
    r"[\u4e00-\u9fff]{0,4}?"
    r"(?:阅读|新闻|推荐|文章|报道|链接|资讯|排行|排行榜|专题|图片|图集|视频|评论|喜欢|在看|爱看|热帖|热文|热词|热点)"
    r"[:：>]*$|^(?:热帖|新闻评论)$"
)
MAX_HEADING_LINE = 10


def _ends_article(key: str) -> bool:
    return bool(_END_OF_ARTICLE.search(key)) or (len(key) <= MAX_HEADING_LINE and bool(_LIST_HEADING.match(key)))


# Page chrome anywhere, on short lines.
_CHROME = re.compile(
    r"未经(?:授权|许可)不得转载|分享到|扫一扫|扫描二维码|扫二维码|二维码|关注(?:该|本|我们的)?公众号|微信公众号"
    r"|^请?(?:安装|下载).{0,12}(?:客户端|app)|客户端下载|app下载|下载地址"
    r"|^(?:您的|你的|您)?(?:当前|现在|所在)?(?:的)?位置[:：]|^点击进入"
    r"|^" + _LABEL + r"(?:责任编辑|责编|编辑|值班编辑|校对|审核|审校|编审)[:：]",
    re.IGNORECASE,
)
# Footer lines (copyright, ICP licence numbers) can be long; they are not sentences.
_FOOTER = re.compile(r"版权所有|copyright|©|allrightsreserved|ICP备|ICP证|公网安备|网安备", re.IGNORECASE)
MAX_FOOTER_LINE = 120
# Teasers for other articles: a headline and summary ending in 【详细】
_TEASER = re.compile(r"(?:【详细】|\[详细\]|【更多】|详细>>|更多>>)$")
MAX_CHROME_LINE = 40  # longer lines are article prose even when they mention 客户端 or 版权
# Toolbar words; a line made only of them (and brackets) is chrome: 【打印本页】【关闭窗口】, 字号 大 中 小.
_TOOLS = re.compile(r"打印本页|打印此页|打印|关闭窗口|关闭|字号|大|中|小|纠错|收藏本文|收藏|返回顶部|复制链接|举报|分享|图集|"
                    r"[\[\]【】()（）|/>·:：\s]")
# An entry in a list of other stories: a headline, its time stamp and maybe a channel name.
_STAMPED_HEADLINE = re.compile(r"^.{4,60}?\d{4}-\d{1,2}-\d{1,2}\d{1,2}:\d{2}(?::\d{2})?[\u4e00-\u9fff]{0,6}$")
_BREADCRUMB = re.compile(r"(?:>|>>|»|›)$|^首页$")
# Header lines before the first paragraph: dates, sources, bylines of the page template.
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_INFO_LABEL = re.compile(r"^(?:来源|来源于|作者|发布时间|发布日期|发表时间|时间|日期|浏览次数|阅读数?|点击数?)[:：]")
_SENTENCE_END = re.compile(r"[。！？!?；;…]")


def _is_prose(line: str) -> bool:
    """A paragraph of the article rather than a label: long, or a short finished sentence."""
    return len(line) >= 40 or (len(line) >= 15 and bool(_SENTENCE_END.search(line)))


def _is_chrome(line: str) -> bool:
    key = _key(line)
    if not key:
        return True
    if len(key) <= MAX_CHROME_LINE and _CHROME.search(key):
        return True
    if len(key) <= MAX_FOOTER_LINE and _FOOTER.search(key) and "。" not in key:
        return True
    if _TEASER.search(key):
        return True
    if len(key) <= 20 and not _TOOLS.sub("", key):
        return True
    if _STAMPED_HEADLINE.match(key):
        return True
    return len(key) <= 30 and bool(_BREADCRUMB.search(key))


def _is_date_line(line: str) -> bool:
    """A line that only states a (labelled) date: 发布时间：2023-10-08, 2024年3月15日 09:30."""
    rest = _DATE.sub("", _key(line), count=1)
    return rest != _key(line) and (not rest or bool(re.fullmatch(_INFO_LABEL.pattern, rest)))


def _is_header_info(line: str) -> bool:
    key = _key(line)
    if _INFO_LABEL.match(key):
        return True
    rest = _DATE.sub("", key)
    return rest != key and len(rest) <= 25 and not _SENTENCE_END.search(rest)


def clean_lines(lines: list[str], title: str = "") -> tuple[list[str], int]:
    """Drop page chrome from extracted lines; return (body lines, index where the tail was cut).

    ``lines`` are whitespace-normalised paragraphs.  The rules are those in the
    module docstring; ``title`` lets a repeated headline (and the breadcrumbs
    above it) go.
    """
    title_key = _key(title)
    first_prose = next((i for i, line in enumerate(lines) if _is_prose(line) and _key(line) != title_key),
                       len(lines))
    # the tail: from the first end-of-article marker after the first paragraph that has at
    # least as much prose above it as below it (a 责任编辑 line in the header does not cut)
    prose = [len(line) if _is_prose(line) else 0 for line in lines]
    total = sum(prose)
    above = 0
    cut = len(lines)
    for i, size in enumerate(prose):
        if i > first_prose and _ends_article(_key(lines[i])) and above >= total - above:
            cut = i
            break
        above += size
    # the head: a repeated headline, and whatever stands above it (breadcrumbs, logos)
    start = 0
    if title_key:
        for i in range(first_prose):
            if _key(lines[i]) == title_key:
                start = i + 1
    body = []
    for i in range(start, cut):
        line = lines[i]
        if _is_chrome(line) or _is_date_line(line) or (
                i < first_prose and (_is_header_info(line) or _ends_article(_key(line)))):
            continue
        body.append(line)
    return body, cut


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


def _headline(tree: lxml.html.HtmlElement, visible: list[str], extracted_title: str | None) -> str:
    document_title = _space(tree.findtext(".//title") or "")
    metas = _meta_titles(tree)
    shown = set(visible) | set(metas)
    if document_title:
        for piece in _title_pieces(document_title):
            # the whole <title> only when the page shows it as such (then it has no suffix)
            if piece in (visible if piece == document_title else shown):
                return piece
    for candidate in metas:
        if candidate and candidate != document_title:
            return candidate
    for h1 in tree.iter("h1"):  # its visible text: a <script> or <style> inside is not part of the headline
        text = _space("".join(h1.xpath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript "
                                       "or ancestor::template)]")))
        if text:
            return text
    if extracted_title:
        return _space(extracted_title)
    pieces = [p for p in re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", document_title) if p]
    return pieces[0] if pieces else document_title


# --------------------------------------------------------------------------- authors

_HAN = r"\u4e00-\u9fff"
_NAME = rf"[{_HAN}]{{2,4}}(?:·[{_HAN}]{{1,8}})?"
# what follows a label: names separated by 、，,/ or spaces
_NAMES = rf"([{_HAN}·](?:[{_HAN}·、，,/ ]*[{_HAN}·])?)"
_EDITOR_LABEL = re.compile(rf"(?:责任编辑|责编|编辑|作者)\s*[:：]\s*{_NAMES}")
_SLASH_LABEL = re.compile(
    rf"(?:^|[\s(（\[【|｜])(?:文|图文|撰文|撰稿|作者|原创|编译|采写|执笔|编辑|责编)\s*[/／|｜:：]\s*{_NAMES}")
# （记者王五）, （本报记者 张三 李四）, （职工通讯员 赵六 钱七）
_DATELINE_REPORTER = re.compile(rf"[(（\[【]\s*[{_HAN}]{{0,6}}?(?:记者|通讯员)\s*{_NAMES}")
# a byline on a line of its own: [outlet]记者 NAME NAME (names separated by spaces or 、 only)
_BYLINE_LINE = re.compile(
    rf"^(?:[^，。！？,!?\s]{{0,20}}?(?:报|网|社|台|视|新闻|频道|中心|本报|本台|本网|特约|见习|实习|首席)\s*)?"
    rf"(?:记者|通讯员|发言人)\s*([{_HAN}·](?:[{_HAN}· 、]*[{_HAN}·])?)$"
)
_CREDIT_LINE = re.compile(rf"^(?:由|经过?)\s*([{_HAN}]{{2,4}}?)\s*(?:重新)?(?:编排|整理|编辑|编译)(?:而成)?[。.]?$")
_CLOSING_NAME = re.compile(rf"[(（]\s*([{_HAN}]{{2,3}})\s*[)）]$")
# Words that end a name list or are not names.
_ROLE_WORDS = {
    "记者", "通讯员", "实习生", "编辑", "责编", "责任编辑", "校对", "审核", "审校", "监制", "主编", "终审",
    "初审", "复审", "签发", "美编", "统筹", "策划", "出品", "来源", "摄影", "摄像", "制图", "设计", "作者",
    "整合", "整理", "综合", "报道", "采写", "编译", "撰文", "发自", "联合", "实习", "供稿", "视频", "图片",
}
_NOT_NAMES = {"系统管理员", "管理员", "本网", "本报", "本台", "佚名", "网友", "小编", "新华社", "中新网", "人民网",
              "未知", "匿名", "admin", "编辑部", "网络", "网络整理", "综合", "本站", "原创", "来源网络",
              # verbs that follow 记者 in prose (记者发现, 记者了解到)
              "发现", "表示", "获悉", "了解到", "注意到", "看到", "采访", "调查", "走访", "观察到"}
_NAME_SUFFIXES = ("编译", "整理", "报道", "采写", "综合", "撰文", "供稿", "发自")
# A photo credit (记者 张三 摄, （李四摄）) names a photographer, not an author.
_PHOTO_CREDIT = ("摄", "摄影", "摄像", "图")
# Common surnames: a loose pattern (closing （X）, 由X整理) takes a name only when it starts with one.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍"
    "涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍喻祁蒲房滕屈饶解牟艾尤穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
    "冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁"
    "胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘闻厉伊仝区郜阚权帅屠朴盖练廉禹井祖漆巴丰支卿狄计索宣晋芮扈晁阙浦"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "公孙")


def _names(run: str) -> list[str]:
    """Names at the start of the text after a byline label; stop at the first non-name."""
    names = []
    for token in re.split(r"[、，,/ ]+", run):
        if token in _PHOTO_CREDIT or token.endswith(_PHOTO_CREDIT[:3]):
            return []
        if token.endswith(("记者", "通讯员", "实习生")) and not names:
            continue  # 采写：某报记者 张三

        for suffix in _NAME_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= 2:
                token, suffix_found = token[: -len(suffix)], True
                break
        else:
            suffix_found = False
        if not token or token in _ROLE_WORDS or token in _NOT_NAMES or not re.fullmatch(_NAME, token):
            break
        names.append(token)
        if suffix_found or len(names) == 4:
            break
    return names


def _has_surname(name: str) -> bool:
    return name[0] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES)


def _byline_names(line: str, closing: bool = False) -> list[str]:
    """Names in the byline patterns of one line (``closing``: also a final （X） credit)."""
    found: list[tuple[int, str]] = []
    for pattern in (_EDITOR_LABEL, _SLASH_LABEL, _DATELINE_REPORTER):
        for match in pattern.finditer(line):
            found.extend((match.start(1), name) for name in _names(match.group(1)))
    if len(line) <= 30:
        match = _BYLINE_LINE.match(line)
        if match:
            found.extend((match.start(1), name) for name in _names(match.group(1)))
    if len(line) <= 20:
        match = _CREDIT_LINE.match(line)
        if match and _has_surname(match.group(1)) and match.group(1) not in _NOT_NAMES:
            found.append((match.start(1), match.group(1)))
    if closing:
        match = _CLOSING_NAME.search(line)
        name = match.group(1) if match else ""
        if (name and _has_surname(name) and name not in _NOT_NAMES and name not in _ROLE_WORDS
                and not name.endswith(_PHOTO_CREDIT)):
            found.append((match.start(1), name))
    found.sort(key=lambda item: item[0])  # stable: names after one label keep their order
    return [name for _, name in found]


def _window(visible: list[str], body: list[str], before: int = 300, after: int = 600) -> list[str]:
    """Visible lines from a little before the article's first line to a little after its last."""
    joined = "\n".join(visible)
    if not body:
        return []
    first = joined.find(body[0][:12])
    last_line = body[-1]
    last = joined.find(last_line[-12:], max(first, 0))
    if first < 0 or last < 0:
        return []
    return joined[max(0, first - before): last + len(last_line[-12:]) + after].split("\n")


def _join_labels(lines: list[str]) -> list[str]:
    """Join a line ending in a label colon (``责任编辑：``) with the next line, the name."""
    joined: list[str] = []
    for line in lines:
        if joined and re.search(r"[:：]$", joined[-1]) and len(line) <= 10:
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def _authors(extracted_author: str | None, region: list[str], body: list[str], window: list[str]) -> list[str]:
    names: list[str] = []

    def add(found):
        for name in found:
            if name not in names:
                names.append(name)

    tail = set(body[-2:])
    for line in _join_labels(region):
        add(_byline_names(line, closing=line in tail))
    for line in _join_labels(window):
        add(_byline_names(line))
    region_text = "".join(region)
    for name in re.split(r"\s*[;；,，、]\s*|\s+and\s+", extracted_author or ""):
        name = name.strip()
        if name and name in region_text and name not in names and _looks_like_a_person(name):
            names.append(name)
    return names


# Outlets and bodies that trafilatura sometimes reports as authors (某某之家, 某市警方, 新华社).
_INSTITUTION_END = re.compile(r"(?:网|报|社|台|刊|站|之家|警方|公司|集团|中心|局|部|委|会|院|所|队|办|厅|号)$")


def _looks_like_a_person(name: str) -> bool:
    """A Chinese personal name (2-4 Han characters, or with ·), or a Latin one; not an outlet."""
    if name in _NOT_NAMES or name in _ROLE_WORDS:
        return False
    if re.fullmatch(_NAME, name):
        return not _INSTITUTION_END.search(name)
    return bool(re.fullmatch(r"[A-Z][a-zA-Z.'-]+(?: [A-Z][a-zA-Z.'-]+)+", name))


# --------------------------------------------------------------------------- the page

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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

    Raise :class:`~czlib.corpus.decoding.CorpusFileError` naming the file when it
    cannot be decoded or parsed, or holds no main text.
    """
    text, charset = decode_html(data, path)
    tree = _parse(text, path)
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
    authors = _authors(document.author, region, body, _window(visible, body))
    date = document.date or ""
    if not _ISO_DAY.match(date):
        date = ""
    return WebPage(
        text="\n".join(body),
        title=title,
        date=date,
        date_precision="day" if date else "",
        author=AUTHOR_SEPARATOR.join(authors),
        sitename=_sitename(document.sitename) or _title_site(_space(tree.findtext(".//title") or ""), title),
        url=_space(document.url or ""),
        charset=charset,
    )
