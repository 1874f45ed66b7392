"""The day's encounters in Chromium: on the projector at 1920×1080 at the end of the day
(figures and the map in one screen, no person's name), and on the organisers' dashboard."""

import time

from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Participant
from partnerday.projector import set_screen
from tests.conftest import organiser_opens


def test_the_projector_shows_how_the_room_mixed_in_one_screen(app_server, browser, tmp_path):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        names = {(p.first_name, p.last_name) for p in session.exec(
            select(Participant).where(Participant.event_id == event.id))}
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{app_server.url}/?s={event.screen_token}")
    expect(projector.get_by_text("personnes à table")).to_be_visible(timeout=30_000)
    with session_scope(engine) as session:
        set_screen(session, event.id, "encounters")
    asked = time.monotonic()
    expect(projector.get_by_text("Aujourd'hui, nous nous sommes rencontré·e·s")
           ).to_be_visible(timeout=5_000)
    print(f"the projector showed the encounters {time.monotonic() - asked:.1f} s after")
    chart = projector.locator(".js-plotly-plot").first
    expect(chart).to_be_visible(timeout=10_000)
    box = chart.bounding_box()
    assert box["y"] + box["height"] <= 1080 and box["x"] + box["width"] <= 1920
    figures = projector.evaluate("""() => [...document.querySelectorAll('div')]
        .filter(d => d.style.borderRadius === '14px')
        .map(d => { const r = d.getBoundingClientRect(); const label = d.lastElementChild;
                    return [r.bottom, parseFloat(getComputedStyle(label).fontSize)]; })""")
    assert len(figures) == 3
    assert all(bottom <= 1080 and size >= 21 for bottom, size in figures)
    labels = projector.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot text')]
        .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize)])""")
    organisation_labels = [(text, size) for text, size in labels if text.strip()]
    assert len(organisation_labels) >= 10 and all(s >= 18 for _, s in organisation_labels)
    shown = projector.inner_text("body")
    assert not any(f"{first} {last}" in shown for first, last in names if last)
    assert projector.get_by_role("button").count() == 0
    projector.screenshot(path=str(tmp_path / "projector-encounters.png"))


def test_the_dashboard_shows_the_map_of_organisations(app_server, browser, tmp_path):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        create_demo_at_stage(session, "report", make_current=True)
    laptop = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    organiser_opens(laptop, app_server, "dashboard")
    desktop_page = laptop
    expect(desktop_page.get_by_text("Rencontres entre structures")).to_be_visible(
        timeout=30_000)
    expect(desktop_page.get_by_text("Paires de structures qui se sont rencontrées")
           ).to_be_visible(timeout=30_000)  # metrics' code loads after the headings' on a busy machine
    map_title = desktop_page.get_by_text("Rencontres entre structures")
    map_title.scroll_into_view_if_needed()
    expect(desktop_page.locator(".js-plotly-plot").nth(1)).to_be_visible(timeout=15_000)
    assert desktop_page.evaluate("document.documentElement.scrollWidth") <= 1440
    desktop_page.locator(".js-plotly-plot").nth(2).scroll_into_view_if_needed()
    desktop_page.screenshot(path=str(tmp_path / "dashboard-encounters.png"))


def test_after_the_day_a_phone_shows_the_people_met_and_their_shared_contact(app_server,
                                                                            phone_page,
                                                                            tmp_path):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        me = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.role == "worker",
            Participant.table_id.is_not(None))).first()
        other = session.exec(select(Participant).where(
            Participant.table_id == me.table_id, Participant.id != me.id,
            Participant.role == "worker")).first()
        other.email, other.shares_email = "collegue@example.org", True
        session.add(other)
    phone_page.goto(f"{app_server.url}/?p={me.token}")
    expect(phone_page.get_by_role("heading", name="Les personnes rencontrées")).to_be_visible(
        timeout=30_000)
    expect(phone_page.get_by_text(f"{other.first_name} · ").first).to_be_visible()
    expect(phone_page.get_by_text("collegue@example.org")).to_have_count(0)  # I share not
    phone_page.get_by_text("Partager mon e-mail avec les personnes rencontrées").click()
    expect(phone_page.get_by_text("collegue@example.org")).to_be_visible(timeout=10_000)
    with phone_page.expect_download() as download:
        phone_page.get_by_role("button", name="Ajouter ces contacts à mon téléphone").click()
    card = open(download.value.path(), encoding="utf-8").read()
    assert "EMAIL;TYPE=INTERNET:collegue@example.org" in card and other.last_name not in card
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("heading", name="Les personnes rencontrées").scroll_into_view_if_needed()
    phone_page.screenshot(path=str(tmp_path / "phone-people-met.png"))
    with session_scope(engine) as session:
        assert session.get(Participant, me.id).shares_email
