"""The live barometer in real browsers: a phone votes, the projector shows it without reload."""

import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.models import Event, Participant, Poll
from bench.server import choose_screen
from tests.conftest import settled
from tests.test_browser import TIMEOUT


@pytest.mark.alone  # a delay promised to the room, measured with nothing beside it
def test_a_phone_vote_reaches_the_projector_within_3_seconds(app_server, desktop_page,
                                                            phone_page):
    phone_page.goto(app_server.url)  # first start creates the demo event
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    with session_scope(get_engine(app_server.database_url)) as session:
        event = session.exec(select(Event)).one()
        token = session.exec(select(Participant.token)
                             .where(Participant.name == "Amina Hermans")).one()
        barometer = session.exec(select(Poll).where(Poll.kind == "scale", Poll.is_open)).one()
        barometer.left_label, barometer.right_label = "[lien] *fort* <b>", "contenu] :red[y] \\"
        session.add(barometer)

    projector = desktop_page
    choose_screen(app_server.database_url, event.id, "polls")  # on the laptop's dashboard
    projector.goto(f"{app_server.url}/?s={event.screen_token}")
    expect(projector.get_by_role("heading", name="Pour vous, le Partner Day sert surtout à…")
           ).to_be_visible(timeout=TIMEOUT)
    voters = projector.get_by_test_id("stMetricValue")
    expect(voters).to_have_text("0", timeout=TIMEOUT)

    phone_page.goto(f"{app_server.url}/?p={token}")
    expect(phone_page.get_by_text("Questions ouvertes")).to_be_visible(timeout=TIMEOUT)
    expect(phone_page.get_by_test_id("stWidgetLabel").get_by_text(
        "Votre position (0 = [lien] *fort* <b>, 10 = contenu] :red[y] \\)", exact=True)
    ).to_be_visible()  # the scale's ends, as typed, in the slider's label
    settled(phone_page)  # as a person would, once the page has finished drawing
    phone_page.get_by_role("button", name="Envoyer").click()
    expect(phone_page.get_by_text("Merci, c'est enregistré.")).to_be_visible(timeout=TIMEOUT)
    acknowledged = time.monotonic()
    expect(voters).to_have_text("1", timeout=3_000)
    delay = time.monotonic() - acknowledged
    print(f"\n[timing] vote acknowledged on the phone → shown on the projector: {delay:.2f} s")
    assert delay < 3

    # the QR projected beside the chart (the same for everyone) brings this phone home
    phone_page.goto(f"{app_server.url}/?j={event.join_token}")
    expect(phone_page.get_by_role("heading", name="Bonjour Amina")).to_be_visible(
        timeout=TIMEOUT)
    assert f"p={token}" in phone_page.url


def test_join_link_on_a_phone_never_seen_explains_what_to_do(app_server, phone_page):
    phone_page.goto(app_server.url)
    expect(phone_page.get_by_text("Espace organisateurs")).to_be_visible(timeout=TIMEOUT)
    with session_scope(get_engine(app_server.database_url)) as session:
        event = session.exec(select(Event)).one()
    phone_page.goto(f"{app_server.url}/?j={event.join_token}")
    expect(phone_page.get_by_text("Scannez le QR code de votre badge")).to_be_visible(
        timeout=TIMEOUT)
