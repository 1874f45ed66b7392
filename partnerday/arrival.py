"""Arrival on the day: check-in (by phone, or by an organiser), seats at breakfast tables,
walk-ins, and what the arrivals view and the projector show."""

from __future__ import annotations

import random
from datetime import timedelta
from collections import Counter
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from partnerday.formats import clock
from partnerday.i18n import N_, _
from partnerday.sorting import by_name
from partnerday.refusals import Refusal
from partnerday.db import lock_event_for_writing
from partnerday.participants import public_names_by
from partnerday.models import BreakfastTable, Event, Organisation, Participant, \
    ROLE_LABELS_FR, utcnow
from partnerday.organisations import fold, get_or_create_organisation
from partnerday.registration import RowProblem, check_registration, find_duplicates, \
    registration_problems, \
    known_people
from partnerday.seating import TableState, choose_table, tables_for
from partnerday.tokens import new_token


class ArrivalRefused(Refusal):
    """A check-in, move or walk-in that cannot be done, with the reason in French."""


@dataclass(frozen=True)
class Seat:
    participant_id: int
    table_number: int
    newly_checked_in: bool


def _table_states(session: Session, event_id: int) -> tuple[list[BreakfastTable],
                                                              list[TableState]]:
    tables = list(session.exec(select(BreakfastTable).where(BreakfastTable.event_id == event_id)
                               .order_by(BreakfastTable.number)))
    occupancy = session.exec(
        select(Participant.table_id, Participant.organisation_id, func.count())
        .where(Participant.event_id == event_id, Participant.table_id.is_not(None))
        .group_by(Participant.table_id, Participant.organisation_id))
    by_table: dict[int, Counter] = {}
    for table_id, org_id, count in occupancy:
        by_table.setdefault(table_id, Counter())[org_id] = count
    states = [TableState(t.number, t.capacity, by_table.get(t.id, Counter())) for t in tables]
    return tables, states


def planned_table_count(session: Session, event: Event) -> int:
    """How many tables the doors' opening lays, from the attendance expected (else the
    registrations) and the places per table."""
    registered = session.exec(select(func.count()).select_from(Participant)
                              .where(Participant.event_id == event.id)).one()
    return tables_for(event.expected_attendance or registered, event.table_max)


def table_numbers(session: Session, event: Event) -> list[int]:
    """The tables' numbers: those laid, or before the doors open those that will be. Reading
    only (the table cards can be printed before anything is laid)."""
    laid = list(session.exec(select(BreakfastTable.number)
                             .where(BreakfastTable.event_id == event.id)
                             .order_by(BreakfastTable.number)))
    return laid or list(range(1, planned_table_count(session, event) + 1))


def set_doors(session: Session, event_id: int, is_open: bool) -> None:
    """Open (or close) the check-in; opening lays the breakfast tables not laid yet."""
    event = session.get(Event, event_id)
    event.checkin_open = is_open
    session.add(event)
    if is_open:
        lay_tables(session, event)


def lay_tables(session: Session, event: Event, count: int | None = None) -> int:
    """Create the breakfast tables not yet laid (before doors open). Returns how many exist."""
    if count is None:
        count = planned_table_count(session, event)
    existing = {t.number for t in session.exec(select(BreakfastTable)
                                               .where(BreakfastTable.event_id == event.id))}
    for number in range(1, count + 1):
        if number not in existing:
            session.add(BreakfastTable(event_id=event.id, number=number,
                                       capacity=event.table_max))
    session.flush()
    return max(len(existing), count)


def check_in(session: Session, participant_id: int, rng: random.Random | None = None) -> Seat:
    """Check a person in and give them a seat; checking in again changes nothing.

    The event is locked first, so two phones at the same instant can neither overfill a table
    nor give one person two seats.
    """
    person = session.get(Participant, participant_id)
    if person is None:
        raise ArrivalRefused.of(N_("Personne introuvable."))
    if person.table_id is None:  # only a first check-in takes the lock
        event_id = person.event_id
        lock_event_for_writing(session, event_id)
        person = session.get(Participant, participant_id, populate_existing=True)
    if person.table_id is not None:
        table = session.get(BreakfastTable, person.table_id)
        return Seat(person.id, table.number, newly_checked_in=False)
    event = session.get(Event, event_id)
    tables, states = _table_states(session, event_id)
    if not tables:
        lay_tables(session, event)
        tables, states = _table_states(session, event_id)
    by_number = {t.number: t for t in tables}
    planned = next((s for s in states if s.number == person.planned_table and not s.is_full),
                   None)
    chosen = planned or choose_table(states, person.organisation_id, rng)
    if chosen is None:
        table = BreakfastTable(event_id=event_id, number=max(by_number) + 1,
                               capacity=event.table_max)
        session.add(table)
        session.flush()
    else:
        table = by_number[chosen.number]
    person.table_id = table.id
    person.checked_in_at = person.checked_in_at or utcnow()
    session.add(person)
    session.flush()
    return Seat(person.id, table.number, newly_checked_in=True)


