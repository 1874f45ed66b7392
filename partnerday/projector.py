"""What the projector shows, decided on the organisers' laptop: which screen, and for the
question screen the split by role and the round it is compared with. The projector's page
reads them every 2 seconds and follows; it has no control of its own."""

from __future__ import annotations

from sqlmodel import Session

from partnerday.i18n import N_
from partnerday.models import LANGUAGES, Event
from partnerday.refusals import Refusal

SCREENS: dict[str, str] = {"tables": N_("Tables"), "groups": N_("Groupes"),
                           "polls": N_("Question"), "rounds": N_("Tours"),
                           "pooling": N_("Mise en commun"), "mixing": N_("Tables tournantes"),
                           "encounters": N_("Rencontres")}
PAGE_SECONDS = 12
"""How long a page of a screen too full for one stays up before the next turns by itself:
long enough to find one's name or read three proposals, short enough to come back soon."""


def page_shown(pages: int, now: float) -> int:
    """The page a paged screen shows at `now`: every screen turns at the same moments."""
    return int(now // PAGE_SECONDS) % max(1, pages)


class ProjectorRefused(Refusal):
    """A projector setting that cannot be saved, with the reason in French."""


def screen_languages(event: Event) -> tuple[str, ...]:
    """The languages the projector speaks, side by side, in the app's order (fr, nl, en)."""
    chosen = set(event.projector_languages.split(","))
    return tuple(language for language in LANGUAGES if language in chosen) or (LANGUAGES[0],)


def set_screen_languages(session: Session, event_id: int, languages: list[str]) -> None:
    """French alone, or two or three languages side by side for a bilingual room (none
    chosen: French)."""
    unknown = set(languages) - set(LANGUAGES)
    if unknown:
        raise ProjectorRefused.of(N_("Langue inconnue : {language}."),
                                  language=", ".join(sorted(unknown)))
    event = session.get(Event, event_id)
    event.projector_languages = ",".join(
        language for language in LANGUAGES if language in languages) or LANGUAGES[0]
    session.add(event)
    session.flush()


def set_screen(session: Session, event_id: int, screen: str) -> None:
    if screen not in SCREENS:
        raise ProjectorRefused("Écran inconnu.")
    event = session.get(Event, event_id)
    event.projector_screen = screen
    session.add(event)
    session.flush()


def set_pooling_view(session: Session, event_id: int, set_index: int,
                     case_id: int | None) -> None:
    """The pooling on the projector: this set of groups, this case (None: the set's first)."""
    event = session.get(Event, event_id)
    event.projector_screen = "pooling"
    event.projector_set = max(0, int(set_index))
    event.projector_case = case_id
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
