"""Balanced working groups: every rule checked on the solver's output itself."""

import math
import random
from collections import Counter
from itertools import combinations

import pytest

from partnerday.balancing import FACILITATOR, USER, WORKER, InfeasibleSettings, Member, Rules, \
    GroupSettings, balance, deal_by_organisation, lower_bounds, quality, random_draw
from partnerday.seating import seat_arrivals, tables_for


def population(n: int, orgs: int, users: int = 0, facilitators: int = 0, seed: int = 1,
               languages=("fr", "fr", "fr", "nl", "en")) -> list[Member]:
    rng = random.Random(seed)
    org_of = [i % orgs for i in range(n)]
    rng.shuffle(org_of)
    roles = [FACILITATOR] * facilitators + [USER] * users
    roles += [WORKER] * (n - len(roles))
    tables = seat_arrivals(org_of, tables_for(n, 8), 8, rng)
    return [Member(i + 1, f"org{org_of[i]}", roles[i], languages[i % len(languages)], tables[i],
                   name=f"P{i + 1}") for i in range(n)]


def groups_of(assignment, groups):
    found = {g: [] for g in range(1, groups + 1)}
    for person, group in assignment.items():
        found[group].append(person)
    return found


def check_hard_rules(members, assignment, settings):
    by_id = {m.id: m for m in members}
    assert set(assignment) == set(by_id)  # everyone, once (a dict holds one group each)
    groups = groups_of(assignment, settings.groups)
    sizes = [len(p) for p in groups.values()]
    assert min(sizes) >= settings.min_size and max(sizes) <= settings.max_size
    org_sizes = Counter(m.organisation for m in members)
    for people in groups.values():
        for org, count in Counter(by_id[p].organisation for p in people).items():
            assert count <= math.ceil(org_sizes[org] / settings.groups)
    return groups, sizes


def test_every_rule_holds_on_the_output():
    members = population(90, 18, users=40, facilitators=6)
    settings = GroupSettings(groups=6, min_size=10, max_size=16, time_limit=60)
    solution = balance(members, settings)
    assert solution.proven_optimal and solution.gap == 0
    by_id = {m.id: m for m in members}
    groups, sizes = check_hard_rules(members, solution.assignment, settings)
    assert max(sizes) - min(sizes) <= 1
    gaps = []
    for people in groups.values():
        roles = Counter(by_id[p].role for p in people)
        assert roles[FACILITATOR] == 1
        assert roles[USER] in (6, 7)
        gaps.append(abs(roles[WORKER] - roles[USER]))
        languages = Counter(by_id[p].language for p in people)
        assert languages["nl"] in (3, 4) and languages["en"] in (3, 4)
    # 44 workers and 40 users, 14 of them in each group: the gaps cannot sum to less than 4
    assert sum(gaps) == 4 and max(gaps) <= 2
    tablemates = sum(1 for people in groups.values() for a, b in combinations(people, 2)
                     if by_id[a].table == by_id[b].table)
    assert tablemates == lower_bounds(members, 6).tablemate_pairs


def test_fewer_repeated_pairs_than_dealing_by_organisation():
    members = population(150, 30, users=60)
    settings = GroupSettings(groups=10, min_size=10, max_size=16, time_limit=60)
    solved = quality(members, balance(members, settings).assignment, 10)
    dealt = quality(members, deal_by_organisation(members, 10), 10)
    drawn = quality(members, random_draw(members, 10, random.Random(1)), 10)
    assert solved.repeated_pairs <= dealt.repeated_pairs * 2 / 3
    assert solved.repeated_pairs < drawn.repeated_pairs
    assert solved.role_imbalance < drawn.role_imbalance


