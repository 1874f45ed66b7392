"""Backups restore whole, with every reference, into a database that already has events; a
malformed file is refused with a French message and writes nothing."""

import json

import pytest
from sqlmodel import func, select

from partnerday.backup import RestoreRefused, backup_event, backup_to_json, parse_backup, \
    restore_event
from partnerday.commitments import sync_commitments
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage, create_demo_event, ensure_demo_event
from partnerday.events import current_event, delete_event
from partnerday.findings import proposals, sheet
from partnerday.models import Case, Commitment, Event, Finding, Organisation, Participant, \
    WorkGroup
from partnerday.report import build_report


def referrals(session, event_id: int) -> list[tuple[str, str]]:
    """(group's case sheet, the directory organisation's name) of every proposal referred."""
    names = dict(session.exec(select(Organisation.id, Organisation.name)
                              .where(Organisation.event_id == event_id)).all())
    found = []
    for group in session.exec(select(WorkGroup).where(WorkGroup.event_id == event_id)):
        for case in session.exec(select(Case).where(Case.event_id == event_id)):
            for p in proposals(sheet(session, group.id, case.id)):
                if p.referral.text:
                    found.append((f"{group.number}/{case.title}/{p.number}",
                                  names.get(int(p.referral.text), "?")))
    return sorted(found)


def report_lines(session, event_id: int) -> list[tuple]:
    report = build_report(session, event_id)
    return sorted((p.case, p.group, p.who, p.what, p.referral) for p in report.commitments())


def test_restore_into_a_database_with_another_event_keeps_every_reference(engine):
    ensure_demo_event(engine)  # the first start's demo
    with session_scope(engine) as session:
        played = create_demo_at_stage(session, "report")
        sync_commitments(session, played.id)
        expected_referrals = referrals(session, played.id)
        expected_report = report_lines(session, played.id)
        commitments = session.exec(select(func.count()).select_from(Commitment)
                                   .where(Commitment.event_id == played.id)).one()
        backup = json.loads(backup_to_json(session, played.id))
        delete_event(session, played.id)
        create_demo_event(session)  # takes the ids the played event had
    assert len(expected_referrals) >= 30 and commitments >= 30
    with session_scope(engine) as session:
        restored = restore_event(session, backup, make_current=True)
        restored_id = restored.id
    with session_scope(engine) as session:
        assert current_event(session).id == restored_id
        assert referrals(session, restored_id) == expected_referrals  # none points elsewhere
        assert report_lines(session, restored_id) == expected_report
        assert sync_commitments(session, restored_id) == commitments
        assert session.exec(select(func.count()).select_from(Commitment)
                            .where(Commitment.event_id == restored_id)).one() == commitments
        sources = session.exec(select(Commitment.source)
                               .where(Commitment.event_id == restored_id)).all()
        groups = set(session.exec(select(WorkGroup.id).where(WorkGroup.event_id == restored_id)))
        assert all(int(s.split("-")[0][1:]) in groups for s in sources)


def test_a_restored_event_is_made_current_only_when_asked(engine):
    with session_scope(engine) as session:
        real = create_demo_event(session, make_current=True)
        other = create_demo_event(session)
        backup = backup_event(session, other.id)
        delete_event(session, other.id)
        backup["tables"]["participant"] = []  # tokens would clash with nothing; keep it small
        restored = restore_event(session, backup, make_current=False)
        assert not restored.is_current and current_event(session).id == real.id


def counts(engine) -> tuple[int, int, int]:
    with session_scope(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(model)).one()
                     for model in (Event, Participant, Finding))


@pytest.fixture
def played_backup(engine) -> dict:
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        return json.loads(backup_to_json(session, event.id))


def spoiled(backup: dict, how: str) -> dict:
    backup = json.loads(json.dumps(backup))
    backup["event"]["uid"] = "another-uid"  # a copy, not the event itself
    if how == "wrong type":
        backup["tables"]["participant"][0]["organisation_id"] = "beaucoup"
    elif how == "missing key":
        del backup["tables"]["participant"][3]["id"]
    elif how == "duplicate tokens":
        pass  # the participants' tokens are those of the event already restored
    elif how == "list instead of object":
        backup["tables"]["participant"] = [["a", "b"]]
    elif how == "dangling reference":
        backup["tables"]["finding"][0]["group_id"] = 999_999
    elif how == "no event":
        del backup["event"]
    elif how == "unknown table":
        backup["tables"]["secrets"] = []
    return backup


@pytest.mark.parametrize("how", ["wrong type", "missing key", "duplicate tokens",
                                 "list instead of object", "dangling reference", "no event",
                                 "unknown table"])
def test_a_malformed_backup_is_refused_and_writes_nothing(engine, played_backup, how):
    before = counts(engine)
    with pytest.raises(RestoreRefused) as refused:
        with session_scope(engine) as session:
            restore_event(session, spoiled(played_backup, how))
    message = str(refused.value)
    assert message[0].isupper() and ("sauvegarde" in message or "table" in message)
    assert "Traceback" not in message
    assert counts(engine) == before


@pytest.mark.parametrize("data, words", [
    (b"[" * 100_000 + b"]" * 100_000, "imbriqué"),
    (b"[1, 2]", "pas une sauvegarde"),
    (b"{\"format\": \"partnerday-backup\"", "pas un JSON valide"),
    (b"\xff\xfe\x00", "encodage"),
    (json.dumps({"format": "partnerday-backup", "version": "un", "event": {}, "tables": {}})
     .encode(), "version"),
])
def test_unreadable_files_get_a_french_message(data, words):
    with pytest.raises(RestoreRefused, match=words):
        parse_backup(data)


def test_a_backup_from_before_first_names_restores_with_first_names(engine):
    with session_scope(engine) as session:
        event = create_demo_event(session)
        backup = backup_event(session, event.id)
        delete_event(session, event.id)
    for row in backup["tables"]["participant"]:  # as version 0002 wrote them
        del row["first_name"], row["last_name"]
    backup["tables"]["participant"][0]["name"] = "DUPONT Marie"
    with session_scope(engine) as session:
        restored = restore_event(session, backup)
        people = session.exec(select(Participant).where(Participant.event_id == restored.id)
                              .order_by(Participant.id)).all()
    assert all(p.first_name for p in people)
    assert (people[0].first_name, people[0].last_name, people[0].name) == (
        "Marie", "DUPONT", "Marie DUPONT")
