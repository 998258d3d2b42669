"""Many worlds (sims/ensemble.py): the shares of each ending over N seeds, their 95% intervals,
the command line's ``--worlds`` against the block's reply, and the work limits over the
whole ensemble."""

from __future__ import annotations

import json
import math
import re
import statistics

import pytest

from sims import ensemble, registry, web
from sims.outcomes import Outcomes
from sims.spec import ParamError
from simsite import fence
from tests.helpers import run_cli

RANDOM_MODELS = [m for m in registry.model_ids()
                 if isinstance(getattr(registry.get(m), "OUTCOMES", None), Outcomes)]
SMALL = {  # quick settings of each model with randomness
    "alliances": {"states": 6, "turns": 20},
    "evolution": {"generations": 5},
    "iterated": {"repetitions": 2, "noise": 0.05},
    "spiral": {"misperception": 0.2, "rounds": 20},
    "offense_defense": {"pairs": 40, "rounds": 20},
}


def test_the_models_that_draw_at_random_are_the_ones_with_an_outcome_classification():
    assert sorted(RANDOM_MODELS) == ["alliances", "evolution", "iterated", "offense_defense",
                                     "spiral"]
    for model in set(registry.model_ids()) - set(RANDOM_MODELS):  # seeds change nothing
        assert registry.run(model, {}, 0).to_json() == \
            registry.run(model, {}, 1).to_json().replace('"seed":1', '"seed":0')


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    # Published values of the Wilson score interval (e.g. Brown, Cai and DasGupta 2001;
    # Newcombe 1998, "Two-sided confidence intervals for the single proportion", table I).
    (0, 10, 0.0, 0.2775), (1, 10, 0.0179, 0.4042), (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0), (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_the_wilson_interval_gives_its_published_values(k, n, low, high):
    got = ensemble.wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_the_wilson_interval_holds_the_share_and_narrows_as_the_worlds_grow():
    for n in (5, 30, 200):
        for k in range(n + 1):
            low, high = ensemble.wilson(k, n)
            assert 0 <= low <= k / n <= high <= 1 and high > low
    assert (lambda a, b: a[1] - a[0] > b[1] - b[0])(ensemble.wilson(15, 30),
                                                    ensemble.wilson(100, 200))


@pytest.mark.parametrize("model", RANDOM_MODELS)
def test_the_shares_are_those_of_a_direct_loop_over_the_seeds(model):
    seed, n = 7, 12
    result = ensemble.run(model, SMALL[model], seed, n)
    outcomes = registry.get(model).OUTCOMES
    direct = [registry.run(model, SMALL[model], s) for s in range(seed, seed + n)]
    ends = [outcomes.classify(r) for r in direct]
    assert result.data["endings"] == ends
    for row in result.data["outcomes"]:
        assert row["count"] == ends.count(row["outcome"])
        assert row["share"] == row["count"] / n
        assert (row["low"], row["high"]) == ensemble.wilson(row["count"], n)
    assert sum(row["count"] for row in result.data["outcomes"]) == n
    for name, values in result.data["numbers"].items():
        assert values == [outcomes.measure(r)[name] for r in direct]
    table = result.main_table()
    assert [row[0] for row in table.rows] == list(range(seed, seed + n))  # one row per seed


@pytest.mark.parametrize("model", RANDOM_MODELS)
def test_the_summary_states_the_share_of_every_ending_that_occurred(model):
    result = ensemble.run(model, SMALL[model], 3, 10)
    text = result.summary
    assert text.startswith("Over 10 worlds (seeds 3 to 12, one run each): ")
    clauses = re.findall(r"(\d+) of 10 worlds \((\d+)%, 95% interval (\d+)–(\d+)%\)", text)
    seen = [row for row in result.data["outcomes"] if row["count"]]
    assert len(clauses) == len(seen)
    counts = sorted((int(c[0]) for c in clauses), reverse=True)
    assert counts == sorted((row["count"] for row in seen), reverse=True)
    for count, share, low, high in clauses:
        lo, hi = ensemble.wilson(int(count), 10)
        assert (int(share), int(low), int(high)) == (round(int(count) * 10), round(lo * 100),
                                                      round(hi * 100))


def test_an_ensemble_summary_names_the_endings_that_never_occurred_its_chart_the_spread():
    result = ensemble.run("spiral", {}, 15, 10)
    assert "Peace in 10 of 10 worlds (100%, 95% interval 72–100%)" in result.summary
    assert "In none: a spiral" in result.summary
    strip = result.charts[1]  # the numbers' spread is told in their chart's caption
    beliefs = result.data["numbers"]["a"]
    assert f"A's suspicion of B: median {statistics.median(beliefs):.0%}, from " \
           f"{min(beliefs):.0%} to {max(beliefs):.0%}." in strip["description"]
    assert sum(row["worlds"] for row in strip["data"]["values"]
               if row["measure"] == "A's suspicion of B") == 10  # a dot for every world


def test_the_command_lines_worlds_json_and_csv_equal_the_blocks_reply():
    args = ["run", "alliances", "--set", "states=7", "--set", "turns=30", "--seed", "5",
            "--worlds", "20"]
    request = {"model": "alliances", "params": {"states": 7, "turns": 30}, "seed": 5,
               "worlds": 20}
    reply = json.loads(web.handle(json.dumps(request)))
    assert reply["ok"]
    as_json = run_cli(*args, "--json")
    as_csv = run_cli(*args, "--csv")
    as_text = run_cli(*args)
    assert as_json.returncode == as_csv.returncode == as_text.returncode == 0
    printed = json.loads(as_json.stdout)
    assert printed["summary"] == reply["view"]["summary"]
    assert printed["outcomes"] == ensemble.run("alliances", request["params"], 5, 20).to_dict()[
        "outcomes"]
    assert as_csv.stdout == reply["view"]["csv"]
    assert as_text.stdout.startswith(reply["view"]["summary"])


def test_a_block_with_worlds_renders_the_ensemble_and_tells_the_page_how_many():
    block = fence.parse("model: spiral\nseed: 15\nworlds: 12\n", 1)
    assert block.worlds == 12
    html = fence.render(block)
    config = json.loads(re.search(r'data-config="([^"]*)"', html).group(1).replace("&quot;", '"'))
    assert config["worlds"] == 12
    assert ensemble.run("spiral", {}, 15, 12).summary.replace("'", "&#x27;") in html
    assert "seed <code>15 to 26, one world each</code>" in html


@pytest.mark.parametrize(("yaml", "says"), [
    ("model: arms_race\nworlds: 10\n", "draws nothing at random"),
    ("model: spiral\nworlds: 0\n", "worlds: 0 is not allowed"),
    ("model: spiral\nworlds: 201\n", "from 1 to 200"),
    ("model: spiral\nworlds: ten\n", "'ten' is not allowed"),
    ("model: iterated\nparams: {repetitions: 20}\nworlds: 30\n", "30 worlds ×"),
])
def test_a_block_with_a_bad_worlds_key_is_refused_with_a_reason(yaml, says):
    with pytest.raises(fence.BlockError, match=re.escape(says)):
        fence.parse(yaml, 1)


def test_the_work_limit_counts_every_world_of_the_ensemble():
    params = {"repetitions": 20}  # 100 turns x 20 repetitions x 55 matches = 110,000 turns
    limit = registry.get("iterated").WORK_LIMIT
    one = 100 * 20 * 55
    fits = limit // one
    registry.run("iterated", params, 0)  # one world is well inside the limit
    ensemble.check_worlds(fits)
    said = f"{fits + 1} worlds × expected turns × repetitions × matches = {(fits + 1) * one:,}"
    with pytest.raises(ParamError, match=re.escape(said)):
        ensemble.run("iterated", params, 0, fits + 1)
    reply = json.loads(web.handle(json.dumps({"model": "iterated", "params": params,
                                              "seed": 0, "worlds": fits + 1})))
    assert reply["error"]["kind"] == "param" and "fewer worlds" in reply["error"]["message"]
    registry.run("iterated", params, 0)  # and the limit of one run is one run's again


def test_seeds_past_the_largest_are_refused_and_worlds_are_checked_like_a_parameter():
    with pytest.raises(ParamError, match="largest seed"):
        ensemble.run("spiral", {}, registry.MAX_SEED - 3, 5)
    for bad in (True, 2.5, -1, "", "1e3", "9" * 5000):
        with pytest.raises(ParamError, match=r"^worlds: "):
            ensemble.check_worlds(bad)
    assert ensemble.check_worlds(" 30 ") == 30
    out = run_cli("run", "two_by_two", "--worlds", "5")
    assert out.returncode == 2 and "draws nothing at random" in out.stderr


def test_an_ensemble_reply_is_valid_json_with_finite_numbers_and_the_same_in_every_run():
    request = json.dumps({"model": "evolution", "params": {"generations": 5}, "seed": 1,
                          "worlds": 8})
    first, again = web.handle(request), web.handle(request)
    assert first == again
    view = json.loads(first)["view"]
    assert all(math.isfinite(v) for row in json.loads(first)["view"]["charts"][0]["data"][
        "values"] for v in (row["share"], row["low"], row["high"]))
    assert view["used"][-2:] == [{"text": "; seed ", "code": "1 to 8, one world each"},
                                 {"text": "."}]
