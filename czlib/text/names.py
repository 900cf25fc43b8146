"""Chinese personal names: one surname list for the article splitter and the actor extractor."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import config


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Return (single-character, compound) surnames from ``czlib/data/surnames.txt``."""
    text = (config.PACKAGE_DATA / "surnames.txt").read_text(encoding="utf-8")
    words = {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


def is_person_name(text: str) -> bool:
    """A bare Chinese personal name: 2-3 CJK characters after a common surname, or 3-4 after a compound one."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", text):
        return False
    single, compound = surnames()
    if len(text) >= 3 and text[:2] in compound:
        return True
    return text[0] in single and len(text) <= 3
