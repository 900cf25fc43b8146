"""The entity model's persons under the person rules: confirmed, re-bounded, added or refused by evidence.

:func:`czlib.analysis.actors.persons.find_people` calls :func:`reconcile_people` once the rules have placed names
by their titles, speech cues and lists, and before names are spread to their other occurrences; the rules'
own tests (a title before a position, the surname list, jieba's dictionary) come in as :class:`NameRules`.
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

from ...text.segmentation.segment import main_frequency
from ...text.spans import SpanSet
from .gazetteer import role_words
from .reconcile import NEW_SCORE, OVERRIDE_SCORE, SURE_SCORE, joined, verse_line


class NameRules(NamedTuple):
    """The person rules' tests this module decides with (kept in :mod:`czlib.analysis.actors.persons`)."""

    role_at: Callable            # (text, end) -> the role word ending at ``end`` or None
    role_or_cue_at: Callable     # (text, pos) -> a role word or speech cue starts at ``pos``
    surname_len: Callable        # (name, strong) -> length of the surname ``name`` starts with, 0 if none
    dictionary_pos: Callable     # word -> jieba's part of speech, None when not a dictionary word
    stop_chars: set              # characters a name does not hold (的, 在, 说 …)
    left_chars: set              # characters a name does not follow inside a word (和, 与, 由 …)
    not_name_end: set            # characters a Chinese given name does not end with (局, 院, 馆 …)


#: A lone surname the model alone proposes (老汤说) needs this score, as a two-character name does.
LONE_SURNAME_SCORE = 0.8


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_word(s: str, min_freq: int) -> bool:
    return main_frequency(s) >= min_freq


def _model_name_ok(name: str, rules: NameRules) -> bool:
    """A model person span that can be a name: Chinese characters (and the · of 约翰·马吉), no title."""
    if not 1 <= len(name) <= 12 or name[0] in "·•" or name[-1] in "·•":
        return False
    if not all(_is_cjk(c) or c in "·•" for c in name):
        return False
    return rules.role_at(name, len(name)) is None and name not in role_words()


def _score_needed(name: str, rules: NameRules) -> float:
    """The model score at which a name the model alone proposes (no title or cue beside it) is taken.

    The plainer a name reads as common words, the surer the model must be: a Chinese name whose given
    name is a common word (黄|小米, 江|宏伟) or ends like an institution (陈|列馆) 0.9; a two-character
    name (高科, 叶挺) 0.8; a lone surname ``LONE_SURNAME_SCORE`` (展|陈 at 0.74 is a word's end; refusing
    every lone surname cost right names on People's Daily); a name running past a surname and a
    two-character given name (何梁何利基) ``OVERRIDE_SCORE``, it reads as words unless the model is
    confident; a longer name holding a common word of three or more characters (蓝宝石|晶体) never, it is a noun phrase, not a transliteration
    (内塔尼亚胡 is one dictionary word; 谢列兹尼奥夫 holds none).
    """
    if any(c in _DOTS for c in name):
        return NEW_SCORE
    sl = rules.surname_len(name, True)
    if len(name) == 1:
        return LONE_SURNAME_SCORE if sl else 2.0
    if sl and len(name) - sl == 2 and (_is_word(name[sl:], 300) or name[-1] in rules.not_name_end):
        return 0.9
    if len(name) == 2:
        return 0.8
    if len(name) >= 4 and not _is_word(name, 1) and any(
            _is_word(name[i:j], 50) for i in range(len(name)) for j in range(i + 3, len(name) + 1) if j - i < len(name)):
        return 2.0
    if sl and len(name) - sl > 2:
        return OVERRIDE_SCORE
    return NEW_SCORE


