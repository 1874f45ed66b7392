"""The organisers' view of the day as it goes, for the dashboard: arrivals, tables, groups and
latecomers, the round and its time, the open questions and their voters, the sheets filled by
each group, the commitments. One read, plain figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from partnerday.findings import filled_fields
from partnerday.groups import groups_are_published, latecomers
from partnerday.models import BreakfastTable, Commitment, Event, Participant, Vote, WorkGroup
from partnerday.polls import open_polls
from partnerday.rounds import clock_line, event_clock


@dataclass(frozen=True)
class DayOverview:
    registered: int
    arrived: int
    expected: int
    tables_laid: int
    tables_used: int
    groups_published: bool
    groups: int
    without_group: int  # arrived after the groups were published, not placed yet
    clock: str
    questions: list[tuple[str, int]]  # open question, people who answered this round
    sheets: dict[int, int]  # group number -> fields filled, every case together
    commitments: int
    commitments_done: int


def day_overview(session: Session, event: Event) -> DayOverview:
    people = session.exec(select(Participant.checked_in_at, Participant.table_id).where(
        Participant.event_id == event.id)).all()
    arrived = sum(1 for at, _ in people if at is not None)
    groups = {g.id: g.number for g in session.exec(select(WorkGroup).where(
        WorkGroup.event_id == event.id))}
    sheets: Counter[int] = Counter({number: 0 for number in groups.values()})
    for (group_id, _), count in filled_fields(session, event.id).items():
        if group_id in groups:
            sheets[groups[group_id]] += count
    questions = []
    for poll in open_polls(session, event.id):
        voters = session.exec(select(func.count()).select_from(Vote).where(
            Vote.poll_id == poll.id, Vote.round == poll.round)).one()
        questions.append((poll.question, voters))
    statuses = session.exec(select(Commitment.status).where(
        Commitment.event_id == event.id, Commitment.carried_from == "")).all()
    return DayOverview(
        len(people), arrived, event.expected_attendance or len(people),
        session.exec(select(func.count()).select_from(BreakfastTable).where(
            BreakfastTable.event_id == event.id)).one(),
        len({table for at, table in people if table is not None}),
        groups_are_published(session, event.id), len(groups),
        len(latecomers(session, event.id)), clock_line(event_clock(session, event)),
        questions, dict(sorted(sheets.items())), len(statuses),
        sum(1 for s in statuses if s == "done"))
