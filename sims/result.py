"""The result of a run: what a model returns, serialised the same way everywhere.

A `Result` holds the model id, the validated parameters, the seed, a plain-language
summary, the model's own fields (``data``), tables and Vega-Lite chart specs. Its JSON is
canonical (sorted keys, floats rounded to 12 significant digits) so CPython and Pyodide give
byte-identical text even where their maths libraries differ in the last bit.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

SIGNIFICANT_DIGITS = 12


class _NonFinite(ValueError):
    """A NaN or infinity met by `canonical`; ``path`` is filled in on the way out."""

    def __init__(self, value: float) -> None:
        super().__init__(value)
        self.value = value
        self.path: list[str] = []


def canonical(value: Any, where: str = "") -> Any:
    """``value`` with every float rounded to 12 significant digits, tuples as lists.

    A NaN or infinity anywhere raises ValueError naming the path to it, e.g.
    ``tables[0].rows[3][1]`` (``where`` names ``value`` itself in that path).
    """
    try:
        return _canonical(value)
    except _NonFinite as bad:
        path = where + "".join(reversed(bad.path))
        raise ValueError(f"a result holds a non-finite number: {bad.value} "
                         f"(at {path.lstrip('.') or 'the top level'})") from None


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _NonFinite(value)
        rounded = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            try:
                out[str(k)] = _canonical(v)
            except _NonFinite as bad:
                bad.path.append(f".{k}")
                raise
        return out
    if isinstance(value, list | tuple):
        items = []
        for i, v in enumerate(value):
            try:
                items.append(_canonical(v))
            except _NonFinite as bad:
                bad.path.append(f"[{i}]")
                raise
        return items
    return value


@dataclass
class Table:
    """A table: an id, a human title, column names and rows of plain values.

    The first column names each row. ``open``: the page shows the table unfolded, for a small
    table that is itself the result (a payoff matrix); others fold away under their title.
    """

    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    open: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "columns": self.columns,
                "rows": self.rows}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(canonical(self.rows, f"{self.name}.rows"))
        return out.getvalue()

    def to_text(self) -> str:
        cells = [[str(c) for c in self.columns]]
        cells += [[_cell(v) for v in row] for row in canonical(self.rows, f"{self.name}.rows")]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                 for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return f"{self.title}\n" + "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return "" if value is None else str(value)


@dataclass
class Result:
    """What ``run(params, seed)`` returns. The first table is the main one (CSV, page)."""

    model: str
    params: dict[str, Any]
    seed: int
    summary: str
    data: dict[str, Any] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        reserved = {"model", "params", "seed", "summary", "tables", "charts"}
        clash = reserved & self.data.keys()
        if clash:
            raise ValueError(f"model data uses reserved keys {sorted(clash)}")
        return canonical({
            "model": self.model,
            "params": self.params,
            "seed": self.seed,
            "summary": self.summary,
            **self.data,
            "tables": [t.to_dict() for t in self.tables],
            "charts": self.charts,
        })

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=indent, allow_nan=False,
                          separators=(",", ": ") if indent else (",", ":"))

    def main_table(self) -> Table:
        return self.tables[0]

    def to_text(self) -> str:
        parts = [self.summary] + [t.to_text() for t in self.tables]
        return "\n\n".join(parts) + "\n"
