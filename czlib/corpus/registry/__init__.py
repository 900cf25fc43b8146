"""The corpus folder: registration, integrity, duplicates, reprints and the corpus's home."""
