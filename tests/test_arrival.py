"""Check-in, seats, walk-ins and the organisers' desk, on SQLite and PostgreSQL; concurrent
check-ins from several processes."""

import math
import random
from collections import Counter

import pytest
from sqlmodel import select

from partnerday.arrival import ArrivalRefused, arrivals_by_organisation, arrivals_frame, \
    check_in, move_to_table, register_walk_in, seating_plan, undo_check_in
from partnerday.db import dispose_engine, get_engine, session_scope
from partnerday.demo import ensure_demo_event
from partnerday.events import create_event
from partnerday.models import BreakfastTable, Event, Participant
from partnerday.registration import import_registrations, read_registrations
from tests.processes import run_together


def make_event(engine, people: int, organisations: int, expected: int | None = None,
               table_max: int = 8) -> Event:
    lines = ["nom;structure"] + [f"Personne {i};Structure {i % organisations}"
                                 for i in range(people)]
    with session_scope(engine) as session:
        event = create_event(session, "Jour J", expected_attendance=expected or people,
                             table_max=table_max, checkin_open=True)
        preview = read_registrations("\n".join(lines).encode(), "f.csv")
        import_registrations(session, event.id, preview.rows_to_import())
    return event


def participant_ids(engine, event_id):
    with session_scope(engine) as session:
        return list(session.exec(select(Participant.id).where(Participant.event_id == event_id)
                                 .order_by(Participant.id)))


def occupancy(engine, event_id) -> dict[int, tuple[int, list[int]]]:
    """table number -> (capacity, organisation ids seated)"""
    with session_scope(engine) as session:
        tables = {t.id: t for t in session.exec(select(BreakfastTable)
                                                .where(BreakfastTable.event_id == event_id))}
        result = {t.number: (t.capacity, []) for t in tables.values()}
        for table_id, org in session.exec(select(Participant.table_id,
                                                 Participant.organisation_id)
                                          .where(Participant.table_id.is_not(None))):
            result[tables[table_id].number][1].append(org)
    return result


def test_check_in_is_idempotent_and_mixes(engine):
    event = make_event(engine, 40, 5)
    ids = participant_ids(engine, event.id)
    seats = {}
    ties = random.Random(3)
    for pid in ids:
        with session_scope(engine) as session:
            seat = check_in(session, pid, rng=ties)
        assert seat.newly_checked_in
        seats[pid] = seat.table_number
    with session_scope(engine) as session:
        again = check_in(session, ids[0])
    assert (again.table_number, again.newly_checked_in) == (seats[ids[0]], False)
    tables = occupancy(engine, event.id)
    assert len(tables) == 5  # 40 expected, 8 a table
    assert all(len(orgs) == 8 <= capacity for capacity, orgs in tables.values())
    # 8 people of each of 5 organisations: a perfect spread gives 15 colleague pairs; the
    # arrival rule, seating people as they come, gave at most 17 over 2,000 tie-break seeds
    pairs = sum(math.comb(n, 2) for _, orgs in tables.values()
                for n in Counter(orgs).values())
    assert 15 <= pairs <= 17


def test_full_tables_open_a_new_one(engine):
    event = make_event(engine, 20, 4, expected=10, table_max=5)
    for pid in participant_ids(engine, event.id):
        with session_scope(engine) as session:
            check_in(session, pid)
    tables = occupancy(engine, event.id)
    assert sorted(tables) == [1, 2, 3, 4]
    assert all(len(orgs) <= capacity for capacity, orgs in tables.values())


def test_planned_table_is_honoured(engine):
    with session_scope(engine) as session:
        event = create_event(session, "J", expected_attendance=16, checkin_open=True)
        preview = read_registrations("nom;structure;table\nA;X;2\nB;X;2\n".encode(), "f.csv")
        import_registrations(session, event.id, preview.rows_to_import())
    for pid in participant_ids(engine, event.id):
        with session_scope(engine) as session:
            assert check_in(session, pid).table_number == 2