def walk_ins_to_confirm(session: Session, event_id: int) -> list[tuple[int, str, str, str]]:
    """(id, full name, organisation, email) of the walk-ins the desk has not confirmed yet."""
    return [tuple(row) for row in session.exec(
        select(Participant.id, Participant.name, Organisation.name, Participant.email)
        .join(Organisation, Organisation.id == Participant.organisation_id)
        .where(Participant.event_id == event_id, Participant.walk_in == True,  # noqa: E712
               Participant.confirmed_at == None, Participant.erased_at == None)  # noqa: E711
        .order_by(Participant.created_at))]


def confirm_walk_ins(session: Session, event_id: int, participant_ids: list[int]) -> int:
    """The desk vouches for these walk-ins: they now count as registered (the report goes to
    their address, their organisation shows in the directory)."""
    people = session.exec(select(Participant).where(
        Participant.event_id == event_id, Participant.id.in_(participant_ids),
        Participant.walk_in == True, Participant.confirmed_at == None)).all()  # noqa
    for person in people:
        person.confirmed_at = utcnow()
        session.add(person)
    session.flush()
    return len(people)


def undo_check_in(session: Session, participant_id: int) -> None:
    person = session.get(Participant, participant_id)
    if person is None:
        raise ArrivalRefused.of(N_("Personne introuvable."))
    person.table_id = None
    person.checked_in_at = None
    session.add(person)
    session.flush()


def move_to_table(session: Session, participant_id: int, table_number: int) -> None:
    event_id = session.exec(select(Participant.event_id)
                            .where(Participant.id == participant_id)).one()
    lock_event_for_writing(session, event_id)
    person = session.get(Participant, participant_id, populate_existing=True)
    tables, states = _table_states(session, event_id)
    target = next((t for t in tables if t.number == table_number), None)
    if target is None:
        raise ArrivalRefused.of(N_("Il n'y a pas de table {table}."), table=table_number)
    if target.id == person.table_id:
        return
    state = next(s for s in states if s.number == table_number)
    if state.is_full:
        raise ArrivalRefused.of(N_("La table {table} est complète ({seats} places)."),
                                table=table_number, seats=state.capacity)
    person.table_id = target.id
    person.checked_in_at = person.checked_in_at or utcnow()
    session.add(person)
    session.flush()


WALK_INS_PER_MINUTE = 12
"""More than this in a minute is not a queue at the door (a photo of the poster, a script)."""


def register_walk_in(session: Session, event: Event, first_name: str, organisation: str,
                     role: str = "", email: str = "", last_name: str = "",
                     language: str = "fr") -> Participant:
    """Someone who was not registered signs up at the door, while the doors are open; they get
    their own page at once, marked « sur place » until the desk confirms them (only then does
    their address receive the report)."""
    if not event.checkin_open:
        raise ArrivalRefused.of(N_("L'inscription sur place ouvre avec l'accueil : "
                                   "adressez-vous à l'équipe à l'entrée."), code="walk_in_closed")
    lock_event_for_writing(session, event.id)
    recent = session.exec(select(func.count()).select_from(Participant).where(
        Participant.event_id == event.id, Participant.walk_in == True,  # noqa: E712
        Participant.created_at > utcnow() - timedelta(minutes=1))).one()
    if recent >= WALK_INS_PER_MINUTE:
        raise ArrivalRefused.of(N_("Beaucoup d'inscriptions en même temps : réessayez dans une "
                                   "minute, ou adressez-vous à l'accueil."), code="walk_in_rate")
    raw = {"first_name": first_name, "last_name": last_name, "organisation": organisation,
           "role": role, "email": email, "language": language}
    outcome = check_registration(0, raw)
    if isinstance(outcome, RowProblem):
        raise ArrivalRefused(outcome.reason[0].upper() + outcome.reason[1:] + ".",
                             code="walk_in_fields", fields=registration_problems(raw))
    if find_duplicates([outcome], known_people(session, event.id)):
        raise ArrivalRefused.of(N_("Vous êtes déjà inscrit·e (même nom et structure, ou même "
                                   "e-mail) : demandez votre badge à l'accueil."))
    org = get_or_create_organisation(session, event.id, outcome.organisation)
    person = Participant(event_id=event.id, organisation_id=org.id, name=outcome.name,
                         first_name=outcome.first_name, last_name=outcome.last_name,
                         walk_in=True,
                         role=outcome.role, email=outcome.email, language=outcome.language,
                         token=new_token())
    session.add(person)
    session.flush()
    return person


