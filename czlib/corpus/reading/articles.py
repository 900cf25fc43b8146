"""Split a cleaned page into articles with titles, bylines and kinds.

A newspaper page, as extracted to text, is a sequence of blocks: kickers
(引题), headlines, subtitles (——…), bylines (□ 本报记者…, 本报讯(记者…),
文/…), body paragraphs, section heads, photo captions and slogan banners.
Two or more blank lines separate layout boxes ("segments").  The splitter
classifies each block by its form, then walks the blocks with a small state
machine.  What the heuristics cannot decide is fixed by the documented
override file kept with the corpus (``corpus/curation/overrides.toml``),
and every override applied is logged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


from ...text.names import is_person_name
from .bylines import CREDIT_LINE, PHOTO_CREDIT, REPORTER_LINE, clean_byline, lead_byline, trailing_credit
from .cleaning import (Block, LogEntry, ends_paragraph, looks_like_body, looks_like_heading)
from ..web.pagemodel import Title

# Layout boxes on the seed pages are separated by three blank lines; one blank line
# separates paragraphs (and marks column breaks), two occur inside running text
# where the extractor left a line of spaces.
SEGMENT_GAP = 3

KINDS = ("news", "feature", "interview", "commentary", "editor_note", "photo_caption", "banner", "notice")
ARTICLE_COLUMNS = ["doc_id", "article_id", "seq", "kind", "title", "kicker", "subtitle", "byline",
                   "interviewee", "interviewee_role", "credit", "date", "outlet", "text", "n_chars",
                   "line_start", "line_end", "script", "override", "notes"]


# --- block forms -----------------------------------------------------------

_CJK = r"\u4e00-\u9fff"
# Byline forms live in czlib.corpus.reading.bylines (one place for the splitter and the page model).
_PHOTO_CREDIT = PHOTO_CREDIT
_CREDIT = CREDIT_LINE
_REPORTER = REPORTER_LINE
_CONTINUED = re.compile(r"^[(（](?:下转|上接|转)第?\S{1,3}版[)）]$")
_EDITOR_NOTE = re.compile(r"^编者按[:：]?$")
_EDITION_CREDIT = re.compile(r"^(?:联办|主办|协办|承办|合办)$")
_COLUMN_MARK = re.compile(r"^\|\|\s*(?P<name>.+?)\s*\|\|$")
_CAPTION_PREFIX = re.compile(r"^(?:图为[:：]|▲|△)")
# A report opens with 本报讯 or an agency dateline (…电): a headline above it starts a new item.
_ITEM_OPENING = re.compile(r"^(?:本报讯|[\u4e00-\u9fff]{1,12}?\d{1,2}月\d{1,2}日(?:电|讯))")
# Numbered section heads (一、… / 1、… / 1.1 … / (二)…) are never headlines or subtitles.
_NUMBERED_HEAD = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}(?:\.\d{1,2})*[、. ]\s*)\S")
# Titles of notices, lists and announcements: the whole page is one item.
_NOTICE_TITLE = re.compile(r"(?:公示|通知|公告|通告|启事|名单|决定|通报)[”\"》)]?$")
_ROLE_WORDS = re.compile(
    r"(书记|主席|主任|院长|校长|所长|局长|部长|县长|区长|市长|厂长|经理|董事长|总经理|教授|研究员|工程师|"
    r"技师|专家|医师|主管|总监|会长|秘书长|站长|社长|馆长|组长|队长|代表|委员|理事长|科学家)$")


def is_byline_block(block: Block) -> bool:
    """A reporter, photographer or writer credit line."""
    text = block.flat
    return bool(_REPORTER.match(text) or _PHOTO_CREDIT.match(" ".join(l.text for l in block.lines))
                or _CREDIT.match(text))


def parse_interviewee(block: Block) -> tuple[str, str] | None:
    """Return (name, role) when a block is an interview header: role lines above or before a name.

    Forms seen on interview pages: "长治市人民医院党委书记 / 胡文庆" (role, then the name
    alone), "长治市综合检验检测中心 / 正高级工程师 杨红梅" (organisation, then role and
    name), "潞城区农技专家 贾双龙" (role and name on one line).
    """
    lines = [l.text.strip() for l in block.lines]
    if any(_SENTENCE_PUNCT_RE.search(l) or len(l) > 30 for l in lines):
        return None
    last = lines[-1]
    if len(lines) >= 2 and is_person_name(last):
        return last, " ".join(lines[:-1])
    parts = last.rsplit(" ", 1)
    if len(parts) == 2 and is_person_name(parts[1]) and _ROLE_WORDS.search(parts[0]):
        return parts[1], " ".join(lines[:-1] + [parts[0]])
    return None


_SENTENCE_PUNCT_RE = re.compile(r"[,，。；;！？!?]")


def classify_block(block: Block, titles: dict[int, Title] | None = None) -> str:
    """Name the form of a block: body, heading, subtitle, byline, caption, label, ...

    ``titles`` holds the headlines the page model chose (by raw line): they
    are headings whatever their punctuation (总投资454.3亿元!长治市…).
    """
    text = block.flat
    if titles and block.first_no in titles:
        return "heading"
    joined = " ".join(l.text for l in block.lines)
    if _CONTINUED.match(text):
        return "continued"
    if _EDITOR_NOTE.match(text):
        return "editor_note_label"
    if _EDITION_CREDIT.match(text):
        return "edition_credit"
    if _COLUMN_MARK.match(joined):
        return "column"
    if _PHOTO_CREDIT.match(joined) and len(text) <= 25:
        return "photo_credit"
    if _CREDIT.match(text) and len(text) <= 40:
        return "credit"
    if _REPORTER.match(joined) and len(text) <= 40:
        return "byline"
    if _CAPTION_PREFIX.match(text):
        return "caption"
    if parse_interviewee(block):
        return "interviewee"
    if text.startswith("——") or text.startswith("--"):
        return "subtitle"
    if len(block.lines) >= 2 and all(len(l.text) <= 20 and not ends_paragraph(l.text) for l in block.lines) \
            and not looks_like_body(text):
        return "caption_lines"
    if looks_like_heading(text):
        if text.endswith("——") or _NUMBERED_HEAD.match(text):
            return "section_head"
        if is_person_name(text):
            return "name"
        return "heading"
    return "body"


# --- assembling articles -----------------------------------------------------

@dataclass
class Article:
    """An article under construction (mutable while the page is walked)."""

    doc_id: str
    kind: str = ""
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    interviewee: str = ""
    interviewee_role: str = ""
    credit: str = ""
    paragraphs: list[str] = field(default_factory=list)
    para_lines: list[tuple[int, ...]] = field(default_factory=list)  # raw line numbers per paragraph
    header_lines: list[int] = field(default_factory=list)  # raw line numbers of title, byline, ...
    section_heads: list[int] = field(default_factory=list)  # indexes into paragraphs
    headers_only: bool = False
    override: str = ""
    notes: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def lines(self) -> list[int]:
        return sorted(set(self.header_lines).union(*map(set, self.para_lines)))

    def add(self, text: str, block: Block, section: bool = False) -> None:
        if section:
            self.section_heads.append(len(self.paragraphs))
        self.paragraphs.append(text)
        self.para_lines.append(tuple(l.no for l in block.lines))


def _split_heading(text: str) -> tuple[str, str]:
    """Split "主题 ——副题" printed on one line into (title, subtitle)."""
    if " ——" in text:
        title, sub = text.split(" ——", 1)
        return title.strip(), sub.strip()
    return text, ""


def _headers_to_article(doc_id: str, headers: list[tuple[str, Block]],
                        titles: dict[int, Title] | None = None) -> Article:
    """Turn a run of header blocks (kicker, title, subtitle, byline, ...) into a new article.

    A headline the page model chose (``titles``) is the title; headings above
    it are kickers, below it subtitles.
    """
    art = Article(doc_id)
    heads: list[str] = []
    subs: list[str] = []
    chosen: Title | None = None
    for form, block in headers:
        if titles and form == "heading" and block.first_no in titles:
            chosen = titles[block.first_no]
            art.header_lines.extend(l.no for l in block.lines)
            heads.append("\x01")  # marks where the chosen headline stood
            continue
        text = block.flat
        if form != "section_head":
            art.header_lines.extend(l.no for l in block.lines)
        if form == "column":
            art.kicker = _COLUMN_MARK.match(" ".join(l.text for l in block.lines))["name"]
        elif form == "heading":
            title, sub = _split_heading(" ".join(l.text for l in block.lines))
            heads.append(title)
            if sub:
                subs.append(sub)
        elif form == "subtitle":
            subs.append(text.lstrip("—-").strip())
            heads.append("\x00")  # marks where the subtitle stood
        elif form in ("byline", "credit"):
            art.byline = clean_byline(" ".join(l.text for l in block.lines))
        elif form == "name":
            art.byline = text
            art.kind = "commentary"  # a bare (pen) name under a headline signs an opinion piece
        elif form == "interviewee":
            art.interviewee, art.interviewee_role = parse_interviewee(block)
            art.byline = f"{art.interviewee_role} {art.interviewee}"
            art.kind = "interview"
        elif form == "editor_note_label":
            heads.append(text.rstrip(":："))
            art.kind = "editor_note"
        elif form == "section_head":
            art.add(text, block, section=True)
    if chosen is not None:
        at = heads.index("\x01")
        art.title = chosen.text
        art.kicker = " / ".join(filter(None, [art.kicker, *[h for h in heads[:at] if h != "\x00"], chosen.series]))
        art.subtitle = " / ".join(filter(None, [h for h in heads[at + 1:] if h != "\x00"] + subs))
        return art
    # The main title: the headline just above the first subtitle; else the longest headline.
    marks = [i for i, h in enumerate(heads) if h == "\x00"]
    real = [h for h in heads if h != "\x00"]
    if marks:
        before = [h for h in heads[: marks[0]] if h != "\x00"]
        title = before[-1] if before else ""
        kickers = before[:-1]
    elif real:
        title = max(real, key=len)
        kickers = real[: real.index(title)]
        subs = real[real.index(title) + 1:] + subs
    else:
        title, kickers = "", []
    art.title = title
    art.kicker = " / ".join(([art.kicker] if art.kicker else []) + kickers)
    art.subtitle = " / ".join(s for s in subs if s)
    return art


def _is_new_article(headers: list[tuple[str, Block]]) -> bool:
    """Does this run of header blocks open a new article (rather than a section inside one)?"""
    forms = [f for f, _ in headers]
    strong = {"subtitle", "byline", "interviewee", "editor_note_label", "name", "column"}
    return bool(strong & set(forms)) or forms.count("heading") >= 2


def _is_notice(art: Article | None) -> bool:
    """A notice, announcement or list (…的公示, …的通知): one item however many heads it has."""
    return art is not None and bool(_NOTICE_TITLE.search(art.title))


def split_articles(blocks: list[Block], doc_id: str,
                   titles: dict[int, Title] | None = None) -> tuple[list[Article], list[LogEntry]]:
    """Walk the blocks of one page and return its articles (in reading order) and a log.

    ``titles`` are the headlines chosen by the page model (by raw line number).
    """
    log: list[LogEntry] = []
    articles: list[Article] = []
    current: Article | None = None
    headers: list[tuple[str, Block]] = []
    last_caption: Article | None = None
    last_caption_block: Block | None = None

    def flush_headers_as_banner() -> None:
        nonlocal headers
        if not headers:
            return
        if ([f for f, _ in headers] == ["name"] and current is not None and current.paragraphs
                and not current.byline):  # a writer's name signed under the text
            current.byline = headers[0][1].flat
            current.header_lines.extend(l.no for l in headers[0][1].lines)
            log.append(LogEntry(doc_id, "split", "name signed under the text -> byline",
                                headers[0][1].first_no, current.byline))
            headers = []
            return
        art = _headers_to_article(doc_id, headers, titles)
        art.kind = "banner"
        art.headers_only = True
        lines = []
        for form, block in headers:
            if form not in ("section_head",):
                lines.extend(l.text for l in block.lines)
        if not art.paragraphs:  # a banner's text is its lines, so slogans are counted too
            art.paragraphs = lines
            art.para_lines = [(l.no,) for _f, b in headers if _f != "section_head" for l in b.lines]
        if not art.title:
            art.title = max(lines, key=len) if lines else ""
        articles.append(art)
        log.append(LogEntry(doc_id, "split", "banner (headline or slogan without body)",
                            headers[0][1].first_no, art.title))
        headers = []

    def open_article() -> Article:
        nonlocal headers
        art = _headers_to_article(doc_id, headers, titles)
        headers = []
        articles.append(art)
        return art

    def caption_article(block: Block, kind: str = "photo_caption") -> Article:
        art = Article(doc_id, kind=kind)
        text = "".join(l.text for l in block.lines) if kind == "photo_caption" else block.text
        art.add(re.sub(r"^(?:图为[:：]|▲|△)\s*", "", text), block)
        return art

    for i, block in enumerate(blocks):
        segment_start = i == 0 or block.gap >= SEGMENT_GAP
        if segment_start:
            # a layout box ends here: pending headers without body are a banner
            flush_headers_as_banner()
            current = None
        form = classify_block(block, titles)
        if _is_notice(current) and form in ("caption", "caption_lines", "photo_credit", "credit"):
            for line in block.lines:  # a notice's lists and signature (issuing office, date) stay in it, line by line
                current.add(line.text, Block((line,)))
            continue

        if form in ("heading", "subtitle", "byline", "interviewee", "editor_note_label", "name",
                    "column", "section_head"):
            if form == "byline" and not headers and current is not None and not current.byline:
                current.byline = clean_byline(block.flat)
                continue
            headers.append((form, block))
            continue

        if form == "continued":
            if current is not None:
                current.notes = "; ".join(filter(None, [current.notes, f"continued: {block.flat}"]))
                log.append(LogEntry(doc_id, "split", "continuation marker closes the article",
                                    block.first_no, block.flat))
            flush_headers_as_banner()
            current = None
            continue

        if form == "edition_credit":
            # "长治市科技局 / 长治日报社" + "联办": a joint-edition credit, not a caption
            prev = articles[-1] if articles else None
            if prev is not None and prev is last_caption and last_caption_block is not None:
                articles.pop()
                names = [l.text for l in last_caption_block.lines] + [block.flat]
                art = Article(doc_id, kind="banner", title=" ".join(names))
                art.paragraphs = [art.title]
                art.header_lines = [l.no for l in last_caption_block.lines + block.lines]
                art.headers_only = True
                articles.append(art)
                log.append(LogEntry(doc_id, "split", "joint-edition credit (联办/主办) kept as a banner",
                                    block.first_no, art.title))
            continue

        if form in ("caption", "caption_lines"):
            if headers and all(f == "heading" for f, _ in headers) and form == "caption_lines":
                headers.append(("heading", block))
                continue
            last_caption, last_caption_block = caption_article(block), block
            articles.append(last_caption)
            log.append(LogEntry(doc_id, "split", "photo caption", block.first_no, block.flat[:40]))
            continue

        if form == "photo_credit":
            credit = " ".join(l.text for l in block.lines)
            target = current
            if headers:
                flush_headers_as_banner()
            if target is not None and target.section_heads:
                s = target.section_heads[-1]
                tail = target.paragraphs[s + 1:]
                if s > 0 and 1 <= len(tail) <= 2:
                    # a photo story set under the previous article: split it off
                    photo = Article(doc_id, kind="photo_caption", title=target.paragraphs[s], byline=credit)
                    photo.paragraphs = tail
                    photo.header_lines = list(target.para_lines[s]) + [l.no for l in block.lines]
                    photo.para_lines = target.para_lines[s + 1:]
                    target.paragraphs = target.paragraphs[:s]
                    target.para_lines = target.para_lines[:s]
                    target.section_heads.pop()
                    articles.append(photo)
                    log.append(LogEntry(doc_id, "split", "photo story split off by its photo credit",
                                        block.first_no, f"{photo.title} | {credit}"))
                    current = None
                    continue
            if target is not None:
                target.header_lines.extend(l.no for l in block.lines)
                if not target.byline:
                    target.byline = credit
                if len(target.paragraphs) <= 2 and not target.title:
                    target.kind = "photo_caption"
            current = None
            continue

        if form == "credit" and headers and current is None:
            headers.append(("credit", block))  # 文/X 图/Y under a headline: the byline of what follows
            continue

        if form == "credit":
            credit = block.flat
            if re.match(r"^文字\s*/.*图片\s*/", credit):
                # a page credit: text and pictures of the whole page
                for art in articles:
                    if not art.credit:
                        art.credit = credit
                log.append(LogEntry(doc_id, "split", "page credit applied to the page's articles",
                                    block.first_no, credit))
            elif current is not None:
                if current.byline:
                    current.credit = "; ".join(filter(None, [current.credit, credit]))
                else:
                    current.byline = credit
            continue

        # body text
        if headers:
            opens_item = bool(_ITEM_OPENING.match(block.lines[0].text)) and all(f == "heading" for f, _ in headers)
            if current is None or ((_is_new_article(headers) or opens_item) and not _is_notice(current)):
                current = open_article()
            else:
                for f, h in headers:  # section heads inside the running article
                    current.add(h.flat, h, section=True)
                    log.append(LogEntry(doc_id, "split", "section head kept inside the article",
                                        h.first_no, h.flat))
                headers = []
        elif current is None:
            current = Article(doc_id)
            articles.append(current)
        for n, line in enumerate(block.lines):
            text = line.text
            if n == 0 and not current.paragraphs and not current.byline and (lead := lead_byline(text)):
                current.byline, text = lead  # 本报讯(记者…) opens the first paragraph of a news story
            current.add(text, Block((line,)))
    if _is_notice(current) and headers:  # trailing signature lines of a notice
        for _f, block in headers:
            for line in block.lines:
                current.add(line.text, Block((line,)))
        headers = []
    flush_headers_as_banner()
    return articles, log


def finish_kind(art: Article) -> str:
    """Decide the kind of an article from what the splitter saw."""
    if art.kind:
        return art.kind
    if _is_notice(art) and art.paragraphs and not art.headers_only:
        return "notice"
    if art.headers_only or not art.paragraphs:
        return "banner"
    if art.byline.startswith("本报讯"):
        return "news"  # 本报讯 opens a news report (消息)
    if art.section_heads or sum(map(len, art.paragraphs)) >= 1500 or _REPORTER.match(art.byline):
        return "feature"  # signed reportage (通讯) under a reporter's byline, or long with section heads
    return "news"


def lift_trailing_authors(art: Article) -> LogEntry | None:
    """Move a closing "(李家鸣、崔笛洋)" credit into the byline, or "(长治市科技局)" into the credit."""
    if not art.paragraphs or art.kind == "photo_caption":
        return None
    found = trailing_credit(art.paragraphs[-1])
    if not found or (found[0] == "byline" and art.byline):
        return None
    kind, credit, rest = found
    if kind == "byline":
        art.byline = credit
    else:
        art.credit = "; ".join(filter(None, [art.credit, f"来源: {credit}"]))
    art.paragraphs[-1] = rest
    line = art.para_lines[-1][-1] if art.para_lines and art.para_lines[-1] else 0
    return LogEntry(art.doc_id, "split", f"closing credit in parentheses -> {kind}", line, credit)


def headline_at_the_end(articles: list[Article]) -> LogEntry | None:
    """A repost that prints its headline after the text: one untitled article, then a one-line banner."""
    if len(articles) != 2:
        return None
    body, last = articles
    if body.title or body.headers_only or not last.headers_only or len(last.paragraphs) != 1:
        return None
    head = last.paragraphs[0]
    if not (8 <= len(head) <= 40 and looks_like_heading(head)):
        return None
    body.title = head
    body.header_lines.extend(n for lines in last.para_lines for n in lines)
    articles.remove(last)
    return LogEntry(body.doc_id, "split", "headline printed after the text (repost)", body.header_lines[-1], head)


# A last line shorter than this after running text is the start of a paragraph the source cut off.
MIN_BANNER_CHARS = 8


def cut_last_line(articles: list[Article]) -> LogEntry | None:
    """Keep a very short last line ("实现炭") in the article above it instead of making it a banner."""
    if len(articles) < 2:
        return None
    body, last = articles[-2], articles[-1]
    if not last.headers_only or len(last.paragraphs) != 1 or len(last.paragraphs[0]) >= MIN_BANNER_CHARS:
        return None
    if body.headers_only or body.kind == "photo_caption" or not body.paragraphs \
            or not ends_paragraph(body.paragraphs[-1]):
        return None
    body.paragraphs.append(last.paragraphs[0])
    body.para_lines.append(last.para_lines[0])
    articles.remove(last)
    return LogEntry(body.doc_id, "split", "short last line kept in the text above (cut by the source?)",
                    last.para_lines[0][0], last.paragraphs[0])
