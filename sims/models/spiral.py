"""The spiral model: two states that cannot see each other's motives learn, or fail to learn, trust.

Jervis (1976, *Perception and Misperception in International Politics*, ch. 3) contrasts two
readings of an adversary's arms. In the *deterrence model* the other side really is aggressive
and arming against it is right. In the *spiral model* both sides only want security, but each
reads the other's defensive arming as hostile, arms in turn, and confirms the other's fear.
Kydd (1997, "Game Theory and the Spiral Model", *World Politics* 49(3); 2005, *Trust and
Mistrust in International Relations*) makes trust a Bayesian belief: the probability a state
assigns to the other being an expansionist, updated from what the other does. This model follows
Kydd in spirit, with short-sighted players instead of his perfect Bayesian equilibrium.

**Types and moves.** Each round both states choose at once to *arm* or *restrain*. An
expansionist arms every round. A security seeker arms when its belief that the other is
expansionist, ``mu``, exceeds its threshold ``mu*``.

**The threshold.** A security seeker has stag-hunt preferences: it most wants mutual restraint,
but it would rather arm than be caught restraining while the other arms. Measure its payoffs
against arming: restraining gains 1 if the other restrains (mutual restraint beats arming
against a restrainer) and costs ``v`` (its ``valuation``, the cost of being exploited, CD) if the
other arms. Expecting an expansionist to arm and a security seeker to restrain, it arms when::

    mu * v > (1 - mu) * 1        that is        mu > mu* = 1 / (1 + v)

so ``v = 1`` arms above an even chance, ``v = 4`` above 0.2, and ``v = 0`` never arms.

**Observation.** Each state sees the other's move, misread (arm for restrain or the reverse)
with probability ``eps`` (``misperception``), independently for each observer and round.

**Likelihoods.** A state ``i`` updates ``mu`` by Bayes' rule from the move it saw::

    mu' = mu * L_E / (mu * L_E + (1 - mu) * L_S)

where ``L_E`` and ``L_S`` are the chances of seeing that move from an expansionist and from a
security seeker. An expansionist arms for sure, so ``P(see arm | E) = 1 - eps``. A security seeker
arms with some probability ``s``: then ``P(see arm | S) = s * (1 - eps) + (1 - s) * eps``. The
crux is ``s``: a security seeker arms *because it fears the observer*, so ``i`` judges ``s`` from
its own conduct. In round 1 both sides know each other's prior and valuation (only the type is
private, as in Kydd), so ``s`` is 1 if the other's prior already exceeds its threshold and 0
otherwise. Later, ``s`` is the chance that the other saw ``i`` arm in the previous round:
``1 - eps`` if ``i`` armed, ``eps`` if it restrained. So arming after being armed against is
weak evidence of expansionism, while arming after restraint is strong evidence. (With no noise,
a move the reading gives zero probability under both types leaves the belief unchanged.)

**Outcome.** ``arms_race`` is true when both arm in each of the last 5 rounds. ``driver`` is
``"deterrence"`` when such a race involves a real expansionist, ``"spiral"`` when two security
seekers race, and null when there is no race.
"""

from __future__ import annotations

import random
from typing import Any

from .. import charts
from ..outcomes import Number, Outcomes
from ..result import Result, Table
from ..spec import Spec, choice, integer, number

TITLE = "The spiral model: misperception and trust"
WINDOW = 5  # an arms race is both arming in each of the last WINDOW rounds
SIDES = ("A", "B")
SEEKER, EXPANSIONIST = "security_seeker", "expansionist"
ARM, RESTRAIN = "arm", "restrain"

SPEC = Spec((
    choice("type_a", SEEKER, (SEEKER, EXPANSIONIST), "A is really",
           "A's true motive, which B cannot see.", ("a security seeker", "an expansionist")),
    choice("type_b", SEEKER, (SEEKER, EXPANSIONIST), "B is really",
           "B's true motive, which A cannot see.", ("a security seeker", "an expansionist")),
    number("prior_a", 0.2, 0, 1, "A's initial suspicion of B",
           "A's prior belief that B is expansionist.", 0.01),
    number("prior_b", 0.2, 0, 1, "B's initial suspicion of A",
           "B's prior belief that A is expansionist.", 0.01),
    number("valuation_a", 2, 0, 10, "A's fear of being exploited",
           "How costly A finds restraining while B arms; higher means A arms at a lower "
           "suspicion (it arms above 1 / (1 + this)).", 0.1),
    number("valuation_b", 2, 0, 10, "B's fear of being exploited",
           "How costly B finds restraining while A arms; higher means B arms at a lower "
           "suspicion (it arms above 1 / (1 + this)).", 0.1),
    number("misperception", 0.1, 0, 0.5, "Misperception",
           "The chance that a state misreads the other's move in a round.", 0.01),
    integer("rounds", 30, WINDOW, 500, "Rounds", "How many rounds the two states play."),
))


def threshold(valuation: float) -> float:
    """The belief above which a security seeker arms: 1 / (1 + valuation)."""
    return 1 / (1 + valuation)


def seeker_arms(prior: float, valuation: float) -> bool:
    return prior > threshold(valuation)


