"""Claims: numbers, dates, superlatives and firsts a text asserts, and checks that they hold together."""
