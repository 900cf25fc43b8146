"""Rules over the entity model: where czlib's rules and the trained recogniser agree or disagree.

The recogniser (:mod:`czlib.analysis.actors.ner`) proposes PER/LOC/ORG spans on any news text; the rules
(:mod:`czlib.analysis.actors.organisations`, :mod:`czlib.analysis.actors.persons`) know what no model knows: the
gazetteer and its aliases, organisation types, titles and speech cues.  Each disagreement is decided
by evidence, and the mention's ``source`` says who decided:

* a span both propose keeps the rule's source with ``+model`` (``pattern+model``);
* a span only the model proposes becomes a mention with source ``model`` (a place or an organisation
  the rules have no suffix or gazetteer entry for: 科索沃, 新华社);
* where the spans overlap, a gazetteer or package-lexicon name wins (the curated entry is the evidence);
  a suffix-pattern or jieba name yields its boundaries to a confident model span that keeps its ending
  or contains it (应|中国人民外交学会, 美国|财政部), and is marked ``pattern+model``;
* a candidate resting on a jieba tag alone, which the model does not support, is dropped;
* a span only the model proposes has no rule behind it, so the words around it must not speak against it:
  it may not open a line of a couplet (:func:`verse_line`: 林茂鸟有归，水深鱼知聚; 万山磅礴，必有主峰);
  a one-character place needs a one-character neighbour (中|美) or a sure model and no longer dictionary
  word it opens (:func:`opens_word`: not 中|医药); an organisation does not start with a verb, nor is it a
  common word glued to an abbreviation (:func:`_org_head_cut`: 贡献|科协).  (Refusing every span that
  cuts a word of jieba's dictionary was measured on People's Daily and left out: it refused mostly right
  names, 访|华; ``on_words`` on the text's own cut stays the word-cut check.)

Persons are reconciled inside :func:`czlib.analysis.actors.persons.find_people` (their evidence is the title
or speech cue next to the name); this module does organisations and places.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from typing import Sequence

from ...text.segmentation.segment import main_frequency, main_pos, main_tokens
from ...text.spans import SpanSet
from .gazetteer import Gazetteer, countries, role_words
from .organisations import MentionDraft, generic_org_word

#: A span only the model proposes is taken at or above this score (the smallest per-character marginal).
NEW_SCORE = 0.5
#: A model span overrides a rule's boundaries at or above this score.
OVERRIDE_SCORE = 0.7
#: A model this sure overrides the weaker pieces of evidence (a one-character place alone, 华 in 访华).
SURE_SCORE = 0.95
#: Rule sources whose names are curated entries: their boundaries stand against the model.
CURATED = ("gazetteer", "lexicon")
#: Bare level words and generic nouns the model sometimes tags; czlib never names them as places.
_NOT_NAMES = {"市", "省", "县", "区", "镇", "乡", "村", "我市", "全市", "本市", "我省", "全省", "我国", "全国",
              "本地", "当地", "我县", "全县", "我区", "全区"}
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fff·•A-Za-z0-9()（）《》\-]+$")


def _main_words(text: str) -> tuple:
    """``text`` cut with jieba's own dictionary (no corpus dictionary: the evidence is general Chinese);
    the cut the entity model's features were read from, not a second one."""
    return main_tokens(text)


_LAST_STARTS: tuple = (None, ())  # (the cut, its word starts) of the last call


def _word_starts(words: tuple) -> tuple[int, ...]:
    """Where the words of a cut start, in order (a cut's words do not overlap), for a binary search.

    Kept for the last cut, known by identity: a cache keyed by the tuple would hash all its tokens on
    every call, a cost that grows with the text (quadratic over a long article's spans).
    """
    global _LAST_STARTS
    last_words, last_starts = _LAST_STARTS
    if last_words is words:
        return last_starts
    starts = tuple(t.start for t in words)
    _LAST_STARTS = (words, starts)
    return starts


#: Where clauses end: a couplet line runs between two of these.
_CLAUSE_MARKS = set("，,。；;！!？?：:、“”\"'‘’（）()《》\n\t 　")


def _clause_end(text: str, pos: int, step: int) -> int:
    while 0 <= pos < len(text) and text[pos] not in _CLAUSE_MARKS:
        pos += step
    return pos


