"""Replays: a result that unfolds over time, drawn step by step from what the model returned.

A model whose result is a history (evolution's generations, the spiral's rounds, the arms race's
years, the alliance world's turns) gets a *stage*: a small drawing (SVG marks: circles, rects,
lines, text), a legend, and one frame per step. A frame holds the step's label as a reader hears
it ("Generation 12 of 40"), the state at that step in words, and the values of the marks'
attributes that change from step to step (a token's class, a bar's height). Every step gives every
changing attribute, so any step can be shown directly, in any order.

Nothing is computed per frame in the browser: the frames are made here, from the ``Result``,
once; the build draws the last frame as the block's static figure (simsite/replay.py) and the
page's script (docs/javascripts/sims-replay.js) only sets a frame's values on the marks. So the
figure, a reader without JavaScript, and every frame of a live run agree with the model.

A stage as JSON (:meth:`Stage.to_dict`)::

    {"title", "description", "step": "Generation", "width", "height",
     "marks": [{"tag": "circle", "attrs": {"cx": 8, ...}, "text": "..."?}, ...],
     "legend": [{"class": "sim-k0", "text": "Tit for tat"}, ...],
     "vary": [[mark index, attribute], ...],          # "text" is the mark's text
     "steps": [{"label", "text", "values": [one per entry of vary]}, ...]}
"""

from __future__ import annotations

from typing import Any

from ..result import Result
from . import alliances, arms_race, evolution, spiral

BUILDERS = {"alliances": alliances.frames, "arms_race": arms_race.frames,
            "evolution": evolution.frames, "spiral": spiral.frames}


def replay(result: Result) -> dict[str, Any] | None:
    """The stage of ``result`` as JSON, or None for a model that does not unfold over time (and
    for an ensemble of worlds, `sims.ensemble`: it has no one history to replay)."""
    build = None if "worlds" in result.data else BUILDERS.get(result.model)
    return build(result).to_dict() if build else None
