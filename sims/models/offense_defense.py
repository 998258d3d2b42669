"""Offense, defense and the four worlds: how often pairs of states end at war, racing or at peace.

Jervis (1978, "Cooperation under the Security Dilemma", *World Politics* 30(2): 167-214)
argues that two variables set how severe the security dilemma is: whether the offence or the
defence has the advantage, and whether offensive and defensive postures can be told apart.
Crossing them gives four worlds: (1) offence advantage, postures indistinguishable: "doubly
dangerous"; (2) defence advantage, indistinguishable: the dilemma exists but the security
needs of status quo states may be compatible; (3) offence advantage, distinguishable: no
security dilemma, but aggression is possible; (4) defence advantage, distinguishable: "doubly
stable". This model plays many pairs of states through those conditions and counts how each
pair ends. Its rules are ours, not Jervis's; the likelihoods follow the Bayesian reading of
trust in Kydd (1997, "Game Theory and the Spiral Model", *World Politics* 49(3)), with
short-sighted players as in this site's spiral model.

**Types and forces.** Each state is independently an expansionist with chance ``aggressors``,
otherwise a security seeker; its type is private, the chance is common knowledge and is each
side's prior ``mu`` that the other is an expansionist. Each starts with ``O = 1`` offensive and
``D = 2`` defensive units; ``K = O + D`` is its total.

**The offence advantage.** An offensive unit on the attack is worth ``f = 4 ** x`` defending
units, where ``x`` (``offense``) runs from -1 (the defence dominates, ``f = 1/4``) through 0
(``f = 1``) to 1 (the offence dominates, ``f = 4``). All forces defend; only offensive ones
attack. The chance that ``i`` wins a war it starts against ``j`` is::

    p_ij = f * O_i / (f * O_i + K_j)

**What each side sees.** Each round each state restrains (R), builds one defensive unit (D) or
one offensive unit (O). The other sees restraint as a build-up, or a build-up as restraint, with
chance ``eps`` (``misperception``). A build-up seen for what it is shows its kind with chance
``delta`` (``distinguishability``); otherwise it is seen as arms of unknown kind (A). A phantom
build-up (restraint misread) always shows as A. So, for a type that restrains, builds D and
builds O with chances ``r``, ``d``, ``o``::

    P(see R) = r * (1 - eps) + (d + o) * eps
    P(see A) = r * eps + (d + o) * (1 - eps) * (1 - delta)
    P(see D) = d * (1 - eps) * delta,      P(see O) = o * (1 - eps) * delta

Each side counts what it saw: the other's forces ``K^ = 3 + builds seen``, and, assuming the
worst of arms it could not read, its offence ``O^ = 1 + O seen + A seen``.

**Belief.** Bayes' rule after each round: ``mu' = mu L_E / (mu L_E + (1 - mu) L_S)``, with the
likelihoods above. An expansionist builds O for sure (``o = 1``). A security seeker, as the
observer reads it, builds with chance ``s``: in round 1, 1 if at the prior it would fear the
observer (below) and 0 otherwise; later ``1 - eps`` if the observer built last round and ``eps``
if it restrained (it arms because it saw the observer arm). Its build-up is offensive with chance
``q`` (below), so ``o = s q`` and ``d = s (1 - q)``. An observation impossible under both types
leaves ``mu`` unchanged.

**Moves.** A security seeker ``i`` fears being attacked and beaten by the other: its danger is
``mu * p^_ji`` with ``p^_ji = f O^_j / (f O^_j + K_i)``. It strikes first when that danger
exceeds its chance of losing a war it starts, ``1 - p_ij`` (with ``K^_j`` in ``p_ij``): when
``f <= 1`` this never happens. Otherwise it builds when its danger exceeds ``FEAR`` (5%), and
restrains if not. Where the offence has no advantage (``x <= 0``) it builds defensive units.
Where the offence has it, offensive units protect it better, but defensive ones show its aims
to an observer that can read them: it builds offensive units with chance ``q = 1 - delta``, and
for sure once ``mu > 1/2`` (it expects a war it may have to start). An expansionist attacks as
soon as it is more likely than not to win (``p_ij >= 1/2``, with ``K^_j``) and builds offensive
units until then. Both states decide at once from what they knew before the round.

**Outcome.** A pair is at *war* from the first attack (by either side). A pair not at war ends
in an *arms race* when both built in each of the last 5 rounds, and at *peace* otherwise. The
run repeats this for ``pairs`` independent pairs from one seeded random stream.
"""

