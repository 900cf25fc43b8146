"""How speech is reported: the speech verbs (说, 表示, 指出, 强调 …) and the authority a text invokes.

The verb list is package data (``czlib/data/speech_verbs.csv``: verb → type, one of statement, assertion,
emphasis, explanation, emotive), read by the quote finder and the person finder alike.  An *invoked
authority* is a person whose words or thought the text cites as guidance (习近平总书记关于……的重要论述,
深入学习贯彻……重要讲话精神) rather than a person acting or speaking in the events reported.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ... import config

SPEECH_VERBS_FILE = config.PACKAGE_DATA / "speech_verbs.csv"
SPEECH_TYPES = ("statement", "assertion", "emphasis", "explanation", "emotive")


@lru_cache(maxsize=1)
def speech_verbs() -> pd.DataFrame:
    """The speech-verb table (verb, type, post_only, gloss_en), longest verb first."""
    table = pd.read_csv(SPEECH_VERBS_FILE, comment="#", dtype=str, keep_default_na=False)
    bad = sorted(set(table["type"]) - set(SPEECH_TYPES))
    if bad:
        raise ValueError(f"{SPEECH_VERBS_FILE}: unknown speech type(s) {bad} (use one of {', '.join(SPEECH_TYPES)})")
    table["post_only"] = table["post_only"] == "1"
    order = sorted(range(len(table)), key=lambda i: (-len(table["verb"][i]), i))
    return table.iloc[order].reset_index(drop=True)


def speech_cues(post_only: bool = False) -> tuple[str, ...]:
    """The cues, longest first (so that 感慨地说 wins over 说); ``post_only`` the cues after a quotation only."""
    t = speech_verbs()
    return tuple(t.loc[t["post_only"] == post_only, "verb"])


def speech_type(cue: str) -> str:
    """The type of a cue (``""`` for a cue that is not a verb, such as the 作为-clause)."""
    t = speech_verbs()
    hit = t.loc[t["verb"] == cue, "type"]
    return str(hit.iloc[0]) if len(hit) else ""


#: Titles that, in local news, name the national leadership whose words are cited as guidance.
AUTHORITY_TITLES = ("总书记",)
# after the name (and title): 关于……的重要论述, 在……上的重要讲话, 发表重要讲话, 的重要指示精神
# (no comma in between: 李明表示,要学习……重要讲话 is 李明 speaking)
_CITED_AFTER = re.compile(r"[^。!?;,:\n]{0,40}?重要(?:讲话|指示|论述|思想|批示|回信|贺信)")
# before the name: 学习贯彻, 贯彻落实, 学习领会 (the text studies what the person said)
_CITED_BEFORE = re.compile(r"(?:学习贯彻|贯彻落实|学习领会|深入贯彻|认真贯彻)[^。!?;\n]{0,20}$")


def is_invoked(text: str, start: int, end: int) -> bool:
    """Whether the person named at ``text[start:end]`` is invoked as an authority, not shown speaking or acting.

    Either the name carries a title of the national leadership (习近平总书记), or what follows refers to the
    person's speeches, instructions or thought (关于……的重要论述, 重要讲话), or the clause before it studies
    them (学习贯彻……).
    """
    after = text[end:end + 60]
    if after.startswith(AUTHORITY_TITLES):
        return True
    cited = _CITED_AFTER.match(after)
    if cited and not any(cue in cited.group() for cue in speech_cues()):
        return True
    return bool(_CITED_BEFORE.search(text[max(0, start - 30):start]))
