"""Storage on SQLite and on PostgreSQL: import, edit, merge, backup and restore, persistence."""

import time

import pandas as pd
import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel, select

from partnerday.backup import RestoreRefused, backup_event, restore_event
from partnerday.accounts import ensure_first_account
from partnerday.db import dispose_engine, get_engine, make_engine, session_scope
from partnerday.demo import ensure_demo_event
from partnerday.events import create_event, current_event, list_events, set_current_event
from partnerday.models import Case, Event, Organisation, Participant, Poll, Vote
from partnerday.organisations import merge_organisations, rename_organisation
from partnerday.participants import apply_edits, export_frame, participants_frame
from partnerday.spreadsheet import csv_bytes, excel_bytes
from partnerday.registration import import_registrations, known_people, read_registrations
from tests.conftest import empty_database
from tests.processes import run_together

FILE = ("nom;structure;rôle;email;langue\n"
        "Amina Benali;CPAS d'Anderlecht;travailleur;amina@example.org;fr\n"
        "Jef Claes;  cpas d’ANDERLECHT;usager;;nl\n"
        "Zoé Dupont;Centre public d'action sociale d'Anderlecht;travailleur;zoe@example.org;fr\n"
        "Léa Martin;C.P.A.S.  d'Anderlecht;travailleur;;fr\n"
        "Marc Renard;Mission locale de Forest;animateur;marc@example.org;en\n")


def import_text(session, event_id, content=FILE):
    preview = read_registrations(content.encode(), "f.csv", known_people(session, event_id))
    return import_registrations(session, event_id, preview.rows_to_import())


def comparable(backup):
    """A backup without database ids, to compare two copies of one event."""
    def strip(row):
        return {k: v for k, v in row.items() if k != "id" and not k.endswith("_id")}
    return ({k: v for k, v in backup["event"].items() if k not in ("id", "is_current")},
            {table: sorted((strip(r) for r in rows), key=repr)
             for table, rows in backup["tables"].items()})


