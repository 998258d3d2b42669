"""The evolution of trust: a population of strategies plays, the worst die, the best are copied.

After Nicky Case's explorable *The Evolution of Trust* (2017, https://ncase.me/trust/, source at
https://github.com/ncase/trust), itself after Axelrod (1984, ch. 3). The strategies are those of
:mod:`sims.models.strategies`; each has a parameter with its number of players.

**Tournament mode** (the explorable's rules, ``js/sims/Tournament.js`` and ``PD.js``): each
generation,

1. every player meets every other player once (no self-play) for a match of ``rounds`` rounds of
   the game with payoffs ``cc`` (R), ``cd`` (S), ``dc`` (T), ``dd`` (P), each move flipped with
   probability ``mistakes``; a player's score is its total payoff over all its matches;
2. the players are ranked by score, ties broken at random ("if there's a tie, pick randomly
   between them");
3. the ``replace`` lowest-ranked players are removed and the ``replace`` highest-ranked players
   each get one copy, both taken from the same ranking, so the population size stays the same.

``replace`` is capped at half the population, so that no player is both removed and copied.

**Replicator mode**: an infinite population with shares x_i, using the same match payoffs.
A[i][j] is i's mean total payoff in a match against j (one match when nothing is random; the
mean of :data:`SAMPLES` matches when there are mistakes or a random strategy). With fitness
f = A x and mean fitness f_bar = x . f, one generation is

    x_i' = x_i * (1 + (f_i - f_bar) / span),      span = max(A) - min(A),

an Euler step of the replicator equation dx_i/dt = x_i (f_i - f_bar) (Taylor and Jonker 1978)
with the largest step that keeps every share non-negative whatever the population. Shares
stay summed to one; a strategy absent at the start stays absent. ``replace`` is not used.

**Winner.** The strategy holding more than half of the population in the last generation,
else ``null``; ``took_over`` says whether it holds all of it (in replicator mode, where shares
only approach their limits, at least :data:`TAKEOVER`), and ``took_over_at`` the generation from
which it did. A majority rather than the whole population, because some winners share:
in Case's scene with 13 always defect, tit for two tats wins but "doesn't even entirely wipe out
Copycat". ``leader`` is the strategy with the largest final share (first in the strategy order
on a tie).

**Randomness and its order.** One ``random.Random(seed)``, only its ``random()``. Tournament
mode, per generation: the matches in the order of the players (grouped by strategy in the
order of the parameters; first with second, first with third, ..., second with third, ...),
each drawing as in :func:`sims.models.iterated.play`; then one tie-breaking key per player.
Replicator mode: the sample matches once, pair by pair in the same order, before the first
generation. Once one strategy holds the whole population (tournament mode) nothing can change,
and the remaining generations are copied without drawing.

Defaults follow the explorable: the coin machine (2, -1, 3, 0), 10 rounds per match, 5 replaced
per generation, and its first evolution scene (15 always cooperate, 5 always defect, 5 tit for
tat), in which tit for tat takes over. Its other scenes, tested in
``tests/unit/test_evolution.py``: a world of cooperators with one defector and one tit for tat
falls to the defector when matches last 5 rounds or fewer; with 5% mistakes, 3 each of tit for
two tats, win-stay lose-shift, random and tit for tat are won by win-stay lose-shift among 13
always cooperate and by tit for two tats among 13 always defect.

Sources: Case (2017); Axelrod (1984), *The Evolution of Cooperation*, ch. 3; Taylor, P. D. and
Jonker, L. B. (1978), "Evolutionarily stable strategies and game dynamics", *Mathematical
Biosciences* 40(1-2): 145-156.
"""

from __future__ import annotations

import math
import random as _random
from typing import Any

from .. import charts
from ..outcomes import Number, Outcomes
from ..result import Result, Table
from ..spec import ParamError, Spec, budget, choice, integer, number
from . import strategies as st
from .iterated import PAY_HI, PAY_LO, PAY_STEP, matches, play, scores

TITLE = "The evolution of trust"
TAKES_STRATEGY = True  # a reader's strategy can be entered beside the built-ins (sims.registry)
# Work limits, so that a page stays responsive in Pyodide (about a second in CPython at most):
# rounds played, and matches played (each costs about as much as five rounds to set up).
WORK_LIMIT = 2_000_000
MATCH_LIMIT = 400_000
SAMPLES = 50  # matches averaged per pair in replicator mode when play is random
TAKEOVER = 0.99
MAX_PLAYERS = 200
DEFAULT_COUNTS = {"always_cooperate": 15, "always_defect": 5, "tit_for_tat": 5}
MODES = ("tournament", "replicator")


