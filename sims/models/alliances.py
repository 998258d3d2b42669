"""Balancing or bandwagoning: a small world of states that ally, threaten and fight.

An agent-based model in the tradition of Cusack and Stoll (1990, *Exploring Realpolitik*) and
Cederman (1997, *Emergent Actors in World Politics*), reduced to the question of Waltz (1979,
*Theory of International Politics*) and Walt (1987, *The Origins of Alliances*): do states
oppose the strong and the threatening, or join them, and what follows for aggressors?

**The world.** ``states`` states sit on a circle (a position ``u`` in [0, 1); the distance of two
states is the shorter way round, ``d`` in [0, 0.5], their proximity ``1 - 2d``). Each has power
``1 + 9 u**2`` (a few strong states, many weak ones) and offensive capability ``u``, each ``u``
drawn uniformly. The first ``revisionists`` states (R1, R2, ...) want to expand; the others
(S1, S2, ...) are content with the status quo. The same seed draws the same world under
every rule, so rules can be compared on one world.

**Threat.** State ``i`` sees in ``j`` the threat of :func:`sims.models.threat.score`, Walt's four
sources with equal weights: ``j``'s power as a share of the strongest state's, proximity,
offensive capability, and intentions (1 for a revisionist, 0 otherwise).

**Each turn, first alignment.** Every status quo state picks a side by the ``rule``:
``balance_power`` (Waltz): join the coalition against the strongest other state;
``balance_threat`` (Walt): join the coalition against the most threatening other state;
``bandwagon``: join the side of the most threatening other state; ``mixed``: each status quo
state bandwagons with probability ``bandwagon_share`` (drawn once, when the world is made, so a
share of 0.2 and one of 0.3 make different worlds however few the states), the rest balance
against threat. Those draws come from a stream of their own, ``random.Random(f"{seed}
bandwagon")`` (a string seed is hashed with SHA-512, the same on every Python), so the main
stream, and with it the states and every war's draw, is the same under every rule: a chance of 0
is balancing against threat exactly, a chance of 1 bandwagoning exactly. A revisionist leads its
own side: itself and the states bandwagoning with it.

**Then war.** Each revisionist in turn, strongest first, weighs every state outside its side.
The state would be defended by a coalition: itself, every state balancing against this
revisionist, and its own side (its leader and fellow followers). The revisionist picks the
target whose coalition is weakest against its own side and attacks only when its side
outweighs that coalition (``A > D``); once every other state has joined its side it turns on
its weakest follower, alone. The attackers win with probability ``A / (A + D)``. At stake is
``STAKE`` times the power of the weaker of the two principals (the revisionist and its target),
so a great power that fails against a small state pays an indemnity, not half its strength.
The loser pays it: a beaten target to the revisionist (its followers are spared, not paid), a
beaten revisionist to the defenders, shared in proportion to their power. A state left below
``FLOOR`` is conquered and the rest of its power goes to the winners too. Total power never
changes, so shares are zero-sum.

**Measures.** ``survivors`` (states not conquered), ``hhi`` (the Herfindahl index, the sum of
squared power shares: 1/n for n equal states, 1 for one), ``hegemon`` (one state holds more
than half the power) and ``opposition`` (the mean number of states in the coalition a
revisionist would have to fight, over the turns and revisionists).
"""

from __future__ import annotations

import math
import random
from typing import Any

from .. import charts
from ..outcomes import Number, Outcomes
from ..result import Result, Table
from ..spec import ParamError, Spec, budget, choice, integer, number
from .threat import score

TITLE = "Balancing or bandwagoning"
RULES = ("balance_power", "balance_threat", "bandwagon", "mixed")
STAKE = 0.5  # the share of the weaker principal's power at stake in a war
FLOOR = 1.0  # below this a state is conquered (the weakest state starts at 1)
EQUAL = {"power": 1, "proximity": 1, "offense": 1, "intentions": 1}
MAX_WORK = 160_000  # states**2 * turns: about 0.1 s in CPython, well under a second in Pyodide


def _revisionists_fit(values: dict[str, Any]) -> None:
    if values["revisionists"] >= values["states"]:
        raise ParamError("revisionists", f"{values['revisionists']} revisionists need at least "
                                         f"{values['revisionists'] + 1} states")
    _budget(values)


_budget = budget(MAX_WORK, lambda v: v["states"] ** 2 * v["turns"], "states² × turns",
                 "use fewer states or fewer turns")

