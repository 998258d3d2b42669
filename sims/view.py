"""What a reader reads of a result, formatted once, here, for the page and the command line.

`view` turns a `~sims.result.Result` into plain strings: the summary, the main
table's cells, the line of the parameters used (in the spec's order, by their labels), the
charts' Vega-Lite specs (each also laid out for a phone's column, `sims.narrow`), the main
table as CSV and, for a model that unfolds over time, its replay's frames (`sims.frames`, or
None). The build renders it to the block's static HTML (``simsite/render.py``); in the browser
`sims.web.handle` returns it and the page only puts the strings where they go. So the
pre-rendered output and a live one cannot drift apart.

Numbers are shown with at most six significant digits, in positional notation from 0.00001 up
to 10**15 (``1234567.0`` reads ``1234570``, never ``1.23457e+06``); whole numbers as whole
numbers; ``-0.0`` as ``0``. The CSV keeps every value at the canonical precision of the JSON
(12 significant digits, `sims.result.canonical`).
"""

from __future__ import annotations

import math
from typing import Any

from .frames import replay
from .narrow import narrow
from .result import Result, canonical
from .spec import CHOICE, CHOICES, Param, Spec

SIGNIFICANT = 6
POSITIONAL = (-5, 15)  # decimal exponents shown without an exponent: 1e-5 <= |x| < 1e15


def number_text(x: float | int) -> str:
    """A number as a reader reads it: six significant digits, no exponent if avoidable."""
    if isinstance(x, int):
        return str(x)
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    exponent = math.floor(math.log10(abs(x)))
    if not POSITIONAL[0] <= exponent < POSITIONAL[1]:
        return f"{x:.{SIGNIFICANT}g}"
    decimals = SIGNIFICANT - 1 - exponent
    rounded = round(x, decimals)
    if rounded != 0 and math.floor(math.log10(abs(rounded))) > exponent:  # 999999.7 -> 1e6
        decimals -= 1
    text = f"{rounded:.{max(decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def value_text(value: Any) -> str:
    """Any value of a parameter or a table cell, as text."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) if value else "none"
    return "" if value is None else str(value)


def param_text(param: Param, value: Any) -> str:
    """A parameter's value in the reader's words: choices by their labels, not their ids."""
    if param.kind in (CHOICE, CHOICES) and param.choice_labels:
        names = dict(zip(param.choices, param.choice_labels, strict=True))
        if param.kind == CHOICE:
            return names.get(value, str(value))
        return value_text([names.get(v, v) for v in value])
    return value_text(value)


def seed_text(result: Result) -> str:
    """The seed a result ran with; an ensemble's seeds (`sims.ensemble`) as a range."""
    seeds = result.data.get("seeds") if "worlds" in result.data else None
    return f"{seeds[0]} to {seeds[1]}, one world each" if seeds else str(result.seed)


def used_line(lead: str, settings: list[tuple[str, str]],
              extras: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """A line of what ran, as the parts the page places in order: ``lead``, each setting's
    label and value (a ``setting`` part, its value as ``code``), then each extra (the seed, a
    game's moves) by name and value, separated by semicolons.

    The build (``simsite/render.py``, ``used_html``) and the page (``sims-output.js``,
    ``placeUsed``) only place these parts, so the line is written here alone.
    """
    parts: list[dict[str, Any]] = [{"text": lead}]
    for i, (label, text) in enumerate(settings):
        parts += [{"text": "; "}] if i else []
        parts.append({"text": f"{label} = ", "code": text, "setting": True})
    for i, (name, text) in enumerate(extras):
        parts.append({"text": f"{'; ' if settings or i else ''}{name} ", "code": text})
    return [*parts, {"text": "."}]


def view(result: Result, spec: Spec) -> dict[str, Any]:
    """Every string a reader reads of ``result`` (see the module's docstring)."""
    table = result.main_table()
    rows = canonical(table.rows, "tables[0].rows")
    charts = canonical(result.charts, "charts")
    return {
        "summary": result.summary,
        "charts": charts,
        "narrow_charts": [narrow(chart) for chart in charts],
        "table": {"title": table.title, "columns": [str(c) for c in table.columns],
                  "rows": [[value_text(v) for v in row] for row in rows], "open": table.open},
        "used": used_line("Parameters used: ",
                          [(p.label, param_text(p, result.params[p.name]))
                           for p in spec.params if p.name in result.params],
                          [("seed", seed_text(result))]),
        "csv": table.to_csv(),
        "replay": canonical(replay(result), "replay"),
    }
