"""Every chart of every model draws in the page's ink (sims/charts.py CONFIG), so that one
drawing, pre-rendered or live, reads in both palettes and on paper."""

from __future__ import annotations

import pytest

from sims import charts, registry


@pytest.mark.parametrize("model", registry.model_ids())
def test_every_chart_draws_in_the_pages_ink(model):
    specs = registry.run(model).charts
    assert specs, f"{model} draws no chart"
    for spec in specs:
        assert spec.get("config") == charts.CONFIG, f"{model}: {spec.get('title')!r}"
