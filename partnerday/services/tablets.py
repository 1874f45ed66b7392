"""What a working group's tablet reads and writes: the group's round and cases, the sheet of
a case (profile, diagnosis, proposals), each field saved as people type, and the pooling's
view at the end of the day (read on a tablet and on the organisers' laptop alike)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import select

from partnerday import content, rounds
from partnerday.cases import list_cases
from partnerday.commitments import save_sheet_field
from partnerday.db import session_scope
from partnerday.directory import Entry, entries
from partnerday.findings import FieldState, SaveResult, add_proposal, sheet
from partnerday.merge import CaseWork, merged_work
from partnerday.groups import tablet_languages
from partnerday.i18n import N_
from partnerday.models import LANGUAGES, Case, Event, Participant, WorkGroup
from partnerday.participants import public_names_by
from partnerday.refusals import Refusal
from partnerday.themes import said_in
from partnerday.tokens import is_well_formed


@dataclass(frozen=True)
class GroupDay:
    event: Event
    clock: rounds.ClockView
    cases: list[Case]  # their title and situation in the group's language, where given
    members: list[str]  # first names (the tablet is a public screen)
    language: str  # the group's tablets speak it (groups.tablet_language)


def group_day(engine: Engine, group: WorkGroup) -> GroupDay:
    """What the tablet shows at each refresh; the group read again (its language may have
    been changed on another tablet or by the organisers)."""
    with session_scope(engine) as session:
        group = session.get(WorkGroup, group.id)
        event = session.get(Event, group.event_id)
        language = tablet_languages(session, event.id, group.id)[group.id]
        return GroupDay(event, rounds.event_clock(session, event),
                        [content.localised(case, language)
                         for case in list_cases(session, event.id)],
                        public_names_by(session, Participant.group_id,
                                        Participant.group_id == group.id).get(group.id, []),
                        language)


def language_of_link(engine: Engine, token: str | None) -> str:
    """The language of the group whose tablet link this is (the page is drawn in it from its
    first line); French for a link not recognised."""
    if not is_well_formed(token):
        return LANGUAGES[0]
    with session_scope(engine) as session:
        group = session.exec(select(WorkGroup).where(WorkGroup.token == token)).first()
        return LANGUAGES[0] if group is None else tablet_languages(
            session, group.event_id, group.id)[group.id]


class LanguageRefused(Refusal):
    """A language the app does not speak."""


def set_group_language(engine: Engine, group_id: int, language: str) -> None:
    """The group's tablets speak `language` from their next refresh on (organisers, or one
    tap on a tablet)."""
    if language not in LANGUAGES:
        raise LanguageRefused.of(N_("Langue inconnue : {language}."), language=language)
    with session_scope(engine) as session:
        group = session.get(WorkGroup, group_id)
        group.language = language
        session.add(group)


@dataclass(frozen=True)
class CaseSheet:
    case: Case
    fields: dict[str, FieldState]
    directory: list[Entry]
    round: int  # where the rounds stand as the sheet is read (RoundClock.round)
    themes: dict[str, str]  # the case's themes as written -> as the tablet says them

    def said(self, themes: list[str]) -> list[str]:
        """Some of the case's themes (those an organisation shares) as the tablet says them."""
        return [self.themes.get(theme, theme) for theme in themes]


def case_sheet(engine: Engine, group_id: int, case_id: int, language: str) -> CaseSheet:
    """The group's sheet for a case, the case and its themes told in `language` (the
    tablet's) where the organisers gave them; the themes as written still choose the
    organisations suggested."""
    with session_scope(engine) as session:
        case = content.localised(session.get(Case, case_id), language)
        vocabulary = session.get(Event, case.event_id).theme_translations
        return CaseSheet(case, sheet(session, group_id, case_id),
                         entries(session, case.event_id),
                         rounds.get_clock(session, case.event_id).round,
                         dict(zip(case.themes or [],
                                  said_in(case.themes or [], vocabulary, language))))


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
