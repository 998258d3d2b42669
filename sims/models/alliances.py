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
``bandwagon``: join the side of the most threatening other state; ``mixed``: a fixed share
``bandwagon_share`` of the status quo states (drawn once) bandwagon, the rest balance against
threat. A revisionist leads its own side: itself and the states bandwagoning with it.

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
    number("bandwagon_share", 0.5, 0, 1, "Share of bandwagoners (mixed)",
           "Under the mixed rule, the share of status quo states that bandwagon.", 0.05),
    integer("states", 10, 3, 40, "States", "How many states the world starts with."),
    integer("revisionists", 2, 0, 10, "Revisionists",
            "How many of them want to expand at the others' expense."),
    integer("turns", 50, 1, 200, "Turns", "How many turns of alignment and war."),
), check=_revisionists_fit)


def make_world(p: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    """The states, drawn from ``rng``; under ``mixed`` the first share of a shuffle bandwagon."""
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
        for s in content[:int(p["bandwagon_share"] * len(content) + 0.5)]:
            s["bandwagons"] = True
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


def simulate(p: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Run the turns; collect shares, sides, wars and what each revisionist faced."""
    world = make_world(p, rng)
    total = _power(world, set(range(len(world))))
    shares = [[s["power"] / total for s in world]]
    sides_by_turn, wars, facing = [], [], []
    for turn in range(1, p["turns"] + 1):
        sides = align(world, p["rule"])
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
            "facing": facing}


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


def _map(world: list[dict[str, Any]], sides: list[str], summary: str) -> dict[str, Any]:
    """The final alliances on the circle: size is power, colour is side (trig left to Vega)."""
    rows = [{"state": s["name"], "position": s["position"], "power": s["power"],
             "side": side, "kind": "revisionist" if s["revisionist"] else "status quo"}
            for s, side in zip(world, sides, strict=True)]
    axis = {"type": "quantitative", "axis": None, "scale": {"domain": [-1.25, 1.25]}}
    return {
        "$schema": charts.SCHEMA,
        "title": "Alliances at the end",
        "description": "Each state at its place on the circle, sized by its final power and "
                       "coloured by the side it chose in the last turn. " + summary,
        "width": charts.HEIGHT,
        "height": charts.HEIGHT,
        "data": {"values": rows},
        "transform": [{"calculate": "cos(2 * PI * datum.position)", "as": "x"},
                      {"calculate": "sin(2 * PI * datum.position)", "as": "y"}],
        "encoding": {"x": {"field": "x", **axis}, "y": {"field": "y", **axis}},
        "layer": [
            {"mark": {"type": "point", "filled": True, "opacity": 0.85},
             "encoding": {
                 "size": {"field": "power", "type": "quantitative", "title": "Power",
                          "scale": {"range": [20, 900]}},
                 "color": {"field": "side", "type": "nominal", "title": "Side"},
                 "shape": {"field": "kind", "type": "nominal", "title": "Kind",
                           "scale": {"domain": ["revisionist", "status quo"],
                                     "range": ["diamond", "circle"]}},
                 "tooltip": [{"field": "state", "type": "nominal", "title": "State"},
                             {"field": "side", "type": "nominal", "title": "Side"},
                             {"field": "power", "type": "quantitative", "title": "Power",
                              "format": ".3~g"}]}},
            {"mark": {"type": "text", "dy": -16, "fontSize": 11},
             "encoding": {"text": {"field": "state", "type": "nominal"}}},
        ],
    }


def run(params: dict[str, Any], seed: int) -> Result:
    """Draw the world and play the turns with one seeded random stream."""
    rng = random.Random(seed)
    out = simulate(params, rng)
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
        description="Each state's share of all power, turn by turn. " + summary,
        x_title="Turn", y_title="Share of power", order=names)
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
        charts=[area, _map(world, last_sides, summary)])