def test_move_undo_and_full_table(engine):
    event = make_event(engine, 10, 10, expected=10, table_max=5)  # two full tables of five
    seats = {}
    for pid in participant_ids(engine, event.id):
        with session_scope(engine) as session:
            seats[pid] = check_in(session, pid).table_number
    mover = next(iter(seats))
    other = 2 if seats[mover] == 1 else 1
    with session_scope(engine) as session:
        with pytest.raises(ArrivalRefused, match="complète"):
            move_to_table(session, mover, other)
        with pytest.raises(ArrivalRefused, match="pas de table 9"):
            move_to_table(session, mover, 9)
    leaving = next(pid for pid, table in seats.items() if table == other)
    with session_scope(engine) as session:
        undo_check_in(session, leaving)
    with session_scope(engine) as session:
        move_to_table(session, mover, other)
    tables = occupancy(engine, event.id)
    assert (len(tables[other][1]), len(tables[seats[mover]][1])) == (5, 4)
    with session_scope(engine) as session:
        frame = arrivals_frame(session, event.id)
        assert session.get(Participant, leaving).checked_in_at is None
    by_org = arrivals_by_organisation(frame)
    assert frame["checked_in_at"].notna().sum() == 9
    assert (by_org["arrives"].sum(), by_org["inscrits"].sum()) == (9, 10)


def test_walk_in_rules(engine):
    event = ensure_demo_event(engine)
    with session_scope(engine) as session:
        before = len(session.exec(select(Participant)).all())
        for first, last, org, message in (
                ("", "Seul-Nom", "ASBL", "Prénom manquant"),
                ("x" * 10_000, "", "ASBL", "trop long"),
                ("Amina", "Hermans", "maison de l'emploi de FOREST", "déjà"),
                ("Nouvelle", "", "", "Structure manquante")):
            with pytest.raises(ArrivalRefused, match=message):
                register_walk_in(session, session.get(Event, event.id), first, org,
                                 last_name=last)
        person = register_walk_in(session, session.get(Event, event.id), "Nouvelle",
                                  "ASBL Inconnue", "usager", "nv@example.org", "VENUE")
        assert person.role == "user" and len(person.token) >= 22
        assert (person.first_name, person.last_name, person.name) == ("Nouvelle", "VENUE",
                                                                      "Nouvelle VENUE")
        with pytest.raises(ArrivalRefused, match="déjà"):
            register_walk_in(session, session.get(Event, event.id), "nouvelle",
                             "asbl inconnue", last_name="venue")
    with session_scope(engine) as session:
        assert len(session.exec(select(Participant)).all()) == before + 1


def test_seating_plan_shows_first_names_only(engine):
    """Two Maries at one table are told apart by the worker's initial; the service user's
    last name (nor its initial) is never shown."""
    lines = ["Prénom;Nom;Structure;Rôle", "Amina;EL AMRANI;CPAS de Forest;travailleur",
             "Marie;DUPONT;CPAS de Forest;usager", "Marie;Claes;Mission locale;travailleur",
             "Jef;;Mission locale;usager"]
    with session_scope(engine) as session:
        event = create_event(session, "Jour J", expected_attendance=4, checkin_open=True)
        preview = read_registrations("\n".join(lines).encode(), "f.csv")
        import_registrations(session, event.id, preview.rows_to_import())
    for pid in participant_ids(engine, event.id):
        with session_scope(engine) as session:
            check_in(session, pid)
    with session_scope(engine) as session:
        plan = seating_plan(session, event.id)
    assert [names for _, _, names in plan] == [["Amina", "Jef", "Marie", "Marie C."]]


def _check_in_all(url: str, ids: list[int]) -> list[tuple[int, int]]:
    engine = get_engine(url)
    seats = []
    for pid in ids:
        with session_scope(engine) as session:
            seats.append((pid, check_in(session, pid).table_number))
    dispose_engine(url)
    return seats


def run_concurrently(url: str, batches: list[list[int]]) -> list[tuple[int, int]]:
    answers = run_together(_check_in_all, [(url, batch) for batch in batches])
    return [seat for seats in answers for seat in seats]


def test_concurrent_check_ins_from_several_processes(engine, database_url):
    event = make_event(engine, 60, 6, expected=48, table_max=6)  # 8 tables laid, 60 arrive
    ids = participant_ids(engine, event.id)
    seats = run_concurrently(database_url, [ids[i::4] for i in range(4)])
    assert sorted(pid for pid, _ in seats) == ids
    tables = occupancy(engine, event.id)
    assert sum(len(orgs) for _, orgs in tables.values()) == 60  # one seat each
    assert all(len(orgs) <= capacity for capacity, orgs in tables.values())
    assert len(tables) == 10
    assert dict(Counter(n for _, n in seats)) == {n: len(o) for n, (_, o) in tables.items()}


