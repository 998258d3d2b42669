"""The repeated security game: a round-robin tournament of strategies, as Axelrod ran it.

Every chosen strategy meets every other, and a copy of itself, in a match of repeated turns of
the 2x2 game with the row player's payoffs ``cc`` (R), ``cd`` (S), ``dc`` (T), ``dd`` (P) (the
game is symmetric). The strategies are the rules of :mod:`sims.models.strategies`.

**Match length.** With ``continuation`` = 0 every match lasts ``turns`` turns. Otherwise, after
each turn another follows with probability w = ``continuation`` (the shadow of the future,
Axelrod 1984, ch. 1), up to ``turns`` at most; a match then lasts on average about 1 / (1 - w)
turns. One length is drawn per repetition and shared by every match in it, as in Axelrod's
second tournament (Axelrod 1980b), so all strategies face the same future.

**Noise.** Each move is flipped with probability ``noise`` after the strategy chose it: a
misperception or misexecution (Jervis 1976; Axelrod and Keohane 1985). Both players see
the flipped move, as in axelrod's ``Match(noise=...)``.

**Scores.** ``head_to_head[a][b]`` is the mean payoff per turn of ``a`` against ``b`` over all
repetitions (total payoff / total turns); ``head_to_head[a][a]`` is ``a`` against a copy of
itself, the mean of both copies. A strategy's tournament score is its mean head-to-head score
over the other strategies, self-play excluded, as in axelrod's ``normalised_scores``; the
``ranking`` sorts by it (ties share a rank, listed in the order chosen). ``cooperation`` is the
share of each strategy's moves that were C, self-play excluded. For deterministic strategies
without noise every head-to-head score equals axelrod's ``Match(...).final_score_per_turn()``
(tested).

**Randomness and its order.** One ``random.Random(seed)`` serves the whole run, and only its
``random()`` is used (no libm-dependent draws), so a seed gives the same result on every Python.
For each repetition: first the match length (with continuation > 0: one draw per turn after the
first until a draw is at least w or the cap is reached); then the matches in the order of the
chosen strategies (first with first, first with second, ..., second with second, ...); within a
match, turn by turn: the first player's rule (``random`` draws once per move; generous tit for
tat once per answered defection), the second player's rule, then with noise > 0 one draw for the
first player's flip and one for the second's.

**Work** is the number of turns a run is expected to play: a match's expected length (``turns``,
or with a shadow of the future (1 - w**turns) / (1 - w), the mean of the capped geometric
length) x ``repetitions`` x the number of matches (pairs with self-play), at most
:data:`WORK_LIMIT` turns, so that a page stays responsive in Pyodide. The expectation, not the
cap, is what the time follows: the lengths of all repetitions (and of all the worlds of an
ensemble) are summed, so the turns played stay close to it.

Sources: Axelrod (1984), *The Evolution of Cooperation*; Axelrod (1980b), "More Effective Choice
in the Prisoner's Dilemma", *Journal of Conflict Resolution* 24(3): 379-403; Axelrod and Keohane
(1985), "Achieving Cooperation under Anarchy", *World Politics* 38(1): 226-254; Knight et al.
(2016), "An Open Framework for the Reproducible Study of the Iterated Prisoner's Dilemma",
*Journal of Open Research Software* 4(1): e35 (the axelrod library).
"""

from __future__ import annotations

import math
import random as _random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import charts
from ..outcomes import Number, Outcomes
from ..result import Result, Table
from ..spec import Spec, budget, choices, integer, number
from . import strategies as st
from .two_by_two import GAME_NAMES, classify

TITLE = "A tournament of the repeated security game"
TAKES_STRATEGY = True  # a reader's strategy can be entered beside the chosen ones (sims.registry)
WORK_LIMIT = 2_000_000  # turns played: at most about 0.7 s in CPython, 2-3.5 s in Pyodide
PAY_LO, PAY_HI, PAY_STEP = -100, 100, 0.5
# Strategies that punish little or not at all, which a defector can feed on.
EXPLOITABLE = {"always_cooperate", "random", "alternator", "tit_for_two_tats",
               "generous_tit_for_tat"}
DEFAULT_STRATEGIES = ("always_cooperate", "always_defect", "tit_for_tat", "grim_trigger",
                      "generous_tit_for_tat", "tit_for_two_tats", "win_stay_lose_shift",
                      "suspicious_tit_for_tat", "detective", "random")


def matches(n: int) -> int:
    """The number of matches among ``n`` strategies, self-play included."""
    return n * (n + 1) // 2