def reconcile_people(text: str, proposed: Sequence, found: dict[tuple[int, int], str], blocked: SpanSet,
                     rules: NameRules, bounds: set[int]) -> None:
    """Merge the model's persons into the rules' ``found`` spans (in place), deciding by evidence.

    A span both found keeps the rule's source with ``+model``; a span only the model found (克林顿, 叶挺,
    焦裕禄) is added as ``model`` when its score reaches what its form needs (:func:`_score_needed`), or
    ``NEW_SCORE`` in a list next to another name; one that cuts a word (``bounds``) needs a sure model
    (``SURE_SCORE``), and one opening a line of a couplet (:func:`czlib.analysis.actors.reconcile.verse_line`)
    is refused.  Where they overlap,
    the rule found the position (a title or speech cue next to the name) and a confident model span
    (``OVERRIDE_SCORE``) that shares the name's start or end decides its length (李向|阳 after 市长); a
    name resting on a jieba tag alone yields to any confident model span over it and, with no model span
    over it at all, is dropped.  Organisations and places (``blocked``) were decided before.
    """
    model = [(s.start, s.end, s.score) for s in proposed if s.label == "PER"]
    doubtful: list[tuple[int, int]] = []
    for s, e, score in sorted(model, key=lambda x: (-x[2], x[0])):
        if blocked.overlaps(s, e) or not _model_name_ok(text[s:e], rules):
            continue
        if (s, e) in found:
            found[(s, e)] = joined(found[(s, e)], "model")
            continue
        over = [sp for sp in found if sp[0] < e and s < sp[1]]
        if not over and verse_line(text, s):
            continue  # it opens a line of a couplet (林茂鸟有归，水深鱼知聚): verse, not a name
        if not over:
            needed = _score_needed(text[s:e], rules)
            if not (s in bounds and e in bounds or e - s == 1):
                needed = max(needed, SURE_SCORE)  # it cuts a word: only a sure model
            if score >= needed:
                found[(s, e)] = "model"
            elif score >= NEW_SCORE and e - s > 1 and needed <= 1:
                doubtful.append((s, e))
            continue
        if score < OVERRIDE_SCORE or e - s < 2 or any("model" in found[sp] for sp in over):
            continue  # a lone surname never cuts a name the rules found (刘|立新博士)
        if all(found[sp] == "jieba" or sp[0] == s or sp[1] == e for sp in over):
            sources = sorted({found[sp] for sp in over})
            for sp in over:
                del found[sp]
            found[(s, e)] = joined("+".join(sources), "model")
    # a doubtful name in a list next to another name (张建国、李淑芬) has the list as its evidence
    ends, starts = {e for _, e in found}, {s for s, _ in found}
    for s, e in doubtful:
        if (s - 1 in ends and text[s - 1] in "、和与") or (e + 1 in starts and text[e:e + 1] in ("、", "和", "与")):
            found[(s, e)] = "model"
    # 高科|老总|李建明: a title between a model-only "name" and a name found after it makes the first an employer
    starts = {s for s, _ in found}
    for s, e in [sp for sp, src in found.items() if src == "model"]:
        if any(e + n in starts and (r := rules.role_at(text, e + n)) is not None and r.word == text[e:e + n]
               for n in range(2, 8)):
            del found[(s, e)]
    for sp in [sp for sp, src in found.items() if src == "jieba"]:
        if not any(s < sp[1] and sp[0] < e for s, e, _ in model):
            del found[sp]
    _join_dotted(text, found, blocked, rules)


_DOTS = "·•"


def _plain_word(text: str, start: int, end: int, rules: NameRules) -> bool:
    """``text[start:end]`` is a common word that is not a name (昨天, 证人): where a transliteration stops."""
    if start < 0 or end > len(text):
        return False
    w = text[start:end]
    return _is_word(w, 100) and not (rules.dictionary_pos(w) or "").startswith("nr")


def _join_dotted(text: str, found: dict[tuple[int, int], str], blocked: SpanSet, rules: NameRules) -> None:
    """约翰·马吉, 卡洛斯·阿马多尔: a middle dot joins the parts of one foreign name (in place).

    The part beyond the dot is another name found there, else the run of characters up to a word that ends
    a name (说, 在 …), a title or a speech cue, at most five characters.
    """
    for (s, e), src in sorted(found.items()):
        if (s, e) not in found:
            continue
        end = e
        while end + 1 < len(text) and text[end] in _DOTS and _is_cjk(text[end + 1]):
            nxt = next((sp for sp in found if sp[0] == end + 1), None)
            if nxt is not None:
                stop = nxt[1]
            else:
                stop = end + 1
                while (stop < len(text) and stop - end <= 5 and _is_cjk(text[stop])
                       and text[stop] not in rules.stop_chars and not rules.role_or_cue_at(text, stop)
                       and not _plain_word(text, stop, stop + 2, rules)):
                    stop += 1
            if stop == end + 1 or blocked.overlaps(end, stop):
                break
            if nxt is not None:
                del found[nxt]
            end = stop
        start = s
        while start >= 2 and text[start - 1] in _DOTS and _is_cjk(text[start - 2]):
            q = start - 1
            while (q > 0 and start - 1 - q < 5 and _is_cjk(text[q - 1]) and text[q - 1] not in rules.left_chars
                   and rules.role_at(text, q) is None and not _plain_word(text, q - 2, q, rules)):
                q -= 1
            if q == start - 1 or blocked.overlaps(q, start):
                break
            for sp in [sp for sp in found if q <= sp[0] and sp[1] <= start - 1]:
                del found[sp]
            start = q
        if (start, end) != (s, e):
            del found[(s, e)]
            found[(start, end)] = src
