"""The day as organisers and latecomers see it, as Streamlit runs it: the dashboard's live
figures, who is still expected on Arrivées, a latecomer told what happens, placed with one
action, then shown their group."""

from sqlmodel import select

from partnerday.arrival import check_in
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Participant
from tests.conftest import PASSWORD, log_in, open_app, texts


def test_the_dashboard_follows_the_day(app_env):
    with session_scope(get_engine(app_env)) as session:
        create_demo_at_stage(session, "rounds", make_current=True)
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert not at.exception
    shown = texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert "La journée en direct" in shown
    assert metrics["Arrivé·e·s / attendu·e·s"].split(" / ")[0] == "72"
    assert metrics["Groupes"] == "6 publiés"
    assert "Tour 2 sur " in shown and "restantes" in shown  # the round and its time left
    assert "Fiches remplies par groupe" in shown


def test_arrivals_lists_who_is_still_expected(app_env):
    at = log_in(open_app("pages/arrivals.py"), PASSWORD)
    expander = next(e for e in at.expander if e.label.startswith("Pas encore arrivé·e·s"))
    assert expander.label == "Pas encore arrivé·e·s (80)"  # the demo, before the doors open
    at.text_input(key="missing_query").input("rachida").run()
    assert list(at.dataframe[-1].value["Nom"]) == ["Rachida Jacobs"]


def test_a_latecomer_is_told_placed_with_one_action_and_shown_their_group(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        late = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_(None))).first()
        check_in(session, late.id)
        others = dict(session.exec(select(Participant.id, Participant.group_id).where(
            Participant.event_id == event.id, Participant.id != late.id)).all())
    phone = open_app(p=late.token)
    assert "Les groupes de travail sont déjà formés" in texts(phone)
    at = log_in(open_app("pages/groups.py"), PASSWORD)
    assert "1 personne arrivée après la publication n'a pas de groupe" in texts(at)
    at = next(b for b in at.button if b.label == "Placer cette personne dans un groupe"
              ).click().run()
    assert "1 personne placée : groupe " in texts(at)
    phone = open_app(p=late.token)
    assert "Votre groupe de travail" in texts(phone)
    assert "déjà formés" not in texts(phone)
    with session_scope(get_engine(app_env)) as session:
        after = dict(session.exec(select(Participant.id, Participant.group_id).where(
            Participant.event_id == event.id, Participant.id != late.id)).all())
    assert after == others  # nobody else moved


def test_the_laptop_chooses_what_the_projector_shows(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
    screen = open_app(s=event.screen_token)
    assert "Tables du petit déjeuner" in texts(screen)
    assert not screen.get("segmented_control") and not screen.button  # no control there
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert event.screen_token in texts(at) or any(
        event.screen_token in c.value for c in at.get("code"))  # the link, with its QR
    choice = next(s for s in at.get("segmented_control") if s.label == "L'écran montre")
    choice.set_value("groups").run()
    assert "Groupes de travail" in texts(screen.run())


def test_every_organiser_chart_writes_numbers_the_french_way(app_env):
    """« 4,8 » and « 1 250 » on every chart an organiser reads, as on the projector."""
    import json

    from partnerday.formats import chart_separators
    from partnerday.polls import cast_vote, create_poll, set_open

    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        poll = create_poll(session, event.id, "scale", "Votre énergie ?", [])
        set_open(session, poll.id, True)
        people = session.exec(select(Participant).where(Participant.event_id == event.id,
                                                        Participant.checked_in_at.is_not(None))
                              ).all()[:5]
        for person, value in zip(people, (4, 5, 5, 6, 4)):
            cast_vote(session, poll.id, person.id, value)
    charts_seen = {}
    for page in ("dashboard", "arrivals", "groups", "polls", "commitments"):
        at = log_in(open_app(f"pages/{page}.py"), PASSWORD)
        assert not at.exception, page
        layouts = [json.loads(c.proto.spec)["layout"] for c in at.get("plotly_chart")]
        charts_seen[page] = len(layouts)
        assert all(layout.get("separators") == chart_separators() for layout in layouts), page
    assert all(charts_seen.values()), charts_seen  # each page showed at least one chart
    assert chart_separators() == ",\u202f"
