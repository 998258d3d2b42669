"""The glossary: one file of Markdown abbreviations is both the tooltips and the glossary page.

``docs/includes/glossary.md`` holds lines ``*[term]: definition``. pymdownx.snippets appends it
to every page, so every use of a term gets its definition as a tooltip; the glossary page is
generated from the same lines, so a definition is written once. Each use of a term is reachable
by keyboard (:func:`focusable`).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$")
MARKER = "<!-- glossary -->"
TERM = '<abbr title="'  # how Python-Markdown's abbr extension writes a term with its definition


def read(path: Path) -> list[tuple[str, str]]:
    """The (term, definition) pairs in file order."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line)
        if match:
            pairs.append((match["term"], match["definition"]))
    return pairs


def problems(pairs: list[tuple[str, str]]) -> list[str]:
    """Terms defined twice, or written in two cases with different definitions."""
    seen: dict[str, str] = {}
    out = []
    for term, definition in pairs:
        key = term.casefold()
        if term in (t for t, _ in pairs[: pairs.index((term, definition))]):
            out.append(f"glossary term {term!r} is defined more than once")
        elif key in seen and seen[key] != definition:
            out.append(f"glossary term {term!r} has a different definition from another case")
        seen.setdefault(key, definition)
    return out


def page_html(pairs: list[tuple[str, str]]) -> str:
    """A definition list, one entry per term (case variants merged), alphabetical."""
    entries: dict[str, tuple[str, str]] = {}
    for term, definition in pairs:
        entries.setdefault(term.casefold(), (term, definition))
    items = []
    for key in sorted(entries):
        term, definition = entries[key]
        anchor = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
        items.append(f"<dt id=\"{anchor}\">{escape(term[0].upper() + term[1:])}</dt>"
                     f"<dd>{escape(definition)}</dd>")
    return "<dl class=\"glossary\">" + "".join(items) + "</dl>"


def focusable(html: str) -> str:
    """``html`` with every term (an ``<abbr>`` with its definition) reachable by Tab.

    The theme's tooltips (content.tooltips) then show a focused term's definition as a hovered
    one's, and describe the term by it to a screen reader (aria-describedby while it shows, the
    title otherwise).
    """
    return html.replace(TERM, '<abbr tabindex="0" title="')
