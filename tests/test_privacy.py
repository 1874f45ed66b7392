"""Personal data from registration to deletion, on SQLite and PostgreSQL: a person's record and
erasure, the retention warning, an event anonymised with its figures kept and nothing left
behind (database dump, freed pages, backup, report), a shareable backup, and a service user
known by first name only through the whole day."""

import json
import random
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlmodel import func, select

from partnerday.arrival import check_in
from partnerday.backup import backup_to_json, restore_event
from partnerday.commitments import sync_commitments, update_commitment
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.events import create_event
from partnerday.findings import proposals, sheet
from partnerday.models import Commitment, Delivery, Event, Finding, Participant, Poll, Role, \
    WallPost, WorkGroup
from partnerday.polls import cast_vote, poll_results, post_to_wall
from partnerday.privacy import REMOVED, anonymise_event, anonymised_backup, erase_person, \
    events_due, person_record, privacy_notice, purge_freed_space, retention_date, \
    retention_warning
from partnerday.report import build_report, report_html
from partnerday.registration import import_registrations, read_registrations


def played_day(session) -> Event:
    """The demo at the end of the day, with everyone present having answered two questions
    and written on a wall, a commitment followed up, and a report sent to two people."""
    event = create_demo_at_stage(session, "report", make_current=True)
    sync_commitments(session, event.id)
    present = session.exec(select(Participant).where(Participant.event_id == event.id,
                                                     Participant.checked_in_at != None)  # noqa
                           .order_by(Participant.id)).all()
    scale = session.exec(select(Poll).where(Poll.event_id == event.id)).first()
    scale.is_open = True
    choice = Poll(event_id=event.id, kind="single", question="Votre structure travaille-t-elle "
                  "avec un CPAS ?", options=["oui", "non"], is_open=True, position=9)
    wall = Poll(event_id=event.id, kind="wall", question="Pour ou contre ?", is_open=True,
                position=10)
    session.add_all([scale, choice, wall])
    session.flush()
    rng = random.Random(3)
    for person in present:
        cast_vote(session, scale.id, person.id, rng.randint(0, 10))
        cast_vote(session, choice.id, person.id, rng.choice(["oui", "non"]))
    for person in present[:6]:
        post_to_wall(session, wall.id, person.id, "pro",
                     f"Comme dit {present[-1].name}, il faut se parler.")
    commitment = session.exec(select(Commitment).where(Commitment.event_id == event.id,
                                                       Commitment.participant_id != None)  # noqa
                              ).first()
    update_commitment(session, commitment.id, "in_progress", 50,
                      f"Appelé {present[0].name}", by=present[0].first_name)
    for person in present[:2]:
        session.add(Delivery(event_id=event.id, participant_id=person.id, email=person.email
                             or "x@example.org"))
    session.flush()
    return event


def figures(session, event_id: int) -> dict:
    """What the report says in numbers: who took part, every question's results, the groups'
    work and the commitments."""
    report = build_report(session, event_id)
    polls = session.exec(select(Poll).where(Poll.event_id == event_id).order_by(Poll.id)).all()
    results = []
    for poll in polls:
        for role in (None, *[r.value for r in Role]):
            r = poll_results(session, poll, role=role)
            results.append((poll.id, role, r.voters, dict(r.counts), r.mean,
                            {side: len(posts) for side, posts in r.posts.items()}))
    findings = session.exec(select(func.count()).select_from(Finding)
                            .where(Finding.event_id == event_id, Finding.text != "")).one()
    commitments = session.exec(select(Commitment.status, Commitment.progress, Commitment.case_id)
                               .where(Commitment.event_id == event_id)
                               .order_by(Commitment.id)).all()
    return {"participation": (report.participation.organisations, report.participation.roles),
            "polls": results, "findings": findings, "commitments": [tuple(c) for c in commitments],
            "proposals": len([p for c in report.cases for p in c.proposals()])}


