"""Whole documents: decode, clean and split each registered document, and the corpus as two tables.

:func:`document_rows` is the per-document unit (the pipeline runs it in
parallel); :func:`load_corpus` and :func:`load_articles` give the articles
table and the cleaning log of a corpus folder in memory.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd

from .. import config
from ..text.names import is_person_name
from .reading.articles import (ARTICLE_COLUMNS, Article, cut_last_line, finish_kind, headline_at_the_end, lift_trailing_authors,
                       is_byline_block, split_articles)
from .reading.cleaning import LogEntry, drop_duplicate_blocks, join_column_breaks, separate_headlines, split_blocks, \
    strip_web_chrome
from .reading.decoding import Document, read_raw, sha256_bytes
from .registry.integrity import verify_checksum
from .reading.reading import read_document
from .reading.overrides import apply_overrides, load_overrides
from .web.pagemodel import read_page
from .registry.registered import apply_registered_title
from .registry.registry import corpus_documents
from .web.webarticle import web_article


def clean_document(doc: Document, overrides: list[dict] | None = None,
                   overrides_source: str = "overrides.toml") -> tuple[list[Article], list[LogEntry], dict]:
    """Clean one document and split it into articles; return (articles, log, page metadata)."""
    doc_id = doc.doc_id
    log = [LogEntry(doc_id, "decode", f"decoded as {doc.encoding}", 0, f"sha256 {doc.sha256[:12]}")]
    log += [LogEntry(doc_id, "decode", "script", 0, note) for note in doc.notes]
    log += [LogEntry(doc_id, "glosses", "removed an inline pinyin gloss", g.line, f"{g.context}{g.gloss}")
            for g in doc.glosses]
    if doc.web is not None:
        articles, page_log, meta = web_article(doc)  # the HTML states headline, authors and the article
        log += page_log
    else:
        articles, text_log, meta = _text_articles(doc)
        log += text_log
    articles, override_log = apply_overrides(articles, overrides or [], doc_id, overrides_source)
    log += override_log
    for art in articles:
        art.kind = finish_kind(art)
    return articles, log, meta


def _text_articles(doc: Document) -> tuple[list[Article], list[LogEntry], dict]:
    """The articles of a text page: the page model picks headlines, the splitter the article boundaries."""
    doc_id = doc.doc_id
    log: list[LogEntry] = []
    blocks = split_blocks(doc.text)
    chrome = strip_web_chrome(blocks, doc_id)
    page = read_page(blocks, doc_id, {entry.line: entry.action for entry in chrome.log})
    separated = separate_headlines(page.blocks, doc_id)
    dedup = drop_duplicate_blocks(separated.blocks, doc_id)
    joined = join_column_breaks(dedup.blocks, doc_id, is_byline=is_byline_block)
    log += chrome.log + page.log + separated.log + dedup.log + joined.log
    articles, split_log = split_articles(joined.blocks, doc_id, page.titles)
    log += split_log
    for art in articles:
        if entry := lift_trailing_authors(art):
            log.append(entry)
    for rule in (headline_at_the_end, cut_last_line):
        if entry := rule(articles):
            log.append(entry)
    meta = {**page.meta, **chrome.meta}
    author = meta.get("author", "")
    main = next((a for a in articles if a.title and not a.headers_only), None)
    if main is not None and not main.byline and is_person_name(author):
        main.byline = author  # 作者: X in the page header
        log.append(LogEntry(doc_id, "split", "author of the page header -> byline",
                            int(meta.get("date_line", 0) or 0), author))
    editors = [f"编辑: {chrome.meta['editor']}"] if chrome.meta.get("editor") else []
    editors += [e for e in page.meta.get("editor", "").split("; ") if e]
    if editors:
        meta["editor"] = "; ".join(editors)
        for art in articles:
            if art.kind != "photo_caption":
                art.credit = "; ".join(filter(None, [art.credit, *editors]))
    if chrome.meta.get("original_title"):
        for art in articles:
            if art.kind != "photo_caption":
                art.notes = "; ".join(filter(None, [art.notes, f"原标题: {chrome.meta['original_title']}"]))
    return articles, log, meta


def _documents_frame(corpus_dir: Path) -> pd.DataFrame:
    return corpus_documents(corpus_dir)


LOG_COLUMNS = ["doc_id", "step", "action", "line", "detail"]


def document_rows(doc: Mapping, document: Document, overrides: list[dict] | None = None,
                  overrides_source: str = "overrides.toml") -> tuple[list[dict], list[dict]]:
    """Clean and split one registered document; return its (articles rows, cleaning-log rows).

    ``doc`` is the document's metadata row (doc_id, date, outlet, …);
    ``document`` the decoded file.  Article ids are ``<doc_id>-NN`` in reading order.
    """
    articles, log, meta = clean_document(document, overrides, overrides_source)
    for line, action, detail in apply_registered_title(articles, doc):  # what the user registered wins
        log.append(LogEntry(doc["doc_id"], "split", action, line, detail))
    rows: list[dict] = []
    for seq, art in enumerate(articles, start=1):
        text = art.text
        rows.append({
            "doc_id": doc["doc_id"], "article_id": f"{doc['doc_id']}-{seq:02d}", "seq": seq,
            "kind": art.kind, "title": art.title, "kicker": art.kicker, "subtitle": art.subtitle,
            "byline": art.byline, "interviewee": art.interviewee, "interviewee_role": art.interviewee_role,
            "credit": art.credit, "date": doc["date"], "outlet": doc["outlet"] or meta.get("source", ""),
            "text": text,
            "n_chars": len(text), "line_start": min(art.lines) if art.lines else 0,
            "line_end": max(art.lines) if art.lines else 0, "script": document.script,
            "override": art.override, "notes": art.notes,
        })
    return rows, [vars(entry) for entry in log]


def articles_frame(rows: list[dict]) -> pd.DataFrame:
    """The articles table from its rows (columns ``ARTICLE_COLUMNS``)."""
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def cleaning_log_frame(rows: list[dict]) -> pd.DataFrame:
    """The cleaning log from its rows (columns ``LOG_COLUMNS``)."""
    return pd.DataFrame(rows, columns=LOG_COLUMNS)


def load_corpus(corpus_dir: Path | str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load, clean and split every document; return (articles, cleaning_log) DataFrames.

    ``corpus_dir`` is a corpus folder (raw/ + metadata.csv + curation/) or a bare
    folder of .txt files.  Article ids are ``<doc_id>-NN`` in reading order.
    A registered corpus is verified as it is read (metadata against the folder,
    each file against its checksum): :class:`~czlib.corpus.registry.integrity.CorpusIntegrityError`
    names the file; a bare folder is read with an ``UnverifiedCorpusWarning``.
    """
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else config.CORPUS_DIR
    docs = _documents_frame(corpus_dir)
    override_path = corpus_dir / "curation" / "overrides.toml"
    overrides = load_overrides(override_path)
    rows: list[dict] = []
    logs: list[dict] = []
    for doc in docs.to_dict("records"):
        path = corpus_dir / doc["file"]
        data = read_raw(path)
        verify_checksum(path, doc["sha256"], sha256_bytes(data), corpus_dir)  # before decoding: an edit explains
        document = read_document(path, data)
        doc_rows, doc_log = document_rows(doc, document, overrides, str(override_path))
        rows.extend(doc_rows)
        logs.extend(doc_log)
    return articles_frame(rows), cleaning_log_frame(logs)


def load_articles(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """Return the articles table (one row per article; see ARTICLE_COLUMNS)."""
    return load_corpus(corpus_dir)[0]
