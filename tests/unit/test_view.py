"""The view model: every string a reader reads of a result, made once in Python."""

from __future__ import annotations

import pytest

from sims import view
from sims.spec import Spec, choice, choices, number


@pytest.mark.parametrize(("value", "text"), [
    (1234567.0, "1234570"), (123456.78, "123457"), (999999.7, "1000000"), (12.0, "12"),
    (0.30000000000000004, "0.3"), (-3.14159265, "-3.14159"), (0.000123456789, "0.000123457"),
    (-0.0, "0"), (0.0, "0"), (1e-7, "1e-07"), (1e15, "1e+15"), (7, "7"), (-12, "-12"),
    (2.5, "2.5"), (-0.0000001, "-1e-07"),
])
def test_numbers_read_as_a_reader_writes_them(value, text):
    assert view.number_text(value) == text


def test_values_of_every_kind():
    assert view.value_text(True) == "on" and view.value_text(False) == "off"
    assert view.value_text(None) == ""
    assert view.value_text(["a", "b"]) == "a, b" and view.value_text([]) == "none"
    assert view.value_text("Giant") == "Giant"


def test_parameters_are_listed_in_the_specs_order_by_their_labels():
    spec = Spec((
        number("zeta", 0.5, 0, 1, "Zeta last in the alphabet", ""),
        choice("rule", "b", ("a", "b"), "Rule", "", labels=("Alpha", "Beta")),
        choices("mix", ("a", "b"), ("a", "b", "c"), "Mix", "", labels=("A", "B", "C")),
    ))
    from sims.result import Result, Table

    result = Result("x", spec.validate({"zeta": 0.25}), 0, "Summary.",
                    tables=[Table("t", "T", ["n"], [[1234567.0]])])
    v = view.view(result, spec)
    assert [p["name"] for p in v["params"]] == ["zeta", "rule", "mix"]
    assert [p["text"] for p in v["params"]] == ["0.25", "Beta", "A, B"]
    assert v["table"]["rows"] == [["1234570"]]
    assert v["csv"] == "n\n1234567.0\n"  # the CSV keeps full precision
