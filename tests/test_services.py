"""The service layer on its own: no Streamlit, each action its own transaction, on SQLite and
PostgreSQL. A day is run here as the pages run it, one service call per action."""

import subprocess
import sys
from datetime import date

import pytest
from sqlmodel import select

from partnerday import i18n

from partnerday.balancing import GroupSettings
from partnerday.db import session_scope
from partnerday.findings import proposal_field, proposals
from partnerday.groups import PRESENT, tablet_language
from partnerday.models import AuditEntry, BalanceRun, Event, Participant, WorkGroup
from partnerday.refusals import Refusal
from partnerday.registration import Registration
from partnerday.services import afterwards, day, links, people, preparation, screens, tablets

SERVICES = ("afterwards", "day", "links", "people", "preparation", "screens", "tablets")


def test_the_services_run_without_streamlit():
    """The command line and the tests call them: importing every one loads no Streamlit."""
    code = ("import sys\n"
            + "".join(f"import partnerday.services.{name}\n" for name in SERVICES)
            + "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip() == "False"


def registrations(count: int) -> list[Registration]:
    organisations = ("CPAS de Forest", "Actiris", "Mission locale", "ASBL Lire et écrire")
    return [Registration(line=i + 2, first_name=f"Prénom{i}", last_name=f"NOM{i}",
                         organisation=organisations[i % len(organisations)],
                         role="user" if i % 5 == 0 else "worker") for i in range(count)]


def test_a_day_runs_through_the_services_alone(engine):
    target = preparation.import_target(engine, "Partner Day 2027")
    assert target.event_id is None  # reading only: the event is made with its rows
    with session_scope(engine) as session:
        assert not session.exec(select(Event)).all()
    event_id = preparation.import_into_new_event(engine, target.name, None, registrations(24))
    event = links.the_current_event(engine)
    assert (event.id, event.name) == (event_id, "Partner Day 2027")
    assert preparation.import_target(engine, None).event_id == event_id

    day.set_doors(engine, event_id, True)
    assert day.tables_laid(engine, event_id)  # opening the doors lays the tables
    event = links.row_of_link(engine, "walk-in", event.walkin_token)
    token = people.walk_in(engine, event, "Zoé", "Nouvelle ASBL", "worker", "", "Walkin")
    page = people.phone_page(engine, token, [])
    assert page.badge.first_name == "Zoé" and page.badge.table_number is not None

    frame = day.arrivals(engine, event_id)
    for person_id in frame["id"][frame["checked_in_at"].isna()]:
        day.check_in(engine, int(person_id))
    seen: list[float] = []
    day.form_groups(engine, event_id, GroupSettings(4, 5, 8, 10), PRESENT, seen.append)
    page = day.groups_page(engine, event_id)
    assert page.present == 25 and page.run is not None and not page.published
    assert len(page.run.assignment) == 25 and seen  # the solver's progress was reported
    assert links.the_current_event(engine).group_count == 4  # the form's next defaults
    assert screens.groups(engine, event_id) == []  # nothing on the projector before publishing
    day.publish_groups(engine, event_id, page.run.id)
    board = screens.groups(engine, event_id)
    assert [number for number, _ in board] == [1, 2, 3, 4]
    shown = " ".join(name for _, names in board for name in names)
    assert "Zoé" in shown and "NOM" not in shown and "Walkin" not in shown  # first names only
    assert people.phone_page(engine, token, []).badge.group_number is not None


def test_the_audit_log_notes_who_did_it_in_the_same_action(engine):
    event_id = preparation.import_into_new_event(engine, "PD", None, registrations(6))
    made = preparation.restore(engine, preparation.backup_json(engine, event_id).encode(),
                               replace=True, make_current=True, who=None)
    assert (made.name, made.is_current) == ("PD", True)
    person = int(preparation.participants_table(engine, made.event_id)["id"].iloc[0])
    preparation.erase_person(engine, made.event_id, person, who=None)
    with session_scope(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["restore", "erase_person"]


def test_a_tablets_save_is_a_commitment_at_once_and_the_report_has_it(engine):
    """A tablet's field saved through the service: the commitment exists when it returns
    (no organiser page opened), and the report built by the service lists it."""
    made = preparation.create_demo(engine, "rounds", make_current=True)
    group = next(iter(screens.groups(engine, made.event_id)))[0]
    with session_scope(engine) as session:
        from partnerday.models import WorkGroup
        work_group = session.exec(select(WorkGroup).where(
            WorkGroup.event_id == made.event_id, WorkGroup.number == group)).one()
    group_day = tablets.group_day(engine, work_group)
    case = group_day.cases[0]
    tablets.add_a_proposal(engine, work_group.id, case.id)
    number = proposals(tablets.case_sheet(engine, work_group.id, case.id, "fr").fields)[-1].number
    for part, text in (("who", "Actiris"), ("what", "Rappeler Mme dans la semaine")):
        assert tablets.save_field(engine, work_group.id, case.id, proposal_field(number, part),
                                  text, 0).saved
    year = afterwards.year_of_commitments(engine, made.event_id, date.today())
    assert [c.who for c in year.commitments if c.what == "Rappeler Mme dans la semaine"] == [
        "Actiris"]
    files = afterwards.report(engine, made.event_id)
    assert "Rappeler Mme dans la semaine" in files.page


def test_a_tablets_sheet_says_the_round_it_was_read_in(engine):
    """The sheet's own refresh follows a new round (pages/tablet.py), even if the clock
    strip's stopped: the sheet carries the clock's round."""
    made = preparation.create_demo(engine, "rounds", make_current=True)
    with session_scope(engine) as session:
        from partnerday.models import WorkGroup
        work_group = session.exec(select(WorkGroup).where(
            WorkGroup.event_id == made.event_id)).first()
    group_day = tablets.group_day(engine, work_group)
    case = group_day.cases[0]
    before = tablets.case_sheet(engine, work_group.id, case.id, "fr").round
    assert before == group_day.clock.round
    day.drive_the_clock(engine, "advance", made.event_id, group_day.clock.rounds)
    assert tablets.case_sheet(engine, work_group.id, case.id, "fr").round == before + 1


def test_a_balancing_that_cannot_be_met_saves_nothing(engine):
    import pytest

    from partnerday.balancing import InfeasibleSettings

    event_id = preparation.import_into_new_event(engine, "PD", None, registrations(12))
    with pytest.raises(InfeasibleSettings):
        day.form_groups(engine, event_id, GroupSettings(2, 1, 2, 5), "registered")
    with session_scope(engine) as session:
        assert not session.exec(select(BalanceRun)).all()


def test_tablet_language_is_the_groups_choice_else_its_members_most_common():
    assert tablet_language(None, ["nl", "nl", "fr"]) == "nl"
    assert tablet_language(None, ["nl", "fr"]) == "fr"  # a tie: the day's own language
    assert tablet_language(None, ["en", "nl"]) == "nl"
    assert tablet_language(None, []) == "fr"
    assert tablet_language("en", ["nl", "nl"]) == "en"


def test_a_groups_tablets_speak_its_members_language_until_one_is_chosen(engine):
    event_id = preparation.import_into_new_event(engine, "PD", None, registrations(12))
    frame = day.arrivals(engine, event_id)
    for person_id in frame["id"]:
        day.check_in(engine, int(person_id))
    day.form_groups(engine, event_id, GroupSettings(2, 5, 8, 10), PRESENT)
    day.publish_groups(engine, event_id, day.groups_page(engine, event_id).run.id)
    with session_scope(engine) as session:
        first, second = session.exec(select(WorkGroup).where(WorkGroup.event_id == event_id)
                                     .order_by(WorkGroup.number)).all()
        for person in session.exec(select(Participant).where(
                Participant.group_id == first.id)):
            person.language = "nl"
            session.add(person)
        event = session.get(Event, event_id)
    assert day.rounds_page(engine, event).languages == {first.id: "nl", second.id: "fr"}
    assert tablets.group_day(engine, first).language == "nl"
    assert tablets.language_of_link(engine, first.token) == "nl"
    tablets.set_group_language(engine, second.id, "en")  # one tap on a tablet, or organisers
    assert tablets.group_day(engine, second).language == "en"
    assert tablets.language_of_link(engine, "x" * 22) == "fr"  # a link not recognised
    with pytest.raises(tablets.LanguageRefused) as refused:
        tablets.set_group_language(engine, second.id, "de")
    assert refused.value.code == "language_refused"
    with i18n.speaking("nl"):
        assert refused.value.translated() == "Onbekende taal: de."


def test_one_message_side_by_side_in_each_language_of_the_room():
    def heading() -> str:
        return i18n._("Groupes de travail")

    assert i18n.in_each(("fr", "nl"), heading) == "Groupes de travail / Werkgroepen"
    assert i18n.in_each(("fr",), heading) == "Groupes de travail"
    assert i18n.in_each(("en", "en"), heading) == "Working groups"  # said once
    assert i18n.current() == "fr"  # the page's own language afterwards


def test_the_projector_speaks_the_languages_the_laptop_chose(engine):
    event_id = preparation.import_into_new_event(engine, "PD", None, registrations(4))
    assert screens.projector_choice(engine, event_id) == ("tables", ("fr",))
    day.set_projector_languages(engine, event_id, ["nl", "fr"])
    assert screens.projector_choice(engine, event_id) == ("tables", ("fr", "nl"))  # app order
    day.set_projector_languages(engine, event_id, [])
    assert screens.projector_choice(engine, event_id) == ("tables", ("fr",))
    with pytest.raises(Refusal):
        day.set_projector_languages(engine, event_id, ["fr", "de"])
    assert screens.projector_choice(engine, event_id) == ("tables", ("fr",))