def identifiers(session, event_id: int) -> list[str]:
    """What must not be left: every email, personal link and full name."""
    people = session.exec(select(Participant).where(Participant.event_id == event_id)).all()
    return [value for p in people for value in (p.email, p.token, p.name) if value]


def database_dump(engine, database_url: str) -> str:
    if engine.dialect.name == "sqlite":
        path = Path(make_url(database_url).database)
        with sqlite3.connect(path) as connection:
            dump = "\n".join(connection.iterdump())
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        return dump + "\n" + raw.decode("utf-8", errors="replace")  # freed pages included
    return subprocess.run(["pg_dump", "--data-only", database_url], check=True,
                          capture_output=True, text=True).stdout


def test_an_anonymised_event_keeps_its_figures_and_nothing_personal(engine, database_url):
    with session_scope(engine) as session:
        event = played_day(session)
        event_id = event.id
        before = figures(session, event_id)
        secrets = identifiers(session, event_id)
    assert len(secrets) > 150 and before["polls"][0][2] == 72
    assert any(s in database_dump(engine, database_url) for s in secrets)  # the check sees them

    with session_scope(engine) as session:
        done = anonymise_event(session, event_id, random.Random(1))
    purge_freed_space(engine)
    assert done.people == 80 and done.mail_log_rows == 2 and done.answers_dealt_out == 150
    assert "80 personne(s)" in done.describe()
    with session_scope(engine) as session:
        assert figures(session, event_id) == before
        event = session.get(Event, event_id)
        assert event.anonymised_at is not None and retention_warning(event, date.today()) is None
        backup = backup_to_json(session, event_id)
        report_after = report_html(build_report(session, event_id))
        assert not session.exec(select(Delivery).where(Delivery.event_id == event_id)).all()
        walls = session.exec(select(WallPost.text).where(WallPost.event_id == event_id)).all()
        assert walls and all(REMOVED in text for text in walls)
        carried = session.exec(select(Commitment).where(Commitment.event_id == event_id)).all()
        assert all(c.participant_id is None for c in carried)
        assert any(c.organisation for c in carried)
        assert all(REMOVED in u["note"] and u["by"] == REMOVED for c in carried
                   for u in c.updates)
    dump = database_dump(engine, database_url)
    for where, text in (("the database", dump), ("the backup", backup),
                        ("the report", report_after)):
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{where} still holds {leaked[:3]}"


def test_who_fields_naming_a_member_go_to_their_organisation(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)).first()
        finding = session.exec(select(Finding).where(Finding.group_id == group.id,
                                                     Finding.field.endswith(".who"))).first()
        member = session.exec(select(Participant).where(
            Participant.group_id == group.id, Participant.first_name == finding.text)).first()
        from partnerday.models import Organisation
        organisation = session.get(Organisation, member.organisation_id).name
        anonymise_event(session, event.id, random.Random(2))
        assert session.get(Finding, finding.id).text == organisation


def test_a_person_exported_then_erased(engine):
    with session_scope(engine) as session:
        event = played_day(session)
        person = session.exec(select(Participant).join(Commitment, Commitment.participant_id
                                                       == Participant.id)
                               .where(Participant.event_id == event.id)).first()
        person_id, name, email, token = person.id, person.name, person.email, person.token
        before = figures(session, event.id)
        record = person_record(session, person_id)
    assert name.split()[0] in record and email in record and token in record
    assert "Réponses aux questions (2)" in record and "Engagements (" in record
    with session_scope(engine) as session:
        done = erase_person(session, person_id)
        assert done.people == 1 and done.commitments_to_organisations >= 1
    with session_scope(engine) as session:
        gone = session.get(Participant, person_id)
        assert (gone.name, gone.first_name, gone.last_name, gone.email) == ("", "", "", "")
        assert gone.token != token and gone.erased_at is not None
        assert figures(session, event.id) == before  # the report and figures still add up
        left = backup_to_json(session, event.id)
        assert email not in left and token not in left and name not in left
        commitments = session.exec(select(Commitment).where(Commitment.event_id == event.id,
                                                            Commitment.organisation != "")
                                   ).all()
        assert commitments and all(c.participant_id is None for c in commitments)
        with pytest.raises(ValueError):
            erase_person(session, person_id)


