"""A tablet's save that is lost on the way (its message dropped on the websocket, as when a
full run of the page replaces the fragment it was sent from) is sent again: the box does not
stay at « Enregistrement… » and the text reaches the database."""

import re

from playwright.sync_api import expect
from sqlmodel import select

from bench.rehearsal import eventually
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Finding, WorkGroup
from tests.test_browser_keyboard import type_in_the_diagnosis

TIMEOUT = 30_000
MARK = "Relance-du-message-perdu"


def test_a_save_lost_on_the_way_is_sent_again(app_server, browser):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)).first()
        group_id, token = group.id, group.token
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    lost = []

    def wire(route):
        server = route.connect_to_server()

        def from_the_tablet(message):
            if not lost and MARK.encode() in (message if isinstance(message, bytes)
                                              else message.encode()):
                lost.append(message)  # the first save never reaches the server
                return
            server.send(message)
        route.on_message(from_the_tablet)

    tablet.route_web_socket(re.compile(r".*/_stcore/stream"), wire)
    box = type_in_the_diagnosis(tablet, f"{app_server.url}/?g={token}", f" {MARK}.")
    status = tablet.locator(".pd-autosave").filter(has=box).locator(".pd-status")
    expect(status).to_contain_text("Enregistré à", timeout=TIMEOUT)
    assert lost  # it was lost once, and sent again

    def stored() -> bool:
        with session_scope(engine) as session:
            return any(MARK in f.text for f in session.exec(select(Finding).where(
                Finding.group_id == group_id, Finding.field == "diagnosis")))
    assert eventually(stored)
