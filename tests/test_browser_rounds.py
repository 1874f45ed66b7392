"""Case rounds in real browsers: group tablets save as people type, survive a restart, never
lose text between two tablets; organisers drive the rounds and every screen follows."""

import re
import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from partnerday.cases import case_of_group, list_cases
from partnerday.db import dispose_engine, get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.findings import DIAGNOSIS, PROFILE, sheet
from partnerday.models import Event, WorkGroup
from bench.server import choose_screen, still_typing
from tests.conftest import AppServer, organiser_opens, settled
from tests.test_browser import TIMEOUT
from tests.test_browser_arrival import decode_pdf_page


@pytest.fixture
def rounds_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    with session_scope(get_engine(url)) as session:
        create_demo_at_stage(session, "rounds", make_current=True)
    server = AppServer(url, "mot-de-passe-de-test", tmp_path)
    server.start()
    yield server
    server.stop()
    dispose_engine(url)


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
    yield context
    context.close()


def group_one(server) -> tuple[WorkGroup, Event]:
    with session_scope(get_engine(server.database_url)) as session:
        event = session.exec(select(Event).where(Event.is_current)).one()
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id,
                                                     WorkGroup.number == 1)).one()
        return group, event


def stored(server, group: WorkGroup, field: str, round_: int = 2) -> str:
    with session_scope(get_engine(server.database_url)) as session:
        event = session.get(Event, group.event_id)
        case = case_of_group(event, list_cases(session, event.id), round_, group.number)
        found = sheet(session, group.id, case.id).get(field)
        return found.text if found else ""


def field(page, label: str):
    return page.get_by_role("textbox", name=label, exact=True)


def test_tablet_saves_while_typing_and_a_restart_loses_nothing(rounds_server, tablet):
    group, _ = group_one(rounds_server)
    page = tablet.new_page()
    page.goto(f"{rounds_server.url}/?g={group.token}")
    expect(page.get_by_text("Tour 2 sur 6")).to_be_visible(timeout=TIMEOUT)
    diagnosis = field(page, "Diagnostic")
    diagnosis.click()
    diagnosis.press_sequentially("Maria a besoin d'une crèche avant la formation.", delay=20)
    expect(page.get_by_text("Enregistré à").first).to_be_visible(timeout=TIMEOUT)
    assert diagnosis.evaluate("box => box === box.getRootNode().activeElement")  # still typing
    assert stored(rounds_server, group, DIAGNOSIS) == "Maria a besoin d'une crèche avant la " \
                                                      "formation."
    rounds_server.restart()
    page.reload()
    expect(field(page, "Diagnostic")).to_have_value(
        "Maria a besoin d'une crèche avant la formation.", timeout=TIMEOUT)

    page.get_by_role("radio", name="Tour 1 · Samir, 24 ans, sans diplôme").click()  # earlier
    profile = field(page, "Profil de la personne")
    expect(profile).to_have_value(stored(rounds_server, group, PROFILE, 1), timeout=TIMEOUT)
    profile.press("End")
    profile.press_sequentially(" Il a un permis de conduire.", delay=10)
    expect(page.get_by_text("Enregistré à").first).to_be_visible(timeout=TIMEOUT)
    deadline = time.monotonic() + 10
    while not stored(rounds_server, group, PROFILE, 1).endswith("permis de conduire."):
        assert time.monotonic() < deadline, "the earlier case's edit was not saved"
        time.sleep(0.2)


def test_two_tablets_on_one_field_are_warned_and_keep_both(rounds_server, tablet):
    group, _ = group_one(rounds_server)
    first, second = tablet.new_page(), tablet.new_page()
    for page in (first, second):
        page.goto(f"{rounds_server.url}/?g={group.token}")
        expect(field(page, "Profil de la personne")).to_be_visible(timeout=TIMEOUT)
    still_typing(field(second, "Profil de la personne"))
    field(second, "Profil de la personne").press_sequentially("Version de la seconde", delay=10)
    field(first, "Profil de la personne").fill("Version de la première tablette")
    expect(first.get_by_text("Enregistré à").first).to_be_visible(timeout=TIMEOUT)
    field(second, "Profil de la personne").blur()  # leaving the box sends it
    expect(second.get_by_text("Une autre tablette du groupe a enregistré ce champ")
           ).to_be_visible(timeout=TIMEOUT)
    expect(second.get_by_text("Version de la première tablette")).to_be_visible()
    expect(field(second, "Profil de la personne")).to_have_value("Version de la seconde")
    assert stored(rounds_server, group, PROFILE) == "Version de la première tablette"
    second.get_by_role("button", name="Garder les deux").click()
    both = "Version de la première tablette\n\nVersion de la seconde"
    expect(field(second, "Profil de la personne")).to_have_value(both, timeout=TIMEOUT)
    assert stored(rounds_server, group, PROFILE) == both
    expect(field(first, "Profil de la personne")).to_have_value(both, timeout=TIMEOUT)


