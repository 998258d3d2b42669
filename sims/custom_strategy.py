"""A reader's own strategy, given as Python source, checked and entered beside the built-ins.

The source defines a function ``strategy(mine, theirs)`` or ``strategy(mine, theirs, rand)``,
like the rules of :mod:`sims.models.strategies`: ``mine`` and ``theirs`` are the moves so far,
oldest first, as strings of ``"C"`` and ``"D"``; ``rand()`` draws from the run's seeded random
number generator (a float from 0 up to 1), so that a seed gives the same game every time. It
returns ``"C"`` (cooperate, restrain) or ``"D"`` (defect, arm). The same source is accepted by
the page's editor block (run in the reader's browser, in Pyodide) and by the command line
(``sims run iterated --strategy-file my_strategy.py``), with the same checks and messages:

- a syntax error is told with its line and column (``line 3, column 9: invalid syntax``);
- an exception is told with the strategy's own line where it was raised and the move it was
  choosing (``line 5: ZeroDivisionError: division by zero (on move 2)``);
- a wrong return value says what was expected (``expected 'C' or 'D', got 'X' (on move 1)``);
- running out of memory is caught as any exception is;
- only the modules of :data:`ALLOWED_IMPORTS` may be imported: ``random`` is refused, since its
  draws are not the run's and would make a seed give different games.

Before any run the function plays :data:`TRIAL_TURNS` moves against three scripted opponents
(:func:`traits`); that both finds most mistakes at once and measures the three traits the
models' summaries talk about (nice, reciprocates, recovers), by the same behaviour that the
built-ins' traits are tested by. A strategy that never returns is not stopped here: in the
browser the block's time budget ends it (the page terminates its worker); on the command line
Ctrl-C does.
"""

from __future__ import annotations

import builtins
import inspect
import random as _random
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from . import registry
from .models import evolution, iterated
from .models import strategies as st
from .spec import ParamError, Spec, integer, number
from .view import view

ID = "yours"
LABEL = "Your strategy"
FILE_NAME = "my_strategy.py"
FUNCTION = "strategy"
# What a strategy may import: computation on two strings of moves, all deterministic, all
# shipped to the browser anyway (the models or Pyodide import them; simsite/stdlib.py ships
# these too), so the command line and the browser accept the same code. Not random (its draws
# are not the run's), nor anything that reads files, the clock or the network.
ALLOWED_IMPORTS = ("math", "itertools", "functools", "collections", "statistics", "operator",
                   "re", "string", "bisect", "heapq", "fractions", "dataclasses", "enum",
                   "typing")
TRIAL_TURNS = 30
MAX_SOURCE = 20_000  # characters: a strategy is a short function, and it travels in a link
DEFAULT_PLAYERS = 5

TEMPLATE = '''def strategy(mine, theirs, rand):
    """Tit for tat that sometimes forgives.

    mine, theirs: the moves so far, oldest first, "C" (cooperate)
    or "D" (defect) each: theirs[-1] is their last move.
    rand(): a seeded random number from 0 up to 1.
    Return "C" or "D".
    """
    if not theirs:
        return "C"  # open with cooperation
    if theirs[-1] == "D" and rand() < 0.1:
        return "C"  # forgive one defection in ten
    return theirs[-1]  # otherwise copy their last move
'''

SPEC = Spec((
    integer("turns", 20, 1, 200, "Turns per match",
            "How many turns each match lasts, in the tournament and in the population."),
    number("noise", 0, 0, 0.5, "Mistakes",
           "The chance that a move comes out the opposite of what was intended.", 0.01),
    integer("repetitions", 5, 1, 50, "Repetitions",
            "How many times the whole tournament is played."),
    integer("players", DEFAULT_PLAYERS, 1, 50, "Your players",
            "How many players of your strategy the population starts with."),
    integer("generations", 30, 1, 100, "Generations",
            "How many generations the population evolves."),
))


