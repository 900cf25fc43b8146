"""Curated files a person edits by hand: the error they raise, and the user dictionary's line check.

The curation files (``corpus/curation/userdict.txt``, ``overrides.toml``,
``gazetteer_*.csv``) are written by a person, so a bad line is a normal event:
it is reported with the file and line number and what the line should look
like, never as a traceback.  :func:`userdict_problems` reports every bad line
of a user dictionary at once (``czlib check``); the segmenter, which reads the
same file, stops at the first with :class:`CurationFileError`.
"""
from __future__ import annotations

import re
from pathlib import Path

# jieba's user-dictionary line format (jieba.re_userdict): word [freq] [tag].
USERDICT_LINE = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")


class CurationFileError(ValueError):
    """A curated file (user dictionary, overrides, gazetteer) with a bad line; the message names file and line."""


def userdict_line_problem(line: str) -> str | None:
    """Why one (stripped, non-empty) user-dictionary line is not ``word [freq] [tag]``, or None."""
    word, _, _ = USERDICT_LINE.match(line).groups()
    if " " in word or "\t" in word:
        return (f"{line!r} is not 'word [freq] [tag]' "
                "(words cannot contain spaces; tags are lower-case letters)")
    return None


def userdict_problems(path: Path | str) -> list[str]:
    """Every bad line of a jieba-format user dictionary, as 'FILE, line N: problem'; [] when sound or absent."""
    path = Path(path)
    if not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        return [f"{path}: user dictionary must be UTF-8 (byte offset {exc.start} is not); re-save it as UTF-8"]
    except OSError as exc:
        return [f"{path}: cannot be read: {exc.strerror or exc}"]
    problems = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and (problem := userdict_line_problem(line)):
            problems.append(f"{path}, line {lineno}: {problem}")
    return problems
