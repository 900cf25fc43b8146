"""A page model for web text: header zone, the article, footer zone.

A news page copied from a website reads, top to bottom: a header (site name,
navigation and tag bars, breadcrumbs, the headline, 来源/作者/编辑/时间/浏览
lines, share and font-size widgets, a 核心提示 teaser), the article (headline,
subtitle, byline, body, captions) and a footer (source and editor lines,
disclaimers, related-article lists, 上一篇/下一篇, copyright and ICP lines).
Newspaper pages have no header or footer of that kind, so the header rules
only apply when the header shows web evidence (a meta, navigation, widget or
counter line); the footer rules start at an unmistakable footer line.

``read_page`` classifies every line, picks the headline by scoring candidate
lines, lifts header fields into metadata and removes the rest, logging each
removal with its raw line.  It is a pure function over blocks; the splitter
(``czlib.corpus.reading.articles``) does the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reading.bylines import is_byline_line
from ..reading.cleaning import Block, LogEntry, looks_like_body
from .pubdate import LABEL_ONLY, body_start, date_line

_SENTENCE = re.compile(r"[,。;!?]")
_META_LABEL = (r"(?:稿件来源|文章来源|信息来源|新闻来源|来源|作者|发布人|发布者|责任编辑|编辑|编审|审核|校对|责编|"
               r"发布时间|发表时间|发布日期|发稿时间|更新时间|日期查询|时间|日期|浏览次数|浏览|点击数|点击|阅读数|阅读|"
               r"关键词|关键字|专题|栏目|文章分类|分类|标签|Tags)")
_FIELD = re.compile(r"(?P<label>" + _META_LABEL + r")\s*:\s*")
_META_START = re.compile(r"^[|【\[(]?\s*" + _META_LABEL + r"\s*:")
_LABEL_LINE = re.compile(r"^\|?\s*(?P<label>" + _META_LABEL + r")\s*:\s*$")
# Pieces of a date printed over several lines (2021 / 09/06 / 10:35) and an e-paper's page label (第A2版:综合新闻).
_DATE_PIECE = re.compile(r"^(?:(?:19|20)\d{2}|\d{1,2}/\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?)$")
_EDITION = re.compile(r"^第\s*[A-Z]?\d{1,3}\s*版(?:\s*[:]\s*\S{0,12})?$")
# Template residue: HTML comments and file names of the page (content_21165.html).
_MARKUP = re.compile(r"<!--|-->|\b[\w\-]+\.(?:s?html?|php|aspx?|jsp)\b")
_PLACEHOLDER = re.compile(r"^(?:title|标题|无标题|untitled)$", re.I)
_BREADCRUMB_SEP = re.compile(r"[>»›]")
_WIDGET = re.compile(
    r"^(?:分享到|分享至|分享|扫一扫|微信扫一扫|打印|打印本页|关闭窗口|收藏|加入收藏|返回顶部|返回首页|查看历史数据|文章二维码|"
    r"手机扫码看新闻|手机看新闻|我要评论|评论|纠错|举报|[【\[]?\s*字号|(?:文章)?正文$|阅读全文|查看余下全文|全文$)|加入收藏|设为首页|业务热线|免费发布信息|查看历史数据"
    r"|^(?:大\s*中\s*小)$")
_WIDGET_TAIL = re.compile(r"\s*(?:查看历史数据|[【\[]?\s*字号|分享到|打印|收藏|大\s*中\s*小).*$")
_COUNTER = re.compile(r"^(?:\d{1,7}|(?:浏览|阅读|点击|人气)(?:次数|量|数)?\s*:?\s*[\[【(]?\d*[\]】)]?\s*次?|\d+\s*次(?:浏览|阅读)|"
                      r"统计\s*:?)$")
_IMAGE_FILE = re.compile(r"^[\w\-.%]+\.(?:jpe?g|png|gif|webp|bmp)$", re.I)
_TEASER = re.compile(r"^[【\[]?(?P<label>核心提示|内容提要|内容摘要|摘要|导读|导语)[】\]]?\s*:?\s*(?P<text>.+)$")
_NAV_WORDS = re.compile(r"首页|新闻|频道|专题|视频|图片|登录|注册|English|网站地图|关于我们|联系我们|友情链接|广告服务")
_SITE = re.compile(r"(?:网|网站|频道|在线|门户|\.com|\.cn|\.net)$", re.I)
_FOOTER_START = re.compile(
    r"^(?:(?:版权及免责声明|免责声明|版权声明|郑重声明)\s*(?::|$)|声明\s*:|(?:相关新闻|相关阅读|相关链接|相关文章|相关报道|延伸阅读|推荐阅读|"
    r"热点推荐|热门推荐|热门文章|热点|频道推荐|猜你喜欢|精彩推荐|过往期刊|往期回顾|往期精彩|上一篇|下一篇)"
    r"(?:\s*/\s*[A-Za-z ]+)?\s*(?::.*)?$)")
_FOOTER = re.compile(r"ICP备|ICP证|公网安备|Copyright|©|版权所有|Powered by|本站常年法律顾问|技术支持\s*:", re.I)
_SOURCE_CREDIT = re.compile(r"^\(?\s*(?:稿件来源|文章来源|信息来源|来源|转自|摘自)\s*:\s*(?P<source>[^,。():]{1,30})\)?$")
_EDITOR_LINE = re.compile(r"^[\[(【]?\s*(?P<label>责任编辑|编辑|审核|校对|编审|责编|主编)\s*:\s*(?P<name>[^\])】]{1,20})[\])】]?$")
_DISCLAIMER_WORDS = re.compile(r"本网|本站|转载|版权|侵权|不代表|删除|授权|联系我们|法律责任")
_OUTLET_TAG = re.compile(r"^[【\[](?P<tag>[^】\]]{2,30})[】\]]\s*")
_SERIES = re.compile(r"\s*\|\|\s*(?P<series>.+)$")
_CATEGORY = re.compile(r"\s+(?P<category>综合|要闻|国内|国际|本地|地方|社会|财经|科技|时政|图片|视频|原创|专题|热点|资讯|新闻)$")
_NORM = re.compile(r"[\s【】\[\]|“”\"'‘’:!?,.。、·]")

# Roles that are evidence of a web page header (a newspaper page has none of them above its first story).
WEB_ROLES = {"meta", "label", "value", "breadcrumb", "widget", "counter", "image_file", "teaser", "placeholder",
             "nav", "prior", "source_credit", "editor", "edition", "markup"}
# Roles of the header lines that follow a headline (its date, source, editor line).
_AFTER_HEADLINE = {"meta", "label", "prior", "site", "counter", "source_credit", "editor", "edition"}


@dataclass(frozen=True)
class Title:
    """The headline the page model chose, cleaned of an outlet tag, a series suffix and a category word."""

    line: int
    text: str
    raw: str
    series: str = ""
    outlet_tag: str = ""
    category: str = ""


@dataclass
class PageResult:
    """Blocks after the page model, its log, the header fields, and the chosen headline by raw line."""

    blocks: list[Block]
    log: list[LogEntry] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    titles: dict[int, Title] = field(default_factory=dict)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s|]+", text) if t]


def is_nav_bar(text: str) -> bool:
    """A bar of short links or tags: 首页 长治新闻 县区新闻 / 安徽|北京|重庆 / 氢能科技 园区 园区 …"""
    tokens = _tokens(text)
    if _SENTENCE.search(text) or any(len(t) > 10 for t in tokens):
        return False
    if len(tokens) >= 2 and tokens[0] == "首页" and len(text) <= 40:
        return True  # 首页 陇县人: the home link and the section
    if len(tokens) < 4:
        return False
    return bool(_NAV_WORDS.search(text)) or len(tokens) >= 6 or text.count("|") >= 3


def is_breadcrumb(text: str) -> bool:
    """您的位置:首页 >国际 > / 首页 > > 文章详细 / 当前位置: 电力网 » 正文"""
    parts = _BREADCRUMB_SEP.split(text)
    return (len(parts) >= 3 and len(text) <= 80 and not re.search(r"[,。;]", text)
            and all(len(p.strip()) <= 20 for p in parts))


def is_site_line(text: str) -> bool:
    """A site name, alone or with a short name beside it: 晋城生活网 / 法律法规网 花火."""
    tokens = _tokens(text)
    return (0 < len(tokens) <= 3 and len(text) <= 24 and not _SENTENCE.search(text)
            and any(_SITE.search(t) and len(t) >= 3 for t in tokens))


def parse_fields(text: str) -> dict[str, str]:
    """The labelled fields of a header meta line: 时间:… | 来源:… 发布人:… → {label: value}."""
    matches = list(_FIELD.finditer(text))
    out: dict[str, str] = {}
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = text[m.end(): nxt.start() if nxt else len(text)]
        value = re.split(r"\s{2,}|\s\|", value)[0].strip(" |")
        value = _WIDGET_TAIL.sub("", value)
        value = re.sub(r"\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", "", value)
        value = value.strip(" )")
        out.setdefault(m["label"], value)
    return out


def line_role(text: str) -> str | None:
    """The role a line can only have on a web page, or None (headline, byline or article text)."""
    if _PLACEHOLDER.match(text):
        return "placeholder"
    if _IMAGE_FILE.match(text):
        return "image_file"
    if _MARKUP.search(text) and not looks_like_body(text):
        return "markup"
    if _EDITION.match(text):
        return "edition"
    if _TEASER.match(text):
        return "teaser"
    if _FOOTER.search(text) and not looks_like_body(text):
        return "footer"
    if _FOOTER_START.match(text):
        return "footer_start"
    if _EDITOR_LINE.match(text):
        return "editor"
    if _SOURCE_CREDIT.match(text):
        return "source_credit"
    if _LABEL_LINE.match(text) or LABEL_ONLY.match(text):
        return "label"
    if (_META_START.match(text) or date_line(text)) and not looks_like_body(text):
        return "meta"
    if _COUNTER.match(text) or _DATE_PIECE.match(text):
        return "counter" if not _DATE_PIECE.match(text) or len(text) <= 2 else "meta"
    if _WIDGET.search(text) and len(text) <= 100:
        return "widget"
    if is_breadcrumb(text):
        return "breadcrumb"
    if is_nav_bar(text):
        return "nav"
    if is_site_line(text):
        return "site"
    return None


def clean_title(line: int, raw: str) -> Title:
    """Strip an outlet tag 【经济日报】, split a series suffix ||…, drop a trailing category word (综合)."""
    text, tag, series, category = raw.strip(), "", "", ""
    if m := _OUTLET_TAG.match(text):
        tag, text = m["tag"], text[m.end():]
    if m := _SERIES.search(text):
        series, text = m["series"].strip(), text[: m.start()]
    if (m := _CATEGORY.search(text)) and len(text) - len(m.group(0)) >= 6:
        category, text = m["category"], text[: m.start()]
    return Title(line, text.strip(), raw, series, tag, category)


def _norm(text: str) -> str:
    return _NORM.sub("", clean_title(0, text).text)


def _is_candidate(text: str) -> bool:
    """Could be a headline: 4-60 characters, no comma or full stop (a '!' inside is fine)."""
    return (4 <= len(text) <= 60 and not re.search(r"[,。;]", text) and not text.endswith(("。", ":"))
            and not text.startswith(("——", "--")) and not is_byline_line(text))


def _score(i: int, seq: list[tuple[int, str, str | None]], body: int) -> int:
    """How much line i looks like the page's headline (see the module docstring)."""
    no, text, role = seq[i]
    score = 1 if 6 <= len(text) <= 40 else 0
    prev_role = seq[i - 1][2] if i > 0 else "start"
    next_role = seq[i + 1][2] if i + 1 < len(seq) else None
    if prev_role in WEB_ROLES | {"start", "site"}:
        score += 2
    if next_role in _AFTER_HEADLINE:
        score += 3
    elif i + 1 == body or (i + 1 < len(seq) and is_byline_line(seq[i + 1][1])):
        score += 1
    norm = _norm(text)
    if any(j != i and r is None and norm and _norm(t) == norm for j, (_n, t, r) in enumerate(seq[:body])):
        score += 2  # the headline repeated in the header (print view, social card)
    return score


