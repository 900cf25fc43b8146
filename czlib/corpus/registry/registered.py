"""What the user registered wins: metadata titles on the articles, fields inferred for ``czlib add``, junk outlets.

A title given to ``czlib add --title`` is the document's.  The splitter reads titles from the form of the page
and can take a kicker, a dateline (中新社晋城8月11日电 题:…) or a line of site clutter instead; so where the page
holds one article its registered title is that article's title, and where it holds several, the registered title
goes to the article whose headline matches it.  A title czlib inferred (a bare folder's first line, or
``czlib add`` without ``--title``) is not registered and changes nothing.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Mapping

from ..web.pubdate import publication_date

#: Article kinds that are articles in their own right (captions, banners, notices and notes are not).
STORY_KINDS = ("news", "feature", "interview", "commentary")
#: The notes text ``czlib add`` records for fields it took from the text.
INFERRED_NOTE = "inferred from the text by czlib add: "

_PUNCT = re.compile(r"[\s\u3000“”\"'‘’「」『』《》〈〉<>:：,，、·•.。!！?？;；()（）【】\[\]{}—\-–~…|/]+")
# a file-name-like token (sp20241122, IMG_0034, page3.html): no CJK, a run of four digits or a file ending
_FILE_LIKE = re.compile(r"^(?=[\x21-\x7e]*$)(?:[A-Za-z_\-]*\d{4,}[A-Za-z0-9_\-]*|.*\.(?:txt|html?|docx?|pdf))$",
                        re.IGNORECASE)
# a department and a person's name (油气科 王浩, 办公室 李明): a staff line, not a newspaper or site
_DEPARTMENT_PERSON = re.compile(r"^\S*(?:科|处|室|股|组|办|部|中心)\s+[\u4e00-\u9fff]{2,3}$")
_SOURCE_LINE = re.compile(r"来源[:：]\s*([^\s|丨/]{2,20})")


def _norm(s: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", s or ""))


def junk_outlet(outlet: str) -> str:
    """Why ``outlet`` is no outlet name ('' when it may be one): a file-name-like token or a department line."""
    outlet = (outlet or "").strip()
    if _FILE_LIKE.match(outlet):
        return "looks like a file name, not a newspaper or site"
    if _DEPARTMENT_PERSON.match(outlet):
        return "is a department and a person's name, not a newspaper or site"
    return ""


def is_registered_title(doc: Mapping) -> bool:
    """Whether the metadata title was given by a person (not read from the text by czlib)."""
    notes = str(doc.get("notes") or "")
    return bool(str(doc.get("title") or "").strip()) and not notes.startswith("no metadata.csv") \
        and "title" not in notes.partition(INFERRED_NOTE)[2].split(";")[0]


def _matches(registered: str, headline: str) -> bool:
    a, b = _norm(registered), _norm(headline)
    if not a or not b:
        return False
    # equal; the headline with a dateline or kicker before it (中新社…电 题:…); or most of one inside the other
    return (a == b or (len(a) >= 4 and b.endswith(a)) or (a in b and len(a) >= 0.6 * len(b))
            or (b in a and len(b) >= 0.6 * len(a)))


def apply_registered_title(articles: list, doc: Mapping) -> list[tuple[int, str, str]]:
    """Give the registered title of ``doc`` to its article; return (line, action, detail) of each change.

    ``articles`` are the split articles (``title``, ``kind``, ``lines``), changed in place.
    """
    if not is_registered_title(doc):
        return []
    title = str(doc["title"]).strip()
    stories = [a for a in articles if a.kind in STORY_KINDS and not getattr(a, "headers_only", False)]
    if len(stories) == 1:
        target = stories[0]
    else:
        target = next((a for a in stories if _matches(title, a.title)), None)
    if target is None or target.title == title:
        return []
    old = target.title
    target.title = title
    if old:  # the line the splitter read as the headline stays readable
        target.notes = "; ".join(filter(None, [target.notes, f"headline in the text: {old}"]))
    line = min(target.lines) if target.lines else 0
    return [(line, "registered title -> title", f"was {old!r}" if old else "was untitled")]


def infer_fields(text: str) -> dict[str, str]:
    """Title, date and outlet read from a text file as the bare-folder reader does (first line, stated date,
    a 来源 line), each '' where the text does not state it; ``date_source`` names the line of the date."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    found = publication_date(text)
    outlet = ""
    for line in lines[:15]:
        m = _SOURCE_LINE.search(line)
        if m and not junk_outlet(m.group(1)):
            outlet = m.group(1)
            break
    return {"title": lines[0] if lines else "",
            "date": found.iso if found is not None and found.iso else "",
            "date_source": f"inferred from the text: {found.source}" if found is not None and found.iso else "",
            "outlet": outlet}
