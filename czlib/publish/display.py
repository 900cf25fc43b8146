"""Show corpus text in notebooks as text, never as markup.

Corpus text is scraped from the web: an article may contain ``<script>``,
HTML tags or Markdown links.  Jupyter renders an output's ``text/html`` and
``text/markdown`` representations as markup, so a careless display of an
article could run a script or show a live link in a notebook and in the
shared HTML pages.  These helpers give notebook authors displays whose HTML
is escaped cell by cell (pandas' own ``DataFrame`` display escapes too, but
``DataFrame.style`` does not, and ``IPython.display.Markdown``/``HTML`` never
do).  The HTML export (:mod:`czlib.publish.build.html`) sanitises every output again as a
second line of defence.

Typical use in a notebook::

    from czlib import show_table, show_text
    show_table(articles[["doc_id", "title", "kind"]])
    show_text(articles.loc[0, "text"][:300])
"""
from __future__ import annotations

import html
import textwrap

import pandas as pd

DEFAULT_MAX_ROWS = 60
DEFAULT_MAX_COLWIDTH = 120


class EscapedTable:
    """A table whose HTML display escapes every header and cell.

    Jupyter calls ``_repr_html_`` for the rich display and ``__repr__`` for
    the plain-text one; both show the cell text literally.
    """

    def __init__(self, frame: pd.DataFrame, max_rows: int = DEFAULT_MAX_ROWS,
                 max_colwidth: int | None = DEFAULT_MAX_COLWIDTH, caption: str | None = None):
        self.frame = frame
        self.max_rows = max_rows
        self.max_colwidth = max_colwidth
        self.caption = caption

    def _shown(self) -> pd.DataFrame:
        frame = self.frame
        if self.max_rows is not None and len(frame) > self.max_rows:
            frame = frame.head(self.max_rows)
        return frame

    def _repr_html_(self) -> str:
        """Return the table as HTML with every header and cell escaped."""
        frame = self._shown()
        with pd.option_context("display.max_colwidth", self.max_colwidth):
            table = frame.to_html(escape=True, render_links=False, border=0,
                                  classes=["dataframe", "czlib-table"], na_rep="")
        parts = [table]
        if self.caption:
            parts.insert(0, f"<p class=\"czlib-caption\">{html.escape(self.caption)}</p>")
        hidden = len(self.frame) - len(frame)
        if hidden > 0:
            parts.append(f"<p class=\"czlib-note\">{len(frame)} of {len(self.frame)} rows shown.</p>")
        return "\n".join(parts)

    def __repr__(self) -> str:
        frame = self._shown()
        with pd.option_context("display.max_colwidth", self.max_colwidth,
                               "display.width", 200):
            text = frame.to_string()
        if self.caption:
            text = f"{self.caption}\n{text}"
        hidden = len(self.frame) - len(frame)
        if hidden > 0:
            text += f"\n({len(frame)} of {len(self.frame)} rows shown)"
        return text


class PlainText:
    """Text that Jupyter shows only as plain text (no HTML or Markdown representation)."""

    def __init__(self, text: str, width: int | None = None):
        self.text = text
        self.width = width

    def __repr__(self) -> str:
        if not self.width:
            return self.text
        return "\n".join(textwrap.fill(line, self.width) if line else ""
                         for line in self.text.split("\n"))


def show_table(table: pd.DataFrame | pd.Series, *, max_rows: int = DEFAULT_MAX_ROWS,
               max_colwidth: int | None = DEFAULT_MAX_COLWIDTH,
               caption: str | None = None) -> EscapedTable:
    """Return a display object for ``table`` whose HTML escapes every cell.

    Use it as the last expression of a cell (or pass it to ``display``).
    A Series is shown as a one-column table.  At most ``max_rows`` rows are
    shown (a note says how many were left out); cells longer than
    ``max_colwidth`` characters are cut with "...".
    """
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"show_table expects a pandas DataFrame or Series, got {type(table).__name__}")
    return EscapedTable(table, max_rows=max_rows, max_colwidth=max_colwidth, caption=caption)


