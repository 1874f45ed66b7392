"""The directory, "qui fait quoi": each organisation's services and themes.

Participants search it on their phones; group tablets refer case proposals to it; a case's
themes suggest the organisations that cover them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, case, delete, func
from sqlmodel import Session, select

from partnerday import content
from partnerday.i18n import N_
from partnerday.refusals import Refusal
from partnerday.spreadsheet import cell_text
from partnerday.themes import translations_of
from partnerday.emails import is_valid_email
from partnerday.models import LANGUAGES, Event, Organisation, Participant
from partnerday.organisations import clean_name, fold, get_or_create_organisation, \
    list_organisations, rename_organisation

DIRECTORY_COLUMNS = ["id", "name", "services", "themes", "contact_name", "contact_email",
                     "contact_language", *content.columns("organisation")]


class DirectoryRefused(Refusal):
    """Directory edits that cannot be saved, with the reason in French."""


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    services: str
    themes: tuple[str, ...]
    contact_name: str = ""
    contact_email: str = ""
    contact_language: str = "fr"
    services_in: tuple[tuple[str, str], ...] = ()  # (language, services) the organisers gave
    themes_in: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (language, themes) (themes.py)

    def services_for(self, language: str) -> str:
        """What the organisation does, in `language` where it was given."""
        return dict(self.services_in).get(language) or self.services

    def themes_for(self, language: str) -> tuple[str, ...]:
        """Its themes in `language`, each where the event's vocabulary gives it."""
        return dict(self.themes_in).get(language) or self.themes

    @property
    def contact(self) -> str:
        """« Nadia Benali · nadia@… »: whom to ask there (the report, the reminders)."""
        return " · ".join(x for x in (self.contact_name, self.contact_email) if x)


def parse_themes(text: str) -> list[str]:
    themes: list[str] = []
    for theme in (" ".join(t.split()) for t in str(text or "").replace(";", ",").split(",")):
        if theme and fold(theme) not in {fold(t) for t in themes}:
            themes.append(theme[:60])
    return themes


def _unvouched(session: Session, event_id: int) -> set[int]:
    """Organisations only unconfirmed walk-ins brought."""
    return set(session.exec(
        select(Participant.organisation_id).where(Participant.event_id == event_id)
        .group_by(Participant.organisation_id)
        .having(func.min(case((and_(Participant.walk_in == True,  # noqa: E712
                                     Participant.confirmed_at == None), 1),  # noqa: E711
                              else_=0)) == 1)))


def _listed(organisation: Organisation, unvouched: set[int]) -> bool:
    return organisation.id not in unvouched or bool((organisation.services or "").strip())


def entries(session: Session, event_id: int) -> list[Entry]:
    """The directory: every organisation, but one that only unconfirmed walk-ins brought
    (and no organiser described) stays out until the desk confirms one of them."""
    unvouched = _unvouched(session, event_id)
    vocabulary = session.exec(select(Event.theme_translations)
                              .where(Event.id == event_id)).first()
    return [Entry(o.id, o.name, o.services or "", tuple(o.themes or []), o.contact_name,
                  o.contact_email, o.contact_language,
                  tuple((language, content.text_in(o, "services", language))
                        for language in content.languages_of(o)),
                  translations_of(o.themes or [], vocabulary))
            for o in list_organisations(session, event_id) if _listed(o, unvouched)]


def listed_names(session: Session, event_id: int, ids: Iterable[int]) -> dict[int, str]:
    """id -> name of those of these organisations the directory lists (`entries`): what a
    tablet's save needs of it, without reading and sorting the whole directory."""
    wanted = set(ids)
    if not wanted:
        return {}
    unvouched = _unvouched(session, event_id)
    return {o.id: o.name for o in session.exec(select(Organisation).where(
                Organisation.event_id == event_id, Organisation.id.in_(wanted)))
            if _listed(o, unvouched)}


