"""The iterated tournament: equal to axelrod move for move, the shadow of the future, noise,
the documented order of random draws, and bad input."""

from __future__ import annotations

import json
import random

import pytest

from sims import registry
from sims.models import iterated
from sims.models import strategies as st
from sims.spec import ParamError
from tests.helpers import assert_rejected, import_axelrod

DETERMINISTIC = [s for s in st.IDS if not st.STRATEGIES[s].stochastic]
PAYOFFS = {"standard": (3, 0, 5, 1), "coin machine": (2, -1, 3, 0),
           "stag hunt": (4, 0, 3, 2), "negative": (-1, -10, 2.5, -4)}


@pytest.fixture(scope="module")
def axl():
    """axelrod, the reference; importing it takes many seconds (it makes every one of its
    strategies several times), so every test that uses it is marked slow."""
    return import_axelrod()


def run(seed: int = 0, **params):
    return registry.run("iterated", params, seed)


def axelrod_scores(axl, turns: int, pay) -> dict[str, dict[str, float]]:
    game = axl.Game(r=pay[0], s=pay[1], t=pay[2], p=pay[3])
    out: dict[str, dict[str, float]] = {a: {} for a in DETERMINISTIC}
    for a in DETERMINISTIC:
        for b in DETERMINISTIC:
            players = (getattr(axl, st.STRATEGIES[a].axelrod)(),
                       getattr(axl, st.STRATEGIES[b].axelrod)())
            match = axl.Match(players, turns=turns, game=game)
            match.play()
            out[a][b] = match.final_score_per_turn()[0]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("turns", [1, 2, 3, 5, 10, 37, 200])
def test_every_head_to_head_equals_axelrods(axl, turns):
    theirs = axelrod_scores(axl, turns, PAYOFFS["standard"])
    ours = run(strategies=DETERMINISTIC, turns=turns, repetitions=1).data["head_to_head"]
    assert ours == theirs  # exactly: integer payoffs, the same division


@pytest.mark.slow
@pytest.mark.parametrize("payoffs", ["coin machine", "stag hunt", "negative"])
def test_head_to_head_equals_axelrods_for_other_payoffs(axl, payoffs):
    pay = PAYOFFS[payoffs]
    theirs = axelrod_scores(axl, 50, pay)
    ours = run(strategies=DETERMINISTIC, turns=50, repetitions=3,
               **dict(zip(("cc", "cd", "dc", "dd"), pay, strict=True))).data["head_to_head"]
    for a in DETERMINISTIC:
        for b in DETERMINISTIC:
            assert ours[a][b] == pytest.approx(theirs[a][b], rel=1e-12, abs=1e-12)


@pytest.mark.slow
def test_tournament_scores_equal_axelrods_normalised_scores(axl):
    players = [getattr(axl, st.STRATEGIES[s].axelrod)() for s in DETERMINISTIC]
    results = axl.Tournament(players, turns=200, repetitions=1).play(progress_bar=False)
    d = run(strategies=DETERMINISTIC, turns=200, repetitions=1).data
    ranking = {r["strategy"]: r["score"] for r in d["ranking"]}
    for i, s in enumerate(DETERMINISTIC):
        assert ranking[s] == pytest.approx(results.normalised_scores[i][0], abs=1e-12)
        for j, t in enumerate(DETERMINISTIC):
            assert d["head_to_head"][s][t] == pytest.approx(results.payoff_matrix[i][j],
                                                            abs=1e-12)


@pytest.mark.parametrize("payoffs", list(PAYOFFS))
def test_tit_for_tat_never_beats_a_single_opponent(payoffs):
    """TFT defects only after the other did, so it ends each match at most level."""
    pay = dict(zip(("cc", "cd", "dc", "dd"), PAYOFFS[payoffs], strict=True))
    for seed in range(5):
        for turns, continuation in ((1, 0), (7, 0), (100, 0), (100, 0.9)):
            h2h = run(seed, strategies=list(st.IDS), turns=turns, continuation=continuation,
                      repetitions=3, **pay).data["head_to_head"]
            for other in st.IDS:
                assert h2h["tit_for_tat"][other] <= h2h[other]["tit_for_tat"] + 1e-12


def test_self_play_ranking_and_cooperation():
    d = run(strategies=["always_cooperate", "always_defect", "tit_for_tat"], turns=10,
            repetitions=2).data
    h2h = d["head_to_head"]
    assert h2h["tit_for_tat"]["tit_for_tat"] == 3 and h2h["always_defect"]["always_defect"] == 1
    assert h2h["always_defect"]["always_cooperate"] == 5
    assert h2h["tit_for_tat"]["always_defect"] == pytest.approx(0.9)  # 0 once, then 1 nine times
    # Scores exclude self-play: the mean against the two others.
    scores = {r["strategy"]: r["score"] for r in d["ranking"]}
    assert scores["always_defect"] == pytest.approx((5 + 1.4) / 2)
    assert scores["tit_for_tat"] == pytest.approx((3 + 0.9) / 2)
    assert [r["strategy"] for r in d["ranking"]] == ["always_defect", "tit_for_tat",
                                                     "always_cooperate"]
    assert d["cooperation"] == {"always_defect": 0, "tit_for_tat": pytest.approx(0.55),
                                "always_cooperate": 1}
    assert d["winner"] == "always_defect"


