"""A replay's static figure: its stage (sims/frames) drawn at the last step, as SVG.

This is what a reader without JavaScript, and print, get: the final state, its legend and the
final step in words. The frames travel with it in ``data-replay`` (the stage without its marks,
which are the SVG's own); the page's script (docs/javascripts/sims-replay.js) adds the play
button and the scrubber and sets a frame's values on the marks, in the order they are drawn.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sims.frames.stage import marks_at


def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(f" {name}=\"{escape(str(value))}\"" for name, value in attrs.items())


def _attribute(text: str) -> str:
    """``text`` for an attribute in single quotes: JSON's many double quotes stay as they are
    (escaped, each would take six characters of the page instead of one)."""
    return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")


def _marks(stage: dict[str, Any], step: int) -> str:
    """The marks as SVG, with the values of ``step``."""
    return "".join(f"<{m['tag']}{_attrs(m['attrs'])}>{escape(str(m.get('text', '')))}"
                   f"</{m['tag']}>" for m in marks_at(stage, step))


def replay_html(stage: dict[str, Any] | None) -> str:
    """The figure of a replay at its last step, or nothing for a model without one."""
    if not stage:
        return ""
    last = len(stage["steps"]) - 1
    frames = {k: v for k, v in stage.items() if k != "marks"}
    legend = "".join(f"<li><svg class=\"sim-swatch\" viewBox=\"0 0 12 12\" aria-hidden=\"true\">"
                     f"<circle cx=\"6\" cy=\"6\" r=\"5\" class=\"{escape(item['class'])}\"/>"
                     f"</svg>{escape(item['text'])}</li>" for item in stage["legend"])
    step = stage["steps"][last]
    return (
        f"<figure class=\"sim-replay\" data-search-exclude "
        f"data-replay='{_attribute(json.dumps(frames, separators=(',', ':')))}'>"
        f"<p class=\"sim-replay-title\">{escape(stage['title'])}</p>"
        f"<svg class=\"sim-replay-svg\" viewBox=\"0 0 {stage['width']} {stage['height']}\" "
        f"role=\"img\" aria-label=\"{escape(stage['title'])}\">"
        f"<g class=\"sim-marks\">{_marks(stage, last)}</g></svg>"
        f"<ul class=\"sim-replay-legend\">{legend}</ul>"
        f"<figcaption><span class=\"sim-replay-now\">{escape(step['label'])}</span> "
        f"<span class=\"sim-replay-state\">{escape(step['text'])}</span> "
        f"<span class=\"sim-replay-about\">{escape(stage['description'])}</span>"
        f"</figcaption></figure>")
