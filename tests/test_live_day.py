"""The organisers' view of the day: arrivals in 5-minute steps with French labels, who is
still expected, latecomers placed in the groups with nobody else moved (plain data, then on
SQLite and PostgreSQL), the dashboard's figures."""

from datetime import datetime, timezone

import pandas as pd
from sqlmodel import select

from partnerday import i18n
from partnerday.arrival import arrivals_over_time, check_in, not_arrived
from partnerday.balancing import Member
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.latecomers import groups_for_latecomers
from partnerday.groups import latecomers, place_latecomers, \
    published_assignment
from partnerday.models import BalanceRun, Event, Participant
from partnerday.overview import day_overview


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2027, 1, 28, hour - 1, minute, second, tzinfo=timezone.utc)  # CET


def test_arrivals_come_in_5_minute_steps_labelled_as_a_clock_reads():
    frame = pd.DataFrame({"checked_in_at": [at(8, 1), at(8, 3, 59), at(8, 17), None]})
    steps = arrivals_over_time(frame)
    assert list(steps["heure"]) == ["08 h 00", "08 h 05", "08 h 10", "08 h 15"]  # no gap
    with i18n.speaking("nl"):
        assert list(arrivals_over_time(frame)["heure"])[:2] == ["08:00", "08:05"]
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
    placement = groups_for_latecomers([member(10, "C"), member(11, "A"),
                                       member(12, "B", "user")], groups)
    placed = placement.placed
    assert placement.moved == {} and placement.unmet == 0
    # 10 (C): group 3 is the smallest; then all have two: 11 (A) goes where no A is (3);
    # 12 (B): groups 1 and 2 are the smallest, and 1 has a B already
    assert placed == {10: 3, 11: 3, 12: 2}
    sizes = {n: len(m) + sum(1 for g in placed.values() if g == n) for n, m in groups.items()}
    assert max(sizes.values()) - min(sizes.values()) <= 1


def test_latecomers_keep_the_organisers_rules_and_move_the_fewest():
    from partnerday.balancing import Rules

    def room():
        return {1: [member(1, "A"), member(2, "B")], 2: [member(3, "A")],
                3: [member(5, "C"), member(6, "D")]}
    # pinned to the fullest group, kept with 5 (group 3), kept apart from 3 (not group 2)
    placement = groups_for_latecomers(
        [member(10, "E"), member(11, "E"), member(12, "E")], room(),
        Rules(together=[[11, 5]], apart=[[12, 3]], pins={10: 1}))
    assert placement.placed == {10: 1, 11: 3, 12: 1} and placement.moved == {}
    # two latecomers to keep together: the second follows the first
    assert groups_for_latecomers([member(10, "E"), member(11, "F")], room(),
                                 Rules(together=[[10, 11]])).placed == {10: 2, 11: 2}
    # pinned to group 2 but to be kept apart from 3, who is there: 3 alone moves
    placement = groups_for_latecomers([member(10, "E")], room(),
                                      Rules(apart=[[10, 3]], pins={10: 2}))
    assert placement.placed == {10: 2} and set(placement.moved) == {3}
    assert placement.moved[3] != 2
    # ... unless 3 is pinned there too: nobody moves and the broken rule is counted
    placement = groups_for_latecomers([member(10, "E")], room(),
                                      Rules(apart=[[10, 3]], pins={10: 2, 3: 2}))
    assert placement.placed == {10: 2} and placement.moved == {} and placement.unmet == 1


def test_placing_latecomers_keeps_a_together_rule_of_the_database(engine):
    from partnerday.groups import add_rule

    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        before = published_assignment(session, event.id)
        late = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_(None))
            .order_by(Participant.id)).first()
        partner = max(before, key=lambda pid: before[pid] * 1000 + pid)  # in the last group
        add_rule(session, event.id, "together", [late.id, partner])
        check_in(session, late.id)
        placement = place_latecomers(session, event.id)
        after = published_assignment(session, event.id)
    assert placement.placed == {late.id: before[partner]} and placement.moved == {}
    assert {k: v for k, v in after.items() if k in before} == before


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
        placed = place_latecomers(session, event.id).placed
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
    from pages.projector_tables import tables_layout
    from partnerday.projector import PAGE_SECONDS, page_shown

    assert tables_layout(19) == (7, 1)  # 150 people at tables of 8: 7 columns, 3 rows
    assert tables_layout(21) == (7, 1) and tables_layout(22) == (7, 2)
    assert tables_layout(10) == (4, 1)  # a small room keeps large cards
    assert [page_shown(2, t) for t in (0, PAGE_SECONDS - 1, PAGE_SECONDS, 2 * PAGE_SECONDS)] \
        == [0, 0, 1, 0]


