"""Organiser screens as Streamlit runs them: events, backup and restore, organisations."""

import pytest
from sqlmodel import select

from partnerday import i18n
from partnerday.db import get_engine, session_scope
from partnerday.models import Event, Organisation, Participant
from tests.conftest import PASSWORD, log_in, open_app, texts


def test_create_an_event_and_switch_back(app_env):
    at = log_in(open_app("pages/events.py"), PASSWORD)
    next(t for t in at.text_input if t.label == "Nom").input("Partner Day 2028")
    next(b for b in at.button if b.label == "Créer et rendre courant").click().run()
    assert "Événement « Partner Day 2028 » créé." in texts(at)
    with session_scope(get_engine(app_env)) as session:
        current = session.exec(select(Event).where(Event.is_current == True)).one()  # noqa
    assert current.name == "Partner Day 2028"
    chooser = next(s for s in at.selectbox if s.label == "Événement courant")
    assert any("démo" in o for o in chooser.options)
    with session_scope(get_engine(app_env)) as session:
        demo_id = session.exec(select(Event.id).where(Event.name.like("%démo%"))).one()
    chooser.select(demo_id).run()
    next(b for b in at.button if b.label == "Rendre courant").click().run()
    with session_scope(get_engine(app_env)) as session:
        current = session.exec(select(Event).where(Event.is_current == True)).one()  # noqa
    assert current.name.endswith("(démo)")


def test_empty_event_name_is_refused(app_env):
    at = log_in(open_app("pages/events.py"), PASSWORD)
    next(b for b in at.button if b.label == "Créer et rendre courant").click().run()
    assert "Donnez un nom à l'événement." in texts(at)


def test_backup_download_then_restore_refused_then_replaced(app_env):
    at = log_in(open_app("pages/events.py"), PASSWORD)
    download = next(d for d in at.get("download_button")
                    if "sauvegarde" in d.proto.label)
    assert download.proto.label.startswith("Télécharger la sauvegarde")
    engine = get_engine(app_env)
    from partnerday.backup import backup_to_json
    with session_scope(engine) as session:
        event = session.exec(select(Event)).one()
        payload = backup_to_json(session, event.id).encode()
        session.exec(Participant.__table__.update().values(name="Effacé"))
    at.file_uploader[0].set_value(("sauvegarde.json", payload, "application/json")).run()
    next(b for b in at.button if b.label == "Restaurer").click().run()
    assert "existe déjà" in texts(at)
    next(c for c in at.checkbox if c.label.startswith("Remplacer")).check().run()
    next(b for b in at.button if b.label == "Restaurer").click().run()
    assert "restauré" in texts(at)
    with session_scope(engine) as session:
        assert session.exec(select(Participant).where(Participant.name == "Effacé")).first() \
            is None
    at.file_uploader[0].set_value(("autre.json", b"{pas du json", "application/json")).run()
    next(b for b in at.button if b.label == "Restaurer").click().run()
    assert "pas un JSON valide" in texts(at)


def test_merge_two_organisations_by_hand(app_env):
    at = log_in(open_app("pages/organisations.py"), PASSWORD)
    with session_scope(get_engine(app_env)) as session:
        orgs = {o.name: o.id for o in session.exec(select(Organisation))}
    keep, absorb = orgs["CPAS de Forest"], orgs["Mission locale de Forest"]
    at.selectbox[0].select(keep)
    at.selectbox[1].select(absorb)
    next(b for b in at.button if b.label == "Fusionner").click().run()
    assert "a été fusionnée dans" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.get(Organisation, absorb) is None
        moved = session.exec(select(Participant).where(Participant.organisation_id == keep)
                             ).all()
    assert len(moved) == 9  # 5 + 4 in the demo


@pytest.mark.parametrize("query", [{}, {"p": "A" * 22}, {"s": "B" * 22}])
def test_an_unreachable_database_is_said_in_french_with_retry(query, monkeypatch, tmp_path):
    import streamlit as st

    from partnerday.ui import DATABASE_DOWN

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nulle_part")
    monkeypatch.setenv("PARTNERDAY_ORGANISER_PASSWORD", PASSWORD)
    st.cache_resource.clear()
    try:
        at = open_app(**query)
        assert not at.exception  # never Streamlit's English error
        assert DATABASE_DOWN in [e.value for e in at.error]
        assert [b.label for b in at.button] == ["Réessayer"]
        at.button[0].click().run()  # still down: still said, still offered
        assert not at.exception and DATABASE_DOWN in [e.value for e in at.error]
    finally:
        st.cache_resource.clear()


def test_an_unreachable_database_is_said_in_the_language_the_link_asks_for(monkeypatch):
    """Before the database answers, the app cannot know whose page it is: the link's
    language (a Dutch phone's page links `?l=nl`), else the browser's, is the one it has."""
    import streamlit as st

    from partnerday.i18n import speaking
    from partnerday.ui import DATABASE_DOWN

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nulle_part")
    monkeypatch.setenv("PARTNERDAY_ORGANISER_PASSWORD", PASSWORD)
    st.cache_resource.clear()
    try:
        at = open_app(l="nl")
        with speaking("nl"):
            dutch = i18n._(DATABASE_DOWN)
        assert dutch != DATABASE_DOWN
        assert [e.value for e in at.error] == [dutch]
        assert [b.label for b in at.button] == ["Opnieuw proberen"]
    finally:
        st.cache_resource.clear()


def test_a_live_screen_says_a_database_failure_and_goes_on():
    from streamlit.testing.v1 import AppTest

    def screen():
        import streamlit as st
        from sqlalchemy.exc import OperationalError

        from partnerday import ui

        @ui.live
        def board():
            raise OperationalError("SELECT 1", {}, Exception("database is locked"))

        board()
        st.write("après")

    at = AppTest.from_function(screen).run()
    assert not at.exception and "réessayez dans un instant" in at.error[0].value
    assert not at.button and "après" in [m.value for m in at.markdown]


def test_a_success_quoting_a_typed_name_shows_it_as_text(app_env):
    at = log_in(open_app("pages/events.py"), PASSWORD)
    next(t for t in at.text_input if t.label == "Nom").input("**PD** [lien](http://x.example)")
    next(b for b in at.button if b.label == "Créer et rendre courant").click().run()
    shown = at.success[0].value
    assert "\\*\\*PD\\*\\* \\[lien\\]\\(http" in shown  # drawn as typed, not bold, not a link
    assert "**PD** [lien](http://x.example)" in texts(at)
