"""Richardson's arms race against its closed-form solution, and its verdicts, charts and inputs."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from sims import registry
from sims.models import arms_race
from tests.helpers import assert_rejected

Matrix = list[list[float]]


def _matvec(m: Matrix, v: list[float]) -> list[float]:
    return [m[0][0] * v[0] + m[0][1] * v[1], m[1][0] * v[0] + m[1][1] * v[1]]


def _combine(terms: list[tuple[float, Matrix]]) -> Matrix:
    return [[sum(c * m[i][j] for c, m in terms) for j in range(2)] for i in range(2)]


def _spectral(p: dict, t: float) -> tuple[Matrix, Matrix]:
    """exp(A t) and its integral from 0 to t, from the eigen-decomposition of A.

    A = [[-m, a], [b, -n]] has eigenvalues mu +- delta, real because a*b >= 0. With distinct
    eigenvalues, f(A) = f(l1) P1 + f(l2) P2 with eigenprojections P1 = (A - l2 I) / (l1 - l2)
    and P2 = (A - l1 I) / (l2 - l1) (Sylvester). With a repeated eigenvalue A = mu I + N,
    N @ N = 0, and f(A) = f(mu) I + f'(mu) N.
    """
    m, n, a, b = p["m"], p["n"], p["a"], p["b"]
    eye = [[1.0, 0.0], [0.0, 1.0]]
    mu = -(m + n) / 2
    delta = math.sqrt(((m - n) / 2) ** 2 + a * b)

    def integral(lam: float) -> float:  # the integral of exp(lam s) from 0 to t
        return t if lam == 0 else math.expm1(lam * t) / lam

    if delta > 0:
        l1, l2 = mu + delta, mu - delta
        p1 = [[-m - l2, a], [b, -n - l2]]
        p2 = [[-m - l1, a], [b, -n - l1]]
        d = l1 - l2
        expo = _combine([(math.exp(l1 * t) / d, p1), (-math.exp(l2 * t) / d, p2)])
        integ = _combine([(integral(l1) / d, p1), (-integral(l2) / d, p2)])
        return expo, integ
    nil = [[-m - mu, a], [b, -n - mu]]
    if mu == 0:
        return _combine([(1, eye), (t, nil)]), _combine([(t, eye), (t * t / 2, nil)])
    e = math.exp(mu * t)
    first = t * e / mu - math.expm1(mu * t) / mu**2  # the integral of s exp(mu s)
    return _combine([(e, eye), (t * e, nil)]), _combine([(integral(mu), eye), (first, nil)])


def closed_form(p: dict, t: float) -> list[float]:
    """x(t) = x* + exp(At)(x0 - x*), or exp(At) x0 + (integral of exp(As)) c at the knife edge."""
    expo, integ = _spectral(p, t)
    eq = arms_race.equilibrium(p)
    if eq is None:
        drift = _matvec(integ, [p["g"], p["h"]])
        start = _matvec(expo, [p["x0"], p["y0"]])
        return [start[0] + drift[0], start[1] + drift[1]]
    gap = _matvec(expo, [p["x0"] - eq["x"], p["y0"] - eq["y"]])
    return [eq["x"] + gap[0], eq["y"] + gap[1]]


def params(**overrides) -> dict:
    return arms_race.SPEC.validate(overrides)


CASES = {
    "default, settles": {},
    "runaway": {"a": 1.2, "b": 1.2, "m": 0.5, "n": 0.5},
    "runaway, no fatigue, long": {"a": 2, "b": 2, "m": 0, "n": 0, "horizon": 100},
    "lopsided": {"a": 1.5, "b": 0.2, "m": 0.3, "n": 1.1, "g": -2, "h": 3.5},
    "no reaction": {"a": 0, "b": 0, "m": 0.7, "n": 0.2, "x0": -20, "y0": 60},
    "repeated eigenvalue, defective": {"a": 0, "b": 0.8, "m": 0.7, "n": 0.7},
    "all zero but grievance": {"a": 0, "b": 0, "m": 0, "n": 0, "g": 2, "h": -1},
    "knife edge": {"a": 0.3, "b": 0.3, "m": 0.3, "n": 0.3},
    "knife edge, no fatigue": {"a": 0.4, "b": 0, "m": 0, "n": 0.5, "g": 1.5},
    "fast and stable": {"a": 2, "b": 2, "m": 2, "n": 2, "horizon": 100},
    "goodwill": {"g": -3, "h": -4, "x0": 50, "y0": 5},
}


def _random_cases(count: int) -> list[dict]:
    rng = random.Random(20240611)
    out = []
    for _ in range(count):
        out.append({"a": rng.uniform(0, 2), "b": rng.uniform(0, 2), "m": rng.uniform(0, 2),
                    "n": rng.uniform(0, 2), "g": rng.uniform(-5, 5), "h": rng.uniform(-5, 5),
                    "x0": rng.uniform(-50, 100), "y0": rng.uniform(-50, 100),
                    "horizon": rng.choice([5, 20, 60, 100])})
    return out


def _max_relative_error(p: dict) -> float:
    result = arms_race.run(p, 0)
    xs, ys, ts = result.data["x"], result.data["y"], result.data["t"]
    scale = max(1.0, *(abs(v) for v in xs + ys))
    worst = 0.0
    for t, x, y in zip(ts, xs, ys, strict=True):
        ex, ey = closed_form(p, t)
        worst = max(worst, abs(x - ex) / scale, abs(y - ey) / scale)
    return worst


@pytest.mark.parametrize("overrides", list(CASES.values()), ids=list(CASES))
def test_trajectory_matches_closed_form(overrides):
    assert _max_relative_error(params(**overrides)) < 1e-6


@pytest.mark.parametrize("overrides", _random_cases(30))
def test_random_parameters_match_closed_form(overrides):
    assert _max_relative_error(params(**overrides)) < 1e-6


def _turns(values: list[float]) -> int:
    steps = [b - a for a, b in itertools.pairwise(values) if abs(b - a) > 1e-12 * max(1, abs(a))]
    return sum(1 for s, t in itertools.pairwise(steps) if (s > 0) != (t > 0))


@pytest.mark.parametrize("overrides", list(CASES.values()) + _random_cases(30))
def test_no_oscillation_anywhere_in_the_spec(overrides):
    """Reactions are bounded below by 0, so a*b >= 0, the eigenvalues are real and each arms
    level, a sum of two real exponentials, turns at most once: the race never oscillates."""
    assert arms_race.SPEC["a"].minimum >= 0 and arms_race.SPEC["b"].minimum >= 0
    data = arms_race.run(params(**overrides), 0).data
    assert _turns(data["x"]) <= 1 and _turns(data["y"]) <= 1


def _distance_to_equilibrium(result, i: int) -> float:
    eq = result.data["equilibrium"]
    return math.hypot(result.data["x"][i] - eq["x"], result.data["y"][i] - eq["y"])


# Just beside the edge the slow eigenvalue is about -+0.005, so the race moves slowly.
@pytest.mark.parametrize("a,b,m,n,shrink", [(0.4, 0.4, 0.6, 0.6, 1e-6), (0.2, 1.5, 0.9, 0.5, 1e-3),
                                            (0.59, 0.6, 0.6, 0.6, 0.7)])
def test_stable_when_fatigue_outweighs_reaction(a, b, m, n, shrink):
    p = params(a=a, b=b, m=m, n=n, x0=40, y0=-10, horizon=100)
    assert m * n > a * b
    result = registry.run("arms_race", p)
    assert result.data["stable"] is True
    assert _distance_to_equilibrium(result, -1) < shrink * _distance_to_equilibrium(result, 0)
    assert result.summary.startswith("The race settles")


@pytest.mark.parametrize("a,b,m,n,grow", [(1.2, 1.2, 0.5, 0.5, 1e10), (1.5, 0.5, 0.6, 0.6, 1e3),
                                          (0.61, 0.6, 0.6, 0.6, 1.5)])
def test_runaway_when_reaction_outweighs_fatigue(a, b, m, n, grow):
    p = params(a=a, b=b, m=m, n=n, x0=40, y0=30, horizon=100)
    assert a * b > m * n
    result = registry.run("arms_race", p)
    assert result.data["stable"] is False
    assert _distance_to_equilibrium(result, -1) > grow * _distance_to_equilibrium(result, 0)
    assert result.summary.startswith("The race runs away")


@pytest.mark.parametrize("a,b,m,n", [(0.3, 0.3, 0.3, 0.3), (0.2, 0.45, 0.3, 0.3),
                                     (0.6, 0.15, 0.3, 0.3), (0, 1, 0, 2), (0, 0, 0, 0)])
def test_knife_edge_has_no_equilibrium(a, b, m, n):
    result = registry.run("arms_race", {"a": a, "b": b, "m": m, "n": n})
    assert result.data["equilibrium"] is None
    assert result.data["stable"] is False
    assert result.summary.startswith("A knife edge")
    assert '"equilibrium":null' in result.to_json()


def test_equilibrium_formula():
    p = params(a=0.3, b=0.5, m=0.9, n=0.8, g=2, h=-1)
    eq = arms_race.equilibrium(p)
    assert p["a"] * eq["y"] - p["m"] * eq["x"] + p["g"] == pytest.approx(0, abs=1e-12)
    assert p["b"] * eq["x"] - p["n"] * eq["y"] + p["h"] == pytest.approx(0, abs=1e-12)


def test_clip_at_zero_floors_both_levels():
    p = {"a": 0.1, "b": 0.1, "m": 0.5, "n": 0.5, "g": -2, "h": -3, "x0": 5, "y0": 1}
    free = registry.run("arms_race", p).data
    clipped = registry.run("arms_race", {**p, "clip_at_zero": True}).data
    assert min(free["x"]) < -1 and min(free["y"]) < -1  # unclipped, goodwill goes negative
    assert min(clipped["x"]) == 0 and min(clipped["y"]) == 0
    assert clipped["final"] == {"x": 0.0, "y": 0.0}


def test_clip_at_zero_changes_nothing_while_levels_stay_positive():
    free = registry.run("arms_race", {}).data
    clipped = registry.run("arms_race", {"clip_at_zero": True}).data
    assert min(free["x"] + free["y"]) > 0
    assert clipped["x"] == free["x"] and clipped["y"] == free["y"]


def _phase(result) -> list[dict]:
    phase = result.charts[1]
    assert phase["title"] == "Phase plane with the reaction lines"
    return phase["data"]["values"]


@pytest.mark.parametrize("overrides", [{}, {"a": 1.2, "b": 1.2, "g": -1, "h": 2},
                                       {"a": 0, "m": 0.5}, {"n": 0, "b": 0.7}])
def test_phase_plane_holds_the_path_and_both_reaction_lines(overrides):
    p = params(**overrides)
    result = arms_race.run(p, 0)
    rows = _phase(result)
    curves = {r["curve"] for r in rows}
    assert curves == {"path of the race", "A content (dx/dt = 0)", "B content (dy/dt = 0)"}
    for r in rows:
        if r["curve"] == "A content (dx/dt = 0)":
            assert p["a"] * r["y"] - p["m"] * r["x"] + p["g"] == pytest.approx(0, abs=1e-9)
        if r["curve"] == "B content (dy/dt = 0)":
            assert p["b"] * r["x"] - p["n"] * r["y"] + p["h"] == pytest.approx(0, abs=1e-9)
    path = [r for r in rows if r["curve"] == "path of the race"]
    assert [r["x"] for r in path] == result.data["x"]


def test_result_shape():
    result = registry.run("arms_race", {})
    assert len(result.data["t"]) == arms_race.SAMPLES + 1
    assert result.main_table().columns == ["year", "A (x)", "B (y)"]
    assert all(c["description"] for c in result.charts)


@pytest.mark.parametrize("bad", [{"a": 2.5}, {"m": -0.1}, {"horizon": 0}, {"x0": "lots"},
                                 {"clip_at_zero": "maybe"}, {"reaction": 1}])
def test_bad_input_is_rejected(bad):
    assert_rejected("arms_race", bad, next(iter(bad)))