def test_the_pooling_fits_six_groups_in_one_row_and_pages_long_lists():
    from partnerday.findings import FieldState
    from partnerday.merge import CaseWork, GroupWork, ProposalLine, pooling_layout, \
        proposal_pages
    from partnerday.models import Case

    assert pooling_layout(2) == (2, 5) and pooling_layout(6) == (6, 5)
    assert pooling_layout(8) == (6, 2)  # two rows: fewer at a time
    line = ProposalLine(1, "Samir", "Un bilan", "Actiris", "", "", False, "", "", "")
    work = CaseWork(Case(title="Samir"), [GroupWork(1, "", "", [line] * 11),
                                          GroupWork(2, "", "", [line] * 3)], FieldState(), 1)
    assert proposal_pages(work, 5) == 3  # the longest list decides
    assert proposal_pages(CaseWork(Case(title="x"), [], FieldState(), 1), 5) == 1


def test_figures_read_the_french_way_on_the_groups_page_and_in_exports():
    from pages.groups import solver_summary
    from partnerday.formats import number, percent

    assert (number(4.8), number(7.0), number(1250)) == ("4,8", "7", "1\u202f250")
    assert (percent(0.053), percent(0.053, 1)) == ("5\u00a0%", "5,3\u00a0%")
    line = solver_summary({"solver": "CBC", "proven_optimal": False, "gap": 0.053,
                           "objective": 12.5, "bound": 10.25, "seconds": 3.14})
    assert "5,3\u00a0% au plus de l'optimum" in line and "objectif 12,5" in line
    assert "borne 10,25" in line and line.endswith("· 3,1 s")


def test_figures_follow_the_language_of_the_page_or_email_being_written():
    from partnerday import i18n
    from partnerday.formats import chart_separators, number, percent

    with i18n.speaking("nl"):  # Brussels' Dutch: a decimal comma, a dot between thousands
        assert (number(1250.5), percent(0.053, 1), chart_separators()) == (
            "1.250,5", "5,3\u00a0%", ",.")
    with i18n.speaking("en"):  # en_BE writes numbers as Belgium does, not as en_US
        assert number(1250.5) == "1.250,5"
    assert number(1250.5) == "1\u202f250,5"  # the page's French again
    assert number(1250.5, locale="en_US") == "1,250.5"


def test_a_commitment_is_due_on_a_french_date_on_the_pooling_page():
    from datetime import date

    from partnerday.formats import day

    assert day("2027-02-27") == day(date(2027, 2, 27)) == "27/02/2027"
    assert day("fin mars") == "fin mars" and day(None) == ""


def test_the_room_push_watches_the_signature_and_survives_a_failed_read():
    import itertools
    import time as clock

    from partnerday.push import RoomPush, link_has

    assert link_has("p")("p=abc&x=1") and not link_has("p")("g=abc") and not link_has("p")("")
    readings = itertools.count()

    def signature() -> int:
        n = next(readings)
        if n == 2:
            raise OSError("the database is away for a second")
        return n // 3  # changes every third reading

    emptied = []
    push = RoomPush(signature, link_has("p"), every=0.05,
                    on_change=lambda: emptied.append(push.pushes)).start()
    deadline = clock.monotonic() + 5
    while push.pushes < 2 and clock.monotonic() < deadline:
        clock.sleep(0.05)
    assert push.pushes >= 2 and push.running  # changes seen, the failed read shrugged off
    # the pages' cache of the room is emptied before each push, not after
    assert emptied[:2] == [0, 1]
    push.stop()
    assert not push.running and not push.thread.is_alive()
