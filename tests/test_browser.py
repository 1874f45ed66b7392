"""Headless Chromium against `streamlit run app.py`: links as the first request after a restart
(the `pages/` folder trap), on a phone and on the organisers' laptop."""

import re

from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.models import Participant
from bench.server import log_in

TIMEOUT = 30_000
NOT_FOUND = re.compile("Page not found|Page introuvable")  # Streamlit's, or as it is said


def token_of(server, name: str) -> str:
    with session_scope(get_engine(server.database_url)) as session:
        return session.exec(select(Participant.token).where(Participant.name == name)).one()


def test_deep_link_as_first_request_after_restart_stays_behind_the_password(app_server,
                                                                          desktop_page):
    page = desktop_page
    page.goto(f"{app_server.url}/participants")
    expect(page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Importer", exact=True)).to_have_count(0)
    log_in(page, app_server.password)
    expect(page.get_by_role("heading", name="Participants")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("tab", name="Importer")).to_be_visible()
    expect(page.get_by_text(NOT_FOUND)).to_have_count(0)


def test_personal_qr_link_as_first_request_after_restart(app_server, phone_page):
    phone_page.goto(app_server.url)  # the first start creates the demo event
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    token = token_of(app_server, "Amina Hermans")
    app_server.restart()
    phone_page.goto(f"{app_server.url}/?p={token}")
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Hermans")).to_have_count(0)
    expect(phone_page.get_by_text(NOT_FOUND)).to_have_count(0)
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
        printed = log.split("mot de passe :")[1].split()[0]
        assert len(printed) == 19 and "identifiant : organisateur" in log
        with session_scope(get_engine(server.database_url)) as session:
            from partnerday.models import Account
            stored = session.exec(select(Account.password_hash)).one()
        assert printed not in stored and stored.startswith("scrypt$")
        log_in(desktop_page, printed)
        expect(desktop_page.get_by_text("Vous êtes connecté·e")).to_be_visible(timeout=TIMEOUT)
        server.restart()
        desktop_page.goto(server.url)  # still signed in: the sign-in outlives the process
        expect(desktop_page.get_by_text("Vous êtes connecté·e")).to_be_visible(timeout=TIMEOUT)
        assert printed not in server.log.read_text()  # the log of the second start
    finally:
        server.stop()


# Records, from the document's first instant, whether Streamlit ever drew its folder
# navigation (the list of the files of pages/) or a link to a page file.
FOLDER_NAVIGATION_WATCH = """
window.__folderNavigation = [];
const pageFiles = /^(app|accounts|arrivals|cases|commitments|dashboard|events|forget|groups|home|join|merge|
my[ _]commitment|organisations|participants|phone|polls|printouts|privacy|projector[ _]\\w+|
report|rounds|stop[ _]mail|tablet|walkin)$/i;
new MutationObserver(() => {
  if (document.querySelector('[data-testid="stSidebarNav"], [data-testid="stSidebarNavItems"]'))
    window.__folderNavigation.push("stSidebarNav");
  for (const link of document.querySelectorAll("a")) {
    if (pageFiles.test(link.innerText.trim())) window.__folderNavigation.push(link.innerText);
  }
}).observe(document, {childList: true, subtree: true});
""".replace("|\n", "|")


def test_no_folder_navigation_flash_as_first_request_after_a_restart(app_server, browser):
    """A phone, a tablet, the projector and an organiser deep link, each the first request of
    a server just started: never the list of page files, only the real page (or the neutral
    « Ouverture de la base de données… » while the database opens)."""
    from partnerday.demo import create_demo_at_stage
    from partnerday.models import Event, WorkGroup

    with session_scope(get_engine(app_server.database_url)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        tablet = session.exec(select(WorkGroup.token).where(WorkGroup.event_id == event.id)
                              ).first()
        screen = session.get(Event, event.id).screen_token
        person = session.exec(select(Participant.token).where(  # a French reader: « Bonjour »
            Participant.event_id == event.id, Participant.language == "fr")).first()
    visits = [("phone", f"/?p={person}", {"width": 360, "height": 740}, "Bonjour"),
              ("tablet", f"/?g={tablet}", {"width": 1024, "height": 768}, "Groupe"),
              ("projector", f"/?s={screen}", {"width": 1920, "height": 1080},
               "Tables du petit déjeuner"),
              ("organiser", "/participants", {"width": 1280, "height": 900},
               "Espace organisateurs")]
    for name, path, viewport, shown in visits:
        app_server.restart()
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.add_init_script(FOLDER_NAVIGATION_WATCH)
        page.goto(f"{app_server.url}{path}")
        expect(page.get_by_text(shown, exact=False).first).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(2500)  # past the ~2 s the folder navigation used to show
        assert page.evaluate("window.__folderNavigation") == [], name
        context.close()