def expected_length(turns: int, continuation: float) -> float:
    """The mean of :func:`match_length`: ``turns``, or the capped geometric length's mean."""
    if not continuation:
        return turns
    return (1 - continuation ** turns) / (1 - continuation)


def entrants(p: dict[str, Any]) -> list[str]:
    """The strategies in the tournament: those chosen, then any entered beside them (a
    reader's, :func:`sims.models.strategies.joined`)."""
    return [*p["strategies"], *(e.strategy.id for e in st.entrants())]


def _work(p: dict[str, Any]) -> int:
    length = expected_length(p["turns"], p["continuation"])
    return math.ceil(length * p["repetitions"] * matches(len(entrants(p))))


SPEC = Spec((
    choices("strategies", DEFAULT_STRATEGIES, st.IDS, "Strategies",
            "The strategies in the tournament (at least two).", min_items=2, labels=st.LABELS),
    integer("turns", 100, 1, 1000, "Turns per match",
            "The number of turns; with a shadow of the future, the most a match can last."),
    number("continuation", 0, 0, 0.99, "Shadow of the future",
           "The chance that another turn follows each turn (0: every match lasts the set "
           "number of turns).", 0.01),
    number("noise", 0, 0, 0.5, "Mistakes",
           "The chance that a move comes out the opposite of what was intended.", 0.01),
    integer("repetitions", 10, 1, 200, "Repetitions",
            "How many times the whole round robin is played."),
    number("cc", 3, PAY_LO, PAY_HI, "Both cooperate (CC)",
           "Payoff to each when both cooperate (R).", PAY_STEP),
    number("cd", 0, PAY_LO, PAY_HI, "Exploited (CD)",
           "Payoff for cooperating against a defection (S).", PAY_STEP),
    number("dc", 5, PAY_LO, PAY_HI, "Exploiting (DC)",
           "Payoff for defecting against a cooperator (T).", PAY_STEP),
    number("dd", 1, PAY_LO, PAY_HI, "Both defect (DD)",
           "Payoff to each when both defect (P).", PAY_STEP),
), check=budget(WORK_LIMIT, _work, "expected turns × repetitions × matches",
                "use fewer turns, a shorter shadow of the future, or fewer repetitions or "
                "strategies"))

_FLIP = {st.C: st.D, st.D: st.C}
_BITS = str.maketrans("CD", "10")


def play(first: st.Move, second: st.Move, turns: int, noise: float,
         rand: Callable[[], float]) -> tuple[str, str]:
    """One match: the two histories after ``turns`` turns (draws in the documented order)."""
    mine = theirs = ""
    for _ in range(turns):
        a = first(mine, theirs)
        b = second(theirs, mine)
        if noise:
            if rand() < noise:
                a = _FLIP[a]
            if rand() < noise:
                b = _FLIP[b]
        mine += a
        theirs += b
    return mine, theirs


def outcomes(mine: str, theirs: str) -> tuple[int, int, int, int]:
    """How many turns ended CC, CD, DC and DD, from the first player's side.

    The turns where both cooperated are the set bits of the AND of the two histories read as
    binary numbers (C = 1), which Python counts in C rather than in a loop over the turns.
    """
    if not mine:
        return 0, 0, 0, 0
    both = (int(mine.translate(_BITS), 2) & int(theirs.translate(_BITS), 2)).bit_count()
    mine_c, theirs_c = mine.count(st.C), theirs.count(st.C)
    return both, mine_c - both, theirs_c - both, len(mine) - mine_c - theirs_c + both


def scores(mine: str, theirs: str, pay: Sequence[float]) -> tuple[float, float]:
    """Both players' total payoffs for a match, ``pay`` = (cc, cd, dc, dd)."""
    cc, cd, dc, dd = outcomes(mine, theirs)
    r, s, t, p = pay
    return cc * r + cd * s + dc * t + dd * p, cc * r + dc * s + cd * t + dd * p


def match_length(turns: int, continuation: float, rand: Callable[[], float]) -> int:
    """``turns``, or with a shadow of the future a geometric length capped at ``turns``."""
    if not continuation:
        return turns
    length = 1
    while length < turns and rand() < continuation:
        length += 1
    return length


@dataclass
class Tally:
    """Totals over a tournament: payoffs and cooperative moves of ``a`` against ``b``."""

    ids: list[str]
    payoff: dict[str, dict[str, float]]
    cooperated: dict[str, dict[str, float]]
    turns: int  # turns per match, summed over the repetitions
    lengths: list[int]


