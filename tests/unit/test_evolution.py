"""The evolution of trust: the scenes of Case's explorable, the selection rule, the replicator
dynamics, determinism and bad input."""

from __future__ import annotations

import collections
import json
import random

import pytest

from sims import registry
from sims.models import evolution
from sims.models import strategies as st
from sims.spec import ParamError
from tests.helpers import assert_rejected

NOBODY = dict.fromkeys(st.IDS, 0)
NOISE_SCENE = {"tit_for_two_tats": 3, "win_stay_lose_shift": 3, "random": 3, "tit_for_tat": 3}


def run(seed: int = 0, **params):
    return registry.run("evolution", {**NOBODY, **params}, seed)


def winners(seeds, **params) -> collections.Counter:
    return collections.Counter(run(s, **params).data["winner"] for s in seeds)


def test_defaults_are_the_explorables():
    d = evolution.SPEC.defaults()
    assert {s: d[s] for s in st.IDS if d[s]} == {"always_cooperate": 15, "always_defect": 5,
                                                 "tit_for_tat": 5}
    assert (d["cc"], d["cd"], d["dc"], d["dd"]) == (2, -1, 3, 0)
    assert (d["rounds"], d["replace"], d["mistakes"], d["mode"]) == (10, 5, 0, "tournament")


def test_opening_scene_first_generation_by_hand():
    """15 cooperators, 5 defectors, 5 tit for tat, 10 rounds of the coin machine.

    A defector scores 15 x 30 (cooperators) + 5 x 3 (tit for tat) = 465; tit for tat
    15 x 20 + 4 x 20 - 5 = 375; a cooperator 14 x 20 - 5 x 10 + 5 x 20 = 330. So the five
    worst are cooperators and the five best defectors: "their numbers have now increased by 5".
    """
    counts = run(generations=1, **evolution.DEFAULT_COUNTS).data["counts"]
    assert {s: c[1] for s, c in counts.items()} == {"always_cooperate": 10, "always_defect": 10,
                                                    "tit_for_tat": 5}


def test_opening_scene_tit_for_tat_inherits_the_earth():
    for seed in range(20):
        d = run(seed, **evolution.DEFAULT_COUNTS).data
        assert d["winner"] == "tit_for_tat" and d["took_over"]
        assert d["shares"]["tit_for_tat"][-1] == 1
        assert d["took_over_at"] == d["shares"]["tit_for_tat"].index(1)
        defectors = d["shares"]["always_defect"]
        assert max(defectors) > defectors[0]  # the defectors thrive first ...
        assert defectors[-1] == 0  # ... and die out once the cooperators are gone
        assert d["shares"]["always_cooperate"].index(0) < defectors.index(max(defectors)) + 2


def test_distrust_scene_too_few_rounds_and_a_smaller_win_win():
    """23 cooperators, 1 defector, 1 tit for tat: with 5 rounds or fewer distrust spreads."""
    world = {"always_cooperate": 23, "always_defect": 1, "tit_for_tat": 1}
    for rounds in range(1, 6):
        assert winners(range(5), rounds=rounds, **world) == {"always_defect": 5}
    for rounds in range(6, 11):
        assert winners(range(5), rounds=rounds, **world) == {"tit_for_tat": 5}
    assert winners(range(5), cc=1, **world) == {"always_defect": 5}  # CC +2 -> +1


def test_mistakes_among_cooperators_win_stay_lose_shift_wins():
    assert winners(range(10), always_cooperate=13, mistakes=0.05,
                   **NOISE_SCENE) == {"win_stay_lose_shift": 10}


def test_mistakes_among_defectors_tit_for_two_tats_wins_and_shares_with_tit_for_tat():
    results = [run(s, always_defect=13, mistakes=0.05, **NOISE_SCENE).data for s in range(10)]
    assert all(d["winner"] == "tit_for_two_tats" for d in results)
    assert sum(d["shares"]["tit_for_tat"][-1] > 0 for d in results) >= 5


