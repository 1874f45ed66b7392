"""Tables tournantes in Chromium: 150 people's circles on one projector screen at 1920×1080,
and an open phone (360 px) that shows its circles as soon as they are composed."""

import time

from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.mixing import MixingSettings
from partnerday.models import Participant
from partnerday.registration import Registration
from partnerday.services import day, preparation


def test_150_peoples_circles_fit_the_projector_and_an_open_phone_follows(app_server, browser,
                                                                          phone_page):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        present = len(session.exec(select(Participant.id).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).all())
    extra = [Registration(line=i + 2, first_name=f"Invité{i}", last_name=f"NOM{i}",
                          organisation=f"Structure invitée {i % 9}") for i in range(150 - present)]
    preparation.import_registrations(engine, event.id, extra)
    frame = day.arrivals(engine, event.id)
    for person in frame["id"][frame["checked_in_at"].isna()]:
        if len(frame) - frame["checked_in_at"].isna().sum() < 150:
            day.check_in(engine, int(person))
            frame.loc[frame["id"] == person, "checked_in_at"] = "now"
    with session_scope(engine) as session:
        someone = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).first()
    phone_page.goto(f"{app_server.url}/?p={someone.token}")
    expect(phone_page.get_by_role("heading", name=f"Bonjour {someone.first_name}")
           ).to_be_visible(timeout=30_000)
    plan = day.plan_mixing(engine, event.id, MixingSettings(2, 6, 7, 5.0))
    composed = time.monotonic()
    expect(phone_page.get_by_text("Tables tournantes")).to_be_visible(timeout=5_000)
    print(f"the open phone showed its circles {time.monotonic() - composed:.1f} s after")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert sum(len(c) for c in plan.rounds[0]) == 150 and len(plan.rounds[0]) == 22

    day.show_mixing_round(engine, event.id, 1)
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{app_server.url}/?s={event.screen_token}")
    expect(projector.get_by_text("Tables tournantes · tour 1 sur 2")).to_be_visible(
        timeout=30_000)
    circles = """() => [...document.querySelectorAll('div')]
        .filter(d => /^Cercle \\d+/.test(d.innerText) && d.style.borderRadius === '12px')"""
    projector.wait_for_function(f"({circles})().length > 0")
    cards = projector.evaluate(f"() => ({circles})()" + """
        .map(d => { const r = d.getBoundingClientRect();
                    return [r.top, r.bottom, r.left, r.right,
                            parseFloat(getComputedStyle(d.lastElementChild).fontSize)]; })""")
    assert len(cards) == 22  # one screen, no page to wait for
    for top, bottom, left, right, size in cards:
        assert 0 <= top and bottom <= 1080 and 0 <= left and right <= 1920 and size >= 21
    shown = projector.inner_text("body")
    assert "NOM" not in shown and projector.get_by_role("button").count() == 0
