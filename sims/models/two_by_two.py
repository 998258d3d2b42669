"""The 2x2 security game: classify it, find its equilibria, and read it as Jervis did.

Each player either cooperates (C: restrains, disarms) or defects (D: arms, strikes). An outcome
is named row move first: CD means the row player cooperates and the column player defects. A
player's payoffs are given from its own point of view, in Jervis's (1978) terms:

- ``cc`` (R, reward): both cooperate;
- ``cd`` (S, sucker): it cooperates and is exploited;
- ``dc`` (T, temptation): it exploits the other;
- ``dd`` (P, punishment): mutual defection, the breakdown.

By default the game is symmetric: the column player's payoffs mirror the row player's. With
``asymmetric`` the column player's own four payoffs (``col_cc`` ... ``col_dd``, same meaning) are
used instead; otherwise they are ignored.

**Classification** by the order of a player's four payoffs (strict inequalities; a tie where a
definition has ``>`` makes the game ``other``):

- ``prisoners_dilemma``: T > R > P > S (defection dominant, yet DD is worse than CC);
- ``stag_hunt``: R > T >= P > S (the tie T = P is allowed: CC and DD are both equilibria);
- ``chicken``: T > R > S > P (giving way beats the crash; CD and DC are the equilibria);
- ``deadlock``: T > P > R > S (defection dominant and DD preferred to CC: no dilemma);
- ``harmony``: R > T, R > S and S > P (cooperation strictly dominant and CC the best outcome);
- ``other``: any other order.

For an asymmetric game ``game`` is the common class when both players' orders fall in the same
one, and ``other`` when they differ; ``games`` gives each player's class.

**Solutions.** A pure-strategy Nash equilibrium is an outcome where neither player gains by
changing its own move alone (weak inequalities). An outcome is Pareto optimal when no other
outcome is at least as good for both players and better for one. A move is dominant when it does
at least as well as the other move against both of the opponent's moves and better against one
(``dominance`` says whether it is better against both: strict, or only one: weak). If the
column player cooperates with probability q, the row player gains
``g(q) = q (R - T) + (1 - q)(S - P)`` by cooperating rather than defecting; when R - T and S - P
are non-zero and of opposite signs, g vanishes at ``q* = (S - P) / ((S - P) - (R - T))`` (in the
stag hunt, ``(P - S) / ((R - T) + (P - S))``): the belief about the other at which cooperating
starts (stag hunt) or stops (chicken) paying. The mixed equilibrium, where both such thresholds
exist, has each player cooperate with the probability that makes the other indifferent.

**Jervis's reading** (Jervis 1978, "Cooperation under the Security Dilemma", *World Politics*
30(2): 167-214): cooperation is more likely the higher CC and the lower the cost of
being exploited (a higher CD), and less likely the higher the gain from exploiting (DC) and the
lower the cost of mutual defection (a higher DD). The reading names these levers with the
current numbers, and the change that would move the game: in a stag hunt, how one point on CC
or CD moves the threshold q*; in a prisoner's dilemma, how far CC must rise for CC to become an
equilibrium. The five games and their orders are those Oye (1985), "Explaining Cooperation under
Anarchy", *World Politics* 38(1): 1-24, uses for international politics.
"""

from __future__ import annotations

import itertools
from typing import Any

from .. import charts
from ..result import Result, Table
from ..spec import Spec, boolean, number
from ..view import number_text

TITLE = "The 2x2 security game"
OUTCOMES = ("CC", "CD", "DC", "DD")
GAMES = ("prisoners_dilemma", "stag_hunt", "chicken", "deadlock", "harmony", "other")
GAME_NAMES = {
    "prisoners_dilemma": "a prisoner's dilemma",
    "stag_hunt": "a stag hunt",
    "chicken": "chicken",
    "deadlock": "deadlock",
    "harmony": "harmony",
    "other": "none of the five classic games",
}
LO, HI, STEP = -20, 20, 0.5


def _payoff(name: str, default: float, label: str, help: str) -> Any:
    return number(name, default, LO, HI, label, help, STEP)


