"""Personal names in a text and the roles, titles and affiliations the text gives them.

A surname plus one or two characters becomes a name by its position, not by a
word list: after a role or title (市委副书记、市长X, 院长X), before a title that
follows names (X教授, X院士), before a speech cue (X表示, X说), with an honorific
(X同志, X先生, X女士), in a credit (编辑:X), right after an organisation in a list
of people (…有限公司X、…学院Y), or in a list of names that follows any of these
(市领导A、B、C). In a name position a given name that is also a common word is
accepted (张国庆, 李和平, 陈文明); only a candidate that jieba's dictionary knows as
another kind of word (强调, 高度, 王牌) is not.  jieba's ``nr`` tag and the surname
list are evidence outside name positions.  The role or title around the name and
the organisation it belongs to (the organisation mention ending just before the
title) are attached.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Iterable, Sequence


from ...text.names import surnames
from ...text.segmentation.segment import Token, main_frequency
from ...text.spans import SpanSet
from .gazetteer import Gazetteer, ORG_TYPE_ROLE, RoleWord, role_words
from .gazetteer import is_cjk, RISKY_SURNAMES, regexes  # noqa: F401
from .organisations import MentionDraft, is_word
from .person_model import NameRules, reconcile_people
from ..voice.speech import speech_cues

# ---- people ------------------------------------------------------------------------------

# characters that do not end a personal name / that a name is not glued to
_NAME_STOP_CHARS = set("一在是的了和与等也已将对为从就到于以向把被们个年月日者地得着过都还又并及或而说表介指这那每各该其"
                       "此所之里中上下后前说称讲谈问答曾")
# characters that often follow a name (adverbs, verbs): 黄惠川|正通过, 李晋闽|选择
_AFTER_NAME_CHARS = set("正带作先再便才曾已将也都还又参出主分来同担致代认告强希要提就均所被让经以深亲领率获荣感称坚现任则去更"
                        "选只已与")
_LEFT_BOUNDARY_CHARS = set("和与及的是由在对向将把被让为经等了从跟同给即有请向称")
_SPEECH_CUES = speech_cues()  # czlib/data/speech_verbs.csv, longest first
#: Honorifics after a name (李和平同志, 李娜女士); they give no role.
_HONORIFICS = ("同志", "先生", "女士", "老师", "师傅")
#: Characters a given name never holds even in a name position (function words; 和, 日, 中 … do occur: 张和平).
_POSITION_STOP_CHARS = set("在是的了等也已将对从就到于向把被们者地得着过都还又并及或而这那每各该其此所之说表介指称讲谈问答曾里")
#: Characters a given name does not end with: the suffixes of organisations (农村局长 is no 农村局).
_NOT_NAME_END = set("局厅委办部处科室所院校司厂站队组会社馆")
#: What may follow a name inside a list of names (、 and 和 between names; 等 or a verb after the last).
_LIST_SEPARATORS = ("、", "和", "与", "及")


def _role_at(text: str, end: int) -> RoleWord | None:
    """The longest role word ending exactly at ``end``."""
    rw = role_words()
    for n in range(min(7, end), 1, -1):
        w = text[end - n:end]
        if w in rw:
            return rw[w]
    return None


def title_before(text: str, pos: int) -> bool:
    """Whether a role word or title ends at ``pos`` (院长|X, 本报记者 X): a name position."""
    while pos > 0 and text[pos - 1] in " \u3000":
        pos -= 1
    return _role_at(text, pos) is not None


def _starts_with_role_or_cue(text: str, pos: int) -> bool:
    rest = text[pos:pos + 6]
    return any(rest.startswith(w) for w in role_words()) or any(rest.startswith(c) for c in _SPEECH_CUES)


def surname_len(s: str, strong: bool) -> int:
    single, compound = surnames()
    if s[:2] in compound:
        return 2
    if s[:1] in single and (strong or s[:1] not in RISKY_SURNAMES):
        return 1
    return 0


def dictionary_pos(word: str) -> str | None:
    """jieba's part-of-speech tag of a dictionary word, None when it is not in the dictionary."""
    from ...text.segmentation.segment import main_pos

    return main_pos(word)


_NAME_RULES = NameRules(_role_at, _starts_with_role_or_cue, surname_len, dictionary_pos, _NAME_STOP_CHARS,
                        _LEFT_BOUNDARY_CHARS, _NOT_NAME_END)


