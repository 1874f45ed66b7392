"""Tables tournantes: circles of 5 to 8 dealt for the most new cross-organisation pairs,
with the bound that proves a round optimal (partnerday/mixing.py)."""

from itertools import combinations

import pytest

from partnerday.mixing import MixingRefused, MixingSettings, circle_sizes, new_pairs, pair, \
    plan_rounds, random_rounds, round_bound


def test_circles_are_as_few_and_as_even_as_the_sizes_allow():
    assert circle_sizes(150, 6, 7) == [7] * 18 + [6] * 4
    assert circle_sizes(40, 5, 8) == [8] * 5
    assert circle_sizes(41, 5, 8) == [7] * 5 + [6]
    with pytest.raises(MixingRefused, match="au moins 6"):
        circle_sizes(5, 6, 7)
    with pytest.raises(MixingRefused, match="de 5 à 8"):
        circle_sizes(40, 4, 8)
    with pytest.raises(MixingRefused, match="élargissez"):
        circle_sizes(15, 8, 8)  # two circles of 7 and 8, or one of 15: none of 8 only


def test_twelve_strangers_two_rounds_reach_the_bound_a_hand_count_gives():
    """12 people of 12 organisations, two circles of 6. Round 1: all 30 pairs new. Round 2:
    each circle has people of both round-1 circles, at best 3 and 3, so 2 × 3 pairs met
    again in each: 30 - 12 = 18 at most, and the search finds them."""
    organisation_of = {p: f"org{p}" for p in range(1, 13)}
    plan = plan_rounds(organisation_of, set(), MixingSettings(2, 6, 6, 5.0))
    assert [(f.new_pairs, f.bound) for f in plan.figures] == [(30, 30), (18, 18)]
    assert all(f.proven_optimal for f in plan.figures)
    first = {p: n for n, c in enumerate(plan.rounds[0]) for p in c}
    assert all(sorted(first[p] for p in c) == [0, 0, 0, 1, 1, 1] for c in plan.rounds[1])


def test_the_plan_beats_a_random_draw_and_its_figures_are_its_circles():
    import random

    rng = random.Random(3)
    organisation_of = {p: f"org{rng.randrange(12)}" for p in range(1, 91)}
    order = sorted(organisation_of)
    rng.shuffle(order)
    tables = [order[i:i + 8] for i in range(0, 90, 8)]
    met = {pair(a, b) for t in tables for a, b in combinations(t, 2)}
    cliques = [{p: n for n, t in enumerate(tables) for p in t}]
    settings = MixingSettings(3, 6, 7, 5.0)
    plan = plan_rounds(organisation_of, met, settings, cliques=cliques)
    known, drawn_known, drawn = set(met), set(met), 0
    for circles, figures, randoms in zip(plan.rounds, plan.figures,
                                         random_rounds(organisation_of, settings, rng)):
        assert sorted(p for c in circles for p in c) == sorted(organisation_of)
        assert all(6 <= len(c) <= 7 for c in circles)
        assert figures.new_pairs == new_pairs(circles, organisation_of, known) <= figures.bound
        known |= {pair(a, b) for c in circles for a, b in combinations(c, 2)}
        drawn += new_pairs(randoms, organisation_of, drawn_known)
        drawn_known |= {pair(a, b) for c in randoms for a, b in combinations(c, 2)}
    assert sum(f.new_pairs for f in plan.figures) > drawn * 1.1


def test_the_bound_counts_the_clashes_no_dealing_avoids():
    people = list(range(1, 15))
    groups = {p: p % 2 for p in people}  # two working groups of 7
    # two circles of 7 from two cliques: at best 4 + 3, i.e. 6 + 3 = 9 pairs met each
    assert round_bound([7, 7], people, [groups]) == 2 * 21 - 2 * 9
    assert round_bound([7, 7], people, [{}]) == 42  # nobody met: everyone alone
    with pytest.raises(MixingRefused, match="1 à 4"):
        plan_rounds({p: "x" for p in people}, set(), MixingSettings(5, 5, 8))


