"""What group tablets write: saved with versions, conflicts never lose text, bad input refused
with the text kept. On SQLite and PostgreSQL, and from separate processes."""

import pytest
from sqlmodel import select

from partnerday.db import dispose_engine, get_engine, session_scope
from partnerday.demo import create_demo_at_stage, create_demo_event
from partnerday.directory import save_directory, directory_frame
from partnerday.findings import DIAGNOSIS, MAX_TEXT, PROFILE, FindingRefused, add_proposal, \
    proposal_field, proposals, save_field, sheet
from partnerday.models import Case, Finding, Organisation, WorkGroup
from tests.processes import run_together


def group_and_case(engine, stage: str = "groups") -> tuple[int, int]:
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, stage, make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)
                             .order_by(WorkGroup.number)).first()
        case = session.exec(select(Case).where(Case.event_id == event.id)).first()
        return group.id, case.id


def save(engine, group_id, case_id, field, text, base):
    with session_scope(engine) as session:
        return save_field(session, group_id, case_id, field, text, base)


def test_a_stale_save_is_refused_and_both_texts_come_back(engine):
    group_id, case_id = group_and_case(engine)
    first = save(engine, group_id, case_id, PROFILE, "Tablette A", 0)
    assert first.saved and first.current.version == 1 and first.current.saved_at is not None
    stale = save(engine, group_id, case_id, PROFILE, "Tablette B", 0)
    assert not stale.saved and stale.theirs == "Tablette A" and stale.current.version == 1
    assert save(engine, group_id, case_id, PROFILE, "Tablette A", 0).saved  # same text: fine
    both = save(engine, group_id, case_id, PROFILE, "Tablette A\n\nTablette B", 1)
    assert both.saved and both.current.version == 2
    with session_scope(engine) as session:
        assert sheet(session, group_id, case_id)[PROFILE].text == "Tablette A\n\nTablette B"


def test_long_text_html_and_markdown_are_kept_verbatim(engine):
    group_id, case_id = group_and_case(engine)
    text = ("<script>alert(1)</script> **gras** # titre\n" * 500)[:20_000]
    assert len(text) == 20_000
    assert save(engine, group_id, case_id, DIAGNOSIS, text, 0).saved
    with session_scope(engine) as session:
        assert sheet(session, group_id, case_id)[DIAGNOSIS].text == text
    with pytest.raises(FindingRefused, match="trop long"):
        save(engine, group_id, case_id, DIAGNOSIS, "x" * (MAX_TEXT + 1), 1)
    with session_scope(engine) as session:
        assert sheet(session, group_id, case_id)[DIAGNOSIS].text == text


def test_proposals_with_referral_and_commitment(engine):
    group_id, case_id = group_and_case(engine)
    with session_scope(engine) as session:
        assert add_proposal(session, group_id, case_id) == 1
        assert add_proposal(session, group_id, case_id) == 2
        org = session.exec(select(Organisation).where(
            Organisation.name == "ASBL Logement Pour Tous")).one()
    for part, value in (("text", "Chercher un logement"), ("referral", str(org.id)),
                        ("who", "Amina"), ("what", "Appeler l'AIS"), ("due", "2027-02-28")):
        assert save(engine, group_id, case_id, proposal_field(2, part), value, 0).saved
    with session_scope(engine) as session:
        found = proposals(sheet(session, group_id, case_id))
    assert [p.number for p in found] == [1, 2]
    assert (found[1].text.text, found[1].referral.text, found[1].who.text, found[1].due.text) \
        == ("Chercher un logement", str(org.id), "Amina", "2027-02-28")


def test_bad_input_is_refused_with_a_reason(engine):
    group_id, case_id = group_and_case(engine)
    with session_scope(engine) as session:
        other = create_demo_event(session)
        other_case = session.exec(select(Case).where(Case.event_id == other.id)).first()
        other_org = session.exec(select(Organisation).where(
            Organisation.event_id == other.id)).first()
        lonely = Organisation(event_id=session.get(WorkGroup, group_id).event_id,
                              name="Structure sans inscrit", key="structuresansinscrit")
        session.add(lonely)
        session.flush()
        lonely_id, event_id = lonely.id, lonely.event_id
    refusals = [
        (other_case.id, PROFILE, "x", "n'appartient pas"),
        (case_id, "password", "x", "Champ inconnu"),
        (case_id, proposal_field(1, "referral"), str(other_org.id), "plus dans l'annuaire"),
        (case_id, proposal_field(1, "due"), "31/02/2027", "Date"),
    ]
    for case, field, text, message in refusals:
        with pytest.raises(FindingRefused, match=message):
            save(engine, group_id, case, field, text, 0)
    assert save(engine, group_id, case_id, proposal_field(1, "referral"), str(lonely_id), 0).saved
    with session_scope(engine) as session:  # the organisers remove it from the directory
        frame = directory_frame(session, event_id)
        save_directory(session, event_id, frame[frame["id"] != lonely_id])
    with pytest.raises(FindingRefused, match="plus dans l'annuaire"):
        save(engine, group_id, case_id, proposal_field(1, "referral"), str(lonely_id), 1)
    with session_scope(engine) as session:  # the stale referral is still there to show
        assert sheet(session, group_id, case_id)[proposal_field(1, "referral")].text == \
            str(lonely_id)
        assert session.exec(select(Finding).where(Finding.case_id == other_case.id)).all() == []


def _save_from_a_tablet(url: str, group_id: int, case_id: int, text: str) -> bool:
    engine = get_engine(url)
    with session_scope(engine) as session:
        saved = save_field(session, group_id, case_id, PROFILE, text, 0).saved
    dispose_engine(url)
    return saved


def test_two_tablets_saving_at_once_one_is_told(engine, database_url):
    group_id, case_id = group_and_case(engine)
    texts = [f"Tablette {i}" for i in range(4)]
    saved = run_together(_save_from_a_tablet,
                         [(database_url, group_id, case_id, t) for t in texts])
    assert saved.count(True) == 1
    with session_scope(engine) as session:
        stored = sheet(session, group_id, case_id)[PROFILE]
    assert stored.version == 1 and stored.text == texts[saved.index(True)]


def test_filled_fields_counts_every_group_in_one_query(engine):
    from sqlalchemy import event as sa_event

    from partnerday.findings import filled_fields

    with session_scope(engine) as session:
        demo = create_demo_at_stage(session, "rounds", make_current=True)
        expected = {}
        for group in session.exec(select(WorkGroup).where(WorkGroup.event_id == demo.id)):
            for case in session.exec(select(Case).where(Case.event_id == demo.id)):
                count = sum(bool(f.text) for f in sheet(session, group.id, case.id).values())
                if count:
                    expected[(group.id, case.id)] = count
        statements = []

        def record(connection, cursor, statement, *rest) -> None:
            statements.append(statement)

        sa_event.listen(engine, "before_cursor_execute", record)
        try:
            assert filled_fields(session, demo.id) == expected and expected
        finally:
            sa_event.remove(engine, "before_cursor_execute", record)
    assert len([s for s in statements if "finding" in s.lower()]) == 1
