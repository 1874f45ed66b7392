"""What the projector shows, decided on the organisers' laptop: which screen, and for the
question screen the split by role and the round it is compared with. The projector's page
reads them every 2 seconds and follows; it has no control of its own."""

from __future__ import annotations

from sqlmodel import Session

from partnerday.models import Event
from partnerday.refusals import Refusal

SCREENS: dict[str, str] = {"tables": "Tables", "groups": "Groupes", "polls": "Question",
                           "rounds": "Tours"}


class ProjectorRefused(Refusal):
    """A projector setting that cannot be saved, with the reason in French."""


def set_screen(session: Session, event_id: int, screen: str) -> None:
    if screen not in SCREENS:
        raise ProjectorRefused("Écran inconnu.")
    event = session.get(Event, event_id)
    event.projector_screen = screen
    session.add(event)
    session.flush()


def set_question_view(session: Session, event_id: int, split: bool,
                      compare: int | None) -> None:
    """By role, or beside an earlier round (not both: one comparison at a time)."""
    event = session.get(Event, event_id)
    event.projector_split = bool(split)
    event.projector_compare = None if split or not compare else int(compare)
    session.add(event)
    session.flush()
