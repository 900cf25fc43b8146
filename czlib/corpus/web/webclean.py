"""The body of a saved news page: chrome lines trafilatura keeps, removed by generic Chinese-web rules.

Never per site: the head down to the headline, the tail from the first
end-of-article marker with at least as much prose above it as below, and
anywhere short lines that are breadcrumbs, footers, share prompts, toolbars,
teasers or time-stamped headlines of other stories (the rules are listed in
:mod:`czlib.corpus.web.webpage`).  Then a second opinion on what trafilatura kept:
a lead it missed under the headline, a fragment replaced by the text under
the headline, a list below the last paragraph dropped.
"""
from __future__ import annotations

import re

from ...text.sentences import PROSE_MARKS

def line_key(line: str) -> str:
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


def ends_article(key: str) -> bool:
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
SENTENCE_END = re.compile(f"[{PROSE_MARKS}]")  # a line holding one is prose, not a header or byline


def is_prose(line: str) -> bool:
    """A paragraph of the article rather than a label: long, or a short finished sentence."""
    return len(line) >= 40 or (len(line) >= 15 and bool(SENTENCE_END.search(line)))


def is_chrome(line: str) -> bool:
    key = line_key(line)
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
    rest = _DATE.sub("", line_key(line), count=1)
    return rest != line_key(line) and (not rest or bool(re.fullmatch(_INFO_LABEL.pattern, rest)))


def _is_header_info(line: str) -> bool:
    key = line_key(line)
    if _INFO_LABEL.match(key):
        return True
    rest = _DATE.sub("", key)
    return rest != key and len(rest) <= 25 and not SENTENCE_END.search(rest)


def clean_lines(lines: list[str], title: str = "") -> tuple[list[str], int]:
    """Drop page chrome from extracted lines; return (body lines, index where the tail was cut).

    ``lines`` are whitespace-normalised paragraphs.  The rules are those in the
    module docstring; ``title`` lets a repeated headline (and the breadcrumbs
    above it) go.
    """
    title_key = line_key(title)
    first_prose = next((i for i, line in enumerate(lines) if is_prose(line) and line_key(line) != title_key),
                       len(lines))
    # the tail: from the first end-of-article marker after the first paragraph that has at
    # least as much prose above it as below it (a 责任编辑 line in the header does not cut)
    prose = [len(line) if is_prose(line) else 0 for line in lines]
    total = sum(prose)
    above = 0
    cut = len(lines)
    for i, size in enumerate(prose):
        if i > first_prose and ends_article(line_key(lines[i])) and above >= total - above:
            cut = i
            break
        above += size
    # the head: a repeated headline, and whatever stands above it (breadcrumbs, logos)
    start = 0
    if title_key:
        for i in range(first_prose):
            if line_key(lines[i]) == title_key:
                start = i + 1
    body = []
    for i in range(start, cut):
        line = lines[i]
        if is_chrome(line) or _is_date_line(line) or (
                i < first_prose and (_is_header_info(line) or ends_article(line_key(line)))):
            continue
        body.append(line)
    return body, cut


MAX_LIST_LINE = 30
# How far below the headline (in visible lines) trafilatura's body may start before the lines between are read.
MAX_GAP_LINES = 12
# Below this many characters of prose trafilatura's body is a fragment, and the text under the headline is read.
MIN_BODY_PROSE = 80


def _under_headline(visible: list[str], title: str) -> int | None:
    """The index of the visible line after the headline, or None when the page does not show it."""
    key = line_key(title)
    if not key:
        return None
    return next((i + 1 for i, line in enumerate(visible) if line_key(line) == key or
                 (line_key(line).startswith(key) and len(line_key(line)) - len(key) <= 30)), None)


def second_opinion(body: list[str], visible: list[str], title: str, anchors: set[str]) -> list[str]:
    """The body with what trafilatura missed between the headline and its first line, or, when its
    body is a fragment, the text under the headline (page chrome cut by :func:`clean_lines`)."""
    start = _under_headline(visible, title)
    if start is None or not body:
        return body
    prose = sum(len(line) for line in body if is_prose(line))
    if prose < MIN_BODY_PROSE:
        below, _ = clean_lines(visible[start:], title)
        below = trim_trailing_list([line for line in below if line not in anchors], anchors)
        if sum(len(line) for line in below if is_prose(line)) >= 3 * max(prose, 1) and body[0] in below:
            return below
    first = next((i for i in range(start, min(len(visible), start + MAX_GAP_LINES + 1))
                  if visible[i] == body[0]), None)
    if first is None:
        return body
    missed = [line for line in visible[start:first]
              if is_prose(line) and line_key(line) != line_key(title) and line not in anchors and line not in body and not is_chrome(line)
              and not _is_header_info(line)]
    return missed + body if missed else body




def trim_trailing_list(body: list[str], anchors: set[str]) -> list[str]:
    """Drop what follows the last paragraph when it is a list: short lines, at least one a link.

    Link lines above the first paragraph go too.

    An author box with the author's recent articles, a columnist block or a
    list of other stories sits below the article inside its container, and
    trafilatura keeps it.  Short closing credits with no link among them
    (（责编：…）, 信息来源于网络) stay.
    """
    first = next((i for i, line in enumerate(body) if is_prose(line)), 0)
    if all(line in anchors and len(line) <= MAX_LIST_LINE for line in body[:first]):
        body = body[first:]  # promo links above the first paragraph (点击进入…专题)
    last = max((i for i, line in enumerate(body) if is_prose(line)), default=-1)
    tail = body[last + 1:]
    if (last >= 0 and tail and all(len(line) <= MAX_LIST_LINE and not SENTENCE_END.search(line) for line in tail)
            and any(line in anchors for line in tail)):
        return body[: last + 1]
    return body
