"""The alliance world's turns: the states as circles sized by power, coloured by side.

Turn 0 is the world as drawn, before anyone chose a side; turn t shows the sides the states chose
in turn t (the model's ``sides[t - 1]``) and the power each held after that turn's wars
(``shares[t]``). A circle's area is its state's share of all power; a thick outline marks a
revisionist; states on one side share a colour, and a line joins each to the state it sides
with: the state it bandwagons with (a revisionist leads its own side), or the first member of
a balancing coalition. A conquered state is an empty ring. The states sit on a circle in the
model's order, not at their positions in the model's world (the map chart draws those).
"""

from __future__ import annotations

import math
from typing import Any

from ..result import Result
from .stage import Stage, colour, px, step_label

SIZE = 320
CENTRE, RING = SIZE / 2, 112  # the circle the states sit on
LABEL_RING = 150
AREA = 48  # px: the radius of a state holding all power


def _groups(labels: list[str], alive: list[bool]) -> dict[str, list[int]]:
    """Side -> its members (in state order), for the living states."""
    groups: dict[str, list[int]] = {}
    for k, label in enumerate(labels):
        if alive[k] and label != "conquered":
            groups.setdefault(label, []).append(k)
    return groups


def _hub(label: str, members: list[int], names: list[str], alive: list[bool]) -> int:
    """The state a side's lines meet at: the state its members side with, or, for a
    coalition against a state, its first member."""
    stance, _, other = label.partition(" ")
    if stance == "with" and alive[names.index(other)]:
        return names.index(other)
    return members[0]


def _side_name(label: str) -> str:
    stance, _, other = label.partition(" ")
    return f"siding with {other}" if stance == "with" else f"against {other}"


def _wars(wars: list[dict[str, Any]], turn: int) -> str:
    out = []
    for w in (w for w in wars if w["turn"] == turn):
        what = "won" if w["attacker_won"] else "lost"
        gone = f"; {w['conquered']} was conquered" if w["conquered"] else ""
        out.append(f" War: {w['attacker']} attacked {w['target']} and {what}{gone}.")
    return "".join(out)


def frames(result: Result) -> Stage:
    names: list[str] = result.data["states"]
    shares: list[list[float]] = result.data["shares"]
    sides: list[list[str]] = result.data["sides"]
    n = len(names)
    stage = Stage(
        "The states, turn by turn",
        "Each circle is a state, its area its share of power; a thick outline marks a "
        "revisionist (R); states of one side share a colour, and a line joins each to the state "
        "it sides with; an empty ring is a conquered state.", "Turn", SIZE, SIZE)
    where = [(CENTRE + RING * math.sin(2 * math.pi * k / n),
              CENTRE - RING * math.cos(2 * math.pi * k / n)) for k in range(n)]
    ties = [stage.add("line", x1=px(x), y1=px(y), x2=px(x), y2=px(y), class_="sim-tie")
            for x, y in where]
    dots = []
    for k, (x, y) in enumerate(where):
        dots.append(stage.add("circle", cx=px(x), cy=px(y), r=0, class_="sim-state"))
        angle = 2 * math.pi * k / n
        stage.add("text", names[k], x=px(CENTRE + LABEL_RING * math.sin(angle)),
                  y=px(CENTRE - LABEL_RING * math.cos(angle) + 4), class_="sim-replay-label")
    palette: dict[str, int] = {}  # a side keeps its colour from turn to turn
    last = len(shares) - 1
    for t in range(last + 1):
        alive = [share > 0 for share in shares[t]]
        labels = sides[t - 1] if t else ["none"] * n
        groups = _groups(labels, alive) if t else {}
        hub = {}
        for label, members in groups.items():
            palette.setdefault(label, len(palette))
            hub.update(dict.fromkeys(members, _hub(label, members, names, alive)))
        shown = {}
        for k in range(n):
            revisionist = " sim-revisionist" if names[k].startswith("R") else ""
            side = f" {colour(palette[labels[k]])}" if k in hub else ""
            shown[(dots[k], "r")] = px(AREA * math.sqrt(shares[t][k])) if alive[k] else 4
            shown[(dots[k], "class")] = ("sim-state" + side + revisionist
                                         + ("" if alive[k] else " sim-gone"))
            x, y = where[hub.get(k, k)]
            shown[(ties[k], "x2")], shown[(ties[k], "y2")] = px(x), px(y)
        words = "; ".join(f"{_side_name(label)}: {', '.join(names[k] for k in members)}"
                          for label, members in groups.items())
        gone = [names[k] for k in range(n) if not alive[k]]
        text = (f"Turn {t}: " + (words or "no sides chosen yet")
                + (f"; conquered: {', '.join(gone)}" if gone else "") + "."
                + _wars(result.data["wars"], t))
        stage.frame(step_label("Turn", t, last), text, shown)
    stage.legend = [{"class": "sim-state sim-revisionist", "text": "revisionist"},
                    {"class": "sim-state sim-gone", "text": "conquered"}]
    return stage
