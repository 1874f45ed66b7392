"""The schema is versioned with Alembic: a database made by the previous version is upgraded
at start with its data kept, on SQLite and PostgreSQL; the migrations match the models."""

import json
from datetime import datetime, timezone

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

from partnerday.db import get_engine, migration_config, normalise_url
from tests.conftest import empty_database

NOW = datetime(2027, 1, 28, 9, tzinfo=timezone.utc)


def insert_event(connection) -> None:
    """Event 1, as the first two schemas store it."""
    connection.execute(text(
        "INSERT INTO event (id, uid, name, place, day_format, expected_attendance, "
        "table_min, table_max, group_count, group_min, group_max, is_current, checkin_open, "
        "walkin_token, screen_token, rounds_mode, merge_pairs, created_at) VALUES (1, 'u1', "
        "'Partner Day 2026', '', 'case_study', 80, 5, 8, 6, 10, 15, true, false, 'w', 's', "
        "'all', '[]', :now)"), {"now": NOW})


def previous_version_with_data(database_url: str) -> None:
    """A database as the previous schema (0001) made it, with an event and a commitment."""
    empty_database(database_url)
    raw = create_engine(normalise_url(database_url))
    with raw.begin() as connection:
        command.upgrade(migration_config(connection), "0001")
        insert_event(connection)
        connection.execute(text(
            "INSERT INTO commitment (id, event_id, who, what, status, progress, created_at) "
            "VALUES (7, 1, 'Amina', 'Appeler le CPAS', 'in_progress', 50, :now)"), {"now": NOW})
    raw.dispose()


def test_previous_schema_is_upgraded_at_start_with_its_data(database_url):
    previous_version_with_data(database_url)
    engine = get_engine(database_url)  # what the app does at start
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        assert {"roundclock", "delivery", "alembic_version"} <= tables
        row = connection.execute(text("SELECT who, what, status, progress, source, "
                                      "carried_from FROM commitment")).one()
        assert tuple(row) == ("Amina", "Appeler le CPAS", "in_progress", 50, "legacy-7", "")
        assert connection.execute(text("SELECT name FROM event")).scalar() == "Partner Day 2026"
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        token, months = connection.execute(text(
            "SELECT c.token, e.followup_months FROM commitment c JOIN event e ON "
            "e.id = c.event_id")).one()
    assert version == "0018"
    assert len(token) >= 22  # the commitment's own update link, filled by 0006
    assert (months if isinstance(months, list) else json.loads(months)) == [1, 3, 6]


def test_a_database_from_before_migrations_is_recognised(database_url):
    previous_version_with_data(database_url)
    raw = create_engine(normalise_url(database_url))
    with raw.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    raw.dispose()
    engine = get_engine(database_url)
    with engine.connect() as connection:
        assert "roundclock" in inspect(connection).get_table_names()


def test_migrations_match_the_models_and_go_back(database_url):
    empty_database(database_url)
    engine = get_engine(database_url)
    with engine.begin() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []  # no change without migration
        command.downgrade(migration_config(connection), "0001")
        assert "roundclock" not in inspect(connection).get_table_names()
        command.upgrade(migration_config(connection), "head")
        assert "roundclock" in inspect(connection).get_table_names()


def test_a_database_made_by_create_all_of_these_models_is_taken_as_current(database_url):
    empty_database(database_url)
    raw = create_engine(normalise_url(database_url))
    SQLModel.metadata.create_all(raw)
    raw.dispose()
    engine = get_engine(database_url)  # must not try to create the tables again
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == "0018"


def test_participants_of_an_older_database_get_first_and_last_names(database_url):
    """Nobody is lost, and a surname typed first in capitals does not stay on the screens."""
    empty_database(database_url)
    raw = create_engine(normalise_url(database_url))
    with raw.begin() as connection:
        command.upgrade(migration_config(connection), "0002")
        insert_event(connection)
        connection.execute(text("INSERT INTO organisation (id, event_id, name, key, services, "
                                "themes) VALUES (1, 1, 'CPAS', 'cpas', '', '[]')"))
        for pid, name in enumerate(["DUPONT Marie", "Amina Benali", "EL AMRANI Fatima",
                                    "Jef"], start=1):
            connection.execute(text(
                "INSERT INTO participant (id, event_id, organisation_id, name, role, email, "
                "language, token, created_at) VALUES (:id, 1, 1, :name, 'user', '', 'fr', "
                ":token, :now)"), {"id": pid, "name": name, "token": f"t{pid}", "now": NOW})
    raw.dispose()
    engine = get_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, first_name, last_name FROM participant "
                                       "ORDER BY id")).all()
        is_demo = connection.execute(text("SELECT is_demo FROM event")).scalar()
    assert [tuple(r) for r in rows] == [("Marie DUPONT", "Marie", "DUPONT"),
                                        ("Amina Benali", "Amina", "Benali"),
                                        ("Fatima EL AMRANI", "Fatima", "EL AMRANI"),
                                        ("Jef", "Jef", "")]
    assert not is_demo
