"""The build's view of the models: their files, and which of them do not import.

Every model is imported here, in CPython, before any Pyodide step: a model that does not import
(a syntax error, an import of a module that does not exist, a default outside its bounds) is
told by its own file and line, not by the snapshot's Node process.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import sims.models
from sims.failure import failure

from .blocks import display


def model_file(name: str) -> Path | None:
    """The file of the model (or helper) module ``name``, in any folder of the package."""
    for folder in sims.models.__path__:
        path = Path(folder) / f"{name}.py"
        if path.is_file():
            return path
    return None


def import_errors() -> dict[str, str]:
    """``{module name: "SyntaxError: invalid syntax (sims/models/x.py, line 7)"}`` for each
    module of the package that does not import."""
    errors = {}
    for info in pkgutil.iter_modules(sims.models.__path__):
        try:
            importlib.import_module(f"{sims.models.__name__}.{info.name}")
        except Exception as err:  # any error at all: the author's bug, to be located
            errors[info.name] = failure(err, model_file(info.name), display)
    return errors
