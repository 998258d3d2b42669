"""Static HTML for a simulation result: what a reader sees before any JavaScript runs.

The summary, the charts as inline SVG (rendered by vl-convert from the model's own Vega-Lite
specs), the main table in a collapsible section, and the parameter values used. This is also
what prints and what a reader without JavaScript gets.
"""

from __future__ import annotations

import functools
import json
import re
from html import escape
from typing import Any

import vl_convert

from sims.result import Result, canonical
from sims.spec import CHOICE, CHOICES, Param, Spec

VEGA_LITE_VERSION = "6.4"
_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")


@functools.lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    svg = vl_convert.vegalite_to_svg(json.loads(spec_json), vl_version=VEGA_LITE_VERSION)
    return _XML_DECL.sub("", svg)


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG string (cached: the same spec renders once per build)."""
    return _svg(json.dumps(spec, sort_keys=True))


def format_value(value: Any) -> str:
    """A parameter value as a reader would write it."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    return str(value)


def shown_value(param: Param, value: Any) -> str:
    """A parameter's value in the reader's words: choices by their labels, not their ids."""
    if param.kind in (CHOICE, CHOICES) and param.choice_labels:
        names = dict(zip(param.choices, param.choice_labels, strict=True))
        if param.kind == CHOICE:
            return names.get(value, str(value))
        return format_value([names.get(v, v) for v in value])
    return format_value(value)


def params_line(params: dict[str, Any], spec: Spec, seed: int) -> str:
    items = "; ".join(f"<span class=\"sim-param\">{escape(spec[k].label)} = "
                      f"<code>{escape(shown_value(spec[k], v))}</code></span>"
                      for k, v in params.items())
    return f"Parameters used: {items}; seed <code>{seed}</code>."


def table_html(result: Result) -> str:
    table = result.main_table()
    head = "".join(f"<th scope=\"col\">{escape(str(c))}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(format_value(v) if v is not None else '')}</td>"
                         for v in row) + "</tr>"
        for row in canonical(table.rows))
    return (f"<details class=\"sim-table\" data-search-exclude>"
            f"<summary>Table: {escape(table.title)}</summary>"
            f"<div class=\"sim-table-scroll\" tabindex=\"0\" role=\"region\" "
            f"aria-label=\"{escape(table.title)}\"><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div></details>")


def charts_html(result: Result) -> str:
    figures = []
    for spec in result.charts:
        figures.append(
            # Focusable: on a phone the pre-drawn chart keeps a readable size and scrolls
            # sideways inside its box (the live chart is redrawn to fit instead).
            f"<figure class=\"sim-chart\"><div class=\"sim-svg\" role=\"img\" tabindex=\"0\" "
            f"aria-label=\"{escape(spec.get('title', 'Chart'))}\">{chart_svg(spec)}</div>"
            f"<figcaption>{escape(spec.get('description', ''))}</figcaption></figure>")
    return "".join(figures)


def output_html(result: Result, spec: Spec) -> str:
    """The inner HTML of a block's output area for ``result``.

    Only the summary is prose worth finding with the site's search; the charts' labels, the
    numbers and the parameters are marked for the theme's search index to skip.
    """
    return (f"<p class=\"sim-summary\">{escape(result.summary)}</p>"
            f"<div class=\"sim-charts\" data-search-exclude>{charts_html(result)}</div>"
            f"{table_html(result)}"
            f"<p class=\"sim-used\" data-search-exclude>"
            f"{params_line(result.params, spec, result.seed)}</p>")
