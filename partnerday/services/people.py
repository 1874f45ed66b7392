"""What a participant does from their own links: the phone page (`?p=`), the walk-in form
(`?w=`), the projected join QR (`?j=`), a reminder's commitment link (`?c=`), the « stop »
link (`?u=`) and the privacy notice (`?d=`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row
from sqlalchemy.engine import Engine

from partnerday import accessibility, arrival, commitments, encounters, organisations, \
    participants, polls, privacy, reminders
from partnerday.events import current_event
from partnerday.encounters import PeopleMet
from partnerday.db import session_scope
from partnerday.models import Event
from partnerday.participants import PersonalPage, find_by_token, read_badge
from partnerday.room import Shared, read_shared
from partnerday.room import room_signature as _signature


def shared_room(engine: Engine, with_directory: bool = True) -> Shared:
    """What every phone shows of the room (the same for all)."""
    with session_scope(engine) as session:
        return read_shared(session, with_directory)


def room_signature(engine: Engine) -> tuple:
    """What open phone pages show of the room: when it changes, they are drawn again."""
    with session_scope(engine) as session:
        return _signature(session)


@dataclass(frozen=True)
class PhonePage:
    badge: PersonalPage
    previous: dict[int, dict | None]  # poll id -> this person's answer to its current round
    commitments: list[Row]


def phone_page(engine: Engine, token: str, open_polls: list) -> PhonePage | None:
    """A badge's page: the person, their answers to the open questions, their commitments.
    Reads only, on one connection (no ORM session, no commit): the whole room opens its
    page at once."""
    with engine.connect() as connection:
        badge = read_badge(connection, token)
        if badge is None:
            return None
        if not badge.event_is_current:
            return PhonePage(badge, {}, [])
        previous = polls.my_answers(connection, open_polls, badge.person_id)
        mine = (commitments.commitments_of(connection, badge.person_id)
                if badge.commitments else [])
    return PhonePage(badge, previous, mine)


def check_in(engine: Engine, person_id: int) -> arrival.Seat:
    with session_scope(engine) as session:
        return arrival.check_in(session, person_id)


def answer(engine: Engine, poll_id: int, kind: str, person_id: int, answer: object,
           side: str | None = None) -> None:
    """A vote, or an argument posted to a wall (`kind` "wall", on `side`); refused with
    `polls.VoteRefused`."""
    with session_scope(engine) as session:
        if kind == "wall":
            polls.post_to_wall(session, poll_id, person_id, side, answer or "")
        else:
            polls.cast_vote(session, poll_id, person_id, answer)


def update_my_commitment(engine: Engine, commitment_id: int, status: str, progress: int,
                         note: str, first_name: str) -> None:
    with session_scope(engine) as session:
        commitments.update_commitment(session, commitment_id, status, progress, note,
                                      first_name)


def organisation_names(engine: Engine, event_id: int) -> list[str]:
    with session_scope(engine) as session:
        return [o.name for o in organisations.list_organisations(session, event_id)]


def walk_in(engine: Engine, event: Event, first_name: str, organisation: str, role: str,
            email: str, last_name: str, language: str = "fr") -> str:
    """Someone not registered signs up at the entrance and is seated at once (the room must
    keep moving); their personal page's token. Refused with `arrival.ArrivalRefused`."""
    with session_scope(engine) as session:
        person = arrival.register_walk_in(session, session.merge(event), first_name,
                                          organisation, role, email, last_name, language)
        arrival.check_in(session, person.id)
        return person.token


def own_page_of(engine: Engine, token: str, event_id: int) -> str | None:
    """The token a phone remembered, when it is a participant's of this event."""
    with session_scope(engine) as session:
        person = find_by_token(session, token)
    return token if person is not None and person.event_id == event_id else None


def commitment_by_link(engine: Engine, token: str | None) -> commitments.LinkView | None:
    with session_scope(engine) as session:
        return commitments.link_view(session, token)


def update_commitment_by_link(engine: Engine, token: str, status: str,
                              progress: int | None, note: str):
    """Refused with `commitments.CommitmentRefused`; the commitment as it now stands."""
    with session_scope(engine) as session:
        return commitments.update_by_link(session, token, status, progress, note)


def people_met(engine: Engine, person_id: int) -> PeopleMet:
    """After the day: whom this person met, where, and whose email they may see."""
    with session_scope(engine) as session:
        return encounters.people_met(session, person_id)


def set_language(engine: Engine, person_id: int, language: str) -> None:
    """The language of the person's page and of what is sent to them; refused with
    `participants.LanguageRefused` for a language the app does not speak."""
    with session_scope(engine) as session:
        participants.set_language(session, person_id, language)


def set_met_choices(engine: Engine, person_id: int, shares_email: bool, listed: bool) -> None:
    with session_scope(engine) as session:
        encounters.set_met_choices(session, person_id, shares_email, listed)


@dataclass(frozen=True)
class MailStopView:
    masked_address: str
    stopped: bool


def mail_stop(engine: Engine, token: str | None) -> MailStopView | None:
    with session_scope(engine) as session:
        row = reminders.stop_by_token(session, token)
        if row is None:
            return None
        return MailStopView(reminders.masked(row.email), row.stopped_at is not None)


def stop_mail(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        reminders.stop_mail(session, token)


@dataclass(frozen=True)
class PrivacyPage:
    event_name: str
    notice: str  # Markdown


def accessibility_page(engine: Engine, uid: str | None) -> str:
    """The accessibility statement (Markdown): with the contact of the event the link names
    (`?a=UID`), else of the current event, else the organisers' desk."""
    with session_scope(engine) as session:
        event = privacy.event_by_uid(session, uid) or current_event(session)
        if event is None:
            return accessibility.statement(None, "")
        return accessibility.statement(event.name, event.privacy_contact)


def privacy_page(engine: Engine, uid: str | None) -> PrivacyPage | None:
    with session_scope(engine) as session:
        event = privacy.event_by_uid(session, uid)
        if event is None:
            return None
        return PrivacyPage(event.name, privacy.privacy_notice(event))
