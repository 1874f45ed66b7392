"""The report by email, through a real SMTP server on loopback (aiosmtpd): every message
checked, malformed addresses skipped, a stopped sending resumed, a refused login."""

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlmodel import select

from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.mailing import SENT, MailInterrupted, MailRefused, delivery_frame, \
    pending_recipients, report_attachments, send_report, send_test
from partnerday.models import Delivery, Participant
from partnerday.report import build_report, report_html, report_pdf
from partnerday.services.afterwards import report_copies
from partnerday.settings import Settings
from tests.conftest import Inbox, free_port


LIGHT = ["commitments"]
"""A report of one table, no chart: for the tests of the sending itself, not of what it
carries (it lays out three copies, one per readers' language, in a second)."""


def demo_with_a_bad_address(engine, sections: list[str] | None = None) -> tuple[int, list]:
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        person = session.exec(select(Participant).where(Participant.event_id == event.id)
                              .order_by(Participant.id)).first()
        person.email = "pas-une-adresse@"
        session.add(person)
        report = build_report(session, event.id, sections)
        emails = [r.email for r in pending_recipients(session, event.id)]
    return event.id, report_copies(report), emails


COPY_NAMES = {"fr": "rapport-partner-day", "nl": "verslag-partner-day",
              "en": "partner-day-report"}
FIGURES_HEADING = {"fr": "La journée en chiffres", "nl": "De dag in cijfers",
                   "en": "The day in figures"}


def test_everyone_with_an_address_gets_the_report_once(engine, smtp_server):
    settings, inbox = smtp_server
    event_id, copies, emails = demo_with_a_bad_address(engine)
    progress = []
    summary = send_report(engine, event_id, settings, copies,
                          lambda done, total, email: progress.append((done, total)))
    valid = [e for e in emails if e != "pas-une-adresse@"]
    assert summary.sent == len(valid) == len(inbox.messages) and summary.invalid == [
        "pas-une-adresse@"]
    assert progress[-1] == (len(valid), len(valid))
    assert sorted(m["To"] for m in inbox.messages) == sorted(valid)
    with session_scope(engine) as session:
        language_of = dict(session.exec(select(Participant.email, Participant.language).where(
            Participant.event_id == event_id)).all())
    assert {language_of[m["To"]] for m in inbox.messages} == {"fr", "nl", "en"}
    for message in inbox.messages:
        assert message["From"] == "Partner Day <orga@example.org>"
        assert message["Subject"].endswith({"fr": "le rapport de la journée",
                                            "nl": "het verslag van de dag",
                                            "en": "the report of the day"}[
            language_of[message["To"]]])  # each in their own language
        language = language_of[message["To"]]  # and the report in it too
        files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        stem = COPY_NAMES[language]
        assert set(files) == {f"{stem}.html", f"{stem}.pdf"}
        assert files[f"{stem}.pdf"].startswith(b"%PDF")
        page = files[f"{stem}.html"]
        assert "Samir, 24 ans" in page  # what the groups typed, as they typed it
        assert f"<html lang='{language}'>" in page and FIGURES_HEADING[language] in page
        assert not any(h in page for other, h in FIGURES_HEADING.items() if other != language)
    with session_scope(engine) as session:
        log = delivery_frame(session, event_id)
        assert pending_recipients(session, event_id) == [
            r for r in pending_recipients(session, event_id) if r.email == "pas-une-adresse@"]
    assert (log["état"] == "envoyé").sum() == len(valid)
    assert list(log.loc[log["état"] == "adresse invalide", "email"]) == ["pas-une-adresse@"]
    again = send_report(engine, event_id, settings, copies)  # nothing twice
    assert again.sent == 0 and len(inbox.messages) == len(valid)


def test_a_stopped_sending_resumes_with_only_the_rest(engine, smtp_server):
    settings, inbox = smtp_server
    event_id, copies, emails = demo_with_a_bad_address(engine, LIGHT)
    inbox.fail_after = 25
    with pytest.raises(MailInterrupted, match="après 25 message"):
        send_report(engine, event_id, settings, copies)
    with session_scope(engine) as session:
        sent = session.exec(select(Delivery).where(Delivery.status == SENT)).all()
    assert len(sent) == 25 == len(inbox.messages)
    inbox.fail_after = None
    summary = send_report(engine, event_id, settings, copies)
    assert summary.sent == len(emails) - 1 - 25
    received = [m["To"] for m in inbox.messages]
    assert len(received) == len(set(received)) == len(emails) - 1


