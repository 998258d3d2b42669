"""How a model's failure is told: what it raised, and the file and line where.

One wording for the browser's reply (:mod:`sims.web`) and the build's error (simsite), so a
reader and an author read the same sentence for the same bug.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def in_package(path: Path) -> str:
    """A file of this package as "sims/models/x.py"; any other file by its name alone."""
    path = path.resolve()
    return f"sims/{path.relative_to(PACKAGE).as_posix()}" if path.is_relative_to(PACKAGE) \
        else path.name


def where(err: BaseException, in_file: Path | None = None,
          name: Callable[[Path], str] = in_package) -> str:
    """Where ``err`` was raised, "sims/models/x.py, line N".

    A syntax error is placed at the line it names. Otherwise the traceback's last frame, or,
    when ``in_file`` (a model's file) is given and is in the traceback, that file's last frame,
    followed by the last frame when the error was raised further in (a helper the model called).
    """
    if isinstance(err, SyntaxError) and err.filename:
        return f"{name(Path(err.filename))}, line {err.lineno}"
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return "no traceback"
    last = f"{name(Path(frames[-1].filename))}, line {frames[-1].lineno}"
    if in_file is None:
        return last
    own = [f for f in frames if Path(f.filename).resolve() == in_file.resolve()]
    if not own:
        return last
    here = f"{name(in_file)}, line {own[-1].lineno}"
    return here if own[-1] is frames[-1] else f"{here}; raised in {last}"


def failure(err: BaseException, in_file: Path | None = None,
            name: Callable[[Path], str] = in_package) -> str:
    """``err`` told as "ZeroDivisionError: division by zero (sims/models/x.py, line N)"."""
    text = err.msg if isinstance(err, SyntaxError) else str(err)
    return f"{type(err).__name__}: {text} ({where(err, in_file, name)})"
