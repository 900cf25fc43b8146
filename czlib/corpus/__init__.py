"""The corpus: decoding raw files, the registry and its integrity, cleaning, splitting pages into articles."""