def test_ties_share_a_rank_and_leave_no_winner():
    d = run(strategies=["tit_for_tat", "grim_trigger", "always_cooperate"], turns=20).data
    assert [r["rank"] for r in d["ranking"]] == [1, 1, 1]
    assert d["winner"] is None
    assert "tied for first" in run(strategies=["tit_for_tat", "grim_trigger"]).summary


def test_match_length_is_geometric_and_capped():
    rng = random.Random(4)
    lengths = [iterated.match_length(1000, 0.8, rng.random) for _ in range(20000)]
    assert sum(lengths) / len(lengths) == pytest.approx(1 / (1 - 0.8), rel=0.03)
    assert lengths.count(1) / len(lengths) == pytest.approx(0.2, abs=0.01)
    capped = [iterated.match_length(3, 0.99, rng.random) for _ in range(200)]
    assert max(capped) == 3 and set(capped) <= {1, 2, 3}
    assert iterated.match_length(40, 0, rng.random) == 40


def test_the_expected_length_is_the_mean_of_the_drawn_lengths():
    rng = random.Random(5)
    for turns, w in ((100, 0.95), (20, 0.9), (1000, 0.99), (3, 0.5)):
        lengths = [iterated.match_length(turns, w, rng.random) for _ in range(20000)]
        assert iterated.expected_length(turns, w) == pytest.approx(
            sum(lengths) / len(lengths), rel=0.03), (turns, w)
    assert iterated.expected_length(40, 0) == 40


def test_the_work_limit_counts_the_turns_a_run_is_expected_to_play():
    """With a shadow of the future the cap on a match is far above its length: a hundred
    tournaments of nine strategies and 20 repetitions at w = 0.95 (the cooperation page's
    hundred worlds) play about 20 turns a match, not the cap of 100, and pass the limit the cap
    alone would fail; the turns actually played are close to the expected ones."""
    params = {"strategies": ["always_cooperate", "always_defect", "tit_for_tat", "grim_trigger",
                             "generous_tit_for_tat", "tit_for_two_tats", "win_stay_lose_shift",
                             "suspicious_tit_for_tat", "random"],
              "turns": 100, "continuation": 0.95, "repetitions": 20}
    expected = iterated._work(iterated.SPEC.validate(params))
    assert 100 * expected <= iterated.WORK_LIMIT < 100 * 100 * 20 * iterated.matches(9)
    played = [run(seed, **params).data["mean_length"] * 20 * iterated.matches(9)
              for seed in range(30)]
    assert sum(played) == pytest.approx(30 * expected, rel=0.1)
    with pytest.raises(ParamError, match="expected turns"):  # without the shadow, it is the cap
        run(**{**params, "continuation": 0, "turns": 1000, "repetitions": 200})


def test_one_length_per_repetition_is_shared_by_every_match():
    d = run(3, strategies=["always_cooperate", "always_defect", "tit_for_tat"], turns=500,
            continuation=0.9, repetitions=1).data
    # Against always_defect, tit for tat loses only the first turn: 1 - 1/L per turn.
    length = d["mean_length"]
    assert d["head_to_head"]["tit_for_tat"]["always_defect"] == pytest.approx(1 - 1 / length)
    assert d["head_to_head"]["always_defect"]["tit_for_tat"] == pytest.approx(1 + 4 / length)


def test_the_shadow_of_the_future_decides_between_defection_and_reciprocity():
    field = ["always_defect", "tit_for_tat", "grim_trigger", "tit_for_two_tats"]
    short = [run(s, strategies=field, continuation=0.1, repetitions=20).data["ranking"]
             for s in range(10)]
    long = [run(s, strategies=field, continuation=0.95, repetitions=20).data["ranking"]
            for s in range(10)]
    assert all(r[0]["strategy"] == "always_defect" for r in short)
    assert all(r[-1]["strategy"] == "always_defect" for r in long)
    assert all({r[0]["strategy"], r[1]["strategy"]} == {"tit_for_tat", "grim_trigger"}
               for r in long)


def test_noise_breaks_tit_for_tat_against_itself_but_not_win_stay_lose_shift():
    def self_play(s, seed):
        return run(seed, strategies=[s, "always_cooperate"], turns=200, noise=0.02,
                   repetitions=5).data["head_to_head"][s][s]

    tft = [self_play("tit_for_tat", s) for s in range(5)]
    wsls = [self_play("win_stay_lose_shift", s) for s in range(5)]
    assert max(tft) < 2.7 < min(wsls)  # TFT echoes each error; WSLS recovers in two turns


