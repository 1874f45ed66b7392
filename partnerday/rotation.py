"""Case-study rounds: which actor (case) visits which group in which round.

Three ways to run them, as the organisers' notes list them:
- "all": every group sees every case; no group sees a case twice and no actor is in two
  groups at once, in the fewest rounds (max(groups, cases): a Latin-square rotation);
- "own": each group gets its own cases, spread evenly; actors visit their groups one round
  after another; the groups then present in a pooling order, case by case;
- "merge": as "own", then groups merge in pairs at the end of the day, paired so that each
  merged pair covers as many different cases as possible;
- "written": every group works every round and sees every case, in as many rounds as there
  are cases: where more groups than actors share a case in a round, the actor plays it in one
  of them and the others work on it written (the situation from the case sheet).
A schedule maps (round, group) to a case index, or None when the group has no visit.
"""

from __future__ import annotations

from typing import Iterator

from partnerday.i18n import N_
from partnerday.refusals import Refusal


class MergeRefused(Refusal):
    """Groups that cannot merge two by two."""

Schedule = dict[tuple[int, int], int | None]
MODES = {"all": N_("Chaque groupe voit chaque cas"), "own": N_("Chaque groupe a ses propres cas"),
         "merge": N_("Groupes qui fusionnent deux à deux en fin de journée"),
         "written": N_("Chaque groupe travaille à chaque tour : le cas joué, ou écrit quand "
                       "l'acteur·rice est dans un autre groupe")}


def every_group_every_case(groups: int, cases: int) -> Schedule:
    """Round r: group g meets case (g + r) mod n, n = max(groups, cases); 'cases' beyond the
    real ones are free rounds. Each group meets each case once; each round, each case is in
    one group at most."""
    rounds = max(groups, cases)
    schedule: Schedule = {}
    for r in range(rounds):
        for g in range(groups):
            case = (g + r) % rounds
            schedule[r + 1, g + 1] = case if case < cases else None
    return schedule


def every_group_every_round(groups: int, cases: int) -> tuple[Schedule, dict[tuple[int, int],
                                                                           int]]:
    """Round r: group g works on case (g + r) mod cases, so each group meets each case once
    in `cases` rounds and no round is idle. Returns the schedule and where each actor plays:
    (round, case) -> group, the groups sharing a case taking the actor in turn; every other
    group with that case that round works on it written."""
    schedule: Schedule = {}
    played: dict[tuple[int, int], int] = {}
    for r in range(cases):
        sharing: dict[int, list[int]] = {}
        for g in range(groups):
            case = (g + r) % cases
            schedule[r + 1, g + 1] = case
            sharing.setdefault(case, []).append(g + 1)
        for case, members in sharing.items():
            played[r + 1, case] = members[r % len(members)]
    return schedule, played


def idle_slots(schedule: Schedule) -> dict[int, list[int]]:
    """group -> the rounds in which it has no case (an hour of waiting, for some)."""
    idle: dict[int, list[int]] = {}
    for (r, g), case in sorted(schedule.items()):
        if case is None:
            idle.setdefault(g, []).append(r)
    return idle


def own_cases(groups: int, cases: int) -> dict[int, list[int]]:
    """group -> its cases, dealt evenly (each case to as even a number of groups as can be)."""
    slots = max(groups, cases)
    assigned: dict[int, list[int]] = {g + 1: [] for g in range(groups)}
    for slot in range(slots):
        assigned[slot % groups + 1].append(slot % cases)
    return {g: sorted(set(c)) for g, c in assigned.items()}


def own_cases_schedule(groups: int, cases: int) -> Schedule:
    """Each actor visits the groups that have its case, one after another, never two at once;
    each group takes its cases in the first rounds where their actors are free."""
    assigned = own_cases(groups, cases)
    busy: set[tuple[int, int]] = set()  # (round, case)
    schedule: Schedule = {}
    for group, group_cases in assigned.items():
        round_ = 1
        for case in group_cases:
            while (round_, case) in busy:
                round_ += 1
            busy.add((round_, case))
            schedule[round_, group] = case
            round_ += 1
    rounds = max(r for r, _ in schedule)
    for r in range(1, rounds + 1):
        for g in assigned:
            schedule.setdefault((r, g), None)
    return schedule


def pooling_order(assigned: dict[int, list[int]], cases: int) -> list[tuple[int, list[int]]]:
    """At the end of the day, case by case, the groups that worked on it present."""
    return [(case, sorted(g for g, cs in assigned.items() if case in cs))
            for case in range(cases)]


def pairings(items: list[int]) -> Iterator[list[tuple[int, int]]]:
    """Every way to pair the items two by two (an even number of them)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for i, partner in enumerate(rest):
        for others in pairings(rest[:i] + rest[i + 1:]):
            yield [(first, partner), *others]


def coverage(pairs: list[tuple[int, int]], assigned: dict[int, list[int]]) -> int:
    """Different cases the merged pairs cover, added up over the pairs."""
    return sum(len(set(assigned[a]) | set(assigned[b])) for a, b in pairs)


def best_merge_pairs(assigned: dict[int, list[int]]) -> list[tuple[int, int]]:
    """Pair the groups (an even number, up to 12 or so) so that the merged pairs cover as many
    cases as possible; ties keep the lowest group numbers together."""
    groups = sorted(assigned)
    if len(groups) % 2:
        raise MergeRefused.of(N_("Il faut un nombre pair de groupes pour fusionner deux à "
                                 "deux."), code="odd_groups_to_merge", groups=len(groups))
    return max(pairings(groups), key=lambda pairs: coverage(pairs, assigned))


def rounds_needed(schedule: Schedule) -> int:
    return max((r for r, _ in schedule), default=0)


def schedule_is_valid(schedule: Schedule) -> bool:
    """No actor in two groups in one round; no group meets a case twice."""
    per_round: dict[int, list[int]] = {}
    per_group: dict[int, list[int]] = {}
    for (r, g), case in schedule.items():
        if case is not None:
            per_round.setdefault(r, []).append(case)
            per_group.setdefault(g, []).append(case)
    return all(len(c) == len(set(c)) for c in [*per_round.values(), *per_group.values()])