def show_text(text: str, *, width: int | None = None) -> PlainText:
    """Return a display object that shows ``text`` verbatim as plain text.

    Markup in ``text`` (HTML tags, Markdown links) is shown as typed, never
    interpreted.  ``width`` wraps long lines at that many characters.
    """
    if not isinstance(text, str):
        raise TypeError(f"show_text expects a str, got {type(text).__name__}")
    return PlainText(text, width=width)


def _one_line(text: str) -> str:
    """Context on one line: line breaks and runs of white space shown as one space."""
    return " ".join(str(text).split()) if isinstance(text, str) else ""


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


class ConcordanceView:
    """A concordance shown aligned on the match: left context right-aligned, match, right context.

    Every cell is escaped (corpus text is never markup); the other columns
    (doc_id, article_id, start, end and any the caller added) follow.
    """

    def __init__(self, frame: pd.DataFrame, max_rows: int = DEFAULT_MAX_ROWS, caption: str | None = None):
        self.frame = frame
        self.max_rows = max_rows
        self.caption = caption

    def _shown(self) -> pd.DataFrame:
        frame = self.frame
        return frame.head(self.max_rows) if self.max_rows is not None else frame

    def _extra(self) -> list[str]:
        return [c for c in self.frame.columns if c not in ("left", "match", "right")]

    def _repr_html_(self) -> str:
        frame, extra = self._shown(), self._extra()
        esc = html.escape
        head = "".join(f"<th>{esc(str(c))}</th>" for c in extra)
        rows = []
        for _, r in frame.iterrows():
            cells = "".join(f"<td>{esc(str(r[c]))}</td>" for c in extra)
            rows.append(f'<tr>{cells}<td style="text-align: right; white-space: nowrap">{esc(_one_line(r["left"]))}'
                        f'</td><td style="text-align: center; white-space: nowrap; font-weight: bold">{esc(_one_line(r["match"]))}'
                        f'</td><td style="text-align: left; white-space: nowrap">{esc(_one_line(r["right"]))}</td></tr>')
        parts = [f'<table class="dataframe czlib-table czlib-concordance" border="0"><thead><tr>{head}'
                 f'<th style="text-align: right">left</th><th>match</th><th style="text-align: left">right</th>'
                 f'</tr></thead><tbody>{"".join(rows)}</tbody></table>']
        if self.caption:
            parts.insert(0, f'<p class="czlib-caption">{esc(self.caption)}</p>')
        if len(self.frame) > len(frame):
            parts.append(f'<p class="czlib-note">{len(frame)} of {len(self.frame)} rows shown.</p>')
        return "\n".join(parts)

    def __repr__(self) -> str:
        frame, extra = self._shown(), self._extra()
        lefts = [_one_line(v) for v in frame["left"]]
        pad = max((_display_width(v) for v in lefts), default=0)
        cells = {c: [str(v) for v in frame[c]] for c in extra}
        widths = {c: max([len(str(c))] + [len(v) for v in cells[c]]) for c in extra}
        lines = [self.caption] if self.caption else []
        for i, left in enumerate(lefts):
            ids = "  ".join(cells[c][i].rjust(widths[c]) for c in extra)
            lines.append(f"{ids}  {' ' * (pad - _display_width(left))}{left} [{_one_line(frame['match'].iloc[i])}] "
                         f"{_one_line(frame['right'].iloc[i])}")
        if len(self.frame) > len(frame):
            lines.append(f"({len(frame)} of {len(self.frame)} rows shown)")
        return "\n".join(lines)


def show_concordance(lines: pd.DataFrame, *, max_rows: int = 20, caption: str | None = None) -> ConcordanceView:
    """Return an escaped, aligned display of a concordance (:func:`czlib.concordance`)."""
    missing = [c for c in ("left", "match", "right") if c not in getattr(lines, "columns", ())]
    if missing:
        raise ValueError(f"show_concordance expects a concordance (czlib.concordance), lacking {missing}")
    return ConcordanceView(lines, max_rows=max_rows, caption=caption)
