"""The alliance charts: a colour per state and one meaning per colour, names that do not
collide, and who is allied with whom."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from coloraide import Color

from sims import charts, registry
from sims.models import alliances

MOST = int(alliances.SPEC["states"].maximum)
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2129"}  # the pages' two palettes
FONT = 11  # the labels' font size; a character is at most 0.65 em wide in the chart's font


def run(seed: int = 0, **params):
    return registry.run("alliances", params, seed)


def test_every_state_of_the_largest_world_has_a_colour_of_its_own():
    colours = alliances.STATE_COLOURS[:MOST]
    assert len(colours) == MOST and len(set(colours)) == MOST
    nearest = {n: min(Color(a).delta_e(b, method="2000")
                      for a, b in itertools.combinations(colours[:n], 2)) for n in (20, MOST)}
    assert nearest[20] >= 15 and nearest[MOST] >= 10, nearest
    for colour in colours:
        for background in BACKGROUNDS.values():
            assert charts.contrast(colour, background) >= 3, (colour, background)
        assert Color(colour).convert("lch-d65")["chroma"] >= 20, f"{colour} reads as grey"


@pytest.mark.parametrize("states", [10, 20, MOST])
def test_a_colour_means_one_state_in_every_chart(states):
    result = run(3, states=states, revisionists=2, turns=20)
    names = result.data["states"]
    scales = []
    for spec in result.charts:
        for layer in [spec, *spec.get("layer", [])]:
            colour = layer.get("encoding", {}).get("color")
            if colour:
                assert colour["field"] == "state", f"{spec['title']}: colour means {colour}"
                scales.append(colour["scale"])
    assert len(scales) >= 3
    assert all(s == {"domain": names, "range": list(alliances.STATE_COLOURS[:states])}
               for s in scales)


def boxes(spec: dict) -> list[tuple[str, float, float, float, float]]:
    """Each name's box on the map, in pixels: (name, left, right, bottom, top)."""
    low, high = spec["encoding"]["x"]["scale"]["domain"] if "encoding" in spec else \
        spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    unit = spec["width"] / (high - low)
    out = []
    for row in spec["data"]["values"]:
        angle = 2 * math.pi * row["label_position"]
        x = alliances.LABEL_RADIUS * math.cos(angle) * unit
        y = alliances.LABEL_RADIUS * math.sin(angle) * unit
        width = 0.65 * FONT * len(row["state"])
        left, right = (x, x + width) if row["label_side"] == "right" else (x - width, x)
        out.append((row["state"], left, right, y - FONT / 2, y + FONT / 2))
    return out


@pytest.mark.parametrize(("states", "seed"), [(n, s) for n in (10, 20, MOST) for s in range(8)])
def test_no_two_names_on_the_map_collide(states, seed):
    spec = run(seed, states=states, turns=10).charts[1]  # the names depend on the places only
    assert {m["mark"]["fontSize"] for m in spec["layer"] if m["mark"]["type"] == "text"} \
        == {FONT}
    for a, b in itertools.combinations(boxes(spec), 2):
        overlap = min(a[2], b[2]) - max(a[1], b[1]), min(a[4], b[4]) - max(a[3], b[3])
        assert min(overlap) <= 0, f"{a[0]} and {b[0]} collide: {a} {b}"


def test_names_are_spread_only_as_far_as_they_must_be():
    rng = random.Random(1)
    for n in (2, 5, 20, 40, 60):
        positions = [rng.random() for _ in range(n)]
        gap = alliances.label_gap(alliances.map_size(n))
        assert gap <= 1 / n
        placed = sorted(alliances.spread(positions, gap))
        gaps = [(b - a) % 1 for a, b in zip(placed, placed[1:] + placed[:1], strict=True)]
        assert min(gaps) >= gap - 1e-9, n
    lonely = [0.1, 0.4, 0.7]  # far apart: each name stays at its state
    assert alliances.spread(lonely, 0.03) == pytest.approx(lonely)
    pair = alliances.spread([0.5, 0.51], 0.03)  # too close: moved apart about their middle
    assert pair == pytest.approx([0.49, 0.52])


@pytest.mark.parametrize("rule", ["balance_threat", "balance_power", "bandwagon", "mixed"])
def test_the_coalitions_chart_puts_each_living_state_on_exactly_one_side(rule):
    for seed in range(5):
        result = run(seed, rule=rule, states=20)
        chart = result.charts[2]
        rows = chart["data"]["values"]
        alive = [name for name, share in zip(result.data["states"], result.data["shares"][-1],
                                             strict=True) if share > 0]
        assert sorted(r["state"] for r in rows) == sorted(alive)
        sides = dict(zip(result.data["states"], result.data["sides"][-1], strict=True))
        for row in rows:  # the coalition is the state's own last choice
            leader = row["coalition"].removesuffix("'s side")
            assert sides[row["state"]] == (f"with {leader}" if leader != row["coalition"]
                                           else row["coalition"]), row
        for name in {r["coalition"] for r in rows}:
            members = [r["state"] for r in sorted(rows, key=lambda r: r["rank"])
                       if r["coalition"] == name]
            assert f"{name}: {', '.join(members)}" in chart["description"]
            listed = [r for r in rows if r["coalition"] == name and r["rank"] == 0]
            assert ", ".join(listed[0]["members"]) == ", ".join(members)
            assert all(len(line.split(", ")) <= alliances.NAMES_PER_LINE
                       for line in listed[0]["members"])