def _valid_name(name: str, strong: bool, known: set[str], position: bool = False) -> bool:
    """Whether ``name`` reads as a personal name.

    In a name ``position`` (after a title, before a speech cue, in a list of
    names …) the given name may be a common word (张国庆, 李和平); the candidate
    is refused only when jieba's dictionary has it as a word of another kind
    (强调 v, 高度 n).  Elsewhere a candidate that is a common word, or whose
    given name is a very common word, is refused as before.
    """
    if name in known:
        return True
    if not (2 <= len(name) <= 4) or not all(is_cjk(c) for c in name):
        return False
    sl = surname_len(name, strong)
    if not sl or len(name) - sl not in (1, 2):
        return False
    given = name[sl:]
    if sl == 1 and name[0] in RISKY_SURNAMES and len(given) < 2:
        return False
    if any(c in (_POSITION_STOP_CHARS if position else _NAME_STOP_CHARS) for c in given) or given[-1] in _NOT_NAME_END:
        return False
    role = regexes()["role"].match(given)
    if role and len(role.group()) >= 2:
        return False  # 书记和市长: 和 + a title is no name
    if position:
        pos = dictionary_pos(name)
        return pos is None or pos.startswith("nr") or main_frequency(name) < 3
    if is_word(name) or (len(given) == 2 and is_word(given, 3000)):
        return False
    return True


def _right_ok(text: str, pos: int, boundaries: set[int]) -> bool:
    """The text at ``pos`` can follow a personal name."""
    if pos >= len(text) or pos in boundaries:
        return True
    ch = text[pos]
    if not is_cjk(ch) or ch in _NAME_STOP_CHARS or ch in _AFTER_NAME_CHARS:
        return True
    if _starts_with_role_or_cue(text, pos) or text.startswith(_HONORIFICS, pos):
        return True
    return is_word(text[pos:pos + 2], 20) or (pos + 3 <= len(text) and is_word(text[pos:pos + 3], 20))


def _left_ok(text: str, pos: int, boundaries: set[int]) -> bool:
    """The text before ``pos`` can precede a personal name."""
    if pos <= 0 or pos in boundaries:
        return True
    ch = text[pos - 1]
    if not is_cjk(ch) or ch in _LEFT_BOUNDARY_CHARS:
        return True
    if _role_at(text, pos) is not None:
        return True
    return (pos >= 2 and is_word(text[pos - 2:pos], 20)) or (pos >= 3 and is_word(text[pos - 3:pos], 20))


def _name_from_left(text: str, q: int, boundaries: set[int], known: set[str], strong: bool,
                    position: bool = True) -> tuple[int, int] | None:
    """A name starting at ``q`` (after a title, a list separator, an organisation): choose its length."""
    for name in sorted((k for k in known if text.startswith(k, q)), key=len, reverse=True):
        return q, q + len(name)
    sl = surname_len(text[q:q + 2], strong)
    if not sl or regexes()["role"].match(text, q):
        return None  # 武汉大学|党委副书记: a title starts here, not a name
    long_, short = q + sl + 2, q + sl + 1
    cand_long = text[q:long_]
    # the long reading loses when its last character starts a word with what follows (陶玉|手脚),
    # unless jieba knows the long reading as a name (刘卫东)
    glued = long_ < len(text) and is_word(text[long_ - 1:long_ + 1], 50)
    if (long_ <= len(text) and _valid_name(cand_long, strong, known, position)
            and _right_ok(text, long_, boundaries)
            and (not glued or (dictionary_pos(cand_long) or "").startswith("nr"))):
        return q, long_
    if (short <= len(text) and _valid_name(text[q:short], strong, known, position)
            and _right_ok(text, short, boundaries)):
        return q, short
    return None


def _name_from_right(text: str, p: int, boundaries: set[int], known: set[str], strong: bool,
                     starts: set[int] | None = None) -> tuple[int, int] | None:
    """A name ending at ``p`` (before a title or a speech cue): choose its length.

    With ``starts`` (the token starts of the text) the name must begin where a
    token begins: 相关|专家表示 has no name 关专家.
    """
    for name in sorted((k for k in known if text.endswith(k, 0, p)), key=len, reverse=True):
        return p - len(name), p
    for n in (3, 4, 2):
        s = p - n
        if s < 0:
            continue
        cand = text[s:p]
        if n == 4 and cand[:2] not in surnames()[1]:
            continue
        if starts is not None and s not in starts and s not in boundaries:
            continue
        if n == 3 and cand[0] in _LEFT_BOUNDARY_CHARS and surname_len(cand[1:], False):
            continue  # 由李娜女士: 由 is the preposition, 李娜 the name
        if _valid_name(cand, strong, known, position=True) and _left_ok(text, s, boundaries):
            return s, p
    return None


