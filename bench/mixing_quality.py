"""Tables tournantes (`mixing.plan_rounds`): how many new cross-organisation pairs each
round makes, beside a random draw of the same circle sizes and beside the best known
constructions, and how long a round takes.

    python bench/mixing_quality.py [--days 5]

1. A day of 150, then of 400 people (20, then 40 organisations of uneven sizes) who sat at
   tables of 8 and then in working groups (the app's balancing), then four rounds of
   circles of 6 to 7: the new pairs, the round's bound, how many rounds are proven optimal,
   the random draw's pairs, and the seconds.
2. The social golfer's problem, which the literature has solved exactly for these sizes:
   q² strangers in q circles of q for four rounds, nobody meeting twice. Affine planes give
   it for q = 5, 7 (built here, checked) and 8 (GF(8)); for q = 6 no two orthogonal Latin
   squares exist (Euler's 36 officers), so three rounds are the most without a repeat and
   the fourth must repeat pairs. The planner starts from the same strangers."""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerday.balancing import GroupSettings, Member, balance  # noqa: E402
from partnerday.mixing import MixingSettings, new_pairs, pair, plan_rounds, \
    random_rounds  # noqa: E402


def a_day(people: int, organisations: int, groups: int, rng: random.Random):
    weights = [rng.randint(1, 12) for _ in range(organisations)]
    organisation_of = {p: f"org{rng.choices(range(organisations), weights=weights)[0]}"
                       for p in range(1, people + 1)}
    order = list(organisation_of)
    rng.shuffle(order)
    tables = [order[i:i + 8] for i in range(0, people, 8)]
    table_of = {p: n for n, t in enumerate(tables) for p in t}
    size = -(-people // groups)
    solution = balance([Member(p, organisation_of[p], "worker", "fr", table_of[p])
                        for p in order], GroupSettings(groups, size - 2, size + 1, 20))
    met = {pair(a, b) for t in tables for a, b in combinations(t, 2)}
    by_group: dict[int, list[int]] = {}
    for person, group in solution.assignment.items():
        by_group.setdefault(group, []).append(person)
    met |= {pair(a, b) for c in by_group.values() for a, b in combinations(c, 2)}
    return organisation_of, met, [table_of, dict(solution.assignment)]


def random_total(organisation_of, met, settings, rng) -> int:
    known, total = set(met), 0
    for circles in random_rounds(organisation_of, settings, rng):
        total += new_pairs(circles, organisation_of, known)
        known |= {pair(a, b) for c in circles for a, b in combinations(c, 2)}
    return total


def affine_plane_rounds(q: int, rounds: int) -> list[list[list[int]]]:
    """Parallel classes of lines of AG(2, q), q prime: the rounds of a perfect schedule."""
    person = {(x, y): x * q + y + 1 for x in range(q) for y in range(q)}
    classes = [[[person[(x, y)] for y in range(q)] for x in range(q)]]  # vertical lines
    for slope in range(q):
        classes.append([[person[(x, (slope * x + b) % q)] for x in range(q)]
                        for b in range(q)])
    return classes[:rounds]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=5)
    args = parser.parse_args()
    settings = MixingSettings(4, 6, 7, 5.0)
    for people, organisations, groups in ((150, 20, 6), (400, 40, 16)):
        planned, drawn, proven, rounds, seconds, gaps = [], [], 0, 0, [], []
        for day in range(args.days):
            rng = random.Random(day)
            organisation_of, met, cliques = a_day(people, organisations, groups, rng)
            plan = plan_rounds(organisation_of, met, settings, day, cliques)
            planned.append(sum(f.new_pairs for f in plan.figures))
            drawn.append(random_total(organisation_of, met, settings, rng))
            proven += sum(f.proven_optimal for f in plan.figures)
            rounds += len(plan.figures)
            seconds += [f.seconds for f in plan.figures]
            gaps += [f.gap for f in plan.figures]
        print(f"{people} people, 4 rounds of 6-7, {args.days} days: new cross-organisation "
              f"pairs {statistics.mean(planned):.0f} (random draw {statistics.mean(drawn):.0f},"
              f" ×{statistics.mean(p / d for p, d in zip(planned, drawn)):.2f}); "
              f"{proven}/{rounds} rounds proven optimal, largest gap to the bound "
              f"{max(gaps):.1%}; seconds a round: median {statistics.median(seconds):.2f}, "
              f"max {max(seconds):.2f}")
    for q in (5, 6, 7, 8):
        organisation_of = {p: f"alone{p}" for p in range(1, q * q + 1)}
        best = 4 * q * math.comb(q, 2)  # nobody twice: what a perfect schedule gives
        if q in (5, 7):
            built = affine_plane_rounds(q, 4)
            known, total = set(), 0
            for circles in built:
                total += new_pairs(circles, organisation_of, known)
                known |= {pair(a, b) for c in circles for a, b in combinations(c, 2)}
            assert total == best, (q, total, best)
        started = time.perf_counter()
        plan = plan_rounds(organisation_of, set(), MixingSettings(4, q, q, 5.0), seed=q)
        ours = sum(f.new_pairs for f in plan.figures)
        if q == 6:
            print(f"36 strangers in 6 circles of 6, 4 rounds: planner {ours} new pairs of the "
                  f"{best} a perfect schedule would give ({best - ours} pairs met twice); none "
                  "exists (it would be two orthogonal Latin squares of order 6): the best "
                  "known is 3 rounds with no pair twice, the 4th's fewest repeats unknown; "
                  f"{time.perf_counter() - started:.2f} s")
            continue
        note = ("affine plane AG(2,8), 4 of its 9 parallel classes" if q == 8 else
                f"AG(2,{q}), built and checked here")
        print(f"{q * q} strangers in {q} circles of {q}, 4 rounds: planner {ours} new pairs, "
              f"best known {best} ({note}), gap {(best - ours) / best:.1%}, "
              f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
