"""A participant's phone in their own language, as Streamlit runs it: from the registration
file's language, changed in one tap, with the domain's refusals said in it too."""

import re

import pytest
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import STAGES, create_demo_at_stage
from partnerday.models import Participant, Poll
from tests.conftest import open_app, texts

# one sentence of the phone page in each language, and one that must not show
SAID = {"fr": ("Votre table du petit déjeuner", "Uw ontbijttafel"),
        "nl": ("Uw ontbijttafel", "Votre table du petit déjeuner"),
        "en": ("Your breakfast table", "Votre table du petit déjeuner")}


def participant_at(url, stage: str, language: str) -> tuple[str, int]:
    """A checked-in worker of a demo event at `stage`, reading in `language`."""
    open_app()  # first start: the demo event
    engine = get_engine(url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, stage, make_current=True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None),
            Participant.role == "worker")).first()
        person.language = language
        session.add(person)
        return person.token, person.id


@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("language", list(SAID))
def test_every_stage_of_the_phone_page_is_drawn_in_each_language(app_env, stage, language):
    token, _ = participant_at(app_env, stage, language)
    at = open_app(p=token)
    assert not at.exception
    shown = texts(at)
    said, not_said = SAID[language]
    assert said in shown and not_said not in shown
    html = "".join(h.proto.body for h in at.get("html"))
    assert f"lang: \"{language}\"" in html  # the page says its language to screen readers


def test_one_tap_puts_the_page_and_what_follows_in_another_language(app_env):
    token, person_id = participant_at(app_env, "groups", "fr")
    at = open_app(p=token)
    assert "Votre groupe de travail" in texts(at)
    at.segmented_control[0].set_value("nl").run()
    assert "Uw werkgroep" in texts(at) and "Votre groupe de travail" not in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.get(Participant, person_id).language == "nl"  # emails follow
    again = open_app(p=token)  # a new tab, a reload: still Dutch
    assert "Uw werkgroep" in texts(again)


def test_a_refused_vote_is_said_in_the_persons_language(app_env):
    token, _ = participant_at(app_env, "arrival", "nl")
    at = open_app(p=token)
    submit = next(b for b in at.button if b.label == "Versturen")
    with session_scope(get_engine(app_env)) as session:
        for poll in session.exec(select(Poll).where(Poll.is_open)).all():
            poll.is_open = False  # closed on the laptop meanwhile
            session.add(poll)
    submit.click().run()
    assert "Deze vraag is gesloten: uw antwoord is niet opgeslagen." in texts(at)


def test_the_easy_read_page_speaks_the_persons_language_too(app_env):
    token, person_id = participant_at(app_env, "groups", "en")
    with session_scope(get_engine(app_env)) as session:
        session.get(Participant, person_id).easy_read = True
    at = open_app(p=token)
    assert "Your table is number" in texts(at) and "Go to that table." in texts(at)
    assert "This isn't me" in texts(at)
    assert not re.search(r"\{[a-z_]+\}", texts(at))  # no field left unfilled
    next(b for b in at.button if b.label == "Next →").click().run()
    assert "Your group is group" in texts(at)
