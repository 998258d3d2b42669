"""Build-time side of the site (never shipped to the browser).

The ``sim`` fence and its pre-rendering, the glossary page, the include check, and the copying
of the front-end files and the ``sims`` wheel into the built site. Loaded by MkDocs through
``simsite/hooks.py``.
"""
