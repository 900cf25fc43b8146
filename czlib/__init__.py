"""czlib: read Chinese local news on science and technology innovation in Changzhi (长治) computationally.

Modules, one concern each:

- ``czlib.config``    project paths (one place for notebooks, command line and tests)
- ``czlib.loading``   decode raw files (UTF-8/BOM, GB18030, UTF-16), normalise, Traditional -> Simplified
- ``czlib.corpus``    metadata, integrity check, registering new articles
- ``czlib.cleaning``  web chrome, duplicated blocks, print-column breaks (each decision logged)
- ``czlib.articles``  pages split into articles with titles, bylines and kinds
- ``czlib.tables``    the data product: build/tables/*.csv
- ``czlib.segment``, ``czlib.stopwords``, ``czlib.themes``   tokens, stopwords, keywords and formulas
- ``czlib.actors``    people, organisations, places and quotes
- ``czlib.claims``    quantitative claims and dates
- ``czlib.style``     figure theme with a bundled CJK font; deterministic figure export
- ``czlib.build``     execute notebooks, render offline HTML
"""
__version__ = "0.1.0"
