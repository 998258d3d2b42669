"""The browser's entry point: one JSON request in, one JSON response out.

The page's worker calls :func:`handle` in Pyodide. Errors come back as data naming the
parameter, so the page can show the model's own message beside the control.
"""

from __future__ import annotations

import json
from typing import Any

from . import registry
from .spec import ParamError


def handle(request: str) -> str:
    """``{model, params, seed}`` -> ``{"ok": true, "result"}`` or ``{"ok": false, "error"}``."""
    try:
        message: Any = json.loads(request)
    except ValueError:  # not JSON, or an integer with more digits than int() takes
        message = None
    try:
        if not isinstance(message, dict) or not isinstance(message.get("params", {}), dict):
            raise ParamError(None, "a request is an object with model, params and seed")
        result = registry.run(message.get("model"), message.get("params"),
                              message.get("seed", 0))
        return json.dumps({"ok": True, "result": result.to_dict()}, sort_keys=True,
                          separators=(",", ":"))
    except ParamError as err:
        return json.dumps({"ok": False, "error": {"param": err.param, "message": str(err)}})


def describe(model_id: str) -> str:
    """The model's spec as JSON (for the page's controls)."""
    return json.dumps(registry.describe(model_id))
