"""Print the ensemble figures behind the notes' corrected claims (issue 15), from the pages' own
blocks: ``python -m tests.worlds_figures``. The claims themselves are tested in
tests/unit/test_notes_claims.py; this only shows the numbers, for a reader of the closing note.
"""

from __future__ import annotations

import statistics

from sims import ensemble
from tests.unit.test_notes_claims import (
    EVOLUTION,
    MIXED,
    NOISY,
    NOISY_WORLDS,
    SPIRAL,
    SUSPICIOUS,
    TOURNAMENT,
    WALTZ_WORLD,
    WALTZ_WORLDS,
    blocks,
    over,
    scores,
    settings,
)


def block_summary(page: str, title: str, preset: str | None = None, **changes) -> str:
    block = blocks(page)[title]
    return ensemble.run(block.model, settings(page, title, preset, **changes), block.seed,
                        block.worlds).summary


def main() -> None:
    print("cooperation, noisy tournament, its block:", block_summary(*NOISY_WORLDS))
    runs = over(*TOURNAMENT, NOISY, seeds=range(100))
    forgiving = ("tit_for_two_tats", "generous_tit_for_tat")
    for name in forgiving:
        print(f"  {name} above tit for tat in",
              sum(scores(d)[name] > scores(d)["tit_for_tat"] for d in runs), "of 100 worlds")
    print("  both above tit for tat in",
          sum(all(scores(d)[f] > scores(d)["tit_for_tat"] for f in forgiving) for d in runs),
          "of 100 worlds")
    for rounds in (4, 5):
        won = [d["winner"] for d in over(*EVOLUTION, seeds=range(60), rounds=rounds)]
        print(f"evolution, opening world, {rounds} rounds: winners over 60 worlds",
              {w: won.count(w) for w in sorted(set(won), key=str)})
    for chance in (0.2, 0.3, 0.4, 0.7):
        print(f"debates, chance {chance}:", block_summary(*MIXED, bandwagon_share=chance))
    for preset in (None, "The same thirty worlds, balancing against threat"):
        print(f"waltz, {preset or 'balancing against power'}:",
              block_summary(*WALTZ_WORLDS, preset))
    for preset in ("Twenty states, balancing against power",
                   "Twenty states, balancing against threat"):
        ends = over(*WALTZ_WORLD, preset, seeds=range(21, 121))
        print(f"waltz, {preset}, 100 worlds: war in {sum(bool(d['wars']) for d in ends)}, "
              f"hegemon in {sum(d['hegemon'] for d in ends)}")
    final = [d["beliefs"]["A"][-1] for d in over(*SPIRAL, SUSPICIOUS, seeds=range(15, 215))]
    print(f"spiral, suspicious priors at 5%: median final suspicion over 200 worlds "
          f"{statistics.median(final):.1%}; without misperception it stays at 50%")


if __name__ == "__main__":
    main()
