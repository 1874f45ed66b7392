"""Arrival screens as Streamlit runs them: the phone page checks in, walk-ins sign up, the
organisers' desk checks in and undoes."""

import re

from sqlalchemy import event as sa_event
from sqlmodel import select

from partnerday import ui
from partnerday.db import get_engine, session_scope
from partnerday.models import BreakfastTable, Event, Participant
from partnerday.services import people
from tests.conftest import PASSWORD, log_in, open_app, texts


def demo(url):
    open_app()  # first start
    engine = get_engine(url)
    with session_scope(engine) as session:
        return session.exec(select(Event)).one(), engine


def person(engine, name):
    with session_scope(engine) as session:
        return session.exec(select(Participant).where(Participant.name == name)).one()


def shown_table(at) -> str:
    html = "".join(str(h.proto.body) for h in at.get("html"))
    assert "Votre table du petit déjeuner" in html
    return html.split("line-height:1.1;\">")[1].split("<")[0]


def test_phone_page_checks_in_once_and_shows_the_same_table(app_env):
    event, engine = demo(app_env)
    amina = person(engine, "Amina Hermans")
    at = open_app(p=amina.token)
    assert not at.exception
    assert "votre arrivée est enregistrée" in texts(at)
    table = shown_table(at)
    seated = person(engine, "Amina Hermans")
    assert seated.checked_in_at is not None
    with session_scope(engine) as session:
        assert str(session.get(BreakfastTable, seated.table_id).number) == table
    again = open_app(p=amina.token)
    assert shown_table(again) == table
    assert "votre arrivée est enregistrée" not in texts(again)
    assert person(engine, "Amina Hermans").checked_in_at == seated.checked_in_at


def statements_of(action):
    """What `action` returns, and the SQL it sent (lower case)."""
    statements = []
    listener = lambda _c, _cursor, statement, *_: statements.append(statement.lower())  # noqa
    sa_event.listen(ui.engine(), "before_cursor_execute", listener)
    try:
        return action(), statements
    finally:
        sa_event.remove(ui.engine(), "before_cursor_execute", listener)


def test_a_seated_phone_opening_again_reads_itself_in_two_queries_and_writes_nothing(app_env):
    """When the whole room opens its page at once, each query per phone counts: the person
    with their event, organisation, table, group and commitment count in one, their answers
    in another (questions and directory are shared by all phones)."""
    event, engine = demo(app_env)
    amina = person(engine, "Amina Hermans")
    open_app(p=amina.token)  # checks her in
    ui.shared_room.clear()  # as when the machine is slow: the room's read is a second old
    again, statements = statements_of(lambda: open_app(p=amina.token))
    assert "Votre table du petit déjeuner" in "".join(str(h.proto.body) for h in again.get("html"))
    assert not [s for s in statements if s.lstrip().startswith(("insert", "update", "delete"))]
    # the room's read, once a second for all phones: in this run too when the machine is slow
    _, shared_reads = statements_of(lambda: people.shared_room(ui.engine()))
    personal = [s for s in statements if s not in shared_reads]
    assert [re.findall(r"\bfrom (\w+)", s)[-1] for s in personal] == ["participant", "vote"]
    assert all(re.search(r"\bwhere\b", s) for s in personal)


def test_before_doors_open_nothing_is_recorded(app_env):
    event, engine = demo(app_env)
    with session_scope(engine) as session:
        session.get(Event, event.id).checkin_open = False
    at = open_app(p=person(engine, "Amina Hermans").token)
    assert "L'accueil n'est pas encore ouvert" in texts(at)
    assert person(engine, "Amina Hermans").checked_in_at is None


def test_walk_in_signs_up_and_lands_on_their_own_page(app_env):
    event, engine = demo(app_env)
    at = open_app(w=event.walkin_token)
    assert "Inscription sur place" in texts(at)
    def box(label):
        return next(t for t in at.text_input if t.label == label)

    box("Prénom").input("")
    box("Nom de famille (facultatif)").input("NOUVEAU")
    at.button[0].click().run()
    assert "Prénom manquant" in texts(at)
    box("Prénom").input("Léon")
    at.selectbox[0].select("Autre structure…")
    box("Si « autre » : nom de votre structure").input("ASBL Nouvelle")
    at.radio[0].set_value("usager")
    at.button[0].click().run()
    assert not at.exception
    newcomer = person(engine, "Léon NOUVEAU")
    assert newcomer.role == "user" and newcomer.table_id is not None
    assert (newcomer.first_name, newcomer.last_name) == ("Léon", "NOUVEAU")
    assert at.query_params["p"] == newcomer.token
    assert "Bonjour Léon" in texts(at) and "NOUVEAU" not in texts(at)
    again = open_app(w=event.walkin_token)
    again.text_input[0].input("léon")
    again.text_input[1].input("nouveau")
    again.selectbox[0].select("ASBL Nouvelle")
    again.button[0].click().run()
    assert "déjà inscrit·e" in texts(again)


def test_walk_in_link_of_another_event_is_refused(app_env):
    event, engine = demo(app_env)
    with session_scope(engine) as session:
        from partnerday.events import create_event
        create_event(session, "Autre")
    at = open_app(w=event.walkin_token)
    assert "Lien non reconnu" in texts(at)


