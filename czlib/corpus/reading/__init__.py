"""Reading a document: decoding, cleaning, splitting a page into articles with their bylines."""