SPEC = Spec((
    _payoff("cc", 3, "Both cooperate (CC)", "Row player's payoff when both cooperate (R)."),
    _payoff("cd", 0, "Exploited (CD)",
            "Row player's payoff when it cooperates and the other defects (S)."),
    _payoff("dc", 5, "Exploiting (DC)",
            "Row player's payoff when it defects and the other cooperates (T)."),
    _payoff("dd", 1, "Both defect (DD)", "Row player's payoff when both defect (P)."),
    boolean("asymmetric", False, "Different payoffs for the column player",
            "Off: the column player's payoffs mirror the row player's. On: use col_cc ... col_dd."),
    _payoff("col_cc", 3, "Column: both cooperate",
            "Column player's payoff when both cooperate (used when asymmetric)."),
    _payoff("col_cd", 0, "Column: exploited",
            "Column player's payoff when it cooperates and the row player defects."),
    _payoff("col_dc", 5, "Column: exploiting",
            "Column player's payoff when it defects and the row player cooperates."),
    _payoff("col_dd", 1, "Column: both defect",
            "Column player's payoff when both defect (used when asymmetric)."),
))

Payoffs = tuple[float, float, float, float]  # (cc, cd, dc, dd) from one player's point of view


def classify(cc: float, cd: float, dc: float, dd: float) -> str:
    """The game named by one player's order of payoffs (see the module docstring)."""
    r, s, t, p = cc, cd, dc, dd
    if t > r > p > s:
        return "prisoners_dilemma"
    if r > t >= p > s:
        return "stag_hunt"
    if t > r > s > p:
        return "chicken"
    if t > p > r > s:
        return "deadlock"
    if r > t and r > s and s > p:
        return "harmony"
    return "other"


def order(pay: Payoffs) -> str:
    """The payoffs from best to worst, e.g. ``DC > CC > DD > CD`` (ties as ``=``)."""
    ranked = sorted(zip(OUTCOMES, pay, strict=True), key=lambda item: -item[1])
    text = ranked[0][0]
    for (_, before), (name, value) in itertools.pairwise(ranked):
        text += f" {'=' if value == before else '>'} {name}"
    return text


def matrix(row: Payoffs, col: Payoffs) -> dict[str, tuple[float, float]]:
    """Outcome -> (row's payoff, column's payoff); the column's own CD is the outcome DC."""
    own = dict(zip(OUTCOMES, row, strict=True))
    other = dict(zip(OUTCOMES, col, strict=True))
    return {o: (own[o], other[o[::-1]]) for o in OUTCOMES}


def nash_equilibria(m: dict[str, tuple[float, float]]) -> list[str]:
    """Outcomes where neither player gains by switching its own move alone."""
    flip = {"C": "D", "D": "C"}
    return [o for o in OUTCOMES
            if m[o][0] >= m[flip[o[0]] + o[1]][0] and m[o][1] >= m[o[0] + flip[o[1]]][1]]


def pareto_optimal(m: dict[str, tuple[float, float]]) -> list[str]:
    """Outcomes that no other outcome makes one player better off without the other worse."""
    def dominated(o: str) -> bool:
        return any(m[x][0] >= m[o][0] and m[x][1] >= m[o][1] and m[x] != m[o]
                   for x in OUTCOMES)
    return [o for o in OUTCOMES if not dominated(o)]


def gaps(pay: Payoffs) -> tuple[float, float]:
    """What cooperating gains over defecting when the other cooperates (R - T) and when it
    defects (S - P)."""
    cc, cd, dc, dd = pay
    return cc - dc, cd - dd


def dominant(pay: Payoffs) -> tuple[str | None, str | None]:
    """(the dominant move or None, "strict" or "weak" or None)."""
    vs_c, vs_d = gaps(pay)
    for move, sign in (("C", 1), ("D", -1)):
        a, b = sign * vs_c, sign * vs_d
        if a > 0 and b > 0:
            return move, "strict"
        if a >= 0 and b >= 0 and (a > 0 or b > 0):
            return move, "weak"
    return None, None


