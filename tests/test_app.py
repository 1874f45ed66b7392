"""The app as Streamlit runs it (streamlit.testing): who sees what, and the import screen."""

import time

import pytest
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.events import create_event
from partnerday.models import Participant
from tests.conftest import PASSWORD, log_in, open_app, texts


@pytest.mark.parametrize("page", ["pages/participants.py", "pages/dashboard.py",
                                  "pages/organisations.py", "pages/events.py"])
def test_organiser_pages_refuse_without_password(app_env, page):
    at = open_app(page)
    assert not at.exception
    assert "Espace organisateurs" in texts(at)
    assert [t.label for t in at.text_input] == ["Identifiant", "Mot de passe"]
    assert not at.dataframe and not at.tabs and not at.metric


def test_wrong_password_is_refused_then_right_one_opens(app_env):
    at = open_app("pages/participants.py")
    at = log_in(at, "pas-le-bon")
    assert "Identifiant ou mot de passe incorrect." in texts(at)
    assert not at.tabs
    at = log_in(at, PASSWORD)
    assert not at.exception
    assert "Participants" in [t.value for t in at.title]
    assert [t.label for t in at.tabs] == ["Importer", "Liste et modifications", "Exporter",
                                          "Droits d'une personne"]


def test_repeated_failures_make_the_next_attempt_wait_then_the_right_password_opens(app_env):
    at = open_app("pages/dashboard.py")
    for _ in range(4):
        at = log_in(at, "mauvais")
    started = time.monotonic()
    at = log_in(at, PASSWORD)  # 4 failures: held 4 s, then checked
    assert time.monotonic() - started >= 3.5
    assert at.metric and "Trop d'essais" not in texts(at)


def test_dashboard_shows_the_demo_event(app_env):
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert "Partner Day Zone Sud (démo)" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inscrit·e·s"] == "80" and metrics["Structures"] == "20"


def test_import_previews_then_imports(app_env):
    at = log_in(open_app("pages/participants.py"), PASSWORD)
    content = ("nom;structure;rôle\nNadia Test;ASBL Essai;usager\n;ASBL Essai;\n"
               "Paul Test;asbl essai;travailleur\n").encode()
    at.file_uploader[0].set_value(("inscriptions.csv", content, "text/csv")).run()
    assert "nom manquant" in at.dataframe[0].value.to_string()
    shown = {s.label: s.value for s in at.selectbox if s.label.startswith("Colonne")}
    assert shown == {"Colonne « nom » utilisée comme": "full_name",
                     "Colonne « structure » utilisée comme": "organisation",
                     "Colonne « rôle » utilisée comme": "role"}
    import_button = next(b for b in at.button if b.label.startswith("Importer"))
    assert import_button.label == "Importer 2 participant·e·s" and import_button.disabled
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label.startswith("Importer")).click().run()
    assert not at.exception
    assert "2 participant·e·s importé·e·s." in texts(at)
    with session_scope(get_engine(app_env)) as session:
        names = session.exec(select(Participant.name).where(Participant.name.like("% Test"))).all()
    assert sorted(names) == ["Nadia Test", "Paul Test"]


def test_unknown_or_malformed_token_gets_the_friendly_page(app_env):
    for token in ("AAAAAAAAAAAAAAAAAAAAAA", "'; DROP TABLE participant; --", "x" * 500):
        at = open_app(p=token)
        assert not at.exception
        assert "Lien non reconnu" in texts(at)
    at = open_app(g="inconnu-inconnu-inconnu")
    assert not at.exception and "Lien non reconnu" in texts(at)


def test_personal_link_shows_first_name_only(app_env):
    open_app()  # first start creates the demo event
    with session_scope(get_engine(app_env)) as session:
        person = session.exec(select(Participant).where(Participant.name == "Amina Hermans")).one()
    at = open_app(p=person.token)
    assert not at.exception
    assert "<h1" in at.get("html")[0].proto.body and "Bonjour Amina" in texts(at)
    assert "Hermans" not in texts(at).split("·")[0]


def test_link_of_a_past_event_says_so(app_env):
    open_app()
    with session_scope(get_engine(app_env)) as session:
        token = session.exec(select(Participant.token).where(  # a French reader
            Participant.language == "fr")).first()
        create_event(session, "Partner Day suivant")
    at = open_app(p=token)
    assert "Lien d'un autre événement" in texts(at)


def test_import_shows_how_each_column_is_used_and_lets_the_organiser_change_it(app_env):
    at = log_in(open_app("pages/participants.py"), PASSWORD)
    content = ("Horodateur;Prénom;Nom;Structure;Rôle;Consentement\n"
               "2026-11-28 10:02;Marie;DUPONT;CPAS de Forest;usager;oui\n"
               "2026-11-28 10:05;Jef;Claes;Mission locale;travailleur;oui\n").encode()
    at.file_uploader[0].set_value(("Formulaire.csv", content, "text/csv")).run()

    def column(header):
        return next(s for s in at.selectbox if s.label == f"Colonne « {header} » utilisée comme")

    assert [column(h).value for h in ("Horodateur", "Prénom", "Nom", "Structure", "Rôle",
                                      "Consentement")] == [
        "", "first_name", "last_name", "organisation", "role", ""]
    assert "horodatage de l'outil de formulaire" in texts(at)
    assert "consentement (non conservé)" in texts(at)
    preview = at.dataframe[0].value
    assert preview["prénom (écrans)"].tolist() == ["Marie", "Jef"]

    column("Prénom").select("").run()
    column("Nom").select("full_name").run()
    assert "« Prénom » ressemble à un prénom" in texts(at)
    assert next(b for b in at.button if b.label.startswith("Importer")).disabled
    next(c for c in at.checkbox if c.label.startswith("J'ai vérifié")).check().run()
    assert not next(b for b in at.button if b.label.startswith("Importer")).disabled

    column("Nom").select("last_name").run()
    column("Prénom").select("first_name").run()
    assert not [w for w in at.warning if "ressemble" in w.value]
    next(b for b in at.button if b.label.startswith("Importer")).click().run()
    assert not at.exception and "2 participant·e·s importé·e·s." in texts(at)
    with session_scope(get_engine(app_env)) as session:
        marie = session.exec(select(Participant).where(Participant.last_name == "DUPONT")).one()
    assert (marie.first_name, marie.name, marie.role) == ("Marie", "Marie DUPONT", "user")


def test_organisers_correct_the_name_shown_on_screens(app_env):
    open_app()
    with session_scope(get_engine(app_env)) as session:
        person = session.exec(select(Participant).where(Participant.name == "Amina Hermans")
                              ).one()
    from partnerday.participants import apply_edits, participants_frame

    with session_scope(get_engine(app_env)) as session:
        frame = participants_frame(session, person.event_id)
        frame.loc[frame["id"] == person.id, "first_name"] = "Mina"
        assert apply_edits(session, person.event_id, frame).updated == 1
    at = open_app(p=person.token)
    assert "Bonjour Mina" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.get(Participant, person.id).name == "Mina Hermans"
