"""The follow-up report: case by case, commitments, charts, participation without service
users' names; HTML, PDF and CSV; an empty event; the command line. SQLite and PostgreSQL."""

import io
import re
import subprocess
from datetime import datetime, timezone

import pandas as pd
from sqlmodel import select

from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.events import create_event
from partnerday.commitments import set_starred
from partnerday.findings import DIAGNOSIS, PROFILE, SYNTHESIS, save_field
from partnerday.merge import merge_sets, merged_work
from partnerday.models import Case, Commitment, Event, Participant, Poll, Role, WorkGroup
from partnerday.polls import cast_vote, list_polls, tally
from partnerday import formats
from partnerday.report import build_report, commitments_csv, poll_line, \
    report_html, report_pdf
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
    anchors = re.findall(r"<h2 id='([a-z0-9-]+)'>", page)
    assert anchors == ["chiffres", "cas-1", "cas-2", "cas-3", "engagements", "barometres",
                       "participation", "rencontres", "annexe"]  # the groups' notes last
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page and "<script>" not in page
    assert page.index("&lt;script&gt;") > page.index("id='annexe'")  # a profile: the annex
    assert "Synthèse &lt;b&gt;commune&lt;/b&gt;" in page
    assert page.index("Synthèse &lt;b&gt;commune") < page.index("<th scope='col'>Proposition")
    assert "data:image/png;base64," in page
    text = pdf_text(report_pdf(report), tmp_path)
    for shown in ("Samir, 24 ans", "Tous les engagements", "Participation",
                  "ASBL Rebond Formation", "Annexe : les notes des groupes"):
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
    assert re.findall(r"<h2 id='([a-z0-9-]+)'>", page) == ["chiffres", "barometres"]
    assert "Orientée vers" not in page and "Participation" not in page


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
    result = run_cli(database_url, "report", "--out", tmp_path / "out", "--language", "nl")
    assert result.returncode == 0, result.stderr
    assert "36 engagement(s)" in result.stdout
    files = {p.name: p for p in (tmp_path / "out").iterdir()}
    assert set(files) == {"rapport.html", "rapport.pdf", "engagements.csv"}
    assert files["rapport.pdf"].read_bytes().startswith(b"%PDF")
    page = files["rapport.html"].read_text(encoding="utf-8")
    assert "Samir" in page and "<html lang='nl'>" in page and "De dag in cijfers" in page


def pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    return pdf_text(pdf, tmp_path).split("\f")


def test_the_first_page_gives_the_day_in_figures_and_the_starred_commitments(engine,
                                                                            tmp_path):
    event = report_day(engine)
    with session_scope(engine) as session:
        rows = session.exec(select(Commitment).where(Commitment.event_id == event.id)
                            .order_by(Commitment.id.desc())).all()
        starred = rows[:2]
        set_starred(session, event.id, {c.id for c in starred})
        report = build_report(session, event.id)
        users = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.role == Role.user.value,
            Participant.checked_in_at.is_not(None))).all()
    figures = report.figures
    assert (figures.people, figures.users, figures.cases, figures.commitments) == (
        72, sum(1 for _ in users), 3, len(rows))
    assert figures.proposals == 36 and figures.referrals == 36
    assert [h.what for h in report.highlights] == [c.what for c in sorted(starred,
                                                                         key=lambda c: c.id)]
    first = " ".join(pdf_pages(report_pdf(report), tmp_path)[0].split())
    assert "La journée en chiffres" in first and "Les engagements à retenir" in first
    for number, label in figures.cards():
        assert str(number) in first and label in first
    assert report.polls[0].line().split(";")[0] in first  # « Moyenne 5 sur 10 »
    for commitment in starred:
        assert commitment.who in first
    page = report_html(report)
    assert page.index("Les engagements à retenir") < page.index("id='cas-1'")


def test_each_case_has_a_table_of_proposals_with_the_organisations_contact(engine, tmp_path):
    event = report_day(engine)
    with session_scope(engine) as session:
        report = build_report(session, event.id)
    case = report.cases[0]
    contact = "accueil@asbl-rebond-formation.example.org"
    page = report_html(report)
    section = page[page.index("id='cas-1'"):page.index("id='cas-2'")]
    headers = re.findall(r"<th scope='col'>([^<]+)</th>", section)
    assert headers == ["Proposition", "Orientée vers", "Qui", "Pour quand", "Groupe"]
    assert section.count("<tr>") == 1 + len(case.proposals())
    assert f"ASBL Rebond Formation<br>Accueil<br>{contact}" in section
    pages = pdf_pages(report_pdf(report), tmp_path)
    toc = pages[1]
    assert "Sommaire" in toc
    for title in ("Cas : Samir, 24 ans, sans diplôme", "Tous les engagements",
                  "Baromètres et questions", "Annexe : les notes des groupes"):
        line = next(x for x in toc.splitlines() if title in x)
        number = int(line.split()[-1])  # the page it says: the title is on that page
        assert title in " ".join(pages[number - 1].split())
    case_page = next(p for p in pages if "Cas : Samir" in p and "Orientée vers" in p)
    assert contact in "".join(case_page.split())  # the address wraps in its narrow column
    assert b"/Outlines" in report_pdf(report)  # headings in the reader's side panel


