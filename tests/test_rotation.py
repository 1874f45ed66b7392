"""Case rounds on plain data: the schedules keep their promises."""

import pytest

from partnerday.rotation import best_merge_pairs, coverage, every_group_every_case, \
    own_cases, own_cases_schedule, pooling_order, rounds_needed, schedule_is_valid


@pytest.mark.parametrize("groups, cases", [(6, 3), (4, 4), (5, 3), (3, 5), (6, 6), (1, 3)])
def test_every_group_sees_every_case_once_in_the_fewest_rounds(groups, cases):
    schedule = every_group_every_case(groups, cases)
    assert schedule_is_valid(schedule)
    assert rounds_needed(schedule) == max(groups, cases)
    for g in range(1, groups + 1):
        seen = [schedule[r, g] for r in range(1, rounds_needed(schedule) + 1)]
        assert sorted(c for c in seen if c is not None) == list(range(cases))


@pytest.mark.parametrize("groups, cases", [(6, 3), (6, 12), (4, 3), (6, 6)])
def test_own_cases_are_spread_evenly_and_actors_never_double_booked(groups, cases):
    assigned = own_cases(groups, cases)
    per_group = [len(c) for c in assigned.values()]
    assert max(per_group) - min(per_group) <= 1
    per_case = [sum(case in cs for cs in assigned.values()) for case in range(cases)]
    assert max(per_case) - min(per_case) <= 1 and min(per_case) >= 1
    schedule = own_cases_schedule(groups, cases)
    assert schedule_is_valid(schedule)
    for g, cs in assigned.items():
        assert sorted(c for (r, gg), c in schedule.items() if gg == g and c is not None) == cs
    order = pooling_order(assigned, cases)
    assert [case for case, _ in order] == list(range(cases))


def test_merge_pairs_cover_the_most_cases():
    assigned = {1: [0], 2: [0], 3: [1], 4: [1], 5: [2], 6: [2]}
    pairs = best_merge_pairs(assigned)
    assert coverage(pairs, assigned) == 6  # every pair covers two different cases
    assert all(assigned[a] != assigned[b] for a, b in pairs)
    with pytest.raises(ValueError, match="nombre pair"):
        best_merge_pairs({1: [0], 2: [1], 3: [2]})


def test_with_written_cases_every_group_works_every_round_and_meets_every_case():
    from partnerday.rotation import every_group_every_round, idle_slots

    schedule, played = every_group_every_round(6, 3)
    assert rounds_needed(schedule) == 3  # as many rounds as cases, not six
    assert idle_slots(schedule) == {}
    for group in range(1, 7):
        assert sorted(schedule[r, group] for r in range(1, 4)) == [0, 1, 2]
    for r in range(1, 4):
        for case in range(3):
            sharing = [g for g in range(1, 7) if schedule[r, g] == case]
            assert played[r, case] in sharing and len(sharing) == 2  # one plays, one reads
    live = {g: sum(played[r, schedule[r, g]] == g for r in range(1, 4)) for g in range(1, 7)}
    assert all(n >= 1 for n in live.values())  # every group sees an actor at least once
    alone, played_alone = every_group_every_round(3, 3)
    assert all(played_alone[r, alone[r, g]] == g for (r, g) in alone)  # enough actors: all played


def test_the_all_mode_leaves_groups_waiting_when_actors_are_fewer():
    from partnerday.rotation import idle_slots

    idle = idle_slots(every_group_every_case(6, 3))
    assert idle[4] == [1, 2, 3]  # group 4 waits through rounds 1-3, about an hour
    assert sum(len(r) for r in idle.values()) == 18
