"""Saved web pages: charset, main text by structure, headline, date and authors."""
