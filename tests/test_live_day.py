"""The organisers' view of the day: arrivals in 5-minute steps with French labels, who is
still expected, latecomers placed in the groups with nobody else moved (plain data, then on
SQLite and PostgreSQL), the dashboard's figures."""

from datetime import datetime, timezone

import pandas as pd
from sqlmodel import select

from partnerday.arrival import arrivals_over_time, check_in, not_arrived
from partnerday.balancing import Member
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.groups import groups_for_latecomers, latecomers, place_latecomers, \
    published_assignment
from partnerday.models import BalanceRun, Event, Participant
from partnerday.overview import day_overview


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2027, 1, 28, hour - 1, minute, second, tzinfo=timezone.utc)  # CET


def test_arrivals_come_in_5_minute_steps_labelled_as_a_clock_reads():
    frame = pd.DataFrame({"checked_in_at": [at(8, 1), at(8, 3, 59), at(8, 17), None]})
    steps = arrivals_over_time(frame)
    assert list(steps["heure"]) == ["8 h 00", "8 h 05", "8 h 10", "8 h 15"]  # no gap
    assert list(steps["arrivées"]) == [2, 0, 0, 1]
    assert list(steps["total"]) == [2, 2, 2, 3]
    assert arrivals_over_time(frame.iloc[3:]).empty


def test_who_is_still_expected_is_searchable_by_name_or_organisation():
    frame = pd.DataFrame({"name": ["Amina Hermans", "Joëlle Martin", "Marc Renard"],
                          "organisation": ["CPAS de Forest", "CPAS de Forest", "ASBL Alpha"],
                          "role": ["worker", "user", "worker"],
                          "checked_in_at": [None, None, at(8, 0)]})
    assert list(not_arrived(frame)["Nom"]) == ["Amina Hermans", "Joëlle Martin"]
    assert list(not_arrived(frame, "joelle")["Nom"]) == ["Joëlle Martin"]  # any accent
    assert list(not_arrived(frame, "cpas forest")["Structure"]) == ["CPAS de Forest"] * 2
    assert list(not_arrived(frame, "renard")["Nom"]) == []  # arrived already
    assert list(not_arrived(frame)["Rôle"]) == ["travailleur·euse", "usager·ère"]


def member(id_: int, organisation: str, role: str = "worker") -> Member:
    return Member(id=id_, organisation=organisation, role=role, language="fr")


def test_latecomers_go_where_they_mix_best_and_nobody_else_moves():
    groups = {1: [member(1, "A"), member(2, "B")], 2: [member(3, "A"), member(4, "C")],
              3: [member(5, "C")]}
    placed = groups_for_latecomers([member(10, "C"), member(11, "A"), member(12, "B", "user")],
                                   groups)
    # 10 (C): group 3 is the smallest; then all have two: 11 (A) goes where no A is (3);
    # 12 (B): groups 1 and 2 are the smallest, and 1 has a B already
    assert placed == {10: 3, 11: 3, 12: 2}
    sizes = {n: len(m) + sum(1 for g in placed.values() if g == n) for n, m in groups.items()}
    assert max(sizes.values()) - min(sizes.values()) <= 1


def test_placing_latecomers_moves_no_one_else_and_survives_a_new_publish(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        before = published_assignment(session, event.id)
        waiting = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_(None))
            .order_by(Participant.id)).all()[:3]
        for person in waiting:
            check_in(session, person.id)
        assert [m.id for m in latecomers(session, event.id)] == [p.id for p in waiting]
        assert day_overview(session, session.get(Event, event.id)).without_group == 3
        placed = place_latecomers(session, event.id)
        after = published_assignment(session, event.id)
        run = session.exec(select(BalanceRun).where(BalanceRun.event_id == event.id,
                                                    BalanceRun.published_at.is_not(None))
                           ).one()
        overview = day_overview(session, session.get(Event, event.id))
    assert set(placed) == {p.id for p in waiting}
    assert {k: v for k, v in after.items() if k in before} == before  # nobody else moved
    assert {pid: after[pid] for pid in placed} == placed
    assert all(run.assignment[str(pid)] == n for pid, n in placed.items())
    assert overview.without_group == 0 and overview.groups_published and overview.groups == 6
    sizes = pd.Series(list(after.values())).value_counts()
    assert sizes.max() - sizes.min() <= 2


def test_a_room_of_150_fits_one_screen_of_tables_and_more_turn_pages():
    from pages.projector_tables import PAGE_SECONDS, page_shown, tables_layout

    assert tables_layout(19) == (7, 1)  # 150 people at tables of 8: 7 columns, 3 rows
    assert tables_layout(21) == (7, 1) and tables_layout(22) == (7, 2)
    assert tables_layout(10) == (4, 1)  # a small room keeps large cards
    assert [page_shown(2, t) for t in (0, PAGE_SECONDS - 1, PAGE_SECONDS, 2 * PAGE_SECONDS)] \
        == [0, 0, 1, 0]
