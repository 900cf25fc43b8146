"""A regular expression for a list of words that finds, where several start, the longest one.

Why: ``"|".join(words sorted longest first)`` is the plain way to find listed names in a text, but
Python's ``re`` tries every alternative at every position, so a list of a few thousand names (the
places of a whole country) costs milliseconds per article.  :func:`word_regex` writes the same
words as a trie (长治市|长治|长子县 -> 长(?:治市?|子县)), which ``re`` scans by its first characters.

It matches exactly what the longest-first alternation matches: at each position the longest listed
word that starts there (a word that is the start of a longer one is an optional tail of it, and
``?`` is greedy), and ``finditer``/``search``/``match`` move on from position to position as before.
"""
from __future__ import annotations

import re
from typing import Iterable

__all__ = ["word_regex"]

_END = ""  # key of the end-of-word mark in a trie node (no word holds an empty character)


def word_regex(words: Iterable[str]) -> re.Pattern | None:
    """The compiled trie of ``words`` (None for no words); same matches as their longest-first alternation."""
    words = set(words)
    if not words:
        return None
    if _END in words:  # the empty word matches everywhere: keep the plain alternation's behaviour
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = True
    children = [(ch, _pattern(child)) for ch, child in sorted(root.items())]
    if len(children) <= _FANOUT:
        return re.compile(_branches(children))
    # Many first characters: one character class (re skips the positions it rejects without entering the
    # pattern), then a binary search for the character just read, each half behind a look-behind.
    firsts = "".join(re.escape(ch) for ch, _ in children)
    return re.compile(f"[{firsts}]" + _dispatch(children))


def _pattern(node: dict) -> str:
    """The pattern of the words below ``node``: its children in order, optional when a word ends here."""
    children = [(ch, _pattern(child)) for ch, child in sorted(node.items()) if ch != _END]
    if not children:
        return ""
    if _END not in node:
        return _branches(children)
    if len(children) == 1 and not children[0][1]:
        return re.escape(children[0][0]) + "?"  # one more character, optional (长治市?)
    return _branches(children, group=True) + "?"


#: Up to this many alternatives are tried one after the other; more are split in halves.
_FANOUT = 8


def _branches(children: list[tuple[str, str]], group: bool = False) -> str:
    """Alternatives for sorted (next character, rest) pairs; halves behind a look-ahead when there are many."""
    if len(children) > _FANOUT:
        half = len(children) // 2
        lo, hi = re.escape(children[0][0]), re.escape(children[half - 1][0])
        return f"(?:(?=[{lo}-{hi}]){_branches(children[:half], True)}|{_branches(children[half:], True)})"
    body = "|".join(re.escape(ch) + rest for ch, rest in children)
    return "(?:" + body + ")" if group or len(children) > 1 else body


def _dispatch(children: list[tuple[str, str]]) -> str:
    """The rests for sorted (character just read, rest) pairs, chosen by a binary search on that character."""
    if len(children) > _FANOUT:
        half = len(children) // 2
        lo, hi = re.escape(children[0][0]), re.escape(children[half - 1][0])
        return f"(?:(?<=[{lo}-{hi}]){_dispatch(children[:half])}|{_dispatch(children[half:])})"
    return "(?:" + "|".join(f"(?<={re.escape(ch)}){rest}" for ch, rest in children) + ")"