def threshold(pay: Payoffs) -> dict[str, Any]:
    """When cooperating pays, given the probability q that the other cooperates.

    ``when`` is ``always`` (cooperating is never worse), ``never`` (never better),
    ``indifferent`` (R = T and S = P), ``above`` (pays for q > q*, as in the stag hunt) or
    ``below`` (pays for q < q*, as in chicken); ``threshold`` is q* or None.
    """
    vs_c, vs_d = gaps(pay)
    if vs_c == 0 and vs_d == 0:
        return {"when": "indifferent", "threshold": None}
    if vs_c >= 0 and vs_d >= 0:
        return {"when": "always", "threshold": None}
    if vs_c <= 0 and vs_d <= 0:
        return {"when": "never", "threshold": None}
    q = vs_d / (vs_d - vs_c)
    return {"when": "above" if vs_c > 0 else "below", "threshold": q}


def mixed_equilibrium(row: Payoffs, col: Payoffs) -> dict[str, Any] | None:
    """The fully mixed equilibrium (each player's probability of cooperating), or None.

    The row player cooperates with the probability that leaves the column player indifferent,
    and vice versa; it exists when both players have an interior threshold.
    """
    row_t, col_t = threshold(row)["threshold"], threshold(col)["threshold"]
    if row_t is None or col_t is None:
        return None
    p, q = col_t, row_t  # each plays the other's point of indifference
    return {"row": p, "column": q,
            "payoffs": {"row": q * row[0] + (1 - q) * row[1],
                        "column": p * col[0] + (1 - p) * col[1]}}


def _n(x: float) -> str:
    return f"{x:g}"


def _listing(items: list[str]) -> str:
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def jervis(pay: Payoffs) -> str:
    """Jervis's levers, read for one player's payoffs (see the module docstring)."""
    cc, cd, dc, dd = pay
    t = threshold(pay)
    game = classify(*pay)
    if t["when"] == "always":
        now = (f"Cooperating pays whatever the other does (CC {_n(cc)} against DC {_n(dc)}, "
               f"CD {_n(cd)} against DD {_n(dd)}): there is no security dilemma to overcome.")
        move = (f"It stays so while CC is at least DC ({_n(dc)}) and CD at least DD "
                f"({_n(dd)}).")
    elif t["when"] == "never":
        now = (f"Defecting pays whatever the other does (DC {_n(dc)} against CC {_n(cc)}, "
               f"DD {_n(dd)} against CD {_n(cd)}), so only a change in the payoffs can bring "
               "cooperation about.")
        if dd > cc:
            move = (f"Here the players even prefer mutual defection to mutual cooperation (DD "
                    f"{_n(dd)} > CC {_n(cc)}): CC would have to rise above both DD and DC "
                    f"({_n(dc)}) for cooperation to pay.")
        else:
            move = (f"The smallest change that makes mutual cooperation an equilibrium is to "
                    f"raise CC above DC ({_n(dc)}), or to cut DC below CC ({_n(cc)}): that "
                    "turns the game into a stag hunt, in which trust can hold.")
    elif t["when"] == "above":
        q = t["threshold"]
        up = threshold((cc + 1, cd, dc, dd))["threshold"]
        down = threshold((cc, cd - 1, dc, dd))["threshold"]
        now = (f"Cooperating pays only for a player who believes the other will cooperate with "
               f"probability above {q:.2f}.")
        move = (f"Each lever moves that threshold: one point more on CC lowers it to "
                f"{up:.2f}; one point less on CD (being exploited hurts more) raises it to "
                f"{down:.2f}.")
    elif t["when"] == "below":
        q = t["threshold"]
        now = (f"Giving way (cooperating) pays only while the other is expected to stand firm: "
               f"when it cooperates with probability below {q:.2f}.")
        move = (f"Raising CC above DC ({_n(dc)}) would make cooperating dominant; a costlier "
                f"crash (a lower DD, now {_n(dd)}) makes giving way pay over a wider range.")
    else:
        now = "Cooperating and defecting pay the same whatever the other does."
        move = "Any change in one of the four payoffs would tip the balance."
    levers = (f"Following Jervis (1978), cooperation becomes more likely as CC (now {_n(cc)}) "
              f"rises or CD (now {_n(cd)}) rises, so that being exploited costs less, and less "
              f"likely as DC (now {_n(dc)}) rises or DD (now {_n(dd)}) rises, so that "
              "exploiting pays more or breakdown costs less.")
    if game == "chicken":
        move += " Each side hopes the other will yield, which is what makes the game dangerous."
    return f"{now} {levers} {move}"