SPEC = Spec((
    choice("rule", "balance_threat", RULES, "How states choose sides",
           "Balance against the strongest state (Waltz), balance against the most threatening "
           "state (Walt), join the most threatening state, or a mix.",
           ("balance against power", "balance against threat", "bandwagon", "mixed")),
    number("bandwagon_share", 0.5, 0, 1, "Chance of bandwagoning (mixed)",
           "Under the mixed rule, the chance that each status quo state bandwagons (drawn "
           "once per state, when the world is made).", 0.05),
    integer("states", 10, 3, 40, "States", "How many states the world starts with."),
    integer("revisionists", 2, 0, 10, "Revisionists",
            "How many of them want to expand at the others' expense."),
    integer("turns", 50, 1, 200, "Turns", "How many turns of alignment and war."),
), check=_revisionists_fit)


def make_world(p: dict[str, Any], rng: random.Random,
               chances: random.Random | None = None) -> list[dict[str, Any]]:
    """The states, drawn from ``rng``; under ``mixed`` each status quo state then draws whether
    it bandwagons (with probability ``bandwagon_share``), from the stream ``chances``."""
    world = []
    for k in range(p["states"]):
        rev = k < p["revisionists"]
        position, u, offense = rng.random(), rng.random(), rng.random()
        world.append({"name": f"R{k + 1}" if rev else f"S{k + 1 - p['revisionists']}",
                      "revisionist": rev, "position": position,
                      "power": 1 + 9 * u * u,  # u * u, not u ** 2: no libm in the draws
                      "offense": offense, "alive": True,
                      "bandwagons": p["rule"] == "bandwagon"})
    content = [s for s in world if not s["revisionist"]]
    rng.shuffle(content)  # drawn under every rule, so all rules see the same later draws
    if p["rule"] == "mixed":
        draw = (chances or rng).random
        for s in content:
            s["bandwagons"] = draw() < p["bandwagon_share"]
    return world


def _proximity(a: dict[str, Any], b: dict[str, Any]) -> float:
    gap = abs(a["position"] - b["position"])
    return 1 - 2 * min(gap, 1 - gap)


def align(world: list[dict[str, Any]], rule: str) -> dict[int, tuple[str, int]]:
    """Each living state's side: ("lead", itself), ("against", j) or ("with", j)."""
    alive = [k for k, s in enumerate(world) if s["alive"]]
    strongest = max(world[k]["power"] for k in alive)
    sides: dict[int, tuple[str, int]] = {}
    for k in alive:
        me, others = world[k], [j for j in alive if j != k]
        if me["revisionist"] or not others:
            sides[k] = ("lead", k)
            continue
        if rule == "balance_power":
            sides[k] = ("against", max(others, key=lambda j: world[j]["power"]))
            continue
        top = max(others, key=lambda j: (score({
            "power": world[j]["power"] / strongest, "proximity": _proximity(me, world[j]),
            "offense": world[j]["offense"], "intentions": float(world[j]["revisionist"])},
            EQUAL), world[j]["power"]))
        sides[k] = ("with" if me["bandwagons"] else "against", top)
    return sides


def _leader(sides: dict[int, tuple[str, int]], k: int) -> int:
    stance, j = sides[k]
    return j if stance == "with" else k


def _bloc(sides: dict[int, tuple[str, int]], k: int) -> set[int]:
    """State k's side: its leader (itself, unless it bandwagons) and the leader's followers."""
    lead = _leader(sides, k)
    followers = {j for j, (stance, t) in sides.items() if stance == "with" and t == lead}
    return ({lead} & sides.keys()) | followers  # a conquered leader no longer counts


def _power(world: list[dict[str, Any]], group: set[int]) -> float:
    # fsum, not sum: sum() of floats rounds differently from Python 3.12 (Pyodide) on.
    return math.fsum(world[k]["power"] for k in group)


def choose_war(world: list[dict[str, Any]], sides: dict[int, tuple[str, int]],
               r: int) -> tuple[int, set[int], set[int]] | None:
    """Revisionist r's best target and the two sides (attackers, defenders), or None if alone."""
    own = _bloc(sides, r)
    opponents = {j for j, (stance, t) in sides.items() if stance == "against" and t == r}
    options = [(t, own, ({t} | _bloc(sides, t) | opponents) - own)
               for t in sides if t not in own]
    if not options:  # everyone has joined r: it turns on its followers, one at a time
        options = [(t, own - {t}, {t}) for t in own if t != r]
    if not options:
        return None
    return min(options, key=lambda o: (_power(world, o[2]) / _power(world, o[1]), o[0]))


