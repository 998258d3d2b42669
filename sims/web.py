"""The browser's entry point: one JSON request in, one JSON reply out.

The page's worker calls :func:`handle` in Pyodide. A reply is one of three shapes, and nothing
escapes as an exception:

- ``{"ok": true, "values": {...}, "view": {...}, "regime": {...} or null, "change": str or null}``:
  the values the model ran with (to be written back into the page's controls), everything the
  reader reads (:func:`sims.view.view`), the result's regime and, when the request carries the
  ``previous`` result's values and regime (and the run that one was compared with, for a
  re-run of the same values), one sentence on what changed (:mod:`sims.changes`),
  and its line charts drawn faintly behind the new (remade from its values when the request
  does not carry its charts: the page shows the build's result);
- ``{"ok": false, "error": {"kind": "param", "param": NAME or null, "message": ...}}``: the
  request was refused, with the message the command line gives for the same values;
- ``{"ok": false, "error": {"kind": "model", "param": null, "message": ...}}``: the model
  itself failed (a bug), named with the exception and the model's file and line.

A request with ``"kind": "play"`` is a move of a game the reader plays (:mod:`sims.play`):
``{kind, params: {strategy, rounds, noise, secret_end, moves}, seed, source?}``, answered in
the same three shapes, its view made by :func:`sims.play.view`; ``source`` is the code of the
reader's own strategy, for a game against it (``strategy: "yours"``), refused as a ``"kind":
"strategy"`` request's is.

A request with ``"kind": "strategy"`` runs a reader's own strategy (:mod:`sims.custom_strategy`)
in the tournament and in the population: ``{kind, params, source, tournament, evolution,
seed}``; a strategy that cannot run is refused with ``"kind": "strategy"`` and the ``line``
and ``column`` of its source at fault (or null).
"""

from __future__ import annotations

import json
from typing import Any

from . import changes, custom_strategy, ensemble, play, registry
from .failure import failure
from .spec import ParamError
from .view import view


def _dumps(reply: dict[str, Any]) -> str:
    return json.dumps(reply, sort_keys=True, separators=(",", ":"), allow_nan=False)


MISSING = ("; the browser's Python holds only the part of the standard library that the "
           "site's models import")


def model_failure(model: Any, err: BaseException) -> str:
    """The message for a model that raised: what it raised, and where; for a module not found,
    why (the site ships part of the standard library, simsite/stdlib.py)."""
    why = MISSING if isinstance(err, ModuleNotFoundError) else ""
    return f"{model} failed: {failure(err)}{why}"


def handle(request: str) -> str:
    """``{model, params, seed, previous?}`` -> a reply (see the module's docstring), as JSON;
    with ``worlds: N`` as well, the ensemble of N seeds from ``seed`` (`sims.ensemble`)."""
    try:
        message: Any = json.loads(request)
    except ValueError:  # not JSON, or an integer with more digits than int() takes
        message = None
    model = message.get("model") if isinstance(message, dict) else None
    try:
        if not isinstance(message, dict) or not isinstance(message.get("params", {}), dict):
            raise ParamError(None, "a request is an object with model, params and seed")
        if message.get("kind") == "play":
            return _dumps(play.reply(message.get("params"), message.get("seed", 0),
                                     message.get("source")))
        if message.get("kind") == "strategy":
            return _dumps(custom_strategy.reply(message))
        spec = registry.get(model).SPEC
        worlds = message.get("worlds")
        if worlds is not None:
            result = ensemble.run(model, message.get("params"), message.get("seed", 0), worlds)
            return _dumps({"ok": True, "values": result.params, "view": view(result, spec)})
        result = registry.run(model, message.get("params"), message.get("seed", 0))
        previous = changes.against(spec, message.get("previous"), result)
        regime = changes.regime(result)
        shown = view(changes.with_ghosts(
            spec, previous, result, lambda values: registry.run(model, values, result.seed)), spec)
        return _dumps({"ok": True, "values": result.params, "view": shown,
                       "regime": regime and regime.to_dict(),
                       "change": changes.change(spec, previous, result)})
    except custom_strategy.StrategyError as err:
        return _dumps({"ok": False, "error": {"kind": "strategy", "param": err.param,
                                              "message": str(err), "line": err.line,
                                              "column": err.column}})
    except ParamError as err:
        return _dumps({"ok": False, "error": {"kind": "param", "param": err.param,
                                              "message": str(err)}})
    except Exception as err:  # a model's own bug: say what and where, keep the page working
        return _dumps({"ok": False, "error": {"kind": "model", "param": None,
                                              "message": model_failure(model, err)}})


def describe(model_id: str) -> str:
    """The model's spec as JSON (for the page's controls)."""
    return json.dumps(registry.describe(model_id))
