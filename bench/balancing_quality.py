"""Working groups: solve time and quality of the integer program against a random draw and a
round-robin "deal by organisation", with the bound that needs no solver.

    python bench/balancing_quality.py [--seeds 3] [--sizes 48 90 150 400]

Two populations: "small orgs" (every organisation sends 2 to 6 people, like the demo's 20
organisations for 80 participants) and "skewed" (sizes from a Pareto law: a few large
CPAS-like organisations whose colleagues cannot all be separated, many small ASBLs). Both: as
many service users as workers, one facilitator per group up to 150 participants, languages
fr 80 % / nl 15 % / en 5 %, breakfast tables seated by the app's own arrival rule. Every hard
rule is checked on every run's output.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from partnerday.balancing import FACILITATOR, USER, WORKER, Member, GroupSettings, balance, \
    deal_by_organisation, lower_bounds, quality, random_draw  # noqa: E402
from partnerday.seating import seat_arrivals, tables_for  # noqa: E402

CASES = {48: (4, 10, 15), 90: (6, 10, 15), 150: (10, 10, 16), 400: (30, 10, 15)}


def organisations_of(n: int, mix: str, rng: random.Random) -> list[int]:
    if mix == "skewed":
        organisations = max(8, n // 5)
        weights = [rng.paretovariate(1.3) for _ in range(organisations)]
        return rng.choices(range(organisations), weights=weights, k=n)
    org_of: list[int] = []
    while len(org_of) < n:
        org_of += [len(set(org_of))] * rng.randint(2, 6)
    org_of = org_of[:n]
    rng.shuffle(org_of)
    return org_of


def population(n: int, groups: int, seed: int, mix: str) -> list[Member]:
    rng = random.Random(seed)
    org_of = organisations_of(n, mix, rng)
    facilitators = groups if n <= 150 else 0
    roles = [FACILITATOR] * facilitators
    rest = n - facilitators
    roles += [USER] * (rest // 2) + [WORKER] * (rest - rest // 2)
    rng.shuffle(roles)
    tables = seat_arrivals(org_of, tables_for(n, 8), 8, rng)
    languages = rng.choices(["fr", "nl", "en"], [80, 15, 5], k=n)
    return [Member(i, org_of[i], roles[i], languages[i], tables[i]) for i in range(n)]


def hard_rules_hold(members: list[Member], assignment: dict[int, int], s: GroupSettings) -> bool:
    sizes = Counter(assignment[m.id] for m in members)
    orgs = Counter(m.organisation for m in members)
    per = Counter((assignment[m.id], m.organisation) for m in members)
    fac = Counter(assignment[m.id] for m in members if m.role == FACILITATOR)
    has_fac = any(m.role == FACILITATOR for m in members)
    return (len(assignment) == len(members) and set(sizes) == set(range(1, s.groups + 1))
            and all(s.min_size <= c <= s.max_size for c in sizes.values())
            and max(sizes.values()) - min(sizes.values()) <= 1
            and all(c <= math.ceil(orgs[o] / s.groups) for (_, o), c in per.items())
            and (not has_fac or all(fac[g] == 1 for g in range(1, s.groups + 1))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(CASES))
    parser.add_argument("--mixes", nargs="+", default=["small orgs", "skewed"])
    args = parser.parse_args()
    for mix in args.mixes:
        print(f"\n### {mix}\n")
        table(args, mix)
    print(f"\nMeans over {args.seeds} seeds. \"hard rules\": sizes within [min, max] and even, "
          "no organisation above ceil(size/groups) in a group, one facilitator per group. "
          "\"fewer repeated pairs\": against deal by organisation.")


def table(args: argparse.Namespace, mix: str) -> None:
    print("| participants | groups | method | solve time (max) | proven optimal | max same org "
          "| worker/user gap | breakfast pairs | colleague pairs | repeated pairs | fewer repeated "
          "pairs | size spread | hard rules |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        groups, low, high = CASES[n]
        settings = GroupSettings(groups, low, high, time_limit=60)
        rows: dict[str, list] = {"solver": [], "deal by organisation": [], "random draw": [],
                                 "bound (no solver)": []}
        times, proven, rules_ok = [], [], {k: True for k in rows}
        for seed in range(args.seeds):
            members = population(n, groups, seed, mix)
            solution = balance(members, settings)
            times.append(solution.seconds)
            proven.append(solution.proven_optimal)
            for name, assignment in (("solver", solution.assignment),
                                     ("deal by organisation",
                                      deal_by_organisation(members, groups)),
                                     ("random draw",
                                      random_draw(members, groups, random.Random(seed)))):
                rows[name].append(quality(members, assignment, groups))
                rules_ok[name] &= hard_rules_hold(members, assignment, settings)
            rows["bound (no solver)"].append(lower_bounds(members, groups))
        dealt = statistics.mean(q.repeated_pairs for q in rows["deal by organisation"])
        for name, qualities in rows.items():
            mean = lambda attr: statistics.mean(getattr(q, attr) for q in qualities)  # noqa
            repeated = statistics.mean(q.colleague_pairs + q.tablemate_pairs for q in qualities)
            fewer = f"{1 - repeated / dealt:.0%}" if dealt else "-"
            solver_cols = (f"{max(times):.2f} s", f"{sum(proven)}/{len(proven)}") \
                if name == "solver" else ("", "")
            rules = "" if name.startswith("bound") else ("yes" if rules_ok[name] else "NO")
            print(f"| {n} | {groups} | {name} | {solver_cols[0]} | {solver_cols[1]} | "
                  f"{mean('max_same_organisation'):.1f} | {mean('role_imbalance'):.1f} | "
                  f"{mean('tablemate_pairs'):.1f} | {mean('colleague_pairs'):.1f} | "
                  f"{repeated:.1f} | {fewer} | {mean('size_spread'):.1f} | {rules} |")


if __name__ == "__main__":
    main()