class StrategyError(ParamError):
    """A strategy that cannot run, with the line (and column) of its source at fault."""

    def __init__(self, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        where = f"line {line}, column {column}: " if column else f"line {line}: " if line else ""
        super().__init__("strategy", where + message)
        self.line = line
        self.column = column


def _import(name: str, globals_: Any = None, locals_: Any = None, fromlist: Any = (),
            level: int = 0) -> Any:
    if level or name.partition(".")[0] not in ALLOWED_IMPORTS:
        hint = "; use rand() for a seeded random number" if name == "random" else ""
        raise ImportError(f"import {name} is not allowed: a strategy may import only "
                          f"{', '.join(ALLOWED_IMPORTS)}{hint}")
    return builtins.__import__(name, globals_, locals_, fromlist, level)


def _own_line(err: BaseException, file_name: str) -> int | None:
    """The last line of the strategy's own source in ``err``'s traceback."""
    lines = [f.lineno for f in traceback.extract_tb(err.__traceback__) if f.filename == file_name]
    return lines[-1] if lines else None


def _failed(err: BaseException, file_name: str, move: int | None) -> StrategyError:
    text = "ran out of memory" if isinstance(err, MemoryError) else str(err)
    on = f" (on move {move})" if move else ""
    return StrategyError(f"{type(err).__name__}: {text}{on}" if text else
                         f"{type(err).__name__}{on}", _own_line(err, file_name))


def compile_strategy(source: Any, file_name: str = FILE_NAME) -> tuple[Callable[..., str], bool]:
    """The source's ``strategy`` function and whether it takes ``rand``; raises
    :class:`StrategyError` for a source that does not define one that can be called."""
    if not isinstance(source, str) or not source.strip():
        raise StrategyError(f"no code: define a function {FUNCTION}(mine, theirs) or "
                            f"{FUNCTION}(mine, theirs, rand)")
    if len(source) > MAX_SOURCE:
        raise StrategyError(f"the code has {len(source):,} characters, above the limit of "
                            f"{MAX_SOURCE:,}")
    try:
        code = compile(source, file_name, "exec", dont_inherit=True)
    except SyntaxError as err:  # IndentationError too
        raise StrategyError(err.msg, err.lineno, err.offset) from None
    except ValueError as err:  # a NUL character
        raise StrategyError(str(err)) from None
    namespace: dict[str, Any] = {
        "__builtins__": {**builtins.__dict__, "__import__": _import},
        "__name__": "strategy"}
    try:
        exec(code, namespace)  # the reader's own code, run where the reader runs it
    except Exception as err:  # MemoryError included: an Exception too
        raise _failed(err, file_name, None) from None
    function = namespace.get(FUNCTION)
    if not inspect.isfunction(function):
        raise StrategyError(f"define a function {FUNCTION}(mine, theirs) or "
                            f"{FUNCTION}(mine, theirs, rand)")
    positional = [p for p in inspect.signature(function).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(positional) not in (2, 3):
        raise StrategyError(f"{FUNCTION}() takes (mine, theirs) or (mine, theirs, rand); it "
                            f"takes {len(positional)} argument"
                            f"{'' if len(positional) == 1 else 's'}",
                            function.__code__.co_firstlineno)
    return function, len(positional) == 3


def checked(function: Callable[..., str], takes_rand: bool,
            file_name: str = FILE_NAME) -> Callable[..., str]:
    """``function`` as a rule of :mod:`sims.models.strategies` (``rule(mine, theirs, rand)``)
    whose every move is checked: an exception or a wrong value is a :class:`StrategyError`."""

    def rule(mine: str, theirs: str, rand: Callable[[], float]) -> str:
        try:
            move = function(mine, theirs, rand) if takes_rand else function(mine, theirs)
        except StrategyError:
            raise
        except Exception as err:
            raise _failed(err, file_name, len(mine) + 1) from None
        if type(move) is not str or move not in (st.C, st.D):
            raise StrategyError(f"expected 'C' or 'D', got {_shown(move)} (on move "
                                f"{len(mine) + 1})")
        return move

    return rule


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a value whose repr itself fails
        text = f"a {type(value).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."


def _play(rule: Callable[..., str], other: Callable[[str, str], str], turns: int,
          flip_at: int | None = None) -> tuple[str, str]:
    """A scripted match for :func:`traits`, its own seeded draws, one move flipped if asked."""
    rand = _random.Random(0).random
    mine = theirs = ""
    for turn in range(turns):
        a = rule(mine, theirs, rand)
        b = other(theirs, mine)
        if turn == flip_at:
            a = st.D if a == st.C else st.C
        mine += a
        theirs += b
    return mine, theirs


def traits(rule: Callable[..., str]) -> dict[str, bool]:
    """The three traits of :class:`~sims.models.strategies.Strategy`, measured by play:

    nice: no defection in :data:`TRIAL_TURNS` moves against always cooperate; reciprocates:
    more defections against always defect than against always cooperate; recovers: two copies
    end the trial in mutual cooperation after one copy's fifth move is flipped.
    """
    copy_rand = _random.Random(1).random
    against_c, _ = _play(rule, st.always_cooperate, TRIAL_TURNS)
    against_d, _ = _play(rule, st.always_defect, TRIAL_TURNS)
    mine, theirs = _play(rule, lambda m, t: rule(m, t, copy_rand), TRIAL_TURNS, flip_at=4)
    return {"nice": st.D not in against_c,
            "reciprocates": against_d.count(st.D) > against_c.count(st.D),
            "recovers": mine.endswith("CCC") and theirs.endswith("CCC")}


def load(source: Any, file_name: str = FILE_NAME, players: int = DEFAULT_PLAYERS) -> st.Entrant:
    """The reader's strategy from its ``source``, checked by a trial (:func:`traits`), ready to
    join a run (:func:`sims.registry.run`); raises :class:`StrategyError`."""
    function, takes_rand = compile_strategy(source, file_name)
    rule = checked(function, takes_rand, file_name)
    found = traits(rule)
    strategy = st.Strategy(ID, LABEL, rule, axelrod="", stochastic=takes_rand,
                           needs=("rand",), **found)
    return st.Entrant(strategy, players)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _command(model: str, values: Mapping[str, Any], defaults: Mapping[str, Any], seed: int,
             players: int | None = None) -> str:
    """The command line that runs the same, with the downloaded file."""
    parts = ["sims", "run", model, "--strategy-file", FILE_NAME]
    if players is not None:
        parts += ["--strategy-players", str(players)]
    for name, value in values.items():
        if value != defaults[name]:
            text = ",".join(value) if isinstance(value, list) else f"{value:g}" \
                if isinstance(value, float) else str(value)
            parts += ["--set", f"{name}={text}"]
    return " ".join([*parts, "--seed", str(seed)])


def reply(request: Mapping[str, Any]) -> dict[str, Any]:
    """``{ok, values, view}`` for an editor block's request (see :mod:`sims.web`):
    ``{params, source, tournament, evolution, seed}``, where ``params`` are the block's
    settings (:data:`SPEC`) and ``tournament`` and ``evolution`` the rest of each model's
    parameters, as the block's author set them."""
    values = SPEC.validate(request.get("params") or {})
    seed = registry.check_seed(request.get("seed", 0))
    base_t, base_e = request.get("tournament") or {}, request.get("evolution") or {}
    if not isinstance(base_t, dict) or not isinstance(base_e, dict):
        raise ParamError(None, "tournament and evolution are mappings of parameters")
    entrant = load(request.get("source"), players=values["players"])
    t_params = {**base_t, "turns": values["turns"], "noise": values["noise"],
                "repetitions": values["repetitions"]}
    e_params = {**base_e, "rounds": values["turns"], "mistakes": values["noise"],
                "generations": values["generations"]}
    tournament = registry.run("iterated", t_params, seed, entrant)
    population = registry.run("evolution", e_params, seed, entrant)
    with st.joined(entrant):  # the views name the strategy too
        shown = {**standing(tournament, population),
                 "tournament": view(tournament, iterated.SPEC),
                 "evolution": view(population, evolution.SPEC)}
    shown["commands"] = [
        _command("iterated", tournament.params, iterated.SPEC.defaults(), seed),
        _command("evolution", population.params, evolution.SPEC.defaults(), seed,
                 values["players"])]
    return {"ok": True, "values": {**values, "seed": seed}, "view": shown}


def standing(tournament: Any, population: Any) -> dict[str, Any]:
    """The reader's strategy's place: its rank in words, its head-to-head scores as a table."""
    ranking = tournament.data["ranking"]
    mine = next(r for r in ranking if r["strategy"] == ID)
    tied = sum(r["rank"] == mine["rank"] for r in ranking) > 1
    top = ranking[0]
    rank = (f"Your strategy ranked {_ordinal(mine['rank'])}{' (tied)' if tied else ''} of "
            f"{len(ranking)} in the tournament, with {mine['score']:.2f} points per turn")
    rank += (" and won." if mine["rank"] == 1 and not tied else
             f"; {st.label(top['strategy']).lower()} won with {top['score']:.2f}."
             if top["strategy"] != ID else ".")
    shares = population.data["shares"][ID]
    counts = population.data["counts"]
    start = (f"{counts[ID][0]} of {sum(c[0] for c in counts.values())} players"
             if counts else f"{shares[0]:.0%}")
    rank += (f" In the evolving population it started with {start} and ended with "
             f"{shares[-1]:.0%} of the population after {len(shares) - 1} generations.")
    h2h = tournament.data["head_to_head"]
    rows = [[st.label(b), f"{h2h[ID][b]:.2f}", f"{h2h[b][ID]:.2f}"]
            for b in h2h if b != ID]
    return {"standing": rank, "rank": mine["rank"], "of": len(ranking),
            "duel": {"columns": ["Opponent", "You score", "It scores"], "rows": rows}}
