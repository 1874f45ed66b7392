"""People's names: a first name that public screens show, a last name for organisers only.

Registration files give either two columns or one full name typed in either order. The
convention of Belgian and French administrations, "DUPONT Marie" (family name in capitals,
first), is read as such; so is "Marie DUPONT". A full name whose order cannot be read from its
capitals ("Marie Dupont" could be either way round, "JEAN PIERRE MARTIN" too) is split as
first name then last name, and said to be ambiguous when it has more than two words or no
mixed case, so that the organiser checks it.

`public_names` is what every public screen shows of a list of people (a table, a group): first
names, told apart when two are the same, without ever showing a service user's last name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from partnerday.models import Role

MAX_FIRST_NAME = 100
MAX_LAST_NAME = 200
SURNAME_PARTICLES = frozenset({"van", "de", "der", "den", "du", "des", "d'", "la", "le", "von",
                               "di", "da", "dos", "das", "el", "al", "ter", "ten", "vander",
                               "vanden"})


@dataclass(frozen=True)
class NameSplit:
    first: str
    last: str
    ambiguous: bool = False


def _is_capitals(word: str) -> bool:
    """A word written in capitals ("DUPONT", "EL", "D'ALMEIDA"), not an initial ("J.")."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _has_lower(word: str) -> bool:
    return any(c.islower() for c in word)


def _run_length(flags: list[bool]) -> int:
    """How many of the flags, from the first, are set."""
    count = 0
    while count < len(flags) and flags[count]:
        count += 1
    return count


def split_full_name(full_name: str) -> NameSplit:
    """First and last name of a full name typed in one box, the family name in capitals
    placed either first or last."""
    words = str(full_name).split()
    if not words:
        return NameSplit("", "")
    if len(words) == 1:
        return NameSplit(words[0], "")
    capitals = [_is_capitals(w) for w in words]
    if any(capitals) and any(_has_lower(w) for w in words):
        opening = _run_length(capitals)  # "DUPONT Marie": capitals open the name
        closing = len(words) - _run_length(capitals[::-1])  # "Marie DUPONT": they close it
        if 0 < opening < len(words) and not any(capitals[opening:]):
            return NameSplit(" ".join(words[opening:]), " ".join(words[:opening]))
        if 0 < closing < len(words) and not any(capitals[:closing]):
            while closing > 1 and words[closing - 1].casefold() in SURNAME_PARTICLES:
                closing -= 1  # "Marie van den BROECK": the particles go with the last name
            return NameSplit(" ".join(words[:closing]), " ".join(words[closing:]))
        return NameSplit(words[0], " ".join(words[1:]), ambiguous=True)
    return NameSplit(words[0], " ".join(words[1:]), ambiguous=len(words) > 2 or not any(
        _has_lower(w) for w in words))


def full_name(first: str, last: str) -> str:
    """The name organisers see: first name, then last name."""
    return " ".join(f"{first} {last}".split())


def without_first_name(last: str, first: str) -> str:
    """A last-name column that holds the full name ("Marie Dupont" beside "Marie") gives the
    last name only."""
    words, drop = last.split(), first.split()
    folded = [w.casefold() for w in words]
    if drop and folded[:len(drop)] == [w.casefold() for w in drop] and len(words) > len(drop):
        return " ".join(words[len(drop):])
    if drop and folded[-len(drop):] == [w.casefold() for w in drop] and len(words) > len(drop):
        return " ".join(words[:-len(drop)])
    return last


@dataclass(frozen=True)
class PublicPerson:
    first_name: str
    last_name: str
    role: str
    organisation: str


def _initial(last_name: str) -> str:
    letter = next((c for c in last_name if c.isalpha()), "")
    return f"{letter.upper()}." if letter else ""


def _worker_label(person: PublicPerson) -> str:
    initial = _initial(person.last_name)
    return f"{person.first_name} {initial}" if initial else person.first_name


def public_names(people: Sequence[PublicPerson]) -> list[str]:
    """What a public screen shows of each person, in the same order: the first name, and where
    two people share it, the initial of a worker's last name, else the organisation. A service
    user's last name (nor its initial) is never shown."""
    def key(text: str) -> str:
        return " ".join(text.casefold().split())

    labels = [p.first_name for p in people]
    clashing: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        clashing.setdefault(key(person.first_name), []).append(index)
    for indexes in clashing.values():
        if len(indexes) < 2:
            continue
        tried = {i: (_worker_label(people[i]) if people[i].role != Role.user.value
                     else people[i].first_name) for i in indexes}
        for i in indexes:
            same = [j for j in indexes if key(tried[j]) == key(tried[i])]
            labels[i] = tried[i] if len(same) == 1 else (
                f"{tried[i]} ({people[i].organisation})" if people[i].organisation
                else tried[i])
    return labels
