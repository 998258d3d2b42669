"""Balancing or bandwagoning: the notes' claims over many seeds, the mechanics, the inputs."""

from __future__ import annotations

import functools
import random

import pytest

from sims import registry
from sims.models import alliances
from tests.helpers import assert_rejected

SEEDS = range(40)
RULES = ("balance_threat", "balance_power", "bandwagon")


def run(seed: int = 0, **params):
    return registry.run("alliances", params, seed)


@functools.cache
def sweep(rule: str) -> dict[str, float]:
    """Means over SEEDS at the default world (10 states, 2 revisionists, 50 turns)."""
    data = [run(s, rule=rule).data for s in SEEDS]
    n = len(data)
    return {"survivors": sum(d["survivors"] for d in data) / n,
            "hhi": sum(d["hhi"] for d in data) / n,
            "hegemon": sum(d["hegemon"] for d in data) / n,
            "opposition": sum(d["opposition"] for d in data) / n,
            "revisionist_gain": sum(d["revisionist_share"][1] - d["revisionist_share"][0]
                                    for d in data) / n}


@pytest.mark.parametrize("balancing", ["balance_threat", "balance_power"])
def test_more_states_survive_and_power_stays_spread_under_balancing(balancing):
    bal, band = sweep(balancing), sweep("bandwagon")
    assert bal["survivors"] > band["survivors"] + 2
    assert bal["hhi"] < band["hhi"] - 0.3
    assert bal["hegemon"] < band["hegemon"]


@pytest.mark.parametrize("balancing", ["balance_threat", "balance_power"])
def test_aggressors_face_combined_opposition_under_balancing(balancing):
    assert sweep(balancing)["opposition"] > sweep("bandwagon")["opposition"]


def test_under_bandwagoning_aggression_pays():
    bal, band = sweep("balance_threat"), sweep("bandwagon")
    assert band["revisionist_gain"] > 0.4
    assert abs(bal["revisionist_gain"]) < 0.1


def test_balancing_against_threat_aims_at_the_revisionists_better_than_against_power():
    threat_, power = sweep("balance_threat"), sweep("balance_power")
    assert threat_["opposition"] > power["opposition"]
    assert threat_["revisionist_gain"] < power["revisionist_gain"]


def test_a_mixed_world_lies_between_the_pure_ones():
    mixed = [run(s, rule="mixed", bandwagon_share=0.5).data["survivors"] for s in SEEDS]
    mean = sum(mixed) / len(mixed)
    assert sweep("bandwagon")["survivors"] < mean < sweep("balance_threat")["survivors"]


def test_mixed_with_no_or_all_bandwagoners_is_the_pure_rule():
    for seed in range(5):
        none = run(seed, rule="mixed", bandwagon_share=0).data
        pure = run(seed, rule="balance_threat").data
        assert (none["shares"], none["wars"]) == (pure["shares"], pure["wars"])
        everyone = run(seed, rule="mixed", bandwagon_share=1).data
        band = run(seed, rule="bandwagon").data
        assert (everyone["shares"], everyone["sides"]) == (band["shares"], band["sides"])


def test_the_same_seed_draws_the_same_world_under_every_rule():
    starts = {tuple(run(7, rule=r).data["shares"][0]) for r in alliances.RULES}
    assert len(starts) == 1


def _strongest_other(shares: list[float], me: int) -> int:
    return max((k for k in range(len(shares)) if k != me and shares[k] > 0),
               key=lambda k: shares[k])


def test_balance_power_every_content_state_opposes_the_strongest_other():
    for seed in range(10):
        data = run(seed, rule="balance_power").data
        names, shares, sides = data["states"], data["shares"][0], data["sides"][0]
        for k, side in enumerate(sides):
            if names[k].startswith("S"):
                assert side == f"against {names[_strongest_other(shares, k)]}"


def test_balance_threat_lines_the_content_states_up_against_revisionists():
    against = total = 0
    for seed in range(10):
        data = run(seed, rule="balance_threat").data
        for name, side in zip(data["states"], data["sides"][0], strict=True):
            if name.startswith("S"):
                total += 1
                against += side in ("against R1", "against R2")
    assert against / total > 0.8


