"""Show corpus text in notebooks as text, never as markup.

Corpus text is scraped from the web: an article may contain ``<script>``,
HTML tags or Markdown links.  Jupyter renders an output's ``text/html`` and
``text/markdown`` representations as markup, so a careless display of an
article could run a script or show a live link in a notebook and in the
shared HTML pages.  These helpers give notebook authors displays whose HTML
is escaped cell by cell (pandas' own ``DataFrame`` display escapes too, but
``DataFrame.style`` does not, and ``IPython.display.Markdown``/``HTML`` never
do).  The HTML export (:mod:`czlib.publish.html`) sanitises every output again as a
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
