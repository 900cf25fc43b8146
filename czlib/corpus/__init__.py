"""The corpus: from raw files to a table of articles.

- ``reading/``   decoding a file, cleaning it, splitting a page into articles with bylines and overrides
- ``web/``       saved web pages: charset, main text by HTML structure, headline, date and authors
- ``registry/``  the corpus folder: metadata.csv and raw/, integrity, locking, duplicates, reprints, its home
- ``documents``  every registered document read, cleaned and split: the articles and cleaning-log tables
"""