def fight(world: list[dict[str, Any]], attackers: set[int], defenders: set[int], target: int,
          r: int, rng: random.Random) -> tuple[bool, bool]:
    """One war: (attackers won, loser conquered). The stake is STAKE times the weaker
    principal's power; it goes all to the aggressor if it wins, to the defenders (shared by
    power) if they win."""
    a, d = _power(world, attackers), _power(world, defenders)
    won = rng.random() < a / (a + d)
    loser, winners = (target, {r}) if won else (r, defenders)
    loss = STAKE * min(world[r]["power"], world[target]["power"])
    if world[loser]["power"] - loss < FLOOR:
        loss = world[loser]["power"]
    total = _power(world, winners)
    for k in winners:
        world[k]["power"] += loss * world[k]["power"] / total
    world[loser]["power"] -= loss
    conquered = world[loser]["power"] == 0
    world[loser]["alive"] = not conquered
    return won, conquered


def _label(world: list[dict[str, Any]], sides: dict[int, tuple[str, int]], k: int) -> str:
    if k not in sides:
        return "conquered"
    stance, j = sides[k]
    return f"with {world[j]['name']}" if stance in ("lead", "with") else \
        f"against {world[j]['name']}"


def simulate(p: dict[str, Any], rng: random.Random,
             chances: random.Random | None = None) -> dict[str, Any]:
    """Run the turns; collect shares, sides, wars and what each revisionist faced."""
    world = make_world(p, rng, chances)
    total = _power(world, set(range(len(world))))
    shares = [[s["power"] / total for s in world]]
    sides_by_turn, wars, facing = [], [], []
    last: dict[int, tuple[str, int]] = {}
    for turn in range(1, p["turns"] + 1):
        sides = last = align(world, p["rule"])
        sides_by_turn.append([_label(world, sides, k) for k in range(len(world))])
        order = sorted((k for k in sides if world[k]["revisionist"]),
                       key=lambda k: -world[k]["power"])
        for r in order:
            if not world[r]["alive"]:
                continue
            sides = {k: v for k, v in sides.items() if world[k]["alive"]}
            war = choose_war(world, sides, r)
            if war is None:
                continue
            target, attackers, defenders = war
            facing.append(len(defenders))
            if _power(world, attackers) <= _power(world, defenders):
                continue  # deterred
            sizes = {"attackers": len(attackers), "defenders": len(defenders),
                     "attack_power": _power(world, attackers) / total,
                     "defence_power": _power(world, defenders) / total}
            won, conquered = fight(world, attackers, defenders, target, r, rng)
            wars.append({"turn": turn, "attacker": world[r]["name"],
                         "target": world[target]["name"], **sizes, "attacker_won": won,
                         "conquered": world[target if won else r]["name"] if conquered else None})
        shares.append([s["power"] / total for s in world])
    return {"world": world, "shares": shares, "sides": sides_by_turn, "wars": wars,
            "facing": facing, "last_sides": last}


def _summary(p: dict[str, Any], world: list[dict[str, Any]], out: dict[str, Any]) -> str:
    content = [s for s in world if not s["revisionist"]]
    joiners = sum(s["bandwagons"] for s in content)
    first = {
        "balance_power": "Balancing against power: each state joined the coalition against the "
                         "strongest state, whatever it intended",
        "balance_threat": "Balancing against threat: each state joined the coalition against "
                          "the state that threatened it most",
        "bandwagon": "Bandwagoning: each state joined the side of the state that threatened it "
                     "most",
        "mixed": f"A mixed world: {joiners} of {len(content)} status quo states bandwagoned and "
                 "the rest balanced against threat",
    }[p["rule"]]
    if p["revisionists"] == 0:
        return f"{first}, but with no revisionist nobody attacks, and all {p['states']} states " \
               "keep their power."
    wars = out["wars"]
    wins = sum(w["attacker_won"] for w in wars)
    war_text = (f"there were {len(wars)} wars, {wins} won by the aggressors" if len(wars) > 1
                else f"there was one war, {'won' if wins else 'lost'} by the aggressor"
                if wars else "there was no war at all")
    final = out["shares"][-1]
    big = max(range(len(world)), key=lambda k: final[k])
    alive = (f"only {world[big]['name']} survives" if out["survivors"] == 1
             else f"{out['survivors']} of {p['states']} states survive")
    top = (f"{world[big]['name']} holds {final[big]:.0%} of all power, a hegemon"
           if out["hegemon"] else "no state holds half of all power")
    return (f"{first}. A revisionist eyeing a target faced a coalition of "
            f"{out['opposition']:.1f} states on average (the target included), and {war_text}. "
            f"In the end {alive}, the revisionists hold {out['revisionist_share'][1]:.0%} of "
            f"the power (from {out['revisionist_share'][0]:.0%}) and {top} (Herfindahl index "
            f"{out['hhi']:.2f}).")