@pytest.mark.slow  # a sweep of many noisy tournaments
def test_the_amount_of_miscommunication_decides():
    """Case: at 0% tit for tat wins, at a few per cent tit for two tats, at 20%+ the cheats."""
    scene = {"always_defect": 13, **NOISE_SCENE}
    assert winners(range(10), mistakes=0, **scene).most_common(1)[0][0] == "tit_for_tat"
    for mistakes in (0.01, 0.02, 0.05):
        assert winners(range(10), mistakes=mistakes, **scene) == {"tit_for_two_tats": 10}
    for mistakes in (0.2, 0.3):
        assert winners(range(10), mistakes=mistakes, **scene) == {"always_defect": 10}


@pytest.mark.parametrize("mode", evolution.MODES)
@pytest.mark.parametrize("world", [
    {"always_cooperate": 20, "always_defect": 5},
    {"always_cooperate": 24, "always_defect": 1},
    {"always_cooperate": 5, "always_defect": 20},
    {"always_cooperate": 10, "always_defect": 3, "random": 6, "alternator": 6},
])
def test_always_defect_takes_over_without_reciprocators(mode, world):
    for seed in range(3):
        d = run(seed, mode=mode, generations=200, **world).data
        assert d["winner"] == "always_defect" and d["took_over"]


def test_selection_removes_the_worst_and_copies_the_best_with_random_ties():
    players = ["a", "b", "c", "d", "e", "f"]
    change = evolution.select(players, [5, 1, 3, 9, 0, 7], 2, random.Random(0).random)
    assert change == {"a": 0, "b": -1, "c": 0, "d": 1, "e": -1, "f": 1}
    removed = collections.Counter()
    rng = random.Random(1)
    for _ in range(3000):
        change = evolution.select(players, [1, 1, 1, 2, 2, 2], 1, rng.random)
        removed.update(p for p, d in change.items() if d < 0)
        assert sum(change.values()) == 0
        assert sum(d > 0 for d in change.values()) == 1
        assert all(change[p] >= 0 for p in ("d", "e", "f"))
    assert set(removed) == {"a", "b", "c"}
    assert min(removed.values()) > 900  # a tie is broken at random, about 1000 each


def test_replace_is_capped_at_half_the_population():
    d = run(always_defect=1, always_cooperate=2, tit_for_tat=1, replace=5, generations=1).data
    assert d["replaced"] == 2
    counts = d["counts"]
    assert sum(c[1] for c in counts.values()) == 4


def test_tournament_counts_are_conserved_and_shares_match():
    d = run(3, always_cooperate=4, always_defect=6, tit_for_tat=5, random=5, mistakes=0.1).data
    for g in range(len(d["counts"]["random"])):
        assert sum(c[g] for c in d["counts"].values()) == 20
        for s in d["counts"]:
            assert d["shares"][s][g] == d["counts"][s][g] / 20


def test_replicator_payoffs_shares_and_absent_strategies():
    p = evolution.SPEC.validate({**NOBODY, "always_cooperate": 2, "always_defect": 1,
                                 "tit_for_tat": 1, "mode": "replicator"})
    a = evolution.payoff_matrix(p, random.Random(0))
    assert a["always_defect"]["always_cooperate"] == 10 * 3
    assert a["always_cooperate"]["always_defect"] == 10 * -1
    assert a["tit_for_tat"]["always_defect"] == -1
    assert a["tit_for_tat"]["tit_for_tat"] == 20
    d = run(mode="replicator", **evolution.DEFAULT_COUNTS).data
    assert d["counts"] is None
    for g in range(31):
        assert sum(v[g] for v in d["shares"].values()) == pytest.approx(1)
        assert all(v[g] >= 0 for v in d["shares"].values())
    assert set(d["shares"]) == set(evolution.DEFAULT_COUNTS)
    assert d["shares"]["tit_for_tat"][-1] > d["shares"]["tit_for_tat"][0]