def test_the_documented_order_of_random_draws():
    """Replay a small noisy tournament by hand, drawing in the order the docstring gives."""
    ids, turns, w, noise, reps = ["random", "tit_for_tat"], 6, 0.7, 0.2, 3
    rng = random.Random(99)
    total = {a: dict.fromkeys(ids, 0.0) for a in ids}
    played = 0
    flip = {"C": "D", "D": "C"}
    for _ in range(reps):
        length = 1
        while length < turns and rng.random() < w:
            length += 1
        played += length
        for i, a in enumerate(ids):
            for b in ids[i:]:
                ha = hb = ""
                for _ in range(length):
                    ma = ("C" if rng.random() < 0.5 else "D") if a == "random" else (
                        hb[-1] if hb else "C")
                    mb = ("C" if rng.random() < 0.5 else "D") if b == "random" else (
                        ha[-1] if ha else "C")
                    if rng.random() < noise:
                        ma = flip[ma]
                    if rng.random() < noise:
                        mb = flip[mb]
                    ha, hb = ha + ma, hb + mb
                table = {("C", "C"): (3, 3), ("C", "D"): (0, 5), ("D", "C"): (5, 0),
                         ("D", "D"): (1, 1)}
                sa = sum(table[x, y][0] for x, y in zip(ha, hb, strict=True))
                sb = sum(table[x, y][1] for x, y in zip(ha, hb, strict=True))
                if a == b:
                    total[a][a] += (sa + sb) / 2
                else:
                    total[a][b] += sa
                    total[b][a] += sb
    d = run(99, strategies=ids, turns=turns, continuation=w, noise=noise, repetitions=reps).data
    assert d["mean_length"] == played / reps
    assert d["head_to_head"] == {a: {b: total[a][b] / played for b in ids} for a in ids}


def test_outcome_counts_match_a_plain_count():
    rng = random.Random(8)
    for n in (1, 2, 63, 64, 65, 500, 5000):
        a = "".join(rng.choice("CD") for _ in range(n))
        b = "".join(rng.choice("CD") for _ in range(n))
        plain = tuple(sum(x + y == o for x, y in zip(a, b, strict=True))
                      for o in ("CC", "CD", "DC", "DD"))
        assert iterated.outcomes(a, b) == plain


def test_json_is_deterministic_for_a_seed_and_noise_depends_on_it():
    noisy = {"strategies": ["tit_for_tat", "win_stay_lose_shift", "random"], "noise": 0.05,
             "continuation": 0.9}
    assert run(5, **noisy).to_json() == run(5, **noisy).to_json()
    assert run(5, **noisy).to_json() != run(6, **noisy).to_json()
    quiet = {"strategies": DETERMINISTIC, "turns": 30}
    strip = {"seed": None}
    assert ({**json.loads(run(1, **quiet).to_json()), **strip}
            == {**json.loads(run(2, **quiet).to_json()), **strip})


def test_summary_names_the_winner_and_charts_cover_every_pair():
    result = run()
    winner = result.data["ranking"][0]["strategy"]
    assert result.summary.startswith(st.label(winner))
    bars, grid = result.charts
    n = len(result.params["strategies"])
    assert len(bars["data"]["values"]) == n
    assert len(grid["data"]["values"]) == n * n
    assert [row[1] for row in result.main_table().rows] == [
        st.label(r["strategy"]) for r in result.data["ranking"]]
    noisy = run(strategies=["tit_for_tat", "generous_tit_for_tat", "always_defect"],
                noise=0.05)
    assert "5% of moves flipped" in noisy.summary
    short = run(strategies=["always_defect", "tit_for_tat", "always_cooperate"],
                continuation=0.1)
    assert "too few for retaliation" in short.summary
    assert "ahead of tit for tat and always cooperate (tied at 1.50)" in run(
        strategies=["always_defect", "tit_for_tat", "always_cooperate"], turns=1).summary


def test_oversize_work_is_refused_with_a_clear_message():
    with pytest.raises(ParamError) as err:
        run(strategies=list(st.IDS), turns=1000, repetitions=200)
    assert "too much work" in str(err.value) and "fewer turns" in str(err.value)
    assert err.value.param is None
    run(strategies=["tit_for_tat", "always_defect"], turns=1000, repetitions=200)  # fits


BAD = [
    ({"strategies": ["tit_for_tat"]}, "strategies"),  # at least two
    ({"strategies": ["tit_for_tat", "copycat"]}, "strategies"),  # unknown strategy
    ({"strategies": 3}, "strategies"),  # wrong type
    ({"turns": 0}, "turns"),
    ({"turns": 2.5}, "turns"),
    ({"turns": "many"}, "turns"),
    ({"continuation": 1}, "continuation"),
    ({"continuation": float("nan")}, "continuation"),
    ({"noise": -0.1}, "noise"),
    ({"noise": float("inf")}, "noise"),
    ({"repetitions": 0}, "repetitions"),
    ({"cc": 101}, "cc"),
    ({"dd": "nan"}, "dd"),
    ({"shadow": 0.9}, "shadow"),  # unknown name
]


@pytest.mark.parametrize("bad,param", BAD)
def test_bad_input_is_rejected_naming_the_parameter(bad, param):
    assert_rejected("iterated", bad, param)