# One colour per state, the same in both charts (a state's colour means that state and nothing
# else). Chosen greedily, each the farthest (CIEDE2000) from those before it, from a grid of
# sRGB colours of chroma at least 25 (none reads as the grey of the ties) and luminance 0.148 to
# 0.30, so that every mark has 3:1 contrast against white and against the dark palette's
# background: any 40 differ by a CIEDE2000 of at least 10.9, the first 20 by 15.
STATE_COLOURS = (
    "#1a73b3", "#999900", "#ff000d", "#f200ff", "#008066", "#8c6640", "#995973", "#998ccc",
    "#00a626", "#ff5980", "#664dff", "#e67300", "#4099a6", "#667333", "#bf8073", "#b38000",
    "#739973", "#cc73b3", "#d9004d", "#cc0099", "#736699", "#598cff", "#b34d1a", "#008026",
    "#b38c66", "#0099d9", "#00a68c", "#b300e6", "#a666d9", "#8c8c59", "#ff0d99", "#668c00",
    "#7373d9", "#f26659", "#a6594d", "#b36600", "#bf6673", "#807300", "#997399", "#994da6",
)
LEADER = "#b3b3b3"  # the thin line from a name back to its state: a grey no state has
# Size and shape legends in a grey (no state's colour) that shows on both palettes.
NEUTRAL_LEGEND = {"symbolFillColor": "#8c8c8c", "symbolStrokeColor": "#8c8c8c"}
LABEL_RADIUS = 1.25  # the names' circle; the states sit on the unit circle
REACH = 1.55  # the map shows -REACH to REACH on both axes
LABEL_ARC = 26  # pixels along the names' circle that each name needs (the widest, "S38", ~20)
MAP_SIZE = 320  # pixels, or more when the names need more room


def map_size(states: int) -> int:
    """The map's width and height: at least MAP_SIZE, enough for every name's LABEL_ARC."""
    return max(MAP_SIZE, math.ceil(LABEL_ARC * states * REACH / (math.pi * LABEL_RADIUS)))


def label_gap(size: int) -> float:
    """The share of the names' circle that LABEL_ARC takes on a map of ``size`` pixels."""
    return LABEL_ARC * REACH / (math.pi * LABEL_RADIUS * size)


def state_colours(names: list[str]) -> dict[str, Any]:
    """The colour scale of the states, as both charts use it."""
    return {"domain": names, "range": list(STATE_COLOURS[:len(names)])}


def spread(positions: list[float], gap: float) -> list[float]:
    """Label places on the circle: each as near its state's place as possible, with at least
    ``gap`` (at most 1 / n) between neighbours.

    The circle is cut at its widest empty arc and unrolled; labels closer than ``gap`` are
    merged into runs, centred on their states, until no two runs touch (a one-dimensional
    label dodge). If the runs would then wrap round onto each other, the labels are spaced
    evenly instead.
    """
    n = len(positions)
    if n < 2:
        return list(positions)
    order = sorted(range(n), key=lambda k: positions[k])
    cut = max(range(n), key=lambda i: (positions[order[(i + 1) % n]] - positions[order[i]]) % 1)
    order = order[cut + 1:] + order[:cut + 1]
    first = positions[order[0]]
    line = [first + (positions[k] - first) % 1 for k in order]
    runs: list[list[float]] = []  # [total of the members' places, members]
    for place in line:
        runs.append([place, 1])
        while len(runs) > 1:
            (total_a, count_a), (total_b, count_b) = runs[-2], runs[-1]
            end_a = total_a / count_a + (count_a - 1) * gap / 2
            start_b = total_b / count_b - (count_b - 1) * gap / 2
            if start_b - end_a >= gap:
                break
            runs[-2:] = [[total_a + total_b, count_a + count_b]]
    placed = [total / count + (j - (count - 1) / 2) * gap for total, count in runs
              for j in range(count)]
    if placed[-1] - placed[0] > 1 - gap:
        shift = math.fsum(p - j / n for j, p in enumerate(line)) / n
        placed = [shift + j / n for j in range(n)]
    out = [0.0] * n
    for k, place in zip(order, placed, strict=True):
        out[k] = place % 1
    return out


