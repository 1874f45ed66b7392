"""Events: several are kept, one is current."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import delete, update
from sqlmodel import Session, select

from partnerday.models import EVENT_TABLES, Event


def create_event(session: Session, name: str, *, day: date | None = None, place: str = "",
                 make_current: bool = True, **fields) -> Event:
    event = Event(uid=uuid.uuid4().hex, name=name.strip(), day=day, place=place.strip(), **fields)
    session.add(event)
    session.flush()
    if make_current:
        set_current_event(session, event.id)
    return event


def list_events(session: Session) -> list[Event]:
    return list(session.exec(select(Event).order_by(Event.day.desc(), Event.id.desc())))


def current_event(session: Session) -> Event | None:
    event = session.exec(select(Event).where(Event.is_current == True)  # noqa: E712
                         .order_by(Event.id.desc())).first()
    if event is None:
        event = session.exec(select(Event).order_by(Event.id.desc())).first()
    return event


def set_current_event(session: Session, event_id: int) -> None:
    session.exec(update(Event).where(Event.id != event_id).values(is_current=False))
    session.exec(update(Event).where(Event.id == event_id).values(is_current=True))
    session.flush()


def delete_event(session: Session, event_id: int) -> None:
    """Remove an event and everything that belongs to it (children first)."""
    for table in reversed(EVENT_TABLES):
        session.exec(delete(table).where(table.event_id == event_id))
    session.exec(delete(Event).where(Event.id == event_id))
    session.flush()
