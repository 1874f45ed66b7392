"""Breakfast seating quality: same-organisation pairs at tables, for simulated arrivals.

Compares, on the same people and the same number of tables:
- the arrival rule the app uses (fewest colleagues, then emptiest table, as people arrive),
- a random draw (the organisers' first idea: "tirage au sort"),
- the best seating in hindsight, knowing everyone in advance (integer program, PuLP/CBC),
- the bound of a perfect spread of each organisation (no solver).

    python bench/seating_quality.py [--seeds 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import pulp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from partnerday.seating import pairs_lower_bound, random_seating, same_organisation_pairs, \
    seat_arrivals, tables_for  # noqa: E402

CAPACITY = 8
MIXES = {
    # name -> organisation sizes for a given attendance: a few large CPAS-like organisations and
    # many small ASBLs, or organisations of even size.
    "even (20 orgs)": lambda n: [n // 20 + (1 if i < n % 20 else 0) for i in range(20)],
    "skewed (3 large + small)": lambda n: skewed(n),
}


def skewed(n: int) -> list[int]:
    large = [round(n * 0.15)] * 3
    rest = n - sum(large)
    small = [3] * (rest // 3) + ([rest % 3] if rest % 3 else [])
    return large + small


def people(sizes: list[int], rng: random.Random) -> list[int]:
    arrivals = [org for org, size in enumerate(sizes) for _ in range(size)]
    rng.shuffle(arrivals)
    return arrivals


def best_in_hindsight(organisations: list[int], tables: int, capacity: int,
                      time_limit: float = 60) -> tuple[int, str, float]:
    """Fewest same-organisation pairs over all seatings; pairs(x) = sum over k<=x of (k-1)."""
    counts = Counter(organisations)
    problem = pulp.LpProblem("seating", pulp.LpMinimize)
    y = {(t, o, k): pulp.LpVariable(f"y_{t}_{o}_{k}", cat="Binary")
         for t in range(tables) for o, n in counts.items()
         for k in range(1, min(n, capacity) + 1)}
    problem += pulp.lpSum((k - 1) * var for (t, o, k), var in y.items())
    for o, n in counts.items():
        problem += pulp.lpSum(var for (t, oo, k), var in y.items() if oo == o) == n
    for t in range(tables):
        problem += pulp.lpSum(var for (tt, o, k), var in y.items() if tt == t) <= capacity
    started = time.perf_counter()
    problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit))
    elapsed = time.perf_counter() - started
    return round(pulp.value(problem.objective)), pulp.LpStatus[problem.status], elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[48, 90, 150])
    args = parser.parse_args()
    print("| attendance | organisations | tables | arrival rule | random draw | best in "
          "hindsight | perfect-spread bound | solve time |")
    print("|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        for mix_name, mix in MIXES.items():
            sizes = mix(n)
            rule, drawn, best, bound, solve = [], [], [], [], []
            for seed in range(args.seeds):
                rng = random.Random(seed)
                orgs = people(sizes, rng)
                tables = tables_for(n, CAPACITY)
                # separate generators: a draw with the arrivals' own seed would repeat their
                # permutation and mix perfectly by accident
                seats = seat_arrivals(orgs, tables, CAPACITY, random.Random(10_000 + seed))
                rule.append(same_organisation_pairs(seats, orgs))
                drawn.append(same_organisation_pairs(
                    random_seating(n, tables, CAPACITY, random.Random(20_000 + seed)), orgs))
                optimum, status, elapsed = best_in_hindsight(orgs, tables, CAPACITY)
                assert status == "Optimal", status
                best.append(optimum)
                bound.append(pairs_lower_bound(orgs, tables))
                solve.append(elapsed)
            print(f"| {n} | {mix_name} | {tables_for(n, CAPACITY)} | "
                  f"{statistics.mean(rule):.1f} | {statistics.mean(drawn):.1f} | "
                  f"{statistics.mean(best):.1f} | {statistics.mean(bound):.1f} | "
                  f"{statistics.mean(solve):.2f} s |")
    print(f"\nMeans over {args.seeds} seeds (random arrival order); tables of {CAPACITY}.")


if __name__ == "__main__":
    main()