_CREDIT_RE = re.compile(r"(?:文字|撰文|文|图片|图|摄影|编辑|责编|责任编辑)\s*[/:]\s*(?:本报)?(?:记者|通讯员)?\s*")


def find_people(text: str, gaz: Gazetteer, toks: Sequence[Token], orgs: list[MentionDraft], places: list[MentionDraft],
                known_names: Iterable[str] = (), proposed: Sequence | None = None) -> list[MentionDraft]:
    """Personal-name mentions with role, role type and affiliation where the text gives them next to the name.

    ``proposed``: the entity model's spans (:func:`czlib.analysis.actors.ner.entity_spans`), or None to run the
    rules alone; how its persons and the rules' are reconciled: :func:`czlib.analysis.actors.person_model.reconcile_people`.
    """
    blocked = SpanSet((m.start, m.end) for m in orgs + places)
    org_index, place_index = _EndIndex(orgs), _EndIndex(places)
    known = set(known_names) | set(gaz.people)
    boundaries = {m.end for m in orgs + places} | {m.start for m in orgs + places}
    role_spans = []
    for m in regexes()["role"].finditer(text):
        if not blocked.overlaps(m.start(), m.end()):
            role_spans.append((m.start(), m.end(), m.group()))
            boundaries |= {m.start(), m.end()}
    found: dict[tuple[int, int], str] = {}
    found_spans = SpanSet()

    def add(span: tuple[int, int] | None, source: str) -> None:
        if span is None or span in found or blocked.overlaps(span[0], span[1]):
            return
        if found_spans.overlaps(span[0], span[1]):
            return
        found[span] = source
        found_spans.add(span[0], span[1])

    rw = role_words()
    starts = {t.start for t in toks}
    ends = {t.end for t in toks}
    # 1. title before the name: 院长周明凯, 本报记者 李茹, 操作工陶玉
    for r0, r1, word in role_spans:
        q = r1
        while q < len(text) and text[q] in " \u3000" and q - r1 < 2:
            q += 1
        add(_name_from_left(text, q, boundaries, known, strong=True), "pattern")
    # 2. title after the name: 周明凯教授, 朱有勇院士, 习近平总书记
    for r0, r1, word in role_spans:
        if rw[word].after:
            add(_name_from_right(text, r0, boundaries, known, strong=True, starts=starts), "pattern")
    # 3. speech cue or honorific after the name: 徐霞表示, 李晋闽说, 李和平同志, 李娜女士
    for cue in _SPEECH_CUES:
        for m in re.finditer(re.escape(cue), text):
            add(_name_from_right(text, m.start(), boundaries, known, strong=False, starts=starts), "pattern")
    for word in _HONORIFICS:
        for m in re.finditer(re.escape(word), text):
            add(_name_from_right(text, m.start(), boundaries, known, strong=True, starts=starts), "pattern")
    # 4. credits: 文字/王晶晶, 编辑: 李倩
    for m in _CREDIT_RE.finditer(text):
        add(_name_from_left(text, m.end(), boundaries, known, strong=True), "pattern")
    # 4b. a name right after an organisation, in a list of people: …有限公司罗明坤、长治医学院谭铮
    for o in orgs:
        span = _name_from_left(text, o.end, boundaries, known, strong=False)
        if span is None or (span[1] not in ends and span[1] not in boundaries):
            continue
        head = text[span[0]:span[0] + 2]  # 产业园|项目总投资: 项目 is a word, 项目总 no name
        if span[1] - span[0] == 3 and not (dictionary_pos(head) or "nr").startswith("nr") and is_word(head, 500):
            continue
        if _list_end_ok(text, span[1]) or text[o.start - 1:o.start] in _LIST_SEPARATORS:
            add(span, "pattern")
    # 5. jieba person-name tokens (not glued to another name token)
    for i, t in enumerate(toks):
        if t.pos != "nr" or len(t.word) != 3:  # two-character nr tokens are mostly noise (林草)
            continue
        prev_nr = i > 0 and toks[i - 1].pos.startswith("nr")
        next_nr = i + 1 < len(toks) and toks[i + 1].pos.startswith("nr")
        if prev_nr or next_nr:
            continue
        if is_word(t.word, 1) and t.word not in known:
            continue  # 连翘, 高精尖: dictionary words that jieba happens to tag nr
        if (_valid_name(t.word, strong=False, known=known) and _left_ok(text, t.start, boundaries)
                and _right_ok(text, t.end, boundaries)):
            add((t.start, t.end), "jieba")
    # 5b. the entity model's persons, reconciled with the rules' (source pattern+model, model ...)
    if proposed is not None:
        reconcile_people(text, proposed, found, blocked, _NAME_RULES, starts | ends)
        found_spans = SpanSet(found)  # noqa: F841 (read by add through the closure)

    # 6. every other occurrence of a name already found (or known) is a mention too
    def propagate() -> None:
        # a name only the model proposed is not spread: the model tags each occurrence on its own evidence
        names = {text[s:e] for (s, e), src in found.items() if src != "model"} | {k for k in known if k in text}
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                span = (m.start(), m.end())
                if span in found:
                    continue
                # a longer name must not continue past this one (高鹏 in 高鹏飞)
                nxt = text[span[1]:span[1] + 1]
                if name not in known and is_cjk(nxt) and not _right_ok(text, span[1], boundaries):
                    continue
                add(span, "gazetteer" if name in gaz.people else "propagated")

    propagate()
    # 7. the rest of a list of names: 市领导孙大军、杨勤荣、郭康锋 …, 副总经理肖亚宁、刘斌、黄巍
    grown = True
    while grown:
        grown = False
        for s0, e0 in sorted(found):
            if text[e0:e0 + 1] not in _LIST_SEPARATORS:
                continue
            span = _name_from_left(text, e0 + 1, boundaries, known, strong=True)
            if span is not None and span not in found and _list_end_ok(text, span[1]):
                before = len(found)
                add(span, "pattern")
                grown = grown or len(found) > before
    propagate()

    mentions = []
    for (s, e), source in sorted(found.items()):
        name = text[s:e]
        m = MentionDraft("person", s, e, name, name, source=source, english=gaz.people[name].english
                    if name in gaz.people else "")
        _attach_role(m, text, org_index, place_index, role_spans)
        mentions.append(m)
    _attach_appointments(mentions, text, org_index)
    return mentions


