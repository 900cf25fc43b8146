"""czlib: read Chinese local news on science and technology innovation computationally (any city, any corpus).

The functions a researcher uses are here at the top (imported lazily, so
``import czlib`` stays fast)::

    import czlib
    czlib.use_corpus("my_corpus", out="my_build")   # optional: another corpus than the project's
    articles = czlib.load_articles()                 # cleaned, split articles (a DataFrame)
    doc = czlib.annotate(text)                       # Doc: every layer below at once, offsets into text
    tokens = czlib.tokenize(text)                    # [Token]     word, pos, start, end
    actors = czlib.extract_actors(text)              # [Mention]   people, organisations, places
    quotes = czlib.extract_quotes(text)              # [Quote]     who is quoted, and what
    claims = czlib.extract_claims(text)              # [Claim]     quantities: unit, qualifier, modality, source
    superlatives = czlib.extract_superlatives(text)  # [Superlative] 全省首家, 填补国内空白, 全国前列
    dates = czlib.extract_dates(text)                # [DateMention]
    lines = czlib.concordance(articles, "科技特派员")  # keyword in context, offsets into text
    m = czlib.dfm(czlib.read_table("tokens"))        # document-feature matrix (quanteda's dfm), with docvars
    czlib.lookup(m.group("year"), {"talent": ["人才*"]})  # dictionary counts and rates per 1,000 tokens
    czlib.set_theme(); czlib.save_figure(fig, "name")  # or show_figure(fig, "name", caption=..., alt=...)

The package is laid out by pipeline stage; imports run one way, downwards:

- ``czlib.config``     project paths (one place for notebooks, command line and tests)
- ``czlib.text``       segmentation, stopwords, numerals, names, glossary: text with no corpus behind it
- ``czlib.corpus``     decoding, the registry and its integrity, cleaning, article splitting
- ``czlib.analysis``   record types and extractors: themes, keywords, formulas, actors, quotes, claims, dates
- ``czlib.pipeline``   one pass per article, and the tables derived from it
- ``czlib.runner``     the pass over a whole corpus: processes or a Dask cluster, per-document cache, progress
- ``czlib.storage``    the table set on disk (Parquet, CSV beside the small tables), swapped in as one set
- ``czlib.publish``    figure style, display helpers, notebook build and offline HTML
- ``czlib.cli``        the ``czlib`` command
"""
from __future__ import annotations

import importlib

__version__ = "0.3.0"

#: Public name -> module that defines it (imported on first use).
_PUBLIC = {
    "load_articles": "czlib.corpus.documents",
    "load_corpus": "czlib.corpus.documents",
    "tokenize": "czlib.text.segmentation.segment",
    "token_table": "czlib.text.segmentation.token_table",
    "Token": "czlib.text.segmentation.segment",
    "annotate": "czlib.analysis.doc",
    "Doc": "czlib.analysis.doc",
    "extract_actors": "czlib.analysis.doc",
    "extract_quotes": "czlib.analysis.doc",
    "extract_claims": "czlib.analysis.doc",
    "extract_dates": "czlib.analysis.doc",
    "extract_superlatives": "czlib.analysis.doc",
    "Mention": "czlib.analysis.records",
    "Quote": "czlib.analysis.records",
    "Claim": "czlib.analysis.records",
    "DateMention": "czlib.analysis.records",
    "NumericMention": "czlib.analysis.records",
    "Superlative": "czlib.analysis.records",
    "analyse_articles": "czlib.pipeline",
    "build_tables": "czlib.pipeline",
    "write_tables": "czlib.runner",
    "read_table": "czlib.storage",
    "actors_table": "czlib.pipeline",
    "people_table": "czlib.pipeline",
    "quotes_table": "czlib.pipeline",
    "claims_table": "czlib.pipeline",
    "dates_table": "czlib.pipeline",
    "numeric_mentions_table": "czlib.pipeline",
    "set_theme": "czlib.publish.style",
    "theme": "czlib.publish.style",
    "save_figure": "czlib.publish.style",
    "show_figure": "czlib.publish.figures",
    "show_table": "czlib.publish.display",
    "show_text": "czlib.publish.display",
    "show_concordance": "czlib.publish.display",
    "concordance": "czlib.analysis.stats.concordance",
    "evidence_sentences": "czlib.analysis.stats.concordance",
    "kwic": "czlib.analysis.stats.concordance",
    "keyness": "czlib.analysis.stats.keyness",
    "collocations": "czlib.analysis.stats.keyness",
    "dfm": "czlib.analysis.stats.dfm",
    "Dfm": "czlib.analysis.stats.dfm",
    "lookup": "czlib.analysis.stats.lookup",
    "lookup_terms": "czlib.analysis.stats.lookup",
    "topics": "czlib.analysis.stats.topics",
    "near_duplicates": "czlib.analysis.reprints",
    "drop_reprints": "czlib.analysis.reprints",
    "comention_edges": "czlib.analysis.stats.network",
    "theme_shares": "czlib.analysis.stats.themes",
    "with_docvars": "czlib.analysis.docvars",
    "validation_sample": "czlib.publish.validation",
    "validation_report": "czlib.publish.validation",
    "use_corpus": "czlib.config",
    "corpus_home": "czlib.corpus.registry.home",
}

__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'czlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
