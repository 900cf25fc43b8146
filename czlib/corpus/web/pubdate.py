"""The publication date of a page: where a web page or a news report states it.

A page mentions many dates; the one that dates the page is in its header (a
发布时间/时间/日期/来源 line, a bare "2013-10-15 08:37 来源:…" line, or the
split form "2022" / "03/21" / "10:35" that some templates print), or, on a
news report without a header, in the dateline (新华社西宁9月20日电,
本报讯 3月15日).  Dates in the body are events, not the publication date,
and are used only as a last resort, flagged as such.  Every answer says how
precise it is and which raw line it came from.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Labels that introduce a date in a page header (texts are NFKC-normalised, ':' is ASCII).
DATE_LABELS = ("发布时间", "发布日期", "发表时间", "发表日期", "发稿时间", "更新时间", "上传时间", "录入时间",
               "出版日期", "刊发日期", "日期查询", "时间", "日期")
_LABEL = "|".join(DATE_LABELS)
_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
# 2022-03-21, 2022/03/21, 2022.03.21, 2022年3月21日 (print layouts put spaces inside).
_FULL = (r"(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
         r"(?:\s*" + _TIME + r")?")
FULL_DATE = re.compile(_FULL)
LABELLED = re.compile(r"(?P<label>" + _LABEL + r")\s*[:]\s*" + _FULL)
LABEL_ONLY = re.compile(r"^\|?\s*(?P<label>" + _LABEL + r")\s*[:]\s*$")
# A dateline at the start of a report: 新华社西宁9月20日电, 本报长治3月31日讯, 本报讯 3月15日.
DATELINE = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,12}?(?:(?P<y1>\d{4})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:电|讯)"
    r"|[\u4e00-\u9fff]{0,8}讯\s*(?:\([^)]{0,30}\))?\s*(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)")
_YEAR_LINE = re.compile(r"^(?P<y>(?:19|20)\d{2})$")
_MONTH_DAY_LINE = re.compile(r"^(?P<m>\d{1,2})[/-](?P<d>\d{1,2})$")
_TIME_LINE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_SENTENCE = re.compile(r"[,。;!?]")
# Words that mark a header line as page metadata rather than a headline.
_META_WORDS = re.compile(r"来源|作者|编辑|浏览|点击|阅读|发布|字号|分享|查看")
# A header line is short: a date line holds little more than the date and a source or site name.
MAX_HEADER_REST = 30


@dataclass(frozen=True)
class PubDate:
    """A date the page states: ISO date, precision, time of day, raw line and how it was found."""

    iso: str
    precision: str      # "day", "month" or "year"
    line: int           # 1-based line number in the raw file (0: not from one line)
    text: str           # the line (or lines) it came from
    how: str            # "labelled", "header", "split", "dateline", "body"
    time: str = ""

    @property
    def source(self) -> str:
        where = f"line {self.line} {self.text!r}"
        if self.how == "labelled":
            return f"labelled date on {where}"
        if self.how == "header":
            return f"date line of the page header, {where}"
        if self.how == "split":
            return f"header date printed over several lines, {where}"
        if self.how == "dateline":
            return f"dateline of the report, {where}"
        return f"first full date, {where} (may be an event date, not the publication date)"


def _iso(y: str, m: str, d: str | None) -> str | None:
    try:
        if d is None:
            return datetime.date(int(y), int(m), 1).isoformat()[:7]
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def parse_full_date(text: str) -> tuple[str, str, tuple[int, int]] | None:
    """The first valid full date in a text: (iso, time, span), or None."""
    for m in FULL_DATE.finditer(text):
        if m["sep"] == "." and not re.search(r"\d{4}\.\d{2}\.\d{2}", m.group(0)):
            continue  # "2022.3.5" is more often a decimal list than a date
        iso = _iso(m["y"], m["m"], m["d"])
        if iso:
            return iso, m["time"] or "", m.span()
    return None


def _looks_like_body(text: str) -> bool:
    return len(text) >= 40 and bool(_SENTENCE.search(text))


# A page header is at most this many non-empty lines, and holds at most this many sentence-like lines
# (a slogan bar over the headline reads like a sentence).
HEADER_LINES = 15
HEADER_SENTENCES = 1


def _is_teaser(text: str) -> bool:
    return text.lstrip("【[").startswith(("核心提示", "内容提要", "内容摘要", "摘要", "导读", "导语"))


def date_line(text: str) -> tuple[str, str, str] | None:
    """A header line that dates the page: (iso, time, how) for a labelled or a bare date line."""
    if m := LABELLED.search(text):
        iso = _iso(m["y"], m["m"], m["d"])
        if iso:
            return iso, m["time"] or "", "labelled"
    got = parse_full_date(text)
    if got:
        rest = (text[: got[2][0]] + text[got[2][1]:]).strip()
        if (len(rest) <= MAX_HEADER_REST and not _SENTENCE.search(rest)) or _META_WORDS.search(rest[:12]):
            return got[0], got[1], "header"
    return None


def body_start(lines: list[tuple[int, str]]) -> int:
    """Index of the first running-text line after the page header; len(lines) when there is none.

    The header ends after its last date or label line (among the first
    HEADER_LINES lines), so that a slogan bar reading like a sentence above
    the headline is not taken for the body.
    """
    def body(i: int) -> bool:
        text = lines[i][1]
        return _looks_like_body(text) and not _is_teaser(text) and date_line(text) is None

    first = next((i for i in range(len(lines)) if body(i)), len(lines))
    meta = [i for i in range(min(len(lines), HEADER_LINES))
            if date_line(lines[i][1]) or LABEL_ONLY.match(lines[i][1])]
    if meta and meta[-1] > first and sum(body(i) for i in range(first, meta[-1])) <= HEADER_SENTENCES:
        return next((i for i in range(meta[-1] + 1, len(lines)) if body(i)), len(lines))
    return first


def header_date(lines: list[tuple[int, str]]) -> PubDate | None:
    """The date in a page header (the lines before the body): labelled, a bare date line, or split."""
    header = lines[: body_start(lines)]
    found: list[PubDate] = []
    for i, (no, text) in enumerate(header):
        if LABEL_ONLY.match(text) and i + 1 < len(header):
            nxt_no, nxt = header[i + 1]
            got = parse_full_date(nxt)
            if got and len(nxt) - (got[2][1] - got[2][0]) <= 2:
                found.append(PubDate(got[0], "day", nxt_no, f"{text} / {nxt}", "labelled", got[1]))
                continue
        if _YEAR_LINE.match(text) and i + 1 < len(header) and (md := _MONTH_DAY_LINE.match(header[i + 1][1])):
            iso = _iso(text, md["m"], md["d"])
            if iso:
                shown = f"{text} / {header[i + 1][1]}"
                time = header[i + 2][1] if i + 2 < len(header) and _TIME_LINE.match(header[i + 2][1]) else ""
                found.append(PubDate(iso, "day", no, shown, "split", time))
                continue
        if got := date_line(text):
            found.append(PubDate(got[0], "day", no, text, got[2], got[1]))
    labelled = [d for d in found if d.how == "labelled"]
    return (labelled or found or [None])[0]


def dateline_date(lines: list[tuple[int, str]], year: str = "") -> PubDate | None:
    """The date of a report's dateline (first running-text line); needs a year on the line or given."""
    start = body_start(lines)
    if start >= len(lines):
        return None
    no, text = lines[start]
    m = DATELINE.match(text)
    if not m:
        return None
    y = m["y1"] or m["y2"] or year
    month, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
    if not y:
        return PubDate("", "", no, m.group(0), "dateline")
    iso = _iso(y, month, day)
    return PubDate(iso, "day", no, m.group(0), "dateline") if iso else None


def publication_date(text: str) -> PubDate | None:
    """The page's publication date: header first, then dateline, a labelled date anywhere, a body date.

    A dateline without a year (1月12日电) is returned with an empty ``iso``:
    the page states the day but not the year, and no year is guessed.
    """
    lines = [(no, line.strip()) for no, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if found := header_date(lines):
        return found
    dateline = dateline_date(lines)
    for no, line in lines:
        if m := LABELLED.search(line):
            iso = _iso(m["y"], m["m"], m["d"])
            if iso:
                return PubDate(iso, "day", no, line, "labelled", m["time"] or "")
    if dateline is not None and dateline.iso:
        return dateline
    for no, line in lines:
        if (m := re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", line)) and (iso := _iso(*m.groups())):
            return PubDate(iso, "day", no, m.group(0), "body")
    return dateline
