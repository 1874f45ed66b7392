"""The easy-read phone page as Streamlit runs it: organisers switch it on for a person or for
the event; the person then arrives, answers and finds their group one screen at a time, with
the same check-in, answers and rules as the ordinary page."""

from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.easy_read import screens
from partnerday.models import BreakfastTable, Event, Participant, Poll, Vote, WorkGroup
from partnerday.services import preparation
from tests.conftest import PASSWORD, log_in, open_app, texts


def person(engine, name: str) -> Participant:
    with session_scope(engine) as session:
        return session.exec(select(Participant).where(Participant.name == name)).one()


def press(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def test_a_person_given_the_easy_read_page_arrives_and_answers_one_screen_at_a_time(app_env):
    open_app()  # the first start makes the demo: check-in open, one question open
    engine = get_engine(app_env)
    amina, other = person(engine, "Amina Hermans"), person(engine, "Marc Renard")
    organiser = log_in(open_app("pages/participants.py"), PASSWORD)
    chooser = next(m for m in organiser.multiselect if m.label == "Pour ces personnes")
    chooser.select(amina.id)
    organiser = press(organiser, "Enregistrer")
    assert not organiser.exception and "pour 1 personne." in texts(organiser)

    phone = open_app(p=amina.token)
    assert not phone.exception
    shown = texts(phone)
    assert "Bienvenue. Vous êtes bien arrivé·e." in shown and "Allez à cette table." in shown
    assert "Écran 1 sur 2" in shown and not phone.slider  # one thing: the table
    seated = person(engine, "Amina Hermans")
    with session_scope(engine) as session:
        table = session.get(BreakfastTable, seated.table_id).number
    assert f"Votre table a le numéro {table}." in shown  # checked in, as the ordinary page
    assert "Uw ontbijttafel" in texts(open_app(p=other.token))  # not chosen (and Dutch)

    phone = press(phone, "Après →")
    assert "Une question" in texts(phone) and "Écran 2 sur 2" in texts(phone)
    phone.slider[0].set_value(8)
    phone = press(phone, "Envoyer")
    assert "Merci, c'est enregistré." in texts(phone)
    with session_scope(engine) as session:
        votes = session.exec(select(Vote).where(Vote.participant_id == amina.id)).all()
    assert [v.value for v in votes] == [{"value": 8}]
    phone = press(phone, "← Avant")
    assert "Allez à cette table." in texts(phone)


def test_for_the_whole_event_every_phone_shows_its_group_in_easy_read(app_env):
    open_app()
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        member = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))).first()
        number = session.get(WorkGroup, member.group_id).number
        open_polls = session.exec(select(Poll).where(Poll.event_id == event.id,
                                                     Poll.is_open)).all()
    preparation.set_easy_read(engine, event.id, True, [])
    with session_scope(engine) as session:
        assert session.get(Event, event.id).easy_read
    phone = open_app(p=member.token)
    assert not phone.exception
    phone = press(phone, "Après →")
    assert f"Votre groupe est le groupe {number}." in texts(phone)
    assert f"Écran 2 sur {2 + len(open_polls)}" in texts(phone)
    preparation.set_easy_read(engine, event.id, False, [])
    assert "Votre groupe de travail" in texts(open_app(p=member.token))  # back to ordinary


def test_the_screens_follow_the_day_in_short_sentences():
    before = screens(None, True, None, None, None, [], 0, checked_in=False)
    assert [s.sentences for s in before] == [("Allez à l'accueil.", "Montrez votre badge.")]
    day = screens(4, True, "3", "Samir, 24 ans", None, [7, 9], 1, checked_in=True)
    assert [(s.kind, s.poll_id) for s in day] == [
        ("table", None), ("group", None), ("question", 7), ("question", 9),
        ("commitments", None)]
    assert day[1].sentences == ("Votre groupe est le groupe 3.",
                                "Votre groupe parle de : Samir, 24 ans.")
    assert day[3].title == "Question 2 sur 2"
    assert all(len(sentence.split()) <= 12 for s in day for sentence in s.sentences)
    unchecked = screens(None, True, None, None, None, [7], 0, checked_in=False)
    assert [s.kind for s in unchecked] == ["table"]  # no answers before the arrival
