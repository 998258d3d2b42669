"""Many worlds, not one: a model run over N seeds, its endings counted with 95% intervals.

One seeded run is one world, and a lesson drawn from it may hold for that seed only. An ensemble
runs the model at the same parameters with the seeds ``seed, seed + 1, ..., seed + N - 1`` (a
block's ``seed:`` and ``worlds:``, or ``sims run MODEL --seed S --worlds N``), classifies each
world's ending by the model's own ``OUTCOMES`` (`sims.outcomes`), and returns one `Result`:
the share of the worlds that reached each ending with its 95% interval, the headline numbers of
every world, a table with one row per world (its CSV) and the charts (`sims.worlds_view`).

The work limits of the model's spec apply to the whole ensemble: N worlds must pass the limit one
run must pass (`sims.spec.for_worlds`).

**The interval.** For ``k`` worlds out of ``n`` ending one way, the Wilson score interval
(Wilson 1927, "Probable Inference, the Law of Succession, and Statistical Inference", *Journal
of the American Statistical Association* 22(158): 209-212), with ``p = k / n`` and ``z`` the
0.975 quantile of the standard normal distribution (1.959963984540054)::

    centre = (p + z**2 / (2 n)) / (1 + z**2 / n)
    half   = z / (1 + z**2 / n) * sqrt(p (1 - p) / n + z**2 / (4 n**2))

It stays inside [0, 1] and is not empty when ``k`` is 0 or ``n`` (where the normal
approximation's interval collapses to a point); Brown, Cai and DasGupta (2001, "Interval
Estimation for a Binomial Proportion", *Statistical Science* 16(2): 101-133) recommend it for
small ``n``.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from typing import Any

from . import registry
from .outcomes import Outcomes
from .result import Result
from .spec import ParamError, for_worlds, show
from .worlds_view import world_result

MAX_WORLDS = 200
Z95 = 1.959963984540054  # the standard normal distribution's 0.975 quantile


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``k`` successes in ``n`` trials (see the docstring)."""
    p = k / n
    spread = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / spread
    half = z / spread * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # At k = 0 and k = n the bounds are 0 and 1 exactly; computed, they can miss by a rounding.
    return (0.0 if k == 0 else max(0.0, centre - half),
            1.0 if k == n else min(1.0, centre + half))


def check_worlds(worlds: Any) -> int:
    """A number of worlds is a whole number from 1 to `MAX_WORLDS` (digits accepted)."""
    if isinstance(worlds, str) and worlds.strip().isdecimal():
        with contextlib.suppress(ValueError):  # more digits than int() converts: refused below
            worlds = int(worlds.strip())
    if isinstance(worlds, bool) or not isinstance(worlds, int) or not 1 <= worlds <= MAX_WORLDS:
        raise ParamError("worlds", f"{show(worlds)} is not allowed; expected a whole number "
                                   f"from 1 to {MAX_WORLDS}")
    return worlds


def outcomes_of(model_id: str) -> Outcomes:
    """The model's classification of its worlds; refused for a model without randomness."""
    found = getattr(registry.get(model_id), "OUTCOMES", None)
    if not isinstance(found, Outcomes):
        raise ParamError("worlds", f"{model_id} draws nothing at random, so every world "
                                   "would be the same run; run it once")
    return found


def run(model_id: str, params: Mapping[str, Any] | None, seed: Any, worlds: Any) -> Result:
    """The model over ``worlds`` seeds from ``seed`` (see the module's docstring)."""
    outcomes = outcomes_of(model_id)
    n = check_worlds(worlds)
    first = registry.check_seed(seed)
    if first + n - 1 > registry.MAX_SEED:
        raise ParamError("seed", f"{first} + {n} worlds passes the largest seed, "
                                 f"{registry.MAX_SEED}")
    with for_worlds(n):
        values = registry.get(model_id).SPEC.validate(params)
    results = [registry.run(model_id, values, s) for s in range(first, first + n)]
    kinds = outcomes.kinds(values)
    ends = [outcomes.classify(r) for r in results]
    unknown = sorted(set(ends) - {k for k, _ in kinds})
    if unknown:
        raise ValueError(f"{model_id}: OUTCOMES.classify gave {unknown[0]!r}, not one of its "
                         f"kinds {[k for k, _ in kinds]}")
    tally = []
    for kind, words in kinds:
        count = ends.count(kind)
        low, high = wilson(count, n)
        tally.append({"outcome": kind, "words": words, "count": count, "share": count / n,
                      "low": low, "high": high})
    measured = [outcomes.measure(r) for r in results]
    return world_result(model_id, values, first, tally, ends, outcomes.numbers(values),
                        measured)