class _EndIndex:
    """Organisation or place mentions (sorted by start, non-overlapping) looked up by position in O(log n)."""

    def __init__(self, mentions: Sequence[MentionDraft]):
        self.items = list(mentions)
        self.starts = [m.start for m in self.items]
        self.ends = [m.end for m in self.items]
        self.by_end: dict[int, MentionDraft] = {}
        for m in self.items:
            self.by_end.setdefault(m.end, m)

    def ending_at(self, pos: int) -> MentionDraft | None:
        return self.by_end.get(pos)

    def ending_before_space(self, pos: int, text: str) -> MentionDraft | None:
        """The mention ending at ``pos`` or before it with only white space between."""
        w = pos
        while w > 0 and text[w - 1].isspace():
            w -= 1
        for end in range(w, pos + 1):
            if end in self.by_end:
                return self.by_end[end]
        return None

    def ending_by(self, before: int) -> Iterable[MentionDraft]:
        """Mentions ending at or before ``before``, nearest first."""
        return reversed(self.items[:bisect_right(self.ends, before)])

    def inside(self, lo: int, hi: int) -> list[MentionDraft]:
        """Mentions within ``[lo, hi)``, in text order."""
        return [m for m in self.items[bisect_left(self.starts, lo):bisect_left(self.starts, hi)] if m.end <= hi]


def _list_end_ok(text: str, pos: int) -> bool:
    """What follows a name in a list: another separator, punctuation, 等, or a verb phrase of the sentence."""
    if pos >= len(text):
        return True
    rest = text[pos:pos + 4]
    if not is_cjk(rest[0]) or rest[0] in "、和与及等在出参共分均同也都" or rest.startswith(_HONORIFICS):
        return True
    if _starts_with_role_or_cue(text, pos):
        return True
    # the predicate of the sentence after the last name: 陪同, 出席, 荣获 …
    return any((dictionary_pos(text[pos:pos + n]) or "x")[0] in "vpdc" for n in (2, 3) if pos + n <= len(text))




def _org_ending_at(orgs: _EndIndex, pos: int, text: str) -> MentionDraft | None:
    return orgs.ending_before_space(pos, text)


def _place_ending_at(places: _EndIndex, pos: int) -> MentionDraft | None:
    return places.ending_at(pos)


_UNIT_STOP = set(",。;:、!?“”\"()《》\n 的和与及在对向为是了将把被让从") | {"\u3000"}
_COREF_UNITS = {"集团": "enterprise", "公司": "enterprise", "企业": "enterprise", "学院": None, "医院": "hospital",
                "学校": "school"}


