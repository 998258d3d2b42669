"""Small builders of Vega-Lite specifications (plain dicts with inline data).

The same dict is rendered to SVG at build time and by vega-embed in the browser, so no
plotting code is written by hand. Every chart carries a ``description`` (its text alternative).
"""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH, HEIGHT = 560, 280


def _base(title: str, description: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": rows},
    }


def _axis(field: str, kind: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "type": kind, "title": title, **extra}


def lines(rows: list[dict[str, Any]], x: str, y: str, series: str, *, title: str,
          description: str, x_title: str, y_title: str, points: bool = False,
          y_domain: list[float] | None = None, order: list[str] | None = None) -> dict[str, Any]:
    """One line per value of ``series``: ``y`` against a quantitative ``x``."""
    y_enc = _axis(y, "quantitative", y_title)
    if y_domain:
        y_enc["scale"] = {"domain": y_domain}
    color = _axis(series, "nominal", series.replace("_", " ").capitalize())
    if order:
        color["sort"] = order
    return {
        **_base(title, description, rows),
        "mark": {"type": "line", "point": points},
        "encoding": {
            "x": _axis(x, "quantitative", x_title),
            "y": y_enc,
            "color": color,
            "tooltip": [_axis(series, "nominal", "Series"), _axis(x, "quantitative", x_title),
                        _axis(y, "quantitative", y_title, format=".3~g")],
        },
    }


def stacked_area(rows: list[dict[str, Any]], x: str, y: str, series: str, *, title: str,
                 description: str, x_title: str, y_title: str,
                 order: list[str] | None = None) -> dict[str, Any]:
    """Shares that add up (population, power) stacked over ``x``."""
    color = _axis(series, "nominal", series.replace("_", " ").capitalize())
    if order:
        color["sort"] = order
    return {
        **_base(title, description, rows),
        "mark": {"type": "area"},
        "encoding": {
            "x": _axis(x, "quantitative", x_title),
            "y": _axis(y, "quantitative", y_title, stack="zero"),
            "color": color,
            "tooltip": [_axis(series, "nominal", "Series"), _axis(x, "quantitative", x_title),
                        _axis(y, "quantitative", y_title, format=".3~g")],
        },
    }


def bars(rows: list[dict[str, Any]], category: str, value: str, *, title: str,
         description: str, category_title: str, value_title: str,
         sort_descending: bool = True, color: str | None = None) -> dict[str, Any]:
    """Horizontal bars, one per category."""
    enc: dict[str, Any] = {
        "y": _axis(category, "nominal", category_title,
                   sort="-x" if sort_descending else None),
        "x": _axis(value, "quantitative", value_title),
        "tooltip": [_axis(category, "nominal", category_title),
                    _axis(value, "quantitative", value_title, format=".3~g")],
    }
    if color:
        enc["color"] = _axis(color, "nominal", color.replace("_", " ").capitalize())
    return {**_base(title, description, rows), "height": {"step": 22}, "mark": "bar",
            "encoding": enc}


def heatmap(rows: list[dict[str, Any]], x: str, y: str, value: str, *, title: str,
            description: str, x_title: str, y_title: str, value_title: str,
            order: list[str] | None = None) -> dict[str, Any]:
    """A grid of cells coloured by ``value``, with the value written in each cell."""
    x_enc = _axis(x, "nominal", x_title, sort=order)
    y_enc = _axis(y, "nominal", y_title, sort=order)
    return {
        **_base(title, description, rows),
        "height": {"step": 26},
        "width": {"step": 40},
        "encoding": {"x": x_enc, "y": y_enc},
        "layer": [
            {"mark": "rect", "encoding": {
                "color": _axis(value, "quantitative", value_title),
                "tooltip": [_axis(y, "nominal", y_title), _axis(x, "nominal", x_title),
                            _axis(value, "quantitative", value_title, format=".3~g")]}},
            {"mark": {"type": "text", "fontSize": 10}, "encoding": {
                "text": _axis(value, "quantitative", value_title, format=".2f")}},
        ],
    }


def paths(rows: list[dict[str, Any]], x: str, y: str, series: str, order: str, *,
          title: str, description: str, x_title: str, y_title: str) -> dict[str, Any]:
    """Curves in the plane (a phase portrait): points joined in ``order`` within each series."""
    return {
        **_base(title, description, rows),
        "mark": {"type": "line", "clip": True},
        "encoding": {
            "x": _axis(x, "quantitative", x_title),
            "y": _axis(y, "quantitative", y_title),
            "color": _axis(series, "nominal", series.replace("_", " ").capitalize()),
            "order": {"field": order, "type": "quantitative"},
            "tooltip": [_axis(series, "nominal", "Series"),
                        _axis(x, "quantitative", x_title, format=".3~g"),
                        _axis(y, "quantitative", y_title, format=".3~g")],
        },
    }
