"""Who met whom over the day, and how well the day mixed organisations.

An activity is a list of circles: the people at one breakfast table, in one working group,
in one merged group of the end of the day. Two people met when they shared a circle. What
the organisers want to know is whether people met *across* organisations:

- the pairs of people from different organisations who met, and at which activity each
  pair met first (the order of the day);
- the share of the pairs of organisations present that met through at least one of their
  people (150 people of 20 organisations make 190 such pairs);
- for each person, how many other organisations they met, as a distribution;
- a map of organisations: nodes sized by their people, links weighted by the pairs of their
  people who met.

No names anywhere: the figures are counts, the map shows organisations. `measure` is a
plain function; `event_activities` reads an event's circles (which anonymisation keeps).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from sqlmodel import Session, select

from partnerday.sorting import by_name
from partnerday.cases import list_cases
from partnerday.i18n import _
from partnerday.merge import merge_sets
from partnerday.models import BreakfastTable, Event, MixingRound, Organisation, Participant, \
    WorkGroup
from partnerday.rotation import best_merge_pairs, coverage, own_cases, pairings

BREAKFAST, GROUPS, MERGED = "petit déjeuner", "groupes de travail", "groupes fusionnés"
MIXING = "tables tournantes"


def where_they_met(activity: str, own: bool = False) -> str:
    """An activity as a sentence says where one met: « au petit déjeuner », « dans votre
    groupe » (`own`: said to a member), « aux tables tournantes (tour 2) »."""
    if activity == BREAKFAST:
        return _("au petit déjeuner")
    if activity == GROUPS:
        return _("dans votre groupe") if own else _("dans les groupes de travail")
    if activity == MERGED:
        return _("dans les groupes fusionnés")
    if activity.startswith(MIXING):
        return _("aux tables tournantes (tour {round})").format(
            round=activity.rsplit(" ", 1)[-1])
    return activity


@dataclass(frozen=True)
class Activity:
    name: str
    circles: list[list[int]]  # person ids; a person sits in at most one circle


@dataclass(frozen=True)
class Encounters:
    people: int  # in at least one circle
    organisations: int  # with at least one of those people
    cross_pairs: int  # pairs of people from different organisations who met
    first_met_at: dict[str, int]  # activity -> cross pairs that met there first, in order
    organisation_pairs: int  # pairs of the organisations present
    organisation_pairs_met: int  # ... that met through at least one of their people
    distribution: dict[int, int]  # k -> people who met people of k other organisations
    sizes: dict[str, int] = field(default_factory=dict)  # organisation -> people
    links: dict[tuple[str, str], int] = field(default_factory=dict)  # -> pairs who met

    @property
    def share_of_organisation_pairs(self) -> float | None:
        return (self.organisation_pairs_met / self.organisation_pairs
                if self.organisation_pairs else None)

    @property
    def mean_organisations_met(self) -> float | None:
        people = sum(self.distribution.values())
        return (sum(k * n for k, n in self.distribution.items()) / people) if people else None

    @property
    def is_empty(self) -> bool:
        return self.people == 0


def measure(organisation_of: dict[int, str], activities: list[Activity]) -> Encounters:
    """The day's encounters from its activities, in the order they happened."""
    first: dict[tuple[int, int], str] = {}
    present: set[int] = set()
    for activity in activities:
        for circle in activity.circles:
            people = sorted(set(p for p in circle if p in organisation_of))
            present.update(people)
            for pair in combinations(people, 2):
                first.setdefault(pair, activity.name)
    cross = {pair: where for pair, where in first.items()
             if organisation_of[pair[0]] != organisation_of[pair[1]]}
    met: dict[int, set[str]] = defaultdict(set)
    links: Counter[tuple[str, str]] = Counter()
    for a, b in cross:
        oa, ob = organisation_of[a], organisation_of[b]
        met[a].add(ob)
        met[b].add(oa)
        links[tuple(sorted((oa, ob)))] += 1
    sizes = Counter(organisation_of[p] for p in present)
    order = [a.name for a in activities]
    first_met_at = {name: 0 for name in dict.fromkeys(order)}
    for where in cross.values():
        first_met_at[where] += 1
    distribution = Counter(len(met[p]) for p in present)
    return Encounters(len(present), len(sizes), len(cross), first_met_at,
                      math.comb(len(sizes), 2), len(links),
                      dict(sorted(distribution.items())), dict(sizes.most_common()),
                      dict(links.most_common()))


