"""Commitments from the tablets, followed with dated updates by organisers and by the person
who made one, and carried over to next year's event. SQLite and PostgreSQL."""

import pytest
from sqlmodel import select

from partnerday.commitments import CommitmentRefused, carry_over, commitments_frame, \
    commitments_of, list_commitments, sync_commitments, update_commitment
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.events import create_event
from partnerday.findings import proposal_field, save_field
from partnerday.models import Commitment, Participant


def synced(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        assert sync_commitments(session, event.id) == 36
        return event, list_commitments(session, event.id)


def test_tablet_proposals_become_commitments_once(engine):
    event, rows = synced(engine)
    assert len({c.source for c in rows}) == 36
    assert all(c.who and c.what and c.due and c.referral for c in rows)
    with session_scope(engine) as session:
        for c in rows:  # the "who" names a member of the group
            person = session.get(Participant, c.participant_id)
            assert person.group_id == c.group_id and person.name.startswith(c.who)
        first = rows[0]
        number = int(first.source.rsplit("p", 1)[1])
        save_field(session, first.group_id, first.case_id, proposal_field(number, "what"),
                   "Accompagner à la première rencontre", 1)
        update_commitment(session, first.id, "in_progress", 30, "RDV fixé", "Omar")
        assert sync_commitments(session, event.id) == 36  # refreshed, not duplicated
        again = session.get(Commitment, first.id)
        assert again.what == "Accompagner à la première rencontre"
        assert (again.status, again.progress) == ("in_progress", 30)
        assert len(session.exec(select(Commitment)).all()) == 36


def test_updates_are_dated_and_checked(engine):
    _, rows = synced(engine)
    with session_scope(engine) as session:
        update_commitment(session, rows[0].id, "in_progress", 50, "Premier contact", "Omar")
        row = update_commitment(session, rows[0].id, "done", 100, "Inscrit en formation", "")
        assert [(u["status"], u["progress"], u["note"]) for u in row.updates] == [
            ("in_progress", 50, "Premier contact"), ("done", 100, "Inscrit en formation")]
        assert row.updates[0]["at"][:2] == "20" and "T" in row.updates[0]["at"]
        for args, message in (((rows[0].id, "maybe", 10), "État"),
                              ((rows[0].id, "done", 140), "0 à 100"),
                              ((rows[0].id, "done", 10, "x" * 1001), "trop longue"),
                              ((999_999, "done", 10), "n'existe plus")):
            with pytest.raises(CommitmentRefused, match=message):
                update_commitment(session, *args)
        assert commitments_frame([row])["état"].tolist() == ["fait"]


def test_next_year_carries_last_years_commitments_over_once(engine):
    event, rows = synced(engine)
    with session_scope(engine) as session:
        update_commitment(session, rows[0].id, "in_progress", 40, "En route")
        next_year = create_event(session, "Partner Day 2028")
        assert carry_over(session, event.id, next_year.id) == 36
        assert carry_over(session, event.id, next_year.id) == 0
        carried = list_commitments(session, next_year.id)
        assert {c.carried_from for c in carried} == {event.name}
        moved = next(c for c in carried if c.what == rows[0].what and c.who == rows[0].who)
        assert (moved.status, moved.progress, len(moved.updates)) == ("in_progress", 40, 1)
        with pytest.raises(CommitmentRefused):
            carry_over(session, next_year.id, next_year.id)


def test_a_person_sees_their_own_commitments(engine):
    _, rows = synced(engine)
    with session_scope(engine) as session:
        mine = commitments_of(session, rows[0].participant_id)
    assert rows[0].id in {c.id for c in mine}
    assert all(c.participant_id == rows[0].participant_id for c in mine)


def test_a_commitment_follows_the_tablets_save_at_once(engine):
    """No organiser page needs opening: the save that writes a proposal's "who" makes the
    commitment, and the person named sees it on their phone's query."""
    from partnerday.commitments import save_sheet_field
    from partnerday.findings import add_proposal
    from partnerday.models import Case, WorkGroup

    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        assert list_commitments(session, event.id) == []
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)).first()
        case = session.exec(select(Case).where(Case.event_id == event.id)).first()
        member = session.exec(select(Participant).where(Participant.group_id == group.id)
                              ).first()
        number = add_proposal(session, group.id, case.id)
        saved = save_sheet_field(session, group.id, case.id, proposal_field(number, "who"),
                                 member.name, 0)
        assert saved.saved
        save_sheet_field(session, group.id, case.id, proposal_field(number, "what"),
                         "Appeler la Mission locale", 0)
    with session_scope(engine) as session:
        rows = list_commitments(session, event.id)
        assert [(c.who, c.what, c.participant_id) for c in rows] == [
            (member.name, "Appeler la Mission locale", member.id)]
        assert [c.what for c in commitments_of(session, member.id)] == [
            "Appeler la Mission locale"]
        assert sync_commitments(session, event.id) == 1  # nothing left to catch up
        assert len(list_commitments(session, event.id)) == 1
