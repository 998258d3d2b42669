"""Start a new model: ``python -m simsite.scaffold ID`` (``make new-model ID=...``).

Writes ``sims/models/ID.py`` (a small working model with a documented ``SPEC``, a ``run`` and
their docstrings to rewrite), ``tests/unit/test_ID.py`` (its own exactness test), and prints the
```` ```sim ```` block to paste into a page. Nothing needs registering: the file name is the
id (sims/registry.py finds the module), and the contract suite (tests/contract) checks the new
model with every other as soon as the file exists. ``--models`` and ``--tests`` write
elsewhere (a folder named in ``SIMS_EXTRA_MODELS``, as the author guide's own test does).

Build-time tooling: it is not in the ``sims`` wheel that readers download.
"""

from __future__ import annotations

import argparse
import keyword
import pkgutil
import re
import sys
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
ID = re.compile(r"^[a-z][a-z0-9_]*$")

MODEL = Template('''"""$title: one line saying what the model shows (`sims list` prints it).

Replace this docstring with the model's equations or rules, in the notation the page uses, and
the works it follows (each is an entry of docs/bibliography.md)::

    x[t + 1] = x[t] * (1 + rate)

This template is a stock growing by a fixed rate each year; rewrite it, its spec and its test.
"""

from __future__ import annotations

from typing import Any

from .. import charts
from ..result import Result, Table
from ..spec import Spec, integer, number

TITLE = "$title"

# Each parameter: name, default, bounds, the label a reader sees and one line of help. The
# controls, the command line and validation all come from here; a bound is written once.
SPEC = Spec((
    number("rate", 0.1, -0.5, 0.5, "Growth per year",
           "How much the stock grows each year, as a share of itself.", 0.01),
    integer("years", 20, 1, 100, "Years simulated", "How long to follow the stock."),
    number("start", 1, 0, 100, "Starting stock", "The stock at year 0.", 0.5),
))


def run(params: dict[str, Any], seed: int) -> Result:
    """Follow the stock year by year (deterministic: the seed is unused).

    ``params`` are already validated. Draw any randomness only from ``random.Random(seed)``,
    and add up floats with ``math.fsum``, never ``sum()`` (Pyodide's Python rounds it
    differently).
    """
    stock = [params["start"]]
    for _ in range(params["years"]):
        stock.append(stock[-1] * (1 + params["rate"]))
    summary = (f"Growing by {params['rate']:.0%} a year, the stock goes from "
               f"{stock[0]:g} to {stock[-1]:.3g} in {params['years']} years.")
    table = Table("stock", "Stock by year", ["year", "stock"],
                  [[year, value] for year, value in enumerate(stock)])
    chart = charts.lines([{"year": year, "stock": value, "series": "stock"}
                          for year, value in enumerate(stock)],
                         "year", "stock", "series", title="Stock over time",
                         description="The stock year by year.",
                         x_title="Year", y_title="Stock")
    return Result("$id", params, seed, summary, data={"stock": stock}, tables=[table],
                  charts=[chart])
''')

TEST = Template('''"""$title: the model's own exactness tests.

What every model must do (run at its defaults and at every preset of the notes, repeat itself,
refuse bad input in one line, finish its largest workload in time, match Pyodide) is checked by
the contract suite, tests/contract, for every model at once: `make test-model ID=$id`.
"""

from __future__ import annotations

import pytest

from sims import registry


def test_the_stock_follows_the_closed_form():
    stock = registry.run("$id", {"rate": 0.1, "years": 10, "start": 2}).data["stock"]
    assert stock[-1] == pytest.approx(2 * 1.1**10)
    assert len(stock) == 11
''')

BLOCK = Template('''```sim
model: $id
title: $title
controls: [rate, years, start]
presets:
  - label: A slow rise
    params: {rate: 0.02}
  - label: A decline
    params: {rate: -0.1}
```''')


class ScaffoldError(ValueError):
    """An id that cannot be a new model."""


def check_id(model_id: str, folders: list[Path]) -> None:
    """A new id is a lower-case Python name that no module of the model folders has."""
    if not ID.match(model_id) or keyword.iskeyword(model_id):
        raise ScaffoldError(f"{model_id!r} cannot be a model id: use lower-case letters, digits "
                            f"and _, starting with a letter (it is the file name)")
    taken = {info.name for info in pkgutil.iter_modules([str(f) for f in folders])}
    if model_id in taken:
        raise ScaffoldError(f"{model_id!r} is taken: a module of that name exists in "
                            f"{', '.join(map(str, folders))}")


def scaffold(model_id: str, title: str, models: Path, tests: Path) -> list[Path]:
    """Write the model and its test; the paths written."""
    check_id(model_id, list(dict.fromkeys([ROOT / "sims" / "models", models.resolve()])))
    if '"' in title or "\\" in title or not title.strip():
        raise ScaffoldError(f"title {title!r}: use plain words, without quotes or backslashes")
    written = [(models / f"{model_id}.py", MODEL), (tests / f"test_{model_id}.py", TEST)]
    for path, _ in written:
        if path.exists():
            raise ScaffoldError(f"{path} exists; not overwritten")
    for path, template in written:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.substitute(id=model_id, title=title), encoding="utf-8")
    return [path for path, _ in written]


def block(model_id: str, title: str) -> str:
    """The ```sim block that puts the new model on a page."""
    return BLOCK.substitute(id=model_id, title=title)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simsite.scaffold",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("id", help="the model's id and file name, e.g. my_model")
    parser.add_argument("--title", help="its title (default: from the id)")
    parser.add_argument("--models", type=Path, default=ROOT / "sims" / "models",
                        help="folder for the model (default: sims/models)")
    parser.add_argument("--tests", type=Path, default=ROOT / "tests" / "unit",
                        help="folder for its test (default: tests/unit)")
    args = parser.parse_args(argv)
    title = args.title or args.id.replace("_", " ").capitalize()
    try:
        paths = scaffold(args.id, title, args.models, args.tests)
    except ScaffoldError as err:
        print(f"scaffold: error: {err}", file=sys.stderr)
        return 2
    print("Wrote " + " and ".join(map(str, paths)) + ".\n")
    print("Paste this block into a page (and the page into mkdocs.yml's nav):\n")
    print(block(args.id, title))
    print(f"\nThen: make test-model ID={args.id}; make serve.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
