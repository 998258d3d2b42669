"""The parameter spec: one place that accepts or rejects every value, whatever its source."""

from __future__ import annotations

import math

import pytest

from sims.spec import ParamError, Spec, boolean, budget, choice, choices, integer, number

SPEC = Spec((
    number("rate", 0.5, 0, 1, "Rate", "A probability."),
    integer("turns", 10, 1, 100, "Turns", "How many turns."),
    choice("rule", "a", ["a", "b"], "Rule", "Which rule."),
    boolean("clip", False, "Clip", "Whether to clip."),
    choices("who", ["x"], ["x", "y", "z"], "Who", "Which ones.", min_items=1),
), check=budget(500, lambda v: v["turns"] * len(v["who"]), "turns × players",
                "lower the turns"))


def test_defaults_fill_what_is_not_given():
    assert SPEC.validate({}) == {"rate": 0.5, "turns": 10, "rule": "a", "clip": False,
                                 "who": ["x"]}


@pytest.mark.parametrize(("raw", "expected"), [
    ({"rate": "0.25"}, {"rate": 0.25}),
    ({"rate": 1}, {"rate": 1.0}),
    ({"turns": "7"}, {"turns": 7}),
    ({"turns": 7.0}, {"turns": 7}),
    ({"rule": " b "}, {"rule": "b"}),
    ({"clip": "true"}, {"clip": True}),
    ({"clip": "off"}, {"clip": False}),
    ({"who": "x,y,x"}, {"who": ["x", "y"]}),
    ({"who": ["z", "y"]}, {"who": ["z", "y"]}),
])
def test_values_from_text_or_json_are_coerced(raw, expected):
    values = SPEC.validate(raw)
    for key, value in expected.items():
        assert values[key] == value and type(values[key]) is type(value)


@pytest.mark.parametrize(("raw", "fragment"), [
    ({"rate": 1.5}, "rate: 1.5 is not allowed; expected a number from 0 to 1"),
    ({"rate": -0.1}, "rate: -0.1 is not allowed"),
    ({"rate": "abc"}, "rate: 'abc' is not allowed"),
    ({"rate": ""}, "rate: '' is not allowed"),
    ({"rate": math.nan}, "rate: nan is not allowed"),
    ({"rate": "nan"}, "rate: 'nan' is not allowed"),
    ({"rate": math.inf}, "rate: inf is not allowed"),
    ({"rate": "1e999"}, "rate: '1e999' is not allowed"),
    ({"rate": True}, "rate: True is not allowed"),
    ({"rate": [1]}, "rate: [1] is not allowed"),
    ({"rate": None}, "rate: None is not allowed"),
    ({"turns": 2.5}, "turns: 2.5 is not allowed; expected a whole number from 1 to 100"),
    ({"turns": "10.0"}, "turns: '10.0' is not allowed"),
    ({"turns": 10**30}, "turns: "),
    ({"rule": "c"}, "rule: 'c' is not allowed for Rule; expected one of \"a\", \"b\""),
    ({"rule": 1}, "rule: 1 is not allowed"),
    ({"clip": "maybe"}, "clip: 'maybe' is not allowed; expected true or false"),
    ({"clip": 1}, "clip: 1 is not allowed"),
    ({"who": "x,w"}, "who: 'w' is not allowed for Who; expected a list of \"x\", \"y\", \"z\""),
    ({"who": ""}, "who: '' is not allowed"),
    ({"who": []}, "who: choose at least 1; got 0"),
    ({"who": {"x": 1}}, "who: {'x': 1} is not allowed"),
    ({"nope": 1}, "nope: unknown parameter; this model takes rate, turns, rule, clip, who"),
    ({"turns": 100, "who": "x,y,z"}, "too much work: turns × players = 300"),
])
def test_bad_values_are_rejected_naming_parameter_value_and_what_is_allowed(raw, fragment):
    if "too much work" in fragment:
        limited = Spec(SPEC.params, check=budget(200, lambda v: v["turns"] * len(v["who"]),
                                                 "turns × players", "lower the turns"))
        with pytest.raises(ParamError, match="too much work") as err:
            limited.validate(raw)
    else:
        with pytest.raises(ParamError) as err:
            SPEC.validate(raw)
    assert fragment in str(err.value)


def test_a_very_long_value_is_shortened_in_the_message():
    with pytest.raises(ParamError) as err:
        SPEC.validate({"rate": "9" * 10_000})
    assert len(str(err.value)) < 200


def test_the_budget_allows_work_up_to_its_limit():
    assert SPEC.validate({"turns": 100, "who": "x,y,z"})["turns"] == 100  # 300 <= 500


def test_controls_json_carries_bounds_step_and_choices():
    rate, turns, rule, _, who = SPEC.to_list()
    assert (rate["min"], rate["max"], rate["kind"]) == (0.0, 1.0, "number")
    assert rate["step"] == 0.01 and turns["step"] == 1
    assert rule["choices"] == ["a", "b"] and who["min_items"] == 1


def test_a_spec_with_an_invalid_default_or_duplicate_names_is_refused():
    with pytest.raises(ParamError):
        number("x", 5, 0, 1, "X", "Out of its own range.")
    with pytest.raises(ValueError, match="duplicate"):
        Spec((boolean("x", True, "X", ""), boolean("x", False, "X", "")))


LABELLED = Spec((
    choice("kind", "seeker", ["seeker", "greedy"], "A is really", "A's motive.",
           labels=["a security seeker", "an expansionist"]),
    choices("pick", ["wsls"], ["wsls", "tft"], "Strategies", "Which ones.",
            labels=["Win-stay, lose-shift", "Tit for tat"]),
))


@pytest.mark.parametrize(("raw", "message"), [
    ({"kind": "bogus"}, "kind: 'bogus' is not allowed for A is really; expected one of "
                        "\"a security seeker\", \"an expansionist\""),
    ({"pick": "tft,nope"}, "pick: 'nope' is not allowed for Strategies; expected a list of "
                           "\"Win-stay, lose-shift\", \"Tit for tat\""),
    ({"pick": 7}, "pick: 7 is not allowed for Strategies; expected a list of "
                  "\"Win-stay, lose-shift\", \"Tit for tat\""),
])
def test_a_refused_choice_names_the_parameter_and_the_choices_by_their_labels(raw, message):
    """The reader's words, not the ids: a label may hold a comma, so each one is quoted."""
    with pytest.raises(ParamError) as err:
        LABELLED.validate(raw)
    assert str(err.value) == message
    assert "greedy" not in message and "wsls" not in message


def test_a_model_refuses_a_choice_in_the_words_of_its_controls():
    from sims import registry

    with pytest.raises(ParamError) as err:
        registry.run("spiral", {"type_a": "security_seekr"})
    assert str(err.value).endswith("is not allowed for A is really; expected one of "
                                   "\"a security seeker\", \"an expansionist\"")
    assert "security_seeker," not in str(err.value)
