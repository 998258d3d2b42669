"""A block's prediction: a question the reader answers before the result is shown.

    predict:
      question: Does this race settle or run away?
      field: stable            # a field of the model's result (dots go into it: final.x),
                               # or a comparison of one with a value: survivors < 10,
                               # len(wars) > 0 (len: how many items a list holds)
      choices: {true: It settles, false: It runs away}
      answer: true             # the choice the model's result gives
      why: a·b = 0.09 is below m·n = 0.36, so fatigue damps every round of the spiral.

The choices' keys are values the field can take, and the build checks the declared answer
against the model's result at the block's own settings: a wrong answer, or a field the result
does not have, fails ``mkdocs build --strict`` at the page's file and the block's line, like a
bad parameter. The static block shows the question, the choices and the answer (without
JavaScript and in print everything is shown); the page (docs/javascripts/sims-predict.js) turns
it into a radio group and hides the result until the reader commits a choice, then places the
verdict made here for that choice.
"""

from __future__ import annotations

import json
import operator
import re
from html import escape
from typing import Any

KEYS = {"question", "field", "choices", "answer", "why"}
COMPARISONS = {"==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge,
               "<": operator.lt, ">": operator.gt}
LENGTH = re.compile(r"len\((?P<path>.+)\)")
COMPARED = re.compile(r"(?P<path>.+?)\s*(?P<op>==|!=|<=|>=|<|>)\s*(?P<value>.+)")


class PredictError(ValueError):
    """A mistake in a block's ``predict:``; the fence tells it at the block's line."""


def token(value: Any) -> str:
    """A value as the key of a choice: true/false/null as JSON spells them, the rest as text."""
    return json.dumps(value) if value is None or isinstance(value, bool) else str(value)


def parse(raw: Any) -> dict[str, Any] | None:
    """A block's ``predict:`` checked for shape: ``{question, field, choices, answer, why}``
    with ``choices`` as ``[[key, label], ...]`` and every key a `token`."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise PredictError("predict: expected a mapping with " + ", ".join(sorted(KEYS)))
    unknown, missing = sorted(set(raw) - KEYS), sorted(KEYS - set(raw))
    if unknown or missing:
        what = f"unknown key {unknown[0]!r}" if unknown else f"missing {', '.join(missing)}"
        raise PredictError(f"predict: {what}; it takes {', '.join(sorted(KEYS))}")
    for key in ("question", "field", "why"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise PredictError(f"predict: {key} must be text")
    choices = raw["choices"]
    if not isinstance(choices, dict) or not 2 <= len(choices) <= 5 \
            or not all(isinstance(label, str) and label.strip() for label in choices.values()):
        raise PredictError("predict: choices must map 2 to 5 values of the field to their "
                           "labels (text)")
    pairs = [[token(key), label.strip()] for key, label in choices.items()]
    answer = token(raw["answer"])
    if answer not in {key for key, _ in pairs}:
        raise PredictError(f"predict: answer {answer!r} is not one of the choices "
                           f"({', '.join(key for key, _ in pairs)})")
    return {"question": raw["question"].strip(), "field": raw["field"].strip(),
            "choices": pairs, "answer": answer, "why": raw["why"].strip()}


def field_value(data: dict[str, Any], path: str) -> Any:
    """The value at ``path`` (dot-separated keys or list indices) of a result's JSON data."""
    value: Any = data
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdecimal() and int(part) < len(value):
            value = value[int(part)]
        else:
            fields = ", ".join(sorted(k for k in data if k not in ("tables", "charts")))
            raise PredictError(f"predict: field {path!r} is not in the model's result; "
                               f"its fields are {fields}")
    return value


def operand(data: dict[str, Any], path: str) -> Any:
    """A field of the result, or ``len(field)``: how many items it holds."""
    length = LENGTH.fullmatch(path.strip())
    if length is None:
        return field_value(data, path.strip())
    value = field_value(data, length["path"].strip())
    if not isinstance(value, list | dict):
        raise PredictError(f"predict: {path!r}: {length['path']!r} is not a list")
    return len(value)


def evaluate(data: dict[str, Any], field: str) -> Any:
    """A field (or its `len`), or a comparison of one with a JSON value (``survivors < 10``)."""
    compared = COMPARED.fullmatch(field.strip())
    if compared is None:
        return operand(data, field)
    try:
        other = json.loads(compared["value"])
    except ValueError:
        other = compared["value"]
    value = operand(data, compared["path"])
    try:
        return COMPARISONS[compared["op"]](value, other)
    except TypeError:
        raise PredictError(f"predict: {field!r} compares {token(value)!r} with "
                           f"{token(other)!r}, which cannot be compared") from None


def check(predict: dict[str, Any], data: dict[str, Any]) -> None:
    """The declared answer is what the model's result (``Result.to_dict()``) gives."""
    actual = token(evaluate(data, predict["field"]))
    if actual != predict["answer"]:
        listed = {key for key, _ in predict["choices"]}
        also = "" if actual in listed else " (which is none of the choices)"
        raise PredictError(f"predict: answer {predict['answer']!r} is wrong: at the block's "
                           f"settings the model's {predict['field']} is {actual!r}{also}")


def config(predict: dict[str, Any]) -> dict[str, Any]:
    """What the page needs: the question, the choices and the verdict for each of them (and
    for "Just show me"), every sentence made here."""
    labels = dict(predict["choices"])
    right, why = labels[predict["answer"]], predict["why"]
    verdicts = {key: (f"Right: {label}. {why}" if key == predict["answer"] else
                      f"Not quite: you predicted “{label}”, but the result is “{right}”. {why}")
                for key, label in predict["choices"]}
    return {"question": predict["question"], "choices": predict["choices"],
            "answer": predict["answer"], "verdicts": verdicts,
            "shown": f"The answer: {right}. {why}"}


def static_html(predict: dict[str, Any]) -> str:
    """The prediction as a reader without JavaScript, or on paper, reads it: all of it."""
    labels = dict(predict["choices"])
    items = "".join(f"<li>{escape(label)}</li>" for _, label in predict["choices"])
    return (f"<div class=\"sim-predict\"><div class=\"sim-predict-static\">"
            f"<p class=\"sim-predict-question\"><strong>Predict first.</strong> "
            f"{escape(predict['question'])}</p><ul class=\"sim-predict-choices\">{items}</ul>"
            f"<p class=\"sim-predict-answer\">The answer: "
            f"{escape(labels[predict['answer']])}. {escape(predict['why'])}</p></div></div>")
