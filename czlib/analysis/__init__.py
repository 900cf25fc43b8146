"""Extractors and their record types: themes, keywords, formulas, actors, quotes, claims, dates, checks."""
