"""Where people who arrive after the groups are published go: a plain function on plain data.

Nobody else moves, unless the organisers' rules require it: a latecomer pinned to a group, or
to be kept together with someone already placed, goes there; nobody joins a group holding
someone they are to be kept apart from. Only when a pin or a "together" rule sends a
latecomer into a group that holds someone they are to be kept apart from does anyone else
move: that person, alone, to the best group for them (the fewest moves the rules allow).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from partnerday.balancing import Member, Rules


@dataclass(frozen=True)
class Placement:
    placed: dict[int, int]  # latecomer id -> group number
    moved: dict[int, int] = field(default_factory=dict)  # already placed, moved for a rule
    unmet: int = 0  # "apart" pairs left together: the other is pinned or held by a rule


def _partners(groups_of_ids: list[list[int]]) -> dict[int, set[int]]:
    partners: dict[int, set[int]] = defaultdict(set)
    for ids in groups_of_ids:
        for person in ids:
            partners[person] |= set(ids) - {person}
    return partners


def groups_for_latecomers(latecomers: list[Member], groups: dict[int, list[Member]],
                          rules: Rules | None = None) -> Placement:
    """Each latecomer, in arrival order, goes where the rules send them, else to the allowed
    group that is smallest, then has fewest of their organisation, then fewest of their role
    (the lowest number on a tie)."""
    rules = rules or Rules()
    members = {n: list(people) for n, people in groups.items()}
    group_of = {m.id: n for n, people in members.items() for m in people}
    apart, together = _partners(rules.apart), _partners(rules.together)
    placed: dict[int, int] = {}
    moved: dict[int, int] = {}
    unmet = 0

    def mixing(person: Member, number: int) -> tuple:
        people = members[number]
        return (len(people), Counter(m.organisation for m in people)[person.organisation],
                Counter(m.role for m in people)[person.role], number)

    def best_group(person: Member, avoid: int | None = None) -> int:
        open_groups = [n for n in members if n != avoid] or list(members)
        allowed = [n for n in open_groups
                   if not any(group_of.get(other) == n for other in apart[person.id])]
        return min(allowed or open_groups, key=lambda n: mixing(person, n))

    def held_there(person: Member, number: int) -> bool:
        return person.id in rules.pins or any(group_of.get(o) == number
                                              for o in together[person.id])

    for person in latecomers:
        target = rules.pins.get(person.id) if rules.pins.get(person.id) in members else None
        if target is None:
            target = next((group_of[o] for o in sorted(together[person.id]) if o in group_of),
                          None)
        if target is None:
            target = best_group(person)
        else:
            for other in [m for m in members[target] if m.id in apart[person.id]]:
                if held_there(other, target):
                    unmet += 1
                    continue
                members[target].remove(other)
                new = best_group(other, avoid=target)
                members[new].append(other)
                group_of[other.id] = new
                (placed if other.id in placed else moved)[other.id] = new
        members[target].append(person)
        group_of[person.id] = target
        placed[person.id] = target
    return Placement(placed, moved, unmet)