def read_page(blocks: list[Block], doc_id: str = "", prior: dict[int, str] | None = None) -> PageResult:
    """Read a page as header, article and footer; return the article's blocks and what was lifted.

    ``prior`` maps raw line numbers already removed by an earlier step (web
    chrome) to what they were; they count as header evidence and stay removed.
    """
    prior = prior or {}
    seq: list[tuple[int, str, str | None]] = []
    for block in blocks:
        for line in block.lines:
            text = line.text.replace("\xa0", " ").strip()
            seq.append((line.no, text, "prior" if line.no in prior else line_role(text)))
    log: list[LogEntry] = []
    meta: dict[str, str] = {}
    remove: dict[int, str] = {}
    titles: dict[int, Title] = {}
    body = body_start([(no, text) for no, text, _r in seq])

    def lift(no: int, text: str) -> None:
        """Header fields of a meta line into ``meta``: source, author, editor, views, date and time."""
        for label, value in parse_fields(text).items():
            key = {"来源": "source", "稿件来源": "source", "文章来源": "source", "信息来源": "source",
                   "新闻来源": "source", "作者": "author", "发布人": "author", "发布者": "author"}.get(label)
            if "编" in label or label in ("审核", "校对"):
                meta["editor"] = "; ".join(filter(None, [meta.get("editor", ""), f"{label}: {value}"]))
            elif key and value:
                meta.setdefault(key, value.strip("【】[] "))
            elif label.startswith(("浏览", "点击", "阅读")):
                meta.setdefault("views", value)
        if got := date_line(text):
            meta.setdefault("published", got[0])
            if got[1]:
                meta.setdefault("time", got[1])
            meta.setdefault("date_line", str(no))

    def take(no: int, text: str, role: str) -> str:
        """Lift what a removed line says into ``meta``; return the reason logged for its removal."""
        if role in ("meta", "counter", "widget"):
            lift(no, text)
        elif role == "teaser":
            meta.setdefault("summary", _TEASER.match(text)["text"])
        elif role == "site":
            meta.setdefault("site", text)
        elif role == "edition":
            meta.setdefault("edition", text)
        elif role == "editor":
            m = _EDITOR_LINE.match(text)
            meta["editor"] = "; ".join(filter(None, [meta.get("editor", ""), f"{m['label']}: {m['name'].strip()}"]))
            return "editor line -> metadata"
        elif role == "source_credit":
            meta.setdefault("source", _SOURCE_CREDIT.match(text)["source"].strip())
            return "source line -> metadata"
        return {"meta": "meta line -> metadata", "teaser": "teaser (repeats the lead)"}.get(role, role)

    # --- header zone: only on a page whose header shows web evidence
    header = seq[:body]
    top, norm = -1, ""
    if body < len(seq) and any(r in WEB_ROLES for _n, _t, r in header):
        scored = [(i, _score(i, seq, body)) for i, (_n, t, r) in enumerate(header) if r is None and _is_candidate(t)]
        best = max(scored, key=lambda s: (s[1], -s[0]), default=None)
        top = best[0] if best else -1
        if best:
            no, text, _r = seq[top]
            titles[no] = clean_title(no, text)
            meta["title"] = titles[no].text
            for key in ("series", "outlet_tag", "category"):
                if getattr(titles[no], key):
                    meta[key] = getattr(titles[no], key)
        norm = _norm(seq[top][1]) if best else ""
        for i, (no, text, role) in enumerate(header):
            if i == top or role in ("prior", "value"):
                continue
            if role == "label" and i + 1 < len(header) and header[i + 1][2] is None and len(header[i + 1][1]) <= 20:
                seq[i + 1] = header[i + 1] = (header[i + 1][0], header[i + 1][1], "value")
                lift(no, f"{text.strip('| ')}{header[i + 1][1]}")
                remove[header[i + 1][0]] = "meta value"
            elif role is None and i < top:
                role = "above the headline"
            elif role is None and norm and norm in _norm(text) and len(_norm(text)) <= len(norm) + 12:
                role = "repeated headline"
            elif role is None:
                continue  # subtitle, byline, kicker: the article's own
            remove[no] = take(no, text, role)

    # --- article and footer zone: source/editor lines, files, counters, and runs from a footer line on
    in_footer = ""
    for i in range(body, len(seq)):
        no, text, role = seq[i]
        if role == "prior":
            continue
        if in_footer:
            content = looks_like_body(text) and not _DISCLAIMER_WORDS.search(text)
            opens = (role is None and not looks_like_body(text) and i + 1 < len(seq)
                     and looks_like_body(seq[i + 1][1]) and not _DISCLAIMER_WORDS.search(seq[i + 1][1]))
            if (content or opens) and role is None:
                in_footer = ""  # a headline over running text, or running text: the page goes on
            else:
                remove[no] = f"footer ({in_footer})"
                continue
        if role is None and norm and _norm(text) == norm and not _copy_follows(seq, i, body):
            remove[no] = "headline repeated in the text (image alt text)"
        elif role == "footer_start":
            in_footer = text[:8]
            remove[no] = f"footer ({in_footer})"
        elif role in ("editor", "source_credit", "image_file", "footer", "markup") \
                or (role == "counter" and not text.isdigit()):
            remove[no] = take(no, text, role)

    for no, text, _r in seq:
        if no in remove:
            log.append(LogEntry(doc_id, "page_model", f"removed {remove[no]}", no, _short(text)))
    for no, title in titles.items():
        if title.text != title.raw:
            log.append(LogEntry(doc_id, "page_model", "headline cleaned", no, f"{title.raw} -> {title.text}"))
    # between the headline and the body, blank lines left by removed header lines are not layout boxes
    calm = range(min(titles) + 1, seq[body][0] + 1) if titles and body < len(seq) else range(0)
    return PageResult(_rebuild(blocks, set(remove) | set(prior), set(titles), calm), log, meta, titles)


def _copy_follows(seq: list[tuple[int, str, str | None]], i: int, body: int) -> bool:
    """Does the page's first paragraph follow line i again (a print copy of the article)?"""
    first = seq[body][1]
    return any(t == first for _n, t, _r in seq[i + 1: i + 4])


def _rebuild(blocks: list[Block], drop: set[int], title_lines: set[int], calm: range = range(0)) -> list[Block]:
    """Blocks without the dropped lines; a chosen headline becomes a block of its own (gap 0 after it).

    Blocks starting in ``calm`` (raw lines between the headline and the body)
    get at most one blank line before them.
    """
    out: list[Block] = []
    for block in blocks:
        kept = [line for line in block.lines if line.no not in drop]
        if not kept:
            continue
        gap = min(block.gap, 1) if kept[0].no in calm else block.gap
        run: list = []
        for line in kept:
            if line.no in title_lines:
                if run:
                    out.append(Block(tuple(run), gap=gap))
                    gap = 0
                out.append(Block((line,), gap=gap))
                gap, run = 0, []
            else:
                run.append(line)
        if run:
            out.append(Block(tuple(run), gap=gap))
    return out


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
