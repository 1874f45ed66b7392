"""What the organisers see of the year after the day: the commitments late ones first, their
status month by month, who has not answered a reminder, what the next run will send, the
digest as it would go today; and, on next year's dashboard, how last year's ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from partnerday.i18n import N_
from partnerday.refusals import Refusal
from partnerday.commitments import STATUSES, commitments_frame, is_overdue, list_commitments, \
    overdue_first, status_by_month
from partnerday.digest import Digest
from partnerday.models import Commitment, Event
from partnerday.reminders import FollowUpPlan, event_digest, follow_up_day, plan_follow_up, \
    unanswered

MAX_MONTHS = 12


class FollowUpSettingsRefused(Refusal):
    """Follow-up settings that cannot be saved, with the reason (in the page's language)."""


@dataclass(frozen=True)
class YearView:
    commitments: list[Commitment]  # in list_commitments' order
    table: pd.DataFrame  # commitments, late ones first, with « en retard » and « à la une »
    ids: list[int]  # the table's commitment ids, row by row
    by_month: pd.DataFrame  # mois, état, engagements
    counts: dict[str, int]  # status label -> how many
    overdue: int
    unanswered: pd.DataFrame  # qui, quoi, rappelé le
    plan: FollowUpPlan
    digest: Digest
    months: list[int]
    reminder_days: int


def year_view(session: Session, event_id: int, today: date) -> YearView:
    event = session.get(Event, event_id)
    listed = list_commitments(session, event_id)
    rows = overdue_first(listed, today)
    table = commitments_frame(rows)
    table.insert(0, "à la une", [c.starred for c in rows])
    table.insert(1, "en retard", ["en retard" if is_overdue(c, today) else "" for c in rows])
    ours = [c for c in rows if not c.carried_from]
    waiting = unanswered(session, event_id)
    return YearView(
        listed, table.drop(columns="id"), [c.id for c in rows],
        status_by_month(ours, follow_up_day(event), max(today, follow_up_day(event))),
        {label: sum(c.status == status for c in rows) for status, label in STATUSES.items()},
        sum(is_overdue(c, today) for c in rows),
        pd.DataFrame([{"qui": c.who, "quoi": c.what, "rappelé le": r.at.date()}
                      for c, r in waiting], columns=["qui", "quoi", "rappelé le"]),
        plan_follow_up(session, event_id, today), event_digest(session, event_id, today),
        list(event.followup_months or []), event.reminder_days)


def update_followup_settings(session: Session, event_id: int, months: list[int],
                             reminder_days: int) -> None:
    if any(not 1 <= m <= MAX_MONTHS for m in months):
        raise FollowUpSettingsRefused.of(N_("Les points d'étape vont de 1 à {most} mois après "
                                            "la journée."), most=MAX_MONTHS)
    if not 0 <= reminder_days <= 60:
        raise FollowUpSettingsRefused.of(N_("Le rappel avant l'échéance va de 0 à 60 jours."))
    event = session.get(Event, event_id)
    event.followup_months, event.reminder_days = sorted(set(months)), int(reminder_days)
    session.add(event)
    session.flush()


@dataclass(frozen=True)
class PreviousResults:
    event_name: str
    total: int
    counts: dict[str, int]  # status label -> how many
    carried: bool  # already carried over into this event


def previous_results(session: Session, event: Event) -> PreviousResults | None:
    """How the previous Partner Day's commitments ended (the latest event before this one
    with commitments), for this year's dashboard to open on."""
    before = [e for e in session.exec(select(Event).where(Event.id != event.id,
                                                          Event.is_demo == False))  # noqa: E712
              if (e.day or e.created_at.date()) < (event.day or event.created_at.date())]
    for previous in sorted(before, key=lambda e: e.day or e.created_at.date(), reverse=True):
        rows = list(session.exec(select(Commitment).where(Commitment.event_id == previous.id,
                                                          Commitment.carried_from == "")))
        if rows:
            carried = session.exec(select(Commitment.id).where(
                Commitment.event_id == event.id,
                Commitment.carried_from == previous.name)).first() is not None
            return PreviousResults(previous.name, len(rows), {
                label: sum(c.status == s for c in rows) for s, label in STATUSES.items()},
                carried)
    return None

