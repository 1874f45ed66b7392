"""Commitments taken on the day, followed until next year's Partner Day.

They come from the tablets' proposals (a proposal with a "who" or a "what"); organisers and
the person who made one update its status and progress, each update dated; next year's event
carries last year's over for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Row, bindparam, select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from partnerday import content
from partnerday.i18n import N_
from partnerday.refusals import Refusal
from partnerday.directory import entries, listed_names
from partnerday.findings import Proposal, SaveResult, proposal_number, proposals, save_field, \
    sheet
from partnerday.models import Case, Commitment, Event, Participant, WorkGroup, \
    utcnow
from partnerday.organisations import fold
from partnerday.tokens import is_well_formed

STATUSES: dict[str, str] = {"not_started": N_("pas commencé"), "in_progress": N_("en cours"),
                            "done": N_("fait"), "dropped": N_("abandonné")}
CLOSED = frozenset({"done", "dropped"})
"""Statuses after which nobody is reminded."""
MAX_NOTE = 1000


class CommitmentRefused(Refusal):
    """An update that cannot be saved, with the reason in French."""


def who_is(who: str, members: list[Participant]) -> int | None:
    """The group member a "who" names, when exactly one matches (full or first name)."""
    wanted = fold(who.strip())
    if not wanted:
        return None
    for matches in ([m for m in members if fold(m.name) == wanted],
                    [m for m in members if fold(m.first_name) == wanted]):
        if len(matches) == 1:
            return matches[0].id
    return None


def _sync_proposal(session: Session, event_id: int, group: WorkGroup, case: Case,
                   proposal: Proposal, members: list[Participant], directory: dict[int, str],
                   existing: Commitment | None) -> bool:
    """Create or refresh one proposal's commitment (its follow-up is kept). False when the
    proposal names no "who" nor "what" (a commitment it had stays as it was)."""
    if not (proposal.who.text.strip() or proposal.what.text.strip()):
        return False
    row = existing or Commitment(event_id=event_id, source=proposal_source(
        group.id, case.id, proposal.number))
    row.case_id, row.group_id, row.case_title = case.id, group.id, case.title
    row.who, row.what = proposal.who.text.strip()[:200], proposal.what.text.strip()
    row.due = date.fromisoformat(proposal.due.text) if proposal.due.text else None
    ref = int(proposal.referral.text) if proposal.referral.text.isdigit() else None
    row.referral = directory.get(ref, "")[:200] if ref else ""
    row.participant_id = who_is(row.who, members)
    session.add(row)
    return True


def proposal_source(group_id: int, case_id: int, number: int) -> str:
    return f"g{group_id}-c{case_id}-p{number}"


def sync_proposal(session: Session, group_id: int, case_id: int, number: int) -> None:
    """After a tablet saved a field of a proposal: its commitment follows at once, in the same
    transaction (a phone sees the commitment its group just wrote)."""
    group, case = session.get(WorkGroup, group_id), session.get(Case, case_id)
    proposal = next((p for p in proposals(sheet(session, group_id, case_id))
                     if p.number == number), None)
    if proposal is None:
        return
    existing = session.exec(select(Commitment).where(
        Commitment.event_id == group.event_id,
        Commitment.source == proposal_source(group_id, case_id, number))).first()
    members = list(session.exec(select(Participant).where(Participant.group_id == group.id)))
    referral = proposal.referral.text
    directory = listed_names(session, group.event_id, [int(referral)] if referral.isdigit()
                             else [])
    _sync_proposal(session, group.event_id, group, case, proposal, members, directory,
                   existing)
    session.flush()


def sync_commitments(session: Session, event_id: int) -> int:
    """Create or refresh every commitment written on the tablets (for data saved before
    commitments followed each save, and after a restore); their follow-up is kept."""
    existing = {c.source: c for c in session.exec(select(Commitment).where(
        Commitment.event_id == event_id, Commitment.source != ""))}
    directory = {e.id: e.name for e in entries(session, event_id)}
    cases = {c.id: c for c in session.exec(select(Case).where(Case.event_id == event_id))}
    count = 0
    for group in session.exec(select(WorkGroup).where(WorkGroup.event_id == event_id)):
        members = list(session.exec(select(Participant).where(Participant.group_id == group.id)))
        for case in cases.values():
            for p in proposals(sheet(session, group.id, case.id)):
                count += _sync_proposal(session, event_id, group, case, p, members, directory,
                                        existing.get(proposal_source(group.id, case.id,
                                                                     p.number)))
    session.flush()
    return count


def save_sheet_field(session: Session, group_id: int, case_id: int, field: str, text: str,
                     base_version: int) -> SaveResult:
    """What a tablet's box saves: the field (findings.save_field, versioned), and when it is
    part of a proposal, that proposal's commitment, in the same transaction."""
    result = save_field(session, group_id, case_id, field, text, base_version)
    number = proposal_number(field)
    if result.saved and number is not None:
        sync_proposal(session, group_id, case_id, number)
    return result


def list_commitments(session: Session, event_id: int) -> list[Commitment]:
    return list(session.exec(select(Commitment).where(Commitment.event_id == event_id)
                             .order_by(Commitment.carried_from, Commitment.case_title,
                                       Commitment.id)))


_commitment, _case = Commitment.__table__, Case.__table__
PERSONS_COMMITMENTS = sa_select(_commitment, _case.c.translations.label("case_translations")) \
    .select_from(_commitment.outerjoin(_case, _case.c.id == _commitment.c.case_id)) \
    .where(_commitment.c.participant_id == bindparam("person")).order_by(_commitment.c.id)
"""Built once, on the table (the phone page runs it on every view)."""


