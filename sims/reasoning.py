"""How a strategy reasoned in a game the reader played (:mod:`sims.play`), in words.

Each explanation reads the strategy's rule (:mod:`sims.models.strategies`) off the game: the
reader's moves as they were played (what the strategy saw, misread moves included) and the
strategy's own moves as it chose them, before any noise. Rounds are counted from 1.

A reader's own strategy (:mod:`sims.custom_strategy`) is code this module cannot read: its
explanation tells only what it did, round by round after each of the reader's restraints and
armings, and claims no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import custom_strategy
from .models import strategies as st

if TYPE_CHECKING:
    from .play import Game

C, D = st.C, st.D
NOUN = {C: "restraint", D: "arming"}
VERB = {C: "restrained", D: "armed"}


def rounds(ks: list[int]) -> str:
    """``[2, 3, 4, 7]`` -> ``"rounds 2 to 4 and 7"``; ``[5]`` -> ``"round 5"``."""
    runs: list[list[int]] = []
    for k in ks:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts = [item for r in runs
             for item in ([f"{r[0]} to {r[-1]}"] if len(r) > 2 else [str(k) for k in r])]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return ("round " if len(ks) == 1 else "rounds ") + text


def possessive(name: str) -> str:
    """``"tit for two tats"`` -> ``"tit for two tats'"``; ``"random"`` -> ``"random's"``."""
    return name + ("'" if name.endswith("s") else "'s")


def _armed(game: Game, start: int = 1) -> list[int]:
    """The rounds (from ``start``) in which the strategy chose to arm."""
    return [k for k in range(start, len(game.replies) + 1) if game.replies[k - 1] == D]


def _unprovoked(game: Game, pattern: str = D) -> str:
    """Why a rule that answers ``pattern`` in the reader's moves never had to."""
    if pattern in game.you:
        return "you did that only at the very end, too late for it to answer"
    return "you never armed" if pattern == D else "you never armed twice running"


def _copier(game: Game, name: str, opening: str) -> str:
    text = f"{name} {opening} in round 1, then copied your previous move"
    if len(game.you) == 1:
        return f"{name} {opening} in round 1; the game ended before it could copy you."
    armed = _armed(game, 2)
    if armed:
        each = "each time " if len(armed) > 1 else ""
        return f"{text}: it armed in {rounds(armed)}, {each}after you had armed the round before."
    return f"{text}, and it never had to arm after round 1: {_unprovoked(game)}."


def _tit_for_tat(game: Game, name: str) -> str:
    return _copier(game, name, "restrained")


def _suspicious(game: Game, name: str) -> str:
    return _copier(game, name, "armed")


def _grim(game: Game, name: str) -> str:
    first = game.you.find(D) + 1
    if first in (0, len(game.you)):
        return f"{name} restrained every round: {_unprovoked(game)}."
    return (f"{name} restrained until you armed in round {first}; from then on it armed every "
            f"round, whatever you did.")


def _generous(game: Game, name: str) -> str:
    chance = st.generosity(*game.pay)
    text = (f"{name} restrained in round 1 and after each of your restraints; an arming it "
            f"forgives by chance, {chance:.0%} of the time")
    answered = [k for k in range(2, len(game.you) + 1) if game.you[k - 2] == D]
    if not answered:
        return f"{text}. It had nothing to forgive: {_unprovoked(game)}."
    forgave = [k for k in answered if game.replies[k - 1] == C]
    struck = [k for k in answered if game.replies[k - 1] == D]
    parts = [f"forgave in {rounds(forgave)}" if forgave else "forgave none of them",
             f"struck back in {rounds(struck)}" if struck else "never struck back"]
    return f"{text}. After your armings it {parts[0]} and {parts[1]}."


def _armed_when_provoked(game: Game, text: str, provocation: str = D) -> str:
    """``text`` (the rule), then the rounds it armed in, or why it never had to."""
    armed = _armed(game)
    if armed:
        return f"{text}: it armed in {rounds(armed)}."
    return f"{text}, so it restrained every round: {_unprovoked(game, provocation)}."


def _two_tats(game: Game, name: str) -> str:
    return _armed_when_provoked(
        game, f"{name} armed only after you had armed in both of the two rounds before", D + D)


def _two_tits(game: Game, name: str) -> str:
    return _armed_when_provoked(
        game, f"{name} answered each of your armings by arming in the next two rounds")


