"""A model that runs for as long as it is told to: it tests the page's time budget and Stop.

Hidden from readers (not in ``sims list``); never used in the notes.
"""

from __future__ import annotations

import time
from typing import Any

from ..result import Result, Table
from ..spec import Spec, number

TITLE = "Runaway (test only)"
SPEC = Spec((number("seconds", 0, 0, 3600, "Seconds", "How long the run spins."),))


def run(params: dict[str, Any], seed: int) -> Result:
    """Spin for ``seconds`` of wall-clock time, then report how many loops that took."""
    end = time.monotonic() + params["seconds"]
    loops = 0
    while time.monotonic() < end:
        loops += 1
    return Result("runaway", params, seed, f"Ran for {params['seconds']:g} seconds.",
                  tables=[Table("loops", "Loops", ["seconds"], [[params["seconds"]]])])