def _tie(world: list[dict[str, Any]], sides: dict[int, tuple[str, int]],
         k: int) -> tuple[str, int] | None:
    """What living state k's last choice ties it to: ("joins" or "balances against", j)."""
    if not world[k]["alive"] or k not in sides or sides[k][0] == "lead":
        return None
    stance, j = sides[k]
    return ("joins" if stance == "with" else "balances against"), j


def coalitions(world: list[dict[str, Any]],
               sides: dict[int, tuple[str, int]]) -> list[tuple[str, list[int]]]:
    """Who is allied with whom at the end: each revisionist's side (itself and the states that
    join it) and each coalition against a state, with their living members, in state order."""
    groups: dict[tuple[int, int], tuple[str, list[int]]] = {}
    for k, s in enumerate(world):
        if not s["alive"] or k not in sides:
            continue
        stance, j = sides[k]
        lead = k if stance == "lead" else j
        key, name = ((lead, 0), f"{world[lead]['name']}'s side") if stance != "against" \
            else ((j, 1), f"against {world[j]['name']}")
        groups.setdefault(key, (name, []))[1].append(k)
    return [groups[key] for key in sorted(groups)]


def _coalition_words(world: list[dict[str, Any]],
                     groups: list[tuple[str, list[int]]]) -> str:
    return "; ".join(f"{name}: {', '.join(world[k]['name'] for k in members)}"
                     for name, members in groups) + "."


NAMES_PER_LINE = 6


def _coalition_chart(world: list[dict[str, Any]], groups: list[tuple[str, list[int]]],
                     final: list[float]) -> dict[str, Any]:
    """One bar per coalition: its members' shares of power stacked in their colours, their
    names written after the bar (a few to a line, so that no name collides with another)."""
    rows = []
    for name, members in groups:
        names = [world[k]["name"] for k in members]
        lines = [", ".join(names[i:i + NAMES_PER_LINE])
                 for i in range(0, len(names), NAMES_PER_LINE)]
        total = math.fsum(final[k] for k in members)
        rows += [{"coalition": name, "state": world[k]["name"], "share": final[k],
                  "rank": i, "total": total, "members": lines}
                 for i, k in enumerate(members)]
    widest = max((r["total"] for r in rows), default=1)
    lines = max((len(r["members"]) for r in rows), default=1)
    y = {"field": "coalition", "type": "nominal", "title": None,
         "sort": [name for name, _ in groups]}
    return {
        "$schema": charts.SCHEMA,
        "title": "Who is allied with whom at the end",
        "description": "Each side and each coalition against a state in the last turn, with its "
                       "members' shares of all power, in their colours; at the end, "
                       + _coalition_words(world, groups),
        "width": charts.WIDTH,
        "height": {"step": 14 * lines + 12},
        "data": {"values": rows},
        "config": charts.CONFIG,
        "encoding": {"y": y},
        "layer": [
            {"mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 1},
             "encoding": {
                 "x": {"field": "share", "type": "quantitative", "stack": "zero",
                       "title": "Share of all power",
                       # half the width for the bars, the rest for the names
                       "scale": {"domain": [0, 2 * widest]}, "axis": {"format": ".0%"}},
                 "color": {"field": "state", "type": "nominal", "legend": None,
                           "scale": state_colours([s["name"] for s in world])},
                 "order": {"field": "rank", "type": "quantitative"},
                 "tooltip": [{"field": "state", "type": "nominal", "title": "State"},
                             {"field": "coalition", "type": "nominal", "title": "Coalition"},
                             {"field": "share", "type": "quantitative", "title": "Share",
                              "format": ".1%"}]}},
            *charts.haloed(
                {"mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 6,
                          "fontSize": 11, "lineHeight": 14},
                 "transform": [{"filter": "datum.rank === 0"}],
                 "encoding": {"x": {"field": "total", "type": "quantitative"},
                              "text": {"field": "members"}}}),
        ],
    }


