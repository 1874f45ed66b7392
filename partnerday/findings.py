"""What a group writes on its tablet for a case: profile, diagnosis and proposals.

Each field is one row with a version number. A save names the version it started from; if
another tablet saved the field since, the save is refused and both texts come back, so that
nobody's text is silently overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from partnerday.i18n import N_, _
from partnerday.refusals import Refusal
from partnerday.db import lock_event_for_writing
from partnerday.models import Case, Finding, Organisation, WorkGroup, utcnow

PROFILE, DIAGNOSIS, SYNTHESIS = "profile", "diagnosis", "synthesis"
LABELS = {PROFILE: N_("Profil de la personne"), DIAGNOSIS: N_("Diagnostic"),
          SYNTHESIS: N_("Synthèse du groupe fusionné")}
PROPOSAL_LABELS = {"text": N_("Proposition {number}"),
                   "referral": N_("Orienter vers (annuaire « qui fait quoi »)"),
                   "who": N_("Engagement : qui ?"), "what": N_("Quoi ?"),
                   "due": N_("Pour quand ?")}
PROPOSAL_PARTS = tuple(PROPOSAL_LABELS)
MAX_TEXT = 50_000
_PROPOSAL_FIELD = re.compile(r"proposal\.(\d{1,3})\.(\w+)")


class FindingRefused(Refusal):
    """A save that cannot be made, with the reason in French (the text is kept on screen)."""


@dataclass(frozen=True)
class FieldState:
    text: str = ""
    version: int = 0
    saved_at: datetime | None = None


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    current: FieldState  # what the database holds now
    theirs: str | None = None  # on a conflict: the other tablet's text


@dataclass(frozen=True)
class Proposal:
    number: int
    text: FieldState
    referral: FieldState
    who: FieldState
    what: FieldState
    due: FieldState


def proposal_field(number: int, part: str) -> str:
    return f"proposal.{number}.{part}"


def proposal_number(field: str) -> int | None:
    """The proposal a field belongs to (`proposal.3.who` -> 3), None for the other fields."""
    found = _PROPOSAL_FIELD.fullmatch(field)
    return int(found[1]) if found else None


def field_label(field: str) -> str:
    """What the tablet calls a field: its box's label, in the page's language."""
    if match := _PROPOSAL_FIELD.fullmatch(field):
        return _(PROPOSAL_LABELS[match[2]]).format(number=match[1])
    return _(LABELS[field])


def _check_field(field: str) -> None:
    match = _PROPOSAL_FIELD.fullmatch(field)
    if field not in LABELS and not (match and match[2] in PROPOSAL_PARTS):
        raise FindingRefused.of(N_("Champ inconnu."))


def _count(number: int) -> str:
    return f"{number:_}".replace("_", "\u202f")


def _check_value(session: Session, event_id: int, field: str, text: str) -> str:
    if len(text) > MAX_TEXT:
        raise FindingRefused.of(N_("Texte trop long ({count} caractères, {most} au maximum) : "
                                   "il n'est pas enregistré, raccourcissez-le."),
                                count=_count(len(text)), most=_count(MAX_TEXT))
    if field.endswith(".referral") and text:
        organisation = session.get(Organisation, int(text)) if text.isdigit() else None
        if organisation is None or organisation.event_id != event_id:
            raise FindingRefused.of(N_("Cette structure n'est plus dans l'annuaire : "
                                       "choisissez-en une autre."))
    if field.endswith(".due") and text:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise FindingRefused.of(N_("Date d'échéance invalide.")) from None
    return text


def _state(finding: Finding | None) -> FieldState:
    if finding is None:
        return FieldState()
    return FieldState(finding.text, finding.version, finding.updated_at)


def _find(session: Session, group_id: int, case_id: int, field: str) -> Finding | None:
    return session.exec(select(Finding).where(Finding.group_id == group_id,
                                              Finding.case_id == case_id,
                                              Finding.field == field)
                        .execution_options(populate_existing=True)).first()


def save_field(session: Session, group_id: int, case_id: int, field: str, text: str,
               base_version: int) -> SaveResult:
    """Save a field if nobody saved it since `base_version`; otherwise return both texts."""
    _check_field(field)
    group = session.get(WorkGroup, group_id)
    case = session.get(Case, case_id)
    if group is None or case is None or case.event_id != group.event_id:
        raise FindingRefused.of(N_("Ce cas n'appartient pas à la journée de ce groupe."))
    text = _check_value(session, group.event_id, field, text)
    lock_event_for_writing(session, group.event_id)
    finding = _find(session, group_id, case_id, field)
    current = _state(finding)
    if current.text == text:
        return SaveResult(True, current)
    if current.version != base_version and current.text:  # an empty field loses nothing
        return SaveResult(False, current, theirs=current.text)
    finding = finding or Finding(event_id=group.event_id, group_id=group_id, case_id=case_id,
                                 field=field)
    finding.text, finding.version, finding.updated_at = text, current.version + 1, utcnow()
    session.add(finding)
    session.flush()
    return SaveResult(True, _state(finding))


def sheet(session: Session, group_id: int, case_id: int) -> dict[str, FieldState]:
    """Every field the group saved for a case."""
    return {f.field: _state(f) for f in session.exec(
        select(Finding).where(Finding.group_id == group_id, Finding.case_id == case_id))}


def filled_fields(session: Session, event_id: int) -> dict[tuple[int, int], int]:
    """(group, case) -> how many fields hold text: what the organisers' round panel shows
    every second, in one query for every group."""
    rows = session.exec(select(Finding.group_id, Finding.case_id, func.count())
                        .where(Finding.event_id == event_id, Finding.text != "")
                        .group_by(Finding.group_id, Finding.case_id))
    return {(group, case): count for group, case, count in rows}


def proposals(fields: dict[str, FieldState]) -> list[Proposal]:
    numbers = sorted({int(m[1]) for f in fields if (m := _PROPOSAL_FIELD.fullmatch(f))})
    return [Proposal(n, *(fields.get(proposal_field(n, part), FieldState())
                          for part in PROPOSAL_PARTS)) for n in numbers]


def add_proposal(session: Session, group_id: int, case_id: int) -> int:
    """A new, empty proposal; its number is returned."""
    group = session.get(WorkGroup, group_id)
    lock_event_for_writing(session, group.event_id)
    fields = session.exec(select(Finding.field).where(
        Finding.group_id == group_id, Finding.case_id == case_id,
        Finding.field.like("proposal.%"))).all()
    number = max((int(m[1]) for f in fields if (m := _PROPOSAL_FIELD.fullmatch(f))),
                 default=0) + 1
    session.add(Finding(event_id=group.event_id, group_id=group_id, case_id=case_id,
                        field=proposal_field(number, "text"), text="", version=1))
    session.flush()
    return number