def population(p: dict[str, Any]) -> dict[str, int]:
    """Strategy -> number of players, for the strategies present: the built-ins, then any
    entered beside them (a reader's, :func:`sims.models.strategies.joined`)."""
    return {**{s: p[s] for s in st.IDS if p[s] > 0},
            **{e.strategy.id: e.players for e in st.entrants()}}


def _random_play(p: dict[str, Any]) -> bool:
    return p["mistakes"] > 0 or any(st.get(s).stochastic for s in population(p))


def _matches(p: dict[str, Any]) -> int:
    if p["mode"] == "replicator":
        return matches(len(population(p))) * (SAMPLES if _random_play(p) else 1)
    n = sum(population(p).values())
    return n * (n - 1) // 2 * p["generations"]


def _work(p: dict[str, Any]) -> int:
    return _matches(p) * p["rounds"]


def _check(p: dict[str, Any]) -> None:
    n = sum(population(p).values())
    if n < 2:
        raise ParamError(None, f"the population needs at least 2 players; it has {n}")
    if n > MAX_PLAYERS:
        raise ParamError(None, f"the population has {n} players, above the limit of "
                               f"{MAX_PLAYERS}; use fewer players")
    budget(MATCH_LIMIT, _matches, "matches played", "use fewer players or generations")(p)
    budget(WORK_LIMIT, _work, "rounds played", "use fewer players, rounds or generations")(p)


SPEC = Spec((
    *(integer(s, DEFAULT_COUNTS.get(s, 0), 0, 100, st.label(s),
              f"How many players start as {st.label(s).lower()}.") for s in st.IDS),
    integer("rounds", 10, 1, 100, "Rounds per match",
            "How many rounds each pair of players plays in a match."),
    number("mistakes", 0, 0, 0.5, "Mistakes",
           "The chance that a player's move comes out the opposite of what it intended.", 0.01),
    integer("replace", 5, 0, 100, "Replaced per generation",
            "How many of the worst players are replaced by copies of the best each generation "
            "(at most half the population)."),
    integer("generations", 30, 1, 200, "Generations", "How many generations to simulate."),
    choice("mode", "tournament", MODES, "Dynamics",
           "Tournament: Case's eliminate-and-copy rule among individual players. Replicator: "
           "shares grow with their payoff above the average.",
           ("Tournament (eliminate and copy)", "Replicator dynamics")),
    number("cc", 2, PAY_LO, PAY_HI, "Both cooperate (CC)",
           "Payoff to each when both cooperate (R).", PAY_STEP),
    number("cd", -1, PAY_LO, PAY_HI, "Exploited (CD)",
           "Payoff for cooperating against a cheat (S).", PAY_STEP),
    number("dc", 3, PAY_LO, PAY_HI, "Exploiting (DC)",
           "Payoff for cheating a cooperator (T).", PAY_STEP),
    number("dd", 0, PAY_LO, PAY_HI, "Both defect (DD)",
           "Payoff to each when both cheat (P).", PAY_STEP),
), check=_check)


def _pay(p: dict[str, Any]) -> tuple[float, float, float, float]:
    return p["cc"], p["cd"], p["dc"], p["dd"]


def generation(players: list[str], moves: dict[str, st.Move], p: dict[str, Any],
               rand: Any) -> list[float]:
    """One tournament among individual players: each player's total payoff."""
    total = [0.0] * len(players)
    pay = _pay(p)
    for i, a in enumerate(players):
        for j in range(i + 1, len(players)):
            mine, theirs = play(moves[a], moves[players[j]], p["rounds"], p["mistakes"], rand)
            score_a, score_b = scores(mine, theirs, pay)
            total[i] += score_a
            total[j] += score_b
    return total


def select(players: list[str], total: list[float], replace: int,
           rand: Any) -> dict[str, int]:
    """The change in counts: the ``replace`` worst removed, the ``replace`` best copied."""
    keys = [rand() for _ in players]
    ranked = sorted(range(len(players)), key=lambda k: (total[k], keys[k]))
    change = dict.fromkeys(players, 0)
    for k in ranked[:replace]:
        change[players[k]] -= 1
    for k in ranked[len(players) - replace:]:
        change[players[k]] += 1
    return change


