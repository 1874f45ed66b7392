"""The participant list of an event: a table to edit, and exports back to CSV and Excel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import bindparam, delete, func, or_, select as sa_select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from partnerday.sorting import by_name
from partnerday.models import LANGUAGES, ROLE_LABELS_FR, BreakfastTable, Commitment, Event, \
    Organisation, Participant, Vote, WallPost, WorkGroup
from partnerday.i18n import N_, _
from partnerday.names import PublicPerson, public_names
from partnerday.refusals import Refusal
from partnerday.spreadsheet import cell_text
from partnerday.organisations import get_or_create_organisation, organisations_by_key
from partnerday.registration import EXPORT_HEADERS, ROLE_EXPORT_FR, RowProblem, \
    check_registration
from partnerday.tokens import new_token

EDITABLE_COLUMNS = ["id", "first_name", "last_name", "organisation", "role", "email", "language",
                    "breakfast_table"]


def participants_frame(session: Session, event_id: int) -> pd.DataFrame:
    """One row per participant, in our column names (`id` is kept to apply edits)."""
    rows = session.exec(select(Participant, Organisation.name)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.event_id == event_id,
                               Participant.erased_at == None))  # noqa: E711
    rows = by_name(rows, lambda row: row[1], lambda row: row[0].name)
    records = [{"id": p.id, "first_name": p.first_name, "last_name": p.last_name,
                "organisation": org, "role": p.role,
                "email": p.email, "language": p.language,
                "breakfast_table": p.planned_table} for p, org in rows]
    frame = pd.DataFrame(records, columns=EDITABLE_COLUMNS)
    frame["breakfast_table"] = frame["breakfast_table"].astype("Int64")
    return frame


def export_frame(session: Session, event_id: int) -> pd.DataFrame:
    """The list as the organisers see it, with French headers the import reads back."""
    frame = participants_frame(session, event_id).drop(columns="id")
    frame["role"] = frame["role"].map(ROLE_EXPORT_FR)
    return frame.rename(columns=EXPORT_HEADERS)


@dataclass
class EditResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def apply_edits(session: Session, event_id: int, edited: pd.DataFrame) -> EditResult:
    """Make the event's participants match the edited table: rows without an id are added,
    rows whose id disappeared are removed. Nothing is written if any row is wrong."""
    result = EditResult()
    checked = []
    for position, record in enumerate(edited.to_dict("records"), start=1):
        raw = {column: cell_text(record.get(column)) for column in EDITABLE_COLUMNS[1:]}
        if not any(raw.values()):
            continue
        outcome = check_registration(position, raw)
        if isinstance(outcome, RowProblem):
            result.problems.append(outcome)
        else:
            pid = record.get("id")
            checked.append((None if pid is None or pd.isna(pid) else int(pid), outcome))
    if result.problems:
        return result

    existing = {p.id: p for p in session.exec(select(Participant).where(
        Participant.event_id == event_id, Participant.erased_at == None))}  # noqa: E711
    orgs = organisations_by_key(session, event_id)
    kept: set[int] = set()
    for pid, row in checked:
        org = get_or_create_organisation(session, event_id, row.organisation, orgs)
        values = dict(name=row.name, first_name=row.first_name, last_name=row.last_name,
                      organisation_id=org.id, role=row.role, email=row.email,
                      language=row.language, planned_table=row.breakfast_table)
        person = existing.get(pid) if pid is not None else None
        if person is None:
            session.add(Participant(event_id=event_id, token=new_token(), **values))
            result.created += 1
            continue
        kept.add(pid)
        if any(getattr(person, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(person, key, value)
            session.add(person)
            result.updated += 1
    removed = [pid for pid in existing if pid not in kept]
    remove_participants(session, removed)
    result.deleted = len(removed)
    session.flush()
    return result


def remove_participants(session: Session, participant_ids: list[int]) -> None:
    if not participant_ids:
        return
    session.exec(delete(Vote).where(Vote.participant_id.in_(participant_ids)))
    session.exec(delete(WallPost).where(WallPost.participant_id.in_(participant_ids)))
    session.exec(update(Commitment).where(Commitment.participant_id.in_(participant_ids))
                 .values(participant_id=None))
    session.exec(delete(Participant).where(Participant.id.in_(participant_ids)))
    session.flush()


def public_names_by(session: Session, key: InstrumentedAttribute,
                    *where: ColumnElement[bool]) -> dict[object, list[str]]:
    """What a public screen shows of the people matching `where`, by `key` (their table, their
    group): first names told apart within each (see names.public_names), sorted."""
    people: dict[object, list[PublicPerson]] = {}
    for value, first, last, role, organisation in session.exec(
            select(key, Participant.first_name, Participant.last_name, Participant.role,
                   Organisation.name)
            .join(Organisation, Organisation.id == Participant.organisation_id)
            .where(Participant.erased_at == None, *where)):  # noqa: E711
        people.setdefault(value, []).append(PublicPerson(first, last, role, organisation))
    return {value: by_name(public_names(found)) for value, found in people.items()}


def find_by_token(session: Session, token: str) -> Participant | None:
    return session.exec(select(Participant).where(Participant.token == token)).first()


class LanguageRefused(Refusal):
    pass


def set_language(session: Session, person_id: int, language: str) -> None:
    """One tap on the phone: their page, emails and copy of the report in that language."""
    if language not in LANGUAGES:
        raise LanguageRefused.of(N_("Langue inconnue : {language}."), language=language)
    person = session.get(Participant, person_id)
    if person is None:
        raise LanguageRefused.of(N_("Personne introuvable."))
    person.language = language
    session.add(person)


@dataclass(frozen=True)
class PersonalPage:
    """What a participant's own page shows of them, as plain values."""
    person_id: int
    first_name: str
    checked_in: bool
    event_id: int
    event_uid: str
    event_name: str
    event_is_current: bool
    checkin_open: bool
    organisation: str
    table_number: int | None
    group_number: int | None
    group_name: str | None
    commitments: int
    event_day: date | None = None
    easy_read: bool = False  # the easy-read page: switched on for them or for the event
    language: str = "fr"  # fr, nl or en: their page's, their emails'