def test_long_and_html_text_is_kept_and_shown_as_text(rounds_server, tablet):
    group, _ = group_one(rounds_server)
    page = tablet.new_page()
    page.goto(f"{rounds_server.url}/?g={group.token}")
    text = ('<img id="injected" src=x onerror="document.title=\'pwned\'"> **gras** '
            * 400)[:20_000]
    diagnosis = field(page, "Diagnostic")
    diagnosis.fill(text)
    diagnosis.press("End")
    expect(page.get_by_text("Enregistré à").first).to_be_visible(timeout=TIMEOUT)
    assert stored(rounds_server, group, DIAGNOSIS) == text
    page.reload()
    expect(field(page, "Diagnostic")).to_have_value(text, timeout=TIMEOUT)
    assert page.locator("#injected").count() == 0 and page.title() != "pwned"


def test_organisers_drive_the_rounds_and_every_screen_follows(rounds_server, desktop_page,
                                                              browser, tablet):
    group, event = group_one(rounds_server)
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = projector_context.new_page()
    choose_screen(rounds_server.database_url, event.id, "rounds")
    projector.goto(f"{rounds_server.url}/?s={event.screen_token}")
    expect(projector.get_by_text("Tour 2 sur 6")).to_be_visible(timeout=TIMEOUT)
    board = tablet.new_page()
    board.goto(f"{rounds_server.url}/?g={group.token}")
    expect(board.get_by_text("Tour 2 sur 6")).to_be_visible(timeout=TIMEOUT)

    organiser_opens(desktop_page, rounds_server, "rounds")
    expect(desktop_page.get_by_text("Ce que chaque groupe a déjà écrit")).to_be_visible(
        timeout=TIMEOUT)
    desktop_page.get_by_role("button", name="Pause").click()
    paused = time.monotonic()
    expect(projector.get_by_text("en pause")).to_be_visible(timeout=5_000)
    expect(board.get_by_text(re.compile(r"Tour 2 sur 6 · .* en pause"))).to_be_visible(
        timeout=5_000)
    expect(board.locator("#pd-announcer")).to_have_text("2e tour sur 6 : en pause.")
    print(f"\n[timing] pause clicked → shown on projector and tablet: "
          f"{time.monotonic() - paused:.2f} s")
    desktop_page.get_by_role("button", name="Tour suivant").click()
    expect(projector.get_by_text("Tour 3 sur 6")).to_be_visible(timeout=5_000)
    expect(board.get_by_text("Tour 3 sur 6")).to_be_visible(timeout=5_000)
    expect(board.get_by_role("radio", name="Tour 3 · Jean-Pierre, 58 ans, licencié après "
                                           "30 ans")).to_be_checked(timeout=TIMEOUT)
    projector_context.close()


def test_group_card_qr_opens_the_tablet_as_first_request_after_a_restart(rounds_server,
                                                                        desktop_page, tablet,
                                                                        tmp_path):
    organiser_opens(desktop_page, rounds_server, "rounds")
    with desktop_page.expect_download(timeout=TIMEOUT) as download:
        desktop_page.get_by_role("button", name="Cartes des groupes").click(timeout=TIMEOUT)
    pdf_path = tmp_path / "groupes.pdf"
    download.value.save_as(pdf_path)
    [url] = decode_pdf_page(pdf_path, tmp_path)
    group, _ = group_one(rounds_server)
    assert url == f"{rounds_server.url}/?g={group.token}"
    rounds_server.restart()
    page = tablet.new_page()
    page.goto(url)
    expect(page.get_by_role("heading", name="Groupe 1")).to_be_visible(timeout=TIMEOUT)
    expect(field(page, "Diagnostic")).to_be_visible()
    assert page.url == url


ADDRESS_RECORDER = """
window.addresses = JSON.parse(sessionStorage.getItem("addresses") || "[]");  // across reloads
for (const name of ["pushState", "replaceState"]) {
  const change = history[name].bind(history);
  history[name] = (state, title, url) => {
    window.addresses.push(String(url));
    sessionStorage.setItem("addresses", JSON.stringify(window.addresses));
    change(state, title, url);
  };
}
"""


def test_an_open_tablet_reconnecting_after_a_restart_keeps_its_address(rounds_server, tablet):
    """A tablet left open reconnects by itself when the server comes back, and its first
    rerun is then the new server's first run, the one that sees the `pages/` folder. It must
    stay at its QR address: sent to a page file's address for a moment, a reload would show
    Streamlit's "Page not found" over the tablet."""
    group, _ = group_one(rounds_server)
    page = tablet.new_page()
    page.add_init_script(ADDRESS_RECORDER)
    address = f"{rounds_server.url}/?g={group.token}"
    page.goto(address)
    field(page, "Diagnostic").press_sequentially("Maria cherche une crèche.", delay=10)
    expect(page.get_by_text("Enregistré à").first).to_be_visible(timeout=TIMEOUT)
    page.evaluate("() => { window.pdBeforeTheRestart = true; }")
    rounds_server.restart()
    # reconnected to the new server, the tablet loads its page anew (ui.RECOVER), where it was
    page.wait_for_function("() => !window.pdBeforeTheRestart", timeout=60_000)
    expect(page.get_by_text("Tour 2 sur 6")).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("window.addresses") == [], "the tablet's address changed"
    page.reload()
    expect(page.get_by_text("Tour 2 sur 6")).to_be_visible(timeout=TIMEOUT)
    settled(page)
    expect(page.get_by_test_id("stDialog")).to_have_count(0)
    assert page.url == address
