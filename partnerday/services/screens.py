"""What the projector screens read, each in one transaction: the screen the laptop chose,
the breakfast tables, the groups, the round under way, a question's results, the pooling."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import select

from partnerday.sorting import by_name
from partnerday import rounds
from partnerday.arrival import seating_plan
from partnerday.cases import list_cases
from partnerday.db import session_scope
from partnerday.encounters import Encounters, event_encounters
from partnerday.mixing_rounds import stored_rounds
from partnerday.groups import groups_plan
from partnerday.merge import PoolingView, pooling_on_projector
from partnerday.models import Case, Event, Participant, Poll
from partnerday.polls import Results, open_polls, poll_results, projected_poll
from partnerday.projector import screen_languages


def chosen_screen(engine: Engine, event_id: int) -> str:
    with session_scope(engine) as session:
        return session.get(Event, event_id).projector_screen


def projector_choice(engine: Engine, event_id: int) -> tuple[str, tuple[str, ...]]:
    """What the laptop chose for the projector: the screen, and its languages side by side."""
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        return event.projector_screen, screen_languages(event)


def tables(engine: Engine, event_id: int) -> list[tuple[int, int, list[str]]]:
    """Each table's number, seats and the first names seated there."""
    with session_scope(engine) as session:
        return seating_plan(session, event_id)


def groups(engine: Engine, event_id: int) -> list[tuple[int, list[str]]]:
    """Each published group's number and first names."""
    with session_scope(engine) as session:
        return groups_plan(session, event_id)


@dataclass(frozen=True)
class RoundBoard:
    event: Event
    clock: rounds.ClockView
    cases: list[Case]


def round_board(engine: Engine, event_id: int) -> RoundBoard:
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        return RoundBoard(event, rounds.event_clock(session, event),
                          list_cases(session, event_id))


@dataclass(frozen=True)
class PollBoard:
    poll: Poll
    results: Results
    workers: Results | None = None  # the split by role the laptop asked for
    users: Results | None = None
    earlier: Results | None = None  # an earlier round, beside this one
    compare_round: int | None = None


def poll_board(engine: Engine, event_id: int) -> PollBoard | None:
    """The question the organisers put on the projector (else the first open one), with its
    results as the laptop set them: by role, or beside an earlier round."""
    with session_scope(engine) as session:
        poll = projected_poll(session, event_id) or next(iter(open_polls(session, event_id)),
                                                         None)
        if poll is None:
            return None
        event = session.get(Event, event_id)
        split = event.projector_split
        compare = event.projector_compare if event.projector_compare and \
            event.projector_compare < poll.round else None
        return PollBoard(poll, poll_results(session, poll),
                         poll_results(session, poll, role="worker") if split else None,
                         poll_results(session, poll, role="user") if split else None,
                         poll_results(session, poll, round_=compare) if compare else None,
                         compare)


@dataclass(frozen=True)
class MixingBoard:
    round: int
    rounds: int
    circles: list[tuple[int, list[str]]]  # circle number, first names


def mixing(engine: Engine, event_id: int) -> MixingBoard:
    """The tables tournantes' round the laptop chose: each circle's first names."""
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        rounds = stored_rounds(session, event_id)
        row = next((r for r in rounds if r.number == event.mixing_shown),
                   rounds[0] if rounds else None)
        if row is None:
            return MixingBoard(0, 0, [])
        names = dict(session.exec(select(Participant.id, Participant.first_name).where(
            Participant.event_id == event_id)).all())
    circles: dict[int, list[str]] = {}
    for person, circle in row.assignment.items():
        circles.setdefault(circle, []).append(names.get(int(person), ""))
    return MixingBoard(row.number, len(rounds),
                       [(n, by_name(circles[n])) for n in sorted(circles)])


def encounters(engine: Engine, event_id: int) -> Encounters:
    """How the room mixed: figures and the map of organisations, no names."""
    with session_scope(engine) as session:
        return event_encounters(session, session.get(Event, event_id))


def pooling(engine: Engine, event_id: int) -> PoolingView | None:
    with session_scope(engine) as session:
        return pooling_on_projector(session, session.get(Event, event_id))