def _map(world: list[dict[str, Any]], sides: dict[int, tuple[str, int]]) -> dict[str, Any]:
    """The final alliances on the circle (trig left to Vega, so CPython and Pyodide agree).

    Each state is a point in its own colour, sized by its power, its name beside it (spread
    so that no two names collide, with a thin grey line back to the point); a line in its
    colour ties it to the state it joins (solid) or balances against (dashed).
    """
    names = [s["name"] for s in world]
    size = map_size(len(world))
    places = spread([s["position"] for s in world], label_gap(size))
    rows = []
    for k, (s, place) in enumerate(zip(world, places, strict=True)):
        tie = _tie(world, sides, k)
        kind = ("revisionist" if s["revisionist"] else "status quo") if s["alive"] \
            else "conquered"
        rows.append({"state": s["name"], "position": s["position"], "power": s["power"],
                     "kind": kind, "label_position": place,
                     # the right half of the circle (cos >= 0) writes its names rightwards
                     "label_side": "right" if place <= 0.25 or place >= 0.75 else "left",
                     "tie": tie[0] if tie else None,
                     "to_position": world[tie[1]]["position"] if tie else None,
                     "choice": f"{tie[0]} {world[tie[1]]['name']}" if tie else
                     ("conquered" if not s["alive"] else "leads its side")})
    axis = {"type": "quantitative", "axis": None, "scale": {"domain": [-REACH, REACH]}}

    def at(angle: str, radius: float, x: str, y: str) -> list[dict[str, str]]:
        return [{"calculate": f"{radius} * cos(2 * PI * datum.{angle})", "as": x},
                {"calculate": f"{radius} * sin(2 * PI * datum.{angle})", "as": y}]

    def label(side: str) -> list[dict[str, Any]]:
        return charts.haloed({
            "mark": {"type": "text", "fontSize": 11, "baseline": "middle",
                     "align": "left" if side == "right" else "right"},
            "transform": [{"filter": f"datum.label_side === '{side}'"}],
            "encoding": {"x": {"field": "lx", **axis}, "y": {"field": "ly", **axis},
                         "text": {"field": "state", "type": "nominal"}}})

    return {
        "$schema": charts.SCHEMA,
        "title": "Alliances at the end",
        "description": "Each state at its place on the circle, in its own colour (as in the "
                       "shares chart), sized by its final power; a solid line in its colour "
                       "joins a state to the side it joined in the last turn, a dashed one to the "
                       "state it balanced against.",
        "width": size,
        "height": size,
        "data": {"values": rows},
        "config": charts.CONFIG,
        "transform": [*at("position", 1, "x", "y"), *at("label_position", LABEL_RADIUS, "lx", "ly"),
                      *at("label_position", LABEL_RADIUS - 0.07, "lx0", "ly0")],
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 1.5, "aria": False},  # told in the text
             "transform": [{"filter": "datum.tie !== null"},
                           *at("to_position", 1, "tx", "ty")],
             "encoding": {"x": {"field": "x", **axis}, "y": {"field": "y", **axis},
                          "x2": {"field": "tx"}, "y2": {"field": "ty"},
                          "color": {"field": "state", "type": "nominal", "legend": None,
                                    "scale": state_colours(names)},
                          "strokeDash": {"field": "tie", "type": "nominal", "title": "Tie",
                                         "scale": {"domain": ["joins", "balances against"],
                                                   "range": [[1, 0], [5, 3]]}}}},
            {"mark": {"type": "rule", "color": LEADER, "strokeWidth": 0.5, "aria": False},
             "encoding": {"x": {"field": "x", **axis}, "y": {"field": "y", **axis},
                          "x2": {"field": "lx0"}, "y2": {"field": "ly0"}}},
            {"mark": {"type": "point", "filled": True, "opacity": 0.9},
             "encoding": {
                 "x": {"field": "x", **axis}, "y": {"field": "y", **axis},
                 "size": {"field": "power", "type": "quantitative", "title": "Power",
                          "scale": {"range": [20, 900]}, "legend": NEUTRAL_LEGEND},
                 "color": {"field": "state", "type": "nominal", "legend": None,
                           "scale": state_colours(names)},
                 "shape": {"field": "kind", "type": "nominal", "title": "Kind",
                           "scale": {"domain": ["revisionist", "status quo", "conquered"],
                                     "range": ["diamond", "circle", "cross"]},
                           "legend": NEUTRAL_LEGEND},
                 "tooltip": [{"field": "state", "type": "nominal", "title": "State"},
                             {"field": "choice", "type": "nominal", "title": "Last turn"},
                             {"field": "power", "type": "quantitative", "title": "Power",
                              "format": ".3~g"}]}},
            *label("right"),
            *label("left"),
        ],
    }


