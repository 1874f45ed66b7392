"""Lists in reading order (partnerday/sorting.py): accents and case break ties only, as in a
French or Dutch dictionary, on SQLite and PostgreSQL alike (neither database's own order does
it: SQLite compares bytes)."""

from partnerday.arrival import arrivals_frame
from partnerday.db import session_scope
from partnerday.events import create_event
from partnerday.models import Participant
from partnerday.organisations import get_or_create_organisation, list_organisations
from partnerday.participants import participants_frame
from partnerday.sorting import by_name

NAMES = ["Zoé", "Élodie", "Emma", "elise", "Çelik", "Cedric", "Ölçer", "Oscar"]
READING_ORDER = ["Cedric", "Çelik", "elise", "Élodie", "Emma", "Ölçer", "Oscar", "Zoé"]


def test_accents_and_case_only_break_ties():
    assert by_name(NAMES) == READING_ORDER
    assert sorted(NAMES, key=str.casefold) != READING_ORDER  # what the lists did before
    people = [("ASBL Écoute", "Zoé"), ("Actiris", "Marc"), ("ASBL Écoute", "Ali")]
    assert by_name(people, lambda p: p[0], lambda p: p[1]) == [
        ("Actiris", "Marc"), ("ASBL Écoute", "Ali"), ("ASBL Écoute", "Zoé")]


def test_the_directory_the_desk_and_the_tables_list_in_reading_order(engine):
    with session_scope(engine) as session:
        event = create_event(session, "Partner Day 2027")
        for name in ("Zèbre ASBL", "Équipe Emploi", "Espace Femmes", "entraide Forest"):
            organisation = get_or_create_organisation(session, event.id, name)
            for first in ("Zoé", "Élodie", "Emma"):
                session.add(Participant(event_id=event.id, organisation_id=organisation.id,
                                        name=f"{first} Test", first_name=first,
                                        last_name="Test", token=f"{name[:3]}{first}"))
        session.flush()
        organisations = [o.name for o in list_organisations(session, event.id)]
        desk = list(arrivals_frame(session, event.id)["name"])
        table = participants_frame(session, event.id)
    assert organisations == ["entraide Forest", "Équipe Emploi", "Espace Femmes", "Zèbre ASBL"]
    assert desk[:3] == ["Élodie Test"] * 3 and desk[-3:] == ["Zoé Test"] * 3
    assert list(table["organisation"])[:3] == ["entraide Forest"] * 3
    assert list(table["first_name"])[:3] == ["Élodie", "Emma", "Zoé"]
