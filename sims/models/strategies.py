"""Strategies of the repeated security game, each a plain function of the two histories.

A history is a string of moves, ``"C"`` (cooperate: restrain, disarm, keep the truce) or ``"D"``
(defect: arm, strike, cheat), oldest first. A rule is called as ``rule(mine, theirs)`` before
every turn and returns its move; it sees the moves as they were actually played, so a move
flipped by noise counts as played (as in axelrod and in Case's explorable). Strings keep the
rules short and fast: ``theirs[-1]`` is the last move, ``"D" in theirs`` asks whether the other
ever defected, and both run in C.

Two rules need more than the histories. ``random`` draws from the run's random number
generator, once per move; ``generous_tit_for_tat`` draws once each time it answers a defection,
and forgives with a probability (its generosity) set by the payoffs. :func:`bind` fixes those
extras for a run, so that the tournament only ever calls ``move(mine, theirs)``.

Every rule below follows its counterpart in the axelrod library (Axelrod-Python, version 4.14)
move for move; the tests play each pair against axelrod to check it. The docstrings give each
rule's other names and sources in axelrod's style; [Case2017] is Nicky Case's explorable
*The Evolution of Trust* (https://ncase.me/trust/), whose names are given for readers who met
the strategies there.

References (keys as in axelrod's bibliography where they exist there):

- [Axelrod1980] Axelrod, R. (1980). Effective choice in the prisoner's dilemma. Journal of
  Conflict Resolution 24(1): 3-25.
- [Axelrod1980b] Axelrod, R. (1980). More effective choice in the prisoner's dilemma. Journal of
  Conflict Resolution 24(3): 379-403.
- [Axelrod1984] Axelrod, R. (1984). The Evolution of Cooperation. New York: Basic Books.
- [Banks1990] Banks, J. S. and Sundaram, R. K. (1990). Repeated games, finite automata, and
  complexity. Games and Economic Behavior 2(2): 97-117.
- [Beaufils1997] Beaufils, B., Delahaye, J.-P. and Mathieu, P. (1997). Our meeting with
  gradual: a good strategy for the iterated prisoner's dilemma.
- [Berg2015] van den Berg, P. and Weissing, F. J. (2015). The importance of mechanisms for the
  evolution of cooperation. Proceedings of the Royal Society B 282.
- [Case2017] Case, N. (2017). The Evolution of Trust. https://ncase.me/trust/
- [Gaudesi2016] Gaudesi, M. et al. (2016). Exploiting evolutionary modeling to prevail in
  iterated prisoner's dilemma tournaments. IEEE Transactions on Computational Intelligence and
  AI in Games 8(3): 288-300.
- [Hilbe2013] Hilbe, C., Nowak, M. A. and Traulsen, A. (2013). Adaptive dynamics of extortion
  and compliance. PLoS ONE 8(11): e77886.
- [Kraines1989] Kraines, D. and Kraines, V. (1989). Pavlov and the prisoner's dilemma. Theory
  and Decision 26(1): 47-79.
- [Li2011] Li, J., Hingston, P. and Kendall, G. (2011). Engineering design of strategies for
  winning iterated prisoner's dilemma competitions. IEEE Transactions on Computational
  Intelligence and AI in Games 3(4): 348-360.
- [Mathieu2015] Mathieu, P. and Delahaye, J.-P. (2015). New winning strategies for the iterated
  prisoner's dilemma. Proceedings of AAMAS 2015.
- [Mittal2009] Mittal, S. and Deb, K. (2009). Optimal strategies of the iterated prisoner's
  dilemma problem for multiple conflicting objectives. IEEE Transactions on Evolutionary
  Computation 13(3): 554-565.
- [NC2019] https://github.com/ncase/trust, the source of [Case2017].
- [Nowak1993] Nowak, M. and Sigmund, K. (1993). A strategy of win-stay, lose-shift that
  outperforms tit-for-tat in the prisoner's dilemma game. Nature 364: 56-58.
- [NowakSigmund1992] Nowak, M. A. and Sigmund, K. (1992). Tit for tat in heterogeneous
  populations. Nature 355: 250-253.
- [Tzafestas2000] Tzafestas, E. (2000). Toward adaptive cooperative behavior. Proceedings of the
  6th International Conference on the Simulation of Adaptive Behavior (SAB 2000), 2: 334-340.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

C, D = "C", "D"

Move = Callable[[str, str], str]


def always_cooperate(mine: str, theirs: str) -> str:
    """Cooperate on every turn, whatever the other does.

    Names: Cooperator, ALLC (axelrod ``Cooperator``) [Axelrod1984]; Always Cooperate [Case2017].
    """
    return C


def always_defect(mine: str, theirs: str) -> str:
    """Defect on every turn, whatever the other does.

    Names: Defector, ALLD (axelrod ``Defector``) [Axelrod1984]; Always Cheat [Case2017].
    """
    return D


def tit_for_tat(mine: str, theirs: str) -> str:
    """Cooperate on the first turn, then repeat the other's last move.

    Names: Tit For Tat, Rapoport's strategy (axelrod ``TitForTat``) [Axelrod1980], the winner
    of both of Axelrod's tournaments; Copycat [Case2017].
    """
    return theirs[-1] if theirs else C


def suspicious_tit_for_tat(mine: str, theirs: str) -> str:
    """Defect on the first turn, then repeat the other's last move.

    Names: Suspicious Tit For Tat (axelrod ``SuspiciousTitForTat``) [Hilbe2013]; Mistrust
    [Beaufils1997].
    """
    return theirs[-1] if theirs else D


def generous_tit_for_tat(mine: str, theirs: str, rand: Callable[[], float],
                         generosity: float) -> str:
    """Cooperate first and after the other cooperates; after a defection, forgive (cooperate)
    with probability ``generosity`` (see :func:`generosity`), drawing one random number.

    Names: Generous Tit For Tat, GTFT (axelrod ``GTFT``, memory-one vector (1, g, 1, g))
    [Nowak1993], after [NowakSigmund1992]; Naive peace maker, Soft Joss [Gaudesi2016].
    """
    if not theirs or theirs[-1] == C:
        return C
    return C if rand() < generosity else D


def tit_for_two_tats(mine: str, theirs: str) -> str:
    """Cooperate unless the other defected on both of the last two turns.

    Names: Tit For Two Tats (axelrod ``TitFor2Tats``) [Axelrod1984]; JMaynardSmith, submitted
    by John Maynard Smith to Axelrod's second tournament [Axelrod1980b]; Copykitten [Case2017].
    """
    return D if theirs.endswith("DD") else C


def two_tits_for_tat(mine: str, theirs: str) -> str:
    """Cooperate unless the other defected on either of the last two turns: every defection
    is answered twice.

    Names: Two Tits For Tat (axelrod ``TwoTitsForTat``) [Axelrod1984].
    """
    return D if D in theirs[-2:] else C


def grim_trigger(mine: str, theirs: str) -> str:
    """Cooperate until the other defects once; from the next turn on, defect for ever.

    Names: Grudger (axelrod ``Grudger``) [Li2011]; Friedman's strategy [Axelrod1980]; Grim
    [Berg2015]; Grim Trigger [Banks1990]; Spiteful [Mathieu2015]; Grudger [Case2017].
    """
    return D if D in theirs else C


def win_stay_lose_shift(mine: str, theirs: str) -> str:
    """Cooperate first; then cooperate if both players made the same move last turn (CC or
    DD), otherwise defect. That is: after a good payoff (CC, DC) keep the last move, after a
    bad one (CD, DD) switch. The rule reads the moves, not the payoffs, as axelrod does.

    Names: Win-Stay Lose-Shift, WSLS (axelrod ``WinStayLoseShift``, memory-one vector
    (1, 0, 0, 1)) [Nowak1993]; Pavlov [Kraines1989]; Simpleton [Case2017].
    """
    if not mine:
        return C
    return C if mine[-1] == theirs[-1] else D


def alternator(mine: str, theirs: str) -> str:
    """Cooperate first, then do the opposite of its own last move: C, D, C, D, ...

    Names: Alternator (axelrod ``Alternator``) [Axelrod1984]; Periodic player CD [Mittal2009].
    """
    if not mine:
        return C
    return D if mine[-1] == C else C


def random(mine: str, theirs: str, rand: Callable[[], float]) -> str:
    """Cooperate or defect with equal probability on every turn, drawing one random number.

    Names: Random (axelrod ``Random``, p = 0.5) [Axelrod1980]; Lunatic [Tzafestas2000];
    Random [Case2017].
    """
    return C if rand() < 0.5 else D


DETECTIVE_OPENING = "CDCC"


def detective(mine: str, theirs: str) -> str:
    """Open with C, D, C, C to test the other. If the other defected on any of those four
    turns, play tit for tat from then on; if it never did, defect for ever to exploit it.

    Names: Detective (axelrod ``Detective``) [NC2019]; Detective [Case2017]. Case's
    explorable looks only at the replies to the first three test moves; axelrod, and this
    rule, look at all four.
    """
    turn = len(mine)
    if turn < len(DETECTIVE_OPENING):
        return DETECTIVE_OPENING[turn]
    if D not in theirs[: len(DETECTIVE_OPENING)]:
        return D
    return theirs[-1]


@dataclass(frozen=True)
class Strategy:
    """A rule and what is known about it (in the spirit of axelrod's classifier).

    The three traits are Axelrod's (1984) terms, each checked by a test of behaviour:
    ``nice``: never the first to defect; ``reciprocates``: its moves answer the other's
    (a defection is met by a defection), unlike rules that ignore the other; ``recovers``: two
    copies return to mutual cooperation within a few turns of a single mistake, where strict
    reciprocators echo it for ever.
    """

    id: str
    label: str
    rule: Callable[..., str]
    axelrod: str  # the axelrod class that plays the same moves
    stochastic: bool = False
    nice: bool = True
    reciprocates: bool = True
    recovers: bool = False
    needs: tuple[str, ...] = ()  # extra arguments bound by :func:`bind`


STRATEGIES: dict[str, Strategy] = {s.id: s for s in (
    Strategy("always_cooperate", "Always cooperate", always_cooperate, "Cooperator",
             reciprocates=False, recovers=True),
    Strategy("always_defect", "Always defect", always_defect, "Defector", nice=False,
             reciprocates=False),
    Strategy("tit_for_tat", "Tit for tat", tit_for_tat, "TitForTat"),
    Strategy("suspicious_tit_for_tat", "Suspicious tit for tat", suspicious_tit_for_tat,
             "SuspiciousTitForTat", nice=False),
    Strategy("generous_tit_for_tat", "Generous tit for tat", generous_tit_for_tat, "GTFT",
             stochastic=True, recovers=True, needs=("rand", "generosity")),
    Strategy("tit_for_two_tats", "Tit for two tats", tit_for_two_tats, "TitFor2Tats",
             recovers=True),
    Strategy("two_tits_for_tat", "Two tits for tat", two_tits_for_tat, "TwoTitsForTat"),
    Strategy("grim_trigger", "Grim trigger", grim_trigger, "Grudger"),
    Strategy("win_stay_lose_shift", "Win-stay, lose-shift", win_stay_lose_shift,
             "WinStayLoseShift", recovers=True),
    Strategy("alternator", "Alternator", alternator, "Alternator", nice=False,
             reciprocates=False),
    Strategy("random", "Random", random, "Random", stochastic=True, nice=False,
             reciprocates=False, needs=("rand",)),
    Strategy("detective", "Detective", detective, "Detective", nice=False),
)}

IDS: tuple[str, ...] = tuple(STRATEGIES)
LABELS: tuple[str, ...] = tuple(s.label for s in STRATEGIES.values())


@dataclass(frozen=True)
class Entrant:
    """A strategy that is not one of the built-ins (a reader's, :mod:`sims.custom_strategy`),
    entered into one run beside them, and how many players it starts with in a population."""

    strategy: Strategy
    players: int = 1


_ENTRANTS: contextvars.ContextVar[tuple[Entrant, ...]] = contextvars.ContextVar(
    "entrants", default=())


@contextlib.contextmanager
def joined(*entrants: Entrant) -> Iterator[None]:
    """Within this context the iterated game and evolution take ``entrants`` beside the
    strategies their parameters choose, and :func:`get` knows them."""
    token = _ENTRANTS.set(entrants)
    try:
        yield
    finally:
        _ENTRANTS.reset(token)


def entrants() -> tuple[Entrant, ...]:
    """The strategies entered beside the built-ins in this context (see :func:`joined`)."""
    return _ENTRANTS.get()


def get(strategy_id: str) -> Strategy:
    """The strategy ``strategy_id``: a built-in, or one entered by :func:`joined`."""
    found = STRATEGIES.get(strategy_id)
    if found is None:
        found = next((e.strategy for e in entrants() if e.strategy.id == strategy_id), None)
    if found is None:
        raise KeyError(strategy_id)
    return found


def label(strategy_id: str) -> str:
    return get(strategy_id).label


def generosity(cc: float, cd: float, dc: float, dd: float) -> float:
    """How often generous tit for tat forgives a defection, from the payoffs.

    With R = cc, S = cd, T = dc, P = dd this is axelrod's GTFT default (after Nowak and Sigmund
    1992), ``min(1 - (T - R) / (R - S), (R - P) / (T - P))``: the most forgiveness that still
    leaves a defector no better off than a cooperator. For the usual prisoner's dilemma (3, 0,
    5, 1) it is 1/3. Outside the prisoner's dilemma a term whose denominator is not positive sets
    no limit, and the result is clamped to [0, 1] so that it is always a probability.
    """
    limits = []
    if cc > cd:
        limits.append(1 - (dc - cc) / (cc - cd))
    if dc > dd:
        limits.append((cc - dd) / (dc - dd))
    return min(1.0, max(0.0, min(limits, default=1.0)))


def bind(strategy_id: str, rand: Callable[[], float], forgive: float) -> Move:
    """The rule of ``strategy_id`` as ``move(mine, theirs)``, its extras fixed for one run.

    ``rand`` is the run's ``random.Random(seed).random``; ``forgive`` is GTFT's generosity.
    """
    strategy = get(strategy_id)
    extras = {"rand": rand, "generosity": forgive}
    if not strategy.needs:
        return strategy.rule
    return partial(strategy.rule, **{name: extras[name] for name in strategy.needs})
