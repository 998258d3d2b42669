"""One module per model; see :mod:`sims.registry`."""