def test_retention_date_and_warning():
    event = Event(uid="u", name="PD 2027", day=date(2027, 1, 28))
    assert retention_date(event) == date(2028, 1, 28)
    assert retention_warning(event, date(2027, 12, 1)) is None
    warning = retention_warning(event, date(2028, 1, 8))
    assert "28/01/2028" in warning and "dans 20 jours" in warning
    assert "a pris fin" in retention_warning(event, date(2028, 2, 1))
    event.retention_until = date(2027, 6, 30)
    assert "30/06/2027" in retention_warning(event, date(2027, 6, 29))
    assert "Jusqu'au 30/06/2027" in privacy_notice(event)


def test_events_past_their_retention_date_are_due(engine):
    with session_scope(engine) as session:
        old = create_event(session, "PD 2025", day=date.today() - timedelta(days=400))
        create_event(session, "PD 2026", day=date.today() - timedelta(days=30))
        assert [e.name for e in events_due(session, date.today())] == ["PD 2025"]
        anonymise_event(session, old.id)
        assert events_due(session, date.today()) == []


def test_an_anonymised_backup_restores_a_working_event_without_people(engine):
    with session_scope(engine) as session:
        event = played_day(session)
        secrets = identifiers(session, event.id)
        shared = anonymised_backup(session, event.id)
        assert identifiers(session, event.id) == secrets  # the database itself is unchanged
    text = json.dumps(shared, ensure_ascii=False)
    assert shared["personal_data"] is False and not shared["tables"]["participant"]
    assert not [s for s in secrets if s in text]
    with session_scope(engine) as session:
        copy = restore_event(session, shared)
        groups = session.exec(select(WorkGroup).where(WorkGroup.event_id == copy.id)).all()
        assert groups and copy.id != event.id
        work = [p for g in groups for case in session.exec(
            select(Finding.case_id).where(Finding.group_id == g.id).distinct())
            for p in proposals(sheet(session, g.id, case))]
        assert work
    full = json.loads(backup_to_json_for(engine, event.id))
    assert full["personal_data"] is True


def backup_to_json_for(engine, event_id: int) -> str:
    with session_scope(engine) as session:
        return backup_to_json(session, event_id)


def test_a_service_user_known_by_first_name_only_goes_through_the_whole_day(engine):
    text = ("Prénom;Structure;Rôle\nJef;CPAS de Forest;usager\n"
            + "".join(f"Personne{i};Structure {i % 3};travailleur\n" for i in range(11)))
    with session_scope(engine) as session:
        event = create_event(session, "PD", checkin_open=True, group_count=2, group_min=4,
                             group_max=8)
        preview = read_registrations(text.encode(), "f.csv")
        assert preview.is_clean
        people = import_registrations(session, event.id, preview.rows)
        jef = next(p for p in people if p.first_name == "Jef")
        assert (jef.last_name, jef.email) == ("", "")
        for person in people:
            check_in(session, person.id)
        from partnerday.balancing import GroupSettings, balance
        from partnerday.groups import PRESENT, groups_plan, members_for_balancing, publish, \
            save_run
        settings = GroupSettings(groups=2, min_size=4, max_size=8, time_limit=10)
        run = save_run(session, event.id, settings,
                       balance(members_for_balancing(session, event.id), settings), PRESENT)
        publish(session, event.id, run.id)
        assert "Jef" in [n for _, names in groups_plan(session, event.id) for n in names]
        poll = Poll(event_id=event.id, kind="scale", question="Ça va ?", is_open=True)
        session.add(poll)
        session.flush()
        cast_vote(session, poll.id, jef.id, 7)
        from partnerday.mailing import pending_recipients
        assert jef.id not in [r.participant_id for r in pending_recipients(session, event.id)]
        report = build_report(session, event.id)
        assert report.participation.roles[Role.user.value] == 1
        assert "Jef" in person_record(session, jef.id)
