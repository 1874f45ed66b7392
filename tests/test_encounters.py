"""Encounters: who met whom across organisations, on a small day checked by hand, then read
from the database (SQLite and PostgreSQL), before and after the event's anonymisation."""

from sqlmodel import select

from partnerday.db import session_scope
from partnerday.encounters import BREAKFAST, GROUPS, MERGED, Activity, circle_layout, \
    event_encounters, measure
from partnerday.models import BreakfastTable, Event, Participant, WorkGroup
from partnerday.privacy import anonymise_event
from partnerday.registration import Registration
from partnerday.services import preparation

# 1, 2 of A; 3, 4 of B; 5 of C; 6 of D; 7 of E, at a table of their own and in no group
ORGANISATION = {1: "A", 2: "A", 3: "B", 4: "B", 5: "C", 6: "D", 7: "E"}
TABLES = [[1, 3, 5], [2, 4, 6], [7]]
GROUPS_ = [[1, 2, 3], [4, 5, 6]]


def test_a_small_day_counted_by_hand():
    found = measure(ORGANISATION, [Activity(BREAKFAST, TABLES), Activity(GROUPS, GROUPS_)])
    # breakfast: 1-3, 1-5, 3-5, 2-4, 2-6, 4-6; the groups add 2-3, 4-5, 5-6 (1-2 is A-A)
    assert found.cross_pairs == 9
    assert found.first_met_at == {BREAKFAST: 6, GROUPS: 3}
    assert (found.people, found.organisations) == (7, 5)
    # of the 10 pairs among A..E, E met nobody: the 6 pairs among A..D all met
    assert (found.organisation_pairs, found.organisation_pairs_met) == (10, 6)
    assert found.share_of_organisation_pairs == 0.6
    # 1: B, C · 2: B, D · 3: A, C · 4: A, D, C · 5: A, B, D · 6: A, B, C · 7: none
    assert found.distribution == {0: 1, 2: 3, 3: 3}
    assert found.links == {("A", "B"): 3, ("B", "C"): 2, ("A", "C"): 1, ("A", "D"): 1,
                           ("B", "D"): 1, ("C", "D"): 1}
    assert found.sizes == {"A": 2, "B": 2, "C": 1, "D": 1, "E": 1}


def test_a_merge_adds_only_the_pairs_not_met_yet():
    found = measure(ORGANISATION, [Activity(BREAKFAST, TABLES), Activity(GROUPS, GROUPS_),
                                   Activity(MERGED, [[1, 2, 3, 4, 5, 6]])])
    # the 15 pairs among 1..6 less 1-2 (same organisation) less 3-4 (same): 13 cross, 4 new
    assert found.cross_pairs == 13 and found.first_met_at[MERGED] == 4


def test_nobody_met_nobody_and_the_map_keeps_its_places():
    empty = measure({}, [Activity(BREAKFAST, [])])
    assert empty.is_empty and empty.share_of_organisation_pairs is None
    layout = circle_layout({"A": 3, "B": 2, "C": 1, "D": 1})
    assert layout == circle_layout({"A": 3, "B": 2, "C": 1, "D": 1})
    assert abs(layout["A"][0]) < 1e-9 and layout["A"][1] == 1.0  # the largest at the top
    assert len({(round(x, 6), round(y, 6)) for x, y in layout.values()}) == 4


def small_day(engine, name: str = "PD", day=None) -> int:
    """The hand-checked day above, in the database: its tables and its groups."""
    rows = [Registration(line=i + 1, first_name=f"Prénom{i}", last_name=f"NOM{i}",
                         organisation=ORGANISATION[i]) for i in sorted(ORGANISATION)]
    event_id = preparation.import_into_new_event(engine, name, day, rows)
    with session_scope(engine) as session:
        people = {int(p.first_name[6:]): p for p in session.exec(
            select(Participant).where(Participant.event_id == event_id))}
        for number, circle in enumerate(TABLES, 1):
            table = BreakfastTable(event_id=event_id, number=number, capacity=8)
            session.add(table)
            session.flush()
            for pid in circle:
                people[pid].table_id = table.id
        for number, circle in enumerate(GROUPS_, 1):
            group = WorkGroup(event_id=event_id, number=number,
                              token=f"{name[:4]}{number}".ljust(22, "x"))
            session.add(group)
            session.flush()
            for pid in circle:
                people[pid].group_id = group.id
        for person in people.values():
            session.add(person)
    return event_id


