"""Headless Chromium against `streamlit run app.py`: links as the first request after a restart
(the `pages/` folder trap), on a phone and on the organisers' laptop."""

from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.models import Participant

TIMEOUT = 30_000


def token_of(server, name: str) -> str:
    with session_scope(get_engine(server.database_url)) as session:
        return session.exec(select(Participant.token).where(Participant.name == name)).one()


def test_deep_link_as_first_request_after_restart_stays_behind_the_password(app_server,
                                                                          desktop_page):
    page = desktop_page
    page.goto(f"{app_server.url}/participants")
    expect(page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Importer", exact=True)).to_have_count(0)
    page.get_by_label("Mot de passe organisateur").fill(app_server.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Participants")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("tab", name="Importer")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_personal_qr_link_as_first_request_after_restart(app_server, phone_page):
    phone_page.goto(app_server.url)  # the first start creates the demo event
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    token = token_of(app_server, "Amina Hermans")
    app_server.restart()
    phone_page.goto(f"{app_server.url}/?p={token}")
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Hermans")).to_have_count(0)
    expect(phone_page.get_by_text("Page not found")).to_have_count(0)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_unknown_token_after_restart_gets_the_friendly_page(app_server, phone_page):
    app_server.restart()
    phone_page.goto(f"{app_server.url}/?p=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    expect(phone_page.get_by_text("Lien non reconnu")).to_be_visible(timeout=TIMEOUT)
    expect(phone_page.get_by_text("Traceback")).to_have_count(0)


def test_first_start_prints_a_generated_password_once(tmp_path, desktop_page):
    from tests.conftest import AppServer

    server = AppServer(f"sqlite:///{tmp_path / 'fresh.db'}", password=None, workdir=tmp_path)
    server.start()
    try:
        desktop_page.goto(server.url)
        expect(desktop_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
        log = server.log.read_text()
        printed = log.split("ailleurs) :")[1].split()[0]
        assert len(printed) == 19
        with session_scope(get_engine(server.database_url)) as session:
            from partnerday.auth import PASSWORD_HASH_KEY
            from partnerday.models import AppSetting
            stored = session.get(AppSetting, PASSWORD_HASH_KEY).value
        assert printed not in stored and stored.startswith("scrypt$")
        desktop_page.get_by_label("Mot de passe organisateur").fill(printed)
        desktop_page.get_by_role("button", name="Se connecter").click()
        expect(desktop_page.get_by_text("Vous êtes connecté·e")).to_be_visible(timeout=TIMEOUT)
        server.restart()
        desktop_page.goto(server.url)
        expect(desktop_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
        assert printed not in server.log.read_text()  # the log of the second start
    finally:
        server.stop()
