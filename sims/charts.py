"""Small builders of Vega-Lite specifications (plain dicts with inline data).

The same dict is rendered to SVG at build time and by vega-embed in the browser, so no
plotting code is written by hand. Every chart carries a ``description`` (its text alternative).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH, HEIGHT = 560, 280
# A mark that stands for no category: a grey with 4.5:1 against white, 3.5:1 on the dark palette.
NEUTRAL = "#767676"


# Text on a chart's background: black on a white halo. No one colour reads on both palettes'
# backgrounds (4.5:1 against white and against the dark one), and Vega-Lite gives a text mark a
# fixed colour of its own whatever the theme, so the text brings its own background.
TEXT, HALO = "#000000", "#ffffff"


def haloed(layer: dict[str, Any]) -> list[dict[str, Any]]:
    """``layer`` (a text mark) as two layers: its white halo, then the black text on it."""
    mark = layer["mark"]
    return [{**layer, "mark": {**mark, "color": HALO, "stroke": HALO, "strokeWidth": 4,
                               "strokeJoin": "round"}},
            {**layer, "mark": {**mark, "color": TEXT}}]


# Every chart draws its text, axes, grid and frame in the page's own ink: SVG's currentColor, the
# colour of the text around the chart, on no background of its own. One drawing then reads in the
# light and the dark palette, across a palette toggle and on paper, pre-rendered or live, and the
# two agree. The keys are those vega-themes' "dark" theme sets, and the few marks it leaves black
# (text without a colour of its own, legend symbols of size and shape); data colours are the
# same in both palettes.
INK = "currentColor"
CONFIG: dict[str, Any] = {
    "background": None,
    "view": {"stroke": INK, "strokeOpacity": 0.2},
    "title": {"color": INK, "subtitleColor": INK},
    "style": {"guide-label": {"fill": INK}, "guide-title": {"fill": INK}},
    "axis": {"domainColor": INK, "tickColor": INK, "gridColor": INK, "gridOpacity": 0.15},
    "legend": {"symbolBaseFillColor": INK, "symbolBaseStrokeColor": INK},
    "text": {"color": INK},
    # Each chart sits in a box that is one image to a screen reader (role="img", named by its
    # title, described by its caption), so its marks are never read on their own: a label on
    # each bar, dot and line point would only weigh on the page (110 KB on one page).
    "mark": {"aria": False},
}


def _base(title: str, description: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": rows},
        "config": CONFIG,
    }


def _axis(field: str, kind: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "type": kind, "title": title, **extra}


def lines(rows: list[dict[str, Any]], x: str, y: str, series: str, *, title: str,
          description: str, x_title: str, y_title: str, points: bool = False,
          y_domain: list[float] | None = None, order: list[str] | None = None,
          dashed: Sequence[str] = ()) -> dict[str, Any]:
    """One line per value of ``series``: ``y`` against a quantitative ``x``.

    The series in ``dashed`` (a threshold, say) are drawn dashed, the others solid; series
    that coincide are told apart as `distinguish` says.
    """
    y_enc = _axis(y, "quantitative", y_title)
    if y_domain:
        y_enc["scale"] = {"domain": y_domain}
    spec = {
        **_base(title, description, rows),
        "mark": {"type": "line", "point": points},
        "encoding": {
            "x": _axis(x, "quantitative", x_title),
            "y": y_enc,
            "tooltip": [_axis(series, "nominal", "Series"), _axis(x, "quantitative", x_title),
                        _axis(y, "quantitative", y_title, format=".3~g")],
        },
    }
    return distinguish(spec, series, x, y, x, order, dashed)


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
    mark: dict[str, Any] = {"type": "bar"}
    if color:
        enc["color"] = _axis(color, "nominal", color.replace("_", " ").capitalize())
    else:  # not the theme's blue, which names the first series in the page's other charts
        mark["color"] = NEUTRAL
    return {**_base(title, description, rows), "height": {"step": 22}, "mark": mark,
            "encoding": enc}


# A sequential scale (ColorBrewer's YlGnBu, 7 classes) in steps: a cell's fill is one of these,
# so the ink of its text can be chosen, and checked, for that very fill.
HEAT = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
INKS = ("#000000", "#ffffff")


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour written ``#rrggbb``."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 to 21 (text needs 4.5)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (one of them always reaches 4.58:1)."""
    return max(INKS, key=lambda i: contrast(i, fill))


