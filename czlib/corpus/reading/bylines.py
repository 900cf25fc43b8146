"""Bylines: who reported, wrote or photographed a piece, in the forms Chinese news prints them.

Forms recognised (the byline keeps the printed wording; the names are the people):

* a byline line: □本报记者 X, 本报记者 X 通讯员 Y, ◎科技日报记者 X, ■本刊记者 X, 见习记者 X;
* a lead that opens the first paragraph: 本报讯(记者X 通讯员Y), 本报长治3月31日讯(记者X),
  新华社西宁9月20日电(记者X Y), 本报讯 记者X报道:, 科学导报讯 记者X ;
* a credit line: 文/X 图/Y, 文字/X;  a photo credit: 记者X摄;
* reporters in parentheses closing the text: (X、Y), (X Y), (记者 X).

Editors (编辑, 责任编辑) are not authors and are never returned here; an
office in the closing parentheses ((长治市科技局)) is a source credit, not a byline.
"""
from __future__ import annotations

import re

from ...text.names import is_person_name
from ...text.sentences import ends_sentence

_CJK = r"\u4e00-\u9fff"
_MARKS = "□■◎●◆"
_ROLE = r"(?:见习|特约|首席|实习)?(?:摄影记者|记者|通讯员)"
# An outlet before the role: 本报, 本刊, 科技日报, 新华社, 山西日报 ...
_OUTLET = rf"(?:本报|本刊|本网|本台|[{_CJK}]{{2,8}}?(?:日报|晚报|导报|报|社|台|网))"
REPORTER_LINE = re.compile(
    rf"^[{_MARKS}]?\s*(?:{_OUTLET}(?:驻[{_CJK}]{{1,6}})?)?(?:{_ROLE}|特约记者)\s*[{_CJK} 、,]+$")
PHOTO_CREDIT = re.compile(rf"^(?:本报)?(?:记者|通讯员|特约摄影)?\s*[{_CJK}、 ]{{2,20}}\s*摄$")
CREDIT_LINE = re.compile(r"^(?:文|文字|图|图片|摄影|撰文)\s*/\s*\S")
# 本报讯(记者X), 本报长治3月31日讯(记者X 通讯员Y), 新华社西宁9月20日电(记者X Y)
_LEAD_PAREN = re.compile(
    rf"^(?P<byline>[{_CJK}]{{1,12}}?(?:\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)\s*\((?P<inner>[^)]{{0,12}}?"
    rf"{_ROLE}[^)]{{1,30}})\))")
# 本报讯 记者X报道: / 科学导报讯 记者X 1月10日, ...
_LEAD_PLAIN = re.compile(
    rf"^(?P<byline>[{_CJK}]{{1,10}}?讯\s*{_ROLE}\s*(?P<names>[{_CJK}]{{2,4}}(?:[、 ][{_CJK}]{{2,4}})*)"
    rf"(?:报道)?)(?:[:,]|\s+|(?=\d))")
_TRAILING = re.compile(r"\((?P<inner>[^()]{2,30})\)$")
_ORG_END = re.compile(r"(局|委|办|厅|部|院|所|中心|协会|学会|公司|集团|社|报|台|网|站|会|处|科|室|馆|校|大学|政府)$")


def is_byline_line(text: str) -> bool:
    """A reporter, photographer or writer credit standing on its own line."""
    text = text.strip()
    return bool(REPORTER_LINE.match(text) or PHOTO_CREDIT.match(text) or CREDIT_LINE.match(text))


def clean_byline(text: str) -> str:
    """The byline as printed, without the typographic mark in front (□ 本报记者 … → 本报记者 …)."""
    return text.strip().lstrip(_MARKS).strip()


def lead_byline(paragraph: str) -> tuple[str, str] | None:
    """Split a lead byline off the start of a paragraph: (byline, rest of the paragraph), or None."""
    for pattern in (_LEAD_PAREN, _LEAD_PLAIN):
        if m := pattern.match(paragraph):
            rest = paragraph[m.end():].lstrip(" :,")
            return m["byline"].strip(), rest
    return None


def _names(inner: str) -> list[str] | None:
    """The person names of a closing credit like 温媛 刘禾雨 / 记者 郭海方 / 山西日报 邓焕彦 崔 杰."""
    inner = re.sub(rf"^(?:{_OUTLET}\s*)?{_ROLE}\s*", "", inner.strip())
    tokens = [t for t in re.split(r"[、,\s]+", inner) if t]
    merged: list[str] = []
    for tok in tokens:  # 崔 杰: a two-character name spaced out in print
        if len(tok) == 1 and merged and len(merged[-1]) == 1:
            merged[-1] += tok
        else:
            merged.append(tok)
    if merged and re.fullmatch(rf"[{_CJK}]{{2,8}}?(?:日报|晚报|报|社|台|网)", merged[0]) and len(merged) > 1:
        merged = merged[1:]
    if merged and all(is_person_name(t) for t in merged):
        return merged
    return None


def trailing_credit(paragraph: str) -> tuple[str, str, str] | None:
    """A credit in parentheses closing a text: (kind, credit, paragraph without it), or None.

    kind is "byline" for reporters ((温媛 刘禾雨) → "温媛、刘禾雨"; (记者郭海方) →
    "记者郭海方") and "source" for an office ((长治市科技局)).  The text before
    the parentheses must end a sentence, so a bracket inside a sentence stays.
    """
    m = _TRAILING.search(paragraph.rstrip())
    if not m:
        return None
    before = paragraph.rstrip()[: m.start()].rstrip()
    if not ends_sentence(before):
        return None
    inner = m["inner"].strip()
    names = _names(inner)
    if names:
        plain = re.fullmatch(rf"[{_CJK}、,\s]+", inner) and not re.search(_ROLE, inner)
        credit = "、".join(names) if plain else inner
        return "byline", credit, before
    if re.fullmatch(rf"[{_CJK}]{{3,20}}", inner) and _ORG_END.search(inner):
        return "source", inner, before
    return None
