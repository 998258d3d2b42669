"""The registry of models: model id -> module, and the one way to run a model.

A model module defines ``TITLE`` (str), ``SPEC`` (:class:`sims.spec.Spec`) and
``run(params, seed) -> Result`` taking already validated parameters. Models are imported on
first use, so listing them or running one does not import the others.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from .result import Result
from .spec import ParamError, show

MODELS: dict[str, str] = {
    "two_by_two": "sims.models.two_by_two",
    "iterated": "sims.models.iterated",
    "evolution": "sims.models.evolution",
    "arms_race": "sims.models.arms_race",
    "spiral": "sims.models.spiral",
    "alliances": "sims.models.alliances",
    "threat": "sims.models.threat",
}
# Models that exist for tests of the runtime (a run that never ends), not for readers.
HIDDEN: dict[str, str] = {"runaway": "sims.models.runaway"}

MAX_SEED = 2**32 - 1


def model_ids(include_hidden: bool = False) -> list[str]:
    return list(MODELS) + (list(HIDDEN) if include_hidden else [])


def get(model_id: str) -> ModuleType:
    """The module of ``model_id``; raises :class:`ParamError` naming the known models."""
    path = MODELS.get(model_id) or HIDDEN.get(model_id) if isinstance(model_id, str) else None
    if path is None:
        raise ParamError(None, f"unknown model {show(model_id)}; known models: "
                               f"{', '.join(MODELS)}")
    return importlib.import_module(path)


def check_seed(seed: Any) -> int:
    """A seed is a whole number from 0 to 2**32 - 1 (strings of digits are accepted)."""
    # isdecimal, not isdigit: int() refuses digits such as "²".
    if isinstance(seed, str) and seed.strip().isdecimal():
        with contextlib.suppress(ValueError):  # more digits than int() converts: refused below
            seed = int(seed.strip())
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ParamError("seed", f"{show(seed)} is not allowed; expected a whole number "
                                 f"from 0 to {MAX_SEED}")
    return seed


def run(model_id: str, params: Mapping[str, Any] | None = None, seed: Any = 0) -> Result:
    """Validate ``params`` against the model's spec and run it with ``seed``."""
    module = get(model_id)
    values = module.SPEC.validate(params)
    return module.run(values, check_seed(seed))


def describe(model_id: str) -> dict[str, Any]:
    """The model's id, title, one-line description and parameter spec, as JSON-ready data."""
    module = get(model_id)
    doc = (module.__doc__ or "").strip().splitlines()
    return {"id": model_id, "title": module.TITLE, "description": doc[0] if doc else "",
            "params": module.SPEC.to_list()}
