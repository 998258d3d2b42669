"""The balance-of-threat calculator: the Cold War verdicts, the weights, the sources, bad input."""

from __future__ import annotations

import itertools

import pytest

from sims import registry
from sims.models import threat
from tests.helpers import assert_rejected

WEST = ["United Kingdom", "France", "Italy"]
ONLY = {"w_power": 0, "w_proximity": 0, "w_offense": 0, "w_intentions": 0}
WEIGHTS = [threat.SPEC[f"w_{s}"] for s in threat.SOURCES]


def run(**params):
    return registry.run("threat", params)


def integer_grid() -> list[tuple[int, ...]]:
    """Every combination of whole-number weights the controls allow, but all zero (refused)."""
    ranges = [range(int(p.minimum), int(p.maximum) + 1) for p in WEIGHTS]
    return [w for w in itertools.product(*ranges) if any(w)]


def tenths(x: float) -> int:
    n = round(x * 10)
    assert x == n / 10, f"{x} is not a coding in tenths; the exact oracle below assumes it is"
    return n


def scaled_threats(case: dict, me: str, w: tuple[int, ...]) -> dict[str, int]:
    """The threat ``me`` sees in each other state, times 10 * the largest GDP * the weights' sum.

    An oracle in whole numbers, independent of the model's fractions: the scale is the same for
    every state ``me`` looks at, so equal here is equal in exact arithmetic.
    """
    states = case["states"]
    largest = max(s["gdp"] for s in states.values())
    w_power, w_proximity, w_offense, w_intentions = w
    return {o: 10 * w_power * s["gdp"]
            + largest * (w_proximity * tenths(threat.proximity(case, me, o))
                         + w_offense * tenths(s["offense"])
                         + w_intentions * tenths(s["intentions"]))
            for o, s in states.items() if o != me}


def exact_pick(case: dict, me: str, w: tuple[int, ...]) -> tuple[str, set[str]]:
    """The most threatening state by the documented rule (ties to the stronger), and the tied."""
    threats = scaled_threats(case, me, w)
    top = [o for o, t in threats.items() if t == max(threats.values())]
    pick = max(top, key=lambda o: case["states"][o]["gdp"])
    return pick, set(top) - {pick}


def test_cold_war_europe_waltz_points_at_the_united_states_walt_at_the_soviet_union():
    data = run(case="cold_war_europe").data
    for state in WEST:
        assert data["power_rule"][state] == "United States"
        assert data["threat_rule"][state] == "Soviet Union"
    assert data["disagree"] == WEST
    assert data["power_rule"]["United States"] == data["threat_rule"]["United States"] == \
        "Soviet Union"
    assert data["power_rule"]["Soviet Union"] == data["threat_rule"]["Soviet Union"] == \
        "United States"


def test_cold_war_europe_summary_names_both_answers_and_why():
    summary = run().summary
    assert "points the United Kingdom, France and Italy at the United States" in summary
    assert "at the Soviet Union, which is nearer, has more offensive power" in summary
    assert summary.count(". ") + 1 <= 3


def test_cold_war_asia_japan_sides_against_the_nearer_soviet_union():
    data = run(case="cold_war_asia").data
    assert data["power_rule"]["Japan"] == "United States"
    assert data["threat_rule"]["Japan"] == "Soviet Union"
    assert data["threat_rule"]["China"] == "Soviet Union"  # the road to Beijing's opening
    assert data["threat_rule"]["United States"] == "Soviet Union"


def test_threat_is_the_weighted_mean_of_the_four_sources():
    weights = {"w_power": 2, "w_proximity": 1, "w_offense": 0.5, "w_intentions": 3}
    data = run(**weights).data
    uk = next(c for c in data["choices"] if c["state"] == "United Kingdom")
    power = 510_243 / 1_455_916
    expected = (2 * power + 1 * 0.5 + 0.5 * 0.9 + 3 * 0.8) / 6.5
    assert uk["threats"]["Soviet Union"] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("case", list(threat.CASES))
def test_power_alone_makes_walt_agree_with_waltz(case):
    data = run(case=case, **{**ONLY, "w_power": 5}).data
    assert data["disagree"] == []
    assert data["power_rule"] == data["threat_rule"]
    assert "power is the only source" in run(case=case, **{**ONLY, "w_power": 1}).summary


def test_an_exact_tie_goes_to_the_stronger_state_and_the_summary_says_the_rules_agree():
    # Giant (1 + 0.2) / 2 and Rival (0.4 + 0.8) / 2: 0.6 each on paper, but in floating point
    # the second is 0.6000000000000001, which used to hand North, South and Islander to Rival.
    result = run(case="illustrative", w_proximity=0, w_offense=0)
    choices = {c["state"]: c for c in result.data["choices"]}
    for state in ("North", "South", "Islander"):
        assert choices[state]["threats"]["Giant"] == choices[state]["threats"]["Rival"] == 0.6
        assert result.data["threat_rule"][state] == result.data["power_rule"][state] == "Giant"
        assert choices[state]["ties"] == ["Rival"]
    assert result.data["disagree"] == []
    assert [r[2:4] for r in result.main_table().rows] == [
        ["Rival", "yes"], ["Giant", "yes"], ["Giant", "yes"], ["Giant", "yes"], ["Giant", "yes"]]
    assert result.summary.startswith("Under these weights the two rules agree for every state")
    assert "(or tied for it, and ties go to the stronger)" in result.summary


