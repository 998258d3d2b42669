"""The spiral model: peace, spirals from noise and from suspicion, deterrence, and Bayes' rule."""

from __future__ import annotations

import pytest

from sims import registry
from sims.models import spiral
from tests.helpers import assert_rejected

SEEDS = range(300)
NOISY = {"prior_a": 0.15, "prior_b": 0.15, "valuation_a": 4, "valuation_b": 4,
         "misperception": 0.2, "rounds": 40}


def run(seed: int = 0, **params):
    return registry.run("spiral", params, seed)


def test_two_security_seekers_without_noise_and_modest_priors_stay_at_peace():
    for prior, valuation in [(0.1, 2), (0.2, 2), (0.3, 1), (0.15, 4)]:
        assert prior < spiral.threshold(valuation)
        result = run(prior_a=prior, prior_b=prior, valuation_a=valuation,
                     valuation_b=valuation, misperception=0)
        assert result.data["arms_race"] is False and result.data["driver"] is None
        assert set(result.data["moves"]["A"] + result.data["moves"]["B"]) == {"restrain"}
        # An expansionist always arms, so seen restraint without noise is proof of good faith.
        assert result.data["beliefs"]["A"][1:] == [0.0] * 30
        assert result.summary.startswith("Peace")


def test_reassurance_one_suspicious_state_is_calmed_without_noise():
    result = run(prior_a=0.1, prior_b=0.5, misperception=0)
    moves = result.data["moves"]
    assert moves["B"][0] == "arm" and set(moves["B"][1:]) == {"restrain"}
    assert set(moves["A"]) == {"restrain"}
    assert result.data["beliefs"]["A"][1] == 0.1  # a fearful seeker was expected to arm
    assert result.data["arms_race"] is False


def test_suspicious_priors_spiral_deterministically():
    for seed in range(5):
        result = run(seed, prior_a=0.5, prior_b=0.5, misperception=0)
        assert result.data["driver"] == "spiral" and result.data["arms_race"] is True
        assert set(result.data["moves"]["A"] + result.data["moves"]["B"]) == {"arm"}
        # Each side's arming is what a frightened security seeker would do: it teaches nothing.
        assert set(result.data["beliefs"]["A"]) == {0.5} == set(result.data["beliefs"]["B"])
        assert "began suspicious" in result.summary


def test_enough_misperception_spirals_in_a_substantial_fraction_of_runs():
    quiet = [run(s, **{**NOISY, "misperception": 0}).data["driver"] for s in range(20)]
    noisy = [run(s, **NOISY).data for s in SEEDS]
    spirals = [d for d in noisy if d["driver"] == "spiral"]
    assert quiet == [None] * 20
    assert len(spirals) >= 0.07 * len(SEEDS)  # about one run in ten
    assert all(d["misread"]["A"] + d["misread"]["B"] > 0 for d in spirals)
    assert all(d["driver"] in ("spiral", None) for d in noisy)


def test_noise_spirals_grow_with_fear_of_exploitation():
    def share(valuation: float) -> float:
        p = {**NOISY, "valuation_a": valuation, "valuation_b": valuation, "misperception": 0.3,
             "prior_a": 0.1, "prior_b": 0.1}
        return sum(run(s, **p).data["arms_race"] for s in SEEDS) / len(SEEDS)

    assert share(1) < share(4) < share(8)


@pytest.mark.parametrize("noise", [0, 0.05, 0.1])
def test_a_real_expansionist_meets_deterrence(noise):
    drivers = [run(s, type_b="expansionist", misperception=noise).data for s in range(40)]
    assert all(d["driver"] == "deterrence" for d in drivers)
    assert all(set(d["moves"]["B"]) == {"arm"} for d in drivers)
    final = [d["beliefs"]["A"][-1] for d in drivers]
    assert min(final) > spiral.threshold(2) and sum(final) / len(final) > 0.9
    assert run(type_b="expansionist", misperception=noise).summary.startswith("Deterrence")


def test_two_expansionists_race_in_earnest():
    result = run(type_a="expansionist", type_b="expansionist", misperception=0.1)
    assert result.data["driver"] == "deterrence"
    assert "no misunderstanding" in result.summary


def test_a_state_that_never_arms_is_exploited_not_at_peace():
    result = run(type_b="expansionist", valuation_a=0, misperception=0.05)
    assert set(result.data["moves"]["A"]) == {"restrain"}
    assert result.data["arms_race"] is False and result.data["driver"] is None
    assert "exploited" in result.summary