def arrivals_frame(session: Session, event_id: int) -> pd.DataFrame:
    """Everyone registered, with their arrival time and table (organisers only: full names)."""
    rows = session.exec(
        select(Participant.id, Participant.name, Organisation.name, Participant.role,
               Participant.checked_in_at, BreakfastTable.number)
        .join(Organisation, Organisation.id == Participant.organisation_id)
        .join(BreakfastTable, BreakfastTable.id == Participant.table_id, isouter=True)
        .where(Participant.event_id == event_id))
    frame = pd.DataFrame(by_name(rows, lambda row: row[1]), columns=[
        "id", "name", "organisation", "role", "checked_in_at", "table"])
    frame["table"] = frame["table"].astype("Int64")
    return frame


def arrivals_by_organisation(frame: pd.DataFrame) -> pd.DataFrame:
    summary = frame.assign(arrived=frame["checked_in_at"].notna()).groupby("organisation").agg(
        inscrits=("id", "size"), arrives=("arrived", "sum")).reset_index()
    return summary.sort_values(["arrives", "inscrits"], ascending=False).reset_index(drop=True)


def arrivals_over_time(frame: pd.DataFrame, minutes: int = 5) -> pd.DataFrame:
    """Arrivals in `minutes`-long steps, every step from the first arrival to the last (an
    empty one is a zero, not a gap), labelled in Brussels time as the page's language reads a clock
    (« 08 h 05 », « 08:05 »), with the running total."""
    times = pd.to_datetime(frame["checked_in_at"].dropna(), utc=True)
    if times.empty:
        return pd.DataFrame(columns=["heure", "arrivées", "total"])
    steps = times.dt.tz_convert("Europe/Brussels").dt.floor(f"{minutes}min")
    every = pd.date_range(steps.min(), steps.max(), freq=f"{minutes}min")
    counts = steps.value_counts().reindex(every, fill_value=0)
    return pd.DataFrame({"heure": [clock(t.to_pydatetime()) for t in every],
                         "arrivées": counts.values.astype(int),
                         "total": counts.cumsum().values.astype(int)})


def not_arrived(frame: pd.DataFrame, query: str = "") -> pd.DataFrame:
    """Who is still expected, by name, with their organisation; `query` keeps those whose
    name or organisation holds every word of it (any case, any accent)."""
    missing = frame[frame["checked_in_at"].isna()]
    words = fold(query).split()
    if words:
        text = (missing["name"] + " " + missing["organisation"]).map(fold)
        missing = missing[text.map(lambda t: all(w in t for w in words))]
    roles = {role: _(label) for role, label in ROLE_LABELS_FR.items()}
    return (missing.assign(role=missing["role"].map(roles))
            [["name", "organisation", "role"]]
            .rename(columns={"name": _("Nom"), "organisation": _("Structure"), "role": _("Rôle")})
            .reset_index(drop=True))


def seating_plan(session: Session, event_id: int) -> list[tuple[int, int, list[str]]]:
    """(table number, capacity, first names) for every table: what the projector shows."""
    tables = list(session.exec(select(BreakfastTable).where(BreakfastTable.event_id == event_id)
                               .order_by(BreakfastTable.number)))
    seated = public_names_by(session, Participant.table_id, Participant.event_id == event_id,
                             Participant.table_id.is_not(None))
    return [(t.number, t.capacity, seated.get(t.id, [])) for t in tables]