def test_rounds_for_a_demo_day_are_stored_shown_and_counted_as_encounters(engine):
    """Through the services, on SQLite and PostgreSQL: every person present sits in one
    circle a round; what the plan promised is what the encounters then measure."""
    from partnerday.db import session_scope
    from partnerday.demo import create_demo_at_stage
    from partnerday.encounters import event_encounters
    from partnerday.models import Event, MixingRound, Participant
    from partnerday.services import day, people, screens
    from sqlmodel import select

    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        present = set(session.exec(select(Participant.id).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))))
    seen = []
    plan = day.plan_mixing(engine, event.id, MixingSettings(2, 6, 7, 5.0), seen.append)
    with session_scope(engine) as session:
        rows = session.exec(select(MixingRound).where(MixingRound.event_id == event.id)
                            .order_by(MixingRound.number)).all()
        found = event_encounters(session, session.get(Event, event.id))
    assert [r.number for r in rows] == [1, 2]
    for row, figures in zip(rows, plan.figures):
        assert {int(p) for p in row.assignment} == present
        assert row.figures["new_pairs"] == figures.new_pairs <= row.figures["bound"]
        assert row.figures["new_pairs"] > row.figures["random_new_pairs"]
    assert [found.first_met_at[f"tables tournantes, tour {n}"] for n in (1, 2)] == [
        f.new_pairs for f in plan.figures]
    someone = next(iter(present))
    shared = people.shared_room(engine)
    assert len(shared.mixing[someone]) == 2 and shared.mixing_stamp
    from partnerday.services import preparation
    first, second = shared.mixing[someone]
    assert (f"Tables tournantes : tour 1 cercle {first}, tour 2 cercle {second}"
            in preparation.person_record(engine, someone))  # their right of access
    board = screens.mixing(engine, event.id)
    assert (board.round, board.rounds) == (1, 2)
    assert sum(len(names) for _, names in board.circles) == len(present)
    day.show_mixing_round(engine, event.id, 2)
    assert screens.mixing(engine, event.id).round == 2
    assert screens.chosen_screen(engine, event.id) == "mixing"
    again = day.plan_mixing(engine, event.id, MixingSettings(1, 5, 8, 5.0))
    assert len(again.rounds) == 1 and len(screens.mixing(engine, event.id).circles) >= 1
    assert people.shared_room(engine).mixing_stamp != shared.mixing_stamp  # phones redraw


def test_the_circles_signs_print_one_folded_card_a_circle(tmp_path):
    import subprocess

    from partnerday.printing import table_cards_pdf

    path = tmp_path / "cercles.pdf"
    path.write_bytes(table_cards_pdf([1, 2, 3], "Partner Day 2027", "Cercle"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) == 3
    assert all("Cercle" in p and "Table" not in p for p in pages if p.strip())


def test_latecomers_join_a_circle_each_round_and_nobody_else_moves(engine):
    from partnerday.db import session_scope
    from partnerday.demo import create_demo_at_stage
    from partnerday.models import MixingRound, Participant
    from partnerday.services import day, people
    from sqlmodel import select

    from partnerday.mixing import place_latecomers

    # plain: the latecomer goes where they know nobody, the smallest circle first
    rounds = [[[1, 2, 3], [4, 5]]]
    organisation_of = {1: "A", 2: "B", 3: "C", 4: "A", 5: "D", 6: "A"}
    # one colleague (of A) in each circle: a tie, the smaller circle
    assert place_latecomers(rounds, [6], organisation_of, set(), 5) == [[[1, 2, 3], [4, 5, 6]]]
    # 6 met 4 and 5 at breakfast: two clashes there, one (colleague 1) in the other circle
    assert place_latecomers(rounds, [6], organisation_of, {(4, 6), (5, 6)}, 5) == [
        [[1, 2, 3, 6], [4, 5]]]
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        late = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_(None))).all()[:2]
    day.plan_mixing(engine, event.id, MixingSettings(2, 6, 7, 5.0))
    with session_scope(engine) as session:
        before = {r.number: dict(r.assignment) for r in session.exec(select(MixingRound))}
    stamp = people.shared_room(engine).mixing_stamp
    for person in late:
        day.check_in(engine, person.id)
    assert day.mixing_page(engine, event.id).latecomers == 2
    assert day.place_mixing_latecomers(engine, event.id) == 2
    page = day.mixing_page(engine, event.id)
    assert page.latecomers == 0
    for row in page.rounds:
        after = dict(row.assignment)
        assert {k: v for k, v in after.items() if k in before[row.number]} == before[row.number]
        assert all(str(p.id) in after for p in late)
        assert row.figures["new_pairs"] <= row.figures["bound"]
        assert max(list(after.values()).count(c) for c in set(after.values())) <= 7
    assert people.shared_room(engine).mixing_stamp != stamp  # open phones are drawn again
