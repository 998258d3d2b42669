"""The stage of a replay: its marks, its legend and one frame per step (see `sims.frames`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PALETTE = 10  # colour classes sim-k0 .. sim-k9 (docs/stylesheets/replay.css)


def colour(index: int) -> str:
    """The colour class of the ``index``-th category (they repeat past the palette's end)."""
    return f"sim-k{index % PALETTE}"


def px(x: float) -> float:
    """A coordinate, to a tenth of a pixel: enough for a drawing, and short in a page."""
    return round(x, 1) + 0.0


@dataclass
class Stage:
    """A drawing and its frames; build it with :meth:`add` and :meth:`frame`."""

    title: str
    description: str
    step: str  # what a step is called: "Generation", "Round", "Year", "Turn"
    width: int
    height: int
    legend: list[dict[str, str]] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)
    frames: list[tuple[str, str, dict[tuple[int, str], Any]]] = field(default_factory=list)

    def add(self, tag: str, text: str | None = None, **attrs: Any) -> int:
        """A mark (``class_`` for its class); returns its index for :meth:`frame`."""
        mark: dict[str, Any] = {"tag": tag, "attrs": {k.rstrip("_").replace("_", "-"): v
                                                     for k, v in attrs.items()}}
        if text is not None:
            mark["text"] = text
        self.marks.append(mark)
        return len(self.marks) - 1

    def frame(self, label: str, text: str, values: dict[tuple[int, str], Any]) -> None:
        """One step: its label, the state in words, and ``{(mark, attribute): value}``."""
        if self.frames and values.keys() != self.frames[0][2].keys():
            raise ValueError(f"frame {len(self.frames)} sets other attributes than frame 0")
        self.frames.append((label, text, values))

    def to_dict(self) -> dict[str, Any]:
        vary = list(self.frames[0][2]) if self.frames else []
        return {
            "title": self.title, "description": self.description, "step": self.step,
            "width": self.width, "height": self.height, "legend": self.legend,
            "marks": self.marks, "vary": [list(key) for key in vary],
            "steps": [{"label": label, "text": text, "values": [values[k] for k in vary]}
                      for label, text, values in self.frames],
        }


def marks_at(stage: dict[str, Any], step: int) -> list[dict[str, Any]]:
    """The marks of a stage (as JSON) with the values of ``step`` set on them."""
    marks = [{**m, "attrs": dict(m["attrs"])} for m in stage["marks"]]
    for (index, name), value in zip(stage["vary"], stage["steps"][step]["values"], strict=True):
        if name == "text":
            marks[index]["text"] = value
        else:
            marks[index]["attrs"][name] = value
    return marks


def step_label(name: str, t: int | str, last: int | str) -> str:
    """"Generation 12 of 40": what the scrubber says at a step."""
    return f"{name} {t} of {last}"
