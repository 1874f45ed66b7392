"""Accessibility measured in Chromium with axe-core (axe-playwright-python, which bundles
axe.min.js): the WCAG 2.1 A and AA rules, on the pages a person reaches, at their real
sizes. A violation of impact « serious » or « critical » fails; the « moderate » and
« minor » ones are printed (run with -s) and listed in the README with their reason."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import select

from bench.server import SlowRuns, organiser_opens, settled, still_typing
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Commitment, Participant, WorkGroup
from partnerday.polls import create_poll, set_open
from partnerday.projector import SCREENS, set_screen
from partnerday.services import preparation

WCAG_AA = {"resultTypes": ["violations"],
           "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
AXE = Axe()


def violations(page, name: str) -> list[str]:
    """The blocking violations of the page as drawn (its run finished), as readable lines;
    the others printed."""
    settled(page)
    page.wait_for_timeout(500)  # a fragment's first draw
    found = AXE.run(page, options=WCAG_AA).response["violations"]
    for v in found:
        if v["impact"] not in BLOCKING:
            print(f"{name}: {v['impact']} {v['id']} ({len(v['nodes'])})")
    return [f"{name}: {v['impact']} {v['id']}: {v['help']} · {v['nodes'][0]['html'][:160]}"
            for v in found if v["impact"] in BLOCKING]


def test_a_participants_pages_at_phone_size(app_server, browser):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        for kind, question, options in (("single", "Quel atelier ?", ["Logement", "Emploi"]),
                                        ("multiple", "Quels thèmes ?", ["Dettes", "Crèche"]),
                                        ("ranking", "Vos priorités ?", ["A", "B", "C"]),
                                        ("wall", "Pour ou contre ?", None)):
            set_open(session, create_poll(session, event.id, kind, question, options).id, True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))).first()
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    found = []
    for name, link, shown in (  # the join page first: a phone's page then remembers itself
            ("join", f"?j={event.join_token}", "Pour voter"),
            ("walk-in", f"?w={event.walkin_token}", "Inscription sur place"),
            ("phone", f"?p={person.token}", "Votre groupe de travail"),
            ("privacy", f"?d={event.uid}", "Vos données personnelles"),
            ("accessibility statement", f"?a={event.uid}", "Ce qui est vérifié"),
            ("invalid link", "?p=" + "x" * 22, "Lien non reconnu")):
        phone.goto(f"{app_server.url}/{link}")
        expect(phone.get_by_text(shown).first).to_be_visible(timeout=30_000)
        found += violations(phone, name)
    phone.goto(f"{app_server.url}/?p={person.token}")
    search = phone.get_by_label("Chercher", exact=False)
    expect(search).to_be_visible(timeout=30_000)
    search.fill("logement")
    search.press("Enter")
    found += violations(phone, "phone, directory searched")
    preparation.set_easy_read(engine, event.id, False, [person.id])
    phone.goto(f"{app_server.url}/?p={person.token}")
    expect(phone.get_by_text("Écran 1 sur")).to_be_visible(timeout=30_000)
    found += violations(phone, "easy-read phone, the table")
    for screen in ("the group", "a question"):
        phone.get_by_role("button", name="Après →").click()
        settled(phone)
        found += violations(phone, f"easy-read phone, {screen}")
    expect(phone.get_by_role("img", name="Un point d'interrogation")).to_be_visible()
    assert not found, "\n".join(found)


def test_a_tablet_and_every_projector_screen(app_server, browser):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)).first()
        holder = session.get(Participant, session.exec(  # a French reader, as said below
            select(Commitment.participant_id).join(
                Participant, Participant.id == Commitment.participant_id).where(
                Commitment.event_id == event.id, Participant.language == "fr")).first())
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{app_server.url}/?p={holder.token}")
    expect(phone.get_by_text("Mes engagements")).to_be_visible(timeout=30_000)
    # the heading, not the toggle « Partager mon e-mail avec les personnes rencontrées… »
    expect(phone.get_by_text("Les personnes rencontrées", exact=True)).to_be_visible()
    found = violations(phone, "phone after the day: commitments, people met")
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    tablet.goto(f"{app_server.url}/?g={group.token}")
    expect(tablet.get_by_text(f"Groupe {group.number}").first).to_be_visible(timeout=30_000)
    found += violations(tablet, "tablet, the pooling")
    tablet.get_by_text("Nos cas").click()
    found += violations(tablet, "tablet, a case's sheet")
    other = tablet.context.new_page()  # the group's second tablet, on the same sheet
    other.goto(f"{app_server.url}/?g={group.token}")
    expect(other.get_by_text("Nos cas")).to_be_visible(timeout=30_000)
    other.get_by_text("Nos cas").click()
    profile = "Profil de la personne"
    for page in (tablet, other):
        expect(page.get_by_role("textbox", name=profile, exact=True)).to_be_visible(
            timeout=30_000)
    second_box = other.get_by_role("textbox", name=profile, exact=True)
    still_typing(second_box)
    second_box.press_sequentially(" et de la seconde", delay=10)
    box = tablet.get_by_role("textbox", name=profile, exact=True)
    box.fill("Version de la première")
    box.press("End")
    status = tablet.locator(".pd-autosave").filter(has=box).locator(".pd-status")
    expect(status).to_contain_text("Enregistré à", timeout=30_000)  # the fill said « …en
    # cours… » at once: this is the new save
    second_box.blur()  # leaving the box sends it
    expect(other.get_by_text("Une autre tablette du groupe a enregistré ce champ")
           ).to_be_visible(timeout=30_000)
    found += violations(other, "tablet, a conflict")
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    for screen in SCREENS:
        with session_scope(engine) as session:
            set_screen(session, event.id, screen)
        projector.goto(f"{app_server.url}/?s={event.screen_token}")
        expect(projector.locator("[data-testid='stMainBlockContainer']")).to_be_visible(
            timeout=30_000)
        found += violations(projector, f"projector, {screen}")
    assert not found, "\n".join(found)


ORGANISER_PAGES = ("", "dashboard", "events", "participants", "organisations", "cases",
                   "printouts", "arrivals", "groups", "mixing", "rounds", "polls", "merge",
                   "report", "commitments", "accounts")


def test_the_login_and_every_organiser_page_at_laptop_size(app_server, browser):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        create_demo_at_stage(session, "report", make_current=True)
    laptop = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    laptop.goto(f"{app_server.url}/dashboard")
    expect(laptop.get_by_label("Mot de passe", exact=True)).to_be_visible(timeout=30_000)
    found = violations(laptop, "login")
    for path in ORGANISER_PAGES:
        organiser_opens(laptop, app_server, path)
        found += violations(laptop, path or "home")
    assert not found, "\n".join(found)


NO_SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (e) => {  // visually hidden for a screen reader's sake (react-aria's way)
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.clipPath === "inset(50%)" || style.clip === "rect(0px, 0px, 0px, 0px)") {
        return true;
      }
    }
    return false;
  };
  const wider = [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e))
    .map((e) => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40));
  return {scroll: document.documentElement.scrollWidth, width, wider: wider.slice(0, 5)};
}"""


