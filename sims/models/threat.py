"""Balance of power or balance of threat: whom would each state balance against?

Waltz (1979, *Theory of International Politics*, ch. 6) expects states to balance against
power: each joins the side opposing the strongest state. Walt (1985, "Alliance Formation and the
Balance of World Power", *International Security* 9(4): 3-43; 1987, *The Origins of Alliances*,
ch. 2) expects them to balance against threat, which has four sources: aggregate power,
geographic proximity, offensive power and aggressive intentions. Walt gives no formula; here
threat is a weighted mean of the four, each on a 0-1 scale::

    threat(i, j) = (w_p * power_j + w_x * proximity_ij + w_o * offense_j + w_i * intent_j)
                   / (w_p + w_x + w_o + w_i)

``power_j`` is j's GDP as a share of the largest GDP in the case; ``proximity_ij`` is 1 for
neighbours and near 0 across an ocean; ``offense_j`` and ``intent_j`` run from 0 (none) to 1.
Waltz's rule picks, for each state, the strongest other state; Walt's rule picks the most
threatening one (ties go to the stronger). With every weight but ``w_power`` at zero the two
rules agree, since Waltz's rule is then the special case of Walt's.

Threats are computed exactly, in fractions of the inputs as written (0.4 is 2/5, not the nearest
binary double), and only shown as floats. In floating point Giant's (1 + 0.2) / 2 and Rival's
(0.4 + 0.8) / 2 differ in the last bit, and a tie would go to whichever rounding favoured, not
to the stronger state.

Every figure carries its source. GDP comes from Maddison's historical statistics (GDP in million
1990 international Geary-Khamis dollars). Offensive power, intentions and proximity are not
measured in any data set we can cite with confidence: they are this model's illustrative codings,
marked as such with the reasoning behind each, and the page's controls let a reader change how
much they count.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from .. import charts
from ..result import Result, Table
from ..spec import ParamError, Spec, choice, number

TITLE = "Balance of power or balance of threat"
SOURCES = ("power", "proximity", "offense", "intentions")
MADDISON = ("Maddison (2010), Statistics on World Population, GDP and Per Capita GDP, 1-2008 AD "
            "(GDP, million 1990 international Geary-Khamis dollars)")
ILLUSTRATIVE = "illustrative coding"


def _state(gdp: int, offense: float, offense_why: str, intent: float,
           intent_why: str) -> dict[str, Any]:
    return {"gdp": gdp, "offense": offense, "offense_why": offense_why,
            "intentions": intent, "intentions_why": intent_why}


CASES: dict[str, dict[str, Any]] = {
    "cold_war_europe": {
        "title": "Western Europe facing the superpowers, 1950",
        "gdp_source": f"{MADDISON}, 1950; Soviet Union = Maddison's former USSR",
        "gdp_cite": "Maddison (2010), 1950",
        "states": {
            "United States": _state(1_455_916, 0.5, "the atomic bomb and long-range bombers, "
                                    "but few ground forces in Europe", 0.1,
                                    "seen by West European governments as a protector"),
            "Soviet Union": _state(510_243, 0.9, "large ground forces in central Europe", 0.8,
                                   "seen as aggressive after the Prague coup and the Berlin "
                                   "blockade of 1948"),
            "United Kingdom": _state(347_850, 0.3, "forces for home and imperial defence", 0.0,
                                     "no aims against its neighbours"),
            "France": _state(220_492, 0.2, "forces tied down at home and in Indochina", 0.0,
                             "no aims against its neighbours"),
            "Italy": _state(164_957, 0.1, "small forces under the 1947 peace treaty", 0.0,
                            "no aims against its neighbours"),
        },
        "proximity": {
            ("United States", "Soviet Union"): (0.2, "across oceans, or the Bering Strait"),
            ("United States", "United Kingdom"): (0.2, "across the Atlantic"),
            ("United States", "France"): (0.2, "across the Atlantic"),
            ("United States", "Italy"): (0.2, "across the Atlantic"),
            ("Soviet Union", "United Kingdom"): (0.5, "Soviet armies in central Europe, "
                                                 "across the North Sea"),
            ("Soviet Union", "France"): (0.6, "Soviet armies in central Europe"),
            ("Soviet Union", "Italy"): (0.6, "Soviet armies in central Europe"),
            ("United Kingdom", "France"): (0.9, "across the Channel"),
            ("United Kingdom", "Italy"): (0.5, "across France"),
            ("France", "Italy"): (1.0, "a land border"),
        },
    },
    "cold_war_asia": {
        "title": "Japan and China between the superpowers, 1970",
        "gdp_source": f"{MADDISON}, 1970; Soviet Union = Maddison's former USSR",
        "gdp_cite": "Maddison (2010), 1970",
        "states": {
            "United States": _state(3_081_900, 0.6, "forces in Korea, Okinawa and Vietnam, and "
                                    "the Seventh Fleet", 0.3, "at war in Vietnam and hostile "
                                    "to China, but allied to Japan"),
            "Soviet Union": _state(1_351_818, 0.9, "a large build-up in the Far East and on "
                                   "the Chinese border", 0.8, "the 1968 invasion of "
                                   "Czechoslovakia and the 1969 border clashes with China"),
            "Japan": _state(1_013_602, 0.1, "Self-Defense Forces under a constitution that "
                            "renounces war", 0.0, "no aims against its neighbours"),
            "China": _state(636_937, 0.4, "a large army with little reach beyond its borders; "
                            "nuclear weapons since 1964", 0.6, "Cultural Revolution rhetoric "
                            "and the 1969 Zhenbao (Damansky) Island clash"),
        },
        "proximity": {
            ("United States", "Soviet Union"): (0.2, "across oceans, or the Bering Strait"),
            ("United States", "Japan"): (0.2, "across the Pacific (Okinawa under US "
                                         "administration until 1972)"),
            ("United States", "China"): (0.3, "across the Pacific, with US forces in Korea, "
                                         "Taiwan and Vietnam"),
            ("Soviet Union", "Japan"): (0.9, "narrow straits off Hokkaido"),
            ("Soviet Union", "China"): (1.0, "a long land border, fought over in 1969"),
            ("Japan", "China"): (0.6, "across the East China Sea"),
        },
    },
    "illustrative": {
        "title": "An invented world: a distant giant and a nearby rival",
        "gdp_source": "illustrative: invented figures",
        "gdp_cite": ILLUSTRATIVE,
        "states": {
            "Giant": _state(100, 0.4, "a navy that can reach anyone, slowly", 0.2,
                            "content with the status quo"),
            "Rival": _state(40, 0.8, "a large army on its neighbours' borders", 0.8,
                            "claims on its neighbours' land"),
            "North": _state(15, 0.2, "defensive forces", 0.0, "content"),
            "South": _state(10, 0.2, "defensive forces", 0.0, "content"),
            "Islander": _state(5, 0.1, "a coast guard", 0.0, "content"),
        },
        "proximity": {
            ("Giant", "Rival"): (0.3, "invented"), ("Giant", "North"): (0.2, "invented"),
            ("Giant", "South"): (0.2, "invented"), ("Giant", "Islander"): (0.9, "invented"),
            ("Rival", "North"): (1.0, "invented"), ("Rival", "South"): (0.9, "invented"),
            ("Rival", "Islander"): (0.2, "invented"), ("North", "South"): (0.6, "invented"),
            ("North", "Islander"): (0.1, "invented"), ("South", "Islander"): (0.3, "invented"),
        },
    },
}


def _weight(name: str, what: str) -> Any:
    return number(name, 1, 0, 5, f"Weight of {what}",
                  f"How much {what} counts in the threat a state sees (0 switches it off).", 0.1)


def _check(values: dict[str, Any]) -> None:
    if not any(values[f"w_{s}"] > 0 for s in SOURCES):
        raise ParamError(None, "all four weights are zero; set at least one above zero")


SPEC = Spec((
    choice("case", "cold_war_europe", tuple(CASES), "Case",
           "The set of states whose alignments are compared.",
           ("Cold War Europe, 1950", "Cold War Asia, 1970", "An invented world")),
    _weight("w_power", "aggregate power"),
    _weight("w_proximity", "geographic proximity"),
    _weight("w_offense", "offensive power"),
    _weight("w_intentions", "aggressive intentions"),
), check=_check)


def score(components: dict[str, Any], weights: dict[str, Any]) -> float | Fraction:
    """Walt's threat: the weighted mean of the four sources (each 0-1) by their weights.

    Given Fractions and ints (as :func:`assess` gives it) the mean is exact, so equal threats
    are equal; given floats (as the alliances model gives it) it is a float.
    """
    terms = [weights[s] * components[s] for s in SOURCES]
    # fsum, not sum, for floats: sum() of floats rounds differently from Python 3.12 (Pyodide)
    # on. sum() of Fractions is exact, and fsum would round them to floats.
    total = math.fsum if any(isinstance(t, float) for t in terms) else sum
    return total(terms) / total(weights[s] for s in SOURCES)


def exact(x: float) -> Fraction:
    """``x`` as the decimal it is written as: the codings and weights are decimals on paper."""
    return Fraction(repr(x))


def proximity(case: dict[str, Any], i: str, j: str) -> float:
    pair = case["proximity"].get((i, j)) or case["proximity"][(j, i)]
    return pair[0]


def assess(case: dict[str, Any], weights: dict[str, float]) -> list[dict[str, Any]]:
    """For each chooser: the threat it sees in every other state, and both rules' picks.

    ``ties`` names the other states exactly as threatening as Walt's pick (all weaker than it).
    """
    states = case["states"]
    largest = max(s["gdp"] for s in states.values())
    w = {s: exact(v) for s, v in weights.items()}
    own = {o: {"power": Fraction(s["gdp"], largest), "offense": exact(s["offense"]),
               "intentions": exact(s["intentions"])} for o, s in states.items()}
    out = []
    for me in states:
        others = [o for o in states if o != me]
        threats = {o: score({**own[o], "proximity": exact(proximity(case, me, o))}, w)
                   for o in others}
        by_power = max(others, key=lambda o: states[o]["gdp"])
        by_threat = max(others, key=lambda o: (threats[o], states[o]["gdp"]))
        out.append({"state": me, "power_rule": by_power, "threat_rule": by_threat,
                    "agree": by_power == by_threat,
                    "ties": [o for o in others
                             if o != by_threat and threats[o] == threats[by_threat]],
                    "threats": {o: float(t) for o, t in threats.items()}})
    return out


def _the(name: str) -> str:
    return f"the {name}" if name.startswith(("United ", "Soviet ")) else name


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _names(states: list[str]) -> str:
    return _join([_the(s) for s in states])


def _reasons(case: dict[str, Any], chooser: str, nearer: str, stronger: str,
             weights: dict[str, float]) -> str:
    """In which weighted sources the threat-rule pick outscores the power-rule pick."""
    states = case["states"]
    words = []
    if weights["proximity"] and (proximity(case, chooser, nearer)
                                 > proximity(case, chooser, stronger)):
        words.append("is nearer")
    if weights["offense"] and states[nearer]["offense"] > states[stronger]["offense"]:
        words.append("has more offensive power")
    if weights["intentions"] and states[nearer]["intentions"] > states[stronger]["intentions"]:
        words.append("is seen as more aggressive")
    return _join(words) if words else "is more threatening on balance"


def _summary(case: dict[str, Any], rows: list[dict[str, Any]],
             weights: dict[str, float]) -> str:
    groups: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if not r["agree"]:
            groups.setdefault((r["power_rule"], r["threat_rule"]), []).append(r["state"])
    agree = [r["state"] for r in rows if r["agree"]]
    if not groups:
        why = ("as it must when power is the only source that counts"
               if not any(weights[s] for s in SOURCES[1:]) else
               "because for every state the strongest other state is also the most threatening"
               + (" (or tied for it, and ties go to the stronger)"
                  if any(r["ties"] for r in rows) else ""))
        return ("Under these weights the two rules agree for every state: each balances against "
                f"the same state whether it looks at power or at threat, {why}.")
    sentences = []
    for k, ((stronger, nearer), choosers) in enumerate(
            sorted(groups.items(), key=lambda g: -len(g[1]))):
        them = "them" if len(choosers) > 1 else "it"
        reasons = _reasons(case, choosers[0], nearer, stronger, weights)
        if k == 0:
            sentences.append(
                f"Waltz's rule (balance against power) points {_names(choosers)} at "
                f"{_the(stronger)}, the strongest; Walt's rule (balance against threat) points "
                f"{them} at {_the(nearer)}, which {reasons}.")
        else:
            sentences.append(f"The rules also part for {_names(choosers)}: power points {them} "
                             f"at {_the(stronger)}, threat at {_the(nearer)}, which {reasons}.")
    if agree:
        sentences.append(f"The two rules agree for {_names(agree)}.")
    return " ".join(sentences[:3])


def _tables(case: dict[str, Any], rows: list[dict[str, Any]]) -> list[Table]:
    states = case["states"]
    verdicts = Table("verdicts", "Whom each state balances against",
                     ["state", "Waltz: against power", "Walt: against threat", "rules agree",
                      "threat of Walt's pick"],
                     [[r["state"], r["power_rule"], r["threat_rule"],
                       "yes" if r["agree"] else "no", r["threats"][r["threat_rule"]]]
                      for r in rows])
    figures = Table("figures", "The figures and their sources",
                    ["state", "GDP (million 1990 $)", "source", "offensive power",
                     "why (illustrative)", "aggressive intentions", "why (illustrative)"],
                    [[name, s["gdp"], case["gdp_cite"],
                      s["offense"], s["offense_why"], s["intentions"], s["intentions_why"]]
                     for name, s in states.items()])
    pairs = Table("proximity", "Proximity of each pair (illustrative coding)",
                  ["state", "state", "proximity", "why"],
                  [[i, j, value, why] for (i, j), (value, why) in case["proximity"].items()])
    return [verdicts, figures, pairs]


def _charts(case: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = list(case["states"])
    cells = [{"chooser": r["state"], "other state": o, "threat": t}
             for r in rows for o, t in r["threats"].items()]
    heat = charts.heatmap(
        cells, "other state", "chooser", "threat", title="The threat each state sees",
        description="Threat scores (0 to 1) that each state, in a row, sees in every other "
                    "state, in a column.",
        x_title="Threat from", y_title="Seen by", value_title="Threat", order=order,
        domain=(0, 1))
    power = charts.bars(
        [{"state": n, "gdp": s["gdp"]} for n, s in case["states"].items()], "state", "gdp",
        title="Aggregate power: what Waltz's rule looks at",
        description=f"Each state's GDP ({case['gdp_source']}); under Waltz's rule every state "
                    "balances against the largest other.",
        category_title="State", value_title="GDP (million 1990 international dollars)")
    return [heat, power]


def run(params: dict[str, Any], seed: int) -> Result:
    """Score every pair and compare the two rules (deterministic: the seed is unused)."""
    case = CASES[params["case"]]
    weights = {s: params[f"w_{s}"] for s in SOURCES}
    rows = assess(case, weights)
    summary = _summary(case, rows, weights)
    return Result(
        "threat", params, seed, summary,
        data={"title": case["title"], "gdp_source": case["gdp_source"],
              "choices": rows,
              "power_rule": {r["state"]: r["power_rule"] for r in rows},
              "threat_rule": {r["state"]: r["threat_rule"] for r in rows},
              "disagree": [r["state"] for r in rows if not r["agree"]]},
        tables=_tables(case, rows), charts=_charts(case, rows))