def tournament(ids: Sequence[str], turns: int, continuation: float, noise: float,
               repetitions: int, pay: Sequence[float], rand: Callable[[], float]) -> Tally:
    """Play the round robin ``repetitions`` times; the draws follow the documented order."""
    forgive = st.generosity(*pay)
    moves = {s: st.bind(s, rand, forgive) for s in ids}
    payoff = {a: dict.fromkeys(ids, 0.0) for a in ids}
    cooperated = {a: dict.fromkeys(ids, 0.0) for a in ids}
    lengths = []
    for _ in range(repetitions):
        length = match_length(turns, continuation, rand)
        lengths.append(length)
        for i, a in enumerate(ids):
            for b in ids[i:]:
                mine, theirs = play(moves[a], moves[b], length, noise, rand)
                score_a, score_b = scores(mine, theirs, pay)
                coop_a, coop_b = mine.count(st.C), theirs.count(st.C)
                if a == b:  # self-play: one entry, the mean of the two copies
                    payoff[a][a] += (score_a + score_b) / 2
                    cooperated[a][a] += (coop_a + coop_b) / 2
                else:
                    payoff[a][b] += score_a
                    payoff[b][a] += score_b
                    cooperated[a][b] += coop_a
                    cooperated[b][a] += coop_b
    return Tally(list(ids), payoff, cooperated, sum(lengths), lengths)


def head_to_head(t: Tally) -> dict[str, dict[str, float]]:
    return {a: {b: t.payoff[a][b] / t.turns for b in t.ids} for a in t.ids}


def ranking(t: Tally) -> list[dict[str, Any]]:
    """Strategies by mean score per turn against the others (self-play excluded)."""
    h2h = head_to_head(t)
    others = len(t.ids) - 1
    rows = []
    for a in t.ids:
        # fsum, not sum: sum() of floats rounds differently from Python 3.12 (Pyodide) on.
        score = math.fsum(h2h[a][b] for b in t.ids if b != a) / others
        coop = math.fsum(t.cooperated[a][b] for b in t.ids if b != a) / (others * t.turns)
        rows.append({"strategy": a, "score": score, "cooperation": coop})
    rows.sort(key=lambda r: -r["score"])  # stable: ties keep the chosen order
    for i, row in enumerate(rows):
        tied = i and _same(row["score"], rows[i - 1]["score"])
        row["rank"] = rows[i - 1]["rank"] if tied else i + 1
    return rows