def _equilibria_sentence(ne: list[str], dom: dict[str, str | None],
                         mixed: dict[str, Any] | None) -> str:
    words = {"C": "Cooperating", "D": "Defecting"}
    if dom["row"] and dom["row"] == dom["column"]:
        start = f"{words[dom['row']]} is dominant for both players"
    elif dom["row"] or dom["column"]:
        start = "; ".join(f"{words[m]} is dominant for the {who} player"
                          for who, m in (("row", dom["row"]), ("column", dom["column"])) if m)
    else:
        start = "Neither player has a dominant strategy"
    if not ne:
        pure = "there is no pure-strategy equilibrium"
    elif len(ne) == 1:
        pure = f"the only pure-strategy equilibrium is {ne[0]}"
    else:
        pure = f"the pure-strategy equilibria are {_listing(ne)}"
    text = f"{start}, and {pure}"
    if mixed:
        if abs(mixed["row"] - mixed["column"]) < 1e-12:
            text += (f", plus a mixed one in which each cooperates with probability "
                     f"{mixed['row']:.2f}")
        else:
            text += (f", plus a mixed one in which the row player cooperates with probability "
                     f"{mixed['row']:.2f} and the column player with {mixed['column']:.2f}")
    return text + "."


def _lesson(game: str, m: dict[str, tuple[float, float]], ne: list[str],
            pareto: list[str], row_t: dict[str, Any]) -> str:
    wasted = [o for o in ne if o not in pareto]
    if wasted:
        worse = wasted[0]
        better = [x for x in OUTCOMES
                  if m[x][0] >= m[worse][0] and m[x][1] >= m[worse][1] and m[x] != m[worse]]
        good = [x for x in better if x in ne]
        if good and row_t["when"] == "above":
            return (f"Both players are better off at {good[0]} than at {worse}, and {good[0]} "
                    f"is an equilibrium too, but cooperating pays only for a player who "
                    f"believes the other will cooperate with probability above "
                    f"{row_t['threshold']:.2f}: the outcome turns on trust.")
        return (f"Yet {worse} is not Pareto optimal: both players would be better off at "
                f"{better[0]}, so individually rational choices produce a collectively bad "
                "result.")
    if game == "chicken":
        return ("Each side wants the other to give way, and if both stand firm they crash "
                "into DD, the worst outcome for both.")
    if game == "harmony":
        return "What is good for each is good for both: there is no dilemma to solve."
    if game == "deadlock":
        return ("Here DD is what the players want, so nothing is wasted: the conflict is real, "
                "not a dilemma.")
    return f"The Pareto-optimal outcomes are {_listing(pareto)}."


def analyse(p: dict[str, Any]) -> dict[str, Any]:
    """Everything ``run`` reports about the game, as plain data."""
    row: Payoffs = (p["cc"], p["cd"], p["dc"], p["dd"])
    col: Payoffs = ((p["col_cc"], p["col_cd"], p["col_dc"], p["col_dd"])
                    if p["asymmetric"] else row)
    m = matrix(row, col)
    row_dom, row_kind = dominant(row)
    col_dom, col_kind = dominant(col)
    games = {"row": classify(*row), "column": classify(*col)}
    reading = jervis(row)
    if p["asymmetric"]:
        reading = f"For the row player: {reading} For the column player: {jervis(col)}"
    return {
        "game": games["row"] if games["row"] == games["column"] else "other",
        "games": games,
        "order": {"row": order(row), "column": order(col)},
        "payoffs": {o: list(v) for o, v in m.items()},
        "nash_equilibria": nash_equilibria(m),
        "pareto_optimal": pareto_optimal(m),
        "dominant": {"row": row_dom, "column": col_dom},
        "dominance": {"row": row_kind, "column": col_kind},
        "mixed_equilibrium": mixed_equilibrium(row, col),
        "cooperation_pays": {"row": threshold(row), "column": threshold(col)},
        "jervis": reading,
    }