def test_threshold_comes_from_expected_payoffs():
    # Restraint gains 1 against a restrainer and loses v against an armer: arm when mu*v > 1-mu.
    for v in (0.5, 1, 2, 4, 10):
        mu = spiral.threshold(v)
        assert mu * v == pytest.approx(1 - mu)
    assert spiral.threshold(0) == 1  # never arms: no belief exceeds 1


def test_first_round_update_by_hand():
    """Round 1, A with prior 0.3: B's prior 0.1 is below its threshold 1/3, so a security-seeking
    B would restrain; only a misreading (eps = 0.2) shows arming then.
    P(see arm | E) = 0.8, P(see arm | S) = 0.2."""
    for seed in range(10):
        result = run(seed, prior_a=0.3, prior_b=0.1, misperception=0.2)
        after = result.data["beliefs"]["A"][1]
        if result.data["seen"]["A"][0] == "arm":
            assert after == pytest.approx(0.3 * 0.8 / (0.3 * 0.8 + 0.7 * 0.2))
        else:
            assert after == pytest.approx(0.3 * 0.2 / (0.3 * 0.2 + 0.7 * 0.8))


def _by_hand(prior: float, belief_seen: list[str], own_moves: list[str], eps: float,
             other_opens_armed: bool) -> list[float]:
    """Replay Bayes' rule: s is the chance a security seeker arms (it fears me if it saw me arm)."""
    beliefs = [prior]
    for t, seen in enumerate(belief_seen):
        if t == 0:
            s = 1.0 if other_opens_armed else 0.0
        else:
            s = 1 - eps if own_moves[t - 1] == "arm" else eps
        arm_e, arm_s = 1 - eps, s * (1 - eps) + (1 - s) * eps
        le, ls = (arm_e, arm_s) if seen == "arm" else (1 - arm_e, 1 - arm_s)
        mu = beliefs[-1]
        beliefs.append(mu * le / (mu * le + (1 - mu) * ls))
    return beliefs


@pytest.mark.parametrize("seed", [3, 7, 8, 15])
def test_every_update_obeys_bayes_rule(seed):
    data = run(seed, **{**NOISY, "prior_b": 0.3}).data
    # B's prior 0.3 is above its threshold 0.2, so A expects a security-seeking B to open armed.
    for me, opens in (("A", True), ("B", False)):
        expected = _by_hand(data["beliefs"][me][0], data["seen"][me], data["moves"][me],
                            NOISY["misperception"], opens)
        assert data["beliefs"][me] == pytest.approx(expected, rel=1e-12)


def test_misreadings_are_counted_from_moves_and_what_was_seen():
    data = run(8, **NOISY).data
    for me, other in (("A", "B"), ("B", "A")):
        wrong = sum(s != m for s, m in zip(data["seen"][me], data["moves"][other], strict=True))
        assert data["misread"][me] == wrong


def test_half_misperception_makes_moves_uninformative():
    data = run(2, misperception=0.5, prior_a=0.2, prior_b=0.25).data
    assert set(data["beliefs"]["A"]) == {0.2} and set(data["beliefs"]["B"]) == {0.25}


def test_result_shape_charts_and_table():
    result = run(4, rounds=12, misperception=0.2)
    data = result.data
    assert len(data["beliefs"]["A"]) == 13 and len(data["moves"]["B"]) == 12
    assert data["thresholds"] == {"A": pytest.approx(1 / 3), "B": pytest.approx(1 / 3)}
    titles = [c["title"] for c in result.charts]
    assert titles == ["Suspicion over rounds", "Moves over rounds"]
    lines = {r["line"] for r in result.charts[0]["data"]["values"]}
    assert lines == {"A suspects B", "B suspects A", "A arms above", "B arms above"}
    assert len(result.charts[1]["data"]["values"]) == 24
    assert len(result.main_table().rows) == 12
    assert 2 <= result.summary.count(". ") + 1 <= 3


def test_same_seed_same_json_and_seed_matters_only_with_noise():
    assert run(9, **NOISY).to_json() == run(9, **NOISY).to_json()
    assert any(run(s, **NOISY).data["seen"] != run(0, **NOISY).data["seen"] for s in range(1, 5))
    quiet = {**NOISY, "misperception": 0}
    assert run(1, **quiet).data == run(2, **quiet).data


@pytest.mark.parametrize("bad", [{"prior_a": 1.5}, {"misperception": 0.6}, {"valuation_b": -1},
                                 {"rounds": 2}, {"type_a": "saint"}, {"noise": 0.1}])
def test_bad_input_is_rejected(bad):
    assert_rejected("spiral", bad, next(iter(bad)))


