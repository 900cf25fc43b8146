"""What readers see: figure style and plots, display helpers, the notebook build and offline HTML."""