from __future__ import annotations

import random
from typing import Any

from .. import charts
from ..outcomes import Number, Outcomes
from ..result import Result, Table
from ..spec import Spec, integer, number

TITLE = "Offense, defense and the four worlds"
WINDOW = 5  # an arms race: both states built in each of the last WINDOW rounds
FEAR = 0.05  # a security seeker builds when its danger exceeds this
START_O, START_D = 1, 2  # each state's forces in round 0
RESTRAIN, DEFENSIVE, OFFENSIVE, UNKNOWN = "R", "D", "O", "A"
SEEKER, EXPANSIONIST = "seeker", "expansionist"
WAR, RACE, PEACE = "war", "arms race", "peace"
ENDINGS = (WAR, RACE, PEACE)  # how a pair of states ends
PAIRS = ("two security seekers", "a seeker and an expansionist", "two expansionists")

SPEC = Spec((
    number("offense", 0.5, -1, 1, "Advantage of the offence",
           "-1: the defence dominates (an attacking unit is worth a quarter of a defending "
           "one); 0: neither; 1: the offence dominates (an attacking unit is worth four).", 0.05),
    number("distinguishability", 0, 0, 1, "Distinguishability",
           "The chance that a build-up, seen, shows whether it is offensive or defensive.", 0.05),
    number("misperception", 0.1, 0, 0.5, "Misperception",
           "The chance that a state misreads whether the other built up or held back.", 0.01),
    number("aggressors", 0.2, 0, 1, "Chance a state is expansionist",
           "Each state's chance of being an expansionist; the rest are security seekers.", 0.05),
    integer("rounds", 30, WINDOW, 100, "Rounds", "How many rounds each pair plays."),
    # 2,000 pairs of 100 rounds take about a second in CPython.
    integer("pairs", 400, 10, 2000, "Pairs of states", "How many pairs are played."),
))


def multiplier(offense: float) -> float:
    """What one attacking unit is worth against defending ones: 4 ** offense."""
    return 4.0 ** offense


def win_chance(f: float, attack: float, defence: float) -> float:
    """The chance that ``attack`` offensive units, each worth ``f``, beat ``defence`` units."""
    strength = f * attack
    return strength / (strength + defence)


def offense_share(p: dict[str, Any]) -> float:
    """q: a seeker's chance, not yet alarmed, of building offensive units, 1 - delta if the
    offence has the advantage and 0 otherwise (the less its arms can be read, the less their
    kind shows its aims)."""
    return 1 - p["distinguishability"] if p["offense"] > 0 else 0.0


def sightings(p: dict[str, Any], moves: dict[str, float]) -> dict[str, float]:
    """The chance of each sighting (R, A, D, O) given a type's chances of each move."""
    eps, delta = p["misperception"], p["distinguishability"]
    r, d, o = moves[RESTRAIN], moves[DEFENSIVE], moves[OFFENSIVE]
    return {RESTRAIN: r * (1 - eps) + (d + o) * eps,
            UNKNOWN: r * eps + (d + o) * (1 - eps) * (1 - delta),
            DEFENSIVE: d * (1 - eps) * delta,
            OFFENSIVE: o * (1 - eps) * delta}


