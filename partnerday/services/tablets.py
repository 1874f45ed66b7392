"""What a working group's tablet reads and writes: the group's round and cases, the sheet of
a case (profile, diagnosis, proposals), each field saved as people type, and the pooling's
view at the end of the day (read on a tablet and on the organisers' laptop alike)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from partnerday import rounds
from partnerday.cases import list_cases
from partnerday.commitments import save_sheet_field
from partnerday.db import session_scope
from partnerday.directory import Entry, entries
from partnerday.findings import FieldState, SaveResult, add_proposal, sheet
from partnerday.merge import CaseWork, merged_work
from partnerday.models import Case, Event, Participant, WorkGroup
from partnerday.participants import public_names_by


@dataclass(frozen=True)
class GroupDay:
    event: Event
    clock: rounds.ClockView
    cases: list[Case]
    members: list[str]  # first names (the tablet is a public screen)


def group_day(engine: Engine, group: WorkGroup) -> GroupDay:
    with session_scope(engine) as session:
        event = session.get(Event, group.event_id)
        return GroupDay(event, rounds.event_clock(session, event),
                        list_cases(session, event.id),
                        public_names_by(session, Participant.group_id,
                                        Participant.group_id == group.id).get(group.id, []))


@dataclass(frozen=True)
class CaseSheet:
    case: Case
    fields: dict[str, FieldState]
    directory: list[Entry]
    round: int  # where the rounds stand as the sheet is read (RoundClock.round)


def case_sheet(engine: Engine, group_id: int, case_id: int) -> CaseSheet:
    with session_scope(engine) as session:
        case = session.get(Case, case_id)
        return CaseSheet(case, sheet(session, group_id, case_id),
                         entries(session, case.event_id),
                         rounds.get_clock(session, case.event_id).round)


def save_field(engine: Engine, group_id: int, case_id: int, field: str, text: str,
               base: int) -> SaveResult:
    """One field of one group's sheet, from the version the tablet started from (a conflict
    returns both texts); a proposal's commitment follows in the same transaction."""
    with session_scope(engine) as session:
        return save_sheet_field(session, group_id, case_id, field, text, base)


def add_a_proposal(engine: Engine, group_id: int, case_id: int) -> None:
    with session_scope(engine) as session:
        add_proposal(session, group_id, case_id)


def pooled_work(engine: Engine, event_id: int, numbers: tuple[int, ...]) -> list[CaseWork]:
    """The pooling of these groups, case by case, side by side."""
    with session_scope(engine) as session:
        return merged_work(session, session.get(Event, event_id), numbers)