def _same(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def _names(ids: Sequence[str]) -> str:
    words = [st.label(s).lower() for s in ids]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _noise_note(p: dict[str, Any], scores: dict[str, float]) -> str:
    """How mistakes treated strict and forgiving reciprocators, from this run's scores."""
    flipped = f"With {p['noise']:.0%} of moves flipped by mistake"
    kinds = [st.get(x) for x in entrants(p)]
    forgiving = [k.id for k in kinds if k.reciprocates and k.recovers]
    strict = [k.id for k in kinds if k.reciprocates and k.nice and not k.recovers]
    if not forgiving or not strict:
        return f"{flipped}, every strategy met defections it did not provoke."
    soft = math.fsum(scores[x] for x in forgiving) / len(forgiving)
    hard = math.fsum(scores[x] for x in strict) / len(strict)
    if soft > hard:
        return (f"{flipped}, the forgiving reciprocators ({_names(forgiving)}) recovered from "
                f"errors that lock strict ones ({_names(strict)}) into feuds, and scored more "
                f"({soft:.2f} against {hard:.2f} per turn on average).")
    return (f"{flipped}, errors lock strict reciprocators ({_names(strict)}) into feuds, yet "
            f"they still outscored the forgiving ones ({_names(forgiving)}), {hard:.2f} against "
            f"{soft:.2f} per turn on average: forgiveness also invites exploitation.")


def _why(p: dict[str, Any], winner: str, mean_length: float,
         scores: dict[str, float]) -> str:
    """Why the winner won, in plain words, from its traits and the conditions of the run."""
    s = st.get(winner)
    ids = entrants(p)
    present = set(ids) - {winner}
    if s.nice and s.reciprocates:
        why = ("It is nice (never the first to defect), so it earned the reward for mutual "
               "cooperation with the other nice strategies, and it hits back when defected "
               "against, so exploiters gained little from it.")
    elif s.nice:
        why = ("It never defects, so it earned the reward for mutual cooperation wherever the "
               "others cooperated; few strategies here exploit it.")
    else:
        reasons = []
        if mean_length < 5:
            turns = f"{mean_length:.2g} turn" + ("" if mean_length == 1 else "s")
            reasons.append(f"matches lasted only {turns} on average, too few for retaliation "
                           "to cost much")
        meek = sorted(present & EXPLOITABLE, key=ids.index)
        if meek:
            reasons.append(f"there were strategies that punish little or not at all to "
                           f"exploit ({_names(meek)})")
        why = ("It defects first, and that paid: "
               + ("; ".join(reasons) if reasons else "its defections earned more than the "
                  "retaliation they provoked") + ".")
    if p["noise"]:
        why += " " + _noise_note(p, scores)
    return why


def _summary(p: dict[str, Any], ranked: list[dict[str, Any]], mean_length: float) -> str:
    top = [r for r in ranked if r["rank"] == 1]
    last = ranked[-1]
    if len(top) == 1:
        first = (f"{st.label(top[0]['strategy'])} won with {top[0]['score']:.2f} points per "
                 f"turn against the other strategies")
        second = [r for r in ranked if r["rank"] == ranked[1]["rank"]]
        first += (f", ahead of {_names([r['strategy'] for r in second])} "
                  + (f"(tied at {second[0]['score']:.2f})" if len(second) > 1
                     else f"({second[0]['score']:.2f})"))
    else:
        first = (f"{_names([r['strategy'] for r in top]).capitalize()} tied for first with "
                 f"{top[0]['score']:.2f} points per turn")
    if last["rank"] not in (1, ranked[1]["rank"]):
        first += (f"; {st.label(last['strategy']).lower()} came last "
                  f"({last['score']:.2f})")
    game = classify(p["cc"], p["cd"], p["dc"], p["dd"])
    setting = ""
    if game != "prisoners_dilemma":
        setting = (f" With these payoffs the one-shot game is {GAME_NAMES[game]}, not a "
                   "prisoner's dilemma.")
    scores = {r["strategy"]: r["score"] for r in ranked}
    return f"{first}. {_why(p, top[0]['strategy'], mean_length, scores)}{setting}"


def _charts(ranked: list[dict[str, Any]],
            h2h: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    order = [st.label(r["strategy"]) for r in ranked]
    bars = charts.bars(
        [{"strategy": st.label(r["strategy"]), "score": r["score"]} for r in ranked],
        "strategy", "score", title="Ranking: mean score per turn against the others",
        description="Each strategy's mean payoff per turn against the other strategies.",
        category_title="Strategy", value_title="Score per turn")
    cells = [{"player": st.label(a), "opponent": st.label(b), "score": h2h[a][b]}
             for a in h2h for b in h2h[a]]
    grid = charts.heatmap(
        cells, "opponent", "player", "score", title="Head to head: score per turn",
        description="The mean payoff per turn of the strategy in each row against the "
                    "strategy in each column (the diagonal is play against a copy of itself).",
        x_title="Opponent", y_title="Player", value_title="Score per turn", order=order)
    return [bars, grid]


def run(params: dict[str, Any], seed: int) -> Result:
    """Play the tournament with ``random.Random(seed)`` and rank the strategies."""
    rng = _random.Random(seed)
    pay = (params["cc"], params["cd"], params["dc"], params["dd"])
    tally = tournament(entrants(params), params["turns"], params["continuation"],
                       params["noise"], params["repetitions"], pay, rng.random)
    h2h = head_to_head(tally)
    ranked = ranking(tally)
    mean_length = tally.turns / len(tally.lengths)
    summary = _summary(params, ranked, mean_length)
    table = Table("ranking", "Tournament ranking",
                  ["rank", "strategy", "score per turn", "cooperation"],
                  [[r["rank"], st.label(r["strategy"]), r["score"], r["cooperation"]]
                   for r in ranked])
    data = {
        "head_to_head": h2h,
        "ranking": [{"rank": r["rank"], "strategy": r["strategy"], "score": r["score"]}
                    for r in ranked],
        "cooperation": {r["strategy"]: r["cooperation"] for r in ranked},
        "winner": ranked[0]["strategy"] if ranked[1]["rank"] != 1 else None,
        "mean_length": mean_length,
        "generosity": st.generosity(*pay),
    }
    return Result("iterated", params, seed, summary, data=data, tables=[table],
                  charts=_charts(ranked, h2h))


OUTCOMES = Outcomes(
    kinds=lambda p: [*((s, f"{st.label(s)} first") for s in p["strategies"]),
                     ("tie", "A tie for first")],
    classify=lambda r: r.data["winner"] or "tie",
    numbers=lambda p: [Number(s, st.label(s), "score per turn") for s in p["strategies"]],
    measure=lambda r: {row["strategy"]: row["score"] for row in r.data["ranking"]},
)