def test_one_person_on_two_phones_gets_one_seat(engine, database_url):
    event = make_event(engine, 12, 3)
    pid = participant_ids(engine, event.id)[0]
    seats = run_concurrently(database_url, [[pid], [pid], [pid], [pid]])
    assert len({table for _, table in seats}) == 1
    assert sum(len(orgs) for _, orgs in occupancy(engine, event.id).values()) == 1


def test_table_numbers_are_read_without_laying_tables(engine):
    """Printing the table cards before the doors open lays nothing: the doors do."""
    from partnerday.arrival import lay_tables, table_numbers

    event = make_event(engine, 20, 4, expected=30, table_max=8)
    with session_scope(engine) as session:
        assert table_numbers(session, session.get(Event, event.id)) == [1, 2, 3, 4]
        assert not session.exec(select(BreakfastTable)).all()
        lay_tables(session, session.get(Event, event.id))
        assert table_numbers(session, session.get(Event, event.id)) == [1, 2, 3, 4]
        assert len(session.exec(select(BreakfastTable)).all()) == 4


def test_the_printouts_page_writes_nothing(app_env):
    from tests.conftest import PASSWORD, log_in, open_app

    open_app()
    at = log_in(open_app("pages/printouts.py"), PASSWORD)
    assert not at.exception
    assert "10 chevalets (un par table)" in " ".join(c.value for c in at.caption)  # 80 / 8
    with session_scope(get_engine(app_env)) as session:
        assert not session.exec(select(BreakfastTable)).all()


def test_walk_ins_only_while_the_doors_are_open_and_not_in_bursts(engine):
    from partnerday.arrival import WALK_INS_PER_MINUTE

    with session_scope(engine) as session:
        event = create_event(session, "PD", checkin_open=False)
        with pytest.raises(ArrivalRefused, match="ouvre avec l'accueil"):
            register_walk_in(session, event, "Léa", "ASBL")
        event.checkin_open = True
        session.add(event)
        for number in range(WALK_INS_PER_MINUTE):
            person = register_walk_in(session, event, f"Personne{number}", "ASBL")
            assert person.walk_in and person.confirmed_at is None
        with pytest.raises(ArrivalRefused, match="réessayez dans une minute"):
            register_walk_in(session, event, "Une de trop", "ASBL")


def test_a_walk_in_gets_the_report_and_the_directory_only_once_confirmed(engine):
    from partnerday.arrival import confirm_walk_ins, walk_ins_to_confirm
    from partnerday.directory import entries, listed_names
    from partnerday.mailing import pending_recipients

    with session_scope(engine) as session:
        event = create_event(session, "PD", checkin_open=True)
        preview = read_registrations("nom;structure;email\nAmina Benali;CPAS;a@example.org\n"
                                     .encode(), "f.csv")
        import_registrations(session, event.id, preview.rows)
        walk_in = register_walk_in(session, event, "Inconnu", "Structure Nouvelle", "",
                                   "quelquun@example.org")
        assert [r.email for r in pending_recipients(session, event.id)] == ["a@example.org"]
        assert [e.name for e in entries(session, event.id)] == ["CPAS"]
        everyone = {p.organisation_id for p in session.exec(select(Participant))}
        assert list(listed_names(session, event.id, everyone).values()) == ["CPAS"]  # a save's
        assert [row[0] for row in walk_ins_to_confirm(session, event.id)] == [walk_in.id]
        assert confirm_walk_ins(session, event.id, [walk_in.id]) == 1
        assert sorted(r.email for r in pending_recipients(session, event.id)) == [
            "a@example.org", "quelquun@example.org"]
        assert [e.name for e in entries(session, event.id)] == ["CPAS", "Structure Nouvelle"]
        assert sorted(listed_names(session, event.id, everyone).values()) == [
            "CPAS", "Structure Nouvelle"]
        assert walk_ins_to_confirm(session, event.id) == []
