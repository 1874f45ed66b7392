"""What every phone shows of the room, the same for all: the open questions, the directory,
whether the groups are out, each group's case this round, then the pooling. Its signature
changes whenever an open phone page must be drawn again (see partnerday/push.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session

from partnerday import content, rounds
from partnerday.i18n import _
from partnerday.cases import case_of_group, list_cases, played_in
from partnerday.directory import Entry, entries
from partnerday.events import current_event
from partnerday.groups import groups_are_published, groups_stamp
from partnerday.merge import set_label, set_of_group
from partnerday.models import Case, Event, Poll
from partnerday.mixing_rounds import circles_of_people, mixing_stamp
from partnerday.polls import open_polls


@dataclass(frozen=True)
class CaseNow:
    """The case a group works on in the round under way, as its members' phones say it."""
    title: str
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) the organisers gave
    played: bool = True  # False: a written round, the situation is read on the tablet

    def said(self, language: str) -> str:
        """In the reader's language (the page's, `language`)."""
        title = dict(self.titles).get(language) or self.title
        return title if self.played else title + _(" (cas écrit : lisez la situation sur la "
                                                   "tablette)")


@dataclass(frozen=True)
class Shared:
    event_id: int | None
    polls: list[Poll]
    directory: list[Entry]
    groups_published: bool = False
    cases_now: dict[int, CaseNow] | None = None  # group number -> its case this round
    groups_stamp: str = ""  # changes when anyone's group does (a publish, a latecomer placed)
    round: int = 0
    pooling_now: dict[int, str] | None = None  # group number -> the groups it pools with
    mixing_stamp: tuple = ()  # changes when tables tournantes are composed anew
    mixing: dict[int, tuple[int, ...]] | None = None  # person -> circle in each round

    def signature(self) -> tuple:
        """What a phone page shows of the room: when it changes, open pages draw again."""
        return (self.event_id, tuple((p.id, p.round, p.kind, p.results_hidden, p.question,
                                      json.dumps(p.translations, sort_keys=True))
                                     for p in self.polls),
                self.groups_published, self.groups_stamp, self.round,
                tuple(sorted((self.cases_now or {}).items())),
                tuple(sorted((self.pooling_now or {}).items())), self.mixing_stamp)


def read_shared(session: Session, with_directory: bool = True) -> Shared:
    """The current event's room; the directory is left out when only the signature counts."""
    event = current_event(session)
    if event is None:
        return Shared(None, [], [])
    view = rounds.event_clock(session, event)
    cases = list_cases(session, event.id)
    return Shared(event.id, open_polls(session, event.id),
                  entries(session, event.id) if with_directory else [],
                  groups_are_published(session, event.id),
                  cases_this_round(event, view, cases), groups_stamp(session, event.id),
                  view.round, pooling_sets(event, view, cases),
                  mixing_stamp(session, event.id),
                  circles_of_people(session, event.id) if with_directory else None)


def room_signature(session: Session) -> tuple:
    return read_shared(session, with_directory=False).signature()


def cases_this_round(event: Event, view: rounds.ClockView, cases: list[Case]
                     ) -> dict[int, CaseNow]:
    """What each group works on in the round under way (nothing between rounds)."""
    if not view.started or view.finished:
        return {}
    return {n: CaseNow(case.title, tuple((language, content.text_in(case, "title", language))
                                         for language in content.languages_of(case)),
                       played_in(event, len(cases), view.round, n))
            for n in range(1, event.group_count + 1)
            if (case := case_of_group(event, cases, view.round, n)) is not None}


def pooling_sets(event: Event, view: rounds.ClockView, cases: list[Case]) -> dict[int, str]:
    """Once the last round is over: with which groups each group pools its work."""
    if not view.started or not view.finished or not cases:
        return {}
    return {n: set_label(numbers) for n in range(1, event.group_count + 1)
            if (numbers := set_of_group(event, len(cases), n)) is not None}
