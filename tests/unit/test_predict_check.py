"""A block's prediction is checked against the model's result when the page is built.

A right answer renders the question, the choices and the answer; a wrong one, a field the result
lacks or a malformed ``predict:`` is one located error (page, block line), as a bad value is.
The expected values come from running the model, never from this file.
"""

from __future__ import annotations

import json
import logging
import re
from html import unescape

import pytest

from sims import registry
from simsite import fence
from simsite.predict import token
from tests.helpers import ROOT

BLOCK = """model: arms_race
params: {{a: {a}, b: {a}}}
predict:
  question: Does the race settle?
  field: stable
  choices: {{true: It settles, false: It runs away}}
  answer: {answer}
  why: Compare a·b with m·n.
"""


def built(source: str, caplog) -> tuple[str, list[str]]:
    """The block's HTML and the errors the build logs for it, on a page docs/p.md, line 5."""
    fence.start_page("p.md", "docs/p.md", {})
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.simsite"):
        html = fence.format_sim(source, "sim", "", {"line": "5"}, None)
    return html, [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def stable(a: float) -> bool:
    return registry.run("arms_race", {"a": a, "b": a}, 0).data["stable"]


@pytest.mark.parametrize("a", [0.3, 1.2])
def test_the_right_answer_builds_with_its_question_and_verdicts(a, caplog):
    answer = token(stable(a))
    html, errors = built(BLOCK.format(a=a, answer=answer), caplog)
    assert errors == []
    assert "<strong>Predict first.</strong> Does the race settle?" in html
    config = json.loads(unescape(html.split('data-config="', 1)[1].split('"', 1)[0]))
    verdicts = config["predict"]["verdicts"]
    assert verdicts[answer].startswith("Right: ")
    wrong = next(k for k in verdicts if k != answer)
    assert verdicts[wrong].startswith("Not quite: ")
    assert config["predict"]["shown"].endswith("Compare a·b with m·n.")


@pytest.mark.parametrize("a", [0.3, 1.2])
def test_a_wrong_answer_fails_the_build_at_the_page_and_the_blocks_line(a, caplog):
    right, wrong = token(stable(a)), token(not stable(a))
    html, errors = built(BLOCK.format(a=a, answer=wrong), caplog)
    assert errors == [f'docs/p.md:5: block "sim-1" (model arms_race): predict: answer '
                      f"{wrong!r} is wrong: at the block's settings the model's stable is "
                      f"{right!r}"]
    assert "sim-broken" in html


def test_a_field_the_result_lacks_fails_the_build_naming_the_fields(caplog):
    source = BLOCK.format(a=0.3, answer="true").replace("field: stable", "field: steady")
    _, errors = built(source, caplog)
    assert len(errors) == 1
    assert errors[0].startswith('docs/p.md:5: block "sim-1" (model arms_race): predict: field '
                                "'steady' is not in the model's result; its fields are ")
    assert "stable" in errors[0]


def test_a_field_goes_into_the_result_by_dots_and_indices(caplog):
    result = registry.run("two_by_two", {}, 0).to_dict()
    source = ("model: two_by_two\npredict:\n  question: Where do they end up?\n"
              "  field: nash_equilibria.0\n  choices: {CC: Both cooperate, DD: Both defect}\n"
              f"  answer: {result['nash_equilibria'][0]}\n  why: Defection is dominant.\n")
    _, errors = built(source, caplog)
    assert errors == []


@pytest.mark.parametrize(("change", "message"), [
    (("answer: true", "answer: maybe"),
     "predict: answer 'maybe' is not one of the choices (true, false)"),
    (("  why: Compare a·b with m·n.\n", ""),
     "predict: missing why; it takes answer, choices, field, question, why"),
    (("choices: {true: It settles, false: It runs away}", "choices: {true: It settles}"),
     "predict: choices must map 2 to 5 values of the field to their labels (text)"),
])
def test_a_malformed_prediction_is_one_located_error(change, message, caplog):
    source = BLOCK.format(a=0.3, answer="true").replace(*change)
    _, errors = built(source, caplog)
    assert errors == [f'docs/p.md:5: block "sim-1" (model arms_race): {message}']


@pytest.mark.parametrize("limit", [5, 10, 11])
def test_a_field_can_be_compared_with_a_value(limit, caplog):
    survivors = registry.run("alliances", {"rule": "bandwagon"}, 5).data["survivors"]
    answer = token(survivors < limit)
    source = ("model: alliances\nseed: 5\nparams: {rule: bandwagon}\npredict:\n"
              "  question: Is any state conquered?\n"
              f"  field: survivors < {limit}\n  choices: {{true: Some are, false: None is}}\n"
              f"  answer: {answer}\n  why: Bandwagoning feeds the strong.\n")
    _, errors = built(source, caplog)
    assert errors == []
    _, errors = built(source.replace(f"answer: {answer}",
                                     f"answer: {token(survivors >= limit)}"), caplog)
    assert len(errors) == 1 and "is wrong" in errors[0]


def test_len_counts_a_lists_items(caplog):
    wars = len(registry.run("alliances", {"rule": "bandwagon"}, 5).data["wars"])
    source = ("model: alliances\nseed: 5\nparams: {rule: bandwagon}\npredict:\n"
              "  question: How many wars?\n  field: len(wars)\n"
              f"  choices: {{{wars}: Those, {wars + 1}: One more}}\n"
              f"  answer: {wars + 1}\n  why: Counted.\n")
    _, errors = built(source, caplog)
    assert errors == [f'docs/p.md:5: block "sim-1" (model alliances): predict: answer '
                      f"'{wars + 1}' is wrong: at the block's settings the model's len(wars) "
                      f"is '{wars}'"]


def test_the_guides_example_of_a_prediction_builds(caplog):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = next(m[1] for m in re.finditer(r"^```sim\n(.*?)^```$", guide, re.M | re.S)
                   if "predict:" in m[1])
    html, errors = built(example, caplog)
    assert errors == [] and "Predict first." in html