def test_desk_checks_in_by_hand_and_undoes(app_env):
    event, engine = demo(app_env)
    at = log_in(open_app("pages/arrivals.py"), PASSWORD)
    assert not at.exception
    desk = next(s for s in at.selectbox if s.label == "Personne")
    assert any(o.startswith("Amina Hermans (") for o in desk.options)
    desk.select(person(engine, "Amina Hermans").id).run()
    next(b for b in at.button if b.label == "Enregistrer l'arrivée").click().run()
    assert "Arrivée enregistrée : table" in texts(at)
    assert person(engine, "Amina Hermans").table_id is not None
    next(b for b in at.button if b.label == "Annuler l'arrivée").click().run()
    assert "Arrivée annulée." in texts(at)
    assert person(engine, "Amina Hermans").table_id is None


def test_projector_screen_link_shows_first_names_without_password(app_env):
    event, engine = demo(app_env)
    open_app(p=person(engine, "Amina Hermans").token)  # Amina arrives
    at = open_app(s=event.screen_token)
    assert not at.exception
    assert "Tables du petit déjeuner" in texts(at)
    cards = "".join(str(h.proto.body) for h in at.get("html"))
    assert "Amina" in cards and "Hermans" not in cards
    assert not at.text_input  # no password asked, no organiser page reachable
    refused = open_app(s="AAAAAAAAAAAAAAAAAAAAAA")
    assert "Lien non reconnu" in texts(refused)


def test_a_refusal_quoting_what_was_typed_shows_it_as_text(app_env):
    """A refusal often quotes the input: a typed Markdown link must not become a link."""
    event, engine = demo(app_env)
    at = open_app(w=event.walkin_token)
    next(t for t in at.text_input if t.label == "Prénom").input("Léa")
    at.selectbox[0].select("Autre structure…")
    next(t for t in at.text_input if t.label.startswith("Si « autre »")).input("ASBL")
    next(t for t in at.text_input if t.label.startswith("E-mail")).input(
        "[cliquez ici](http://phishing.example)")
    at.button[0].click().run()
    shown = at.error[0].value
    assert "invalide" in shown
    assert "\\[cliquez ici\\]\\(http" in shown  # escaped: drawn as typed, not as a link


def test_the_projected_join_qr_never_leads_to_the_walk_in_form(app_env):
    event, engine = demo(app_env)
    join = open_app(j=event.join_token)
    assert "Pour voter" in texts(join) and "Adressez-vous à l'accueil" in texts(join)
    assert not join.get("link_button")  # no way on to the walk-in form
    assert "Lien non reconnu" in texts(open_app(j=event.walkin_token))
    assert "Lien non reconnu" in texts(open_app(w=event.join_token))


def test_the_walk_in_form_waits_for_the_doors_and_the_desk_confirms(app_env):
    event, engine = demo(app_env)
    with session_scope(engine) as session:
        session.get(Event, event.id).checkin_open = False
    closed = open_app(w=event.walkin_token)
    assert "ouvre avec l'accueil" in texts(closed) and not closed.text_input
    with session_scope(engine) as session:
        session.get(Event, event.id).checkin_open = True
    at = open_app(w=event.walkin_token)
    next(t for t in at.text_input if t.label == "Prénom").input("Léon")
    at.selectbox[0].select("Autre structure…")
    next(t for t in at.text_input if t.label.startswith("Si « autre »")).input("ASBL Sur Place")
    at.button[0].click().run()
    assert "Bonjour Léon" in texts(at)  # seated at once
    desk = log_in(open_app("pages/arrivals.py"), PASSWORD)
    assert "Inscrit·e·s sur place à confirmer (1)" in texts(desk)
    newcomer = person(engine, "Léon")
    next(m for m in desk.multiselect if m.label == "Personnes vues au guichet").select(
        newcomer.id).run()
    next(b for b in desk.button if b.label == "Confirmer (1)").click().run()
    assert "1 inscription sur place confirmée." in texts(desk)
    assert person(engine, "Léon").confirmed_at is not None


def test_a_walk_ins_mistakes_show_under_their_fields_and_nothing_typed_is_lost(app_env):
    event, engine = demo(app_env)
    at = open_app(w=event.walkin_token)
    next(t for t in at.text_input if t.label == "Prénom").input("Léa")
    next(t for t in at.text_input if t.label.startswith("E-mail")).input("lea@")
    at = at.button[0].click().run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert errors == ["Structure manquante.", "Adresse e-mail « lea@ » invalide."]
    widgets = [w for w in at.main if type(w).__name__ in ("TextInput", "Error", "Radio",
                                                        "Selectbox")]
    labels = [getattr(w, "label", None) or w.value.replace("\\", "") for w in widgets]
    assert labels.index("Adresse e-mail « lea@ » invalide.") == labels.index(
        "E-mail (facultatif, pour recevoir le compte-rendu)") + 1  # right under its field
    assert labels.index("Structure manquante.") == labels.index(
        "Si « autre » : nom de votre structure") + 1
    assert next(t for t in at.text_input if t.label == "Prénom").value == "Léa"  # kept
    with session_scope(engine) as session:
        assert session.exec(select(Participant).where(Participant.walk_in == True)  # noqa: E712
                            ).first() is None  # nothing registered
