"""Polls as Streamlit runs them: a phone answers, organisers manage, the projector shows."""

import json

from sqlmodel import select

from partnerday.arrival import check_in
from partnerday.db import get_engine, session_scope
from partnerday.models import Event, Participant, Poll, Vote
from partnerday.polls import cast_vote, create_poll, post_to_wall, reset_poll, set_open
from tests.conftest import PASSWORD, log_in, open_app, texts


def setup(url):
    open_app()
    engine = get_engine(url)
    with session_scope(engine) as session:
        amina = session.exec(select(Participant).where(Participant.name == "Amina Hermans")).one()
        event = session.exec(select(Event)).one()
        barometer = session.exec(select(Poll)).one()
    return engine, amina, event, barometer


def test_phone_answers_the_barometer_and_can_change(app_env):
    engine, amina, event, barometer = setup(app_env)
    at = open_app(p=amina.token)
    assert "Questions ouvertes" in texts(at)
    at.slider[0].set_value(2)
    next(b for b in at.button if b.label == "Envoyer").click().run()
    assert "Merci, c'est enregistré." in texts(at)
    at = open_app(p=amina.token)
    assert at.slider[0].value == 2
    at.slider[0].set_value(9)
    next(b for b in at.button if b.label == "Envoyer").click().run()
    with session_scope(engine) as session:
        assert [v.value for v in session.exec(select(Vote))] == [{"value": 9}]


def test_a_question_closed_meanwhile_records_nothing(app_env):
    engine, amina, event, barometer = setup(app_env)
    at = open_app(p=amina.token)
    with session_scope(engine) as session:
        set_open(session, barometer.id, False)
    next(b for b in at.button if b.label == "Envoyer").click().run()
    assert "Cette question est fermée" in texts(at)
    with session_scope(engine) as session:
        assert session.exec(select(Vote)).first() is None


def test_organiser_creates_a_choice_question_and_refuses_a_bad_one(app_env):
    engine, amina, event, barometer = setup(app_env)
    at = log_in(open_app("pages/polls.py"), PASSWORD)
    assert not at.exception
    at.selectbox[0].select("single").run()
    at.text_input[0].input("Quel format pour l'an prochain ?")
    at.text_area[0].input("étude de cas")
    next(b for b in at.button if b.label == "Créer la question").click().run()
    assert "Donnez au moins deux options" in texts(at)
    at.text_area[0].input("étude de cas\nprojet commun\n")
    next(b for b in at.button if b.label == "Créer la question").click().run()
    assert not at.exception
    with session_scope(engine) as session:
        created = session.exec(select(Poll).where(Poll.kind == "single")).one()
    assert created.options == ["étude de cas", "projet commun"] and not created.is_open


def test_organiser_gives_a_question_in_dutch_too_and_projects_it_in_both(app_env):
    """Under the question, a tab per other language: what is typed there is kept, too many
    option lines are refused with the rest kept, and a bilingual room's projector shows the
    question in both languages."""
    engine, amina, event, barometer = setup(app_env)
    at = log_in(open_app("pages/polls.py"), PASSWORD)
    at.selectbox[0].select("single").run()
    at.text_input(key="new_q").input("Quel format pour l'an prochain ?")
    at.text_area(key="new_o").input("étude de cas\nprojet commun")
    at.text_input(key="new_nl_question").input("Welk formaat voor volgend jaar?")
    at.text_area(key="new_nl_options").input("casusstudie\ngemeenschappelijk project\nextra")
    next(b for b in at.button if b.label == "Créer la question").click().run()
    assert "3 traductions pour 2 options" in texts(at)
    assert at.text_input(key="new_nl_question").value == "Welk formaat voor volgend jaar?"
    at.text_area(key="new_nl_options").input("casusstudie\ngemeenschappelijk project")
    next(b for b in at.button if b.label == "Créer la question").click().run()
    assert not at.exception
    with session_scope(engine) as session:
        created = session.exec(select(Poll).where(Poll.kind == "single")).one()
        assert created.translations == {"nl": {
            "question": "Welk formaat voor volgend jaar?",
            "options": ["casusstudie", "gemeenschappelijk project"]}}
        created.is_projected = True
        session.add(created)
        row = session.get(Event, event.id)
        row.projector_screen, row.projector_languages = "polls", "fr,nl"
        session.add(row)
        screen = row.screen_token
    projector = open_app(s=screen)
    assert not projector.exception
    assert projector.header[0].value == ("Quel format pour l'an prochain ? / Welk formaat "
                                         "voor volgend jaar?")