def commitments_of(connection: Connection | Session, participant_id: int) -> list[Row]:
    """A person's commitments, as rows with the commitment's fields and their case's
    translations (`case_title_in`)."""
    return list(connection.execute(PERSONS_COMMITMENTS, {"person": participant_id}))


def case_title_in(row: Row | LinkView, language: str) -> str:
    """The commitment's case title in `language` where the organisers gave it (a carried-over
    commitment keeps the title it was written under)."""
    return content.given_in(row.case_title, row.case_translations, "title", language)


def update_commitment(session: Session, commitment_id: int, status: str, progress: int,
                      note: str = "", by: str = "") -> Commitment:
    """A dated update: the status and progress change, the note is kept in the history."""
    row = session.get(Commitment, commitment_id)
    if row is None:
        raise CommitmentRefused.of(N_("Cet engagement n'existe plus."))
    if status not in STATUSES:
        raise CommitmentRefused.of(N_("État inconnu."))
    if not 0 <= int(progress) <= 100:
        raise CommitmentRefused.of(N_("L'avancement va de 0 à 100 %."))
    if len(note) > MAX_NOTE:
        raise CommitmentRefused.of(N_("Note trop longue ({limit} caractères au maximum)."),
                                  limit=MAX_NOTE)
    row.status, row.progress = status, int(progress)
    row.updates = [*row.updates, {"at": utcnow().isoformat(timespec="seconds"), "status": status,
                                  "progress": int(progress), "note": note.strip(),
                                  "by": by.strip()[:200]}]
    session.add(row)
    session.flush()
    return row


def by_link(session: Session, token: object) -> Commitment | None:
    """The commitment a reminder's link (`?c=TOKEN`) opens, in any event still followed (not
    the current one only: the follow-up runs a year, past next year's day)."""
    if not is_well_formed(token):
        return None
    row = session.exec(select(Commitment).where(Commitment.token == token)).first()
    if row is None or session.get(Event, row.event_id).anonymised_at is not None:
        return None
    return row


@dataclass(frozen=True)
class LinkView:
    """What a holder's link shows: their commitment, and of which day."""
    token: str
    event_name: str
    event_uid: str
    case_title: str
    what: str
    referral: str
    due: date | None
    status: str
    progress: int
    last_note: str  # the holder's last word, if any
    last_note_on: date | None
    case_translations: dict | None = None


def link_view(session: Session, token: object) -> LinkView | None:
    row = by_link(session, token)
    if row is None:
        return None
    event = session.get(Event, row.event_id)
    last = row.updates[-1] if row.updates and row.updates[-1].get("note") else None
    case = session.get(Case, row.case_id) if row.case_id else None
    return LinkView(row.token, event.name, event.uid, row.case_title, row.what, row.referral,
                    row.due, row.status, row.progress, last["note"] if last else "",
                    date.fromisoformat(last["at"][:10]) if last else None,
                    case.translations if case else None)


def update_by_link(session: Session, token: str, status: str, progress: int | None = None,
                   note: str = "") -> Commitment:
    """What the holder's link may do, and nothing more: a dated update of that commitment.
    Without a progress, « done » means 100 % and the others keep theirs."""
    row = by_link(session, token)
    if row is None:
        raise CommitmentRefused.of(N_("Ce lien ne mène plus à un engagement."))
    if progress is None:
        progress = 100 if status == "done" else row.progress
    return update_commitment(session, row.id, status, progress, note, "lien de rappel")


def set_starred(session: Session, event_id: int, starred_ids: set[int]) -> int:
    """The commitments on the report's first page: exactly these of the event."""
    count = 0
    for row in session.exec(select(Commitment).where(Commitment.event_id == event_id)):
        if row.starred != (row.id in starred_ids):
            row.starred = row.id in starred_ids
            session.add(row)
        count += row.starred
    session.flush()
    return count


def status_on(commitment: Commitment, moment: str) -> str:
    """Its status at an ISO moment, from its dated updates. A commitment counts from the day
    it comes from (its row may be written later: a catch-up, a restore)."""
    status = "not_started"
    for update in commitment.updates:
        if update["at"] <= moment:
            status = update["status"]
    return status


def status_by_month(commitments: list[Commitment], first: date, last: date
                    ) -> pd.DataFrame:
    """For each month from `first` to `last`, how many commitments had each status at its
    end (or on `last` for the month in progress): the year seen as it went."""
    rows = []
    month = date(first.year, first.month, 1)
    while month <= last:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        end = min(following - timedelta(days=1), last)
        moment = f"{end.isoformat()}T23:59:59"
        counts = {s: 0 for s in STATUSES}
        for c in commitments:
            status = status_on(c, moment)
            counts[status] = counts.get(status, 0) + 1
        rows += [{"mois": month, "état": STATUSES.get(s, s), "engagements": n}
                 for s, n in counts.items()]
        month = following
    return pd.DataFrame(rows, columns=["mois", "état", "engagements"])


def is_overdue(commitment: Commitment, today: date) -> bool:
    return bool(commitment.due and commitment.due < today and commitment.status not in CLOSED)


def overdue_first(commitments: list[Commitment], today: date) -> list[Commitment]:
    """Late ones first, the others after, each in the order they were."""
    return sorted(commitments, key=lambda c: not is_overdue(c, today))


def carry_over(session: Session, from_event_id: int, to_event_id: int) -> int:
    """Bring last year's commitments into this year's event, once, for review."""
    origin = session.get(Event, from_event_id)
    if origin is None or from_event_id == to_event_id:
        raise CommitmentRefused.of(N_("Choisissez un autre événement que celui-ci."))
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
