"""The parameter sets the contract suite runs each model with, and how a run is reported.

Parameter sets: the defaults, every block and preset of the notes (docs/*.md), each model's
bounds (all minimums, all maximums), noise turned up, and random draws from each parameter's
range, some on the controls' step grid and some not. :func:`heaviest` finds the largest
workload a model's spec allows.
"""

from __future__ import annotations

import contextlib
import json
import random
from typing import Any

from sims import registry
from sims.spec import BOOLEAN, CHOICE, INTEGER, NUMBER, Param, ParamError
from tests.helpers import ROOT, sim_blocks

SEEDS = (0, 20240917, registry.MAX_SEED)
RANDOM_SETS = 6
NOISE = ("noise", "mistakes", "misperception")


def bound(param: Param, high: bool) -> Any:
    if param.kind in (NUMBER, INTEGER):
        return param.maximum if high else param.minimum
    if param.kind == BOOLEAN:
        return high
    if param.kind == CHOICE:
        return param.choices[-1 if high else 0]
    return list(param.choices) if high else list(param.choices[: int(param.minimum or 1)])


def draw(param: Param, rng: random.Random, on_grid: bool, shrink: int = 1) -> Any:
    """A random value; integers from the lowest 1/shrink of the range (work grows with them)."""
    if param.kind == INTEGER:
        lo, hi = int(param.minimum), int(param.maximum)
        return rng.randint(lo, lo + (hi - lo) // shrink)
    if param.kind == NUMBER:
        value = rng.uniform(param.minimum, param.maximum)
        if on_grid:
            step = param.to_dict()["step"]
            value = round(param.minimum + round((value - param.minimum) / step) * step, 10)
        return min(max(value, param.minimum), param.maximum)
    if param.kind == BOOLEAN:
        return rng.random() < 0.5
    k = rng.randint(int(param.minimum or 1), len(param.choices))
    return rng.sample(param.choices, k)


def notes_params(model: str) -> list[dict[str, Any]]:
    """The parameters of every block and preset of ``model`` in the notes."""
    found = []
    for page in sorted((ROOT / "docs").glob("*.md")):
        for block in sim_blocks(page.read_text(encoding="utf-8")):
            if block.model != model:
                continue
            found.append(block.params)
            found += [preset["params"] for preset in block.presets]
    return found


def parameter_sets(model: str) -> list[dict[str, Any]]:
    spec = registry.get(model).SPEC
    rng = random.Random(f"determinism {model}")
    sets: list[dict[str, Any]] = [{}]
    sets += notes_params(model)
    sets += [{p.name: bound(p, high) for p in spec.params} for high in (False, True)]
    noisy = [p for p in spec.params if p.name in NOISE]
    if noisy:
        sets += [{p.name: p.maximum * share for p in noisy} for share in (0.5, 1)]
    for i in range(RANDOM_SETS):  # each choice in turn; redrawn smaller until the budget agrees
        for attempt in range(1, 50):
            params = {p.name: p.choices[i % len(p.choices)] if p.kind == CHOICE
                      else draw(p, rng, on_grid=i % 2 == 0, shrink=attempt) for p in spec.params}
            with contextlib.suppress(ParamError):
                spec.validate(params)
                break
        sets.append(params)
    unique = []
    for params in sets:
        if params not in unique:
            unique.append(params)
    return unique


def _largest_allowed(spec: Any, base: dict[str, Any], params: list[Param]) -> dict[str, Any]:
    """``base`` with ``params`` brought down together from their maximums towards their
    defaults (by bisection) until the spec's own check accepts them."""

    def scaled(share: float) -> dict[str, Any]:
        return {**base, **{p.name: int(p.default + share * (p.maximum - p.default))
                           for p in params}}

    def allowed(share: float) -> bool:
        try:
            spec.validate(scaled(share))
        except ParamError:
            return False
        return True

    if allowed(1):
        return scaled(1)
    low, high = 0.0, 1.0
    assert allowed(low), f"the spec refuses {scaled(low)}"
    for _ in range(30):
        mid = (low + high) / 2
        low, high = (mid, high) if allowed(mid) else (low, mid)
    return scaled(low)


def heaviest(model: str) -> list[dict[str, Any]]:
    """The largest workloads the spec allows: every parameter at its top end with all the
    integers as large as allowed together, and each integer alone as large as allowed."""
    spec = registry.get(model).SPEC
    top = {p.name: bound(p, high=True) for p in spec.params}
    integers = [p for p in spec.params if p.kind == INTEGER]
    found = [_largest_allowed(spec, top, integers)]
    found += [_largest_allowed(spec, spec.defaults(), [p]) for p in integers]
    return [params for k, params in enumerate(found) if params not in found[:k]]


def cpython(case: dict[str, Any]) -> dict[str, str]:
    try:
        return {"json": registry.run(case["model"], case["params"], case["seed"]).to_json()}
    except Exception as err:  # the same shape as the Node runner's report
        return {"error": f"{type(err).__name__}: {err}"}


def first_difference(want: dict[str, str], have: dict[str, str]) -> str:
    """Where two reports part, with a little context, for a readable failure."""
    a, b = json.dumps(want), json.dumps(have)
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"...{a[max(0, i - 80):i + 80]}...\n  Pyodide: ...{b[max(0, i - 80):i + 80]}..."
