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
    html = nest_block_titles(html)
    return EMPTY_CORNER.sub(lambda m: f"{m[1]}<td{m[2] or ''}></td>", html)


HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.S)


def nest_block_titles(html: str) -> str:
    """Give each simulation block's title (``<hN class="sim-title">``) the level below the
    heading it follows, so a screen reader's list of headings shows the block in its section."""
    level = 1

    def nest(match: re.Match) -> str:
        nonlocal level
        attrs = match[2] or ""
        if 'class="sim-title"' not in attrs:
            level = int(match[1])
            return match[0]
        own = min(level + 1, 6)
        return f"<h{own}{attrs}>{match[3]}</h{own}>"

    return HEADING.sub(nest, html)
