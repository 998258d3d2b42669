"""Richardson's arms race: two states each arm in reaction to the other's arms.

Equations (Richardson 1960, *Arms and Insecurity*; Richardson 1939, *Generalized Foreign
Politics*)::

    dx/dt = a*y - m*x + g
    dy/dt = b*x - n*y + h

``a``, ``b`` are each side's reaction to the other's arms (how much it values its security),
``m``, ``n`` the fatigue or cost of keeping arms, ``g``, ``h`` standing grievances or ambitions.
Where ``m*n != a*b`` the equilibrium is ``x* = (g*n + a*h) / (m*n - a*b)``,
``y* = (m*h + b*g) / (m*n - a*b)``. With positive fatigue the equilibrium attracts exactly when
``m*n > a*b``; when ``a*b > m*n`` mutual reaction outruns fatigue and the race runs away: each
side's defensive build-up is the other's threat (the security dilemma; Jervis 1978). Products
within a relative 1e-9 of each other count as equal, so slider values such as ``a = 0.2``,
``b = 0.45``, ``m = n = 0.3`` land on the knife edge despite binary rounding.

Integrated with the classical fourth-order Runge-Kutta method with a step small enough
(``|lambda| * dt <= 0.01`` for the fastest eigenvalue) that the trajectories agree with the
closed-form solution to better than 1e-6 relative error. Negative levels are allowed by default
(Richardson read them as cooperation); ``clip_at_zero`` floors both levels at zero after each step.
"""

from __future__ import annotations

import math
from typing import Any

from .. import charts
from ..result import Result, Table
from ..spec import Spec, boolean, number

TITLE = "Richardson's arms race"
SAMPLES = 200  # points kept for the table and charts
MAX_STEP_RATE = 0.01  # |lambda| * dt per Runge-Kutta step
KNIFE_EDGE = 1e-9  # relative gap below which m*n and a*b count as equal

SPEC = Spec((
    number("a", 0.4, 0, 2, "A's reaction to B's arms (a)",
           "How strongly A arms in response to B's arms: how much A values its security.", 0.05),
    number("b", 0.4, 0, 2, "B's reaction to A's arms (b)",
           "How strongly B arms in response to A's arms: how much B values its security.", 0.05),
    number("m", 0.6, 0, 2, "A's fatigue (m)",
           "How fast the cost of arms pulls A's stock down.", 0.05),
    number("n", 0.6, 0, 2, "B's fatigue (n)",
           "How fast the cost of arms pulls B's stock down.", 0.05),
    number("g", 1, -5, 5, "A's grievance (g)",
           "A's standing drive to arm whatever B does (negative: goodwill).", 0.1),
    number("h", 1, -5, 5, "B's grievance (h)",
           "B's standing drive to arm whatever A does (negative: goodwill).", 0.1),
    number("x0", 1, -50, 100, "A's starting arms (x0)", "A's arms level at time 0.", 0.5),
    number("y0", 1, -50, 100, "B's starting arms (y0)", "B's arms level at time 0.", 0.5),
    number("horizon", 20, 1, 100, "Years simulated", "How long to follow the race.", 1),
    boolean("clip_at_zero", False, "No negative arms",
            "Floor both arms levels at zero (off: negative levels mean cooperation)."),
))


def _derivative(p: dict[str, Any], x: float, y: float) -> tuple[float, float]:
    return p["a"] * y - p["m"] * x + p["g"], p["b"] * x - p["n"] * y + p["h"]


def _fastest_rate(p: dict[str, Any]) -> float:
    """The largest |eigenvalue| of [[-m, a], [b, -n]]."""
    half_trace = -(p["m"] + p["n"]) / 2
    disc = ((p["m"] - p["n"]) / 2) ** 2 + p["a"] * p["b"]
    return abs(half_trace) + math.sqrt(disc)


def margin(p: dict[str, Any]) -> float:
    """m*n - a*b, read as exactly 0 within rounding (0.2 * 0.45 and 0.3 * 0.3 are both 0.09)."""
    fatigue, reaction = p["m"] * p["n"], p["a"] * p["b"]
    det = fatigue - reaction
    return 0.0 if abs(det) <= KNIFE_EDGE * max(fatigue, reaction) else det


def equilibrium(p: dict[str, Any]) -> dict[str, float] | None:
    """The rest point where both derivatives vanish, or None when m*n == a*b."""
    det = margin(p)
    if det == 0:
        return None
    return {"x": (p["g"] * p["n"] + p["a"] * p["h"]) / det,
            "y": (p["m"] * p["h"] + p["b"] * p["g"]) / det}


