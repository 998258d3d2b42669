"""course.yml's rule that a lesson asks the reader to predict before a simulation runs."""

from __future__ import annotations

import pytest

from tests.course import lessons, rules
from tests.helpers import ROOT, sim_blocks


@pytest.mark.parametrize("name", lessons())
def test_every_lesson_asks_for_a_prediction(name):
    needed = rules()["lessons"]["predictions"]
    blocks = sim_blocks((ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8"))
    asking = [b for b in blocks if b.predict]
    assert len(asking) >= needed, \
        f"{name}.md has {len(asking)} blocks with predict: (course.yml, lessons.predictions)"
    for block in asking:
        labels = [label for _, label in block.predict["choices"]]
        assert block.predict["question"].endswith("?"), f"{name}.md: {block.title!r}"
        assert len(set(labels)) == len(labels), f"{name}.md: {block.title!r} repeats a choice"