def test_replicator_step_is_the_euler_step_of_the_replicator_equation():
    p = evolution.SPEC.validate({**NOBODY, "always_cooperate": 1, "always_defect": 1,
                                 "tit_for_tat": 2, "mode": "replicator", "generations": 1})
    a = evolution.payoff_matrix(p, random.Random(0))
    x = {"always_cooperate": 0.25, "always_defect": 0.25, "tit_for_tat": 0.5}
    f = {i: sum(a[i][j] * x[j] for j in x) for i in x}
    mean = sum(x[i] * f[i] for i in x)
    span = max(v for row in a.values() for v in row.values()) - min(
        v for row in a.values() for v in row.values())
    after = evolution.evolve_replicator(p, random.Random(0))[1]
    for i in x:
        assert after[i] == pytest.approx(x[i] * (1 + (f[i] - mean) / span))


def test_summary_tells_the_story_and_the_chart_stacks_shares():
    result = run(**evolution.DEFAULT_COUNTS)
    assert result.summary.startswith("Tit for tat took over")
    assert "Always defect grew first" in result.summary
    (area,) = result.charts
    values = area["data"]["values"]
    assert len(values) == 31 * 3
    assert area["mark"]["type"] == "area"
    table = result.main_table()
    assert table.columns == ["generation", "Always cooperate", "Always defect", "Tit for tat"]
    assert table.rows[0] == [0, 15, 5, 5]
    undecided = run(generations=1, **evolution.DEFAULT_COUNTS)
    assert undecided.data["winner"] is None
    assert undecided.summary.startswith("No strategy won a majority in 1 generations")
    short = run(rounds=3, **evolution.DEFAULT_COUNTS).summary
    assert "Matches of only 3 rounds" in short
    alone = run(tit_for_tat=4).data
    assert alone["took_over_at"] == 0 and alone["shares"] == {"tit_for_tat": [1.0] * 31}


def test_json_is_deterministic_for_a_seed_and_noise_depends_on_it():
    noisy = {"always_defect": 5, "tit_for_tat": 5, "win_stay_lose_shift": 5, "mistakes": 0.05}
    assert run(4, **noisy).to_json() == run(4, **noisy).to_json()
    assert run(4, **noisy).to_json() != run(5, **noisy).to_json()
    assert run(4, mode="replicator", **noisy).to_json() == run(
        4, mode="replicator", **noisy).to_json()
    json.loads(registry.run("evolution").to_json())


def test_oversize_work_is_refused_with_a_clear_message():
    with pytest.raises(ParamError) as err:
        run(always_cooperate=100, always_defect=100, rounds=10, generations=50)
    assert "too much work" in str(err.value) and "matches played" in str(err.value)
    with pytest.raises(ParamError) as err:
        run(always_cooperate=50, always_defect=50, rounds=100, generations=10)
    assert "rounds played" in str(err.value)


BAD = [
    ({"tit_for_tat": -1}, "tit_for_tat"),
    ({"always_defect": 2.5}, "always_defect"),
    ({"always_defect": "five"}, "always_defect"),
    ({"detective": float("nan")}, "detective"),
    ({"rounds": 0}, "rounds"),
    ({"mistakes": 0.6}, "mistakes"),
    ({"mistakes": float("inf")}, "mistakes"),
    ({"generations": 1000}, "generations"),
    ({"mode": "moran"}, "mode"),
    ({"copycat": 5}, "copycat"),  # unknown strategy
    ({"always_cooperate": 1, "always_defect": 0, "tit_for_tat": 0}, None),  # one player
    ({"always_cooperate": 0, "always_defect": 0, "tit_for_tat": 0}, None),  # nobody
    ({"always_cooperate": 100, "always_defect": 100, "tit_for_tat": 100}, None),  # too many
]


@pytest.mark.parametrize("bad,param", BAD)
def test_bad_input_is_rejected_naming_the_parameter(bad, param):
    assert_rejected("evolution", bad, param)