def test_phone_pages_at_200_percent_zoom_and_with_large_text_need_no_sideways_scroll(
        app_server, browser):
    """WCAG 1.4.4 and 1.4.10 on a 360 px phone: zoomed to 200 % (the page then lays out on
    180 CSS pixels) and with the phone's text at 200 %, everything is reached by scrolling
    down only."""
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        for kind, question, options in (("single", "Quel atelier cet après-midi ?",
                                         ["Logement et hébergement d'urgence", "Emploi"]),
                                        ("wall", "Pour ou contre ?", None)):
            set_open(session, create_poll(session, event.id, kind, question, options).id, True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))).first()
    pages = (("join", f"?j={event.join_token}", "Pour voter"),  # before the phone remembers
             ("phone", f"?p={person.token}", "Votre groupe de travail"),
             ("walk-in", f"?w={event.walkin_token}", "Inscription sur place"),
             ("privacy", f"?d={event.uid}", "Vos données personnelles"),
             ("accessibility statement", f"?a={event.uid}", "Ce qui est vérifié"))
    found = []
    for setting, viewport, scale, text_size in (("200 % zoom", (180, 370), 4, None),
                                                ("large text", (360, 740), 2, "200%")):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                      device_scale_factor=scale, is_mobile=True,
                                      has_touch=True)
        page = context.new_page()
        for name, link, shown in pages:
            page.goto(f"{app_server.url}/{link}")
            expect(page.get_by_text(shown).first).to_be_visible(timeout=30_000)
            settled(page)
            if text_size:
                page.add_style_tag(content=f"html{{font-size:{text_size} !important}}")
                page.wait_for_timeout(300)
            measured = page.evaluate(NO_SIDEWAYS)
            if measured["scroll"] > measured["width"] or measured["wider"]:
                found.append(f"{name}, {setting}: {measured}")
        context.close()
    assert not found, "\n".join(found)


def test_a_page_that_refreshes_itself_stays_readable_on_a_slow_server(app_server, browser):
    """A tablet redraws its whole sheet every 2 s. On a busy server a run's content comes
    late, and Streamlit dims what it has not redrawn yet to a third of its contrast after
    half a second: the clean-clone run's accessibility failure, a tablet's pooling text at 2:1
    caught mid-refresh. (A phone's and the projector's refreshes only look whether the page
    must change: nothing of theirs was seen to dim.)"""
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)).first()
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    slow = SlowRuns(tablet)
    tablet.goto(f"{app_server.url}/?g={group.token}")
    expect(tablet.get_by_text(f"Groupe {group.number}").first).to_be_visible(timeout=30_000)
    settled(tablet)
    slow.holding = True
    waiting = tablet.locator("[data-stale='true']")
    expect(waiting.first).to_be_attached(timeout=15_000)  # a refresh started, its content late
    tablet.wait_for_timeout(1_800)  # Streamlit's fade starts after 0.5 s and lasts 1 s
    dimmed = waiting.evaluate_all(
        "nodes => nodes.filter(n => Number(getComputedStyle(n).opacity) < 1).length")
    contrast = AXE.run(tablet, options={"runOnly": {"type": "rule", "values": [
        "color-contrast"]}}).response["violations"]
    slow.release()
    assert (dimmed, [v["nodes"][0]["html"][:160] for v in contrast]) == (0, [])
    tablet.context.close()
