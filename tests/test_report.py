"""The follow-up report: case by case, commitments, charts, participation without service
users' names; HTML, PDF and CSV; an empty event; the command line. SQLite and PostgreSQL."""

import io
import subprocess

import pandas as pd
from sqlmodel import select

from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.events import create_event
from partnerday.findings import PROFILE, SYNTHESIS, save_field
from partnerday.merge import merge_sets, merged_work
from partnerday.models import Case, Event, Participant, Role, WorkGroup
from partnerday.polls import cast_vote, list_polls
from partnerday.report import build_report, commitments_csv, report_html, report_pdf
from tests.test_cli import run_cli


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def report_day(engine) -> Event:
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        poll = list_polls(session, event.id)[0]
        present = session.exec(select(Participant.id).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).all()
        for i, pid in enumerate(present[:30]):
            cast_vote(session, poll.id, pid, i % 11)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id,
                                                     WorkGroup.number == 1)).one()
        case = session.exec(select(Case).where(Case.event_id == event.id)).first()
        save_field(session, group.id, case.id, SYNTHESIS,
                   "Synthèse <b>commune</b> des groupes 1 et 2", 0)
        save_field(session, group.id, case.id, PROFILE, "<script>alert('x')</script>", 1)
        return event


def test_merged_pairs_show_both_groups_and_keep_origins(engine):
    event = report_day(engine)
    with session_scope(engine) as session:
        event = session.get(Event, event.id)
        assert merge_sets(event, 3) == [(1, 2), (3, 4), (5, 6)]
        work = merged_work(session, event, (1, 2))
        assert [[g.group for g in w.works] for w in work] == [[1, 2]] * 3
        assert {p.group for w in work for g in w.works for p in g.proposals} == {1, 2}
        assert work[0].synthesis.text.startswith("Synthèse")
        event.merge_pairs, event.rounds_mode = [], "all"  # no merge: everyone pools
        assert merge_sets(event, 3) == [(1, 2, 3, 4, 5, 6)]
        assert [len(w.works) for w in merged_work(session, event, (1, 2, 3, 4, 5, 6))] == [6] * 3


def test_report_contents_in_html_pdf_and_csv(engine, tmp_path):
    event = report_day(engine)
    with session_scope(engine) as session:
        report = build_report(session, event.id)
        users = session.exec(select(Participant.name).where(
            Participant.event_id == event.id, Participant.role == Role.user.value)).all()
    assert [len(c.works) for c in report.cases] == [3, 3, 3]
    assert len(report.commitments()) == 36 and report.polls[0].voters == 30
    assert report.participation.total == 72
    page = report_html(report)
    assert page.count("<h2>") == 3 + 3  # the cases, commitments, polls, participation
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page and "<script>" not in page
    assert "Synthèse &lt;b&gt;commune&lt;/b&gt;" in page
    assert "data:image/png;base64," in page and "Préformations et remise à niveau" in page
    text = pdf_text(report_pdf(report), tmp_path)
    for shown in ("Samir, 24 ans", "Engagements", "Participation", "ASBL Rebond Formation"):
        assert shown in text and shown in page
    for name in users:  # who took part: organisations and numbers, no service user's name
        assert name not in page and name not in text
    frame = pd.read_csv(io.BytesIO(commitments_csv(report)), sep=";", encoding="utf-8-sig")
    assert list(frame.columns) == ["cas", "groupe", "qui", "quoi", "pour quand", "orientation"]
    assert len(frame) == 36 and frame["qui"].notna().all()


def test_organisers_choose_what_the_report_includes(engine):
    event = report_day(engine)
    with session_scope(engine) as session:
        page = report_html(build_report(session, event.id, ["polls"]))
    assert "Baromètres et questions" in page and "Samir" not in page
    assert "Participation" not in page


def test_an_empty_event_says_there_is_nothing_yet(engine, tmp_path):
    with session_scope(engine) as session:
        event = create_event(session, "Partner Day 2028")
        report = build_report(session, event.id)
    assert report.is_empty
    assert "rien à rapporter" in report_html(report)
    assert "rien à rapporter" in pdf_text(report_pdf(report), tmp_path)
    assert commitments_csv(report).decode("utf-8-sig").strip() == \
        "cas;groupe;qui;quoi;pour quand;orientation"


def test_report_command_writes_the_three_files(engine, database_url, tmp_path):
    report_day(engine)
    result = run_cli(database_url, "report", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "36 engagement(s)" in result.stdout
    files = {p.name: p for p in (tmp_path / "out").iterdir()}
    assert set(files) == {"rapport.html", "rapport.pdf", "engagements.csv"}
    assert files["rapport.pdf"].read_bytes().startswith(b"%PDF")
    assert "Samir" in files["rapport.html"].read_text(encoding="utf-8")
