"""Replays (sims/frames): frame t shows the model's state at step t, for every time model.

Each test runs the model, reads its own data at step t, and checks what frame t draws: the
tokens of each colour, the bars' heights, the states' sizes and sides, and the words.
"""

from __future__ import annotations

import html as html_lib
import json
import math
import re
from collections import Counter

import pytest

from sims import registry
from sims.frames import BUILDERS, replay
from sims.frames.stage import marks_at
from sims.models.strategies import label as _label
from sims.view import view
from simsite.replay import replay_html

SEEDS = (0, 1, 7, 42)


def stage_of(model: str, params: dict, seed: int) -> tuple[dict, dict]:
    result = registry.run(model, params, seed)
    return result.to_dict(), view(result, registry.get(model).SPEC)["replay"]


def classes(marks: list[dict], base: str) -> Counter:
    """How many marks of class ``base`` carry each other class."""
    found = Counter()
    for m in marks:
        names = m["attrs"]["class"].split()
        if base in names:
            found.update(n for n in names if n != base)
    return found


def legend_class(stage: dict, text: str) -> str:
    return next(item["class"] for item in stage["legend"] if item["text"] == text)


EVOLUTION = [
    {},
    {"rounds": 3},
    {"always_cooperate": 5, "always_defect": 5, "tit_for_tat": 5, "tit_for_two_tats": 5,
     "win_stay_lose_shift": 5, "mistakes": 0.05},
    {"always_cooperate": 40, "always_defect": 20, "tit_for_tat": 10, "generations": 12},
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("params", EVOLUTION)
def test_evolution_tokens_are_the_counts_of_each_generation(params, seed):
    data, stage = stage_of("evolution", params, seed)
    counts = data["counts"]
    kinds = list(counts)
    assert len(stage["steps"]) == params.get("generations", 30) + 1
    for t, step in enumerate(stage["steps"]):
        drawn = classes(marks_at(stage, t), "sim-token")
        by_label = {item["text"]: drawn[item["class"]] for item in stage["legend"]}
        assert sum(by_label.values()) == sum(c[t] for c in counts.values())
        for s in kinds:
            name = _label(s)
            assert by_label[name] == counts[s][t], (t, s)
            assert f"{counts[s][t]} {name.lower()}" in step["text"]
        assert step["label"] == f"Generation {t} of {len(stage['steps']) - 1}"


def test_evolution_tokens_change_strategy_one_by_one():
    """A token keeps its strategy unless its strategy lost players: as few change as can."""
    data, stage = stage_of("evolution", {}, 0)
    for t in range(1, len(stage["steps"])):
        before, now = marks_at(stage, t - 1), marks_at(stage, t)
        changed = sum(a["attrs"]["class"] != b["attrs"]["class"]
                      for a, b in zip(before, now, strict=True))
        lost = sum(max(0, c[t - 1] - c[t]) for c in data["counts"].values())
        assert changed == lost


@pytest.mark.parametrize("seed", SEEDS)
def test_replicator_tokens_are_fiftieths_of_the_shares(seed):
    data, stage = stage_of("evolution", {"mode": "replicator", "mistakes": 0.05}, seed)
    for t in range(len(stage["steps"])):
        drawn = classes(marks_at(stage, t), "sim-token")
        assert sum(drawn.values()) == 50
        for s, shares in data["shares"].items():
            tokens = drawn[legend_class(stage, _label(s))]
            assert abs(tokens - 50 * shares[t]) < 1, (t, s)


SPIRAL = [{}, {"prior_a": 0.6, "prior_b": 0.6}, {"type_b": "expansionist"},
          {"misperception": 0.3, "rounds": 60}]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("params", SPIRAL)
def test_spiral_frames_show_the_beliefs_and_moves_of_each_round(params, seed):
    data, stage = stage_of("spiral", params, seed)
    rounds = params.get("rounds", 30)
    assert len(stage["steps"]) == rounds + 1
    for t in range(rounds + 1):
        marks = marks_at(stage, t)
        frames = [m for m in marks if "sim-frame" in m["attrs"]["class"]]
        bars = [m for m in marks if "sim-belief" in m["attrs"]["class"]]
        moves = [m["attrs"]["class"].split()[1] for m in marks
                 if "sim-move" in m["attrs"]["class"]]
        for side, frame, bar, move in zip("AB", frames, bars, moves, strict=True):
            belief = data["beliefs"][side][t]
            assert bar["attrs"]["height"] / frame["attrs"]["height"] == pytest.approx(
                belief, abs=0.002)
            assert bar["attrs"]["y"] + bar["attrs"]["height"] == pytest.approx(
                frame["attrs"]["y"] + frame["attrs"]["height"], abs=0.11)
            played = data["moves"][side][t - 1] if t else None
            assert move == {"arm": "sim-arm", "restrain": "sim-restrain", None: "sim-none"}[
                played]
        text = stage["steps"][t]["text"]
        assert f"A is {data['beliefs']['A'][t]:.0%} sure" in text
        expansionists = [params.get(f"type_{s}") == "expansionist" for s in "ab"]
        assert text.count("it arms whatever it believes") == sum(expansionists)
        if t:
            assert f"B {'arms' if data['moves']['B'][t - 1] == 'arm' else 'restrains'}" in text
            for side, other in (("A", "B"), ("B", "A")):
                misread = data["seen"][side][t - 1] != data["moves"][other][t - 1]
                assert (f"{side} misread {other}'s move" in text) == misread


ARMS = [{}, {"a": 1.2, "b": 1.2}, {"g": -2, "h": -2, "x0": 5, "y0": 0}, {"horizon": 7}]


@pytest.mark.parametrize("params", ARMS)
def test_arms_race_bars_are_the_levels_of_each_year(params):
    data, stage = stage_of("arms_race", params, 0)
    table = registry.run("arms_race", params, 0).main_table().rows
    assert len(stage["steps"]) == len(table)
    heights, levels = [], []
    for t, (year, x, y) in enumerate(table):
        bars = [m for m in marks_at(stage, t) if "sim-bar" in m["attrs"]["class"]]
        heights += [b["attrs"]["height"] for b in bars]
        levels += [abs(x), abs(y)]
        assert stage["steps"][t]["text"] == f"Year {year:.4g}: A's arms {x:.3g}, B's {y:.3g}."
        assert stage["steps"][t]["label"] == f"Year {year:.4g} of {params.get('horizon', 20):g}"
    scale = max(heights) / max(levels)  # one scale for the whole run, to a tenth of a pixel
    for height, level in zip(heights, levels, strict=True):
        assert height == pytest.approx(scale * level, abs=0.11)
    rests = [m for m in stage["marks"] if m["attrs"]["class"] == "sim-threshold"]
    if data["stable"]:
        zero = next(m for m in stage["marks"] if m["attrs"]["class"] == "sim-zero")
        for rest, level in zip(rests, (data["equilibrium"]["x"], data["equilibrium"]["y"]),
                               strict=True):
            assert zero["attrs"]["y1"] - rest["attrs"]["y1"] == pytest.approx(
                scale * level, abs=0.3)
    else:
        assert rests == []
    assert data["t"][-1] == table[-1][0]


ALLIANCES = [{}, {"rule": "bandwagon"}, {"rule": "balance_power", "states": 12,
                                         "revisionists": 3}, {"rule": "mixed", "states": 30,
                                                              "turns": 40}]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("params", ALLIANCES)
def test_alliance_frames_show_power_sides_and_conquest_at_each_turn(params, seed):
    data, stage = stage_of("alliances", params, seed)
    names = data["states"]
    assert len(stage["steps"]) == len(data["shares"])
    for t in range(len(stage["steps"])):
        states = [m for m in marks_at(stage, t) if "sim-state" in m["attrs"]["class"]]
        assert len(states) == len(names)
        side_colour: dict[str, str] = {}
        for k, m in enumerate(states):
            share, names_k = data["shares"][t][k], m["attrs"]["class"].split()
            assert ("sim-gone" in names_k) == (share == 0)
            assert ("sim-revisionist" in names_k) == names[k].startswith("R")
            if share:
                assert m["attrs"]["r"] == pytest.approx(48 * math.sqrt(share), abs=0.06)
            colour = [n for n in names_k if re.fullmatch(r"sim-k\d", n)]
            if t == 0 or share == 0:
                assert colour == []
                continue
            side = data["sides"][t - 1][k]
            assert colour, (t, k)
            if side in side_colour:  # one colour per side
                assert side_colour[side] == colour[0]
            side_colour[side] = colour[0]
        text = stage["steps"][t]["text"]
        assert text.startswith(f"Turn {t}: ")
        for w in (w for w in data["wars"] if w["turn"] == t):
            assert f"{w['attacker']} attacked {w['target']}" in text


def test_every_time_model_has_a_replay_and_no_other_model_has_one():
    assert set(BUILDERS) == {"alliances", "arms_race", "evolution", "spiral"}
    for model in registry.model_ids():
        result = registry.run(model, {}, 0)
        stage = replay(result)
        assert (stage is not None) == (model in BUILDERS)
        if stage:
            for step in stage["steps"]:
                assert len(step["values"]) == len(stage["vary"])


@pytest.mark.parametrize("model", sorted(BUILDERS))
def test_the_static_figure_is_the_last_frame(model):
    """The build's figure draws the last step, says it in words, and carries the frames."""
    result = registry.run(model, {}, 0)
    stage = view(result, registry.get(model).SPEC)["replay"]
    html = replay_html(stage)
    last = stage["steps"][-1]
    assert f"<span class=\"sim-replay-now\">{last['label']}</span>" in html
    marks = html.split("sim-marks")[1].split("</g>")[0]
    drawn = re.findall(r"<(circle|rect|line|text)\b([^>]*)>", marks)
    expected = marks_at(stage, len(stage["steps"]) - 1)
    assert len(drawn) == len(expected)
    for (tag, attrs), mark in zip(drawn, expected, strict=True):
        assert tag == mark["tag"]
        for name, value in mark["attrs"].items():
            assert f' {name}="{value}"' in attrs
    assert "style=" not in html
    carried = re.search(r"data-replay='([^']*)'", html)[1]
    frames = json.loads(html_lib.unescape(carried))
    assert frames == {k: v for k, v in stage.items() if k != "marks"}
