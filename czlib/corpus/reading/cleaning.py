"""Cleaning steps: web chrome, duplicated blocks, print-column breaks.

Each step is a small pure function over a list of :class:`Block` (paragraphs
as laid out in the source, with their line numbers) that returns the new
blocks and the :class:`LogEntry` records of what it did, so that every
decision can be shown and traced back to a line of the raw file.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

# Sentence-final punctuation: a paragraph that ends with one of these (optionally
# followed by closing quotes or brackets) ends there; one that does not, and is
# followed by more body text, was cut by a column break.
_TERMINAL = "。！？!?…;；:："
_CLOSERS = "”’」』)）】》\"'"
_SENTENCE_PUNCT = re.compile(r"[,，。；;！？!?]")
# Characters that cannot open a Chinese paragraph (structural particles, conjunctions).
_MID_SENTENCE_STARTS = set("的地得了着过和与及或并而")


@dataclass(frozen=True)
class Line:
    """One line of the normalised document, with its 1-based line number in the raw file."""

    no: int
    text: str


@dataclass(frozen=True)
class Block:
    """A paragraph block: consecutive non-blank lines; ``gap`` blank lines precede it."""

    lines: tuple[Line, ...]
    gap: int = 1

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def flat(self) -> str:
        return "".join(line.text.strip() for line in self.lines)

    @property
    def first_no(self) -> int:
        return self.lines[0].no

    @property
    def last_no(self) -> int:
        return self.lines[-1].no


@dataclass(frozen=True)
class LogEntry:
    """One cleaning decision: which document, which step, what was done, where (raw line)."""

    doc_id: str
    step: str
    action: str
    line: int
    detail: str


@dataclass
class CleanResult:
    """Blocks after a step, the log of its decisions, and metadata it lifted out of the text."""

    blocks: list[Block]
    log: list[LogEntry] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def split_blocks(text: str) -> list[Block]:
    """Split normalised text into blocks separated by blank lines, keeping line numbers."""
    blocks: list[Block] = []
    current: list[Line] = []
    blank = 0
    for no, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            current.append(Line(no, raw.strip()))
            continue
        if current:
            blocks.append(Block(tuple(current), gap=blank))
            current, blank = [], 0
        blank += 1
    if current:
        blocks.append(Block(tuple(current), gap=blank))
    return blocks


def _short(text: str, width: int = 40) -> str:
    text = text.replace("\n", " / ")
    return text if len(text) <= width else text[: width - 1] + "…"


# --- web chrome ------------------------------------------------------------

_CHROME_LINE = [
    ("share buttons", re.compile(r"^(分享到|分享至|扫一扫|打印本页|关闭窗口|【?字号)")),
    ("footer", re.compile(r"关于我们|联系我们|联系电话|投稿邮箱|版权所有|ICP备|ICP证|许可证|公网安备|广告经营许可|Copyright|©")),
    ("related links", re.compile(r"^(相关链接|相关新闻|相关阅读|延伸阅读|推荐阅读)$")),
    ("related link item", re.compile(r"^[·•]\s*\S")),
    ("breadcrumb", re.compile(r"^\S[^>。,]{0,20}(\s*>\s*[^>。,]{1,20}){2,}$")),
]
_PUBLISHED = re.compile(r"^发布时间[:：]\s*(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ 0-9:]*)?"
                        r"(?:\|?\s*来源[:：]\s*(?P<source>[^|]+?))?(?:\s*\|.*)?$")
_EDITOR = re.compile(r"^\[(?:责任)?编辑[:：]\s*(?P<editor>[^\]]+)\]$")
_ORIGINAL_TITLE = re.compile(r"^原标题[:：]\s*(?P<title>.+)$")


def strip_web_chrome(blocks: list[Block], doc_id: str = "") -> CleanResult:
    """Remove web-page chrome line by line: share buttons, related links, footers, breadcrumbs.

    The page's own metadata is lifted out rather than lost: the publication line
    (发布时间/来源), the editor line ([编辑:…]) and the original headline (原标题).
    """
    out: list[Block] = []
    log: list[LogEntry] = []
    meta: dict[str, str] = {}
    for block in blocks:
        kept: list[Line] = []
        for line in block.lines:
            text = line.text.replace("\xa0", " ").strip()
            reason = None
            if m := _PUBLISHED.match(text):
                meta["published"] = m["date"]
                if m["source"]:
                    meta["source"] = m["source"].strip()
                reason = "publication line -> metadata"
            elif m := _EDITOR.match(text):
                meta["editor"] = m["editor"].strip()
                reason = "editor line -> metadata"
            elif m := _ORIGINAL_TITLE.match(text):
                meta["original_title"] = m["title"].strip()
                reason = "original headline -> metadata"
            elif not looks_like_body(text):  # a body sentence may mention 许可证 or 版权
                for name, pattern in _CHROME_LINE:
                    if pattern.search(text):
                        reason = name
                        break
            if reason:
                log.append(LogEntry(doc_id, "web_chrome", f"removed {reason}", line.no, _short(text)))
            else:
                kept.append(line)
        if kept:
            out.append(Block(tuple(kept), gap=block.gap))
    return CleanResult(out, log, meta)


# --- headlines typed on the line above the body --------------------------------

def separate_headlines(blocks: list[Block], doc_id: str = "") -> CleanResult:
    """Split a block where a headline or byline line sits directly above or below running text.

    Newspaper extractions put a blank line between headline and body; texts
    pasted from elsewhere often do not ("标题\n本报讯…").  Splitting them
    (with no blank line between, so they stay in one layout box and are never
    rejoined as a column break) lets the article splitter see the headline.
    Blocks without running text (captions, an interviewee's role and name) are
    left whole; in a mixed block every headline line becomes a block of its own.
    """
    out: list[Block] = []
    log: list[LogEntry] = []
    for block in blocks:
        lines = block.lines
        heading = [looks_like_heading(line.text) for line in lines]
        if not any(heading) or not any(_is_sentence(line.text) for line in lines):
            out.append(block)
            continue
        # a block mixing headline lines and running text: each headline line stands alone
        cuts = [i for i in range(1, len(lines)) if heading[i] or heading[i - 1]]
        bounds = [0, *cuts, len(lines)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:])):
            out.append(Block(lines[a:b], gap=block.gap if n == 0 else 0))
        for i in cuts:
            log.append(LogEntry(doc_id, "separate", "separated a headline or byline line from running text",
                                lines[i].no, f"line {lines[i - 1].no} {_short(lines[i - 1].text, 20)} | "
                                             f"line {lines[i].no} {_short(lines[i].text, 20)}"))
    return CleanResult(out, log)


# --- duplicated blocks -----------------------------------------------------

def drop_duplicate_blocks(blocks: list[Block], doc_id: str = "", min_chars: int = 80) -> CleanResult:
    """Drop a run of blocks that repeats, word for word, an earlier run of the same document.

    Web pages sometimes carry the article twice (a print view below the normal
    view).  A repeated run counts when it holds at least ``min_chars``
    characters, so that a repeated short slogan or caption on a printed page
    is kept.
    """
    keys = [b.flat for b in blocks]
    first_seen: dict[str, int] = {}
    drop = [False] * len(blocks)
    log: list[LogEntry] = []
    i = 0
    while i < len(blocks):
        j = first_seen.get(keys[i])
        if j is None:
            first_seen[keys[i]] = i
            i += 1
            continue
        k = 0
        while i + k < len(blocks) and j + k < i and keys[j + k] == keys[i + k]:
            k += 1
        chars = sum(len(keys[i + n]) for n in range(k))
        if chars >= min_chars:
            for n in range(k):
                drop[i + n] = True
            log.append(LogEntry(doc_id, "dedupe", f"dropped {k} repeated blocks ({chars} chars)",
                                blocks[i].first_no,
                                f"lines {blocks[i].first_no}-{blocks[i + k - 1].last_no} repeat lines "
                                f"{blocks[j].first_no}-{blocks[j + k - 1].last_no}: {_short(keys[i])}"))
            i += k
        else:
            i += 1
    return CleanResult([b for b, d in zip(blocks, drop) if not d], log)


# --- print-column breaks ---------------------------------------------------

def ends_paragraph(text: str) -> bool:
    """True when the text ends a sentence (。！？… ; :), allowing closing quotes after the mark."""
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSERS)
    if not core:
        return False
    # NFKC turns the ellipsis "……" into "......", which ends a paragraph as well
    return core[-1] in _TERMINAL or core.endswith("...")


def looks_like_body(text: str) -> bool:
    """Running text: long enough and with sentence punctuation (headlines and captions have neither)."""
    return len(text) >= 40 and bool(_SENTENCE_PUNCT.search(text))


def is_running_text(text: str) -> bool:
    """Body text, or a short line that already holds a complete sentence (…之桥。邀请北)."""
    return looks_like_body(text) or bool(re.search(r"[。！？!?]", text[:-1]))


def _is_sentence(text: str) -> bool:
    """Running text: a body paragraph, or a line that ends a punctuated sentence."""
    return looks_like_body(text) or (ends_paragraph(text) and bool(_SENTENCE_PUNCT.search(text)))


def looks_like_heading(text: str) -> bool:
    """A line without sentence punctuation: a headline, section head, label or caption.

    Headlines with a subtitle on the same line ("主题 ——副题") run to 60+
    characters, so length alone does not decide; running text of that length
    always has a comma or a full stop.
    """
    return len(text) <= 80 and not ends_paragraph(text) and not _SENTENCE_PUNCT.search(text)


def join_column_breaks(blocks: list[Block], doc_id: str = "",
                       is_byline: Callable[[Block], bool] = lambda block: False) -> CleanResult:
    """Rejoin body paragraphs split by a print-column break (食管胃结 / 合部癌).

    A break is a body paragraph that stops without sentence-final punctuation
    and is followed, after a single blank line, by a block that is not a
    headline, byline or caption.  The two lines are glued with no space
    (Chinese has none between words).  Headlines never qualify as the first
    half because they are not running text.  ``is_byline`` recognises a byline
    block (the article splitter passes its own rule: cleaning sits below it).
    """

    out: list[Block] = []
    log: list[LogEntry] = []
    for block in blocks:
        if out and block.gap == 1:
            prev = out[-1]
            tail = prev.lines[-1].text
            head = block.lines[0].text
            if (is_running_text(tail) and not ends_paragraph(tail)
                    and not looks_like_heading(head) and not is_byline(block)):
                merged = Line(prev.lines[-1].no, tail + head)
                out[-1] = replace(prev, lines=prev.lines[:-1] + (merged,) + block.lines[1:])
                log.append(LogEntry(doc_id, "join", "joined a line broken by a column break",
                                    prev.lines[-1].no,
                                    f"line {prev.lines[-1].no} …{tail[-8:]} + line {block.first_no} {head[:8]}…"))
                continue
            if looks_like_body(head) and head[0] in _MID_SENTENCE_STARTS and ends_paragraph(tail):
                # the source lost the start of this paragraph; keep it, but say so
                log.append(LogEntry(doc_id, "join", "flagged a paragraph that starts mid-sentence",
                                    block.first_no, f"line {block.first_no}: {head[:12]}… (text missing in the source)"))
        out.append(block)
    return CleanResult(out, log)
