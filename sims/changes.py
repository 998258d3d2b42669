"""What changed from one run to the next, in one sentence: the settings moved, and the regime.

A model with a meaningful regime (the kind of game, whether the arms race settles, who wins)
has one function here that reads it from a result: a `Regime` with a ``key`` (two results with
the same key are in the same regime), its ``name`` in words, and how the sentence ends when the
regime changed (``became``, in which ``{was}`` stands for the previous regime's name) or did
not (``stayed``). The page keeps the regime of the result on show (``Regime.to_dict``, two
strings) and sends it back with the next request with the values that result ran with;
`change` then says, for instance, "Both cooperate (CC) 3 → 4: the game changed from a
prisoner's dilemma to a stag hunt." Every word is made here; the page only places it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from . import charts
from .models import strategies
from .result import Result
from .spec import Spec
from .view import number_text, param_text

NAMED_AT_MOST = 3  # settings named in the sentence; more are counted


@dataclass(frozen=True)
class Regime:
    """The regime a result is in (see the module's docstring)."""

    key: str
    name: str
    became: str
    stayed: str

    def to_dict(self) -> dict[str, str]:
        """What the page keeps of it and sends back: its key and its name."""
        return {"key": self.key, "name": self.name}


def _strategy(strategy_id: str | None) -> str:
    if strategy_id is None:
        return "no single strategy"
    text = strategies.label(strategy_id)
    return text[0].lower() + text[1:]


def _two_by_two(result: Result) -> Regime:
    from .models.two_by_two import GAME_NAMES  # imported with its model, not before
    games = result.data["games"]
    if games["row"] == games["column"]:
        key, name = games["row"], GAME_NAMES[games["row"]]
    else:
        key = f"{games['row']}/{games['column']}"
        name = (f"{GAME_NAMES[games['row']]} for the row player and "
                f"{GAME_NAMES[games['column']]} for the column player")
    return Regime(key, name, f"the game changed from {{was}} to {name}", f"still {name}")


def _arms_race(result: Result) -> Regime:
    p = result.params
    ab, mn = number_text(p["a"] * p["b"]), number_text(p["m"] * p["n"])
    if result.data["stable"]:
        return Regime("settles", "a race that settles",
                      f"a·b ({ab}) fell below m·n ({mn}), so the race now settles",
                      f"a·b ({ab}) is still below m·n ({mn}), so the race still settles")
    return Regime("runs_away", "a race that runs away",
                  f"a·b ({ab}) rose past m·n ({mn}), so the race now runs away",
                  f"a·b ({ab}) is still not below m·n ({mn}), so the race still runs away")


SPIRAL_OUTCOMES = {
    None: "peace",
    "spiral": "a spiral of mutual fear (an arms race between security seekers)",
    "deterrence": "an arms race against a real expansionist",
}


def _spiral(result: Result) -> Regime:
    driver = result.data["driver"] if result.data["arms_race"] else None
    name = SPIRAL_OUTCOMES[driver]
    return Regime(str(driver), name, f"the outcome changed from {{was}} to {name}",
                  f"the outcome is still {name}")


def _winner(result: Result) -> Regime:
    """The iterated tournament's and evolution's regime: which strategy wins."""
    winner = result.data["winner"]
    name = _strategy(winner)
    return Regime(str(winner), name, f"the winner changed from {{was}} to {name}",
                  f"the winner is still {name}")


def _alliances(result: Result) -> Regime:
    if result.data["hegemon"]:
        key, name = "hegemon", "a hegemon holding half of all power"
    elif result.data["wars"]:
        key, name = "war", "wars but no hegemon"
    else:
        key, name = "peace", "no war at all"
    return Regime(key, name, f"the world changed from {{was}} to {name}",
                  f"the world still ends with {name}")


def _threat(result: Result) -> Regime:
    from .models.threat import _names  # the case's states as its summary names them
    disagree = result.data["disagree"]
    name = (f"disagreement over {_names(disagree)}" if disagree
            else "agreement for every state")
    return Regime(json.dumps(disagree), name,
                  f"the two rules went from {{was}} to {name}",
                  f"the two rules still show {name}")


REGIMES: dict[str, Callable[[Result], Regime]] = {
    "two_by_two": _two_by_two,
    "arms_race": _arms_race,
    "spiral": _spiral,
    "iterated": _winner,
    "evolution": _winner,
    "alliances": _alliances,
    "threat": _threat,
}


def regime(result: Result) -> Regime | None:
    """The result's regime, or None for a model that has none."""
    read = REGIMES.get(result.model)
    return read(result) if read else None


def moved(spec: Spec, before: dict[str, Any], after: dict[str, Any]) -> str:
    """The settings that differ, in the spec's order: "Label old → new; ..." ("" if none)."""
    parts = [f"{p.label} {param_text(p, before[p.name])} → {param_text(p, after[p.name])}"
             for p in spec.params
             if p.name in before and p.name in after and before[p.name] != after[p.name]]
    if len(parts) > NAMED_AT_MOST:
        rest = len(parts) - NAMED_AT_MOST
        parts = [*parts[:NAMED_AT_MOST], f"and {rest} more setting{'s' if rest > 1 else ''}"]
    return "; ".join(parts)


def _before(spec: Spec, previous: Any) -> dict[str, Any] | None:
    """The values of the ``previous`` run the page sent, validated (None if unusable)."""
    values = previous.get("values") if isinstance(previous, dict) else None
    try:
        return spec.validate(values) if isinstance(values, dict) else None
    except ValueError:
        return None


def _moved_from(spec: Spec, previous: Any, result: Result) -> str:
    """`moved` from the values of the ``previous`` run the page sent ("" if unusable)."""
    before = _before(spec, previous)
    return moved(spec, before, result.params) if before is not None else ""


def against(spec: Spec, previous: Any, result: Result) -> Any:
    """The run to compare ``result`` with: the ``previous`` run the page sent (the result on
    show), or, when ``result`` ran that run's very values again, the run that one was compared
    with (``previous["before"]``, which the page sends too); None if neither differs."""
    if _moved_from(spec, previous, result):
        return previous
    before = previous.get("before") if isinstance(previous, dict) else None
    return before if _moved_from(spec, before, result) else None


def change(spec: Spec, previous: Any, result: Result) -> str | None:
    """One sentence on what changed from the ``previous`` run (as the page sends it:
    ``{"values": ..., "regime": Regime.to_dict()}``) to ``result``; None if nothing did, if
    the model has no regime, or if ``previous`` is not of that shape."""
    now = regime(result)
    was = previous.get("regime") if isinstance(previous, dict) else None
    if now is None or not isinstance(was, dict) or not isinstance(was.get("key"), str) \
            or not isinstance(was.get("name"), str):
        return None
    settings = _moved_from(spec, previous, result)
    if not settings:
        return None
    tail = now.stayed if was["key"] == now.key else now.became.format(was=was["name"])
    return f"{settings}: {tail}."


def with_ghosts(spec: Spec, previous: Any, result: Result,
                rerun: Callable[[dict[str, Any]], Result]) -> Result:
    """``result`` with each line chart drawing the previous run faintly behind it
    (`sims.charts.ghosted`) when the previous run's settings differ from this run's; else
    ``result`` itself. The previous run's charts are those the page sent
    (``previous["charts"]``); a page still showing the build's result has none, and then, if
    this result has a line chart, ``rerun`` (the model at the same seed) remakes them from the
    previous values."""
    before = _before(spec, previous)
    if before is None or not moved(spec, before, result.params):
        return result
    sent = previous.get("charts")
    if sent is None and any(charts.ghostable(c) for c in result.charts):
        sent = rerun(before).charts
    if not isinstance(sent, list):
        return result
    by_title = {json.dumps(c.get("title")): c for c in sent if isinstance(c, dict)}
    return replace(result, charts=[charts.ghosted(c, by_title.get(json.dumps(c.get("title"))))
                                   for c in result.charts])
