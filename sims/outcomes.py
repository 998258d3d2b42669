"""How a model with randomness tells one world's ending from another's, for `sims.ensemble`.

A model whose runs depend on the seed defines ``OUTCOMES``, an `Outcomes`: the endings a run can
have at given parameters (each with its words, as they begin a sentence of the ensemble's
summary), which of them one result reached, and the headline numbers of a result whose spread
over the worlds is shown (each with its label and its unit; numbers of one unit share a chart).
A model that draws nothing at random has none, and an ensemble of it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .result import Result

Params = dict[str, Any]


@dataclass(frozen=True)
class Number:
    """A headline number of one world: its key in `Outcomes.measure`, its label and unit."""

    name: str
    label: str
    unit: str
    percent: bool = False  # a share or a probability: read as a percentage


@dataclass(frozen=True)
class Outcomes:
    """A model's classification of its worlds (see the module's docstring).

    ``kinds(params)``: the possible endings, in the order they are told, as (id, words);
    ``classify(result)``: the id of the ending ``result`` reached;
    ``numbers(params)``: the headline numbers; ``measure(result)``: their values, by name.
    """

    kinds: Callable[[Params], list[tuple[str, str]]]
    classify: Callable[[Result], str]
    numbers: Callable[[Params], list[Number]]
    measure: Callable[[Result], dict[str, float]]
