"""Every file written for a spreadsheet is safe to open: text that a spreadsheet would run as a
formula is made inert, and Excel cells of text are text."""

import io

import pandas as pd
from openpyxl import load_workbook

from partnerday.arrival import register_walk_in
from partnerday.cli import balanced_file
from partnerday.commitments import commitments_frame
from partnerday.db import session_scope
from partnerday.events import create_event
from partnerday.models import Commitment, Finding, Poll
from sqlalchemy import update
from partnerday.participants import export_frame
from partnerday.polls import cast_vote, votes_frame
from partnerday.arrival import check_in
from partnerday.registration import read_registrations
from partnerday.spreadsheet import FORMULA_STARTS, csv_bytes, excel_bytes, neutralise

FORMULAS = ['=HYPERLINK("http://x","y")', "+33 SUM(A1)", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


def assert_no_formula_in_excel(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    for cell in cells:
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), cell.value
    return [c.value for c in cells]


def assert_no_formula_in_csv(data: bytes, separator: str = ";") -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data), sep=separator, dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    for value in [*frame.columns, *frame.to_numpy().ravel()]:
        assert not str(value).startswith(FORMULA_STARTS), value
    return frame


def test_neutralise_keeps_numbers_and_plain_text():
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5 and neutralise("Marie") == "Marie"
    assert [neutralise(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    frame = pd.DataFrame({"n": [-3, 4], "t": FORMULAS[:2]})
    values = assert_no_formula_in_excel(excel_bytes(frame))
    assert -3 in values and 4 in values  # numbers stay numbers


def test_participant_exports_of_a_walk_in_named_like_a_formula(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD", checkin_open=True)
        for number, name in enumerate(FORMULAS):
            register_walk_in(session, event, name, f"=Structure {number}",
                             last_name="@NOM")
        exported = export_frame(session, event.id)
    values = assert_no_formula_in_excel(excel_bytes(exported, "Participants"))
    assert "'" + FORMULAS[0] in values
    frame = assert_no_formula_in_csv(csv_bytes(exported))
    assert "'" + FORMULAS[0] in frame["prénom"].tolist()


def test_votes_and_commitments_exports(engine):
    with session_scope(engine) as session:
        event = create_event(session, "PD", checkin_open=True)
        person = register_walk_in(session, event, "Amina", "CPAS")
        check_in(session, person.id)
        poll = Poll(event_id=event.id, kind="single", question="=1+1 ?",
                    options=["+oui", "-non"], is_open=True)
        session.add(poll)
        session.flush()
        cast_vote(session, poll.id, person.id, "+oui")
        votes = votes_frame(session, event.id)
        session.add(Commitment(event_id=event.id, source="x", case_title="@cas",
                               who="=HYPERLINK(\"http://x\")", what="-appeler"))
        session.flush()
        from partnerday.commitments import list_commitments
        commitments = commitments_frame(list_commitments(session, event.id))
    frame = assert_no_formula_in_csv(csv_bytes(votes))
    assert frame["réponse"].tolist() == ["'+oui"]
    assert_no_formula_in_csv(csv_bytes(commitments))
    assert_no_formula_in_excel(excel_bytes(commitments))


def test_the_report_commitments_csv_is_safe(engine):
    from partnerday.demo import create_demo_at_stage
    from partnerday.report import build_report, commitments_csv

    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report")
        session.exec(update(Finding).where(Finding.event_id == event.id,
                                           Finding.field.endswith(".who"))
                     .values(text="=cmd|' /C calc'!A0"))
        report = build_report(session, event.id, None)
    frame = assert_no_formula_in_csv(commitments_csv(report))
    assert set(frame["qui"]) == {"'=cmd|' /C calc'!A0"} and len(frame) > 10


def test_the_balance_output_is_safe():
    text = "nom;structure\n" + "".join(f"{f.strip()} X;=ORG{i % 2}\n"
                                       for i, f in enumerate(FORMULAS * 2))
    preview = read_registrations(text.encode(), "f.csv")
    data = balanced_file(preview, {r.line: 1 for r in preview.rows}, "out.csv")
    assert_no_formula_in_csv(data)
    assert_no_formula_in_excel(balanced_file(preview, {r.line: 1 for r in preview.rows},
                                             "out.xlsx"))
