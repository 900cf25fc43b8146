"""Computed prose: sentences whose numbers, names and rankings come from the data beside them.

Why this module exists: a notebook's Markdown cells are written once, but the
corpus changes (a researcher adds an article, or runs the notebooks on a
folder of their own).  A number typed into Markdown goes stale silently; a
number rendered from the computation cannot.  So the notebooks keep only
method constants in Markdown and say everything about the corpus with
:func:`say`, and guard a sentence that must stay true with :func:`claim`.

``say(template, **values)`` formats a template written by the notebook author
(Markdown: ``**bold**``, ``*italic*``, ```code```, paragraphs and ``- `` bullet
lines) with computed values and returns a display object:

* integers get thousands separators (``1,234``), floats one decimal (give a
  format spec in the template for more: ``{share:.0%}``), lists and tuples
  become "a, b and c" (``"none"`` when empty);
* every value is treated as untrusted corpus text: it is escaped for HTML
  and for Markdown before it is put into the sentence, so a title holding
  ``<script>`` or ``[a](link)`` shows as typed;
* the object renders as HTML in the notebook and in czlib's HTML pages
  (through the output sanitiser: only ``p``, ``div`` and ``span`` are used)
  and carries the same sentence as plain text.

``claim(condition, message)`` raises :class:`ClaimFailed` with ``message``
when ``condition`` is false: an assertion cell that stops the build when the
data no longer support a sentence of the notebook.
"""
from __future__ import annotations

import html
import math
import numbers
import re
import string
from collections.abc import Iterable, Mapping

_FORMATTER = string.Formatter()


class ClaimFailed(AssertionError):
    """A sentence of a notebook is no longer supported by the data."""


def claim(condition, message: str) -> None:
    """Raise :class:`ClaimFailed` with ``message`` unless ``condition`` holds."""
    if not bool(condition):
        raise ClaimFailed(f"the data no longer support this statement: {message}")


def join_words(items: Iterable, conjunction: str = "and", empty: str = "none") -> str:
    """Return "a", "a and b", "a, b and c" (``empty`` for no items); items are formatted with :func:`fmt`."""
    words = [fmt(item) for item in items]
    if not words:
        return empty
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def fmt(value, spec: str = "") -> str:
    """Return ``value`` as text: thousands separators for integers, one decimal for floats.

    ``spec`` is a format spec (``".0%"``, ``".2f"``) that takes precedence.
    Lists, tuples and sets are joined with :func:`join_words`; None and NaN
    read as "n/a".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, (list, tuple, set, frozenset)):
        return join_words(sorted(value) if isinstance(value, (set, frozenset)) else value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec:
        return format(value, spec)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if number.is_integer() and abs(number) >= 1000:
            return f"{number:,.0f}"
        return f"{number:,.1f}"
    return str(value)


def n_of(count: int, singular: str, plural: str | None = None) -> str:
    """Return "1 document", "3 documents" (``plural`` defaults to singular + "s")."""
    count = int(count)
    word = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {word}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+\-!|<>~])")


def _escape_markdown(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


class _Value:
    """A formatted value, escaped for both renderings."""

    def __init__(self, text: str):
        self.text = text


def _fill(template: str, values: Mapping[str, object]) -> list[tuple[bool, str]]:
    """Split the template into (is_value, text) parts with every field formatted."""
    parts: list[tuple[bool, str]] = []
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if literal:
            parts.append((False, literal))
        if field is None:
            continue
        value, _ = _FORMATTER.get_field(field, (), values)
        if conversion:
            value = _FORMATTER.convert_field(value, conversion)
        parts.append((True, fmt(value, spec or "")))
    return parts


_INLINE = [(re.compile(r"\*\*(.+?)\*\*"), '<span style="font-weight: 600">{}</span>'),
           (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), '<span style="font-style: italic">{}</span>'),
           (re.compile(r"`(.+?)`"), '<span style="font-family: monospace">{}</span>')]
# Formatting marks in the author's template become these placeholders before the
# values go in, so a value can never open or close a formatting run.
_MARK = "\x00"


def _inline_html(template_text: str) -> str:
    out = html.escape(template_text, quote=False)
    for pattern, replacement in _INLINE:
        out = pattern.sub(lambda m, r=replacement: r.format(m.group(1)), out)
    return out


class Prose:
    """A computed paragraph (or several): shown as HTML, with a plain-text and a Markdown form."""

    def __init__(self, parts: list[tuple[bool, str]]):
        self._parts = parts

    @property
    def text(self) -> str:
        """The sentence as plain text (formatting marks removed from the template parts)."""
        plain = "".join(text if is_value else re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)|`", "", text)
                        for is_value, text in self._parts)
        return plain.strip()

    def _markdown_(self) -> str:
        return "".join(_escape_markdown(text) if is_value else text for is_value, text in self._parts).strip()

    def _repr_markdown_(self) -> str:
        return self._markdown_()

    def _repr_html_(self) -> str:
        # The values are replaced by numbered placeholders, the author's Markdown is
        # rendered, and the escaped values go back in: a value is never parsed as markup.
        values: list[str] = []
        template = []
        for is_value, text in self._parts:
            if is_value:
                template.append(f"{_MARK}{len(values)}{_MARK}")
                values.append(html.escape(text, quote=False))
            else:
                template.append(text.replace(_MARK, ""))
        source = "".join(template).strip()
        blocks = []
        for block in re.split(r"\n\s*\n", source):
            lines = [line.strip() for line in block.splitlines() if line.strip()]
            if not lines:
                continue
            if all(line.startswith(("- ", "* ")) for line in lines):
                for line in lines:
                    blocks.append(f'<div class="czlib-prose-item">• {_inline_html(line[2:])}</div>')
            else:
                blocks.append(f"<p>{_inline_html(' '.join(lines))}</p>")
        body = "\n".join(blocks)
        body = re.sub(f"{_MARK}(\\d+){_MARK}", lambda m: values[int(m.group(1))], body)
        return f'<div class="czlib-prose">\n{body}\n</div>'

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def say(template: str, **values) -> Prose:
    """Return ``template`` with ``values`` formatted and escaped, as a displayable paragraph.

    >>> say("The corpus holds {n} documents from {outlets}.", n=1234, outlets=["A", "B"]).text
    'The corpus holds 1,234 documents from A and B.'
    """
    return Prose(_fill(template, values))


def says(*paragraphs: Prose) -> Prose:
    """Return several :class:`Prose` paragraphs as one display object."""
    parts: list[tuple[bool, str]] = []
    for k, paragraph in enumerate(paragraphs):
        if k:
            parts.append((False, "\n\n"))
        parts.extend(paragraph._parts)
    return Prose(parts)