def _pavlov(game: Game, name: str) -> str:
    text = (f"{name} restrained in round 1; after that it kept a move that had paid (both of you "
            f"restrained, or it armed while you restrained) and switched after one that had not")
    switched = [k for k in range(2, len(game.you) + 1)
                if game.replies[k - 1] != game.them[k - 2]]
    if not switched:
        return f"{text}. It never switched."
    armed = _armed(game)
    tail = f", and armed in {rounds(armed)}" if armed else ""
    return f"{text}. It switched in {rounds(switched)}{tail}."


def _alternator(game: Game, name: str) -> str:
    armed = _armed(game)
    tail = f": it armed in {rounds(armed)}" if armed else ""
    return (f"{name} did the opposite of its own previous move every round, whatever you "
            f"did{tail}.")


def _random(game: Game, name: str) -> str:
    armed = len(_armed(game))
    restrained = len(game.replies) - armed
    return (f"{name} tossed a coin every round, whatever you did: it restrained "
            f"{_times(restrained)} and armed {_times(armed)}.")


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _detective(game: Game, name: str) -> str:
    test = len(st.DETECTIVE_OPENING)
    text = f"{name} opened with restrain, arm, restrain, restrain, to test you"
    if len(game.you) <= test:
        return f"{text}; the game ended before it could act on what it learned."
    caught = [k for k in range(1, test + 1) if game.you[k - 1] == D]
    if not caught:
        return (f"{text}. You never armed during its test, so from round {test + 1} on it "
                f"armed every round to exploit you.")
    armed = _armed(game, test + 1)
    tail = f": it armed in {rounds(armed)}" if armed else ", and it never had to arm"
    return (f"{text}. You armed in {rounds(caught)}, so from round {test + 1} on it played "
            f"tit for tat, copying your previous move{tail}.")


def _yours(game: Game, name: str) -> str:
    text = (f"{name} is your own code, so this tells only what it did, not why: it "
            f"{VERB[game.replies[0]]} in round 1")
    if len(game.replies) == 1:
        return f"{text}; the game ended before it could answer you."
    answers = []
    for move in (C, D):
        after = [k for k in range(2, len(game.replies) + 1) if game.you[k - 2] == move]
        did = [f"{VERB[m]} in {rounds(ks)}" for m in (C, D)
               if (ks := [k for k in after if game.replies[k - 1] == m])]
        if did:
            answers.append(f"after a round in which you {VERB[move]}, it {' and '.join(did)}")
    seen = (" It answered your moves as it saw them, misread ones included."
            if game.chosen[:-1] != game.you[:-1] else "")
    return f"{text}; {'; '.join(answers)}.{seen}"


def _always(word: str) -> Callable[[Game, str], str]:
    return lambda game, name: f"{name} {word} every round, whatever you did."


EXPLAIN: dict[str, Callable[[Game, str], str]] = {
    "always_cooperate": _always("restrained"),
    "always_defect": _always("armed"),
    "tit_for_tat": _tit_for_tat,
    "suspicious_tit_for_tat": _suspicious,
    "generous_tit_for_tat": _generous,
    "tit_for_two_tats": _two_tats,
    "two_tits_for_tat": _two_tits,
    "grim_trigger": _grim,
    "win_stay_lose_shift": _pavlov,
    "alternator": _alternator,
    "random": _random,
    "detective": _detective,
    custom_strategy.ID: _yours,
}


def explain(game: Game, name: str) -> str:
    """How the strategy reasoned over the whole game, then which moves were misread."""
    own = EXPLAIN[game.params["strategy"]](game, name[:1].upper() + name[1:])
    misread = flips(game, name)
    return f"{own} {misread}" if misread else own


def flips(game: Game, name: str) -> str:
    """Which moves noise flipped, or "" in a game without noise."""
    if not game.params["noise"]:
        return ""
    found = sorted(
        (k, who, f"{owner} {NOUN[c]} in round {k} was misread as {NOUN[p]}")
        for who, (owner, chose, played) in enumerate((("your", game.chosen, game.you),
                                                      (possessive(name), game.replies,
                                                       game.them)))
        for k, (c, p) in enumerate(zip(chose, played, strict=True), 1) if c != p)
    if not found:
        return "No move was misread in this game."
    return ("Mistakes, seen by both of you and paid as played: "
            + "; ".join(text for _, _, text in found) + ".")
