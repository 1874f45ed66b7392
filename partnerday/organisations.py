"""Partner organisations: one per normalised name, mergeable by hand."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import update
from sqlmodel import Session, select

from partnerday.sorting import by_name
from partnerday.models import Organisation, Participant
from partnerday.i18n import N_
from partnerday.refusals import Refusal


class OrganisationRefused(Refusal):
    """A structure's name, merge or rename that cannot be done."""

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without accents, for matching 'Santé' with 'sante'."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def organisation_key(name: str) -> str:
    """Names that differ only by case, accents, spacing or punctuation share a key.

    >>> organisation_key("  C.P.A.S. d'Anderlecht ") == organisation_key("cpas d anderlecht")
    True
    """
    return _NON_ALNUM.sub("", fold(name))


def clean_name(name: str) -> str:
    return " ".join(str(name).split())


def organisations_by_key(session: Session, event_id: int) -> dict[str, Organisation]:
    orgs = session.exec(select(Organisation).where(Organisation.event_id == event_id))
    return {org.key: org for org in orgs}


def get_or_create_organisation(session: Session, event_id: int, name: str,
                               known: dict[str, Organisation] | None = None) -> Organisation:
    known = organisations_by_key(session, event_id) if known is None else known
    key = organisation_key(name)
    if not key:
        raise OrganisationRefused.of(N_("Le nom de la structure est vide."),
                                     code="organisation_empty")
    org = known.get(key)
    if org is None:
        org = Organisation(event_id=event_id, name=clean_name(name), key=key)
        session.add(org)
        session.flush()
        known[key] = org
    return org


def list_organisations(session: Session, event_id: int) -> list[Organisation]:
    """In reading order (`sorting`): the directory, the organisers' tables."""
    return by_name(session.exec(select(Organisation).where(Organisation.event_id == event_id)),
                   lambda o: o.name)


def merge_organisations(session: Session, keep_id: int, absorb_id: int) -> Organisation:
    """Move everyone of `absorb_id` into `keep_id` and delete `absorb_id`."""
    if keep_id == absorb_id:
        raise OrganisationRefused.of(N_("Choisissez deux structures différentes."),
                                  code="organisations_the_same")
    keep = session.get(Organisation, keep_id)
    absorb = session.get(Organisation, absorb_id)
    if keep is None or absorb is None or keep.event_id != absorb.event_id:
        raise OrganisationRefused.of(N_("Structure introuvable dans cet événement."),
                                  code="organisation_not_found")
    session.exec(update(Participant).where(Participant.organisation_id == absorb_id)
                 .values(organisation_id=keep_id))
    keep.themes = sorted(set(keep.themes or []) | set(absorb.themes or []))
    if absorb.services and absorb.services not in keep.services:
        keep.services = "\n".join(s for s in (keep.services, absorb.services) if s)
    session.delete(absorb)
    session.flush()
    return keep


def rename_organisation(session: Session, org_id: int, new_name: str) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise OrganisationRefused.of(N_("Structure introuvable."), code="organisation_not_found")
    key = organisation_key(new_name)
    if not key:
        raise OrganisationRefused.of(N_("Le nom de la structure ne peut pas être vide."),
                                  code="organisation_empty")
    other = organisations_by_key(session, org.event_id).get(key)
    if other is not None and other.id != org.id:
        raise OrganisationRefused.of(N_("« {name} » existe déjà : fusionnez plutôt les deux "
                                        "structures."), code="organisation_exists",
                                     name=other.name)
    org.name, org.key = clean_name(new_name), key
    session.add(org)
    session.flush()
    return org
