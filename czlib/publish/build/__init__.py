"""``czlib build``: run the notebooks with a cache, swap outputs in as one set, render HTML."""
