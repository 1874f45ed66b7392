"""Registration files (CSV or Excel from the organisers' form tool): read, check, import.

Reading never writes: `read_registrations` returns a preview (good rows, bad rows with their
line number and reason, duplicates), and `import_registrations` writes only the rows it is given.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd
from sqlmodel import Session, select

from partnerday.models import LANGUAGES, Participant, Role
from partnerday.organisations import clean_name, get_or_create_organisation, organisation_key, \
    organisations_by_key
from partnerday.tokens import new_token

MAX_NAME_LENGTH = 200
MAX_ROWS = 20_000

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "nom complet", "full name", "nom et prenom", "prenom et nom",
             "participant"),
    "organisation": ("organisation", "organization", "structure", "org", "partenaire"),
    "role": ("role", "fonction", "type"),
    "email": ("email", "e mail", "mail", "courriel", "adresse email", "adresse e mail"),
    "language": ("language", "langue", "lang"),
    "breakfast_table": ("breakfast table", "table", "table petit dejeuner",
                        "table du petit dejeuner"),
}
REQUIRED_COLUMNS = ("name", "organisation")
_EMAIL_RE = re.compile(r"^[^@\s,;<>()\"']+@[^@\s,;<>()\"']+\.[A-Za-z]{2,}$")
_LANGUAGE_ALIASES = {"fr": "fr", "francais": "fr", "french": "fr", "frans": "fr",
                     "nl": "nl", "nederlands": "nl", "neerlandais": "nl", "dutch": "nl",
                     "en": "en", "english": "en", "anglais": "en", "engels": "en"}

EXPORT_HEADERS = {"name": "nom", "organisation": "structure", "role": "rôle", "email": "email",
                  "language": "langue", "breakfast_table": "table"}
ROLE_EXPORT_FR = {Role.worker.value: "travailleur", Role.user.value: "usager",
                  Role.facilitator.value: "animateur"}


class RegistrationFileError(ValueError):
    """The file as a whole cannot be read (empty, wrong format, required column missing)."""


@dataclass(frozen=True)
class Registration:
    line: int
    name: str
    organisation: str
    role: str = Role.worker.value
    email: str = ""
    language: str = "fr"
    breakfast_table: int | None = None

    @property
    def identity_key(self) -> tuple[str, str]:
        return organisation_key(self.name), organisation_key(self.organisation)


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class Preview:
    rows: list[Registration] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: dict[int, str] = field(default_factory=dict)
    """line -> why it is a duplicate (of an earlier line, or of someone already registered)"""
    columns: dict[str, str] = field(default_factory=dict)
    """our column name -> the header found in the file"""

    @property
    def is_clean(self) -> bool:
        return not self.problems

    def rows_to_import(self, skip_duplicates: bool = True) -> list[Registration]:
        if not skip_duplicates:
            return list(self.rows)
        return [r for r in self.rows if r.line not in self.duplicates]

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"ligne": r.line, "nom": r.name, "structure": r.organisation,
              "rôle": ROLE_EXPORT_FR[r.role], "email": r.email, "langue": r.language,
              "table": r.breakfast_table, "doublon": self.duplicates.get(r.line, "")}
             for r in self.rows],
            columns=["ligne", "nom", "structure", "rôle", "email", "langue", "table", "doublon"])


def map_columns(headers: Iterable[object]) -> dict[str, str]:
    """Our column name -> the file's header, matching English or French names in any case."""
    found: dict[str, str] = {}
    for header in headers:
        key = organisation_key(header)
        for column, aliases in COLUMN_ALIASES.items():
            if column not in found and key in {organisation_key(a) for a in aliases}:
                found[column] = str(header)
    return found


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the two encodings form tools export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def is_excel(filename: str, data: bytes) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm", ".xls")) or data[:4] == b"PK\x03\x04"


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The file as text cells, with `__line__` holding each row's line number in the file."""
    if not data or not data.strip():
        raise RegistrationFileError("Le fichier est vide.")
    try:
        if is_excel(filename, data):
            frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        else:
            text = decode_text(data)
            frame = pd.read_csv(io.StringIO(text), sep=detect_separator(text), dtype=str,
                                keep_default_na=False, skip_blank_lines=False,
                                skipinitialspace=True)
    except RegistrationFileError:
        raise
    except Exception as exc:  # pandas raises many kinds; the organiser needs one message
        raise RegistrationFileError(
            f"Impossible de lire ce fichier comme un tableau CSV ou Excel ({exc}).") from exc
    frame = frame.fillna("")
    frame.insert(0, "__line__", range(2, len(frame) + 2))
    cells = frame.drop(columns="__line__").astype(str).apply(lambda c: c.str.strip())
    frame = frame[(cells != "").any(axis=1)]
    if frame.empty:
        raise RegistrationFileError("Le fichier ne contient aucune ligne de participant.")
    if len(frame) > MAX_ROWS:
        raise RegistrationFileError(f"Le fichier a {len(frame)} lignes : {MAX_ROWS} au maximum.")
    return frame


def parse_role(value: str) -> str | None:
    key = organisation_key(value)
    if not key:
        return Role.worker.value
    if key.startswith(("work", "travaill")):
        return Role.worker.value
    if key.startswith(("user", "usag", "benefic")):
        return Role.user.value
    if key.startswith(("facilit", "anim")):
        return Role.facilitator.value
    return None