def test_bandwagoners_join_and_revisionists_lead():
    data = run(3, rule="bandwagon").data
    for name, side in zip(data["states"], data["sides"][0], strict=True):
        assert side.startswith("with ")
        if name.startswith("R"):
            assert side == f"with {name}"


def test_aggressors_attack_only_when_their_side_outweighs_the_defence():
    wars = [w for r in RULES for s in range(10) for w in run(s, rule=r).data["wars"]]
    assert len(wars) > 100
    assert all(w["attack_power"] > w["defence_power"] for w in wars)
    assert all(w["attacker"].startswith("R") for w in wars)


def test_power_is_conserved_and_the_conquered_stay_conquered():
    for rule in RULES:
        data = run(11, rule=rule, states=15, revisionists=3).data
        gone = set()
        for row in data["shares"]:
            assert sum(row) == pytest.approx(1, abs=1e-12)
            assert all(row[k] == 0 for k in gone)
            gone |= {k for k, share in enumerate(row) if share == 0}


def test_outcome_measures_agree_with_the_final_shares():
    for rule in RULES:
        for seed in range(5):
            data = run(seed, rule=rule).data
            final = data["shares"][-1]
            assert data["survivors"] == sum(share > 0 for share in final)
            assert data["hhi"] == pytest.approx(sum(share**2 for share in final))
            assert data["hegemon"] == (max(final) > 0.5)


def test_without_revisionists_nothing_happens():
    result = run(5, revisionists=0)
    assert result.data["wars"] == [] and result.data["survivors"] == 10
    assert all(row == result.data["shares"][0] for row in result.data["shares"])
    assert "no revisionist" in result.summary


def test_summaries_say_what_happened():
    band = run(0, rule="bandwagon")
    assert band.summary.startswith("Bandwagoning") and "hegemon" in band.summary
    bal = run(0, rule="balance_threat")
    assert bal.summary.startswith("Balancing against threat")
    assert "10 of 10 states survive" in bal.summary
    for result in (band, bal):
        assert result.summary.count(". ") + 1 <= 3


def test_charts_and_tables():
    result = run(4, turns=20)
    area, world_map, allied = result.charts
    assert area["mark"]["type"] == "area"
    assert {r["state"] for r in allied["data"]["values"]} <= set(result.data["states"])
    assert len(area["data"]["values"]) == 21 * 10
    assert {r["state"] for r in world_map["data"]["values"]} == set(result.data["states"])
    assert [t.name for t in result.tables] == ["states", "wars"]
    assert len(result.main_table().rows) == 10


@pytest.mark.parametrize("bad,param", [({"rule": "appease"}, "rule"),
                                       ({"bandwagon_share": 1.5}, "bandwagon_share"),
                                       ({"states": 2}, "states"), ({"turns": 0}, "turns"),
                                       ({"revisionists": 10, "states": 10}, "revisionists"),
                                       ({"states": 40, "turns": 200}, None),
                                       ({"allies": 3}, "allies")])
def test_bad_input_is_rejected(bad, param):
    assert_rejected("alliances", bad, param)




def test_under_the_mixed_rule_each_status_quo_state_bandwagons_with_the_chance_set():
    worlds = {}
    for share in (0.2, 0.3, 0.7):
        p = alliances.SPEC.validate({"rule": "mixed", "bandwagon_share": share})
        drawn = [alliances.make_world(p, random.Random(s), random.Random(f"{s} bandwagon"))
                 for s in range(200)]
        joined = [s["bandwagons"] for world in drawn for s in world if not s["revisionist"]]
        assert abs(sum(joined) / len(joined) - share) < 0.035  # 1,600 draws: 3 s.d. or less
        worlds[share] = [[s["bandwagons"] for s in world] for world in drawn]
    # 0.2 and 0.3 no longer round to the same two states of eight: the worlds differ
    assert sum(a != b for a, b in zip(worlds[0.2], worlds[0.3], strict=True)) > 50