def test_the_day_read_from_the_database_survives_anonymisation(engine):
    event_id = small_day(engine)
    with session_scope(engine) as session:
        before = event_encounters(session, session.get(Event, event_id))
    assert (before.cross_pairs, before.organisation_pairs_met, before.distribution) == (
        9, 6, {0: 1, 2: 3, 3: 3})
    with session_scope(engine) as session:
        anonymise_event(session, event_id)
    with session_scope(engine) as session:
        after = event_encounters(session, session.get(Event, event_id))
    assert after == before  # no name is needed: last year's figures stay comparable


def test_the_report_and_the_dashboard_show_the_encounters_beside_last_year(engine):
    from datetime import date

    from partnerday.services import afterwards, day

    last_year = small_day(engine, "Partner Day 2026", date(2026, 1, 29))
    with session_scope(engine) as session:
        anonymise_event(session, last_year)  # as a year later: the figures stay
    this_year = small_day(engine, "Partner Day 2027", date(2027, 1, 28))
    view = day.encounters(engine, links_current(engine))
    assert view.now.cross_pairs == 9 and view.previous_name == "Partner Day 2026"
    assert view.previous == view.now  # the same day, twice
    files = afterwards.report(engine, this_year)
    part = files.report.encounters
    assert part is not None and part.map_png.startswith(b"\x89PNG")
    assert part.lines()[:2] == [
        "9 paires de personnes de structures différentes se sont rencontrées (6 au petit "
        "déjeuner, 3 dans les groupes de travail).",
        "6 paires de structures sur 10 se sont rencontrées par au moins une personne "
        "(60\u00a0%)."]
    assert "L'an dernier (« Partner Day 2026 »)" in part.lines()[-1]
    headers, rows = part.spread()
    assert headers[-1] == "L'an dernier"
    assert rows == [["0", "1 (14\u00a0%)", "14\u00a0%"], ["2", "3 (43\u00a0%)", "43\u00a0%"],
                    ["3", "3 (43\u00a0%)", "43\u00a0%"]]
    text = files.page.split("id='rencontres'")[1].split("<img")[0]
    assert "9 paires de personnes" in text and "NOM" not in text and "Prénom" not in text
    without = afterwards.report(engine, this_year, ["cases"])
    assert without.report.encounters is None and "id='rencontres'" not in without.page


def links_current(engine):
    from partnerday.services import links

    return links.the_current_event(engine)


def test_the_people_one_met_keep_their_choices_on_names_and_emails(engine):
    """No email is shown without its owner's choice (and the reader's, in return); a service
    user is in nobody's list until they choose to be; never a last name."""
    from partnerday.contacts import vcards
    from partnerday.services import people

    event_id = small_day(engine)
    with session_scope(engine) as session:
        by_number = {int(p.first_name[6:]): p for p in session.exec(
            select(Participant).where(Participant.event_id == event_id))}
        for number, person in by_number.items():
            person.email = f"p{number}@example.org"
            session.add(person)
        by_number[5].role = "user"  # 5 met 1, 3 (breakfast), 4, 6 (group)
        session.add(by_number[5])
    ids = {n: p.id for n, p in by_number.items()}

    seen = people.people_met(engine, ids[1])  # 1 met 3, 5 at breakfast, 2, 3 in the group
    assert [(p.first_name, p.where) for p in seen.people] == [
        ("Prénom2", [GROUPS]), ("Prénom3", [BREAKFAST, GROUPS])]  # 5, a service user: not
    assert not any(p.email for p in seen.people) and not seen.shares_email
    assert "NOM" not in repr(seen)

    people.set_met_choices(engine, ids[3], shares_email=True, listed=True)
    assert not any(p.email for p in people.people_met(engine, ids[1]).people)  # 1 shares not
    people.set_met_choices(engine, ids[1], shares_email=True, listed=True)
    emails = {p.first_name: p.email for p in people.people_met(engine, ids[1]).people}
    assert emails == {"Prénom2": "", "Prénom3": "p3@example.org"}  # 2 did not choose to

    people.set_met_choices(engine, ids[5], shares_email=False, listed=True)
    assert "Prénom5" in [p.first_name for p in people.people_met(engine, ids[1]).people]
    assert people.people_met(engine, ids[5]).is_service_user

    cards = vcards(people.people_met(engine, ids[1]).people, "PD;\nBEGIN:VCARD")
    lines = cards.split("\r\n")
    assert lines.count("BEGIN:VCARD") == 1  # one card: a typed name adds no line
    assert "EMAIL;TYPE=INTERNET:p3@example.org" in lines
    assert any(line.startswith("NOTE:") and "PD\\;\\nBEGIN" in line for line in lines)

    people.set_met_choices(engine, ids[3], shares_email=False, listed=False)
    assert "Prénom3" not in [p.first_name for p in people.people_met(engine, ids[1]).people]


