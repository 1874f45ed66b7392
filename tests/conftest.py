"""Shared fixtures: databases (SQLite and the PostgreSQL this machine runs), the real server,
and headless Chromium."""

from __future__ import annotations

import functools
import html
import multiprocessing
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy import make_url
import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from bench.server import CHROMIUM, CHROMIUM_ARGS, AppServer, Inbox, free_port, mail_server, \
    organiser_opens, settled  # noqa: F401 (shared with the tests)
from partnerday.db import dispose_engine, get_engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Nothing the tests start may ever open the developer's own database (data/partnerday.db),
# not even an AppTest run still finishing after its test: the default is a throwaway file.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='partnerday-tests-')}"
                                      "/default.db")
# Each new AppTest scans every installed distribution's metadata for Streamlit components
# (0.4 s, most of an AppTest's first run here): what is installed does not change while the
# tests run, so the first scan's answer serves them all.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests)
POSTGRES_ADMIN_URL = os.environ.get("PARTNERDAY_TEST_POSTGRES",
                                    "postgresql://postgres@127.0.0.1:5432/postgres")


LANE_BY_FILE = {"test_cluster": "cluster", "test_rehearsal": "cluster"}
LANE_BY_PREFIX = (("test_browser", "browser"), ("test_app", "app"))
STORAGE_FIXTURES = {"database_url", "engine", "postgres_url", "sqlite_engine", "smtp_server"}


def lane_of(item) -> str:
    """The lane of a test (pytest.ini's markers): by its file, else by the fixtures it uses."""
    module = item.module.__name__.rsplit(".", 1)[-1]
    if module in LANE_BY_FILE:
        return LANE_BY_FILE[module]
    for prefix, lane in LANE_BY_PREFIX:
        if module.startswith(prefix):
            return lane
    if "app_env" in item.fixturenames:
        return "app"
    return "storage" if STORAGE_FIXTURES & set(item.fixturenames) else "unit"


def on_postgresql(item) -> bool:
    """A storage test's PostgreSQL run (its SQLite twin is the same test)."""
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("database_url") == "postgresql"


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        item.add_marker(getattr(pytest.mark, lane_of(item)))
        if on_postgresql(item):
            item.add_marker(pytest.mark.postgresql)
        if item.module.__name__.endswith("test_rehearsal"):
            item.add_marker(pytest.mark.alone)


def pytest_sessionfinish(session, exitstatus) -> None:
    """No process a test started may outlive the run (the interpreter would wait for it)."""
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(5)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of our own on the machine's PostgreSQL, dropped at the end."""
    name = f"partnerday_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    dispose_engine(f"{base}/{name}")
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_postgres_schema(url: str) -> None:
    """Drop every table, including any this version of the code does not know."""
    dispose_engine(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def empty_database(url: str) -> None:
    """No table at all, as on a new machine (SQLite: no file)."""
    if url.startswith("postgresql"):
        empty_postgres_schema(url)
        return
    dispose_engine(url)
    path = Path(make_url(url).database)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """Each storage test runs once on a SQLite file and once on PostgreSQL, on an empty schema."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'partnerday.db'}"
        yield url
        dispose_engine(url)
        return
    url = request.getfixturevalue("postgres_url")
    empty_postgres_schema(url)
    get_engine(url)
    yield url


@pytest.fixture
def engine(database_url):
    return get_engine(database_url)


@pytest.fixture
def sqlite_engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'partnerday.db'}"
    yield get_engine(url)
    dispose_engine(url)


# --- the app under streamlit.testing (AppTest) ---------------------------------------------

PASSWORD = "mot-de-passe-de-test"
APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PARTNERDAY_ORGANISER_PASSWORD", PASSWORD)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()
    dispose_engine(url)


def open_app(page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(query)
    if page:
        at.switch_page(page)  # before the first run: a deep link, as the first request
    return at.run()


def texts(at: AppTest) -> str:
    """The page's text as shown: Markdown without its escapes, HTML without its tags."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                  "error", "success", "warning") for e in getattr(at, kind)]
    markdown = "\n".join(str(p) for p in parts).replace("\\", "")
    shown_html = (html.unescape(re.sub(r"<script.*?</script>|<[^>]*>", " ", element.proto.body,
                                       flags=re.DOTALL)) for element in at.get("html"))
    return "\n".join([markdown, *shown_html])


def log_in(at: AppTest, password: str, login: str = "organisateur") -> AppTest:
    fields = {t.label: t for t in at.text_input}
    fields["Identifiant"].input(login)
    fields["Mot de passe"].input(password)
    return next(b for b in at.button if b.label == "Se connecter").click().run()



@pytest.fixture
def app_server(tmp_path) -> Iterator[AppServer]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    server = AppServer(url, "mot-de-passe-de-test", tmp_path)
    server.start()
    yield server
    server.stop()
    dispose_engine(url)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # What a test waits for without saying how long: on a busy machine (three workers, each
    # with its servers and Chromium, on two cores) Streamlit's code for an element (metric,
    # chart, ...) loads seconds after the page's first text. Promised delays say their own.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback; yields (settings pointing at it, its inbox)."""
    from partnerday.settings import Settings

    inbox = Inbox()
    controller = mail_server(inbox)
    yield Settings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_tls=False,
                   smtp_from="orga@example.org"), inbox
    controller.stop()
