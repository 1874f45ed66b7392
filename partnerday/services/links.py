"""The rows behind the links people scan: an event's walk-in poster (`?w=`), its projected
join QR (`?j=`), a projector's screen link (`?s=`), a group's tablet link (`?g=`)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from partnerday.db import session_scope
from partnerday.events import current_event
from partnerday.models import Event, WorkGroup
from partnerday.tokens import is_well_formed

COLUMNS = {"walk-in": Event.walkin_token, "join": Event.join_token,
           "screen": Event.screen_token, "group": WorkGroup.token}


def row_of_link(engine: Engine, link: str, token: str | None) -> Event | WorkGroup | None:
    """The row whose `link` token this is, when the token is well formed, known and of the
    current event."""
    if not is_well_formed(token):
        return None
    column = COLUMNS[link]
    with session_scope(engine) as session:
        row = session.exec(select(column.class_).where(column == token)).first()
        if row is None:
            return None
        event = row if isinstance(row, Event) else session.get(Event, row.event_id)
    return row if event is not None and event.is_current else None


def the_current_event(engine: Engine) -> Event | None:
    with session_scope(engine) as session:
        return current_event(session)
