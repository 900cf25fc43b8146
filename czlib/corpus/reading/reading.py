"""Read any corpus file: plain text, or a saved web page (HTML) reduced to its article.

A researcher's files arrive as text copied from the web or as saved pages,
sometimes HTML under a ``.txt`` name.  :func:`read_document` recognises HTML by
its extension or its bytes, extracts the main text and metadata with
trafilatura (:mod:`czlib.corpus.web.webpage`), and hands the page model a text
that begins with the page's headline and date lines, so titles and dates are
chosen by the same rules as for text pages.  For HTML the line numbers of the
cleaning log count lines of that extracted text; the raw bytes stay untouched.
"""
from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path

from .decoding import CorpusFileError, Document, decode_bytes, document_from_text, read_raw
from ..web.html_decoding import looks_like_html
from ..web.webpage import WebPage, extract_webpage

HTML_SUFFIXES = (".html", ".htm")
#: File endings a corpus folder is read for.
DOCUMENT_SUFFIXES = (".txt",) + HTML_SUFFIXES


def is_html(path: Path | str, data: bytes) -> bool:
    """A saved web page: by its ending, or by its bytes (HTML saved as .txt)."""
    return Path(path).suffix.lower() in HTML_SUFFIXES or looks_like_html(data)


def _page_head(page: WebPage) -> list[str]:
    head = [page.title] if page.title else []
    if page.date:
        head.append(f"发布时间: {page.date}")
    return head


def page_text(page: WebPage) -> str:
    """The text of a web page as a document: headline, date line, then one paragraph per line."""
    return "\n\n".join(_page_head(page) + [page.text])


def page_facts(page: WebPage) -> dict[str, str]:
    """What the page's HTML states, for :mod:`czlib.corpus.web.webarticle` (``head_lines``: lines before the body)."""
    head = _page_head(page)
    return {"title": page.title, "date": page.date, "authors": "、".join(page.authors),
            "editors": "; ".join(page.editors), "sitename": page.sitename, "url": page.url,
            "head_lines": str(2 * len(head))}


def read_webpage(path: Path | str, data: bytes | None = None) -> WebPage:
    """The main text and metadata of a saved web page (``data``: its bytes, when already read)."""
    return extract_webpage(read_raw(path) if data is None else data, path)


def read_document(path: Path | str, data: bytes | None = None) -> Document:
    """Read, decode and normalise one corpus file, text or HTML; CorpusFileError naming the file.

    ``data``: the file's bytes when the caller has read them already (they are not read twice).
    """
    data = read_raw(path) if data is None else data
    if is_html(path, data):
        if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise CorpusFileError(path, f"contains a NUL byte at byte offset {data.index(bytes(1))}: "
                                        "not a saved web page; save the page again from the browser")
        page = extract_webpage(data, path)
        document = document_from_text(path, data, page_text(page), f"{page.charset} (HTML; main text by trafilatura)")
        return dataclasses.replace(document, web=page_facts(page))
    text, encoding = decode_bytes(data, path)
    return document_from_text(path, data, text, encoding)
