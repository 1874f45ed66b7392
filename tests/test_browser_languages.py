"""A participant's phone and a group's tablet in their language, in Chromium at their
sizes: a Dutch worker's page is in Dutch down to Streamlit's own texts and the page's `lang`,
and one tap on « English » puts it, and the next visit, in English; a Dutch group's tablet
likewise, for all the group's tablets; a bilingual room's projector in French and Dutch."""

import re

from playwright.sync_api import expect
from sqlmodel import select

from bench.rehearsal import eventually
from bench.server import organiser_opens, settled, type_in_grid
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Event, Participant, Poll, WorkGroup
from partnerday.projector import screen_languages, set_screen
from partnerday.services import tablets
from partnerday.ui import STREAMLIT_NAMES

TIMEOUT = 30_000


def demo_at(page, server, stage: str):
    """The demo event at `stage`, made current, once the app's first start (opened in `page`)
    has set the app up."""
    page.goto(server.url)
    expect(page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    with session_scope(get_engine(server.database_url)) as session:
        return create_demo_at_stage(session, stage, make_current=True)


def test_a_dutch_participant_reads_their_phone_in_dutch_and_switches_in_one_tap(
        app_server, phone_page):
    phone_page.goto(app_server.url)  # first start creates the demo event
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.language == "nl",
            Participant.checked_in_at.is_not(None), Participant.role == "worker")).first()
        token, first_name = person.token, person.first_name
        poll = session.exec(select(Poll).where(Poll.event_id == event.id, Poll.is_open)).first()
        poll.translations = {"nl": {"question": "Hoe was uw ochtend?"}}  # given in Dutch only
        session.add(poll)
        question = poll.question

    phone_page.goto(f"{app_server.url}/?p={token}")
    expect(phone_page.get_by_role("heading", name=f"Hallo {first_name}!")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Hoe was uw ochtend?", exact=True)).to_be_visible()
    for said in ("Uw ontbijttafel", "Uw werkgroep", "Open vragen", "Wie doet wat?"):
        expect(phone_page.get_by_text(said, exact=True).first).to_be_visible()
    expect(phone_page.get_by_role("button", name="Versturen")).to_be_visible()
    settled(phone_page)
    expect(phone_page.locator("html")).to_have_attribute("lang", "nl")
    skip = phone_page.get_by_role("link", name="Naar de hoofdinhoud")  # Streamlit's own
    expect(skip).to_have_count(1)
    body = phone_page.inner_text("body")
    for french in ("Votre table", "Questions ouvertes", "Envoyer", "Aller au contenu"):
        assert french not in body, french

    phone_page.get_by_role("radio", name="English").click()  # one tap
    expect(phone_page.get_by_text("Your breakfast table", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_role("heading", name=f"Hello {first_name}!")).to_be_visible()
    expect(phone_page.get_by_text(question, exact=True)).to_be_visible()  # no English: as written
    expect(phone_page.locator("html")).to_have_attribute("lang", "en")
    with session_scope(engine) as session:
        assert session.exec(select(Participant.language).where(
            Participant.token == token)).one() == "en"
    phone_page.goto(f"{app_server.url}/?p={token}")  # the next visit, a new session
    expect(phone_page.get_by_text("Your working group", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    phone_page.get_by_role("link", name="your data").click()  # a page that knows nobody
    expect(phone_page.get_by_role("heading", name="Your personal data")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Only the organising team sees last names")).to_be_visible()
    settled(phone_page)
    expect(phone_page.locator("html")).to_have_attribute("lang", "en")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    with phone_page.context.expect_page() as opened:  # Streamlit opens a text's link aside
        phone_page.get_by_role("link", name="Accessibility of the app").click()
    statement = opened.value
    expect(statement.get_by_role("heading", name="Accessibility", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    expect(statement.get_by_text("partially conformant", exact=False)).to_be_visible()


def test_a_phone_asking_for_dutch_signs_up_at_the_door_in_dutch(app_server, browser):
    """The entrance poster's QR: nobody is known yet, so the browser's language is taken
    (a phone set to Dutch), and the new participant's page and emails stay in it."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2, locale="nl-BE")
    phone = context.new_page()
    phone.goto(app_server.url)  # the login page, in the browser's language too
    expect(phone.get_by_text("Ruimte voor organisatoren")).to_be_visible(timeout=TIMEOUT)
    settled(phone)
    expect(phone.get_by_role("button", name="Wachtwoord tonen")).to_have_count(1)  # not English
    expect(phone.get_by_role("button", name="Show password")).to_have_count(0)
    phone.goto(f"{app_server.url}/inschrijven")  # an address mistyped from the poster
    expect(phone.get_by_text("Pagina niet gevonden", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(phone.get_by_text("Deze pagina bestaat niet: hier is de startpagina.")).to_be_visible()
    expect(phone.get_by_text("Page not found")).to_have_count(0)
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        walk_in = event.walkin_token
    phone.goto(f"{app_server.url}/?w={walk_in}")
    expect(phone.get_by_role("heading", name="Ter plaatse inschrijven")).to_be_visible(
        timeout=TIMEOUT)
    settled(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "nl")
    phone.get_by_role("radio", name="English").click()  # the one-tap choice, here too
    expect(phone.get_by_role("heading", name="Sign up here")).to_be_visible(timeout=TIMEOUT)
    settled(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.get_by_role("radio", name="Nederlands").click()
    expect(phone.get_by_role("heading", name="Ter plaatse inschrijven")).to_be_visible(
        timeout=TIMEOUT)
    settled(phone)
    phone.get_by_label("Voornaam").fill("Lieve")
    phone.get_by_label("Bij ‘andere’: naam van uw organisatie").fill("Buurthuis De Linde")
    # as a person does: a tap on the option's words (Streamlit draws its own dot over the
    # input, which Playwright's check() may find covered while the form is drawn again)
    phone.get_by_text("Medewerker van een organisatie", exact=True).click()
    expect(phone.get_by_role("radio", name="Medewerker van een organisatie")).to_be_checked()
    phone.get_by_role("button", name="Inschrijven").click()
    expect(phone.get_by_text("Uw ontbijttafel", exact=True)).to_be_visible(timeout=TIMEOUT)
    with session_scope(engine) as session:
        assert session.exec(select(Participant.language).where(
            Participant.first_name == "Lieve")).one() == "nl"
    context.close()


def test_a_dutch_groups_tablet_is_in_dutch_saves_in_dutch_and_switches_in_one_tap(
        app_server, browser):
    """At a tablet's size: the group set to Dutch by the organisers; the sheet, its saving
    status and Streamlit's own texts in Dutch; one tap puts every tablet of the group in
    English."""
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    event = demo_at(tablet, app_server, "rounds")
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id,
                                                     WorkGroup.number == 1)).one()
    tablets.set_group_language(engine, group.id, "nl")

    tablet.goto(f"{app_server.url}/?g={group.token}")
    expect(tablet.get_by_role("heading", name="Groep 1")).to_be_visible(timeout=TIMEOUT)
    expect(tablet.get_by_text(re.compile(r"^Ronde 2 van 6 · nog \d\d:\d\d$"))).to_be_visible()
    profile = tablet.get_by_role("textbox", name="Profiel van de persoon", exact=True)
    profile.fill("Maria zoekt een crèche.")
    profile.press("End")
    status = tablet.locator(".pd-autosave").filter(has=profile).locator(".pd-status")
    expect(status).to_contain_text(re.compile(r"Opgeslagen om \d\d:\d\d:\d\d"), timeout=TIMEOUT)
    settled(tablet)
    expect(tablet.locator("html")).to_have_attribute("lang", "nl")
    expect(tablet.get_by_role("link", name="Naar de hoofdinhoud")).to_have_count(1)
    body = tablet.inner_text("body")
    for french in ("Groupe 1", "Tour 2 sur", "Ce tour-ci", "Propositions",
                   "Ajouter une proposition", "Aller au contenu", "Enregistré"):
        assert french not in body, french
    tablet.screenshot(path=str(app_server.log.parent / "tablet-nl.png"))

    tablet.get_by_role("radio", name="English").click()  # one tap, for the whole group
    expect(tablet.get_by_role("heading", name="Group 1")).to_be_visible(timeout=TIMEOUT)
    expect(tablet.get_by_role("textbox", name="The person’s profile", exact=True)
           ).to_have_value("Maria zoekt een crèche.")
    settled(tablet)
    expect(tablet.locator("html")).to_have_attribute("lang", "en")
    second = tablet.context.new_page()  # the group's other tablet
    second.goto(f"{app_server.url}/?g={group.token}")
    expect(second.get_by_role("heading", name="Group 1")).to_be_visible(timeout=TIMEOUT)


def test_organisers_make_the_projector_bilingual_and_it_follows(app_server, browser):
    """A bilingual room: one tap on the laptop's « Nederlands » beside « Français », and the
    projector, at its size, says its titles in both within seconds, still on one screen."""
    laptop = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    event = demo_at(laptop, app_server, "groups")
    engine = get_engine(app_server.database_url)
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{app_server.url}/?s={event.screen_token}")
    expect(projector.get_by_text("Tables du petit déjeuner", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    organiser_opens(laptop, app_server, "dashboard")
    laptop.get_by_text("L'écran de projection").click()
    laptop.get_by_role("button", name="Nederlands").click()
    # What the organiser sees first: the pill lit, the room's languages saved. Then the
    # projector, which looks every second.
    expect(laptop.get_by_role("button", name="Nederlands", pressed=True)).to_be_visible(
        timeout=TIMEOUT)

    def room_languages() -> tuple[str, ...]:
        with session_scope(engine) as session:
            return screen_languages(session.get(Event, event.id))
    assert eventually(lambda: room_languages() == ("fr", "nl")), room_languages()
    expect(projector.get_by_text("Tables du petit déjeuner / Ontbijttafels")).to_be_visible(
        timeout=10_000)
    expect(projector.get_by_text(re.compile(r"personnes à table / \d+ personen aan tafel"))
           ).to_be_visible()
    assert projector.evaluate("document.documentElement.scrollHeight") <= 1080
    assert projector.get_by_role("button").count() == 0
    with session_scope(engine) as session:
        set_screen(session, event.id, "groups")
    expect(projector.get_by_text("Groupes de travail / Werkgroepen")).to_be_visible(
        timeout=10_000)
    projector.screenshot(path=str(app_server.log.parent / "projector-bilingual.png"))


def test_a_dutch_organisers_live_figures_stay_dutch_when_they_refresh(app_server, desktop_page):
    """The dashboard's, the desk's, the rounds' figures and the pooling redraw themselves
    every 1 to 10 s, in a run of their own that does not pass through the app's start: they
    must say it in Dutch again."""
    demo_at(desktop_page, app_server, "report")
    organiser_opens(desktop_page, app_server, "dashboard")
    desktop_page.get_by_role("radio", name="Nederlands").click()  # the menu's one tap
    expect(desktop_page.get_by_role("heading", name="De dag, live")).to_be_visible(
        timeout=TIMEOUT)
    for page, dutch, french, every in (
            ("dashboard", "Aangekomen / verwacht", "Arrivé·e·s / attendu·e·s", 5),
            ("arrivals", "Verwacht", "Attendu·e·s", 5),
            ("rounds", "Resterende tijd (gepauzeerd)", "Temps restant (en pause)", 1),
            ("merge", "Op de projector tonen", "Montrer au projecteur", 10)):
        desktop_page.goto(f"{app_server.url}/{page}")
        expect(desktop_page.get_by_text(dutch, exact=True).first).to_be_visible(
            timeout=TIMEOUT)
        desktop_page.wait_for_timeout(every * 1000 + 1500)  # a refresh, at least
        settled(desktop_page)
        expect(desktop_page.get_by_text(dutch, exact=True).first).to_be_visible()
        expect(desktop_page.get_by_text(french, exact=True)).to_have_count(0)
        if page == "dashboard":  # a chart's own toolbar (Plotly's, English of its own)
            chart = desktop_page.get_by_test_id("stPlotlyChart").first
            chart.hover()
            expect(chart.locator("[data-title='Inzoomen'][aria-label='Inzoomen']")
                   ).to_have_count(1)
            expect(chart.locator("[data-title='Zoom in'], [aria-label='Zoom in'], "
                                 "[data-title='Download plot as a PNG']")).to_have_count(0)
    desktop_page.goto(f"{app_server.url}/events")  # Streamlit's uploader, in the same language
    uploader = desktop_page.get_by_test_id("stFileUploader")
    expect(uploader.get_by_text("Een bestand kiezen")).to_be_visible(timeout=TIMEOUT)
    expect(uploader.get_by_text("20 MB per bestand", exact=False)).to_be_visible()
    expect(uploader.get_by_text("Upload", exact=True)).to_have_count(0)
    expect(uploader.get_by_text("Choisir un fichier")).to_have_count(0)
    table = desktop_page.get_by_test_id("stDataFrame").first  # a table's own toolbar too
    table.hover()
    for dutch, english in (("Zoeken", "Search"), ("Volledig scherm", "Fullscreen"),
                           ("Downloaden als csv", "Download as CSV")):
        expect(desktop_page.get_by_role("button", name=dutch, exact=True)).to_be_visible()
        expect(desktop_page.get_by_role("button", name=english, exact=True)).to_have_count(0)
    # Streamlit's own buttons and fields, named in Dutch for a screen reader, and its calendar
    # in Dutch with Monday first, though this browser asks for American English
    assert desktop_page.evaluate("navigator.language") == "nl-BE"
    for dutch in ("Datum kiezen", "Verhogen", "Verlagen"):
        expect(desktop_page.get_by_role("button", name=dutch, exact=True).first).to_be_visible()
    expect(desktop_page.get_by_label("Menu inklappen", exact=True)).to_have_count(1)  # on hover
    expect(desktop_page.get_by_role("spinbutton", name="dag, Datum", exact=True)).to_be_visible()
    month = desktop_page.get_by_role("spinbutton", name="maand, Datum", exact=True)
    dutch_month = re.compile(r"^\d\d – (januari|februari|maart|april|mei|juni|juli|augustus|"
                             r"september|oktober|november|december)$")
    expect(month).to_have_attribute("aria-valuetext", dutch_month)  # not « 12 – December »
    said = month.get_attribute("aria-valuetext")
    month.press("ArrowUp")  # another month: said anew, in Dutch still
    expect(month).not_to_have_attribute("aria-valuetext", said)
    expect(month).to_have_attribute("aria-valuetext", dutch_month)
    desktop_page.get_by_role("button", name="Datum kiezen", exact=True).first.click()
    calendar = desktop_page.get_by_role("dialog", name="Datum kiezen", exact=True)
    expect(calendar.get_by_role("button", name="Vorige maand")).to_be_visible()
    expect(calendar.get_by_role("button", name="Volgende maand")).to_be_visible()
    weekdays = calendar.locator("th").all_inner_texts()
    assert [day.strip() for day in weekdays] == list("MDWDVZZ"), weekdays  # maandag first
    expect(calendar.get_by_text(re.compile("^Pijltjestoetsen"))).to_have_count(1)
    english = desktop_page.evaluate("""(rules) => {
        const names = [...document.querySelectorAll('[aria-label], [title], [placeholder]')]
            .flatMap(e => ['aria-label', 'title', 'placeholder'].map(n => e.getAttribute(n)))
            .filter(Boolean);
        return names.filter(name => rules.some(([pattern]) => new RegExp(pattern).test(name)));
    }""", [[pattern] for pattern, _ in STREAMLIT_NAMES])
    assert english == [], english  # no name Streamlit wrote in English is left as it was


def test_an_organiser_translates_a_theme_once_and_a_dutch_phone_searches_it(app_server,
                                                                          browser):
    """On the laptop, in the organisations page's table of themes: « dettes » given in Dutch
    once, saved; a Dutch participant's phone then finds the organisations by « schulden »
    and says their theme in Dutch."""
    laptop = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    event = demo_at(laptop, app_server, "arrival")
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        session.get(Event, event.id).theme_translations = None  # nothing translated yet
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.language == "nl")).first()
        token = person.token
    organiser_opens(laptop, app_server, "organisations")
    expect(laptop.get_by_role("heading", name="Les thèmes dans les autres langues")
           ).to_be_visible(timeout=TIMEOUT)
    type_in_grid(laptop, laptop.get_by_test_id("stDataFrame").last, "Thème · Nederlands",
                 "schulden")
    laptop.get_by_role("button", name="Enregistrer les thèmes traduits").click()
    expect(laptop.get_by_text("1 thème traduit enregistré.")).to_be_visible(timeout=TIMEOUT)
    with session_scope(engine) as session:
        assert session.get(Event, event.id).theme_translations == {
            "dettes": {"nl": {"theme": "schulden"}}}  # the first theme, in reading order

    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                has_touch=True).new_page()
    phone.goto(f"{app_server.url}/?p={token}")
    search = phone.get_by_role("textbox", name=re.compile("^Zoeken"))
    expect(search).to_be_visible(timeout=TIMEOUT)
    search.fill("schulden")
    search.press("Enter")
    # the debt mediator's themes: the one translated in Dutch, the other as written
    expect(phone.get_by_text("schulden, revenus", exact=True)).to_be_visible(timeout=TIMEOUT)
    settled(phone)
    expect(phone.get_by_text(re.compile(r"^dettes\b"))).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") == 360
