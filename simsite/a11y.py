"""Accessibility fixes to the theme's markup and to Markdown tables, applied to every built page.

axe-core (tests/browser/test_accessibility.py) finds these in mkdocs-material 9.8's own templates
and in the usual Markdown way of writing a two-way table; fixing them here keeps the theme
unforked and the authors' Markdown as they write it.
"""

from __future__ import annotations

import re

# The search box is a dialog without a name (the theme labels only its input).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
# Instant navigation's progress bar: a purely visual cue, without a name, outside any
# landmark; screen readers announce the new page anyway.
PROGRESS_BAR = '<div class="md-progress" data-md-component="progress" role="progressbar">'
# `| | A | B |`: the empty top-left cell of a two-way table heads nothing; as a <th> a
# screen reader announces a blank column header.
EMPTY_CORNER = re.compile(r"(<thead>\s*<tr>\s*)<th(\s[^>]*)?>\s*</th>")


def fix_page(html: str) -> str:
    """``html`` with the fixes above."""
    html = html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">')
    html = html.replace(PROGRESS_BAR, PROGRESS_BAR[:-1] + ' aria-hidden="true">')
    return EMPTY_CORNER.sub(lambda m: f"{m[1]}<td{m[2] or ''}></td>", html)
