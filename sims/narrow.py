"""A chart laid out for a phone: the second drawing of each chart, which a narrow column shows.

A model's spec is drawn for a page's column (about 650 px with its legends to the right). Shrunk
into a 360 px phone's column, about 280 px, its labels would be too small to read. So the page
also draws each chart as wide as that column, pre-rendered and live alike (`sims.view.view`
gives both layouts): its legends below the plot (one entry a line, a colour ramp upright, so no
legend is wider than its longest label), a long title on several lines from the left, as a long
title of the x axis, and the text in narrow cells (a heatmap's values) no larger than its cell.
The page's styles show one of the two drawings by the width of the chart's place
(docs/stylesheets/charts.css).
"""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 280  # px: a chart's place in a block on a 360 px phone
# Chart text is measured at build time with other fonts than a browser's: room on either side
# for text drawn a little wider than it was measured (an axis's end label, a long axis title).
PADDING = {"left": 10, "right": 16, "top": 5, "bottom": 5}
TITLE_CHARS = 38  # characters of a 13 px bold title (about 6.5 px each) in a line of WIDTH px
# A colour ramp below the plot stands upright, its labels beside it (laid along the plot, they
# would run past the plot's end and into each other): this tall.
GRADIENT = 120
X_TITLE_CHARS = 28  # of an 11 px bold axis title under a plot of about WIDTH - 100 px
CELL_PX_PER_FONT_PX = 3  # a cell this many times its font size wide holds "0.00"
DISCRETE = {"nominal", "ordinal"}


def narrow(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` laid out for a phone's column; ``spec`` itself is left as it was."""
    config = spec.get("config", {})
    out = {
        **spec,
        "width": WIDTH,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": PADDING,
        "config": {
            **config,
            "title": {**config.get("title", {}), "anchor": "start", "frame": "bounds"},
            "legend": {**config.get("legend", {}), "orient": "bottom", "direction": "vertical",
                       "columns": 1, "gradientLength": GRADIENT, "layout": {
                           "bottom": {"direction": "vertical", "anchor": "start"}}},
        },
    }
    if isinstance(spec.get("height"), dict):
        out["height"] = _fixed_height(spec)
    if isinstance(spec.get("title"), str):
        out["title"] = _wrapped(spec["title"], TITLE_CHARS)
    x = spec.get("encoding", {}).get("x", {})
    if isinstance(x.get("title"), str):
        x_title = _wrapped(x["title"], X_TITLE_CHARS)
        out["encoding"] = {**spec["encoding"], "x": {**x, "title": x_title}}
    if x.get("type") in DISCRETE and "layer" in spec:
        out["layer"] = [_text_within_cells(layer) for layer in spec["layer"]]
    return out


def _wrapped(title: str, chars: int) -> str | list[str]:
    """A title in lines of at most ``chars`` (Vega draws a list of strings line by line)."""
    lines = textwrap.wrap(title, chars)
    return lines if len(lines) > 1 else title


def _text_within_cells(layer: dict[str, Any]) -> dict[str, Any]:
    """A text layer over a discrete x whose font shrinks to the width of a cell (x's band)."""
    mark = layer.get("mark")
    if not (isinstance(mark, dict) and mark.get("type") == "text"
            and isinstance(mark.get("fontSize"), int | float)):
        return layer
    size = {"expr": f"min({mark['fontSize']}, bandwidth('x') / {CELL_PX_PER_FONT_PX})"}
    return {**layer, "mark": {**mark, "fontSize": size}}


def _fixed_height(spec: dict[str, Any]) -> int:
    """A height of ``step`` pixels per category on y, in pixels: a chart fitted to a width must
    have a fixed height (Vega-Lite drops the fit of a chart whose height is counted in steps)."""
    field = spec["encoding"]["y"]["field"]
    categories = {row[field] for row in spec["data"]["values"]}
    return spec["height"]["step"] * len(categories)

