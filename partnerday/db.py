"""One engine per process, on SQLite (default, WAL mode) or PostgreSQL (`DATABASE_URL`)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Lock

from alembic import command
from alembic.config import Config
from sqlalchemy import event as sa_event, inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine, select

from partnerday import models  # noqa: F401  (registers the tables)

_engines: dict[str, Engine] = {}
_engines_lock = Lock()


def normalise_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` spellings and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_wal(cursor, attempts: int = 100) -> None:
    """Switch a new database file to WAL. The switch needs the file to itself and SQLite does
    not wait for it (no busy handler), so processes starting together retry for a while."""
    for attempt in range(attempts):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def make_engine(url: str) -> Engine:
    """A new engine with the schema created. Prefer `get_engine`, which keeps one per URL."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa_event.listen(engine, "connect", _set_sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    create_schema(engine)
    return engine


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"


def migration_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def create_schema(engine: Engine) -> None:
    """Bring the schema to the latest migration (Alembic). Servers starting at the same moment
    on one database take turns, so that only one of them migrates."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('partnerday schema'))")
        config = migration_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "event" in tables and "alembic_version" not in tables:  # made before migrations
            command.stamp(config, "head" if _matches_models(connection) else FIRST_REVISION)
        command.upgrade(config, "head")


def _matches_models(connection: Connection) -> bool:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    return not compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)


def get_engine(url: str) -> Engine:
    url = normalise_url(url)
    with _engines_lock:
        if url not in _engines:
            _engines[url] = make_engine(url)
        return _engines[url]


def dispose_engine(url: str) -> None:
    with _engines_lock:
        engine = _engines.pop(normalise_url(url), None)
    if engine is not None:
        engine.dispose()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session for one action: committed when the block ends, rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def lock_event_for_writing(session: Session, event_id: int) -> None:
    """Serialise the writes of one event (seats, walk-ins) across threads and processes.

    SQLite takes its write lock up front (BEGIN IMMEDIATE) unless the transaction already
    holds it (the sqlite3 module only opens one before a write); PostgreSQL locks the event's
    row until commit.
    """
    from partnerday.models import Event

    if session.get_bind().dialect.name == "sqlite":
        connection = session.connection()
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        session.exec(select(Event.id).where(Event.id == event_id).with_for_update())
