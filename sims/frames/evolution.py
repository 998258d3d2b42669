"""Evolution's generations as a population of tokens, one per player, coloured by strategy.

In tournament mode a token is a player: generation by generation, the tokens of a strategy that
lost players take the colour of the strategies that gained them, so a reader sees individual
players change strategy (Case 2017 draws the same: the worst players removed, copies of the best
added). Which tokens change is a drawing choice, not the model's (it does not follow players):
each strategy that shrinks gives up its last tokens, in token order, and the strategies that grow
take them in the strategies' order. The number of tokens of each strategy at generation g is the
model's count at g.

In replicator mode the population is infinite: :data:`TOKENS` tokens stand for it, each strategy
getting its share of them by largest remainder (Hamilton's method), so a token is 2% of the
population.
"""

from __future__ import annotations

import math
from typing import Any

from ..models import strategies as st
from ..result import Result
from .stage import Stage, colour, px, step_label

TOKENS = 50  # tokens that stand for an infinite population (replicator mode)
WIDTH = 320  # px, as every stage: ten tokens a row up to 50 tokens, twenty above
WIDE = 20


def apportion(shares: dict[str, float], seats: int) -> dict[str, int]:
    """``seats`` whole tokens shared in proportion to ``shares`` (largest remainder)."""
    quotas = {s: share * seats for s, share in shares.items()}
    whole = {s: math.floor(q) for s, q in quotas.items()}
    left = seats - sum(whole.values())
    by_remainder = sorted(quotas, key=lambda s: (-(quotas[s] - whole[s]), list(quotas).index(s)))
    for s in by_remainder[:left]:
        whole[s] += 1
    return whole


def counts_by_generation(result: Result) -> list[dict[str, int]]:
    """Tokens of each strategy per generation: the model's counts, or apportioned shares."""
    shares: dict[str, list[float]] = result.data["shares"]
    counts: dict[str, list[int]] | None = result.data["counts"]
    generations = range(len(next(iter(shares.values()))))
    if counts is not None:
        return [{s: counts[s][g] for s in counts} for g in generations]
    return [apportion({s: shares[s][g] for s in shares}, TOKENS) for g in generations]


def assign(history: list[dict[str, int]]) -> list[list[str]]:
    """Each token's strategy per generation, changing as few tokens as the counts allow."""
    kinds = list(history[0])
    owner = [s for s in kinds for _ in range(history[0][s])]
    frames = [list(owner)]
    for counts in history[1:]:
        held = {s: [k for k, o in enumerate(owner) if o == s] for s in kinds}
        freed = sorted(k for s in kinds for k in held[s][counts[s]:])
        for s in kinds:
            for _ in range(counts[s] - len(held[s])):
                owner[freed.pop(0)] = s
        frames.append(list(owner))
    return frames


def _words(counts: dict[str, int], shares: dict[str, float] | None) -> str:
    kinds = sorted(counts, key=lambda s: -counts[s])
    if shares is None:
        return ", ".join(f"{counts[s]} {st.label(s).lower()}" for s in kinds)
    return ", ".join(f"{st.label(s).lower()} {shares[s]:.0%}" for s in kinds)


def frames(result: Result) -> Stage:
    history = counts_by_generation(result)
    owners = assign(history)
    kinds = list(history[0])
    n = len(owners[0])
    columns = 10 if n <= TOKENS else WIDE
    cell = WIDTH // columns
    rows = math.ceil(n / columns)
    infinite = result.data["counts"] is None
    what = ("Each mark is one fiftieth of the population" if infinite else
            "Each mark is one player")
    stage = Stage(
        "The population, generation by generation",
        f"{what}, coloured by its strategy; step through the generations to watch players "
        "change strategy.", "Generation", columns * cell, rows * cell,
        legend=[{"class": colour(i), "text": st.label(s)} for i, s in enumerate(kinds)])
    index = {s: i for i, s in enumerate(kinds)}
    tokens = [stage.add("circle", cx=px((k % columns + 0.5) * cell),
                        cy=px((k // columns + 0.5) * cell), r=px(cell * 0.38),
                        class_="sim-token") for k in range(n)]
    last = len(history) - 1
    shares: dict[str, list[float]] = result.data["shares"]
    for g, (counts, owner) in enumerate(zip(history, owners, strict=True)):
        at: dict[str, Any] = {s: shares[s][g] for s in kinds} if infinite else None
        stage.frame(step_label("Generation", g, last),
                    f"Generation {g}: {_words(counts, at)}.",
                    {(tokens[k], "class"): f"sim-token {colour(index[s])}"
                     for k, s in enumerate(owner)})
    return stage
