"""What a visit fetched, by the groups the issue weighs: Pyodide's wasm, its JavaScript (and
lock file), the standard library zip, our wheel, the chart library, the editor, the memory
snapshot, and everything else (pages, theme, our own scripts)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

GROUPS = ("pyodide wasm", "pyodide js", "stdlib zip", "wheel", "charts", "editor", "snapshot",
          "other")


def group_of(path: str) -> str:
    """The group of a URL path of the site."""
    name = posixpath.basename(path)
    if name.endswith(".wasm"):
        return "pyodide wasm"
    if name.endswith(".zip") and "stdlib" in name:
        return "stdlib zip"
    if "/vendor/pyodide/" in path:
        return "pyodide js"
    if name.endswith(".whl"):
        return "wheel"
    if "/vendor/vega/" in path or name.startswith("sims-charts"):
        return "charts"
    if "/vendor/codemirror/" in path:
        return "editor"
    if "/vendor/snapshot/" in path:
        return "snapshot"
    return "other"


def by_group(sent: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Bytes per group (every group present, zero when nothing of it was fetched) from
    (path, bytes) pairs."""
    totals = dict.fromkeys(GROUPS, 0)
    for path, n in sent:
        totals[group_of(path)] += n
    return totals
