"""After the day, for the organisers and the command line: the report (built, laid out,
emailed), and the commitments followed for a year (news, carried over, starred, the follow-up
settings, the reminders and digests sent)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd
from sqlalchemy.engine import Engine

from partnerday import audit, commitments, events, followup, mailing, reminders
from partnerday.accounts import AccountView
from partnerday.db import session_scope
from partnerday.events import current_event
from partnerday.models import Event
from partnerday.privacy import privacy_link
from partnerday.refusals import Refusal
from partnerday.report import Report, build_report, report_html, report_pdf
from partnerday.settings import Settings

Progress = Callable[[int, int, str], None]
"""Called after each message: how many sent, of how many, to whom."""


# --- the report ------------------------------------------------------------------------------


class NoEvent(Refusal):
    """No event to report on (none is current)."""


def current_event_id(engine: Engine) -> int:
    with session_scope(engine) as session:
        event = current_event(session)
    if event is None:
        raise NoEvent("Aucun événement en cours.")
    return event.id


@dataclass(frozen=True)
class ReportFiles:
    report: Report
    page: str  # the self-contained HTML page


def report(engine: Engine, event_id: int, sections: list[str] | None = None,
           language: str = "fr") -> ReportFiles:
    """The report with the chosen `report.SECTIONS` (all by default), and its HTML page in
    `language`; the PDF (`report.report_pdf`) is laid out from it on demand (0.4 to 1.7 s
    for the demo day's, by the machine's speed, most of it fpdf2 breaking the tables' lines)."""
    with session_scope(engine) as session:
        built = build_report(session, event_id, sections)
    return ReportFiles(built, report_html(built, language))


def report_with_pdf(engine: Engine, event_id: int, sections: list[str] | None = None,
                    language: str = "fr") -> tuple[ReportFiles, bytes]:
    files = report(engine, event_id, sections, language)
    return files, report_pdf(files.report, language)


def report_copies(built: Report) -> mailing.Copies:
    """The report's files in a language, laid out the first time a reader of it is sent
    them (a language nobody reads costs nothing)."""
    @cache
    def copy(language: str) -> list[mailing.Attachment]:
        return mailing.report_attachments(report_html(built, language),
                                          report_pdf(built, language), language)
    return copy


@dataclass(frozen=True)
class Mailing:
    pending: list[mailing.Recipient]  # not sent the report yet
    log: pd.DataFrame  # what was sent, when, and what the server said
    privacy_url: str


def mailing_state(engine: Engine, event_id: int, base_url: str) -> Mailing:
    with session_scope(engine) as session:
        return Mailing(mailing.pending_recipients(session, event_id),
                       mailing.delivery_frame(session, event_id),
                       privacy_link(base_url, session.get(Event, event_id)))


def send_report(engine: Engine, event_id: int, settings: Settings, built: Report,
                who: AccountView | None, on_progress: Progress | None = None
                ) -> mailing.SendSummary:
    """To everyone not sent it yet, each the copy in their language, noted in the audit log;
    refused with `mailing.MailRefused`, stopped with `mailing.MailInterrupted` (sent ones stay
    sent)."""
    summary = mailing.send_report(engine, event_id, settings, report_copies(built),
                                  on_progress)
    with session_scope(engine) as session:
        audit.record(session, who, "send_report", f"{summary.sent} envoyé(s)", event_id)
    return summary


# --- commitments, followed for a year --------------------------------------------------------


def year_of_commitments(engine: Engine, event_id: int, today: date) -> followup.YearView:
    """The organisers' view of the year: the commitments (read once), their figures, what
    is owed today, the digest as it would go."""
    with session_scope(engine) as session:
        return followup.year_view(session, event_id, today)


def note_news(engine: Engine, commitment_id: int, status: str, progress: int,
              note: str) -> None:
    """News the organisers heard (by phone, at a meeting); refused with
    `commitments.CommitmentRefused`."""
    with session_scope(engine) as session:
        commitments.update_commitment(session, commitment_id, status, progress, note,
                                      "organisation")


def resync_commitments(engine: Engine, event_id: int) -> int:
    """Commitments follow each tablet's save; this takes up those written before that (or
    restored from a backup)."""
    with session_scope(engine) as session:
        return commitments.sync_commitments(session, event_id)


def other_events(engine: Engine, event_id: int) -> list[Event]:
    with session_scope(engine) as session:
        return [e for e in events.list_events(session) if e.id != event_id]


def carry_over(engine: Engine, from_event_id: int, to_event_id: int) -> int:
    """An earlier Partner Day's commitments, to review at this one (once)."""
    with session_scope(engine) as session:
        return commitments.carry_over(session, from_event_id, to_event_id)


def star(engine: Engine, event_id: int, commitment_ids: set[int]) -> int:
    """The commitments on the report's first page."""
    with session_scope(engine) as session:
        return commitments.set_starred(session, event_id, commitment_ids)


def update_followup_settings(engine: Engine, event_id: int, months: list[int],
                             days: int) -> None:
    """Refused with `followup.FollowUpSettingsRefused`."""
    with session_scope(engine) as session:
        followup.update_followup_settings(session, event_id, months, days)


def send_follow_up(engine: Engine, event_id: int, settings: Settings, today: date,
                   who: AccountView | None, digest_when: str | None = None,
                   on_progress: Progress | None = None) -> reminders.FollowUpSummary:
    """What is owed today (the reminders, and a digest when one is due), or with
    `digest_when` the digest alone, sent by hand; noted in the audit log."""
    summary = reminders.send_follow_up(engine, event_id, settings, today,
                                       digest_when=digest_when,
                                       reminders=digest_when is None, on_progress=on_progress)
    with session_scope(engine) as session:
        audit.record(session, who, "send_follow_up",
                     f"{summary.reminders} rappel(s), {summary.digests} point(s) d'étape",
                     event_id)
    return summary