def circle_layout(sizes: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Organisations on a circle, the largest first, clockwise from the top: the same picture
    every time (a force layout moves nodes at each draw), and no node hides another."""
    names = list(sizes)
    count = max(len(names), 1)
    return {name: (math.sin(2 * math.pi * i / count), math.cos(2 * math.pi * i / count))
            for i, name in enumerate(names)}


# --- reading an event's circles ----------------------------------------------------------------


def event_activities(session: Session, event: Event, with_mixing: bool = True
                     ) -> tuple[dict[int, str], list[Activity]]:
    """Each person's organisation, and the day's activities: the breakfast tables, the
    working groups once published, the tables tournantes, and, when groups merge two by two
    at the end of the day, the merged groups (everyone pooling together is one meeting of
    the room, not a circle)."""
    rows = session.exec(select(Participant.id, Organisation.name, Participant.table_id,
                               Participant.group_id)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.event_id == event.id)).all()
    organisation_of = {pid: name for pid, name, _, _ in rows}
    tables: dict[int, list[int]] = defaultdict(list)
    groups: dict[int, list[int]] = defaultdict(list)
    for pid, _organisation, table, group in rows:
        if table is not None:
            tables[table].append(pid)
        if group is not None:
            groups[group].append(pid)
    activities = [Activity(BREAKFAST, list(tables.values())),
                  Activity(GROUPS, list(groups.values()))]
    if with_mixing:
        for row in session.exec(select(MixingRound).where(MixingRound.event_id == event.id)
                                .order_by(MixingRound.number)):
            circles: dict[int, list[int]] = defaultdict(list)
            for person, circle in row.assignment.items():
                circles[circle].append(int(person))
            activities.append(Activity(f"{MIXING}, tour {row.number}", list(circles.values())))
    if event.rounds_mode == "merge" or event.merge_pairs:
        number_of = dict(session.exec(select(WorkGroup.id, WorkGroup.number)
                                      .where(WorkGroup.event_id == event.id)).all())
        by_number = {number_of[g]: people for g, people in groups.items() if g in number_of}
        sets = merge_sets(event, len(list_cases(session, event.id)))
        activities.append(Activity(MERGED, [
            [p for number in numbers for p in by_number.get(number, [])] for numbers in sets]))
    return organisation_of, activities


def event_encounters(session: Session, event: Event) -> Encounters:
    return measure(*event_activities(session, event))


def previous_encounters(session: Session, event: Event) -> tuple[str, Encounters] | None:
    """The latest real event before this one where people met (its circles survive its
    anonymisation): last year's figures, beside this year's."""
    day = event.day or event.created_at.date()
    before = sorted((e for e in session.exec(select(Event).where(
        Event.id != event.id, Event.is_demo == False))  # noqa: E712
        if (e.day or e.created_at.date()) < day),
        key=lambda e: e.day or e.created_at.date(), reverse=True)
    for previous in before:
        seated = session.exec(select(BreakfastTable.id).where(
            BreakfastTable.event_id == previous.id)).first()
        if seated is not None:
            found = event_encounters(session, previous)
            if not found.is_empty:
                return previous.name, found
    return None


# --- the people one met, kept after the day ---------------------------------------------------


def met_by(person_id: int, activities: list[Activity]) -> dict[int, list[str]]:
    """Everyone `person_id` shared a circle with, and where, in the order of the day."""
    met: dict[int, list[str]] = {}
    for activity in activities:
        for circle in activity.circles:
            if person_id in circle:
                for other in circle:
                    if other != person_id and activity.name not in met.setdefault(other, []):
                        met[other].append(activity.name)
    return met


@dataclass(frozen=True)
class MetPerson:
    first_name: str
    organisation: str
    where: list[str]  # activities, in the order of the day
    email: str  # "" unless both this person and the one reading share theirs


@dataclass(frozen=True)
class PeopleMet:
    people: list[MetPerson]  # by organisation, then first name
    activities: list[str]  # the day's, in its order
    shares_email: bool  # the reader's own choice
    listed: bool  # whether the reader appears in the lists of those they met
    is_service_user: bool


def people_met(session: Session, person_id: int) -> PeopleMet:
    """What a participant's page shows after the day. Only those who are listed (a service
    user only by their own choice), with a first name and an organisation; an email only
    when its owner shares it and the reader shares theirs too. Never a last name."""
    me = session.get(Participant, person_id)
    event = session.get(Event, me.event_id)
    _, activities = event_activities(session, event)
    met = met_by(person_id, activities)
    rows = session.exec(select(Participant, Organisation.name)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.id.in_(list(met) or [-1]))).all()
    people = [MetPerson(person.first_name, organisation, met[person.id],
                        person.email if me.shares_email and person.shares_email else "")
              for person, organisation in rows
              if person.is_listed_for_met and person.erased_at is None and person.first_name]
    return PeopleMet(by_name(people, lambda p: p.organisation, lambda p: p.first_name),
                     [a.name for a in activities], me.shares_email, me.is_listed_for_met,
                     me.role == "user")


def set_met_choices(session: Session, person_id: int, shares_email: bool,
                    listed: bool) -> None:
    """A participant's own choices, changeable at any time."""
    me = session.get(Participant, person_id)
    me.shares_email, me.listed_for_met = shares_email, listed
    session.add(me)


