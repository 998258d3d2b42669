"""An ensemble's result in words, table and charts: what a reader reads of many worlds.

The summary states shares, never one world's ending as if it were general: "War in 31 of 50
worlds (62%, 95% interval 48-74%)", for each ending that occurred, the most frequent first;
then the endings that never occurred. The main table has one row per world (its seed, its
ending and its numbers), so the CSV a block downloads and ``sims run MODEL --worlds N --csv``
prints are the same. Two kinds of chart: the shares of the endings as bars with their
intervals, and, per unit, a strip of the headline numbers with a dot per world (its caption
gives each number's median and range).
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from . import charts
from .outcomes import Number
from .result import Result, Table
from .view import number_text

MANY = 4  # past this many endings or numbers, the summary names fewer of them


def percent(x: float) -> str:
    """A share as a whole percentage."""
    return f"{x:.0%}"


def interval(low: float, high: float) -> str:
    """An interval of shares, "48–74%"."""
    return f"{low * 100:.0f}–{percent(high)}"


def value(number: Number, x: float) -> str:
    """A headline number as a reader reads it: shares as percentages."""
    return percent(x) if number.percent else number_text(float(f"{x:.3g}"))


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


def summary(n: int, first: int, tally: list[dict[str, Any]]) -> str:
    """The ensemble in words (see the module's docstring)."""
    seen = sorted((t for t in tally if t["count"]), key=lambda t: -t["count"])
    clauses = [f"{t['words']} in {t['count']} of {n} worlds ({percent(t['share'])}, 95% "
               f"interval {interval(t['low'], t['high'])})" for t in seen]
    text = (f"Over {n} worlds (seeds {first} to {first + n - 1}, one run each): "
            + "; ".join(_lower_first(c) if i else c for i, c in enumerate(clauses)) + ".")
    never = [_lower_first(t["words"]) for t in tally if not t["count"]]
    if never:
        text += (f" In none: {', '.join(never)}." if len(never) <= MANY
                 else " No world ended any other way.")
    return text


def spread(numbers: list[Number], measured: list[dict[str, float]]) -> str:
    """How the headline numbers spread over the worlds: each one's median and range, or, for
    many numbers of one unit (a tournament's scores), their medians from the highest."""
    medians = {n.name: statistics.median(m[n.name] for m in measured) for n in numbers}
    if len(numbers) > MANY and len({n.unit for n in numbers}) == 1:
        ranked = sorted(numbers, key=lambda n: -medians[n.name])
        return (f"Median {numbers[0].unit}: "
                + "; ".join(f"{_lower_first(n.label)} {value(n, medians[n.name])}"
                            for n in ranked) + ".")
    return " ".join(f"{n.label}: median {value(n, medians[n.name])}, from "
                    f"{value(n, min(m[n.name] for m in measured))} to "
                    f"{value(n, max(m[n.name] for m in measured))}." for n in numbers)


def _shares_chart(tally: list[dict[str, Any]], n: int) -> dict[str, Any]:
    rows = [{"ending": t["words"], "share": t["share"], "low": t["low"], "high": t["high"],
             "worlds": t["count"]} for t in tally]
    share = {"field": "share", "type": "quantitative", "title": f"Share of {n} worlds",
             "scale": {"domain": [0, 1]}, "axis": {"format": ".0%"}}
    return {
        "$schema": charts.SCHEMA,
        "title": "How the worlds ended",
        "description": "The share of the worlds that ended each way (bars), with the 95% "
                       "interval of that share (lines).",
        "width": charts.WIDTH,
        "height": {"step": 26},
        "data": {"values": rows},
        "config": charts.CONFIG,
        "encoding": {
            "y": {"field": "ending", "type": "nominal", "title": "Ending",
                  "sort": [t["words"] for t in tally]},
            "x": share,
            "tooltip": [{"field": "ending", "type": "nominal", "title": "Ending"},
                        {"field": "worlds", "type": "quantitative", "title": "Worlds"},
                        {"field": "share", "type": "quantitative", "title": "Share",
                         "format": ".0%"},
                        {"field": "low", "type": "quantitative", "title": "From",
                         "format": ".0%"},
                        {"field": "high", "type": "quantitative", "title": "To",
                         "format": ".0%"}],
        },
        "layer": [
            {"mark": {"type": "bar", "color": charts.NEUTRAL, "height": {"band": 0.6}}},
            {"mark": {"type": "rule", "color": charts.INK, "strokeWidth": 2},
             "encoding": {"x": {"field": "low", "type": "quantitative"},
                          "x2": {"field": "high"}}},
        ],
    }


def _strip_chart(unit: str, numbers: list[Number],
                 measured: list[dict[str, float]]) -> dict[str, Any]:
    """One dot per value a headline number took, sized by how many worlds it took it in (so
    the worlds that coincide, say twenty with no war, are not drawn as one)."""
    rows = []
    for number in numbers:
        taken = Counter(float(f"{m[number.name]:.3g}") for m in measured)
        rows += [{"measure": number.label, "value": x, "worlds": k}
                 for x, k in sorted(taken.items())]
    # Room either side for the dots at the ends of the axis (pixels), off the axis' labels.
    x = {"field": "value", "type": "quantitative", "title": unit[:1].upper() + unit[1:],
         "scale": {"padding": 12, "zero": False}}
    if all(number.percent for number in numbers):
        x.update(scale={"domain": [0, 1], "padding": 12}, axis={"format": ".0%"})
    most = max(row["worlds"] for row in rows)
    return {
        "$schema": charts.SCHEMA,
        "title": f"Each world's {unit}",
        "description": f"One dot per world, larger where worlds coincide. "
                       f"{spread(numbers, measured)}",
        "width": charts.WIDTH,
        "height": {"step": 34},
        "data": {"values": rows},
        "config": charts.CONFIG,
        "mark": {"type": "circle", "color": charts.NEUTRAL, "opacity": 0.7},
        "encoding": {
            "y": {"field": "measure", "type": "nominal", "title": None,
                  "sort": [n.label for n in numbers]},
            "x": x,
            "size": {"field": "worlds", "type": "quantitative", "title": "Worlds",
                     "scale": {"domain": [1, max(most, 2)], "range": [30, 400]},
                     "legend": {"values": sorted({1, (most + 1) // 2, most})}},
            "tooltip": [{"field": "measure", "type": "nominal", "title": "Measure"},
                        {"field": "value", "type": "quantitative", "title": "Value",
                         "format": ".3~g"},
                        {"field": "worlds", "type": "quantitative", "title": "Worlds"}],
        },
    }


def world_result(model_id: str, params: dict[str, Any], first: int,
                 tally: list[dict[str, Any]], ends: list[str], numbers: list[Number],
                 measured: list[dict[str, float]]) -> Result:
    """The ensemble as one `Result` (its first table one row per world)."""
    n = len(ends)
    seeds = range(first, first + n)
    words = {t["outcome"]: t["words"] for t in tally}
    table = Table("worlds", f"The {n} worlds, one row per seed",
                  ["seed", "ending", *(number.label for number in numbers)],
                  [[s, words[end], *(m[number.name] for number in numbers)]
                   for s, end, m in zip(seeds, ends, measured, strict=True)])
    units = list(dict.fromkeys(number.unit for number in numbers))
    strips = [_strip_chart(unit, [x for x in numbers if x.unit == unit], measured)
              for unit in units]
    return Result(
        model_id, params, first, summary(n, first, tally),
        data={"worlds": n, "seeds": [first, first + n - 1],
              "outcomes": [{k: t[k] for k in ("outcome", "count", "share", "low", "high")}
                           for t in tally],
              "numbers": {number.name: [m[number.name] for m in measured]
                          for number in numbers},
              "endings": ends},
        tables=[table], charts=[_shares_chart(tally, n), *strips])
