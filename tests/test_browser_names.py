"""A real registration file with separate first-name and last-name columns, imported in
Chromium through the organisers' page; then every public page (the projector's tables and
groups, a group's tablet, someone's phone) shows first names only: no service user's last
name anywhere on them."""

import random
import re

from playwright.sync_api import expect
from sqlmodel import select

from bench.server import AppServer
from partnerday.arrival import check_in
from partnerday.balancing import GroupSettings, balance
from partnerday.db import dispose_engine, get_engine, session_scope
from partnerday.events import create_event
from partnerday.groups import PRESENT, members_for_balancing, publish, save_run
from partnerday.models import Event, Participant, Role, WorkGroup
from tests.conftest import organiser_opens, settled
from tests.test_browser import TIMEOUT

ORGANISATIONS = ["CPAS de Forest", "Mission locale de Forest", "Actiris", "ASBL Alpha",
                 "Maison de l'emploi", "Lire et Écrire"]
USERS = [("Marie", "DUPONTELLE"), ("Fatima", "EL AMRANIA"), ("Jef", "VANDERMEULENS"),
         ("Nadia", "BOUZIANEK"), ("Kevin", "LAMBERTINI"), ("Sara", "OUASSINIE")]
WORKERS = [("Marie", "Claes"), ("Amina", "Benali"), ("Bruno", "Lefèvre"), ("Chloé", "Martin"),
           ("Driss", "Haddad"), ("Elif", "Yilmaz"), ("Gilles", "Renard"), ("Hanna", "Peeters"),
           ("Ilias", "Mertens"), ("Léa", "Dubois"), ("Omar", "Jacobs"), ("Pauline", "Wouters")]


def registration_file(path) -> None:
    """What a form tool exports: a timestamp, separate name columns, a consent column; the
    two Maries planned at the same breakfast table."""
    lines = ["Horodateur;Prénom;Nom;Structure;Rôle;Table;Consentement"]
    for number, (first, last) in enumerate(USERS):
        lines.append(f"2026-11-28 10:0{number};{first};{last};{ORGANISATIONS[number]};"
                     f"usager;{1 if first == 'Marie' else ''};oui")
    for number, (first, last) in enumerate(WORKERS):
        role = "animateur" if number < 2 else "travailleur"
        lines.append(f"2026-11-28 11:{number:02d};{first};{last};"
                     f"{ORGANISATIONS[(number + 1) % 6]};{role};"
                     f"{1 if first == 'Marie' else ''};oui")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def shown(page) -> str:
    return page.locator("body").inner_text()


def assert_no_service_user_surname(page, where: str) -> None:
    text = shown(page).upper()
    leaked = [last for _, last in USERS if last in text]
    assert not leaked, f"{where} shows {leaked}"