def test_import_merges_organisation_spellings(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD")
        created = import_text(session, event.id)
    assert len(created) == 5
    with session_scope(engine) as session:
        orgs = session.exec(select(Organisation).where(Organisation.event_id == event.id)).all()
        assert sorted(o.name for o in orgs) == ["CPAS d'Anderlecht",
                                                "Centre public d'action sociale d'Anderlecht",
                                                "Mission locale de Forest"]
        people = {p.name: p for p in session.exec(select(Participant))}
        first_org = people["Amina Benali"].organisation_id
        assert people["Jef Claes"].organisation_id == first_org
        assert people["Léa Martin"].organisation_id == first_org
        assert people["Jef Claes"].role == "user" and people["Jef Claes"].language == "nl"
        assert len({p.token for p in people.values()}) == 5
        assert all(len(p.token) >= 22 for p in people.values())


def test_second_import_flags_already_registered(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD")
        import_text(session, event.id)
    with session_scope(engine) as session:
        preview = read_registrations(FILE.encode(), "f.csv", known_people(session, event.id))
        assert len(preview.duplicates) == 5 and preview.rows_to_import() == []


def test_merge_and_rename_organisations(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD")
        import_text(session, event.id)
        orgs = {o.name: o.id for o in session.exec(select(Organisation))}
        merge_organisations(session, orgs["CPAS d'Anderlecht"],
                            orgs["Centre public d'action sociale d'Anderlecht"])
    with session_scope(engine) as session:
        names = sorted(o.name for o in session.exec(select(Organisation)))
        assert names == ["CPAS d'Anderlecht", "Mission locale de Forest"]
        frame = participants_frame(session, event.id)
        assert (frame["organisation"] == "CPAS d'Anderlecht").sum() == 4
        with pytest.raises(ValueError, match="existe déjà"):
            rename_organisation(session, orgs["Mission locale de Forest"], "cpas d'anderlecht")
        rename_organisation(session, orgs["Mission locale de Forest"], "Mission locale Forest")
    with session_scope(engine) as session:
        assert session.get(Organisation, orgs["Mission locale de Forest"]).name == \
            "Mission locale Forest"


def test_edit_table_adds_changes_and_removes(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD")
        import_text(session, event.id)
        frame = participants_frame(session, event.id)
    tokens_before = {}
    with session_scope(engine) as session:
        tokens_before = {p.id: p.token for p in session.exec(select(Participant))}
    amina = frame.index[frame["first_name"] == "Amina"][0]
    frame.loc[amina, "email"] = "amina.benali@example.org"
    frame = frame[frame["last_name"] != "Renard"]
    frame = pd.concat([frame, pd.DataFrame([{"id": None, "first_name": "Nouvelle",
                                             "last_name": "Personne",
                                             "organisation": "ASBL Neuve", "role": "usager",
                                             "email": "", "language": "fr",
                                             "breakfast_table": 4}])], ignore_index=True)
    with session_scope(engine) as session:
        result = apply_edits(session, event.id, frame)
    assert (result.created, result.updated, result.deleted, result.problems) == (1, 1, 1, [])
    with session_scope(engine) as session:
        people = {p.name: p for p in session.exec(select(Participant))}
    assert "Marc Renard" not in people
    assert people["Amina Benali"].email == "amina.benali@example.org"
    assert people["Amina Benali"].token == tokens_before[people["Amina Benali"].id]
    assert people["Nouvelle Personne"].role == "user"
    assert people["Nouvelle Personne"].planned_table == 4


def test_edit_with_a_bad_row_writes_nothing(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD")
        import_text(session, event.id)
        frame = participants_frame(session, event.id)
    frame.loc[0, "email"] = "pas un email"
    frame.loc[1, "first_name"] = ""
    with session_scope(engine) as session:
        result = apply_edits(session, event.id, frame)
    assert [p.line for p in result.problems] == [1, 2]
    with session_scope(engine) as session:
        assert session.exec(select(Participant).where(Participant.email == "pas un email")
                            ).first() is None
        assert len(session.exec(select(Participant)).all()) == 5


def test_export_reads_back_as_the_same_list(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD")
        import_text(session, event.id)
        exported = export_frame(session, event.id)
    for data, name in ((csv_bytes(exported), "export.csv"),
                       (excel_bytes(exported), "export.xlsx")):
        preview = read_registrations(data, name)
        assert preview.is_clean and not preview.duplicates
        assert sorted((r.name, r.role, r.email, r.language) for r in preview.rows) == [
            ("Amina Benali", "worker", "amina@example.org", "fr"),
            ("Jef Claes", "user", "", "nl"),
            ("Léa Martin", "worker", "", "fr"),
            ("Marc Renard", "facilitator", "marc@example.org", "en"),
            ("Zoé Dupont", "worker", "zoe@example.org", "fr")]


def test_demo_event_on_empty_database_only(engine):
    event = ensure_demo_event(engine)
    assert event is not None
    assert ensure_demo_event(engine) is None
    with session_scope(engine) as session:
        frame = participants_frame(session, event.id)
        assert len(frame) == 80
        assert frame["organisation"].nunique() == 20
        assert set(frame["role"]) == {"worker", "user", "facilitator"}
        assert all(e.endswith("@example.org") for e in frame["email"] if e)
        assert len(session.exec(select(Case).where(Case.event_id == event.id)).all()) == 3
        polls = session.exec(select(Poll).where(Poll.event_id == event.id)).all()
        assert [(p.kind, p.is_open, p.left_label) for p in polls] == [
            ("scale", True, "créer du lien")]
        assert current_event(session).id == event.id


def test_several_events_one_current(engine):
    with session_scope(engine) as session:
        first = create_event(session, "PD 2027")
        second = create_event(session, "PD 2028")
        assert current_event(session).id == second.id
        set_current_event(session, first.id)
    with session_scope(engine) as session:
        assert current_event(session).id == first.id
        assert [e.is_current for e in list_events(session) if e.id == second.id] == [False]
        assert len(list_events(session)) == 2


def test_backup_restore_round_trip_into_an_empty_database(engine, database_url):
    event = ensure_demo_event(engine)
    with session_scope(engine) as session:
        person = session.exec(select(Participant)).first()
        poll = session.exec(select(Poll)).first()
        session.add(Vote(event_id=event.id, poll_id=poll.id, participant_id=person.id,
                         value={"value": 7}))
    with session_scope(engine) as session:
        original = backup_event(session, event.id)
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    with session_scope(engine) as session:
        assert session.exec(select(Event)).first() is None
        restored = restore_event(session, original)
    with session_scope(engine) as session:
        again = backup_event(session, restored.id)
        assert current_event(session).id == restored.id
        vote = session.exec(select(Vote)).one()
        voter = session.get(Participant, vote.participant_id)
        assert voter.token == person.token and vote.value == {"value": 7}
    assert comparable(again) == comparable(original)
    assert {p["token"] for p in again["tables"]["participant"]} == \
        {p["token"] for p in original["tables"]["participant"]}


def test_restore_over_existing_event_refuses_unless_replace(engine):
    event = ensure_demo_event(engine)
    with session_scope(engine) as session:
        original = backup_event(session, event.id)
    with session_scope(engine) as session:
        session.exec(text("UPDATE participant SET name = 'Changé' WHERE id = "
                          f"{original['tables']['participant'][0]['id']}"))
    with pytest.raises(RestoreRefused, match="existe déjà"):
        with session_scope(engine) as session:
            restore_event(session, original)
    with session_scope(engine) as session:
        assert session.exec(select(Participant).where(Participant.name == "Changé")).first()
        restored = restore_event(session, original, replace=True)
    with session_scope(engine) as session:
        assert len(session.exec(select(Event)).all()) == 1
        assert session.exec(select(Participant).where(Participant.name == "Changé")).first() \
            is None
        assert current_event(session).id == restored.id
        assert comparable(backup_event(session, restored.id)) == comparable(original)


def test_data_survives_engine_disposal(database_url):
    engine = get_engine(database_url)
    with session_scope(engine) as session:
        event = create_event(session, "Persistant")
        import_text(session, event.id)
    dispose_engine(database_url)
    fresh = get_engine(database_url)
    assert fresh is not engine
    with Session(fresh) as session:
        assert current_event(session).name == "Persistant"
        assert len(session.exec(select(Participant)).all()) == 5


def _start_a_server(url: str) -> tuple[bool, bool]:
    """What a server does on its first start: schema, organiser password, demo event."""
    engine = make_engine(url)
    try:
        return ensure_first_account(engine, None) is not None, ensure_demo_event(engine) is not None
    finally:
        engine.dispose()


def test_servers_starting_together_on_an_empty_database(database_url):
    empty_database(database_url)
    started = run_together(_start_a_server, [(database_url,)] * 4)
    assert [password for password, _ in started].count(True) == 1
    assert [demo for _, demo in started].count(True) == 1
    with Session(get_engine(database_url)) as session:
        assert len(session.exec(select(Event)).all()) == 1


def test_sqlite_runs_in_wal_mode(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_ten_thousand_row_import(engine, capsys):
    lines = ["name,organisation,role,email"]
    lines += [f"Person {i},Organisation {i % 150},{'user' if i % 3 == 0 else 'worker'},"
              f"p{i}@example.org" for i in range(10_000)]
    with session_scope(engine) as session:
        event = create_event(session, "Grand")
    started = time.perf_counter()
    with session_scope(engine) as session:
        import_text(session, event.id, "\n".join(lines))
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n[timing] importing 10,000 rows into {engine.dialect.name}: {elapsed:.2f} s")
    with session_scope(engine) as session:
        assert len(participants_frame(session, event.id)) == 10_000
        assert len(session.exec(select(Organisation)).all()) == 150
    assert elapsed < 60
