"""Text with no corpus behind it: segmentation (``segmentation/``), stopwords, numerals, names, scripts, near-duplicates."""
