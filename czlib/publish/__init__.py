"""What readers see: figure style and plots, display helpers, computed prose, validation sheets.

``build/`` is ``czlib build``: the notebooks run with a cache, their outputs swapped in as one set, and
rendered to self-contained HTML (its template in ``build/templates/``).  ``base.mplstyle`` is the figure style.
"""
