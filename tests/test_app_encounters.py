"""Encounters on the organisers' dashboard and on the projector, as Streamlit runs them."""

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.encounters import event_encounters
from partnerday.formats import number, percent
from partnerday.models import Event
from partnerday.projector import set_screen
from tests.conftest import PASSWORD, log_in, open_app, texts


def test_the_dashboard_shows_how_the_day_mixed_organisations(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        found = event_encounters(session, event)
    assert found.cross_pairs > 0 and found.first_met_at["groupes fusionnés"] > 0
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert not at.exception
    assert "Rencontres entre structures" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Paires de personnes de structures différentes"] == number(found.cross_pairs)
    assert metrics["Paires de structures qui se sont rencontrées"] == percent(
        found.share_of_organisation_pairs)
    charts = [c for c in at.get("plotly_chart")]
    assert len(charts) >= 2  # the map and the spread, beside the page's other charts


def test_the_projector_shows_the_encounters_when_the_laptop_asks(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        set_screen(session, event.id, "encounters")
        token = session.get(Event, event.id).screen_token
        found = event_encounters(session, event)
    at = open_app(s=token)
    assert not at.exception
    shown = texts(at)
    assert "Aujourd'hui, nous nous sommes rencontré·e·s" in shown
    assert number(found.cross_pairs) in shown


def test_after_the_day_a_phone_lists_the_people_met_and_shares_by_choice(app_env):
    from sqlmodel import select

    from partnerday.models import Participant

    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        me = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.role == "worker",
            Participant.table_id.is_not(None), Participant.group_id.is_not(None))).first()
        tablemates = session.exec(select(Participant).where(
            Participant.table_id == me.table_id, Participant.id != me.id)).all()
        me.email = "moi@example.org"
        session.add(me)
    at = open_app(p=me.token)
    assert not at.exception
    shown = texts(at)
    assert "Les personnes rencontrées" in shown
    listed = [p for p in tablemates if p.role != "user"]
    assert listed and all(p.first_name in shown for p in listed)
    assert not any(p.last_name in shown for p in tablemates if p.last_name)
    assert "@" not in shown.replace("moi@example.org", "")  # nobody's email yet
    share = next(t for t in at.toggle if t.label.startswith("Partager mon e-mail"))
    assert share.value is False  # off by default
    share.set_value(True).run()
    assert not at.exception
    with session_scope(get_engine(app_env)) as session:
        assert session.get(Participant, me.id).shares_email is True


def test_the_cases_page_chooses_the_merge_pairs_for_encounters(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        event.rounds_mode = "merge"
        session.add(event)
    at = log_in(open_app("pages/cases.py"), PASSWORD)
    assert not at.exception
    button = next(b for b in at.button if b.label.startswith("Choisir les paires qui font"))
    button.click().run()
    assert not at.exception
    shown = texts(at)
    assert "nouvelles rencontres entre personnes de structures différentes" in shown
    with session_scope(get_engine(app_env)) as session:
        stored = session.get(Event, event.id)
        assert stored.merge_pairs and sorted(g for p in stored.merge_pairs for g in p) == [
            1, 2, 3, 4, 5, 6]
