"""Static HTML for a simulation result: what a reader sees before any JavaScript runs.

It renders the result's view (:func:`sims.view.view`, where every string is made): the
summary (placed by simsite/fence.py above the rest), a replay's figure at its last step for a
model that unfolds over time (simsite/replay.py), the charts as inline SVG (rendered by
vl-convert from the model's own Vega-Lite specs), the main table in a collapsible section,
the parameter values used, and the table as a CSV download. This is also what prints and what
a reader without JavaScript gets; the page (docs/javascripts/sims-output.js) puts a live view's
strings into the same markup.
"""

from __future__ import annotations

import functools
import json
import re
from html import escape
from typing import Any
from urllib.parse import quote

import vl_convert

from . import cache
from .replay import replay_html

VEGA_LITE_VERSION = "6.4"
_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")
# Where an SVG drawing places things: path data, transforms and coordinates. Vega writes them
# with every digit of a double ("M130.9090909090909,26h13.090909090909092"); a hundredth of a
# pixel is below what any screen shows, and the shorter numbers take a third off a heatmap.
_GEOMETRY = re.compile(r'( (?:d|transform|x|y|x1|x2|y1|y2|width|height)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(-?\d+\.\d\d)\d+")


def _rounded(svg: str) -> str:
    """``svg`` with its geometry's decimals cut to hundredths of a pixel (text untouched)."""
    return _GEOMETRY.sub(lambda m: m[1] + _LONG_DECIMAL.sub(r"\1", m[2]) + '"', svg)


@functools.lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    key = f"vl-convert {vl_convert.__version__} vega-lite {VEGA_LITE_VERSION} rounded {spec_json}"
    svg = cache.get("charts", key)
    if svg is None:
        svg = _rounded(_XML_DECL.sub("", vl_convert.vegalite_to_svg(
            json.loads(spec_json), vl_version=VEGA_LITE_VERSION)))
        cache.put("charts", key, svg)
    return svg


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG string (drawn once per spec, and kept between builds)."""
    return _svg(json.dumps(spec, sort_keys=True))


def drawings(spec: dict[str, Any], narrow_spec: dict[str, Any]) -> str:
    """The chart drawn twice: as the model made it, and for a phone's column (sims/narrow.py).

    Each ``<svg>`` says its layout in ``data-layout``; the page's styles show one of them
    (docs/stylesheets/charts.css), and the one not shown is ``display: none``, so a screen
    reader meets one chart, by its figure's name.
    """
    return "".join(chart_svg(drawn).replace("<svg ", f"<svg data-layout=\"{layout}\" ", 1)
                   for layout, drawn in (("wide", spec), ("narrow", narrow_spec)))


def used_html(parts: list[dict[str, Any]]) -> str:
    """A line of what ran, from Python's parts (`sims.view.used_line`); the page script
    places the same parts the same way (``placeUsed`` in sims-output.js)."""
    html = []
    for part in parts:
        text = escape(part["text"]) + (f"<code>{escape(part['code'])}</code>"
                                       if "code" in part else "")
        html.append(f"<span class=\"sim-param\">{text}</span>" if part.get("setting") else text)
    return "".join(html)


def table_html(view: dict[str, Any]) -> str:
    table = view["table"]
    head = "".join(f"<th scope=\"col\">{escape(c)}</th>" for c in table["columns"])
    body = "".join(f"<tr><th scope=\"row\">{escape(row[0])}</th>"
                   + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>"
                   for row in table["rows"])
    unfolded = " open" if table["open"] else ""
    return (f"<details class=\"sim-table\"{unfolded} data-search-exclude>"
            f"<summary>Table: {escape(table['title'])}</summary>"
            f"<div class=\"sim-table-scroll\" tabindex=\"0\" role=\"region\" "
            f"aria-label=\"{escape(table['title'])}\"><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div></details>")


def charts_html(view: dict[str, Any]) -> str:
    figures = []
    for spec, narrow_spec in zip(view["charts"], view["narrow_charts"], strict=True):
        figures.append(
            f"<figure class=\"sim-chart\"><div class=\"sim-svg\" role=\"img\" tabindex=\"0\" "
            f"aria-label=\"{escape(spec.get('title', 'Chart'))}\">"
            f"{drawings(spec, narrow_spec)}</div>"
            f"<figcaption>{escape(spec.get('description', ''))}</figcaption></figure>")
    return "".join(figures)


def download_html(view: dict[str, Any], file_name: str) -> str:
    """The table as a CSV file, downloadable without JavaScript (a data: link, a few KB)."""
    href = "data:text/csv;charset=utf-8," + quote(view["csv"], safe="")
    return (f"<p class=\"sim-download\" data-search-exclude><a class=\"sim-csv\" "
            f"href=\"{href}\" download=\"{escape(file_name)}\">Download the table as CSV</a></p>")


def summary_html(view: dict[str, Any]) -> str:
    """The result in words: the one part of a block that the site's search indexes."""
    return f"<p class=\"sim-summary\">{escape(view['summary'])}</p>"


def output_html(view: dict[str, Any], csv_name: str) -> str:
    """The inner HTML of a block's output area for a result's ``view``, below its summary.

    The charts' labels, the numbers and the parameters are marked for the theme's search
    index to skip.
    """
    return (f"{replay_html(view.get('replay'))}"
            f"<div class=\"sim-charts\" data-search-exclude>{charts_html(view)}</div>"
            f"{table_html(view)}"
            f"<p class=\"sim-used\" data-search-exclude>{used_html(view['used'])}</p>"
            f"{download_html(view, csv_name)}")