def steps(lo: float, hi: float, count: int = len(HEAT)) -> list[float]:
    """The ``count - 1`` inner bounds that cut ``[lo, hi]`` into ``count`` equal steps."""
    if hi <= lo:
        hi = lo + 1
    return [lo + (hi - lo) * k / count for k in range(1, count)]


def heatmap(rows: list[dict[str, Any]], x: str, y: str, value: str, *, title: str,
            description: str, x_title: str, y_title: str, value_title: str,
            order: list[str] | None = None,
            domain: tuple[float, float] | None = None) -> dict[str, Any]:
    """A grid of cells coloured by ``value`` in steps over ``domain`` (the values' own range
    unless given), with the value written in each cell in the ink that reads on its fill.

    Fill and ink are two threshold scales with the same bounds, both explicit in the spec,
    so neither depends on the page's theme and a test can read the contrast off the spec.
    """
    values = [r[value] for r in rows]
    bounds = steps(*(domain or (min(values, default=0), max(values, default=1))))
    x_enc = _axis(x, "nominal", x_title, sort=order)
    y_enc = _axis(y, "nominal", y_title, sort=order)
    return {
        **_base(title, description, rows),
        "height": {"step": 26},
        "width": {"step": 40},
        "encoding": {"x": x_enc, "y": y_enc},
        "layer": [
            {"mark": "rect", "encoding": {
                "color": _axis(value, "quantitative", value_title, scale={
                    "type": "threshold", "domain": bounds, "range": list(HEAT)},
                    legend={"format": ".3~g"}),
                "tooltip": [_axis(y, "nominal", y_title), _axis(x, "nominal", x_title),
                            _axis(value, "quantitative", value_title, format=".3~g")]}},
            {"mark": {"type": "text", "fontSize": 10}, "encoding": {
                "text": _axis(value, "quantitative", value_title, format=".2f"),
                "color": _axis(value, "quantitative", value_title, legend=None, scale={
                    "type": "threshold", "domain": bounds,
                    "range": [ink(fill) for fill in HEAT]})}},
        ],
        "resolve": {"scale": {"color": "independent"}},
    }


def paths(rows: list[dict[str, Any]], x: str, y: str, series: str, order: str, *,
          title: str, description: str, x_title: str, y_title: str) -> dict[str, Any]:
    """Curves in the plane (a phase portrait): points joined in ``order`` within each series;
    curves that coincide are told apart as `distinguish` says."""
    spec = {
        **_base(title, description, rows),
        "mark": {"type": "line", "clip": True},
        "encoding": {
            "x": _axis(x, "quantitative", x_title),
            "y": _axis(y, "quantitative", y_title),
            "order": {"field": order, "type": "quantitative"},
            "tooltip": [_axis(series, "nominal", "Series"),
                        _axis(x, "quantitative", x_title, format=".3~g"),
                        _axis(y, "quantitative", y_title, format=".3~g")],
        },
    }
    return distinguish(spec, series, x, y, order, None, ())


# Two series coincide when each point of one lies within this share of the chart's span (on
# each axis) of the same point of the other: under a pixel on a 280-pixel chart.
COINCIDE = 2e-3
SOLID = [1, 0]
DASH = {False: 6, True: 4}  # a dash's length over a solid line, and within a dashed one