def _attach_role(m: MentionDraft, text: str, orgs: _EndIndex, places: _EndIndex,
                 role_spans: list[tuple[int, int, str]]) -> None:
    """Read the title chain left of the name (and a title right after it) into role, role type, affiliation."""
    rw = role_words()
    pos = m.start
    while pos > 0 and text[pos - 1] in " \u3000\n" and m.start - pos < 2:
        pos -= 1
    parts: list[tuple[str, RoleWord | None, MentionDraft | None]] = []  # (text, role word, org)
    chain_start = None
    while pos > 0:
        r = _role_at(text, pos)
        if r is None:
            o = _org_ending_at(orgs, pos, text)
            if o is not None and not parts:  # 清华大学张建胜教授
                parts.append((o.name, None, o))
                chain_start = o.start
            break
        t0 = pos - len(r.word)
        # words between an organisation and the title (科技中心主任, 集团环保部门负责人)
        u = t0
        while u > 0 and t0 - u < 8 and text[u - 1] not in _UNIT_STOP and is_cjk(text[u - 1]) \
                and _org_ending_at(orgs, u, text) is None and _place_ending_at(places, u) is None \
                and _role_at(text, u) is None:
            u -= 1
        unit = text[u:t0]
        o = _org_ending_at(orgs, u, text)
        p = _place_ending_at(places, u)
        start = o.start if o is not None else (p.start if p is not None else u)
        if o is None and unit:
            o = _coref_org(unit, orgs, m.start)
        parts.append((text[start:pos].strip(), r, o))
        chain_start = start
        pos = start
        if pos > 0 and text[pos - 1] in "、兼":
            pos -= 1
            continue
        break
    parts.reverse()
    after = None
    for n in range(4, 1, -1):
        w = text[m.end:m.end + n]
        if w in rw and rw[w].after:
            after = rw[w]
            break
    if not parts:
        zuowei = _zuowei_role(text, m.start, orgs)
        if zuowei is not None:
            parts = [zuowei]
    role = "、".join(t for t, _, _ in parts if t)
    if after is not None:
        joiner = "、" if parts and parts[-1][1] is not None else ""
        role = role + joiner + after.word if role else after.word
    m.role = role
    orgs_in_role = [o for _, _, o in parts if o is not None]
    m.affiliations = "; ".join(dict.fromkeys(o.canonical for o in orgs_in_role))
    m.affiliation = orgs_in_role[-1].canonical if orgs_in_role else ""
    # role type: the first title of the chain (a generic title takes it from its organisation)
    role_type = ""
    for _, r, o in parts + ([("", after, orgs_in_role[-1] if orgs_in_role else None)] if after else []):
        if r is None:
            continue
        if r.generic and o is not None and o.type in ORG_TYPE_ROLE:
            role_type = ORG_TYPE_ROLE[o.type]
        elif r.word in _QUALIFICATIONS and o is not None and o.type in _EDUCATION_TYPES:
            role_type = ORG_TYPE_ROLE[o.type]  # 技师学院高级技师: a skill grade held by a teacher
        else:
            role_type = r.role_type
        break
    if role_type in _STUDENT_TYPES and parts and parts[0][1] is not None and parts[0][1].word in _STUDENT_TITLES:
        cs = chain_start if chain_start is not None else m.start
        cohort = _cohort_before(text, cs, m.start)
        if cohort is not None:  # 武汉理工大学2020届…硕士研究生: the class of 2020, a graduate
            role_type = "graduate"
            role = text[cohort:cs] + role
            m.role = role
    m.role_type = role_type
    m.type = role_type
    m.role_types = role_type


#: Skill grades (职业技能等级) that name a worker in a firm but a teacher at a school or college.
_QUALIFICATIONS = {"技师", "高级技师", "技工", "高级技工", "预备技师"}
_EDUCATION_TYPES = {"school", "university"}
#: Titles of students; with a graduating class before them (2020届) they name a graduate.
_STUDENT_TITLES = {"硕士研究生", "博士研究生", "研究生", "本科生", "学生", "毕业生"}
_STUDENT_TYPES = {"academic_expert", ""}
_COHORT_RE = re.compile(r"(?:19|20)\d{2}\s*届")


def _cohort_before(text: str, pos: int, name_start: int) -> int | None:
    """Start of the list item holding a graduating class (2020届) before the name, from the title chain at
    ``pos`` leftwards; None if there is none."""
    lo = pos
    while lo > 0 and text[lo - 1] not in ",。;:!?、\n" and pos - lo < 30:
        lo -= 1
    return lo if _COHORT_RE.search(text, lo, name_start) else None


