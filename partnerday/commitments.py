"""Commitments taken on the day, followed until next year's Partner Day.

They come from the tablets' proposals (a proposal with a "who" or a "what"); organisers and
the person who made one update its status and progress, each update dated; next year's event
carries last year's over for review.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Row, bindparam, select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from partnerday.directory import entries
from partnerday.findings import proposals, sheet
from partnerday.models import Case, Commitment, Event, Participant, WorkGroup, \
    utcnow
from partnerday.organisations import fold

STATUSES: dict[str, str] = {"not_started": "pas commencé", "in_progress": "en cours",
                            "done": "fait", "dropped": "abandonné"}
MAX_NOTE = 1000


class CommitmentRefused(ValueError):
    """An update that cannot be saved, with the reason in French."""


def _who_is(who: str, members: list[Participant]) -> int | None:
    """The group member a "who" names, when exactly one matches (full or first name)."""
    wanted = fold(who.strip())
    if not wanted:
        return None
    for matches in ([m for m in members if fold(m.name) == wanted],
                    [m for m in members if fold(m.first_name) == wanted]):
        if len(matches) == 1:
            return matches[0].id
    return None


def sync_commitments(session: Session, event_id: int) -> int:
    """Create or refresh the commitments written on the tablets; their follow-up is kept."""
    existing = {c.source: c for c in session.exec(select(Commitment).where(
        Commitment.event_id == event_id, Commitment.source != ""))}
    directory = {e.id: e.name for e in entries(session, event_id)}
    cases = {c.id: c for c in session.exec(select(Case).where(Case.event_id == event_id))}
    count = 0
    for group in session.exec(select(WorkGroup).where(WorkGroup.event_id == event_id)):
        members = list(session.exec(select(Participant).where(Participant.group_id == group.id)))
        for case in cases.values():
            for p in proposals(sheet(session, group.id, case.id)):
                if not (p.who.text.strip() or p.what.text.strip()):
                    continue
                source = f"g{group.id}-c{case.id}-p{p.number}"
                row = existing.get(source) or Commitment(event_id=event_id, source=source)
                row.case_id, row.group_id, row.case_title = case.id, group.id, case.title
                row.who, row.what = p.who.text.strip()[:200], p.what.text.strip()
                row.due = date.fromisoformat(p.due.text) if p.due.text else None
                ref = int(p.referral.text) if p.referral.text.isdigit() else None
                row.referral = directory.get(ref, "")[:200] if ref else ""
                row.participant_id = _who_is(row.who, members)
                session.add(row)
                count += 1
    session.flush()
    return count


def list_commitments(session: Session, event_id: int) -> list[Commitment]:
    return list(session.exec(select(Commitment).where(Commitment.event_id == event_id)
                             .order_by(Commitment.carried_from, Commitment.case_title,
                                       Commitment.id)))


_commitment = Commitment.__table__
PERSONS_COMMITMENTS = sa_select(_commitment).where(
    _commitment.c.participant_id == bindparam("person")).order_by(_commitment.c.id)
"""Built once, on the table (the phone page runs it on every view)."""


def commitments_of(connection: Connection | Session, participant_id: int) -> list[Row]:
    """A person's commitments, as rows with the commitment's fields."""
    return list(connection.execute(PERSONS_COMMITMENTS, {"person": participant_id}))


def update_commitment(session: Session, commitment_id: int, status: str, progress: int,
                      note: str = "", by: str = "") -> Commitment:
    """A dated update: the status and progress change, the note is kept in the history."""
    row = session.get(Commitment, commitment_id)
    if row is None:
        raise CommitmentRefused("Cet engagement n'existe plus.")
    if status not in STATUSES:
        raise CommitmentRefused("État inconnu.")
    if not 0 <= int(progress) <= 100:
        raise CommitmentRefused("L'avancement va de 0 à 100 %.")
    if len(note) > MAX_NOTE:
        raise CommitmentRefused(f"Note trop longue ({MAX_NOTE} caractères au maximum).")
    row.status, row.progress = status, int(progress)
    row.updates = [*row.updates, {"at": utcnow().isoformat(timespec="seconds"), "status": status,
                                  "progress": int(progress), "note": note.strip(),
                                  "by": by.strip()[:200]}]
    session.add(row)
    session.flush()
    return row


def carry_over(session: Session, from_event_id: int, to_event_id: int) -> int:
    """Bring last year's commitments into this year's event, once, for review."""
    origin = session.get(Event, from_event_id)
    if origin is None or from_event_id == to_event_id:
        raise CommitmentRefused("Choisissez un autre événement que celui-ci.")
    carried = set(session.exec(select(Commitment.source).where(
        Commitment.event_id == to_event_id, Commitment.carried_from != "")))
    count = 0
    for old in list_commitments(session, from_event_id):
        source = f"{origin.uid}:{old.source or old.id}"[:80]
        if source in carried:
            continue
        session.add(Commitment(
            event_id=to_event_id, source=source, case_title=old.case_title, who=old.who,
            what=old.what, referral=old.referral, due=old.due, status=old.status,
            progress=old.progress, updates=list(old.updates), carried_from=origin.name))
        count += 1
    session.flush()
    return count


def commitments_frame(rows: list[Commitment]) -> pd.DataFrame:
    return pd.DataFrame([{"id": c.id, "cas": c.case_title, "qui": c.who, "quoi": c.what,
                          "orientation": c.referral, "pour quand": c.due,
                          "état": STATUSES.get(c.status, c.status), "avancement": c.progress,
                          "dernière nouvelle": (c.updates[-1]["at"][:10] + " · " +
                                                c.updates[-1]["note"]) if c.updates else "",
                          "origine": c.carried_from} for c in rows],
                        columns=["id", "cas", "qui", "quoi", "orientation", "pour quand", "état",
                                 "avancement", "dernière nouvelle", "origine"])