def test_keep_together_apart_and_pin():
    members = population(48, 12)
    rules = Rules(together=[[1, 2, 3]], apart=[[4, 5, 6, 7]], pins={8: 3, 9: 3})
    by_id = {m.id: m for m in members}
    assert len({by_id[p].organisation for p in (1, 2, 3)}) == 3  # colleagues would break caps
    settings = GroupSettings(groups=4, min_size=10, max_size=14, time_limit=60)
    solution = balance(members, settings, rules)
    a = solution.assignment
    check_hard_rules(members, a, settings)
    assert a[1] == a[2] == a[3]
    assert len({a[4], a[5], a[6], a[7]}) == 4
    assert a[8] == a[9] == 3


@pytest.mark.parametrize("settings, rules, message", [
    (GroupSettings(6, 10, 15), Rules(), "100 participant·e·s ne tiennent pas dans 6 groupes de 15 au "
                                   "plus : utilisez 7 groupes ou un maximum de 17."),
    (GroupSettings(12, 10, 15), Rules(), "ne remplissent pas 12 groupes d'au moins 10 : utilisez 10 "
                                    "groupe(s) ou un minimum de 8."),
    (GroupSettings(7, 12, 11), Rules(), "Le minimum (12) dépasse le maximum (11)"),
    (GroupSettings(7, 10, 15), Rules(pins={1: 9}), "le groupe 9, qui n'existe pas"),
    (GroupSettings(7, 10, 15), Rules(apart=[list(range(1, 9))]), "8 personnes à séparer, mais "
                                                            "seulement 7 groupes"),
    (GroupSettings(7, 10, 15), Rules(together=[[1, 2]], pins={1: 1, 2: 2}), "groupes différents"),
    (GroupSettings(7, 10, 15), Rules(together=[[1, 2]], apart=[[1, 2, 3]]), "à la fois"),
])
def test_infeasible_settings_are_named(settings, rules, message):
    members = population(100, 20)
    with pytest.raises(InfeasibleSettings) as error:
        balance(members, settings, rules)
    assert message in str(error.value)


def test_colleagues_kept_together_beyond_the_cap_are_refused():
    members = population(100, 20)
    colleagues = [m.id for m in members if m.organisation == "org0"][:3]
    with pytest.raises(InfeasibleSettings, match="« org0 » à garder ensemble"):
        balance(members, GroupSettings(7, 10, 15), Rules(together=[colleagues]))


def test_facilitators_must_match_groups():
    members = population(60, 10, facilitators=5)
    with pytest.raises(InfeasibleSettings, match="5 animateur·rice·s pour 6 groupes"):
        balance(members, GroupSettings(6, 8, 12))


def test_rebalance_after_no_shows_moves_the_fewest_people():
    members = population(60, 10, seed=3)  # 10 organisations of 6: one of each per group
    settings = GroupSettings(groups=6, min_size=9, max_size=11, time_limit=60)
    first = balance(members, settings).assignment
    no_shows = [p for p, g in first.items() if g == 1][:4]  # group 1 falls to 6, under 9
    present = [m for m in members if m.id not in no_shows]
    current = {p: g for p, g in first.items() if p not in no_shows}
    again = balance(present, settings, current=current)
    assert again.moves == 3
    moved = [p for p in current if again.assignment[p] != current[p]]
    assert len(moved) == 3 and all(again.assignment[p] == 1 for p in moved)
    check_hard_rules(present, again.assignment, settings)


def test_late_arrivals_join_without_moving_anyone():
    members = population(60, 10, seed=4)
    settings = GroupSettings(groups=6, min_size=9, max_size=12, time_limit=60)
    first = balance(members, settings).assignment
    late = [Member(100 + i, f"org{i}", WORKER, "fr", None) for i in range(5)]
    again = balance(members + late, settings, current=first)
    assert again.moves == 0
    assert all(again.assignment[p] == g for p, g in first.items())
    check_hard_rules(members + late, again.assignment, settings)


def test_baselines_keep_sizes_even():
    members = population(50, 7)
    for assignment in (random_draw(members, 4, random.Random(2)),
                       deal_by_organisation(members, 4)):
        sizes = Counter(assignment.values())
        assert sorted(sizes) == [1, 2, 3, 4] and max(sizes.values()) - min(sizes.values()) <= 1
