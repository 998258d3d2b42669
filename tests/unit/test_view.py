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
    settings = [(p["text"], p["code"]) for p in v["used"] if p.get("setting")]
    assert settings == [("Zeta last in the alphabet = ", "0.25"), ("Rule = ", "Beta"),
                        ("Mix = ", "A, B")]
    assert line(v["used"]) == ("Parameters used: Zeta last in the alphabet = 0.25; Rule = Beta; "
                               "Mix = A, B; seed 0.")
    assert v["table"]["rows"] == [["1234570"]]
    assert v["csv"] == "n\n1234567.0\n"  # the CSV keeps full precision


def line(parts: list[dict]) -> str:
    """A line of what ran as a reader reads it."""
    return "".join(part["text"] + part.get("code", "") for part in parts)


def test_a_line_of_what_ran_is_written_in_python_and_only_placed_by_the_build_and_the_page():
    from simsite.render import used_html
    from tests.helpers import ROOT

    parts = view.used_line("Ran with: ", [("A", "1"), ("B", "x < y")], [("seed", "3")])
    assert line(parts) == "Ran with: A = 1; B = x < y; seed 3."
    html = used_html(parts)
    assert html.count('<span class="sim-param">') == 2 and "x &lt; y" in html
    assert line(view.used_line("Ran with: ", [], [("moves", "RA"), ("seed", "3")])) == (
        "Ran with: moves RA; seed 3.")
    scripts = "".join(p.read_text(encoding="utf-8")
                      for p in (ROOT / "docs" / "javascripts").glob("*.js"))
    for words in ("Parameters used", "Game settings", "your moves", "; seed"):
        assert words not in scripts, words  # the page only places Python's parts
