"""The year after the day in Chromium at a phone's size: a reminder's link opened as the first
request after a start, tapped once; the emailed report read on a phone."""

from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Commitment
from partnerday.report import build_report, report_html

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_a_reminders_link_opens_on_a_phone_and_one_tap_saves(app_server, phone_page,
                                                             tmp_path):
    with session_scope(get_engine(app_server.database_url)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        chosen = session.exec(select(Commitment).where(Commitment.event_id == event.id)
                              .order_by(Commitment.id)).first()
    phone_page.goto(f"{app_server.url}/?c={chosen.token}")  # the first request after start
    phone_page.get_by_text("Votre engagement").wait_for(timeout=30_000)
    phone_page.get_by_text(chosen.what).first.wait_for()
    assert phone_page.evaluate(NO_SIDEWAYS_SCROLL)
    assert phone_page.locator("input[type=password]").count() == 0
    done = phone_page.get_by_role("button", name="Fait", exact=True)
    box = done.bounding_box()
    assert box["height"] >= 40 and box["width"] >= 300  # a thumb's target, the phone's width
    done.click()
    phone_page.get_by_text("Merci, c'est noté : fait, 100 %.").wait_for(timeout=15_000)
    phone_page.screenshot(path=str(tmp_path / "commitment-phone.png"), full_page=True)
    with session_scope(get_engine(app_server.database_url)) as session:
        row = session.get(Commitment, chosen.id)
        assert (row.status, row.progress) == ("done", 100)


def test_the_emailed_report_reads_on_a_phone(sqlite_engine, phone_page, desktop_page, tmp_path):
    with session_scope(sqlite_engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        page = report_html(build_report(session, event.id))
    for browser_page in (phone_page, desktop_page):
        browser_page.set_content(page)
    assert phone_page.evaluate(NO_SIDEWAYS_SCROLL)
    cell = "document.querySelector('#cas-1 ~ table.stack td')"
    assert phone_page.evaluate(f"getComputedStyle({cell}).display") == "block"  # cards
    label = phone_page.evaluate(f"getComputedStyle({cell}, '::before').content")
    assert "Proposition" in label  # each value says what it is
    assert desktop_page.evaluate(f"getComputedStyle({cell}).display") == "table-cell"
    phone_page.screenshot(path=str(tmp_path / "report-phone.png"), full_page=False)
    assert phone_page.get_by_role("navigation", name="Sommaire").count() == 1
