"""Word segmentation with POS tags and offsets (jieba-compatible), and the token table."""