def parse_language(value: str) -> str | None:
    key = organisation_key(value)
    return "fr" if not key else _LANGUAGE_ALIASES.get(key)


def parse_table_number(value: str) -> int | None | str:
    """The table number, None when empty, or the reason it is wrong."""
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return f"numéro de table « {value[:20]} » invalide"
    if not number.is_integer() or number < 1:
        return f"numéro de table « {value[:20]} » invalide (entier à partir de 1)"
    return int(number)


def check_registration(line: int, raw: dict[str, str]) -> Registration | RowProblem:
    """One row, checked: a Registration, or the reasons it is refused."""
    reasons: list[str] = []
    name = clean_name(raw.get("name", ""))
    organisation = clean_name(raw.get("organisation", ""))
    if not name:
        reasons.append("nom manquant")
    elif len(name) > MAX_NAME_LENGTH:
        reasons.append(f"nom trop long ({len(name)} caractères, {MAX_NAME_LENGTH} au maximum)")
    if not organisation_key(organisation):
        reasons.append("structure manquante")
    elif len(organisation) > MAX_NAME_LENGTH:
        reasons.append(f"nom de structure trop long ({MAX_NAME_LENGTH} caractères au maximum)")
    role = parse_role(raw.get("role", ""))
    if role is None:
        reasons.append(f"rôle « {raw.get('role', '')[:30]} » inconnu "
                       "(travailleur, usager ou animateur)")
    email = raw.get("email", "").strip().lower()
    if email and not _EMAIL_RE.match(email):
        reasons.append(f"adresse e-mail « {email[:60]} » invalide")
    language = parse_language(raw.get("language", ""))
    if language is None:
        reasons.append(f"langue « {raw.get('language', '')[:20]} » inconnue "
                       f"({', '.join(LANGUAGES)})")
    table = parse_table_number(raw.get("breakfast_table", ""))
    if isinstance(table, str):
        reasons.append(table)
    if reasons:
        return RowProblem(line, "; ".join(reasons))
    return Registration(line=line, name=name, organisation=organisation, role=role,
                        email=email, language=language, breakfast_table=table)


@dataclass(frozen=True)
class KnownPerson:
    name: str
    organisation: str
    email: str = ""


def find_duplicates(rows: list[Registration],
                    known: Iterable[KnownPerson] = ()) -> dict[int, str]:
    """Same name and organisation, or same email, as an earlier row or a registered person."""
    by_identity: dict[tuple[str, str], str] = {}
    by_email: dict[str, str] = {}
    for person in known:
        label = f"déjà inscrit·e ({person.name}, {person.organisation})"
        by_identity.setdefault((organisation_key(person.name),
                                organisation_key(person.organisation)), label)
        if person.email:
            by_email.setdefault(person.email.lower(), label)
    duplicates: dict[int, str] = {}
    for row in rows:
        reason = by_identity.get(row.identity_key) or (by_email.get(row.email) if row.email
                                                       else None)
        if reason:
            duplicates[row.line] = reason
            continue
        by_identity[row.identity_key] = f"doublon de la ligne {row.line}"
        if row.email:
            by_email[row.email] = f"doublon de la ligne {row.line} (même e-mail)"
    return duplicates


def read_registrations(data: bytes, filename: str,
                       known: Iterable[KnownPerson] = ()) -> Preview:
    frame = read_table(data, filename)
    columns = map_columns(frame.columns[1:])
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        labels = {"name": "nom (ou name)", "organisation": "structure (ou organisation)"}
        raise RegistrationFileError(
            "Colonne obligatoire absente : " + ", ".join(labels[c] for c in missing)
            + f". Colonnes trouvées : {', '.join(map(str, frame.columns[1:])) or 'aucune'}.")
    preview = Preview(columns=columns)
    renamed = frame.rename(columns={header: ours for ours, header in columns.items()})
    wanted = ["__line__", *columns.keys()]
    for record in renamed[wanted].to_dict("records"):
        line = int(record.pop("__line__"))
        outcome = check_registration(line, {k: str(v) for k, v in record.items()})
        (preview.problems if isinstance(outcome, RowProblem) else preview.rows).append(outcome)
    preview.duplicates = find_duplicates(preview.rows, known)
    return preview


def known_people(session: Session, event_id: int) -> list[KnownPerson]:
    from partnerday.models import Organisation  # local: only this query needs the join

    rows = session.exec(select(Participant.name, Organisation.name, Participant.email)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.event_id == event_id))
    return [KnownPerson(name, org, email or "") for name, org, email in rows]


def import_registrations(session: Session, event_id: int,
                         rows: Iterable[Registration]) -> list[Participant]:
    """Create the participants (and their organisations) of these checked rows."""
    orgs = organisations_by_key(session, event_id)
    created = []
    for row in rows:
        org = get_or_create_organisation(session, event_id, row.organisation, orgs)
        created.append(Participant(event_id=event_id, organisation_id=org.id, name=row.name,
                                   role=row.role, email=row.email, language=row.language,
                                   planned_table=row.breakfast_table, token=new_token()))
    session.add_all(created)
    session.flush()
    return created
