"""Several app servers on one PostgreSQL: seats, votes and autosaves stay right when two
servers handle them at the same moment; a live screen on one server shows what a phone did on
another; behind nginx (deploy/run-cluster.sh) with sticky sessions and websockets."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from bench.crowd import Phone, run as crowd_run
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import BreakfastTable, Event, Participant, Poll, Vote, WorkGroup
from bench.server import choose_screen, ephemeral_ports_start, still_typing
from tests.conftest import PROJECT_ROOT, AppServer, empty_postgres_schema, free_port
from tests.test_arrival import make_event
from tests.test_browser import TIMEOUT


@pytest.fixture
def two_servers(postgres_url, tmp_path):
    empty_postgres_schema(postgres_url)
    servers = [AppServer(postgres_url, "mot-de-passe-de-test", tmp_path) for _ in range(2)]
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()


def tokens(url: str, event_id: int) -> list[str]:
    with session_scope(get_engine(url)) as session:
        return list(session.exec(select(Participant.token).where(
            Participant.event_id == event_id).order_by(Participant.id)))


async def _open_all(phones: list[Phone]):
    try:
        return await asyncio.gather(*(phone.open() for phone in phones))
    finally:
        await asyncio.gather(*(phone.close() for phone in phones))


def test_check_ins_on_two_servers_never_overfill_a_table(two_servers, postgres_url):
    a, b = two_servers
    event = make_event(get_engine(postgres_url), 40, 5, expected=30, table_max=6)
    phones = [Phone((a, b)[i % 2].url, f"p={token}")
              for i, token in enumerate(tokens(postgres_url, event.id))]
    runs = crowd_run(_open_all(phones))
    assert all(run.shows("Votre table du petit déjeuner") and not run.exception for run in runs)
    with session_scope(get_engine(postgres_url)) as session:
        seated = session.exec(select(Participant.table_id)).all()
        capacity = {t.id: t.capacity for t in session.exec(select(BreakfastTable))}
    assert None not in seated and len(seated) == 40
    assert all(count <= capacity[table] for table, count in Counter(seated).items())


async def _vote_twice(server_a: str, server_b: str, query: str):
    phones = [Phone(server_a, query), Phone(server_b, query)]
    try:
        for phone in phones:
            await phone.open()
        return await asyncio.gather(
            phones[0].submit_slider("Votre position", 2, "Envoyer"),
            phones[1].submit_slider("Votre position", 9, "Envoyer"))
    finally:
        for phone in phones:
            await phone.close()


def test_one_vote_per_person_when_two_servers_take_it_at_once(two_servers, postgres_url):
    a, b = two_servers
    with session_scope(get_engine(postgres_url)) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        poll = session.exec(select(Poll).where(Poll.event_id == event.id)).one()
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).first()
    runs = crowd_run(_vote_twice(a.url, b.url, f"p={person.token}"))
    assert all(run.shows("Merci, c'est enregistré.") for run in runs)
    with session_scope(get_engine(postgres_url)) as session:
        votes = session.exec(select(Vote).where(Vote.poll_id == poll.id)).all()
    assert [(v.participant_id, v.value["value"] in (2, 9)) for v in votes] == [(person.id, True)]


def test_a_projector_on_one_server_shows_a_vote_taken_by_another(two_servers, postgres_url,
                                                               desktop_page):
    a, b = two_servers
    with session_scope(get_engine(postgres_url)) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).first()
    choose_screen(postgres_url, event.id, "polls")
    desktop_page.goto(f"{a.url}/?s={event.screen_token}")
    voters = desktop_page.get_by_test_id("stMetricValue")
    expect(voters).to_have_text("0", timeout=TIMEOUT)

    async def vote():
        phone = Phone(b.url, f"p={person.token}")
        try:
            await phone.open()
            return await phone.submit_slider("Votre position", 4, "Envoyer")
        finally:
            await phone.close()

    assert crowd_run(vote()).shows("Merci, c'est enregistré.")
    acknowledged = time.monotonic()
    expect(voters).to_have_text("1", timeout=5_000)
    print(f"\n[timing] vote on server B → projector on server A: "
          f"{time.monotonic() - acknowledged:.2f} s")


def test_two_tablets_on_two_servers_never_lose_text(two_servers, postgres_url, browser):
    a, b = two_servers
    with session_scope(get_engine(postgres_url)) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        token = session.exec(select(WorkGroup.token).where(WorkGroup.event_id == event.id,
                                                           WorkGroup.number == 1)).one()
    context = browser.new_context(viewport={"width": 820, "height": 1180})
    first, second = context.new_page(), context.new_page()
    first.goto(f"{a.url}/?g={token}")
    second.goto(f"{b.url}/?g={token}")
    boxes = [page.get_by_role("textbox", name="Profil de la personne", exact=True)
             for page in (first, second)]
    for box in boxes:
        expect(box).to_be_visible(timeout=TIMEOUT)
    still_typing(boxes[1])
    boxes[1].press_sequentially("Écrit sur le serveur B", delay=10)
    boxes[0].fill("Écrit sur le serveur A")
    expect(first.get_by_text("Enregistré à").first).to_be_visible(timeout=TIMEOUT)
    boxes[1].blur()  # leaving the box sends it
    expect(second.get_by_text("Une autre tablette du groupe a enregistré ce champ")
           ).to_be_visible(timeout=TIMEOUT)
    second.get_by_role("button", name="Garder les deux").click()
    both = "Écrit sur le serveur A\n\nÉcrit sur le serveur B"
    expect(boxes[1]).to_have_value(both, timeout=TIMEOUT)
    expect(boxes[0]).to_have_value(both, timeout=TIMEOUT)
    context.close()


@pytest.fixture
def nginx_cluster(postgres_url, tmp_path):
    empty_postgres_schema(postgres_url)
    port = free_port(3)  # nginx's, then its servers' on base + 1 and base + 2
    env = {**os.environ, "DATABASE_URL": postgres_url, "RUN_DIR": str(tmp_path / "cluster"),
           "APP_PORT_BASE": str(port),
           "PARTNERDAY_ORGANISER_PASSWORD": "mot-de-passe-de-test",
           "PYTHON": sys.executable}  # the tests' interpreter, not python3 from the PATH
    script = subprocess.Popen(["bash", "deploy/run-cluster.sh", "2", str(port)], cwd=PROJECT_ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True)
    line = script.stdout.readline()  # printed once nginx is started
    assert "2 app server(s) behind" in line, line + script.stdout.read()
    time.sleep(0.5)
    yield f"http://127.0.0.1:{port}"
    os.killpg(script.pid, signal.SIGTERM)
    script.wait(30)


def test_behind_nginx_phones_reach_a_sticky_server(nginx_cluster, postgres_url, phone_page):
    phone_page.goto(f"{nginx_cluster}/?p=pas-un-jeton")  # first start: demo event
    expect(phone_page.get_by_text("Lien non reconnu")).to_be_visible(timeout=TIMEOUT)
    with session_scope(get_engine(postgres_url)) as session:
        event = session.exec(select(Event).where(Event.is_current)).one()
        people = session.exec(select(Participant).where(Participant.event_id == event.id)
                              .order_by(Participant.id)).all()[:12]
    phone_page.goto(f"{nginx_cluster}/?p={people[0].token}")
    expect(phone_page.get_by_role("heading", name=f"Bonjour {people[0].first_name}")
           ).to_be_visible(timeout=TIMEOUT)
    cookies = {c["name"] for c in phone_page.context.cookies()}
    assert "pd_route" in cookies
    runs = crowd_run(_open_all([Phone(nginx_cluster, f"p={p.token}") for p in people[1:]]))
    assert all(run.shows("Votre table du petit déjeuner") for run in runs)
    with session_scope(get_engine(postgres_url)) as session:
        assert session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))
        ).all().__len__() == 12


def headers_of(*curl_args: str) -> tuple[int, dict[str, list[str]]]:
    """The status and headers of a request made with curl, as a person checking would."""
    shown = subprocess.run(["curl", "-s", "-k", "-o", "/dev/null", "-D", "-", "--max-time",
                            "20", *curl_args], capture_output=True, text=True, check=True).stdout
    status, *lines = [line.strip() for line in shown.splitlines() if line.strip()]
    headers: dict[str, list[str]] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers.setdefault(name.lower(), []).append(value.strip())
    return int(status.split()[1]), headers


def test_behind_nginx_https_with_security_headers(postgres_url, tmp_path):
    """HTTPS with a self-signed certificate (as the README makes one), HTTP redirected, the
    security headers on every response, Secure cookies, no metrics, uploads capped."""
    empty_postgres_schema(postgres_url)
    cert, key = tmp_path / "partnerday.crt", tmp_path / "partnerday.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    port = free_port(3)  # nginx's HTTPS, its HTTP redirect, its server's on base + 1
    http_port = port + 1
    env = {**os.environ, "DATABASE_URL": postgres_url, "RUN_DIR": str(tmp_path / "cluster"),
           "APP_PORT_BASE": str(http_port), "TLS_CERT": str(cert), "TLS_KEY": str(key),
           "HTTP_PORT": str(http_port), "PARTNERDAY_ORGANISER_PASSWORD": "mot-de-passe-de-test",
           "PYTHON": sys.executable}
    script = subprocess.Popen(["bash", "deploy/run-cluster.sh", "1", str(port)],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        line = script.stdout.readline()
        assert f"behind https://localhost:{port}" in line, line + script.stdout.read()
        status, headers = headers_of(f"https://127.0.0.1:{port}/?p=AAAAAAAAAAAAAAAAAAAAAA")
        assert status == 200
        assert headers["strict-transport-security"] == ["max-age=31536000"]
        assert headers["x-content-type-options"] == ["nosniff"]
        assert headers["referrer-policy"] == ["no-referrer"]
        assert headers["content-security-policy"] == ["frame-ancestors 'self'"]
        route = next(c for c in headers["set-cookie"] if c.startswith("pd_route="))
        assert "Secure" in route and "HttpOnly" in route
        status, headers = headers_of(f"http://127.0.0.1:{http_port}/?p=x")
        assert status == 301 and headers["location"] == [f"https://127.0.0.1:{port}/?p=x"]
        assert headers_of(f"https://127.0.0.1:{port}/_stcore/metrics")[0] == 404
        big = tmp_path / "gros.csv"
        big.write_bytes(b"x" * (21 * 1024 * 1024))
        status, _ = headers_of("-X", "PUT", "--data-binary", f"@{big}",
                               f"https://127.0.0.1:{port}/_stcore/upload_file/s/f")
        assert status == 413
        assert headers_of(f"http://127.0.0.1:{port}/")[0] == 400  # plain HTTP on the TLS port
    finally:
        os.killpg(script.pid, signal.SIGTERM)
        script.wait(30)


def test_behind_nginx_an_organiser_stays_signed_in_whichever_server_answers(nginx_cluster,
                                                                            browser):
    from bench.server import log_in

    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(nginx_cluster)
    log_in(page, "mot-de-passe-de-test")
    expect(page.get_by_text("Vous êtes connecté·e")).to_be_visible(timeout=TIMEOUT)
    for route in ("a", "b", "c", "d", "e", "f"):  # another sticky route: another server
        context.add_cookies([{"name": "pd_route", "value": route, "url": nginx_cluster}])
        page.reload()
        expect(page.get_by_text("Vous êtes connecté·e")).to_be_visible(timeout=TIMEOUT)
    context.close()


def test_a_clusters_ports_are_free_and_none_the_system_hands_to_connections():
    """The ports a cluster is given are free, consecutive, and below the range the system
    takes outgoing connections' ports from (a port from there was a connection's by the time
    an app server bound it)."""
    for _ in range(20):
        first = free_port(3)
        assert first + 2 < ephemeral_ports_start()
        for port in range(first, first + 3):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port))


def test_an_app_server_that_cannot_start_is_said_at_once(postgres_url, tmp_path):
    """A port already taken stops the cluster's start with the server's log named, at once
    rather than after its three minutes of health checks."""
    port = free_port(2)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port + 1))
        taken.listen()
        env = {**os.environ, "DATABASE_URL": postgres_url, "RUN_DIR": str(tmp_path / "cluster"),
               "APP_PORT_BASE": str(port), "PYTHON": sys.executable}
        started = time.monotonic()
        script = subprocess.run(["bash", "deploy/run-cluster.sh", "1", str(port)],
                                cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                                timeout=120)
        waited = time.monotonic() - started
    assert script.returncode == 1
    assert f"the app server on port {port + 1} did not start" in script.stderr
    assert "is not available" in (tmp_path / "cluster" / f"app-{port + 1}.log").read_text()
    assert waited < 60, waited
