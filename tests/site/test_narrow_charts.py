"""The phone's drawing of a chart (sims/narrow.py): as wide as a phone's column, nothing
shortened, the model's spec left as it was."""

from __future__ import annotations

import copy
import re

import pytest

from sims import registry
from sims import narrow
from simsite import render

SVG_WIDTH = re.compile(r"<svg [^>]*\bwidth=\"(\d+)\"")


@pytest.mark.parametrize("model", registry.model_ids())
def test_every_chart_is_drawn_as_wide_as_a_phones_column(model):
    for spec in registry.run(model).charts:
        before = copy.deepcopy(spec)
        svg = render.chart_svg(narrow.narrow(spec))
        assert spec == before, "the model's spec is left as it was"
        assert int(SVG_WIDTH.search(svg)[1]) <= narrow.WIDTH, spec["title"]
        assert "…" not in svg, spec["title"]


def test_long_titles_are_wrapped_and_legends_go_below():
    spec = {"title": "A title much longer than one line of a phone's narrow column",
            "encoding": {"x": {"field": "a", "type": "quantitative",
                               "title": "An axis title longer than its plot is wide"}},
            "config": {"legend": {"symbolBaseFillColor": "red"}}}
    out = narrow.narrow(spec)
    assert " ".join(out["title"]) == spec["title"] and len(out["title"]) > 1
    assert all(len(line) <= narrow.TITLE_CHARS for line in out["title"])
    assert all(len(line) <= narrow.X_TITLE_CHARS for line in out["encoding"]["x"]["title"])
    assert out["config"]["legend"]["orient"] == "bottom"
    assert out["config"]["legend"]["symbolBaseFillColor"] == "red"
    assert narrow.narrow({"title": "Short"})["title"] == "Short"


def test_text_in_cells_shrinks_to_its_cell_and_other_text_does_not():
    text = {"mark": {"type": "text", "fontSize": 10}}
    cells = {"encoding": {"x": {"field": "a", "type": "nominal"}},
             "layer": [{"mark": "rect"}, text]}
    assert narrow.narrow(cells)["layer"][1]["mark"]["fontSize"] == {
        "expr": f"min(10, bandwidth('x') / {narrow.CELL_PX_PER_FONT_PX})"}
    points = {"encoding": {"x": {"field": "a", "type": "quantitative"}}, "layer": [text]}
    assert narrow.narrow(points)["layer"][0]["mark"]["fontSize"] == 10