#: 一个担任X,一个担任Y after two names: the roles are given to the people in the order they were named.
_ONE_EACH_RE = re.compile(r"一(?:个|位|人|名)(?:担任|出任)([^,。;!?\n]{2,30})")
_TAKES_OFFICE = ("担任", "出任", "兼任")


def _appointed_role(text: str, lo: int, hi: int, orgs: _EndIndex) -> tuple[str, str, MentionDraft | None] | None:
    """(role, role type, organisation) of the longest title chain in ``text[lo:hi]`` that ends in a role word."""
    for end in range(hi, lo + 1, -1):
        r = _role_at(text, end)
        if r is None:
            continue
        in_span = orgs.inside(lo, end)
        o = in_span[-1] if in_span else None
        role_type = ORG_TYPE_ROLE[o.type] if r.generic and o is not None and o.type in ORG_TYPE_ROLE else r.role_type
        return text[lo:end], role_type, o
    return None


def _add_role(m: MentionDraft, found: tuple[str, str, MentionDraft | None]) -> None:
    role, role_type, o = found
    if role in m.role:
        return
    m.role = "; ".join(filter(None, [m.role, role]))
    m.role_types = "; ".join(dict.fromkeys(filter(None, m.role_types.split("; ") + [role_type])))
    if not m.role_type:
        m.role_type = m.type = role_type
    if o is not None:
        m.affiliations = "; ".join(dict.fromkeys(filter(None, m.affiliations.split("; ") + [o.canonical])))
        m.affiliation = m.affiliation or o.canonical


def _attach_appointments(mentions: list[MentionDraft], text: str, orgs: _EndIndex) -> None:
    """Offices the text gives a person after the name: X担任Y, and A、B……一个担任Y,一个担任Z (in order).

    A person who is a professor and also holds a post (石军太 … 挂职 … 副局长) keeps both roles.
    """
    rw = role_words()
    for m in mentions:
        pos = m.end
        after = next((text[pos:pos + n] for n in (4, 3, 2) if text[pos:pos + n] in rw and rw[text[pos:pos + n]].after), "")
        pos += len(after)
        pos += text.startswith("现", pos)
        office = next((w for w in _TAKES_OFFICE if text.startswith(w, pos)), None)
        if office is None:
            continue
        lo = pos + len(office)
        hi = lo
        while hi < len(text) and text[hi] not in ",。;!?\n" and hi - lo < 30:
            hi += 1
        found = _appointed_role(text, lo, hi, orgs)
        if found is not None:
            _add_role(m, found)
    for sent in re.finditer(r"[^。!?\n]+", text):
        clauses = list(_ONE_EACH_RE.finditer(text, sent.start(), sent.end()))
        if len(clauses) < 2:
            continue
        named: dict[str, MentionDraft] = {}
        for m in mentions:
            if sent.start() <= m.start < clauses[0].start():
                named.setdefault(m.name, m)
        if len(named) != len(clauses):
            continue
        for m, clause in zip(named.values(), clauses):
            found = _appointed_role(text, clause.start(1), clause.end(1), orgs)
            if found is not None:
                _add_role(m, found)


def _zuowei_role(text: str, name_start: int, orgs: _EndIndex) -> tuple[str, RoleWord, MentionDraft | None] | None:
    """作为山西日盛达……的总经理兼技术总监,……的曹华: the 作为-clause of the sentence describes the person."""
    lo = name_start
    while lo > 0 and text[lo - 1] not in "。!?\n" and name_start - lo < 80:
        lo -= 1
    i = text.rfind("作为", lo, name_start)
    if i < 0:
        return None
    comma = text.find(",", i, name_start)
    if comma < 0 or name_start - comma > 25:
        return None
    seg = text[i + 2:comma]
    r = _role_at(seg, len(seg))
    if r is None:
        return None
    in_seg = orgs.inside(i + 2, comma)
    return seg, r, (in_seg[-1] if in_seg else None)


def _coref_org(unit: str, orgs: _EndIndex, before: int) -> MentionDraft | None:
    """集团/公司/学院 ... at the start of a unit refer back to the nearest such organisation."""
    for word, otype in _COREF_UNITS.items():
        if unit.startswith(word):
            for o in orgs.ending_by(before):
                if o.name.endswith(word) or (otype is not None and o.type == otype):
                    return o
    return None


