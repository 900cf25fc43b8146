"""What a text says, and what a corpus says: record types, per-text extractors, corpus statistics.

- ``doc``       ``czlib.annotate``: one Doc per text, made by declared steps in one order
- ``doc_rows``  every derived table's rows from a Doc; ``resources`` a corpus's dictionary and gazetteer
- ``records``   the record types the extractors return (one frozen dataclass per kind of thing)
- ``actors/``   people, organisations and places: rules over a trained entity model
- ``voice/``    quotations and paraphrases, and how speech is reported
- ``claims/``   numbers, dates, superlatives and firsts, and whether the numbers hold together
- ``stats/``    corpus statistics over the tables: keywords, keyness, themes, formulas, dfm, topics, networks
- ``genres``, ``docvars``, ``glossary``, ``reprints``: what each article is, and how to show it
"""
