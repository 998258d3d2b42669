"""Play the repeated security game yourself: one match, move by move, against a strategy.

The reader is the first player of one match of the iterated model
(:func:`sims.models.iterated.play`), the strategy they chose the second; each round both choose
at once to restrain (C) or to arm (D), and the payoffs are the iterated model's defaults
(R = ``cc``, S = ``cd``, T = ``dc``, P = ``dd``). The reader's moves arrive as letters, ``R``
(restrain) and ``A`` (arm), oldest first.

**Stateless.** Every request carries the whole game so far (the reader's moves, the strategy,
the noise and the seed) and the match is played again from its first round. A strategy's move
in round k depends only on the rounds before it and on the run's random draws, which come in
the same order every time, so the replies already shown never change and a game is a link:
the same request gives the same game, on every Python.

**Randomness** is ``random.Random(seed)``, drawn exactly as the iterated model draws in a match
whose first player's rule draws nothing (the reader's moves are given): in each round the
strategy's own draw if it makes one (``random``; generous tit for tat when it answers an
arming), then, with noise, one draw for the reader's move and one for the strategy's. A move
flipped by noise is misread: both players see, and are paid for, the opposite move, as in
the tournament (Axelrod and Keohane 1985 on misperception; Case 2017's "mistakes").

**Your own strategy.** With ``strategy`` set to ``"yours"`` (:data:`sims.custom_strategy.ID`)
the opponent is a strategy the reader wrote in the page's editor block: the request carries its
``source``, which :func:`sims.custom_strategy.load` checks as the editor block does, with the
same messages, and which then plays as a built-in does (its ``rand()`` draws where a built-in's
would). The build never plays it: an example game is against a built-in.

**A secret end.** With ``secret_end`` the game does not say how long it lasts, and its length
is drawn (:func:`length`), so that a reader cannot count down to the last round, where arming
costs nothing in the future (Axelrod 1984, ch. 1, on a known last move).

Sources: Axelrod (1984), *The Evolution of Cooperation*; Case (2017), *The Evolution of
Trust* (https://ncase.me/trust/), whose opening game this follows.
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass
from typing import Any

from . import custom_strategy
from .models import iterated
from .models import strategies as st
from .reasoning import NOUN, VERB, explain, flips, possessive
from .registry import check_seed
from .spec import ParamError, Spec, boolean, choice, integer, number
from .view import number_text, param_text, used_line

MAX_ROUNDS = 50
LETTERS = {"R": st.C, "A": st.D}  # the reader's words: Restrain, Arm
LETTER = {move: letter for letter, move in LETTERS.items()}
SPEC = Spec((
    choice("strategy", "tit_for_tat", (*st.IDS, custom_strategy.ID), "Your opponent",
           "The strategy you play against; it sees your moves as they were played.",
           labels=(*st.LABELS, custom_strategy.LABEL)),
    integer("rounds", 10, 1, MAX_ROUNDS, "Rounds",
            "How many rounds the game lasts (with a secret end, at most)."),
    number("noise", 0, 0, 0.5, "Mistakes",
           "The chance that a move is misread as its opposite (both sides then count it as "
           "played).", 0.01),
    boolean("secret_end", False, "Keep the last round secret",
            "The game ends without warning, after a number of rounds drawn at random between "
            "half the rounds set and all of them, so you cannot plan for the end."),
))


def payoffs() -> tuple[float, float, float, float]:
    """(cc, cd, dc, dd): the iterated model's default payoffs."""
    defaults = iterated.SPEC.defaults()
    return defaults["cc"], defaults["cd"], defaults["dc"], defaults["dd"]