def test_a_refused_login_sends_nothing_and_says_why(engine):
    def reject(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(),
                            authenticator=reject, auth_require_tls=False)
    controller.start()
    try:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_tls=False,
                            smtp_user="orga", smtp_password="faux", smtp_from="orga@example.org")
        event_id, copies, _ = demo_with_a_bad_address(engine, LIGHT)
        with pytest.raises(MailRefused, match="refuse l'identifiant ou le mot de passe"):
            send_report(engine, event_id, settings, copies)
    finally:
        controller.stop()
    assert inbox.messages == []
    with session_scope(engine) as session:
        assert session.exec(select(Delivery)).all() == []


def test_no_server_set_or_down_is_explained(engine):
    event_id, copies, _ = demo_with_a_bad_address(engine, LIGHT)
    with pytest.raises(MailRefused, match="SMTP_HOST"):
        send_report(engine, event_id, Settings(), copies)
    with pytest.raises(MailRefused, match="ne répond pas"):
        send_report(engine, event_id, Settings(smtp_host="127.0.0.1", smtp_port=free_port(),
                                               smtp_tls=False), copies)


def test_the_organiser_gets_a_test_message_first(smtp_server):
    settings, inbox = smtp_server
    attachments = report_attachments("<html></html>", b"%PDF-1.4")
    send_test(settings, "orga@example.org", "Partner Day", attachments)
    assert [m["To"] for m in inbox.messages] == ["orga@example.org"]
    assert inbox.messages[0]["Subject"].startswith("[Test]")
    with pytest.raises(MailRefused, match="Adresse invalide"):
        send_test(settings, "orga@", "Partner Day", attachments)


def test_send_report_command_uses_the_smtp_environment(engine, database_url, smtp_server):
    from tests.test_cli import run_cli

    settings, inbox = smtp_server
    demo_with_a_bad_address(engine, LIGHT)
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(settings.smtp_port), "SMTP_TLS": "false",
           "SMTP_FROM": "orga@example.org"}
    tried = run_cli(database_url, "send-report", "--sections", *LIGHT, "--test",
                    "orga@example.org", env_extra=env)
    assert tried.returncode == 0 and [m["To"] for m in inbox.messages] == ["orga@example.org"]
    result = run_cli(database_url, "send-report", "--sections", *LIGHT, env_extra=env)
    assert result.returncode == 0, result.stderr
    assert "adresse mal formée, ignorée : pas-une-adresse@" in result.stderr
    assert f"Rapport envoyé à {len(inbox.messages) - 1} personne(s)." in result.stdout
    refused = run_cli(database_url, "send-report", "--sections", *LIGHT,
                      env_extra={**env, "SMTP_PORT": "1"})
    assert refused.returncode == 2 and "ne répond pas" in refused.stderr


def send_in_a_process(database_url: str, event_id: int, port: int, page: str,
                      pdf: bytes) -> int:
    """One organiser pressing « Envoyer » (a process of its own): how many it sent."""
    from partnerday.db import get_engine

    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls=False,
                        smtp_from="orga@example.org")
    return send_report(get_engine(database_url), event_id, settings,
                       lambda language: report_attachments(page, pdf, language)).sent


def test_two_organisers_sending_at_once_reach_each_address_once(engine, database_url,
                                                               smtp_server):
    from tests.processes import run_together

    settings, inbox = smtp_server
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        report = build_report(session, event.id, LIGHT)
        emails = sorted(r.email for r in pending_recipients(session, event.id))
    page, pdf = report_html(report), report_pdf(report)
    sent = run_together(send_in_a_process, [(database_url, event.id, settings.smtp_port, page,
                                             pdf)] * 2)
    assert sum(sent) == len(emails) == len(inbox.messages)
    assert sorted(m["To"] for m in inbox.messages) == emails  # nobody twice
    with session_scope(engine) as session:
        statuses = session.exec(select(Delivery.status).where(Delivery.event_id == event.id)
                                ).all()
    assert statuses and set(statuses) == {SENT}
