"""The registry of models: model id -> module, and the one way to run a model.

Models are found, not registered, so no list can drift from the files: a model is a module of
the `sims.models` package whose ``SPEC`` is a `sims.spec.Spec`, and its id is its
file name. It also defines ``TITLE`` (str) and ``run(params, seed) -> Result`` taking already
validated parameters. The package's other modules (``strategies``, which the iterated game and
evolution draw on) are helpers: they define no ``SPEC``, and asking for one as a model is
refused like any unknown name. ``sims list`` gives the models in alphabetical order of id.

The folders searched are the package's ``__path__``: the product has only ``sims/models``; a
site build for tests adds a folder of test-only models to it (simsite, ``SIMS_EXTRA_MODELS``).
Running a model imports only that model; listing the models imports them all, since that is
how a model is told from a helper (a snapshot of the browser's runtime has imported them all).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import pkgutil
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from . import models
from .models.strategies import Entrant, joined
from .result import Result
from .spec import ParamError, Spec, show

MAX_SEED = 2**32 - 1


@functools.cache
def _modules_in(folders: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(info.name for info in pkgutil.iter_modules(folders)))


def _modules() -> tuple[str, ...]:
    """The names of the package's modules, models and helpers, sorted; none is imported.

    Listed once per set of folders: a Pyodide memory snapshot restores Python's memory but not
    the package's files, so the listing made when the snapshot imported this module is the
    one it has. (A file added while ``mkdocs serve`` runs is found on its next start.)
    """
    return _modules_in(tuple(models.__path__))


_modules()


def _model(name: str) -> ModuleType | None:
    """The module ``name`` of the package if it is a model, else None."""
    module = importlib.import_module(f"{models.__name__}.{name}")
    return module if isinstance(getattr(module, "SPEC", None), Spec) else None


def model_ids() -> list[str]:
    """The id of every model, in alphabetical order."""
    return [name for name in _modules() if _model(name) is not None]


def get(model_id: str) -> ModuleType:
    """The module of ``model_id``; raises `ParamError` naming the known models."""
    # Only names found in the package are imported: an id is never a path or a dotted name.
    found = isinstance(model_id, str) and model_id in _modules()
    module = _model(model_id) if found else None
    if module is None:
        raise ParamError(None, f"unknown model {show(model_id)}; known models: "
                               f"{', '.join(model_ids())}")
    return module


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


def check_takes_strategy(model_id: str) -> None:
    """Raise `ParamError` unless ``model_id`` takes a reader's strategy (``TAKES_STRATEGY``)."""
    if not getattr(get(model_id), "TAKES_STRATEGY", False):
        takes = [m for m in model_ids() if getattr(get(m), "TAKES_STRATEGY", False)]
        raise ParamError(None, f"{model_id} takes no strategy of yours; "
                               f"these models do: {', '.join(takes)}")


def run(model_id: str, params: Mapping[str, Any] | None = None, seed: Any = 0,
        entrant: Entrant | None = None) -> Result:
    """Validate ``params`` against the model's spec and run it with ``seed``; with an
    ``entrant`` (a reader's strategy, :mod:`sims.custom_strategy`), that strategy joins the
    built-ins, for a model that takes one (``TAKES_STRATEGY``)."""
    module = get(model_id)
    if entrant is not None:
        check_takes_strategy(model_id)
    with joined(*(() if entrant is None else (entrant,))):
        values = module.SPEC.validate(params)
        result = module.run(values, check_seed(seed))
    if result.model != model_id:  # the page, the CSV and View source all go by the id
        raise ValueError(f"{module.__file__}: run() returned Result({result.model!r}, ...); "
                         f"a model's Result carries its id, its file name {model_id!r}")
    return result


def describe(model_id: str) -> dict[str, Any]:
    """The model's id, title, one-line description and parameter spec, as JSON-ready data."""
    module = get(model_id)
    doc = (module.__doc__ or "").strip().splitlines()
    return {"id": model_id, "title": module.TITLE, "description": doc[0] if doc else "",
            "params": module.SPEC.to_list()}