def evolve_tournament(p: dict[str, Any], rng: _random.Random) -> list[dict[str, int]]:
    """Counts per generation (generation 0 is the start) under Case's rule."""
    counts = population(p)
    n = sum(counts.values())
    replace = min(p["replace"], n // 2)
    forgive = st.generosity(*_pay(p))
    moves = {s: st.bind(s, rng.random, forgive) for s in counts}
    history = [dict(counts)]
    for _ in range(p["generations"]):
        if max(counts.values()) == n:  # one strategy holds everyone: nothing can change
            history.append(dict(counts))
            continue
        players = [s for s in counts for _ in range(counts[s])]
        total = generation(players, moves, p, rng.random)
        for s, d in select(players, total, replace, rng.random).items():
            counts[s] += d
        history.append(dict(counts))
    return history


def payoff_matrix(p: dict[str, Any], rng: _random.Random) -> dict[str, dict[str, float]]:
    """A[i][j]: i's mean total payoff in a match against j (see the module docstring)."""
    kinds = list(population(p))
    pay = _pay(p)
    forgive = st.generosity(*pay)
    moves = {s: st.bind(s, rng.random, forgive) for s in kinds}
    a_matrix = {a: dict.fromkeys(kinds, 0.0) for a in kinds}
    for i, a in enumerate(kinds):
        for b in kinds[i:]:
            random_play = (p["mistakes"] > 0 or st.get(a).stochastic
                           or st.get(b).stochastic)
            samples = SAMPLES if random_play else 1
            for _ in range(samples):
                mine, theirs = play(moves[a], moves[b], p["rounds"], p["mistakes"], rng.random)
                score_a, score_b = scores(mine, theirs, pay)
                if a == b:
                    a_matrix[a][a] += (score_a + score_b) / 2 / samples
                else:
                    a_matrix[a][b] += score_a / samples
                    a_matrix[b][a] += score_b / samples
    return a_matrix


def evolve_replicator(p: dict[str, Any], rng: _random.Random) -> list[dict[str, float]]:
    """Shares per generation (generation 0 is the start) under the discrete replicator."""
    a_matrix = payoff_matrix(p, rng)
    kinds = list(a_matrix)
    n = sum(population(p).values())
    x = {s: population(p)[s] / n for s in kinds}
    values = [v for row in a_matrix.values() for v in row.values()]
    span = max(values) - min(values)
    history = [dict(x)]
    for _ in range(p["generations"]):
        if span > 0:
            # fsum, not sum: sum() of floats rounds differently from Python 3.12 (Pyodide) on.
            fitness = {a: math.fsum(a_matrix[a][b] * x[b] for b in kinds) for a in kinds}
            mean = math.fsum(x[a] * fitness[a] for a in kinds)
            x = {a: x[a] * (1 + (fitness[a] - mean) / span) for a in kinds}
            total = math.fsum(x.values())  # 1 up to rounding; renormalised so it cannot drift
            x = {a: v / total for a, v in x.items()}
        history.append(dict(x))
    return history


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _summary(p: dict[str, Any], shares: dict[str, list[float]], winner: str | None,
             leader: str, took_over_at: int | None) -> str:
    final = {s: v[-1] for s, v in shares.items()}
    last = len(next(iter(shares.values()))) - 1
    others = sorted((s for s in final if s != winner and final[s] > 0.005),
                    key=lambda s: -final[s])
    standing = ", ".join(f"{st.label(s).lower()} {_pct(final[s])}" for s in others)
    if took_over_at == 0:
        return f"{st.label(winner)} held every place from the start: there is nothing to select."
    if took_over_at is not None:
        first = (f"{st.label(winner)} took over: by generation {took_over_at} it held "
                 + ("every place" if final[winner] == 1 else
                    f"{_pct(final[winner])} of the population") + ".")
    elif winner:
        first = (f"{st.label(winner)} won: after {last} generations it held "
                 f"{_pct(final[winner])} of the population, sharing it with {standing}.")
    else:
        first = (f"No strategy won a majority in {last} generations; at the end the "
                 f"population was {standing}.")
    rise = [s for s in shares if s != (winner or leader)
            and max(shares[s]) > shares[s][0] + 1e-9 and final[s] < max(shares[s])]
    path = ""
    if rise:
        s = max(rise, key=lambda s: max(shares[s]) - shares[s][0])
        peak = max(shares[s])
        path = (f" {st.label(s)} grew first, to {_pct(peak)} in generation "
                f"{shares[s].index(peak)}, then fell back to {_pct(final[s])}.")
    return first + path + " " + _why(p, winner, leader, shares)


def _why(p: dict[str, Any], winner: str | None, leader: str,
         shares: dict[str, list[float]]) -> str:
    present = population(p)
    s = st.get(winner or leader)
    if p["mistakes"] >= 0.5:
        return ("With mistakes at 50% every move is a coin flip, so all strategies play alike "
                "and the population only drifts by chance.")
    if not s.nice:
        if not any(st.get(x).reciprocates for x in present):
            return ("With no strategy that retaliates, nothing stopped the defectors: trust "
                    "that cannot hit back does not survive.")
        if p["rounds"] <= 5:
            rounds = f"{p['rounds']} round" + ("s" if p["rounds"] > 1 else "")
            return (f"Matches of only {rounds} leave too little future for reciprocity to pay, "
                    "so distrust spreads.")
        if p["mistakes"] >= 0.1:
            return (f"With {_pct(p['mistakes'])} of moves going wrong, reciprocators punish "
                    "each other's mistakes so often that trust cannot hold.")
        return ("Its defections earned more from the others than the retaliation they "
                "provoked cost it.")
    if not s.reciprocates:
        return ("No one exploited it enough to pull it down: it earned the reward for mutual "
                "cooperation from everyone who cooperated.")
    gone = ("always_cooperate" in present and "always_defect" in present
            and shares["always_cooperate"][-1] < 0.005)
    text = ("Reciprocators cooperate with each other and refuse to be exploited, so "
            + ("once the unconditional cooperators were gone the defectors had only each "
               "other to exploit." if gone else "defectors gain little from meeting them."))
    if p["mistakes"] > 0 and s.recovers:
        text += (f" With {_pct(p['mistakes'])} mistakes, a strategy that can absorb an "
                 "occasional error without starting a feud does better than strict tit for "
                 "tat.")
    return text


def run(params: dict[str, Any], seed: int) -> Result:
    """Evolve the population for ``generations`` with ``random.Random(seed)``."""
    rng = _random.Random(seed)
    n = sum(population(params).values())
    replace = min(params["replace"], n // 2)
    if params["mode"] == "tournament":
        history = evolve_tournament(params, rng)
        shares = {s: [h[s] / n for h in history] for s in population(params)}
        counts = {s: [h[s] for h in history] for s in population(params)}
    else:
        history = evolve_replicator(params, rng)
        shares = {s: [h[s] for h in history] for s in population(params)}
        counts = None
    final = {s: v[-1] for s, v in shares.items()}
    leader = max(final, key=lambda s: final[s])
    winner = leader if final[leader] > 0.5 else None
    full = 1 if params["mode"] == "tournament" else TAKEOVER
    took_over_at = None
    if winner and final[winner] >= full:
        below = [g for g, v in enumerate(shares[winner]) if v < full]
        took_over_at = below[-1] + 1 if below else 0
    summary = _summary(params, shares, winner, leader, took_over_at)
    kinds = list(shares)
    generations = range(len(history))
    rows = [{"generation": g, "strategy": st.label(s), "share": shares[s][g]}
            for g in generations for s in kinds]
    area = charts.stacked_area(
        rows, "generation", "share", "strategy", title="Population shares over generations",
        description="The share of the population playing each strategy, generation by "
                    "generation.",
        x_title="Generation", y_title="Share of the population",
        order=[st.label(s) for s in kinds])
    area["encoding"]["y"]["scale"] = {"domain": [0, 1]}
    table = Table("population", "Population by generation",
                  ["generation", *(st.label(s) for s in kinds)],
                  [[g, *((counts or shares)[s][g] for s in kinds)] for g in generations])
    data = {"shares": shares, "counts": counts, "winner": winner, "leader": leader,
            "took_over": took_over_at is not None, "took_over_at": took_over_at,
            "replaced": replace if params["mode"] == "tournament" else 0}
    return Result("evolution", params, seed, summary, data=data, tables=[table],
                  charts=[area])


OUTCOMES = Outcomes(
    kinds=lambda p: [*((s, f"{st.label(s)} ends with a majority") for s in population(p)),
                     ("none", "No strategy with a majority")],
    classify=lambda r: r.data["winner"] or "none",
    numbers=lambda p: [Number(s, st.label(s), "share of the population at the end",
                              percent=True) for s in population(p)],
    measure=lambda r: {s: shares[-1] for s, shares in r.data["shares"].items()},
)