def update(p: dict[str, Any], belief: float, seen: str, seeker_build: float) -> float:
    """Bayes' rule for the belief that the other is expansionist, after one sighting."""
    q = offense_share(p)
    seeker = {RESTRAIN: 1 - seeker_build, DEFENSIVE: seeker_build * (1 - q),
              OFFENSIVE: seeker_build * q}
    l_exp = sightings(p, {RESTRAIN: 0.0, DEFENSIVE: 0.0, OFFENSIVE: 1.0})[seen]
    l_seek = sightings(p, seeker)[seen]
    evidence = belief * l_exp + (1 - belief) * l_seek
    return belief if evidence == 0 else belief * l_exp / evidence


def see(p: dict[str, Any], move: str, rng: random.Random) -> str:
    """What the other state sees of ``move``: two draws, a misreading and a kind shown."""
    misread = rng.random() < p["misperception"]
    shown = rng.random() < p["distinguishability"]
    if (move == RESTRAIN) != misread:
        return RESTRAIN
    return move if shown and not misread else UNKNOWN


class State:
    """One state of a pair: its type, its forces, and what it has seen of the other."""

    def __init__(self, kind: str, prior: float) -> None:
        self.kind = kind
        self.belief = prior
        self.offence, self.total = START_O, START_O + START_D
        self.seen_offence, self.seen_total = START_O, START_O + START_D
        self.built = False

    def danger(self, f: float) -> float:
        """Its belief times the chance the other, if expansionist, would beat it."""
        return self.belief * win_chance(f, self.seen_offence, self.total)

    def choose(self, p: dict[str, Any], f: float, rng: random.Random) -> str:
        """Attack ("war"), or this round's build-up or restraint (one draw, for its kind)."""
        win = win_chance(f, self.offence, self.seen_total)
        if self.kind == EXPANSIONIST:
            return WAR if win >= 0.5 else OFFENSIVE
        danger = self.danger(f)
        if danger > 1 - win:
            return WAR
        if danger <= FEAR:
            return RESTRAIN
        offensive = rng.random() < offense_share(p)
        alarmed = p["offense"] > 0 and self.belief > 0.5
        return OFFENSIVE if offensive or alarmed else DEFENSIVE

    def carry_out(self, move: str) -> None:
        self.built = move != RESTRAIN
        if move == OFFENSIVE:
            self.offence += 1
        if self.built:
            self.total += 1

    def observe(self, p: dict[str, Any], seen: str, seeker_build: float) -> None:
        self.belief = update(p, self.belief, seen, seeker_build)
        if seen != RESTRAIN:
            self.seen_total += 1
        if seen in (OFFENSIVE, UNKNOWN):
            self.seen_offence += 1


