"""Corpus statistics over the tables: keywords, keyness, themes, formulas, topics, comparisons, networks."""