def search(directory: list[Entry], query: str) -> list[Entry]:
    """Entries whose name, services or themes, in any language given, contain every word of
    the query."""
    words = fold(query).split()
    return [e for e in directory
            if all(w in fold(" ".join((e.name, e.services, *(s for _, s in e.services_in),
                                       *e.themes, *(t for _, ts in e.themes_in for t in ts))))
                   for w in words)]


def suggest(directory: list[Entry], themes: list[str]) -> list[tuple[Entry, list[str]]]:
    """Organisations covering some of the themes, the ones covering most first."""
    wanted = {fold(t): t for t in themes}
    scored = []
    for entry in directory:
        shared = [wanted[key] for key in wanted if key in {fold(t) for t in entry.themes}]
        if shared:
            scored.append((entry, shared))
    return sorted(scored, key=lambda item: (-len(item[1]), fold(item[0].name)))


def directory_frame(session: Session, event_id: int) -> pd.DataFrame:
    return pd.DataFrame([{"id": e.id, "name": e.name, "services": e.services,
                          "themes": ", ".join(e.themes), "contact_name": e.contact_name,
                          "contact_email": e.contact_email,
                          "contact_language": e.contact_language,
                          **{f"services_{language}": dict(e.services_in).get(language, "")
                             for language in content.OTHER_LANGUAGES}}
                         for e in entries(session, event_id)],
                        columns=DIRECTORY_COLUMNS)


def save_directory(session: Session, event_id: int, edited: pd.DataFrame) -> int:
    """Make the directory match the edited table: services and themes changed, rows without
    id added, removed rows deleted (only organisations nobody registered with)."""
    existing = {o.id: o for o in list_organisations(session, event_id)}
    kept: set[int] = set()
    for line, record in enumerate(edited.to_dict("records"), start=1):
        name = clean_name(cell_text(record.get("name")))
        raw_id = record.get("id")
        org_id = None if raw_id is None or pd.isna(raw_id) else int(raw_id)
        if not name:
            if org_id is None and not cell_text(record.get("services")).strip():
                continue
            raise DirectoryRefused.of(N_("Ligne {line} : donnez un nom à la structure."),
                                      line=line)
        organisation = existing.get(org_id) if org_id is not None else \
            get_or_create_organisation(session, event_id, name)
        if organisation is None:
            raise DirectoryRefused.of(N_("Ligne {line} : cette structure n'existe plus."),
                                      line=line)
        if name != organisation.name:
            organisation = rename_organisation(session, organisation.id, name)
        organisation.services = cell_text(record.get("services")).strip()[:5000]
        organisation.themes = parse_themes(cell_text(record.get("themes")))
        organisation.contact_name = " ".join(cell_text(record.get("contact_name")).split())[:200]
        email = cell_text(record.get("contact_email")).strip()
        if email and not is_valid_email(email):
            raise DirectoryRefused.of(N_("Ligne {line} : l'adresse « {address} » n'est pas une "
                                         "adresse e-mail."), line=line, address=email[:60])
        organisation.contact_email = email[:254]
        language = cell_text(record.get("contact_language")).strip().lower() or LANGUAGES[0]
        if language not in LANGUAGES:
            raise DirectoryRefused.of(N_("Ligne {line} : langue du contact « {language} » "
                                         "inconnue (possibles : {known})."), line=line,
                                      language=language[:20], known=", ".join(LANGUAGES))
        organisation.contact_language = language
        organisation.translations = content.checked(
            "organisation", content.from_cells(record, "organisation"))
        session.add(organisation)
        kept.add(organisation.id)
    removed = set(existing) - kept
    if removed:
        registered = dict(session.exec(
            select(Participant.organisation_id, func.count()).where(
                Participant.organisation_id.in_(removed)).group_by(Participant.organisation_id)
        ).all())
        if registered:
            names = ", ".join(existing[i].name for i in registered)
            raise DirectoryRefused.of(N_("Des participant·e·s sont inscrit·e·s pour {names} : "
                                         "fusionnez la structure plutôt que de la supprimer."),
                                      names=names)
        session.exec(delete(Organisation).where(Organisation.id.in_(removed)))
    session.flush()
    return len(kept)
