"""The static HTML of a result's table (simsite/render.py): what a reader without JavaScript
gets, and what a screen reader reads of each row."""

from __future__ import annotations

import re

from sims import registry, view
from simsite.render import table_html


def table_of(model: str) -> str:
    return table_html(view.view(registry.run(model, {}, 0), registry.get(model).SPEC))


def test_each_row_is_named_by_its_first_cell():
    html = table_of("two_by_two")
    assert re.findall(r'<th scope="row">([^<]*)</th>', html) == ["Cooperate", "Defect"]


def test_a_payoff_matrix_is_shown_unfolded_and_a_long_table_folds_away():
    assert table_of("two_by_two").startswith('<details class="sim-table" open')
    assert table_of("iterated").startswith('<details class="sim-table" data-search-exclude>')