_person, _event, _organisation, _table, _group, _commitment = (
    model.__table__ for model in (Participant, Event, Organisation, BreakfastTable, WorkGroup,
                                  Commitment))
BADGE_QUERY = (
    sa_select(_person.c.id, _person.c.first_name, _person.c.checked_in_at.is_not(None),
              _event.c.id, _event.c.uid, _event.c.name, _event.c.is_current,
              _event.c.checkin_open, _organisation.c.name,
              _table.c.number, _group.c.number, _group.c.name,
              sa_select(func.count()).where(_commitment.c.participant_id == _person.c.id)
              .scalar_subquery(), _event.c.day,
              or_(_person.c.easy_read, _event.c.easy_read), _person.c.language)
    .select_from(_person.join(_event, _event.c.id == _person.c.event_id)
                 .join(_organisation, _organisation.c.id == _person.c.organisation_id)
                 .outerjoin(_table, _table.c.id == _person.c.table_id)
                 .outerjoin(_group, _group.c.id == _person.c.group_id))
    .where(_person.c.token == bindparam("token")))
"""Built once, on the tables rather than the ORM classes: when the whole room opens its page
at once, building the query and making ORM objects of its row took longer than running it."""


def read_badge(connection: Connection | Session, token: str) -> PersonalPage | None:
    """The badge's person with their event, organisation, breakfast table and group."""
    row = connection.execute(BADGE_QUERY, {"token": token}).first()
    return PersonalPage(*row) if row else None


def role_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["role"].value_counts()
    return {role: int(counts.get(role, 0)) for role in ("worker", "user", "facilitator")}


def organisation_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Participants per organisation and role, largest organisations first."""
    table = (frame.assign(role=frame["role"].map(lambda role: _(ROLE_LABELS_FR[role])))
             .groupby(["organisation", "role"]).size().rename("participants").reset_index())
    order = table.groupby("organisation")["participants"].sum().sort_values(ascending=False)
    table["organisation"] = pd.Categorical(table["organisation"], categories=list(order.index),
                                           ordered=True)
    return table.sort_values(["organisation", "role"]).reset_index(drop=True)