def likelihood_arm(eps: float, seeker_arm_chance: float) -> tuple[float, float]:
    """P(see arm | expansionist) and P(see arm | security seeker)."""
    return 1 - eps, seeker_arm_chance * (1 - eps) + (1 - seeker_arm_chance) * eps


def update(belief: float, saw_arm: bool, eps: float, seeker_arm_chance: float) -> float:
    """Bayes' rule for the belief that the other is expansionist, after one observed move."""
    l_exp, l_seek = likelihood_arm(eps, seeker_arm_chance)
    if not saw_arm:
        l_exp, l_seek = 1 - l_exp, 1 - l_seek
    evidence = belief * l_exp + (1 - belief) * l_seek
    return belief if evidence == 0 else belief * l_exp / evidence


def play(p: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Play the rounds; return moves, what each side saw, beliefs and misreadings per side."""
    eps = p["misperception"]
    kind = {"A": p["type_a"], "B": p["type_b"]}
    prior = {"A": p["prior_a"], "B": p["prior_b"]}
    value = {"A": p["valuation_a"], "B": p["valuation_b"]}
    other = {"A": "B", "B": "A"}
    belief = dict(prior)
    beliefs = {s: [belief[s]] for s in SIDES}
    moves: dict[str, list[str]] = {s: [] for s in SIDES}
    seen: dict[str, list[str]] = {s: [] for s in SIDES}  # seen[s]: the other's move as s saw it
    for t in range(p["rounds"]):
        move = {s: ARM if kind[s] == EXPANSIONIST or belief[s] > threshold(value[s])
                else RESTRAIN for s in SIDES}
        for s in SIDES:
            o = other[s]
            misread = rng.random() < eps
            saw_arm = (move[o] == ARM) != misread
            if t == 0:
                chance = 1.0 if seeker_arms(prior[o], value[o]) else 0.0
            else:
                chance = 1 - eps if moves[s][-1] == ARM else eps
            belief[s] = update(belief[s], saw_arm, eps, chance)
            seen[s].append(ARM if saw_arm else RESTRAIN)
        for s in SIDES:
            moves[s].append(move[s])
            beliefs[s].append(belief[s])
    misread = {s: sum(a != b for a, b in zip(seen[s], moves[other[s]], strict=True))
               for s in SIDES}
    return {"moves": moves, "seen": seen, "beliefs": beliefs, "misread": misread}


def _summary(p: dict[str, Any], game: dict[str, Any], race: bool, driver: str | None) -> str:
    kind = {"A": p["type_a"], "B": p["type_b"]}
    b = game["beliefs"]
    end = (f"A ends {_percent(b['A'][-1])} sure that B is expansionist, B "
           f"{_percent(b['B'][-1])} sure of A.")
    misread = game["misread"]["A"] + game["misread"]["B"]
    if driver == "deterrence":
        greedy = [s for s in SIDES if kind[s] == EXPANSIONIST]
        if len(greedy) == 2:
            return ("An arms race, and no misunderstanding: both states are expansionist and arm "
                    "to exploit each other, Jervis's deterrence model on both sides. " + end)
        g, o = greedy[0], "B" if greedy[0] == "A" else "A"
        return (f"Deterrence: {g} really is expansionist and arms every round, so {o}'s arming "
                "is the right answer to a real threat (Jervis's deterrence model); restraint "
                "would only invite exploitation. " + end)
    if driver == "spiral":
        suspicious = all(seeker_arms(p[f"prior_{s.lower()}"], p[f"valuation_{s.lower()}"])
                         for s in SIDES)
        why = ("both began suspicious enough to arm, and each side's arming taught the other "
               "little, since a frightened security seeker would arm too" if suspicious else
               f"misread moves ({misread} in all) raised suspicion, and each side's defensive "
               "reply looked like confirmation to the other")
        return ("A spiral: both states only want security, yet they end locked in an arms race "
                f"because {why}. Neither wanted the race; each armed because it feared the "
                "other. " + end)
    exploited = [s for s in SIDES if kind[s] == SEEKER and
                 kind["B" if s == "A" else "A"] == EXPANSIONIST]
    if exploited:
        s = exploited[0]
        return (f"No arms race, but no peace either: the other side is expansionist and arms, "
                f"while {s} does not keep arming in reply, so it is exploited. " + end)
    recent = {s: game["moves"][s][-WINDOW:].count(ARM) for s in SIDES}
    if recent["A"] == recent["B"] == 0:
        noise = (f"{misread} misread moves did not start a lasting race" if misread
                 else "no move was misread")
        return ("Peace: both states are security seekers and, seeing restraint, each grew more "
                f"confident that the other is benign ({noise}). " + end)
    return (f"No settled outcome: in the last {WINDOW} rounds A armed {recent['A']} times and B "
            f"{recent['B']} times, as misreadings keep setting off alarms that restraint then "
            "calms. " + end)


def _percent(x: float) -> str:
    return "less than 1%" if x < 0.005 else "more than 99%" if x > 0.995 else f"{x:.0%}"


def _charts(p: dict[str, Any], game: dict[str, Any]) -> list[dict[str, Any]]:
    rounds = range(p["rounds"] + 1)
    label = {"A": "A suspects B", "B": "B suspects A"}
    rows = [{"round": t, "belief": game["beliefs"][s][t], "line": label[s]}
            for s in SIDES for t in rounds]
    for s in SIDES:
        level = threshold(p[f"valuation_{s.lower()}"])
        rows += [{"round": t, "belief": level, "line": f"{s} arms above"}
                 for t in (0, p["rounds"])]
    beliefs = charts.lines(
        rows, "round", "belief", "line", title="Suspicion over rounds",
        description="Each state's belief that the other is expansionist, with the level above "
                    "which it arms.",
        x_title="Round", y_title="Belief the other is expansionist", y_domain=[0, 1],
        order=[label["A"], label["B"], "A arms above", "B arms above"],
        dashed=["A arms above", "B arms above"])
    return [beliefs, _moves_chart(game)]


def _moves_chart(game: dict[str, Any]) -> dict[str, Any]:
    """A strip per state: one cell per round, coloured by its move; a dot where it was misread."""
    rows = [{"round": t + 1, "state": s, "move": m,
             "seen by the other": game["seen"]["B" if s == "A" else "A"][t]}
            for s in SIDES for t, m in enumerate(game["moves"][s])]
    enc_x = {"field": "round", "type": "ordinal", "title": "Round",
             "axis": {"labelOverlap": True}}
    enc_y = {"field": "state", "type": "nominal", "title": "State"}
    return {
        "$schema": charts.SCHEMA,
        "title": "Moves over rounds",
        "description": "What each state did each round (arm or restrain); a dot marks a round "
                       "in which the other state misread the move.",
        "width": charts.WIDTH,
        "height": 90,
        "data": {"values": rows},
        "config": charts.CONFIG,
        "encoding": {"x": enc_x, "y": enc_y},
        "layer": [
            {"mark": "rect", "encoding": {
                "color": {"field": "move", "type": "nominal", "title": "Move",
                          "scale": {"domain": [ARM, RESTRAIN],
                                    "range": ["#c0392b", "#7fb3d5"]}},
                "tooltip": [{"field": "state", "type": "nominal", "title": "State"},
                            {"field": "round", "type": "ordinal", "title": "Round"},
                            {"field": "move", "type": "nominal", "title": "Move"},
                            {"field": "seen by the other", "type": "nominal",
                             "title": "Seen by the other as"}]}},
            {"mark": {"type": "point", "filled": True, "color": "black", "size": 18},
             "transform": [{"filter": "datum.move != datum['seen by the other']"}]},
        ],
    }


def run(params: dict[str, Any], seed: int) -> Result:
    """Play the rounds with one seeded random stream (it draws only the misreadings)."""
    rng = random.Random(seed)
    game = play(params, rng)
    race = all(game["moves"][s][t] == ARM for s in SIDES for t in range(-WINDOW, 0))
    expansionist = EXPANSIONIST in (params["type_a"], params["type_b"])
    driver = ("deterrence" if expansionist else "spiral") if race else None
    summary = _summary(params, game, race, driver)
    b, m, seen = game["beliefs"], game["moves"], game["seen"]
    table = Table("rounds", "Moves and beliefs by round",
                  ["round", "A's move", "B's move", "A saw", "B saw", "A's suspicion",
                   "B's suspicion"],
                  [[t + 1, m["A"][t], m["B"][t], seen["A"][t], seen["B"][t], b["A"][t + 1],
                    b["B"][t + 1]] for t in range(params["rounds"])])
    return Result(
        "spiral", params, seed, summary,
        data={"beliefs": b, "moves": m, "seen": seen, "misread": game["misread"],
              "thresholds": {s: threshold(params[f"valuation_{s.lower()}"]) for s in SIDES},
              "arms_race": race, "driver": driver},
        tables=[table], charts=_charts(params, game))


def _ending(result: Result) -> str:
    """The ending of one run, as its summary tells it: a race by its driver, exploitation,
    peace (neither armed in the last rounds) or no settled outcome."""
    d, p = result.data, result.params
    if d["driver"]:
        return d["driver"]
    kinds = (p["type_a"], p["type_b"])
    if SEEKER in kinds and EXPANSIONIST in kinds:
        return "exploited"
    recent = [d["moves"][s][-WINDOW:].count(ARM) for s in SIDES]
    return "peace" if recent == [0, 0] else "unsettled"


OUTCOMES = Outcomes(
    kinds=lambda p: [("peace", "Peace"), ("spiral", "A spiral (two security seekers race)"),
                     ("deterrence", "A race with an expansionist (deterrence)"),
                     ("exploited", "A security seeker exploited"),
                     ("unsettled", "No settled outcome")],
    classify=_ending,
    numbers=lambda p: [Number("a", "A's suspicion of B", "suspicion at the end", percent=True),
                       Number("b", "B's suspicion of A", "suspicion at the end", percent=True)],
    measure=lambda r: {"a": r.data["beliefs"]["A"][-1], "b": r.data["beliefs"]["B"][-1]},
)
