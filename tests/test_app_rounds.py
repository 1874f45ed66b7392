"""The case rounds as Streamlit runs them: organisers drive the clock, the projector and the
tablets follow; the directory on phones; the demo at any stage from the events page."""

import re

from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.events import create_event
from partnerday.models import Event, Participant, RoundClock, WorkGroup
from tests.conftest import PASSWORD, log_in, open_app, texts


def at_stage(app_env, stage: str) -> Event:
    with session_scope(get_engine(app_env)) as session:
        return create_demo_at_stage(session, stage, make_current=True)


def click(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def clock(app_env) -> RoundClock:
    with session_scope(get_engine(app_env)) as session:
        return session.exec(select(RoundClock)).one()


def test_organisers_start_pause_extend_and_advance(app_env):
    event = at_stage(app_env, "groups")
    at = log_in(open_app("pages/rounds.py"), PASSWORD)
    assert not at.exception
    assert "Les tours n'ont pas commencé (6 prévus)." in texts(at)
    assert len(at.dataframe) == 1  # the programme grid
    at = click(at, "Démarrer")
    assert (clock(app_env).round, clock(app_env).started_at is not None) == (1, True)
    assert "Tour 1 sur 6" in texts(at)
    moves = at.dataframe[0].value
    assert list(moves.columns) == ["Acteur·rice", "Cas", "Maintenant", "Ensuite"]
    assert set(moves["Acteur·rice"]) == {"Florence", "Thomas", "Nadia"}
    at = click(at, "Pause")
    assert clock(app_env).started_at is None and "en pause" in texts(at)
    at = click(at, "+5 min")
    assert clock(app_env).duration_s == 25 * 60
    at = click(at, "Reprendre")
    at = click(at, "Tour suivant")
    assert clock(app_env).round == 2 and clock(app_env).duration_s == 20 * 60
    projector = open_app("pages/projector_rounds.py", s=event.screen_token)
    assert not projector.exception
    shown = "\n".join(m.value for m in projector.markdown)
    cards = "".join(str(h.proto.body) for h in projector.get("html"))
    # the new round's full 20 minutes, as counted down by the time the projector opened (on a
    # loaded machine, two seconds after the click: 19:58)
    assert "Tour 2 sur 6" in shown and re.search(r">(20:00|19:5\d)<", shown)
    assert cards.count("ensuite :") == 3 and "Florence" in cards and "Groupe" in cards


def test_tablet_shows_the_round_case_and_refuses_other_events(app_env):
    event = at_stage(app_env, "rounds")
    with session_scope(get_engine(app_env)) as session:
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id,
                                                     WorkGroup.number == 1)).one()
    at = open_app(g=group.token)
    assert not at.exception
    assert "Groupe 1" in texts(at) and "Tour 2 sur 6" in texts(at)
    assert [o for o in at.get("button_group")[0].options] == [
        "Tour 1 · Samir, 24 ans, sans diplôme", "Tour 2 · Maria, 41 ans, mère seule de trois enfants"]
    with session_scope(get_engine(app_env)) as session:
        create_event(session, "Partner Day 2028")  # becomes the current event
    for token in (group.token, "x" * 22, "<b>"):  # another event's group, unknown, malformed
        at = open_app(g=token)
        assert not at.exception and "Ce lien de groupe n'est pas (ou plus) valide" in texts(at)


def test_phones_search_the_directory(app_env):
    at_stage(app_env, "arrival")
    with session_scope(get_engine(app_env)) as session:
        token = session.exec(select(Participant.token)
                             .where(Participant.name == "Amina Hermans")).first()
    at = open_app(p=token)
    assert "Qui fait quoi ?" in texts(at)
    search = next(t for t in at.text_input if "Chercher" in t.label)
    assert search.label == "Chercher parmi les 20 structures partenaires"
    search.input("creche").run()
    assert "Crèche solidaire Les Petits Pas" in texts(at)
    search.input("<b>piscine</b>").run()
    assert "Aucune structure ne correspond" in texts(at)


def test_events_page_makes_the_demo_at_a_stage(app_env):
    at = log_in(open_app("pages/events.py"), PASSWORD)
    stage = next(s for s in at.selectbox if s.label == "Étape")
    stage.select("report")
    at = click(at, "Créer la démo à cette étape")  # the current event stays current
    assert not at.exception and "l'événement courant reste le même" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        current = session.exec(select(Event).where(Event.is_current)).one()
        made = session.exec(select(Event).order_by(Event.id.desc())).first()
    assert current.name == "Partner Day Zone Sud (démo)" and made.merge_pairs and made.is_demo
    assert made.name == "Partner Day de démonstration · bilan"
    next(c for c in at.checkbox if c.label == "En faire l'événement courant").check().run()
    assert "ne marchent plus" in texts(at)
    create = next(b for b in at.button if b.label == "Créer la démo à cette étape")
    assert create.disabled  # until confirmed
    next(c for c in at.checkbox if c.label.startswith("Je confirme")).check().run()
    at = click(at, "Créer la démo à cette étape")
    assert not at.exception and "rendue courante" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        current = session.exec(select(Event).where(Event.is_current)).one()
    assert current.name == "Partner Day de démonstration · bilan" and current.id != made.id
    assert "démonstration" in at.dataframe[0].value["Type"].tolist()