def test_a_service_users_last_name_typed_by_a_group_reaches_nobody(engine):
    event = report_day(engine)
    with session_scope(engine) as session:
        user = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.role == Role.user.value,
            Participant.group_id.is_not(None))).first()
        group = session.get(WorkGroup, user.group_id)
        case = session.exec(select(Case).where(Case.event_id == event.id)).first()
        save_field(session, group.id, case.id, "proposal.1.who", user.name, 1)
        save_field(session, group.id, case.id, DIAGNOSIS,
                   f"Avec {user.name} et {user.last_name.upper()}", 1)
        page = report_html(build_report(session, event.id))
    assert user.last_name and user.last_name not in page
    assert user.last_name.upper() not in page and "[nom retiré]" in page
    assert f"Avec {user.first_name} et [nom retiré]" in page


def test_each_chart_says_in_one_line_what_it_shows():
    poll = Poll(kind="scale", question="Q", scale_min=0, scale_max=10, round=2)
    results = tally(poll, [{"value": v} for v in (2, 4, 6, 6, 8, 10)])
    roles = {"worker": tally(poll, [{"value": v} for v in (6, 8, 10)]),
             "user": tally(poll, [{"value": v} for v in (2, 4, 6)])}
    morning = tally(poll, [{"value": v} for v in (3, 5)])
    at = datetime(2027, 1, 28, 8, 40, tzinfo=timezone.utc)  # 9 h 40 in Brussels
    line = poll_line(poll, results, roles, (morning, at), at.replace(hour=15, minute=10))
    assert line == ("Moyenne 6 sur 10 ; la moitié des réponses entre 4 et 8 (6 réponses). "
                    "Travailleur·euse·s 8, usager·ère·s 4. Premier tour (vers 09 h 40) : 4, "
                    "dernier (vers 16 h 10) : 6.")
    choice = Poll(kind="single", question="Q", options=["A", "B"])
    assert poll_line(choice, tally(choice, [{"choice": "B"}, {"choice": "B"},
                                            {"choice": "A"}])) == \
        "Le plus choisi : « B » (2 voix, 3 répondant·e·s)."
    assert (formats.number(6.25), formats.number(7.0)) == ("6,2", "7")


# the report's own words in each language: a heading, a table's header, a poll's line
REPORT_SAID = {
    "fr": ("La journée en chiffres", "Orientée vers", "Moyenne", "Tous les engagements"),
    "nl": ("De dag in cijfers", "Doorverwezen naar", "Gemiddeld", "Alle engagementen"),
    "en": ("The day in figures", "Referred to", "Average", "All commitments"),
}


CASE_SAID = {"fr": "Cas : Samir, 24 ans, sans diplôme",
             "nl": "Casus: Samir, 24 jaar, zonder diploma",
             "en": "Case: Samir, 24, no qualifications"}


def test_each_copy_of_the_report_is_in_its_readers_language(engine, tmp_path):
    """The HTML page and the PDF in Dutch and English: the report's words, its figures'
    sentences, its charts' lines translated, and not a French heading left; what the groups
    typed stays as typed."""
    event = report_day(engine)
    with session_scope(engine) as session:
        report = build_report(session, event.id)
    for language, said in REPORT_SAID.items():
        page = report_html(report, language)
        text = " ".join(pdf_text(report_pdf(report, language), tmp_path).split())
        assert f"<html lang='{language}'>" in page
        for words in said:
            assert words in page and words in text, (language, words)
        for other, other_said in REPORT_SAID.items():
            if other != language:
                assert not any(words in page or words in text for words in other_said), \
                    (language, other)
        case = CASE_SAID[language]  # the case as the organisers gave it in the copy's language
        assert case in page and case in text, (language, case)
        table = page.split("<h2 id='engagements'>")[1].split("<h2")[0]
        assert CASE_SAID[language].split(": ", 1)[1] in table  # the commitments' case too
        if language != "fr":  # (they carry it as written; the groups' texts stay as typed)
            assert "Samir, 24 ans, sans diplôme" not in table, language
        assert re.findall(r"<h2 id='([a-z0-9-]+)'>", page)[:2] == ["chiffres", "cas-1"]


def test_a_charts_line_is_said_in_the_copys_language():
    from partnerday.i18n import speaking

    poll = Poll(kind="scale", question="Q", scale_min=0, scale_max=10, round=2)
    results = tally(poll, [{"value": v} for v in (2, 4, 6, 6, 8, 10)])
    morning = tally(poll, [{"value": v} for v in (3, 5)])
    at = datetime(2027, 1, 28, 8, 40, tzinfo=timezone.utc)
    with speaking("nl"):
        line = poll_line(poll, results, None, (morning, at), at.replace(hour=15, minute=10))
    assert line == ("Gemiddeld 6 op 10; de helft van de antwoorden tussen 4 en 8 "
                    "(6 antwoorden). Eerste ronde (rond 09:40): 4, laatste (rond 16:10): 6.")
    with speaking("en"):
        assert poll_line(poll, tally(poll, [{"value": 4.5}])) == \
            "Average 4,5 out of 10 (1 answer)."  # Brussels English writes a decimal comma