def test_public_pages_show_no_service_users_last_name(browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    with session_scope(get_engine(url)) as session:
        event = create_event(session, "Partner Day 2027", checkin_open=True, group_count=2,
                             group_min=6, group_max=12, table_max=8)
        event_id, screen = event.id, event.screen_token
    server = AppServer(url, "mot-de-passe-de-test", tmp_path)
    server.start()
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = desktop.new_page()
        organiser_opens(page, server, "participants")
        uploader = page.get_by_test_id("stFileUploader")
        expect(uploader.get_by_text("Choisir un fichier")).to_be_visible(timeout=TIMEOUT)
        expect(uploader.get_by_text("10 Mo par fichier", exact=False)).to_be_visible()
        assert "per file" not in uploader.inner_text() and "Upload" not in uploader.inner_text()
        path = tmp_path / "Formulaire d'inscription.csv"
        registration_file(path)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        # the chosen file's size, French-written (Streamlit's own: « 1.2KB »)
        expect(uploader.get_by_text(re.compile(r"^\d+,\d (o|Ko)$"))).to_be_visible(
            timeout=TIMEOUT)
        expect(page.get_by_text("horodatage de l'outil de formulaire")).to_be_visible(
            timeout=TIMEOUT)
        expect(page.get_by_text("consentement (non conservé)")).to_be_visible()
        settled(page)
        page.get_by_role("button", name="Importer 18 participant·e·s").click()
        expect(page.get_by_text("18 participant·e·s importé·e·s.")).to_be_visible(
            timeout=TIMEOUT)

        with session_scope(get_engine(url)) as session:
            people = session.exec(select(Participant).where(Participant.event_id == event_id)
                                  .order_by(Participant.id)).all()
            assert {(p.first_name, p.last_name) for p in people if p.role == Role.user.value} \
                == set(USERS)
            for person in people:
                check_in(session, person.id, random.Random(person.id))
            members = members_for_balancing(session, event_id)
            settings = GroupSettings(groups=2, min_size=6, max_size=12, time_limit=10)
            run = save_run(session, event_id, settings, balance(members, settings), PRESENT)
            publish(session, event_id, run.id)
            tablet_token = session.exec(select(WorkGroup.token)
                                        .where(WorkGroup.event_id == event_id)).first()
            worker_token = next(p.token for p in people if p.role == Role.worker.value)

        projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        projector.goto(f"{server.url}/?s={screen}")
        expect(projector.get_by_text("Table 1", exact=False).first).to_be_visible(
            timeout=TIMEOUT)
        expect(projector.locator("body")).to_contain_text("Marie C.", timeout=TIMEOUT)
        assert_no_service_user_surname(projector, "the projector's tables")
        projector.goto(f"{server.url}/projector_groups?s={screen}")
        expect(projector.get_by_text("Groupe 1", exact=False).first).to_be_visible(
            timeout=TIMEOUT)
        expect(projector.locator("body")).to_contain_text("Fatima", timeout=TIMEOUT)
        assert_no_service_user_surname(projector, "the projector's groups")
        projector.context.close()

        tablet = browser.new_context(viewport={"width": 1024, "height": 768},
                                     has_touch=True).new_page()
        tablet.goto(f"{server.url}/?g={tablet_token}")
        expect(tablet.get_by_role("heading", name="Groupe", exact=False).first).to_be_visible(
            timeout=TIMEOUT)
        settled(tablet)
        assert_no_service_user_surname(tablet, "a tablet")
        tablet.context.close()

        phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                    has_touch=True).new_page()
        phone.goto(f"{server.url}/?p={worker_token}")
        expect(phone.get_by_role("heading", name="Bonjour", exact=False)).to_be_visible(
            timeout=TIMEOUT)
        settled(phone)
        assert_no_service_user_surname(phone, "a phone")
        phone.context.close()
    finally:
        desktop.close()
        server.stop()
        dispose_engine(url)
    with session_scope(get_engine(url)) as session:
        assert session.get(Event, event_id).is_current
    dispose_engine(url)


def test_a_phone_opens_the_privacy_notice_from_its_page(app_server, phone_page):
    from tests.test_browser import token_of

    phone_page.goto(app_server.url)  # the first start creates the demo event
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    phone_page.goto(f"{app_server.url}/?p={token_of(app_server, 'Amina Hermans')}")
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)
    phone_page.get_by_role("link", name="vos données").click()
    expect(phone_page.get_by_role("heading", name="Vos données personnelles")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Vos droits :", exact=False)).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.go_back()
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)


def test_not_me_makes_a_shared_phone_forget_the_page(app_server, phone_page):
    """The projected QR brings a phone back to the page it remembers; on a shared phone, « Ce
    n'est pas moi » forgets it, and the remembered link never outlives the day."""
    import time as clock
    from datetime import datetime, timedelta

    from partnerday.formats import LOCAL_TIME
    from partnerday.models import Event
    from tests.test_browser import token_of

    phone_page.goto(app_server.url)  # the first start creates the demo event
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    with session_scope(get_engine(app_server.database_url)) as session:
        join = session.exec(select(Event.join_token)).one()
    phone_page.goto(f"{app_server.url}/?p={token_of(app_server, 'Amina Hermans')}")
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)
    remembered = next(c for c in phone_page.context.cookies() if c["name"] == "pd_p")
    local = datetime.now(LOCAL_TIME)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(),
                                tzinfo=LOCAL_TIME)
    assert clock.time() < remembered["expires"] <= midnight.timestamp() + 5
    phone_page.goto(f"{app_server.url}/?j={join}")
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)  # remembered
    phone_page.get_by_role("link", name="Ce n'est pas moi").click()
    expect(phone_page.get_by_role("heading", name="Ce téléphone a oublié la page")
           ).to_be_visible(timeout=TIMEOUT)
    for _ in range(20):
        if not [c for c in phone_page.context.cookies() if c["name"] == "pd_p"]:
            break
        clock.sleep(0.25)
    assert not [c for c in phone_page.context.cookies() if c["name"] == "pd_p"]
    phone_page.goto(f"{app_server.url}/?j={join}")
    expect(phone_page.get_by_role("heading", name="Pour voter")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Amina")).to_have_count(0)