def coinciding(rows: list[dict[str, Any]], series: str, x: str, y: str, along: str,
               names: list[str]) -> list[list[str]]:
    """Groups of two or more ``names`` whose curves coincide (see ``COINCIDE``), in order.

    A curve is its series' points taken in the order of ``along``; two coincide when they have
    as many points and every pair of points matches on both axes.
    """
    curves: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for row in sorted(rows, key=lambda r: r[along]):
        curves.setdefault(row[series], []).append((row[x], row[y]))
    span = {axis: max((r[axis] for r in rows), default=0) - min((r[axis] for r in rows),
                                                                default=0) for axis in (x, y)}
    near = (COINCIDE * (span[x] or 1), COINCIDE * (span[y] or 1))

    def same(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
        return len(a) == len(b) and all(abs(p[0] - q[0]) <= near[0] and abs(p[1] - q[1]) <= near[1]
                                        for p, q in zip(a, b, strict=True))

    groups: list[list[str]] = []
    for name in names:
        home = next((g for g in groups if curves[name] and same(curves[g[0]], curves[name])), None)
        if home is None:
            groups.append([name])
        else:
            home.append(name)
    return [g for g in groups if len(g) > 1]


def _listing(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]


def distinguish(spec: dict[str, Any], series: str, x: str, y: str, along: str,
                order: list[str] | None, dashed: Sequence[str]) -> dict[str, Any]:
    """Colour and dash ``spec``'s lines by ``series`` so that every series stays visible.

    A line that lies exactly on another would hide it, and the legend would promise a line the
    reader cannot see. So coinciding series share the stroke in turns: the first keeps its
    stroke, each other one is drawn in dashes over it, offset so that every colour shows; the
    legend names them as the same line and the description says so.
    """
    rows = spec["data"]["values"]
    names = list(order) if order else sorted({r[series] for r in rows})
    dash = {name: ([DASH[True], DASH[True]] if name in dashed else SOLID) for name in names}
    notes, same_as = [], {}
    for group in coinciding(rows, series, x, y, along, names):
        is_dashed = any(name in dashed for name in group)
        unit, n = DASH[is_dashed], len(group)
        for i, name in enumerate(group):
            if i or is_dashed:  # slot i of n: a dash where the others leave a gap
                dash[name] = [0, i * unit, unit, (n - 1 - i) * unit]
            if i:
                same_as[name] = group[0]
        notes.append(f"{_listing(group)} coincide: one line, drawn in turns in their colours.")
    title = series.replace("_", " ").capitalize()
    color = _axis(series, "nominal", title, scale={"domain": names})
    if same_as:
        color["legend"] = {"labelLimit": 320, "labelExpr": "".join(
            f"datum.label === {json.dumps(name)} ? {json.dumps(f'{name} (same as {first})')} : "
            for name, first in same_as.items()) + "datum.label"}
        spec["description"] = " ".join(notes) + " " + spec["description"]
    spec["encoding"]["color"] = color
    spec["encoding"]["strokeDash"] = _axis(
        series, "nominal", title, scale={"domain": names, "range": [dash[n] for n in names]})
    return spec


GHOST = "previous run"
GHOST_NOTE = "The previous run is drawn in grey behind it, named “previous run” in the legend."


def ghosted(spec: dict[str, Any], previous: Any) -> dict[str, Any]:
    """A line chart (`lines`) with the same chart of the previous run drawn faintly behind it.

    ``previous`` is that chart as the page last showed it (itself ghosted or not); anything
    else, or a chart that is not one of `lines`, leaves ``spec`` as it is. The previous run's
    lines are grey and thin, one per series, and the legend names them "previous run".
    """
    if not ghostable(spec) or not isinstance(previous, dict) \
            or previous.get("title") != spec["title"]:
        return spec
    rows = _line_rows(previous)
    if rows is None:
        return spec
    series = spec["encoding"]["color"]["field"]
    ghost = {
        "data": {"values": rows},
        # clipped to the plot as the chart's own lines are (a phase plane's fixed domain)
        "mark": {"type": "line", "strokeWidth": 1.5, "opacity": 0.5, "clip": True},
        "encoding": {
            "color": {"datum": GHOST, "type": "nominal", "title": None,
                      "scale": {"domain": [GHOST], "range": [NEUTRAL]}},
            "strokeDash": {"value": SOLID},
            "detail": {"field": series, "type": "nominal"},
            "tooltip": None,
        },
    }
    out = {key: value for key, value in spec.items() if key != "mark"}
    out["layer"] = [ghost, {"mark": spec["mark"]}]
    out["resolve"] = {"scale": {"color": "independent", "strokeDash": "independent"}}
    out["description"] = f"{spec['description']} {GHOST_NOTE}"
    return out


def ghostable(spec: dict[str, Any]) -> bool:
    """Whether `ghosted` can draw a previous run behind ``spec``: a chart of `lines` (or
    `paths`) without a ghost yet."""
    return _line_rows(spec) is not None and "layer" not in spec


def _line_rows(chart: dict[str, Any]) -> list[Any] | None:
    """The rows of a chart made by `lines` (ghosted or not), else None."""
    try:
        mark = chart["layer"][-1]["mark"] if "layer" in chart else chart["mark"]
        rows = chart["data"]["values"]
        series = chart["encoding"]["color"]["field"]
    except (KeyError, TypeError, IndexError):
        return None
    is_line = isinstance(mark, dict) and mark.get("type") == "line"
    return rows if is_line and isinstance(rows, list) and isinstance(series, str) else None