def length(params: dict[str, Any], seed: int) -> int:
    """How many rounds the game lasts: the rounds set, or with a secret end a number drawn
    from half of them (rounded up) to all of them. Drawn from a generator of its own, seeded
    from the seed, so that the match's draws are the iterated model's whether the end is
    secret or not."""
    n = params["rounds"]
    if not params["secret_end"]:
        return n
    return _random.Random(f"secret end {seed}").randint((n + 1) // 2, n)


def check_moves(moves: Any, rounds: int) -> str:
    """The reader's moves as C and D; raises `ParamError` unless they are R/A letters, at most
    ``rounds`` of them."""
    if not isinstance(moves, str) or set(moves) - set(LETTERS):
        raise ParamError("moves", "expected the letters R (restrain) and A (arm), one a round")
    if len(moves) > rounds:
        raise ParamError("moves", f"{len(moves)} moves, more than the game's {rounds} rounds")
    return "".join(LETTERS[m] for m in moves)


@dataclass(frozen=True)
class Game:
    """A game so far: what each side chose and what was played (after noise), oldest first."""

    params: dict[str, Any]
    seed: int
    name: str  # the opponent's label, as a table's column names it
    chosen: str  # the reader's moves as chosen
    replies: str  # the strategy's moves as it chose them
    you: str  # the reader's moves as played (seen by both, paid)
    them: str  # the strategy's moves as played
    pay: tuple[float, float, float, float]  # cc, cd, dc, dd

    @property
    def rounds(self) -> int:
        return length(self.params, self.seed)

    @property
    def done(self) -> bool:
        return len(self.you) == self.rounds


def opponent(values: dict[str, Any], source: Any) -> st.Entrant | None:
    """The reader's own strategy from its ``source`` when it is the opponent, checked by
    :func:`sims.custom_strategy.load` (raises its `StrategyError`); None for a built-in."""
    if values["strategy"] != custom_strategy.ID:
        return None
    if source is None:
        raise ParamError("strategy", "your strategy's code is missing: a game against it "
                                     "carries the code as its source")
    return custom_strategy.load(source)


def play(params: dict[str, Any], moves: str, seed: int,
         entrant: st.Entrant | None = None) -> Game:
    """The game after the reader's ``moves`` (C/D), against ``params["strategy"]``: a built-in,
    or the reader's own strategy ``entrant`` (:func:`opponent`)."""
    rng = _random.Random(seed)
    pay = payoffs()
    with st.joined(*(() if entrant is None else (entrant,))):
        rule = st.bind(params["strategy"], rng.random, st.generosity(*pay))
        name = st.label(params["strategy"])
    replies: list[str] = []

    def strategy(mine: str, theirs: str) -> str:
        move = rule(mine, theirs)
        replies.append(move)
        return move

    def reader(mine: str, theirs: str) -> str:
        return moves[len(mine)]

    you, them = iterated.play(reader, strategy, len(moves), params["noise"], rng.random)
    return Game(params, seed, name, moves, "".join(replies), you, them, pay)


WORD = {st.C: "Restrain", st.D: "Arm"}


def _move_text(chosen: str, played: str) -> str:
    if chosen == played:
        return WORD[played]
    return f"{WORD[played]} (misread)"


def _round_sentence(game: Game, k: int, name: str) -> str:
    """What happened in round ``k`` (from 1), in words."""
    i = k - 1
    you = (f"your {NOUN[game.chosen[i]]} was misread as {NOUN[game.you[i]]}"
           if game.chosen[i] != game.you[i] else f"you {VERB[game.you[i]]}")
    them = (f"{possessive(name)} {NOUN[game.replies[i]]} was misread as {NOUN[game.them[i]]}"
            if game.replies[i] != game.them[i] else f"{name} {VERB[game.them[i]]}")
    a, b = iterated.scores(game.you[i], game.them[i], game.pay)
    return f"Round {k}: {you}; {them}. You get {number_text(a)}, it gets {number_text(b)}."


def rules_text() -> str:
    """The game's payoffs, in the reader's words."""
    r, s, t, p = (number_text(x) for x in payoffs())
    return (f"Each round you and your opponent choose at once: restrain or arm. Both restrain: "
            f"{r} points each. Both arm: {p} each. One arms while the other restrains: {t} for "
            f"the one who arms, {s} for the one who restrained.")


def used(game: Game, moves: str) -> list[dict[str, Any]]:
    """The line of what the game was played with (`sims.view.used_line`)."""
    return used_line("Game settings: ",
                     [(q.label, param_text(q, game.params[q.name])) for q in SPEC.params],
                     [("your moves", moves or "none"), ("seed", str(game.seed))])


def view(game: Game) -> dict[str, Any]:
    """Every string a reader reads of ``game`` (the page only places them)."""
    p = game.params
    name = game.name.lower()
    n, played = game.rounds, len(game.you)
    mine, theirs = iterated.scores(game.you, game.them, game.pay)
    score = f"Score: you {number_text(mine)}, {name} {number_text(theirs)}."
    rows = []
    for i in range(played):
        a, b = iterated.scores(game.you[i], game.them[i], game.pay)
        rows.append({"round": str(i + 1), "you": _move_text(game.chosen[i], game.you[i]),
                     "them": _move_text(game.replies[i], game.them[i]),
                     "you_move": game.you[i], "them_move": game.them[i],
                     "you_points": number_text(a), "them_points": number_text(b),
                     "sentence": _round_sentence(game, i + 1, name)})
    of = "" if p["secret_end"] else f" of {n}"
    prompt = (f"The game is over after {n} round{'' if n == 1 else 's'}." if game.done
              else f"Round {played + 1}{of}: restrain or arm?")
    last = _round_sentence(game, played, name) if played else ""
    explanation = ""
    if game.done:
        both = number_text(n * game.pay[0])
        explanation = (f"{explain(game, name)} Had you both restrained in every round, each "
                       f"of you would have scored {both}.")
    announce = " ".join(filter(None, (last, score if played else "",
                                      "The game is over." if game.done else "", explanation)))
    moves = "".join(LETTER[m] for m in game.chosen)
    return {
        "rules": rules_text(),
        "prompt": prompt,
        "score": score,
        "columns": ["Round", "You", game.name, "You get", "It gets"],
        "rounds": rows,
        "last": last,
        "announce": announce,
        "done": game.done,
        "explanation": explanation,
        "noise": flips(game, name),
        "used": used(game, moves),
        "moves": moves,
    }


def validate(params: Any, seed: Any, source: Any = None
             ) -> tuple[dict[str, Any], str, int, st.Entrant | None]:
    """A request's settings, the reader's moves (C/D), its seed and the reader's own strategy
    if it is the opponent (:func:`opponent`); raises `ParamError`."""
    if not isinstance(params, dict):
        raise ParamError(None, "a play request is an object with params and seed")
    params = dict(params)
    moves = params.pop("moves", "")
    values = SPEC.validate(params)
    seed = check_seed(seed)
    moves = check_moves(moves, length(values, seed))
    return values, moves, seed, opponent(values, source)


def reply(params: Any, seed: Any, source: Any = None) -> dict[str, Any]:
    """``{ok, values, view}`` for a play request (see :mod:`sims.web`); ``source`` is the
    reader's own strategy's code, for a game against it."""
    values, moves, seed, entrant = validate(params, seed, source)
    shown = view(play(values, moves, seed, entrant))
    return {"ok": True, "values": {**values, "moves": shown["moves"], "seed": seed},
            "view": shown}