def play_pair(p: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One pair through the rounds: its types, outcome, war round and who struck first."""
    f = multiplier(p["offense"])
    prior = p["aggressors"]
    states = [State(EXPANSIONIST if rng.random() < prior else SEEKER, prior) for _ in range(2)]
    start = State(SEEKER, prior)  # what each side knows of a seeker at round 1
    first_build = 1.0 if start.danger(f) > FEAR else 0.0
    both_built: list[bool] = []
    for t in range(p["rounds"]):
        moves = [s.choose(p, f, rng) for s in states]
        if WAR in moves:
            first = [s.kind for s, m in zip(states, moves, strict=True) if m == WAR]
            return {"kinds": [s.kind for s in states], "outcome": WAR, "war_round": t + 1,
                    "struck_first": first, "both_built": both_built}
        # A seeker builds because it saw the observer build: the observer's move of last round.
        builds = [first_build if t == 0 else
                  1 - p["misperception"] if s.built else p["misperception"] for s in states]
        for s, m in zip(states, moves, strict=True):
            s.carry_out(m)
        for me, other in ((0, 1), (1, 0)):
            states[me].observe(p, see(p, moves[other], rng), builds[me])
        both_built.append(all(s.built for s in states))
    race = len(both_built) >= WINDOW and all(both_built[-WINDOW:])
    return {"kinds": [s.kind for s in states], "outcome": RACE if race else PEACE,
            "war_round": None, "struck_first": [], "both_built": both_built}


def world(p: dict[str, Any]) -> int:
    """Jervis's world for these settings: 1 to 4, or 0 when neither side has the advantage."""
    if p["offense"] == 0:
        return 0
    told_apart = p["distinguishability"] >= 0.5
    return (3 if told_apart else 1) if p["offense"] > 0 else (4 if told_apart else 2)


WORLDS = {
    0: "Neither offence nor defence has the advantage: between Jervis's worlds.",
    1: "Jervis's world 1, doubly dangerous: the offence has the advantage and postures cannot "
       "be told apart.",
    2: "Jervis's world 2: the defence has the advantage, but postures cannot be told apart.",
    3: "Jervis's world 3: the offence has the advantage, but postures can be told apart.",
    4: "Jervis's world 4, doubly stable: the defence has the advantage and postures can be "
       "told apart.",
}


def tally(games: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Counts of each outcome (and of seekers' first strikes) by kind of pair, and overall."""
    counts = {name: {o: 0 for o in (*ENDINGS, "pairs", "first strikes")}
              for name in (*PAIRS, "all pairs")}
    for g in games:
        for name in (PAIRS[g["kinds"].count(EXPANSIONIST)], "all pairs"):
            counts[name][g["outcome"]] += 1
            counts[name]["pairs"] += 1
            counts[name]["first strikes"] += SEEKER in g["struck_first"]
    return counts


def share(counts: dict[str, int], outcome: str) -> float:
    return counts[outcome] / counts["pairs"] if counts["pairs"] else 0.0


def _percent(x: float) -> str:
    text = f"{x:.0%}"
    return "none" if x == 0 else "under 1%" if text == "0%" else text


def _shares(counts: dict[str, int], words: dict[str, str]) -> str:
    """"38% ended at war and 62% at peace": the outcomes that happened, in ``words``."""
    happened = [(o, w) for o, w in words.items() if counts[o]]
    parts = [f"{_percent(share(counts, o))} {'ended ' if i == 0 else ''}{w}"
             for i, (o, w) in enumerate(happened)]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _summary(p: dict[str, Any], counts: dict[str, dict[str, int]]) -> str:
    total, seekers = counts["all pairs"], counts[PAIRS[0]]
    words = {WAR: "at war", RACE: "in an arms race", PEACE: "at peace"}
    head = f"{WORLDS[world(p)]} Of {total['pairs']} pairs, {_shares(total, words)}."
    mixed = {o: counts[PAIRS[1]][o] + counts[PAIRS[2]][o] for o in (*ENDINGS, "pairs")}
    greed = (f" With an expansionist involved, {_shares(mixed, words)}." if mixed["pairs"]
             else "")
    if not seekers["pairs"]:
        tail = " No pair was two security seekers."
    elif seekers[WAR]:
        tail = (f" Between two security seekers, {_percent(share(seekers, WAR))} went to war, "
                "each time by a first strike for fear of being struck.")
    elif seekers[RACE]:
        tail = (f" No two security seekers fought, but {_percent(share(seekers, RACE))} were "
                "still racing at the end.")
    else:
        tail = " Every pair of security seekers stayed at peace."
    return head + tail + greed


def _over_rounds(p: dict[str, Any], games: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per round: the share of pairs at war by then, both building, and neither or one."""
    n, rows = len(games), []
    for t in range(1, p["rounds"] + 1):
        war = sum(1 for g in games if g["war_round"] is not None and g["war_round"] <= t)
        racing = sum(1 for g in games if len(g["both_built"]) >= t and g["both_built"][t - 1])
        rows.append({"round": t, WAR: war / n, "both arming": racing / n,
                     "calmer": (n - war - racing) / n})
    return rows


COLOURS = {WAR: "#c0392b", RACE: "#e67e22", PEACE: "#2e86c1",
           "both arming": "#e67e22", "calmer": "#2e86c1"}


# Short names of the kinds of pair for the chart's axis (the table keeps the long ones).
SHORT = dict(zip((*PAIRS, "all pairs"),
                 ("two seekers", "one expansionist", "two expansionists", "all pairs"),
                 strict=True))


def _stacked(spec: dict[str, Any], field: str, order: tuple[str, ...]) -> dict[str, Any]:
    """Colour ``spec``'s stack by ``field`` in ``order``, the first nearest the axis."""
    spec["encoding"]["color"]["scale"] = {"domain": list(order),
                                          "range": [COLOURS[o] for o in order]}
    spec["encoding"]["order"] = {"field": "rank", "type": "quantitative"}
    for row in spec["data"]["values"]:
        row["rank"] = order.index(row[field])
    return spec


def _charts(p: dict[str, Any], counts: dict[str, dict[str, int]],
            rounds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [{"pairs": SHORT[name], "outcome": o, "share": share(counts[name], o)}
            for name in (*PAIRS, "all pairs") if counts[name]["pairs"] for o in ENDINGS]
    outcomes = charts.bars(
        rows, "pairs", "share", color="outcome", sort_descending=False,
        title="How the pairs ended",
        description="For each kind of pair (two security seekers, one expansionist and one "
                    "seeker, two expansionists) and for all pairs, the share that ended at war, "
                    "in an arms race and at peace.",
        category_title="Pairs", value_title="Share of pairs")
    outcomes["width"] = 440
    outcomes["encoding"]["y"]["sort"] = list(SHORT.values())
    series = (WAR, "both arming", "calmer")
    timeline = charts.stacked_area(
        [{"round": r["round"], "state": s, "share": r[s]} for r in rounds for s in series],
        "round", "share", "state", order=list(series), title="Round by round",
        description="The share of pairs at war by each round, of pairs in which both states "
                    "built up that round, and of the rest.",
        x_title="Round", y_title="Share of pairs")
    timeline["encoding"]["x"]["scale"] = {"domain": [1, p["rounds"]]}
    return [_stacked(outcomes, "outcome", ENDINGS), _stacked(timeline, "state", series)]


def run(params: dict[str, Any], seed: int) -> Result:
    """Play ``pairs`` pairs from one seeded random stream (types, kinds built, sightings)."""
    rng = random.Random(seed)
    games = [play_pair(params, rng) for _ in range(params["pairs"])]
    counts = tally(games)
    rounds = _over_rounds(params, games)
    columns = ["pairs", "played", WAR, RACE, PEACE, "wars a seeker began"]
    table = Table("outcomes", "How the pairs ended, by kind of pair", columns,
                  [[name, c["pairs"], c[WAR], c[RACE], c[PEACE], c["first strikes"]]
                   for name, c in counts.items()], open=True)
    by_round = Table("rounds", "Shares of pairs by round", ["round", WAR, "both arming", "calmer"],
                     [[r["round"], r[WAR], r["both arming"], r["calmer"]] for r in rounds])
    return Result(
        "offense_defense", params, seed, _summary(params, counts),
        data={"world": world(params), "counts": counts,
              "shares": {name: {o: share(c, o) for o in ENDINGS} for name, c in counts.items()}},
        tables=[table, by_round], charts=_charts(params, counts, rounds))


def _most_pairs(result: Result) -> str:
    """How most pairs of one world ended (the first of the endings, in their order, on a tie)."""
    shares = result.data["shares"]["all pairs"]
    return max(ENDINGS, key=lambda ending: shares[ending])


# Over many worlds (sims.ensemble): each world is a run of many pairs, told by how most of its
# pairs ended, with the shares of its pairs at war and in an arms race as its numbers.
OUTCOMES = Outcomes(
    kinds=lambda p: [(WAR, "Most pairs at war"), (RACE, "Most pairs in an arms race"),
                     (PEACE, "Most pairs at peace")],
    classify=_most_pairs,
    numbers=lambda p: [Number(WAR, "Pairs at war", "share of the pairs", percent=True),
                       Number(RACE, "Pairs in an arms race", "share of the pairs", percent=True)],
    measure=lambda r: {WAR: r.data["shares"]["all pairs"][WAR],
                       RACE: r.data["shares"]["all pairs"][RACE]},
)
