"""Who gets a voice: quotations and paraphrases attributed to the people the text names.

Chinese news attributes speech in a few fixed shapes, which this module reads
with transparent rules on top of the person mentions of :mod:`czlib.analysis.actors.actors`:

- cue before a direct quote: ``刘立新感慨地说:“我要感谢山西……”``, ``他说:“……”``
  (a pronoun is linked to the last person named before it);
- cue after a direct quote: ``“……。”山西中科潞安……董事长李晋闽说。``,
  ``“……”白兴关表示。``, ``“……”这是朱有勇院士……讲得最多的一句话。``;
- the journalistic ``“……”作为……的总经理,……的曹华深有感触。`` (the person the
  作为-clause introduces is the speaker);
- indirect speech: a person, a cue and a comma, then the paraphrase up to the end
  of the sentence (``徐霞表示,将充分利用……``, ``赵红严指出,要……``).

A quotation with no person nearby (a slogan, a saying, scare quotes around a
term) is not attributed and not reported.  Quotation marks are “…” and 「…」.
Each quote records its mode (``kind``: direct in quotation marks, indirect for
a paraphrase), the type of its speech verb (``cue_type``, from
``czlib/data/speech_verbs.csv`` via :mod:`czlib.analysis.voice.speech`) and whether
the speaker is an invoked authority (``invoked``: 习近平总书记指出… cites
guidance; the person is not a source speaking in the article).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable, Sequence

import pandas as pd

from ..actors.gazetteer import role_words
from ..records import Mention, Quote
from .speech import is_invoked, speech_cues, speech_type
from ...text.sentences import TRAILING_END, sentence_bounds, sentence_of, sentence_spans
from ...text.spans import SpanSet

# Cues, longest first so that 感慨地说 wins over 说 (czlib/data/speech_verbs.csv).
CUES = speech_cues()
# Cues that only attribute a quotation that comes before them (这是…讲得最多的一句话).
POST_ONLY_CUES = speech_cues(post_only=True)
_PRONOUNS = ("他", "她")



_QUOTE_MARKS = {"“": "”", "「": "」", "『": "』"}


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the content of each top-level quotation in “…” or 「…」 (『…』 nests inside)."""
    spans, stack, start = [], [], -1
    for i, ch in enumerate(text):
        if ch in _QUOTE_MARKS:
            if not stack:
                start = i + 1
            stack.append(_QUOTE_MARKS[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                spans.append((start, i))
    return spans


def _is_speech(content: str) -> bool:
    """Long enough and shaped like a sentence: not a term in scare quotes (“书架”)."""
    return len(content) >= 8 and bool(re.search(r"[,。!?;…]", content))


def _sentence_start(text: str, pos: int) -> int:
    return sentence_bounds(text, pos)[0]


def _sentence_end(text: str, pos: int) -> int:
    """End of the sentence from ``pos`` on: the one holding it, or the next one on the same line when
    ``pos`` sits right after a sentence end (after a closing mark: “……。”白兴关表示。)."""
    spans = sentence_spans(text)
    i = sentence_of(text, pos)
    if i < len(spans) and spans[i][1] > pos:
        return spans[i][1]
    if i + 1 < len(spans) and spans[i][1] <= pos and "\n" not in text[pos:spans[i + 1][0]]:
        return spans[i + 1][1]
    return pos


def _find_cue(segment: str, cues: Sequence[str]) -> tuple[int, str] | None:
    """First cue in a segment (position, cue), longest cue at a position."""
    best = None
    for cue in cues:
        i = segment.find(cue)
        if i >= 0 and (best is None or i < best[0] or (i == best[0] and len(cue) > len(best[1]))):
            best = (i, cue)
    return best


def _last_person(people: Sequence[Mention], starts: Sequence[int], lo: int, hi: int) -> Mention | None:
    """The last person mention inside ``[lo, hi)`` (people sorted by start; ``starts`` their starts)."""
    for i in range(bisect_left(starts, hi) - 1, bisect_left(starts, lo) - 1, -1):
        if people[i].end <= hi:
            return people[i]
    return None


def find_quotes(text: str, mentions: Iterable[Mention]) -> list[Quote]:
    """Attributed quotations in one text, given its actor mentions (:func:`czlib.extract_actors`).

    Returns :class:`~czlib.analysis.records.Quote` records sorted by ``quote_start``:
    the speaker and the span of the person mention it is linked to, the quoted
    words (``text[quote_start:quote_end] == quote``), the cue, the kind (``direct`` |
    ``indirect``) and how the speaker was found (``name`` | ``pronoun`` | ``作为``).
    """
    people = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
    starts = [p.start for p in people]
    out: list[Quote] = []
    covered = SpanSet()

    def emit(speaker: Mention, q0: int, q1: int, cue: str, kind: str, via: str) -> None:
        out.append(Quote(speaker.name, speaker.start, speaker.end, text[q0:q1], q0, q1, cue, kind, via,
                         speech_type(cue), is_invoked(text, speaker.start, speaker.end)))
        covered.add(q0, q1)

    # direct quotations
    for q0, q1 in _quoted_spans(text):
        if not _is_speech(text[q0:q1]):
            continue
        open_, close = q0 - 1, q1 + 1
        # cue before: the stretch of the sentence before the opening mark ends in a cue (+ : or ,)
        pre_lo = _sentence_start(text, open_)
        pre = text[pre_lo:open_].rstrip(":, ")
        found = None
        for cue in CUES:
            if pre.endswith(cue):
                cue_at = pre_lo + len(pre) - len(cue)
                before = text[pre_lo:cue_at]
                speaker = _last_person(people, starts, pre_lo, cue_at)
                via = "name"
                if before.endswith(_PRONOUNS) or speaker is None:
                    if before.endswith(_PRONOUNS):
                        speaker = _last_person(people, starts, max(0, cue_at - 300), cue_at)
                        via = "pronoun"
                if speaker is not None:
                    found = (speaker, cue, via)
                break
        if found is None:
            # cue after: the rest of the sentence after the closing mark
            post_hi = _sentence_end(text, close)
            post = text[close:post_hi]
            hit = _find_cue(post, CUES + POST_ONLY_CUES)
            if post.startswith("作为"):
                comma = post.find(",")
                if comma > 0:
                    speaker = next((p for p in people if close + comma < p.start < post_hi), None)
                    if speaker is not None:
                        found = (speaker, hit[1] if hit else "作为", "作为")
            if found is None and hit is not None:
                speaker = _last_person(people, starts, close, close + hit[0])
                if speaker is not None:
                    found = (speaker, hit[1], "name")
        if found is not None:
            emit(found[0], q0, q1, found[1], "direct", found[2])

    # indirect speech: NAME + cue + , + paraphrase to the end of the sentence
    rw = role_words()
    for p in people:
        # a title may stand between the name and the cue: 习近平总书记指出, 周明凯教授表示
        after = next((text[p.end:p.end + n] for n in (4, 3, 2)
                      if text[p.end:p.end + n] in rw and rw[text[p.end:p.end + n]].after), "")
        at = p.end + len(after)
        rest = text[at:at + 8]
        for cue in CUES:
            if rest.startswith(cue) and text[at + len(cue):at + len(cue) + 1] in (",", ":"):
                q0 = at + len(cue) + 1
                if text[q0:q0 + 1] == "“":
                    break  # a direct quotation, handled above
                q1 = _sentence_end(text, q0)
                end_mark = TRAILING_END.search(text, q0, q1)
                q1 = end_mark.start() if end_mark else q1
                if q1 - q0 >= 6 and not covered.overlaps(q0, q1):
                    emit(p, q0, q1, cue, "indirect", "name")
                break
    return sorted(out, key=lambda q: q.quote_start)


QUOTE_COLUMNS = ["doc_id", "article_id", "speaker", "speaker_canonical", "speaker_role", "speaker_role_type",
                 "speaker_affiliation", "speaker_start", "speaker_end", "quote", "quote_start", "quote_end",
                 "cue", "cue_type", "kind", "via", "invoked", "n_chars"]


VOICE_COLUMNS = ["speaker_type", "speakers", "quotes", "direct", "indirect", "quoted_chars", "mean_chars",
                 "share_of_quoted_chars", "share_of_text"]


def voice_by_role_type(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Quote length and share of quoted characters by the speaker's role type.

    One row per ``speaker_type`` (the speaker's role type; ``unknown`` when none; ``invoked_authority`` for
    words cited from an invoked authority, whatever the role): distinct speakers, quotes, direct and
    indirect ones, quoted characters, mean quote length, the type's share of all quoted characters and
    its quoted characters as a share of the articles' text (``articles.text``).  Sorted by quoted_chars.
    """
    if quotes.empty:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    q = quotes.assign(n_chars=quotes["quote"].str.len())
    invoked = (q["invoked"].astype(str).str.lower() == "true") if "invoked" in q else pd.Series(False, index=q.index)
    q["speaker_type"] = q["speaker_role_type"].fillna("").replace("", "unknown").where(~invoked, "invoked_authority")
    g = q.groupby("speaker_type")
    table = pd.DataFrame({
        "speakers": g["speaker"].nunique(), "quotes": g.size(),
        "direct": g["kind"].apply(lambda k: int((k == "direct").sum())),
        "indirect": g["kind"].apply(lambda k: int((k == "indirect").sum())),
        "quoted_chars": g["n_chars"].sum(),
    })
    table["mean_chars"] = (table["quoted_chars"] / table["quotes"]).round(1)
    table["share_of_quoted_chars"] = (table["quoted_chars"] / table["quoted_chars"].sum()).round(3)
    text_chars = int(articles["text"].fillna("").str.len().sum())
    table["share_of_text"] = (table["quoted_chars"] / text_chars).round(4) if text_chars else float("nan")
    table = table.reset_index().sort_values(["quoted_chars", "speaker_type"], ascending=[False, True], kind="stable")
    return table[VOICE_COLUMNS].reset_index(drop=True)