@pytest.mark.slow  # every point of the weight grid
@pytest.mark.parametrize("case", list(threat.CASES))
def test_on_the_integer_weight_grid_walt_picks_the_exact_maximum_and_ties_go_to_the_stronger(
        case):
    c = threat.CASES[case]
    tied = 0
    for w in integer_grid():
        for row in threat.assess(c, dict(zip(threat.SOURCES, map(float, w), strict=True))):
            pick, ties = exact_pick(c, row["state"], w)
            assert (row["threat_rule"], set(row["ties"])) == (pick, ties), (w, row["state"])
            if not any(w[1:]):
                assert row["threat_rule"] == row["power_rule"], (w, row["state"])
            tied += bool(ties)
    assert tied, "no exact tie on this case's grid: the sweep would not test the tie rule"


@pytest.mark.slow  # every point of the weight grid
def test_at_every_tie_on_the_grid_the_summary_and_the_verdicts_follow_the_pick():
    for case, c in threat.CASES.items():
        for w in integer_grid():
            picks = {me: exact_pick(c, me, w) for me in c["states"]}
            if not any(ties for _, ties in picks.values()):
                continue
            result = run(case=case, **dict(zip(ONLY, w, strict=True)))
            verdicts = result.main_table()
            assert {r[0]: r[2] for r in verdicts.rows} == {me: p for me, (p, _) in picks.items()}
            disagree = [r[0] for r in verdicts.rows if r[3] == "no"]
            assert disagree == result.data["disagree"] == [
                me for me, (p, _) in picks.items() if p != result.data["power_rule"][me]]
            if not disagree:
                assert "(or tied for it, and ties go to the stronger)" in result.summary
            for state in disagree:
                assert state in result.summary


@pytest.mark.parametrize("case", list(threat.CASES))
def test_proximity_alone_points_at_the_nearest_neighbour(case):
    c = threat.CASES[case]
    data = run(case=case, **{**ONLY, "w_proximity": 1}).data
    for me in c["states"]:
        nearest = max(threat.proximity(c, me, o) for o in c["states"] if o != me)
        assert threat.proximity(c, me, data["threat_rule"][me]) == nearest


def test_intentions_alone_point_at_the_state_seen_as_aggressive():
    data = run(**{**ONLY, "w_intentions": 1}).data
    assert {data["threat_rule"][s] for s in [*WEST, "United States"]} == {"Soviet Union"}
    assert data["threat_rule"]["Soviet Union"] == "United States"


def test_enough_weight_on_power_flips_the_british_verdict_where_the_formula_says():
    # UK: US scores w + 0.2 + 0.5 + 0.1, the USSR w * p + 0.5 + 0.9 + 0.8 (all over w + 3).
    p = 510_243 / 1_455_916
    flip = (2.2 - 0.8) / (1 - p)
    below = run(w_power=round(flip - 0.1, 1)).data["threat_rule"]["United Kingdom"]
    above = run(w_power=round(flip + 0.1, 1)).data["threat_rule"]["United Kingdom"]
    assert (below, above) == ("Soviet Union", "United States")


def test_ignoring_distance_narrows_the_gap_between_the_superpowers():
    def gap(**weights) -> float:
        uk = next(c for c in run(**weights).data["choices"] if c["state"] == "United Kingdom")
        return uk["threats"]["Soviet Union"] - uk["threats"]["United States"]

    assert 0 < gap(w_proximity=0) < gap()


def test_without_offense_and_intentions_geography_alone_does_not_carry_walts_verdict():
    # UK: the US scores (1 + 0.2) / 2, the USSR (0.35 + 0.5) / 2, France (0.15 + 0.9) / 2.
    result = run(w_offense=0, w_intentions=0)
    assert {result.data["threat_rule"][s] for s in WEST} == {"United States"}
    assert result.data["disagree"] == []
    assert "strongest other state is also the most threatening" in result.summary


@pytest.mark.parametrize("case", list(threat.CASES))
def test_every_figure_has_a_source_and_every_pair_a_proximity(case):
    c = threat.CASES[case]
    result = run(case=case)
    for state in c["states"].values():
        assert state["offense_why"] and state["intentions_why"]
        assert 0 <= state["offense"] <= 1 and 0 <= state["intentions"] <= 1
    for i, j in itertools.combinations(c["states"], 2):
        assert 0 <= threat.proximity(c, i, j) <= 1
    figures = next(t for t in result.tables if t.name == "figures")
    assert figures.columns.count("why (illustrative)") == 2
    sources = {row[2] for row in figures.rows}
    if case == "illustrative":
        assert sources == {threat.ILLUSTRATIVE}
    else:
        assert len(sources) == 1 and sources.pop().startswith("Maddison (2010), 19")
        assert "Maddison" in result.data["gdp_source"]
    assert "illustrative" in next(t for t in result.tables if t.name == "proximity").title


def test_charts_and_tables():
    result = run(case="cold_war_asia")
    heat, power = result.charts
    assert len(heat["data"]["values"]) == 4 * 3
    assert {r["state"] for r in power["data"]["values"]} == set(threat.CASES["cold_war_asia"]
                                                               ["states"])
    verdicts = result.main_table()
    assert verdicts.columns[:3] == ["state", "Waltz: against power", "Walt: against threat"]
    assert [r[3] for r in verdicts.rows] == ["yes", "no", "no", "no"]


@pytest.mark.parametrize("bad,param", [({"case": "mars"}, "case"), ({"w_power": 6}, "w_power"),
                                       ({"w_offense": -1}, "w_offense"),
                                       ({"w_intentions": "high"}, "w_intentions"),
                                       (ONLY, None), ({"w_trust": 1}, "w_trust")])
def test_bad_input_is_rejected(bad, param):
    assert_rejected("threat", bad, param)