def test_wall_posts_are_plain_text_on_the_projector(app_env):
    engine, amina, event, barometer = setup(app_env)
    open_app(p=amina.token)  # arrives
    with session_scope(engine) as session:
        wall = create_poll(session, event.id, "wall", "Un suivi toute l'année ?")
        set_open(session, barometer.id, False)
        set_open(session, wall.id, True)
        post_to_wall(session, wall.id, amina.id, "pro",
                     "<script>alert(1)</script> **gras** [lien](http://x)")
    screen = open_app("pages/projector_polls.py", s=event.screen_token)
    assert not screen.exception
    shown = [t.value for t in screen.text]
    assert "<script>alert(1)</script> **gras** [lien](http://x)" in shown
    assert not any("alert(1)" in str(h.proto.body) for h in screen.get("html"))


def test_organiser_closes_reveals_and_projects(app_env):
    engine, amina, event, barometer = setup(app_env)
    screen = open_app("pages/projector_polls.py", s=event.screen_token)
    assert "En attente des votes" in texts(screen)  # before the first vote: no 0.0, no axis
    assert not screen.get("plotly_chart")
    with session_scope(engine) as session:
        check_in(session, amina.id)
        cast_vote(session, barometer.id, amina.id, 7)
    at = log_in(open_app("pages/polls.py"), PASSWORD)
    next(b for b in at.button if b.label == "Fermer").click().run()
    next(b for b in at.button if b.label == "Masquer les résultats").click().run()
    next(b for b in at.button if b.label == "Projeter").click().run()
    with session_scope(engine) as session:
        stored = session.get(Poll, barometer.id)
    assert (stored.is_open, stored.results_hidden, stored.is_projected) == (False, True, True)
    screen = open_app("pages/projector_polls.py", s=event.screen_token)
    assert "Les résultats seront révélés plus tard." in texts(screen)
    assert not screen.get("plotly_chart")


def test_projector_splits_by_role_and_compares_rounds(app_env):
    engine, amina, event, barometer = setup(app_env)
    with session_scope(engine) as session:
        people = session.exec(select(Participant).order_by(Participant.id)).all()[:10]
    for person in people:
        with session_scope(engine) as session:
            check_in(session, person.id)
            cast_vote(session, barometer.id, person.id, 2)
    with session_scope(engine) as session:
        reset_poll(session, barometer.id)
        cast_vote(session, barometer.id, people[0].id, 9)

    screen = open_app("pages/projector_polls.py", s=event.screen_token)
    assert [m.value for m in screen.metric] == ["1"]  # the new round
    assert not screen.toggle and not screen.selectbox  # nothing to click on the projector
    assert json.loads(screen.get("plotly_chart")[0].proto.spec)["layout"]["separators"] \
        == ",\u202f"  # a decimal comma, a narrow space between thousands
    organiser = log_in(open_app("pages/polls.py"), PASSWORD)
    next(b for b in organiser.button if b.label == "Projeter").click().run()
    compare = next(s for s in organiser.selectbox if s.label.startswith("Comparer"))
    compare.select(1).run()  # set on the laptop...
    series = [trace["name"] for trace in _figure(screen.run())["data"]]  # ...the screen follows
    assert series == ["tour 2", "tour 1"]
    next(t for t in organiser.toggle if t.label.startswith("Par rôle")).set_value(True).run()
    series = [trace["name"] for trace in _figure(screen.run())["data"]]
    assert series == ["travailleur·euse·s", "usager·ère·s"]


def _figure(at) -> dict:
    charts = at.get("plotly_chart")
    return json.loads(charts[-1].proto.spec)
