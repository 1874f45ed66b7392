"""The 6 → 3 merge chosen for encounters (`encounters.merge_for_encounters`), beside the
pairs chosen for the cases alone and a pairing drawn at random among those covering as many
cases: the new cross-organisation pairs of people each brings, and the time to weigh every
pairing.

    python bench/merge_encounters.py [--people 150] [--days 20]

A day here: people of 20 organisations of uneven sizes, at tables of 8 drawn at random,
then in groups by the app's balancing (as on the day, spreading tablemates), three cases
per six groups."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerday.balancing import GroupSettings, Member, balance  # noqa: E402
from partnerday.encounters import _new_pairs_between, merge_for_encounters  # noqa: E402
from partnerday.rotation import coverage, own_cases, pairings  # noqa: E402


def a_day(people: int, rng: random.Random) -> dict[int, str]:
    sizes = [rng.randint(1, 12) for _ in range(20)]
    organisation_of = {p: f"org{rng.choices(range(20), weights=sizes)[0]}"
                       for p in range(1, people + 1)}
    return organisation_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    for groups, cases in ((6, 3), (12, 6)):
        chosen, cases_only, drawn, seconds = [], [], [], []
        for day in range(args.days):
            rng = random.Random(day)
            organisation_of = a_day(args.people, rng)
            order = list(organisation_of)
            rng.shuffle(order)
            tables = [order[i:i + 8] for i in range(0, len(order), 8)]
            met = {pair for t in tables for pair in combinations(sorted(t), 2)}
            table_of = {p: i for i, t in enumerate(tables) for p in t}
            members = [Member(p, organisation_of[p], "worker", "fr", table_of[p]) for p in order]
            size = -(-args.people // groups)
            solution = balance(members, GroupSettings(groups, size - 2, size + 1, 10))
            by_group: dict[int, list[int]] = {}
            for person, group in solution.assignment.items():
                by_group.setdefault(group, []).append(person)
            for circle in by_group.values():
                met |= set(combinations(sorted(circle), 2))
            assigned = own_cases(groups, cases)
            started = time.perf_counter()
            choice = merge_for_encounters(assigned, by_group, organisation_of, met)
            seconds.append(time.perf_counter() - started)
            most = max(coverage(p, assigned) for p in pairings(sorted(assigned)))
            eligible = [p for p in pairings(sorted(assigned)) if coverage(p, assigned) == most]
            pick = rng.choice(eligible)
            chosen.append(choice.new_pairs)
            cases_only.append(choice.by_cases_only)
            drawn.append(sum(_new_pairs_between(by_group[a], by_group[b], organisation_of, met)
                             for a, b in pick))
        print(f"{args.people} people, {groups} groups ({cases} cases), {args.days} days: "
              f"new cross-organisation pairs at the merge, mean: for encounters "
              f"{statistics.mean(chosen):.0f}, cases only {statistics.mean(cases_only):.0f}, "
              f"random eligible {statistics.mean(drawn):.0f}; best/cases-only "
              f"{statistics.mean(c / max(o, 1) for c, o in zip(chosen, cases_only)):.3f}; "
              f"weighing every pairing: {max(seconds) * 1000:.1f} ms at most")


if __name__ == "__main__":
    main()