def test_the_merge_for_encounters_keeps_the_cases_and_pairs_strangers():
    from partnerday.encounters import merge_for_encounters

    assigned = {1: [0], 2: [1], 3: [0], 4: [1]}  # 1+2 and 3+4, or 1+4 and 2+3: 4 cases each
    members = {1: [1], 2: [2], 3: [3], 4: [4]}
    organisation_of = {1: "A", 2: "A", 3: "B", 4: "B"}
    choice = merge_for_encounters(assigned, members, organisation_of, met=set())
    assert choice.pairs == [(1, 4), (2, 3)]  # A meets B twice; 1+2 and 3+4 stay within
    assert (choice.new_pairs, choice.coverage, choice.pairings, choice.by_cases_only) == (
        2, 4, 2, 0)
    # 1 and 4 met at breakfast: only 2-3 is new, still better than 1+2, 3+4 (none)
    again = merge_for_encounters(assigned, members, organisation_of, met={(1, 4)})
    assert again.pairs == [(1, 4), (2, 3)] and again.new_pairs == 1
    # 1+3 and 2+4 cover only 2 cases: never chosen, whatever the encounters
    members = {1: [1], 2: [3], 3: [4], 4: [2]}
    organisation_of = {1: "A", 2: "A", 3: "B", 4: "B"}
    assert merge_for_encounters(assigned, members, organisation_of, set()).coverage == 4


def test_the_demo_day_merges_for_more_new_encounters(engine):
    from partnerday.demo import create_demo_at_stage
    from partnerday.services import links

    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        event.rounds_mode = "merge"
        session.add(event)
    choice = preparation.merge_for_encounters(engine, event.id)
    assert choice.new_pairs >= choice.by_cases_only and choice.pairings >= 1
    stored = links.the_current_event(engine)
    assert [tuple(p) for p in stored.merge_pairs] == choice.pairs
    with session_scope(engine) as session:
        merged = event_encounters(session, session.get(Event, event.id))
    assert merged.first_met_at[MERGED] == choice.new_pairs  # what the merge promised


def test_a_contacts_note_says_where_one_met_in_the_readers_language():
    from partnerday import i18n
    from partnerday.contacts import vcards
    from partnerday.encounters import BREAKFAST, GROUPS, MetPerson

    met = [MetPerson("Lotte", "CPAS de Forest", [BREAKFAST, GROUPS], "lotte@example.org")]
    assert ("NOTE:Rencontré·e au PD 2027 : au petit déjeuner\\, dans les groupes de travail"
            in vcards(met, "PD 2027").split("\r\n"))
    with i18n.speaking("nl"):  # the phone page of a Dutch reader
        note = next(line for line in vcards(met, "PD 2027").split("\r\n")
                    if line.startswith("NOTE:"))
    assert note.startswith("NOTE:Ontmoet op PD 2027: bij het ontbijt\\, ")
