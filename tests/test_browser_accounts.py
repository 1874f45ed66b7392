"""Accounts in Chromium against real servers: a sign-in survives a reload, a new tab and a
second server on the same database, and ends on logout and on a password change; the wait
after failures is shared by two servers; only a signed-in session can upload a file."""

import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from bench.server import AppServer, log_in, settled
from partnerday.accounts import change_password
from partnerday.db import dispose_engine, get_engine, session_scope
from partnerday.models import Account, LoginFailures
from tests.conftest import PASSWORD

TIMEOUT = 30_000


@pytest.fixture
def two_servers(tmp_path):
    """Two servers on one database, as behind nginx (the cluster test does it with nginx)."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    servers = [AppServer(url, PASSWORD, tmp_path) for _ in range(2)]
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()
    dispose_engine(url)


def signed_in(page) -> None:
    expect(page.get_by_text("Vous êtes connecté·e")).to_be_visible(timeout=TIMEOUT)


def signed_out(page) -> None:
    expect(page.get_by_label("Mot de passe", exact=True)).to_be_visible(timeout=TIMEOUT)


def test_a_sign_in_survives_reloads_new_tabs_and_servers_and_ends_on_logout(two_servers,
                                                                            browser):
    first, second = two_servers
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(first.url)
    log_in(page, PASSWORD)
    signed_in(page)
    settled(page)
    page.reload()  # a new Streamlit session: the cookie brings the sign-in back
    signed_in(page)
    tab = context.new_page()
    tab.goto(f"{first.url}/dashboard")  # a second tab, a deep link
    expect(tab.get_by_role("heading", name="Partner Day Zone Sud (démo)")).to_be_visible(
        timeout=TIMEOUT)
    other = context.new_page()
    other.goto(second.url)  # the other server (cookies go by host: behind nginx, the same)
    signed_in(other)
    page.get_by_role("button", name="Se déconnecter").click()
    signed_out(page)
    for each in (tab, other):
        each.reload()
        signed_out(each)  # logged out everywhere: the sign-in ended in the database
    context.close()


def test_a_password_change_ends_the_sign_ins_on_every_server(two_servers, browser):
    first, second = two_servers
    context = browser.new_context()
    page = context.new_page()
    page.goto(first.url)
    log_in(page, PASSWORD)
    signed_in(page)
    with session_scope(get_engine(first.database_url)) as session:
        account = session.exec(select(Account)).one()
        change_password(session, account.id, "un-tout-nouveau-mot-de-passe")
    other = context.new_page()
    other.goto(second.url)
    signed_out(other)
    log_in(other, "un-tout-nouveau-mot-de-passe")
    signed_in(other)
    context.close()


def test_the_wait_after_failures_is_shared_by_two_servers(two_servers, browser):
    first, second = two_servers
    context = browser.new_context()
    page = context.new_page()
    page.goto(first.url)
    for count in range(1, 4):
        log_in(page, "mauvais-mot-de-passe")
        failures_reach(first, count)
        settled(page)
    other = context.new_page()
    other.goto(second.url)
    started = time.monotonic()
    log_in(other, "mauvais-mot-de-passe")  # the 4th failure, on the other server: held 2 s
    failures_reach(second, 4)
    held = time.monotonic() - started
    settled(other)
    started = time.monotonic()
    log_in(other, PASSWORD)  # held 4 s, then the right password opens
    signed_in(other)
    assert time.monotonic() - started >= 3.5 and held >= 1.5
    with session_scope(get_engine(first.database_url)) as session:
        assert session.get(LoginFailures, "account:organisateur") is None  # cleared
    context.close()


def failures_reach(server: AppServer, count: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with session_scope(get_engine(server.database_url)) as session:
            row = session.get(LoginFailures, "account:organisateur")
            if row is not None and row.failures >= count:
                assert row.failures == count
                return
        time.sleep(0.1)
    raise AssertionError(f"{count} failures never counted")


UPLOAD = """async ([sessionId]) => {
  const xsrf = (document.cookie.match(/(?:^|; )_streamlit_xsrf=([^;]*)/) || [])[1] || "";
  const form = new FormData();
  form.append("file", new Blob(["x".repeat(1024)]), "f.csv");
  const answer = await fetch(`/_stcore/upload_file/${sessionId}/f1`,
      {method: "PUT", body: form, headers: {"X-Xsrftoken": xsrf}});
  return answer.status;
}"""


def session_id_of(page, open_page) -> str:
    """The Streamlit session id the server gives this page (its first message says it)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    found: list[str] = []

    def listen(socket) -> None:
        def frame(payload) -> None:
            if isinstance(payload, bytes):
                message = ForwardMsg.FromString(payload)
                if message.WhichOneof("type") == "new_session":
                    found.append(message.new_session.initialize.session_id)
        socket.on("framereceived", frame)

    page.on("websocket", listen)
    open_page()
    deadline = time.monotonic() + 30
    while not found and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return found[-1]


def test_only_a_signed_in_session_can_upload(app_server, browser):
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone_session = session_id_of(phone, lambda: phone.goto(f"{app_server.url}/?p=" + "x" * 22))
    expect(phone.get_by_text("Lien non reconnu")).to_be_visible(timeout=TIMEOUT)
    assert phone.evaluate(UPLOAD, [phone_session]) == 400  # refused before reading the body
    organiser = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    organiser_session = session_id_of(
        organiser, lambda: organiser.goto(f"{app_server.url}/participants"))
    log_in(organiser, PASSWORD)
    expect(organiser.get_by_role("tab", name="Importer")).to_be_visible(timeout=TIMEOUT)
    assert organiser.evaluate(UPLOAD, [organiser_session]) in (200, 204)
    assert phone.evaluate(UPLOAD, [phone_session]) == 400  # still refused
    phone.context.close()
    organiser.context.close()
