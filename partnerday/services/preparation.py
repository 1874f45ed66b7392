"""Before the day, on the organisers' laptop (and the command line): events, their backups and
personal data, the demo, registrations, organisations and the directory, cases, printouts,
and the organiser accounts. Actions that touch personal data are noted in the audit log in
the same transaction, with who did them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine
from sqlmodel import select

from partnerday.sorting import by_name
from partnerday import accounts, audit, backup, cases, directory, easy_read, events, \
    organisations, participants, privacy, registration, themes
from partnerday.accounts import AccountView
from partnerday.arrival import table_numbers
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage, create_demo_event
from partnerday.directory import Entry
from partnerday.encounters import MergeChoice, event_merge_for_encounters
from partnerday.i18n import N_
from partnerday.models import Case, Event, Organisation, Participant, Role

# --- events ----------------------------------------------------------------------------------


def list_events(engine: Engine) -> list[Event]:
    with session_scope(engine) as session:
        return events.list_events(session)


def create_event(engine: Engine, name: str, **fields) -> Event:
    """A new event, made the current one (`events.create_event`)."""
    with session_scope(engine) as session:
        return events.create_event(session, name, **fields)


def make_current(engine: Engine, event_id: int) -> None:
    with session_scope(engine) as session:
        events.set_current_event(session, event_id)


@dataclass(frozen=True)
class Made:
    name: str
    is_current: bool
    event_id: int


def create_demo(engine: Engine, stage: str | None, make_current: bool) -> Made:
    """A demonstration event, as it is at `stage` of the day (`demo.STAGES`), or freshly
    registered when `stage` is None."""
    with session_scope(engine) as session:
        event = (create_demo_at_stage(session, stage, make_current=make_current) if stage
                 else create_demo_event(session, make_current=make_current))
        return Made(event.name, event.is_current, event.id)


def update_privacy_settings(engine: Engine, event_id: int, contact: str, until: date) -> None:
    """Refused with a `ValueError` (its French message)."""
    with session_scope(engine) as session:
        privacy.update_privacy_settings(session, event_id, contact, until)


def backup_json(engine: Engine, event_id: int) -> str:
    """The whole event, personal data included."""
    with session_scope(engine) as session:
        return backup.backup_to_json(session, event_id)


def anonymised_backup_json(engine: Engine, event_id: int) -> str:
    """The event without people or names, to share (anonymised inside a savepoint)."""
    with session_scope(engine) as session:
        return json.dumps(privacy.anonymised_backup(session, event_id), ensure_ascii=False,
                          indent=1)


def restore(engine: Engine, data: bytes, replace: bool, make_current: bool,
            who: AccountView | None) -> Made:
    """Refused with `backup.RestoreRefused`."""
    parsed = backup.parse_backup(data)
    with session_scope(engine) as session:
        event = backup.restore_event(session, parsed, replace=replace,
                                     make_current=make_current)
        audit.record(session, who, "restore", f"« {event.name} »"
                     + (", en remplaçant l'existant" if replace else ""), event.id)
        return Made(event.name, event.is_current, event.id)


@dataclass(frozen=True)
class Anonymised:
    description: str
    purged: bool  # False when the database was busy: its freed space is rewritten later


def anonymise(engine: Engine, event_id: int, who: AccountView | None) -> Anonymised:
    with session_scope(engine) as session:
        done = privacy.anonymise_event(session, event_id)
        audit.record(session, who, "anonymise", done.describe()[:500], event_id)
    return Anonymised(done.describe(), privacy.purge_freed_space(engine))


def events_due(engine: Engine, today: date) -> list[Event]:
    """Events whose personal data is past its retention date."""
    with session_scope(engine) as session:
        return privacy.events_due(session, today)


def note_download(engine: Engine, who: AccountView | None, action: str, detail: str,
                  event_id: int | None) -> None:
    """A personal file taken (an export, a backup, the badges): noted in the audit log."""
    with session_scope(engine) as session:
        audit.record(session, who, action, detail, event_id)


# --- registrations and people -----------------------------------------------------------------


def known_people(engine: Engine, event_id: int) -> list[registration.KnownPerson]:
    """Who is registered already (a file's rows that match are duplicates)."""
    with session_scope(engine) as session:
        return registration.known_people(session, event_id)


def import_registrations(engine: Engine, event_id: int,
                         rows: list[registration.Registration]) -> int:
    with session_scope(engine) as session:
        return len(registration.import_registrations(session, event_id, rows))


@dataclass(frozen=True)
class ImportTarget:
    event_id: int | None  # None: a new event, made with the rows it receives
    name: str
    is_demo: bool


def import_target(engine: Engine, name: str | None) -> ImportTarget | None:
    """Where a file's rows go: the real event of that name (its latest), or a new one of
    that name, or without a name the current event; None when there is no event at all.
    Reading only: nothing is made before the rows are known to be good."""
    with session_scope(engine) as session:
        if name:
            event = session.exec(select(Event).where(Event.name == name.strip(),
                                                     Event.is_demo == False)  # noqa: E712
                                 .order_by(Event.id.desc())).first()
            return ImportTarget(event.id if event else None, name.strip(), False)
        event = events.current_event(session)
        return None if event is None else ImportTarget(event.id, event.name, event.is_demo)


def import_into_new_event(engine: Engine, name: str, day: date | None,
                          rows: list[registration.Registration]) -> int:
    """A new event, made current, and its registrations, in one transaction."""
    with session_scope(engine) as session:
        event = events.create_event(session, name, day=day)
        registration.import_registrations(session, event.id, rows)
        return event.id


def easy_read_settings(engine: Engine, event_id: int) -> easy_read.EasyReadSettings:
    with session_scope(engine) as session:
        return easy_read.easy_read_settings(session, event_id)


def set_easy_read(engine: Engine, event_id: int, for_everyone: bool,
                  person_ids: list[int]) -> int:
    with session_scope(engine) as session:
        return easy_read.set_easy_read(session, event_id, for_everyone, person_ids)


def participants_table(engine: Engine, event_id: int) -> pd.DataFrame:
    with session_scope(engine) as session:
        return participants.participants_frame(session, event_id)


def save_participants(engine: Engine, event_id: int,
                      edited: pd.DataFrame) -> participants.EditResult:
    """The list as edited; nothing saved when a row is wrong (see its `problems`)."""
    with session_scope(engine) as session:
        return participants.apply_edits(session, event_id, edited)


def participants_export(engine: Engine, event_id: int) -> pd.DataFrame:
    with session_scope(engine) as session:
        return participants.export_frame(session, event_id)


def person_record(engine: Engine, person_id: int) -> str:
    """Everything kept on a person, as text (their right of access)."""
    with session_scope(engine) as session:
        return privacy.person_record(session, person_id)


def erase_person(engine: Engine, event_id: int, person_id: int,
                 who: AccountView | None) -> privacy.Removal:
    with session_scope(engine) as session:
        done = privacy.erase_person(session, person_id)
        audit.record(session, who, "erase_person", f"personne n°{person_id}", event_id)
    privacy.purge_freed_space(engine)
    return done


# --- organisations and the directory ----------------------------------------------------------


@dataclass(frozen=True)
class OrganisationsPage:
    organisations: list[Organisation]
    people: dict[str, int]  # organisation name -> participants


def organisations_page(engine: Engine, event_id: int) -> OrganisationsPage:
    with session_scope(engine) as session:
        counts = participants.participants_frame(session, event_id)["organisation"]
        return OrganisationsPage(organisations.list_organisations(session, event_id),
                                 {str(k): int(v) for k, v in counts.value_counts().items()})


def merge_organisations(engine: Engine, keep: int, absorb: int) -> None:
    """Refused with a `ValueError` (its French message)."""
    with session_scope(engine) as session:
        organisations.merge_organisations(session, keep, absorb)


def rename_organisation(engine: Engine, organisation_id: int, name: str) -> None:
    """Refused with a `ValueError` (its French message)."""
    with session_scope(engine) as session:
        organisations.rename_organisation(session, organisation_id, name)


def directory_table(engine: Engine, event_id: int) -> pd.DataFrame:
    with session_scope(engine) as session:
        return directory.directory_frame(session, event_id)


def save_directory(engine: Engine, event_id: int, edited: pd.DataFrame) -> int:
    """Refused with a `ValueError` (its French message)."""
    with session_scope(engine) as session:
        return directory.save_directory(session, event_id, edited)


def themes_table(engine: Engine, event_id: int) -> pd.DataFrame:
    with session_scope(engine) as session:
        return themes.themes_frame(session, event_id)


def save_themes(engine: Engine, event_id: int, edited: pd.DataFrame) -> int:
    """Refused with `content.TranslationRefused`."""
    with session_scope(engine) as session:
        return themes.save_themes(session, event_id, edited)


# --- cases ----------------------------------------------------------------------------------


def cases_table(engine: Engine, event_id: int) -> pd.DataFrame:
    with session_scope(engine) as session:
        return cases.cases_frame(session, event_id)


def save_cases(engine: Engine, event_id: int, edited: pd.DataFrame) -> int:
    """Refused with `cases.CaseRefused`."""
    with session_scope(engine) as session:
        return cases.save_cases(session, event_id, edited)


@dataclass(frozen=True)
class CasesPage:
    cases: list[Case]
    directory: list[Entry]


def cases_page(engine: Engine, event_id: int) -> CasesPage:
    with session_scope(engine) as session:
        return CasesPage(cases.list_cases(session, event_id),
                         directory.entries(session, event_id))


def set_rounds_mode(engine: Engine, event_id: int, mode: str) -> None:
    with session_scope(engine) as session:
        cases.set_rounds_mode(session, event_id, mode)


def set_merge_pairs(engine: Engine, event_id: int, pairs: list[list[int]]) -> None:
    with session_scope(engine) as session:
        cases.set_merge_pairs(session, event_id, pairs)


def merge_for_encounters(engine: Engine, event_id: int) -> MergeChoice:
    """The merge pairs that make the most new encounters (the cases covered stay the rule),
    saved as the event's pairs; refused before the groups are published."""
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        if session.exec(select(Participant.id).where(Participant.event_id == event_id,
                                                     Participant.group_id.is_not(None))
                        ).first() is None:
            raise cases.CaseRefused.of(N_("Publiez d'abord les groupes : les paires se "
                                          "choisissent d'après qui est dans quel groupe."),
                                       code="merge_before_groups")
        choice = event_merge_for_encounters(session, event)
        cases.set_merge_pairs(session, event_id, [list(p) for p in choice.pairs])
        return choice


# --- printouts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgePerson:
    first_name: str
    last_name: str  # "" for a service user: a badge is seen by the whole room
    organisation: str
    token: str
    language: str  # what their badge says to them


@dataclass(frozen=True)
class Printouts:
    people: list[BadgePerson]  # by organisation, then name
    tables: list[int]  # laid, or before the doors open those that will be


def printouts(engine: Engine, event_id: int) -> Printouts:
    """What the badges and table cards are printed from. Reading only: the table cards can
    be printed before anything is laid."""
    with session_scope(engine) as session:
        rows = session.exec(select(Participant.first_name, Participant.last_name,
                                   Participant.role, Organisation.name, Participant.token,
                                   Participant.language)
                            .join(Organisation, Organisation.id == Participant.organisation_id)
                            .where(Participant.event_id == event_id)).all()
        rows = by_name(rows, lambda row: row[3], lambda row: row[0], lambda row: row[1])
        tables = table_numbers(session, session.get(Event, event_id))
    return Printouts([BadgePerson(first, "" if role == Role.user.value else last, org, token,
                                  language)
                      for first, last, role, org, token, language in rows], tables)


# --- organiser accounts -----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountsPage:
    accounts: list[AccountView]
    log: pd.DataFrame  # the audit log, newest first


def accounts_page(engine: Engine) -> AccountsPage:
    with session_scope(engine) as session:
        return AccountsPage(accounts.list_accounts(session), audit.audit_frame(session))


def create_account(engine: Engine, login: str, name: str, role: str, password: str,
                   who: AccountView) -> AccountView:
    """Refused with `accounts.AccountRefused`; an e-mail login is also the account's
    address."""
    with session_scope(engine) as session:
        made = accounts.create_account(session, login, name, login if "@" in login else "",
                                       role, password)
        audit.record(session, who, "account", f"compte créé : {made.login} "
                                              f"({made.role_label})")
        return made


def change_password(engine: Engine, account_id: int, password: str, label: str,
                    who: AccountView) -> None:
    """Refused with `accounts.AccountRefused`."""
    with session_scope(engine) as session:
        accounts.change_password(session, account_id, password)
        audit.record(session, who, "account", f"mot de passe changé : {label}")


def set_disabled(engine: Engine, account_id: int, disabled: bool, label: str,
                 who: AccountView) -> None:
    """Refused with `accounts.AccountRefused` (nobody disables their own account)."""
    with session_scope(engine) as session:
        accounts.set_disabled(session, account_id, disabled, who)
        audit.record(session, who, "account", ("compte désactivé : " if disabled else
                                               "compte réactivé : ") + label)