def trajectory(p: dict[str, Any]) -> tuple[list[float], list[float], list[float]]:
    """Times and both arms levels at ``SAMPLES + 1`` evenly spaced times from 0 to horizon."""
    per_sample = max(1, math.ceil(_fastest_rate(p) * p["horizon"] / SAMPLES / MAX_STEP_RATE))
    dt = p["horizon"] / (SAMPLES * per_sample)
    x, y = p["x0"], p["y0"]
    ts, xs, ys = [0.0], [x], [y]
    for sample in range(1, SAMPLES + 1):
        for _ in range(per_sample):
            k1 = _derivative(p, x, y)
            k2 = _derivative(p, x + dt / 2 * k1[0], y + dt / 2 * k1[1])
            k3 = _derivative(p, x + dt / 2 * k2[0], y + dt / 2 * k2[1])
            k4 = _derivative(p, x + dt * k3[0], y + dt * k3[1])
            x += dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
            y += dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
            if p["clip_at_zero"]:
                x, y = max(x, 0.0), max(y, 0.0)
        ts.append(p["horizon"] * sample / SAMPLES)
        xs.append(x)
        ys.append(y)
    return ts, xs, ys


def _summary(p: dict[str, Any], stable: bool, eq: dict[str, float] | None,
             final: dict[str, float]) -> str:
    reaction, fatigue = p["a"] * p["b"], p["m"] * p["n"]
    if stable and eq is not None:
        return (f"The race settles: arms approach A = {eq['x']:.3g} and B = {eq['y']:.3g}, "
                f"because the cost of arms (m·n = {fatigue:.3g}) outweighs mutual reaction "
                f"(a·b = {reaction:.3g}). Each side still arms against the other's arms, but "
                "fatigue damps every round of the spiral.")
    if eq is None:
        return (f"A knife edge: mutual reaction exactly equals fatigue (a·b = m·n = "
                f"{fatigue:.3g}), so there is no single resting point; at year {p['horizon']:g} "
                f"A holds {final['x']:.3g} and B {final['y']:.3g}.")
    return (f"The race runs away: mutual reaction (a·b = {reaction:.3g}) outruns the cost of arms "
            f"(m·n = {fatigue:.3g}), so by year {p['horizon']:g} A holds {final['x']:.3g} and B "
            f"{final['y']:.3g}. Each side's defensive build-up is the other's threat, and "
            "stockpiles grow past any need, as they did in the Cold War.")


def _rest_line(cy: float, cx: float, c: float, grid: list[float],
               curve: str) -> list[dict[str, Any]]:
    """Points of the line cy*y + cx*x + c = 0 (vertical when cy == 0; none when flat)."""
    if cy != 0:
        points = [{"x": x, "y": -(cx * x + c) / cy, "curve": curve, "step": i}
                  for i, x in enumerate(grid)]
    elif cx != 0:
        points = [{"x": -c / cx, "y": y, "curve": curve, "step": i} for i, y in enumerate(grid)]
    else:
        return []  # the derivative is the constant c: that side is never at rest (or always)
    # A coefficient as small as 5e-324 sends the line past the largest float: off the chart.
    return [pt for pt in points if math.isfinite(pt["x"]) and math.isfinite(pt["y"])]


def _charts(p: dict[str, Any], ts: list[float], xs: list[float],
            ys: list[float]) -> list[dict[str, Any]]:
    over_time = [{"year": t, "arms": v, "state": s}
                 for t, x, y in zip(ts, xs, ys, strict=True) for s, v in (("A", x), ("B", y))]
    lo = min(min(xs), min(ys), 0.0)
    hi = max(max(xs), max(ys), 1.0)
    grid = [lo + (hi - lo) * i / 20 for i in range(21)]
    plane = [{"x": x, "y": y, "curve": "path of the race", "step": i}
             for i, (x, y) in enumerate(zip(xs, ys, strict=True))]
    plane += _rest_line(p["a"], -p["m"], p["g"], grid, "A content (dx/dt = 0)")
    plane += _rest_line(-p["n"], p["b"], p["h"], grid, "B content (dy/dt = 0)")
    phase = charts.paths(
        plane, "x", "y", "curve", "step", title="Phase plane with the reaction lines",
        description="The path of the two arms levels, with the lines on which each side is "
                    "content.",
        x_title="A's arms (x)", y_title="B's arms (y)")
    phase["encoding"]["y"]["scale"] = {"domain": [lo, hi]}
    phase["encoding"]["x"]["scale"] = {"domain": [lo, hi]}
    return [
        charts.lines(over_time, "year", "arms", "state", title="Arms over time",
                     description="Arms levels of A and B over time.",
                     x_title="Year", y_title="Arms level"),
        phase,
    ]


def run(params: dict[str, Any], seed: int) -> Result:
    """Integrate the race from (x0, y0) over the horizon (deterministic: the seed is unused)."""
    ts, xs, ys = trajectory(params)
    eq = equilibrium(params)
    stable = margin(params) > 0
    final = {"x": xs[-1], "y": ys[-1]}
    summary = _summary(params, stable, eq, final)
    step = SAMPLES // 20
    table = Table("trajectory", "Arms levels over time", ["year", "A (x)", "B (y)"],
                  [[ts[i], xs[i], ys[i]] for i in range(0, len(ts), step)])
    return Result(
        "arms_race", params, seed, summary,
        data={"t": ts, "x": xs, "y": ys, "final": final, "equilibrium": eq, "stable": stable},
        tables=[table], charts=_charts(params, ts, xs, ys))
