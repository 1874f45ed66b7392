"""The demo event a newcomer finds on first start: built from the files in `data/` through
the same import as a real registration file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from partnerday.events import create_event
from partnerday.models import AppSetting, Case, Event, Poll
from partnerday.registration import import_registrations, read_registrations
from partnerday.settings import DATA_DIR

DEMO_PARTICIPANTS = DATA_DIR / "demo_participants.csv"
DEMO_EVENT = DATA_DIR / "demo_event.json"


def create_demo_event(session: Session, participants_file: Path = DEMO_PARTICIPANTS,
                      event_file: Path = DEMO_EVENT) -> Event:
    spec = json.loads(event_file.read_text(encoding="utf-8"))
    info = dict(spec["event"])
    info["day"] = date.fromisoformat(info["day"]) if info.get("day") else None
    event = create_event(session, info.pop("name"), checkin_open=True, **info)
    preview = read_registrations(participants_file.read_bytes(), participants_file.name)
    if not preview.is_clean:
        raise ValueError(f"Fichier de démo invalide : {preview.problems[:3]}")
    import_registrations(session, event.id, preview.rows_to_import())
    for position, case in enumerate(spec.get("cases", [])):
        session.add(Case(event_id=event.id, position=position, **case))
    for position, poll in enumerate(spec.get("polls", [])):
        session.add(Poll(event_id=event.id, position=position, **poll))
    session.flush()
    return event


DEMO_SEEDED_KEY = "demo_seeded"


def ensure_demo_event(engine: Engine) -> Event | None:
    """Create the demo event when the database holds no event at all. The setting row makes
    it happen once even when several servers start on one database at the same moment."""
    with Session(engine, expire_on_commit=False) as session:
        if session.exec(select(Event.id)).first() is not None:
            return None
        try:
            session.add(AppSetting(key=DEMO_SEEDED_KEY, value=date.today().isoformat()))
            session.flush()
        except IntegrityError:
            return None
        event = create_demo_event(session)
        session.commit()
        return event