def verse_line(text: str, start: int) -> bool:
    """``start`` opens a line of a couplet: a clause of 4-7 Chinese characters next to one of the same length
    (林茂鸟有归，水深鱼知聚; 万山磅礴，必有主峰), verse or a saying, where a name the model alone saw is a word."""
    a = _clause_end(text, start - 1, -1) + 1
    if a != start:
        return False
    b = _clause_end(text, start, 1)
    n = b - a
    if not 4 <= n <= 7 or not all("\u4e00" <= c <= "\u9fff" for c in text[a:b]):
        return False
    if b < len(text) and text[b] in "，,；;":
        c = _clause_end(text, b + 1, 1)
        if c - b - 1 == n and all("\u4e00" <= ch <= "\u9fff" for ch in text[b + 1:c]):
            return True
    if a >= 2 and text[a - 1] in "，,；;":
        p = _clause_end(text, a - 2, -1) + 1
        if a - 1 - p == n and all("\u4e00" <= ch <= "\u9fff" for ch in text[p:a - 1]):
            return True
    return False


def opens_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` opens a dictionary word of three or more characters in jieba's dictionary cut
    (中|医药, 中|药材): a compound of its own; a two-character word (中|方, 访|华) keeps an abbreviation."""
    words = _main_words(text)
    i = bisect_left(_word_starts(words), start)
    return any(t.end > end and len(t.word) >= 3 and main_frequency(t.word) > 0
               for t in words[i:i + 1] if t.start == start)


def _org_head_cut(text: str, start: int, end: int) -> int | None:
    """Where a model-only organisation really starts: past a verb it opens with, or past a common word glued
    to an abbreviation (贡献|科协); ``start`` when nothing is glued on, None when nothing would be left."""
    cut = _main_words(text)
    starts = _word_starts(cut)
    words = [t for t in cut[bisect_left(starts, start):bisect_left(starts, end)] if t.end <= end]
    if len(words) < 2 or words[0].start != start:
        return start
    head = words[0]
    if (head.pos or "") == "v":
        return head.end if end - head.end >= 2 else None
    if len(words) == 2 and words[1].pos == "j" and len(head.word) == 2 and main_frequency(head.word) >= 1000:
        return None  # a common two-character word glued to an abbreviation (贡献|科协), not a name
    return start


def joined(source: str, other: str) -> str:
    """``pattern`` + ``model`` -> ``pattern+model`` (no repeats)."""
    parts = [p for p in source.split("+") if p]
    return "+".join(parts + ([other] if other not in parts else []))


def _name_ok(name: str) -> bool:
    return bool(_NAME_CHARS.match(name)) and any("\u4e00" <= c <= "\u9fff" for c in name) and name not in _NOT_NAMES


_LIST_MARK = re.compile(r"[、，,。；;：:]|等")
#: A count before a kind (三大焦化企业, 五家): where a name in a list ends, never inside the name.
_COUNT = re.compile(r"[一二两三四五六七八九十几多数0-9]+[大家个所项批类种名位]")


def _org_name_ok(name: str) -> bool:
    """An organisation name the model proposes, unless it runs on into a list mark or a title (…医院心血管内科主任)."""
    if not _name_ok(name) or generic_org_word(name) or _LIST_MARK.search(name) or generic_org_word(name[:2]):
        return False  # 科研院所, 集团|技术中心 (the group named before)
    words = role_words()
    return not any(name[-n:] in words for n in range(2, min(7, len(name)) + 1))


def _person_position(text: str, sp, known: frozenset[str], title_before) -> bool:
    """A span the rules would read as a person: a known name, or one right after a title (教授 焦海华)."""
    return sp.text in known or title_before(text, sp.start)


def _holds_curated_place(sp, gaz: Gazetteer, org_type) -> bool:
    """A model organisation over a gazetteer place with no organisation ending and no gazetteer entry
    (北京|冬奥会, an event) leaves the place to the place rules, unless the model is sure (山东队)."""
    if gaz.place_regex is None or sp.text in gaz.org_alias or org_type(sp.text) or sp.score >= SURE_SCORE:
        return False
    return gaz.place_regex.search(sp.text) is not None


def _curated(m: MentionDraft) -> bool:
    return any(p in CURATED for p in m.source.split("+"))


def _rebound(m: MentionDraft, span, text: str, aliases: dict[str, str]) -> None:
    """Give a rule mention the model's boundaries; the canonical name follows the new surface (美国财政部 is
    not the 财政部 of the lexicon), through the gazetteer's aliases where it has one."""
    canonical = aliases.get(text[span.start:span.end], text[span.start:span.end])
    if canonical != m.canonical:  # the curated facts were about the old name
        m.english = ""
        if _curated(m):
            m.based_in, m.inside_changzhi, m.parent = "", None, ""
    m.start, m.end, m.name, m.canonical = span.start, span.end, text[span.start:span.end], canonical
    m.source = joined(m.source, "model")


class _Placed:
    """The mentions being reconciled, in list order, with the ones over a stretch found by position.

    A scan of the whole list for every model span made a long article quadratic (a 2 MB page has tens of
    thousands of each); mentions are filed under every 64-character cell they touch.
    """

    CELL = 64

    def __init__(self, mentions: Sequence[MentionDraft]):
        self._order: dict[int, int] = {}   # id -> insertion number: list order is insertion order
        self._mentions: dict[int, MentionDraft] = {}
        self._cells: dict[int, set[int]] = {}
        self._next = 0
        for m in mentions:
            self.append(m)

    def _cells_of(self, start: int, end: int) -> range:
        return range(start // self.CELL, max(start, end - 1) // self.CELL + 1)

    def append(self, m: MentionDraft) -> None:
        self._order[id(m)] = self._next
        self._next += 1
        self._mentions[id(m)] = m
        self._file(m)

    def _file(self, m: MentionDraft) -> None:
        for c in self._cells_of(m.start, m.end):
            self._cells.setdefault(c, set()).add(id(m))

    def _unfile(self, m: MentionDraft, start: int, end: int) -> None:
        for c in self._cells_of(start, end):
            self._cells.get(c, set()).discard(id(m))

    def remove(self, m: MentionDraft) -> None:
        self._unfile(m, m.start, m.end)
        del self._order[id(m)], self._mentions[id(m)]

    def moved(self, m: MentionDraft, start: int, end: int) -> None:
        """``m`` had the span ``(start, end)`` and has another one now."""
        self._unfile(m, start, end)
        self._file(m)

    def overlapping(self, start: int, end: int) -> list[MentionDraft]:
        """The mentions with ``m.start < end and start < m.end``, in list order."""
        found = {i for c in self._cells_of(start, end) for i in self._cells.get(c, ())}
        over = [self._mentions[i] for i in found if self._mentions[i].start < end and start < self._mentions[i].end]
        return sorted(over, key=lambda m: self._order[id(m)])

    def __iter__(self):
        return iter(sorted(self._mentions.values(), key=lambda m: self._order[id(m)]))


def reconcile_orgs(text: str, orgs: list[MentionDraft], spans: Sequence, gaz: Gazetteer,
                   org_type, known: frozenset[str], title_before, bounds: set[int]) -> list[MentionDraft]:
    """The rules' organisations with the model's ORG spans: confirmed, re-bounded or added.

    ``org_type(name)`` reads an organisation type off a name (its suffix), '' when none; ``known``:
    personal names known from elsewhere; a model span on one of them, or right after a title
    (``title_before(text, pos)``), is left to the person rules; ``bounds``: the offsets where the text's
    words start or end (a name the model alone proposes must not cut a word: 生|产基地).
    """
    # a confident person inside a suffix-pattern name (金泽洙苦战五局, 市委书记纪馨芳深入) shows the pattern misread
    people = sorted((s.start, s.end) for s in spans
                    if s.label == "PER" and s.score >= OVERRIDE_SCORE and _name_ok(s.text))
    people_starts = [a for a, _ in people]
    out = _Placed([m for m in orgs if _curated(m) or not any(
        b <= m.end for _, b in people[bisect_left(people_starts, m.start):bisect_left(people_starts, m.end)])])
    for sp in (s for s in spans if s.label == "ORG"):
        over = out.overlapping(sp.start, sp.end)
        if any((m.start, m.end) == (sp.start, sp.end) for m in over):
            for m in over:
                if (m.start, m.end) == (sp.start, sp.end):
                    m.source = joined(m.source, "model")
            continue
        if not over:
            cut = _org_head_cut(text, sp.start, sp.end) if sp.score >= NEW_SCORE else None
            if cut is None or verse_line(text, sp.start):
                continue
            if cut != sp.start:  # 贡献|科协: the model's name without the word glued on
                sp = dataclasses.replace(sp, start=cut, text=text[cut:sp.end])
                if out.overlapping(sp.start, sp.end):
                    continue
            if (sp.score >= NEW_SCORE and _org_name_ok(sp.text) and not _person_position(text, sp, known, title_before)
                    and not _holds_curated_place(sp, gaz, org_type) and on_words(sp, bounds)):
                canon = gaz.org_alias.get(sp.text, sp.text)
                e = gaz.orgs.get(canon)
                out.append(MentionDraft("org", sp.start, sp.end, sp.text, canon,
                                        e.type if e else org_type(sp.text), based_in=e.based_in if e else "",
                                        parent=e.parent if e else "", english=e.english if e else "",
                                        source="gazetteer+model" if e else "model"))
            continue
        if sp.score < OVERRIDE_SCORE or not _org_name_ok(sp.text):
            continue
        last = max(over, key=lambda m: m.end)
        if _curated(last) and sp.end > last.end:
            continue  # a curated body keeps its name against a tail (长治市人民医院|党委, 长治学院|生命科学系)
        if _COUNT.search(text, last.end, sp.end):
            continue  # 广源焦化|三大焦化: the model ran on past the name into a count
        if all(sp.start <= m.start and m.end <= sp.end for m in over):
            # the model's name holds the rules' names: 中共中央|统战部, 美国|财政部, 国务院|残疾人工作协调委员会
            keep = over[0]
            added = text[sp.start:keep.start]
            if any(added[i:j] in role_words() for i in range(len(added)) for j in range(i + 2, len(added) + 1)):
                continue  # 教授驻|天脊煤化工集团公司: a title is no part of the name
            parent = keep.canonical if len(over) == 1 and keep.start == sp.start and _curated(keep) else ""
            for m in over[1:]:
                out.remove(m)
                keep.source = joined(keep.source, m.source)
            was = keep.start, keep.end
            _rebound(keep, sp, text, gaz.org_alias)
            out.moved(keep, *was)
            keep.type = org_type(sp.text) or keep.type
            keep.parent = keep.parent or parent  # a sub-unit of the curated body it starts with
            continue
        m = over[0]
        if (len(over) == 1 and not _curated(m) and sp.end == m.end and sp.start > m.start
                and _common_words(text[m.start:sp.start])):
            was = m.start, m.end
            _rebound(m, sp, text, gaz.org_alias)  # 应|中国人民外交学会, 航线|阿根廷航空公司: the model's start
            out.moved(m, *was)
    out = list(out)
    index = _span_index(spans)
    for m in out:
        _cut_left(text, m, spans, gaz, index)
    return sorted(out, key=lambda m: m.start)


def _span_index(spans: Sequence) -> tuple[list[int], list[int]]:
    """The model's spans by start (they come in text order), and for each i the largest end in ``spans[:i]``."""
    starts = [sp.start for sp in spans]
    if any(a > b for a, b in zip(starts, starts[1:])):
        raise ValueError("the entity model's spans must come in text order")
    ends_before = [-1]
    for sp in spans:
        ends_before.append(max(ends_before[-1], sp.end))
    return starts, ends_before


def _common_words(part: str) -> bool:
    """The words a name ran left over are common words (应, 荣获, 航线, 日电), no part of a name (潞|宝兴海…)."""
    pos = main_pos(part) or ""
    if pos[:2] in ("ns", "nr", "nt", "nz") or pos == "j":
        return False
    return main_frequency(part) >= 500 or all(main_frequency(c) >= 5000 for c in part)


def _cut_left(text: str, m: MentionDraft, spans: Sequence, gaz: Gazetteer, index) -> None:
    """A suffix-pattern name that ran left past its own beginning (穆萨敦促|以色列政府) starts where a model
    place or organisation inside it starts, when the model found nothing in the words before that."""
    if _curated(m) or "model" in m.source.split("+"):
        return
    starts, ends_before = index
    for sp in spans[bisect_left(starts, m.start + 1):bisect_left(starts, m.end)]:
        if sp.label == "PER" or not (m.start < sp.start and sp.end < m.end) or sp.score < OVERRIDE_SCORE:
            continue
        if ends_before[bisect_left(starts, sp.start)] > m.start:
            return  # 山西省|长治市科技局: the words before are an entity too
        if (text[sp.start - 1] in "省市县区镇乡村州国" or not _name_ok(text[sp.start:m.end])
                or not _common_words(text[m.start:sp.start][-2:])):
            return
        m.start, m.name = sp.start, text[sp.start:m.end]
        m.canonical = gaz.org_alias.get(m.name, m.name)
        m.source = joined(m.source, "model")
        return


def reconcile_places(text: str, places: list[MentionDraft], orgs: Sequence[MentionDraft], spans: Sequence,
                     gaz: Gazetteer, level_of, known: frozenset[str], title_before,
                     bounds: set[int]) -> list[MentionDraft]:
    """The rules' places with the model's LOC spans (outside organisations): confirmed, re-bounded, added.

    A place resting on a jieba tag alone that the model does not support is dropped. ``level_of(name)``
    gives a level from a place suffix.
    """
    org_spans = SpanSet((o.start, o.end) for o in orgs)
    locs = [s for s in spans if s.label == "LOC" and not org_spans.overlaps(s.start, s.end)]
    out = _Placed(places)
    supported: set[int] = set()
    one_char = [o for o in locs if len(o.text) == 1]
    one_char_ends, one_char_starts = {o.end for o in one_char}, {o.start for o in one_char}
    for sp in locs:
        over = out.overlapping(sp.start, sp.end)
        same = [m for m in over if (m.start, m.end) == (sp.start, sp.end)]
        if same:
            for m in same:
                m.source = joined(m.source, "model")
                supported.add(id(m))
            continue
        if not over:
            if (sp.score >= NEW_SCORE and _name_ok(sp.text) and not _person_position(text, sp, known, title_before)
                    and not verse_line(text, sp.start)
                    and (on_words(sp, bounds) if len(sp.text) > 1 else _abbreviation_pair(sp, one_char_ends, one_char_starts)
                         or (sp.score >= SURE_SCORE and not opens_word(text, sp.start, sp.end)))):
                out.append(_new_place(sp, gaz, level_of))
            continue
        if sp.score < OVERRIDE_SCORE or not _name_ok(sp.text):
            continue
        if any(_curated(m) and not (sp.start <= m.start and m.end <= sp.end) for m in over):
            continue  # the model cuts into a curated place
        # the model's span replaces the rule's (中美 -> 中, 美 is two places; 北京 -> 北京市)
        for m in over:
            out.remove(m)
        new = _new_place(sp, gaz, level_of)
        new.source = joined(over[0].source, "model") if len(over) == 1 else "model"
        out.append(new)
        supported.add(id(new))
    # a place found by a jieba tag alone, with no model span over it, is not a place the evidence supports
    loc_spans = SpanSet((s.start, s.end) for s in locs)
    out = [m for m in out if id(m) in supported or m.source != "jieba" or loc_spans.overlaps(m.start, m.end)]
    return sorted(out, key=lambda m: m.start)


def on_words(sp, bounds: set[int]) -> bool:
    """A span that starts and ends where the text's words do (not 生|产基地, 抗|日根据地), or a sure one."""
    return sp.score >= SURE_SCORE or (sp.start in bounds and sp.end in bounds)


def _abbreviation_pair(sp, one_char_ends: set[int], one_char_starts: set[int]) -> bool:
    """中|美, 印|巴: a one-character place (``sp``) next to another one-character place (where the
    model's one-character LOC spans end and start)."""
    return sp.start in one_char_ends or sp.end in one_char_starts


def _new_place(sp, gaz: Gazetteer, level_of) -> MentionDraft:
    canon = gaz.place_alias.get(sp.text, sp.text)
    e = gaz.places.get(canon)
    if e is not None:
        return MentionDraft("place", sp.start, sp.end, sp.text, canon, e.level, inside_changzhi=e.inside_changzhi,
                            parent=e.parent, english=e.english, source="gazetteer+model")
    level = "country" if sp.text in countries() else level_of(sp.text)
    return MentionDraft("place", sp.start, sp.end, sp.text, sp.text, level,
                        inside_changzhi=False if level == "country" else None, source="model")
