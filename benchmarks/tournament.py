"""How fast our round-robin tournament runs, against the axelrod library, with equal scores.

The round robin of the ten deterministic strategies at 200 turns, self-play included (55
matches), one repetition, the payoffs (3, 0, 5, 1). Timed, as the median of several runs with
time.perf_counter, in one process on one machine:

  (a) ours, a full run: ``registry.run("iterated", ...)``, i.e. validation, the tournament,
      ranking, summary, table and charts;
  (b) ours, the matches alone: ``iterated.tournament`` plus the head-to-head means;
  (c) ``axelrod.Tournament(players, turns=200, repetitions=1).play(processes=None)``: axelrod's
      serial, single-process path (its default), building its ResultSet;
  (d) a plain loop of ``axelrod.Match((p, q), turns=200).play()`` over the same 55 pairs, each
      with fresh players (a clone for self-play) and ``final_score_per_turn``.

Every run of ours is a real simulation of every match: nothing is cached between runs or
between matches. The script then checks that every head-to-head score, and every tournament
score (axelrod's normalised score), is identical, and prints the speed ratios a/c and b/d.
Goals: (c)/(a) >= 20 and (d)/(b) >= 5.

Run: .venv/bin/python benchmarks/tournament.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sims import registry  # noqa: E402
from sims.models import iterated  # noqa: E402
from sims.models import strategies as st  # noqa: E402

warnings.filterwarnings("ignore")
import axelrod as axl  # noqa: E402

TURNS = 200
PAY = (3.0, 0.0, 5.0, 1.0)
IDS = [s for s in st.IDS if not st.STRATEGIES[s].stochastic]


def axelrod_players() -> list:
    return [getattr(axl, st.STRATEGIES[s].axelrod)() for s in IDS]


def ours_full() -> dict:
    return registry.run("iterated", {"strategies": IDS, "turns": TURNS, "repetitions": 1})


def ours_matches() -> dict:
    tally = iterated.tournament(IDS, TURNS, 0, 0, 1, PAY, random.Random(0).random)
    return iterated.head_to_head(tally)


def axelrod_tournament():
    game = axl.Game(r=3, s=0, t=5, p=1)
    tour = axl.Tournament(axelrod_players(), game=game, turns=TURNS, repetitions=1)
    return tour.play(processes=None, progress_bar=False)


def axelrod_matches() -> dict:
    game = axl.Game(r=3, s=0, t=5, p=1)
    players = axelrod_players()
    out: dict[str, dict[str, float]] = {a: {} for a in IDS}
    for i, a in enumerate(IDS):
        for j in range(i, len(IDS)):
            first, second = players[i].clone(), players[j].clone()
            match = axl.Match((first, second), turns=TURNS, game=game)
            match.play()
            score_a, score_b = match.final_score_per_turn()
            out[a][IDS[j]], out[IDS[j]][a] = score_a, score_b
    return out


def median_time(fn, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    runs = parser.parse_args().runs

    t_full, result = median_time(ours_full, runs)
    t_core, ours = median_time(ours_matches, runs)
    t_tour, results = median_time(axelrod_tournament, max(3, runs // 2))
    t_loop, theirs = median_time(axelrod_matches, max(3, runs // 2))

    mismatches = [(a, b, ours[a][b], theirs[a][b]) for a in IDS for b in IDS
                  if ours[a][b] != theirs[a][b]]
    mismatches += [(a, b, result.data["head_to_head"][a][b], theirs[a][b])
                   for a in IDS for b in IDS if result.data["head_to_head"][a][b] != theirs[a][b]]
    mismatches += [(a, b, ours[a][b], float(results.payoff_matrix[i][j]))
                   for i, a in enumerate(IDS) for j, b in enumerate(IDS)
                   if ours[a][b] != float(results.payoff_matrix[i][j])]
    scores = {r["strategy"]: r["score"] for r in result.data["ranking"]}
    mismatches += [(a, "tournament score", scores[a], float(results.normalised_scores[i][0]))
                   for i, a in enumerate(IDS)
                   if abs(scores[a] - results.normalised_scores[i][0]) > 1e-12]

    pairs = iterated.matches(len(IDS))
    print(f"Round robin of {len(IDS)} deterministic strategies, {pairs} matches (self-play "
          f"included) of {TURNS} turns; median of {runs} runs (axelrod: "
          f"{max(3, runs // 2)}); Python {sys.version.split()[0]}, axelrod {axl.__version__}")
    print(f"  (a) ours, full run (registry.run)          {t_full * 1000:9.2f} ms")
    print(f"  (b) ours, matches only (tournament)        {t_core * 1000:9.2f} ms")
    print(f"  (c) axelrod.Tournament, processes=None     {t_tour * 1000:9.2f} ms  (serial)")
    print(f"  (d) loop of axelrod.Match                  {t_loop * 1000:9.2f} ms")
    print(f"  per turn played, ours (b): {t_core / (pairs * TURNS) * 1e9:.0f} ns")
    print(f"  speed-up (c)/(a): {t_tour / t_full:6.1f}x   (goal >= 20x)")
    print(f"  speed-up (d)/(b): {t_loop / t_core:6.1f}x   (goal >= 5x)")
    print(f"  speed-up (d)/(a): {t_loop / t_full:6.1f}x")
    if mismatches:
        print(f"  SCORES DIFFER in {len(mismatches)} places, e.g. {mismatches[:3]}")
        return 1
    print(f"  scores identical: all {len(IDS) ** 2} head-to-head scores and "
          f"{len(IDS)} tournament scores")
    ok = t_tour / t_full >= 20 and t_loop / t_core >= 5
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
