"""The article of a saved web page: HTML structure decides, the text rules only refine.

A text page has to be read for its headline, byline and article boundaries;
a saved web page states them in its markup, and :mod:`czlib.corpus.web.webpage`
has read them (headline from ``<h1>``/``og:title``/``<title>``, authors and
editors from the info bar, the main-text block).  Running the text page model
over the extracted text again would throw that away: it takes a subhead or a
promo line for the headline and splits the page at ``<strong>`` subheads or
code lines.  So a web page is one article here: its title, byline (authors)
and credit (editors) are the page's, and of the text rules only the chrome
lines (share prompts, editor and 原标题 lines) are applied to its body.
"""
from __future__ import annotations

from ..reading.articles import Article
from ..reading.cleaning import LogEntry, looks_like_heading, split_blocks, strip_web_chrome
from ..reading.decoding import Document


def web_article(doc: Document) -> tuple[list[Article], list[LogEntry], dict[str, str]]:
    """One article from a document read from HTML (``doc.web`` set); return (articles, log, metadata).

    ``doc.text`` is laid out by :func:`czlib.corpus.reading.reading.page_text`: the
    headline, the date line, then the body; ``doc.web['head_lines']`` counts
    the lines before the body.
    """
    web = doc.web or {}
    head = int(web.get("head_lines", 0))
    lines = doc.text.split("\n")
    title = lines[0].strip() if web.get("title") else ""
    blocks = [b for b in split_blocks(doc.text) if b.first_no > head]
    chrome = strip_web_chrome(blocks, doc.doc_id)
    art = Article(doc.doc_id, title=title, byline=web.get("authors", ""))
    art.header_lines = [no for no in range(1, head + 1) if no <= len(lines) and lines[no - 1].strip()]
    n_lines = sum(len(block.lines) for block in chrome.blocks)
    for block in chrome.blocks:
        for line in block.lines:
            if not art.title and not art.paragraphs and n_lines > 1 and looks_like_heading(line.text):
                art.title = line.text  # a page stating no headline: its first line, if a heading, is it
                art.header_lines.append(line.no)
                continue
            art.paragraphs.append(line.text)
            art.para_lines.append((line.no,))
    editors = [e for e in web.get("editors", "").split("; ") if e]
    if chrome.meta.get("editor") and chrome.meta["editor"] not in editors:
        editors.append(chrome.meta["editor"])
    art.credit = "; ".join(f"编辑: {e}" for e in editors)
    meta: dict[str, str] = {"author": art.byline}
    if editors:
        meta["editor"] = "; ".join(editors)
    if web.get("sitename"):
        meta["source"] = web["sitename"]
    if chrome.meta.get("original_title"):
        art.notes = f"原标题: {chrome.meta['original_title']}"
    log = list(chrome.log)
    if title:
        log.append(LogEntry(doc.doc_id, "split", "headline from the page's HTML", 1, title))
    if not art.paragraphs:
        art.headers_only = True
    return [art], log, meta