def run(params: dict[str, Any], seed: int) -> Result:
    """Draw the world and play the turns with one seeded random stream (and, under the mixed
    rule, the states' bandwagoning from a second)."""
    rng = random.Random(seed)
    out = simulate(params, rng, random.Random(f"{seed} bandwagon"))
    world, final = out["world"], out["shares"][-1]
    alive = [k for k, s in enumerate(world) if s["alive"]]
    revs = [k for k, s in enumerate(world) if s["revisionist"]]
    out.update(
        survivors=len(alive), hhi=math.fsum(final[k] ** 2 for k in alive),
        hegemon=max(final) > 0.5,
        opposition=sum(out["facing"]) / len(out["facing"]) if out["facing"] else 0.0,
        revisionist_share=[math.fsum(out["shares"][0][k] for k in revs),
                           math.fsum(final[k] for k in revs)])
    summary = _summary(params, world, out)
    names = [s["name"] for s in world]
    last_sides = [side if s["alive"] else "conquered"
                  for s, side in zip(world, out["sides"][-1], strict=True)]
    area = charts.stacked_area(
        [{"turn": t, "share": share, "state": names[k]}
         for t, row in enumerate(out["shares"]) for k, share in enumerate(row)],
        "turn", "share", "state", title="Shares of power over the turns",
        description="Each state's share of all power, turn by turn.",
        x_title="Turn", y_title="Share of power", order=names)
    area["encoding"]["color"]["scale"] = state_colours(names)
    area["encoding"]["color"]["legend"] = {"columns": math.ceil(len(names) / 20)}
    states_table = Table(
        "states", "The states at the start and the end",
        ["state", "kind", "bandwagons", "start share", "end share", "side at the end"],
        [[s["name"], "revisionist" if s["revisionist"] else "status quo",
          "" if s["revisionist"] else ("yes" if s["bandwagons"] else "no"),
          out["shares"][0][k], final[k], last_sides[k]] for k, s in enumerate(world)])
    wars_table = Table(
        "wars", "The wars", ["turn", "attacker", "target", "attacking states",
                             "defending states", "aggressor won", "conquered"],
        [[w["turn"], w["attacker"], w["target"], w["attackers"], w["defenders"],
          "yes" if w["attacker_won"] else "no", w["conquered"] or ""] for w in out["wars"]])
    return Result(
        "alliances", params, seed, summary,
        data={"states": names, "shares": out["shares"], "sides": out["sides"],
              "wars": out["wars"], "survivors": out["survivors"], "hhi": out["hhi"],
              "hegemon": out["hegemon"], "opposition": out["opposition"],
              "revisionist_share": out["revisionist_share"]},
        tables=[states_table, wars_table],
        charts=[area, _map(world, out["last_sides"]),
                _coalition_chart(world, coalitions(world, out["last_sides"]), final)])


def _ending(result: Result) -> str:
    """A hegemon at the end (one state holds over half the power), else war or no war."""
    return ("hegemon" if result.data["hegemon"] else "war" if result.data["wars"]
            else "peace")


OUTCOMES = Outcomes(
    kinds=lambda p: [("peace", "No war"), ("war", "War, but no hegemon"),
                     ("hegemon", "A hegemon at the end")],
    classify=_ending,
    numbers=lambda p: [
        Number("wars", "Wars", "number of wars or states"),
        Number("survivors", "States surviving", "number of wars or states"),
        Number("revisionists", "Revisionists' share", "share of all power at the end",
               percent=True),
        Number("largest", "Largest state's share", "share of all power at the end",
               percent=True)],
    measure=lambda r: {"wars": len(r.data["wars"]), "survivors": r.data["survivors"],
                       "revisionists": r.data["revisionist_share"][1],
                       "largest": max(r.data["shares"][-1])},
)
