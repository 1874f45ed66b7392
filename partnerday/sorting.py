"""The order people read lists of names in: the Unicode Collation Algorithm (pyuca, with its
default table), so that « Élodie » comes between « Elise » and « Emma » and « Çelik » among the
C, with accents and case breaking ties only, as French, Dutch and English dictionaries sort.
A database's own order puts every accented capital after « Z » (SQLite compares bytes, and
PostgreSQL follows whatever collation its cluster was made with), and `str.casefold` does too:
lists people scan (badges, the desk, the directory, names on screens) are sorted here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from pyuca import Collator

T = TypeVar("T")


@cache
def _collator() -> Collator:
    return Collator()  # reads the table once (0.1 s), then only reads it


def sort_key(text: object) -> tuple[int, ...]:
    return _collator().sort_key(str(text or ""))


def by_name(items: Iterable[T], *names: Callable[[T], object]) -> list[T]:
    """The items in reading order of their names: `names` picks, in order, what to compare
    (the organisation, then the person), the item itself when none is given."""
    pick = names or (lambda item: item,)
    return sorted(items, key=lambda item: tuple(sort_key(name(item)) for name in pick))
