"""The seating rule on plain data."""

import random
from collections import Counter

from partnerday.seating import TableState, choose_table, pairs_lower_bound, random_seating, \
    same_organisation_pairs, seat_arrivals, tables_for


def test_tables_follow_expected_attendance():
    assert tables_for(80, 8) == 10
    assert tables_for(81, 8) == 11
    assert tables_for(0, 8) == 1


def test_arrival_takes_table_with_fewest_colleagues_then_emptiest():
    tables = [TableState(1, 8, Counter({"cpas": 1})), TableState(2, 8, Counter({"asbl": 3})),
              TableState(3, 8, Counter({"ml": 1, "asbl": 1}))]
    assert choose_table(tables, "cpas").number == 3  # no colleague; 2 seated beats 3 seated
    assert choose_table(tables, "asbl").number == 1  # no colleague at table 1
    full = [TableState(1, 2, Counter({"a": 2}))]
    assert choose_table(full, "b") is None


def test_ties_are_drawn_at_random():
    tables = [TableState(n, 8) for n in range(1, 5)]
    picks = {choose_table(tables, "x", random.Random(seed)).number for seed in range(40)}
    assert picks == {1, 2, 3, 4}


def test_no_table_past_its_maximum_and_new_tables_open():
    orgs = [f"org{i % 7}" for i in range(50)]
    seats = seat_arrivals(orgs, table_count=5, capacity=8, rng=random.Random(1))
    counts = Counter(seats)
    assert max(counts.values()) <= 8
    assert len(counts) == 7  # 40 seats laid, 10 more people: two new tables


def test_mixing_beats_a_random_draw():
    rng = random.Random(7)
    orgs = [f"org{rng.randrange(15)}" for _ in range(120)]
    seated = same_organisation_pairs(seat_arrivals(orgs, 15, 8, random.Random(3)), orgs)
    drawn = same_organisation_pairs(random_seating(120, 15, 8, random.Random(3)), orgs)
    assert seated <= pairs_lower_bound(orgs, 15) + 2
    assert seated < drawn / 2
