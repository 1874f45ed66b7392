"""Breakfast seating as people arrive: mix organisations from the first minute.

Plain functions on plain data, so that the rule can be tested and benchmarked without a
database: each arrival takes the open table with the fewest people of their organisation,
then the emptiest, ties drawn at random; when every table is full a new one opens.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Hashable, Iterable, Sequence


@dataclass
class TableState:
    number: int
    capacity: int
    organisations: Counter = field(default_factory=Counter)

    @property
    def seated(self) -> int:
        return sum(self.organisations.values())

    @property
    def is_full(self) -> bool:
        return self.seated >= self.capacity


def tables_for(expected: int, table_max: int) -> int:
    """How many tables to lay before doors open: enough for everyone expected at no more than
    `table_max` a table (and at least one)."""
    if table_max < 1:
        raise ValueError("table_max must be at least 1")
    return max(1, math.ceil(max(expected, 0) / table_max))


def choose_table(tables: Sequence[TableState], organisation: Hashable,
                 rng: random.Random | None = None) -> TableState | None:
    """The table an arrival should take, or None when every table is full."""
    rng = rng or random.Random()
    open_tables = [t for t in tables if not t.is_full]
    if not open_tables:
        return None
    best = min((t.organisations[organisation], t.seated) for t in open_tables)
    candidates = [t for t in open_tables if (t.organisations[organisation], t.seated) == best]
    return rng.choice(candidates)


def seat_arrivals(organisations: Iterable[Hashable], table_count: int, capacity: int,
                  rng: random.Random | None = None) -> list[int]:
    """Seat a whole arrival sequence (simulation and benchmark): the table number of each."""
    rng = rng or random.Random()
    tables = [TableState(n, capacity) for n in range(1, table_count + 1)]
    seats = []
    for organisation in organisations:
        table = choose_table(tables, organisation, rng)
        if table is None:
            table = TableState(len(tables) + 1, capacity)
            tables.append(table)
        table.organisations[organisation] += 1
        seats.append(table.number)
    return seats


def same_organisation_pairs(seats: Sequence[int], organisations: Sequence[Hashable]) -> int:
    """Pairs of colleagues sharing a table: the figure seating tries to keep low."""
    per_table: dict[int, Counter] = {}
    for table, organisation in zip(seats, organisations):
        per_table.setdefault(table, Counter())[organisation] += 1
    return sum(math.comb(n, 2) for counter in per_table.values() for n in counter.values())


def random_seating(count: int, table_count: int, capacity: int,
                   rng: random.Random | None = None) -> list[int]:
    """The baseline a lottery gives: a random draw of seats, tables filled evenly."""
    rng = rng or random.Random()
    seats = [(i % table_count) + 1 for i in range(count)]
    if count > table_count * capacity:
        raise ValueError("not enough seats")
    rng.shuffle(seats)
    return seats


def pairs_lower_bound(organisations: Sequence[Hashable], table_count: int) -> int:
    """Same-organisation pairs if every organisation were spread perfectly over the tables."""
    total = 0
    for size in Counter(organisations).values():
        base, extra = divmod(size, table_count)
        total += extra * math.comb(base + 1, 2) + (table_count - extra) * math.comb(base, 2)
    return total
