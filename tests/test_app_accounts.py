"""Accounts as Streamlit runs them: an organiser makes the desk's account; the desk opens the
arrivals and nothing else (no export, no backup); actions on personal data are logged with who
and when, and organisers read the log."""

from sqlmodel import select

from partnerday.accounts import create_account
from partnerday.db import get_engine, session_scope
from partnerday.models import Account, AuditEntry, Participant
from tests.conftest import PASSWORD, log_in, open_app, texts
from tests.test_cli import run_cli


def desk_account(app_env) -> None:
    open_app()  # the first start: the first account, the demo event
    with session_scope(get_engine(app_env)) as session:
        create_account(session, "kenza@example.org", "Kenza", "kenza@example.org", "desk",
                       "accueil-du-matin")


def test_an_organiser_makes_an_account_from_the_comptes_page(app_env):
    at = log_in(open_app("pages/accounts.py"), PASSWORD)
    assert not at.exception and "Comptes et journal" in texts(at)
    fields = {t.label: t for t in at.text_input}
    fields["Nom"].input("Kenza Hermans")
    fields["Identifiant (son e-mail)"].input("kenza@example.org")
    next(s for s in at.selectbox if s.label == "Rôle").select("desk")
    fields["Mot de passe (10 caractères au moins)"].input("accueil-du-matin")
    at = next(b for b in at.button if b.label == "Créer le compte").click().run()
    assert "Compte « kenza@example.org » créé (accueil)" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        made = session.exec(select(Account).where(Account.login == "kenza@example.org")).one()
        logged = session.exec(select(AuditEntry)).all()
    assert made.role == "desk" and "accueil-du-matin" not in made.password_hash
    assert [(e.who, e.action) for e in logged] == [("Organisateur·rice", "account")]
    assert "compte créé : kenza@example.org" in texts(at) or \
        "compte créé : kenza@example.org" in str(at.dataframe[-1].value)


def test_the_desk_opens_the_arrivals_and_nothing_else(app_env):
    desk_account(app_env)
    at = log_in(open_app("pages/arrivals.py"), "accueil-du-matin", "kenza@example.org")
    assert not at.exception
    assert "Arrivées" in [t.value for t in at.title]
    menu = [link.label for link in at.get("page_link")]
    assert menu == ["Accueil", "Arrivées"]  # the desk's menu
    assert "Kenza · accueil" in texts(at)
    for page in ("pages/participants.py", "pages/events.py", "pages/report.py",
                 "pages/accounts.py"):
        at = log_in(open_app(page), "accueil-du-matin", "kenza@example.org")
        assert not at.exception
        assert "réservée aux organisateur·rice·s" in texts(at), page
        assert not at.get("download_button") and not at.tabs  # no export, no backup


def test_a_sign_in_survives_a_new_session_through_its_cookie(app_env):
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    token = at.session_state["organiser"]
    cookie = next(h for h in at.get("html") if "pd_o=" in h.proto.body)
    assert token in cookie.proto.body and "SameSite=Strict" in cookie.proto.body
    again = open_app("pages/dashboard.py")  # a reload: a new session, no state
    assert "Espace organisateurs" in texts(again)  # AppTest sends no cookie: signed out
    with session_scope(get_engine(app_env)) as session:
        assert session.exec(select(Account)).one()  # the sign-in itself is in the database
    from partnerday.accounts import signed_in
    assert signed_in(get_engine(app_env), token).login == "organisateur"


def test_erasing_a_person_and_backups_from_the_command_line_are_logged(app_env, tmp_path):
    at = log_in(open_app("pages/participants.py"), PASSWORD)
    with session_scope(get_engine(app_env)) as session:
        person = session.exec(select(Participant).order_by(Participant.id)).first()
    at.tabs[3].selectbox[0].select(person.id).run()
    at = at.tabs[3].checkbox[0].check().run()
    at = next(b for b in at.button if b.label == "Effacer").click().run()
    assert not at.exception
    assert run_cli(app_env, "backup", tmp_path / "b.json").returncode == 0
    with session_scope(get_engine(app_env)) as session:
        logged = [(e.who, e.action, e.detail) for e in session.exec(
            select(AuditEntry).order_by(AuditEntry.id))]
    assert logged[0] == ("Organisateur·rice", "erase_person", f"personne n°{person.id}")
    assert logged[1][:2] == ("ligne de commande", "backup")
    journal = log_in(open_app("pages/accounts.py"), PASSWORD)
    shown = journal.dataframe[-1].value
    assert list(shown["quoi"])[:2] == ["sauvegarde de l'événement",
                                       "effacement d'une personne"]  # newest first