def _summary(d: dict[str, Any], asymmetric: bool) -> str:
    if asymmetric and d["games"]["row"] != d["games"]["column"]:
        first = (f"The two players see different games: for the row player this is "
                 f"{GAME_NAMES[d['games']['row']]} ({d['order']['row']}), for the column "
                 f"player {GAME_NAMES[d['games']['column']]} ({d['order']['column']}).")
    else:
        first = f"This is {GAME_NAMES[d['game']]} ({d['order']['row']})."
    m = {o: tuple(v) for o, v in d["payoffs"].items()}
    second = _equilibria_sentence(d["nash_equilibria"], d["dominant"], d["mixed_equilibrium"])
    third = _lesson(d["game"], m, d["nash_equilibria"], d["pareto_optimal"],
                    d["cooperation_pays"]["row"])
    return f"{first} {second} {third}"


MOVES = {"C": "Cooperate", "D": "Defect"}


def bimatrix(d: dict[str, Any]) -> Table:
    """The game as a textbook prints it: the row player's moves down, the column player's
    across, each cell "row's payoff, column's payoff", the pure equilibria marked."""
    def cell(o: str) -> str:
        row, col = d["payoffs"][o]
        return f"{number_text(row)}, {number_text(col)}" + (
            " (Nash)" if o in d["nash_equilibria"] else "")
    return Table("matrix", "The payoff matrix (row's payoff, column's payoff)",
                 ["Row player", *(f"Column player: {MOVES[c]}" for c in "CD")],
                 [[MOVES[r], *(cell(r + c) for c in "CD")] for r in "CD"], open=True)


def _charts(p: dict[str, Any]) -> list[dict[str, Any]]:
    cc, cd, dc, dd = p["cc"], p["cd"], p["dc"], p["dd"]
    beliefs = [i / 20 for i in range(21)]
    lines = [{"belief": q, "payoff": q * a + (1 - q) * b, "move": move}
             for q in beliefs for move, a, b in (("Cooperate", cc, cd), ("Defect", dc, dd))]
    replies = charts.lines(
        lines, "belief", "payoff", "move",
        title="Which move pays, given how likely the other is to cooperate",
        description="The row player's expected payoff from cooperating and from defecting "
                    "against the probability that the other cooperates; where the lines cross "
                    "is the threshold of trust.",
        x_title="Probability the other cooperates", y_title="Row player's expected payoff",
        order=["Cooperate", "Defect"])
    return [replies]


def run(params: dict[str, Any], seed: int) -> Result:
    """Analyse the game (deterministic: the seed is unused)."""
    d = analyse(params)
    summary = _summary(d, params["asymmetric"])
    describe = {"CC": "both cooperate", "CD": "row cooperates, column defects",
                "DC": "row defects, column cooperates", "DD": "both defect"}
    rows = [[f"{o} ({describe[o]})", v[0], v[1],
             "yes" if o in d["nash_equilibria"] else "no",
             "yes" if o in d["pareto_optimal"] else "no"] for o, v in d["payoffs"].items()]
    outcomes = Table("payoffs", "The payoff matrix, outcome by outcome",
                     ["outcome", "row's payoff", "column's payoff", "Nash equilibrium",
                      "Pareto optimal"], rows)
    return Result("two_by_two", params, seed, summary, data=d,
                  tables=[bimatrix(d), outcomes], charts=_charts(params))