# --- the 6 → 3 merge, chosen for encounters ---------------------------------------------------


@dataclass(frozen=True)
class MergeChoice:
    pairs: list[tuple[int, int]]  # group numbers merging two by two
    new_pairs: int  # pairs of people from different organisations meeting for the first time
    coverage: int  # cases the merged pairs cover (the most possible: a rule)
    pairings: int  # ways to pair the groups that cover that many cases, all weighed
    by_cases_only: int  # new pairs with the pairs chosen for the cases alone


def _new_pairs_between(a: list[int], b: list[int], organisation_of: dict[int, str],
                       met: set[tuple[int, int]]) -> int:
    return sum(1 for x in a for y in b if organisation_of[x] != organisation_of[y]
               and (min(x, y), max(x, y)) not in met)


def merge_for_encounters(assigned: dict[int, list[int]], members: dict[int, list[int]],
                         organisation_of: dict[int, str], met: set[tuple[int, int]]
                         ) -> MergeChoice:
    """The merge pairs that bring the most new cross-organisation pairs of people, among the
    pairings that cover the most cases (`rotation.coverage`: the cases stay the rule).

    Every pairing is weighed (15 for 6 groups, 10,395 for 12), so the choice is the optimum,
    not an estimate. `members`: group number -> person ids; `met`: the pairs (low id first)
    who met earlier in the day."""
    groups = sorted(assigned)
    best_merge_pairs(assigned)  # refuses an odd number of groups
    gain = {(a, b): _new_pairs_between(members.get(a, []), members.get(b, []),
                                       organisation_of, met)
            for a, b in combinations(groups, 2)}
    every = list(pairings(groups))
    most = max(coverage(p, assigned) for p in every)
    eligible = [p for p in every if coverage(p, assigned) == most]
    chosen = max(eligible, key=lambda p: sum(gain[pair] for pair in p))
    return MergeChoice(chosen, sum(gain[p] for p in chosen), most, len(eligible),
                       sum(gain[p] for p in best_merge_pairs(assigned)))


def event_merge_for_encounters(session: Session, event: Event) -> MergeChoice:
    """From the published groups and the breakfast tables of the event; the groups'
    own cases as `rotation.own_cases` deals them."""
    organisation_of, activities = event_activities(session, event)
    number_of = dict(session.exec(select(WorkGroup.id, WorkGroup.number)
                                  .where(WorkGroup.event_id == event.id)).all())
    members: dict[int, list[int]] = defaultdict(list)
    for pid, group in session.exec(select(Participant.id, Participant.group_id).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))):
        members[number_of[group]].append(pid)
    met = {pair for activity in activities if activity.name != MERGED
           for circle in activity.circles for pair in combinations(sorted(circle), 2)}
    return merge_for_encounters(own_cases(event.group_count, len(list_cases(session,
                                                                            event.id))),
                                dict(members), organisation_of, met)
