"""Text with no corpus behind it: segmentation, stopwords, numerals, surnames."""
