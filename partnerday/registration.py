"""Registration files (CSV or Excel from the organisers' form tool): read, check, import.

Reading never writes: `read_registrations` returns a preview (good rows, bad rows with their
line number and reason, duplicates), and `import_registrations` writes only the rows it is given.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd
from sqlmodel import Session, select

from partnerday.i18n import N_, Phrase, _, said
from partnerday.refusals import Refusal
from partnerday.models import LANGUAGES, ROLE_LABELS_FR, Participant, Role
from partnerday.names import MAX_FIRST_NAME, MAX_LAST_NAME, full_name, split_full_name, \
    without_first_name
from partnerday.organisations import clean_name, get_or_create_organisation, organisation_key, \
    organisations_by_key
from partnerday.tokens import new_token

MAX_NAME_LENGTH = 200
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_FILE_BYTES = 10 * 1024 * 1024
"""Also the server's upload limit (`server.maxUploadSize` in .streamlit/config.toml, in MB)."""
MAX_SCANNED_ROWS = 100_000
"""Rows of a sheet read, empty ones included (a whole formatted column makes many)."""
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
"""An Excel file is a zip: what it may unpack to before it is read (a crafted one of 0.16 MB
unpacked to over 1 GB)."""

FIELD_LABELS: dict[str, str] = {
    "first_name": N_("prénom (affiché sur les écrans)"),
    "last_name": N_("nom de famille (organisateurs)"),
    "full_name": N_("prénom et nom (une seule colonne)"),
    "organisation": N_("structure"),
    "role": N_("rôle"),
    "email": N_("e-mail"),
    "language": N_("langue"),
    "breakfast_table": N_("table du petit déjeuner"),
}
"""What a column of the file can be used as; any other column is ignored. Said in the page's
language where shown: `_(FIELD_LABELS[field])`."""

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("prenom", "first name", "firstname", "given name", "voornaam", "roepnaam",
                   "prenom du participant", "prenom de la personne", "votre prenom",
                   "attendee name given name", "attendee first name", "vorname"),
    "last_name": ("nom de famille", "last name", "lastname", "surname", "family name",
                  "achternaam", "familienaam", "votre nom de famille",
                  "attendee name family name", "attendee last name", "nachname"),
    "full_name": ("name", "nom", "naam", "nom complet", "full name", "nom et prenom",
                  "prenom et nom", "nom prenom", "prenom nom", "participant", "attendee name",
                  "volledige naam", "voornaam en achternaam", "naam en voornaam",
                  "votre nom", "uw naam", "your name"),
    "organisation": ("organisation", "organization", "structure", "org", "partenaire",
                     "organisatie", "organisme", "company", "societe", "entreprise",
                     "employeur", "werkgever", "institution", "service", "dienst",
                     "votre structure", "structure partenaire", "uw organisatie"),
    "role": ("role", "fonction", "type", "rol", "vous etes", "u bent", "profil", "statut"),
    "email": ("email", "e mail", "mail", "courriel", "adresse email", "adresse e mail",
              "adresse de messagerie", "adresse electronique", "email address",
              "e mail address", "e mailadres", "emailadres", "mailadres", "attendee email"),
    "language": ("language", "langue", "lang", "taal", "langue preferee", "voorkeurstaal",
                 "preferred language"),
    "breakfast_table": ("breakfast table", "table", "table petit dejeuner",
                        "table du petit dejeuner", "tafel"),
}
# A file's "Nom"/"Name"/"Naam" beside a first-name column is the last name.
_LAST_NAME_BESIDE_FIRST = frozenset(organisation_key(h) for h in (
    "nom", "name", "naam", "votre nom", "uw naam", "your name"))
# Columns form tools add (Microsoft Forms, Google Forms, pretix, Eventbrite): recognised, so
# that the preview can say why they are left out. Matched on the start of the folded header.
KNOWN_IGNORED: dict[str, tuple[str, ...]] = {
    N_("horodatage de l'outil de formulaire"): (
        "horodat", "timestamp", "tijdstempel", "heure de debut", "heure de fin",
        "heure de la derniere modification", "start time", "completion time",
        "last modified", "order date", "date de commande", "date d inscription",
        "submitted", "created", "begintijd", "eindtijd"),
    N_("consentement (non conservé)"): (
        "consent", "rgpd", "gdpr", "toestemming", "j accepte", "jaccepte", "i agree",
        "i accept", "ik ga akkoord", "akkoord", "accord", "privacy", "vie privee"),
    N_("numéro de l'outil de formulaire"): (
        "id", "order", "commande", "attendee", "ticket", "quantity", "quantite", "price",
        "prix", "status", "payment", "paiement", "bestelling"),
}
REQUIRED_COLUMNS = ("organisation",)
_NO_EMAIL = {"anonymous", "anonyme", "anoniem", "-"}  # Microsoft Forms' anonymous answers
_EMAIL_RE = re.compile(r"^[^@\s,;<>()\"']+@[^@\s,;<>()\"']+\.[A-Za-z]{2,}$")
_LANGUAGE_ALIASES = {"fr": "fr", "francais": "fr", "french": "fr", "frans": "fr",
                     "nl": "nl", "nederlands": "nl", "neerlandais": "nl", "dutch": "nl",
                     "en": "en", "english": "en", "anglais": "en", "engels": "en"}

EXPORT_HEADERS = {"first_name": "prénom", "last_name": "nom", "organisation": "structure",
                  "role": "rôle", "email": "email", "language": "langue",
                  "breakfast_table": "table"}
ROLE_EXPORT_FR = {Role.worker.value: "travailleur", Role.user.value: "usager",
                  Role.facilitator.value: "animateur"}


class RegistrationFileError(Refusal):
    """The file as a whole cannot be read (empty, wrong format, required column missing)."""


def too_many_rows() -> RegistrationFileError:
    return RegistrationFileError.of(N_("Le fichier a plus de {most} lignes : {most} au "
                                       "maximum."), most=MAX_ROWS)


def no_participant_row() -> RegistrationFileError:
    return RegistrationFileError.of(N_("Le fichier ne contient aucune ligne de participant."))


@dataclass(frozen=True)
class Registration:
    line: int
    first_name: str
    organisation: str
    last_name: str = ""
    role: str = Role.worker.value
    email: str = ""
    language: str = "fr"
    breakfast_table: int | None = None
    name_ambiguous: bool = False
    """the full name could be read either way round: the organiser should check it"""

    @property
    def name(self) -> str:
        return full_name(self.first_name, self.last_name)

    @property
    def identity_key(self) -> tuple[str, str]:
        return organisation_key(self.name), organisation_key(self.organisation)


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ColumnUse:
    """How one column of the file is used: as one of FIELD_LABELS, or ignored (and why)."""
    header: str
    field: str | None
    note: str = ""


@dataclass(frozen=True)
class FileDialect:
    """How the file was written, so that a file made from it reads the same way."""
    excel: bool = False
    separator: str = ";"
    encoding: str = "utf-8-sig"
    language: str = "fr"  # of the headers: fr, nl or en


@dataclass
class Preview:
    rows: list[Registration] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: dict[int, str] = field(default_factory=dict)
    """line -> why it is a duplicate (of an earlier line, or of someone already registered)"""
    columns: dict[str, str] = field(default_factory=dict)
    """our field -> the header found in the file"""
    usage: list[ColumnUse] = field(default_factory=list)
    """every column of the file, in its order, with how it is used"""
    column_warnings: list[str] = field(default_factory=list)
    """what must be looked at before importing (e.g. a first-name column left unused)"""
    dialect: FileDialect = field(default_factory=FileDialect)
    table: pd.DataFrame | None = None
    """the file's cells as read, its own headers, `__line__` first"""

    @property
    def is_clean(self) -> bool:
        return not self.problems and not self.column_warnings

    @property
    def ambiguous_lines(self) -> list[int]:
        return [r.line for r in self.rows if r.name_ambiguous]

    def rows_to_import(self, skip_duplicates: bool = True) -> list[Registration]:
        if not skip_duplicates:
            return list(self.rows)
        return [r for r in self.rows if r.line not in self.duplicates]

    def as_frame(self) -> pd.DataFrame:
        """What will be imported, one row per person, headed, explained and its roles said in
        the page's language."""
        frame = pd.DataFrame(
            [(r.line, r.first_name, r.last_name, r.organisation, _(ROLE_LABELS_FR[r.role]),
              r.email, r.language, r.breakfast_table,
              _(AMBIGUOUS_NAME) if r.name_ambiguous else "",
              said(self.duplicates.get(r.line, ""))) for r in self.rows],
            columns=[_(header) for header in PREVIEW_HEADERS])
        table = _(PREVIEW_HEADERS[7])
        frame[table] = frame[table].astype("Int64")  # a number, or an empty cell
        return frame

    def usage_frame(self) -> pd.DataFrame:
        return pd.DataFrame([(u.header, _(FIELD_LABELS[u.field]) if u.field else _(IGNORED),
                              said(u.note)) for u in self.usage],
                            columns=[_(N_("colonne du fichier")), _(N_("utilisée comme")),
                                     _(N_("remarque"))])


PREVIEW_HEADERS = (N_("ligne"), N_("prénom (écrans)"), N_("nom"), N_("structure"), N_("rôle"),
                   N_("email"), N_("langue"), N_("table"), N_("à vérifier"), N_("doublon"))
AMBIGUOUS_NAME = N_("ordre prénom/nom incertain")
IGNORED = N_("ignorée")


_ALIAS_KEYS = {column: {organisation_key(a) for a in aliases}
               for column, aliases in COLUMN_ALIASES.items()}
_IGNORED_KEYS = {note: tuple(organisation_key(p) for p in prefixes)
                 for note, prefixes in KNOWN_IGNORED.items()}
_DUTCH_HEADERS = {organisation_key(h) for h in (
    "voornaam", "achternaam", "familienaam", "naam", "organisatie", "taal", "rol", "tafel",
    "e-mailadres", "emailadres", "werkgever", "dienst", "volledige naam", "voorkeurstaal")}
_ENGLISH_HEADERS = {organisation_key(h) for h in (
    "first name", "last name", "surname", "name", "full name", "organisation", "organization",
    "company", "role", "language", "email address", "breakfast table", "given name")}


def field_of_header(header: object) -> str | None:
    key = organisation_key(header)
    return next((column for column, keys in _ALIAS_KEYS.items() if key in keys), None)


def ignored_note(header: object) -> str:
    """Why a column no field uses is left out: a form tool's column, or unknown."""
    key = organisation_key(header)
    for note, prefixes in _IGNORED_KEYS.items():
        if any(key == p or (len(p) > 2 and key.startswith(p)) for p in prefixes):
            return Phrase(note)
    return Phrase(N_("colonne inconnue"))


def map_columns(headers: Iterable[object]) -> dict[str, str]:
    """Our field -> the file's header, matching French, Dutch or English names in any case.

    "Nom" (or "Name", "Naam") is the last name when the file has a first-name column, the full
    name otherwise; two name columns win over a full-name column."""
    headers = [str(h) for h in headers]
    found: dict[str, str] = {}
    for header in headers:
        column = field_of_header(header)
        if column is not None and column not in found:
            found[column] = header
    if "first_name" in found and "last_name" not in found and "full_name" in found \
            and organisation_key(found["full_name"]) in _LAST_NAME_BESIDE_FIRST:
        found["last_name"] = found.pop("full_name")
    if "first_name" in found and "full_name" in found:
        del found["full_name"]
    return found


def column_usage(headers: Iterable[object], columns: dict[str, str]) -> list[ColumnUse]:
    used = {header: column for column, header in columns.items()}
    return [ColumnUse(str(h), used.get(str(h)), "" if str(h) in used else
                      (Phrase(N_("prénom non utilisé : à vérifier"))
                       if field_of_header(h) == "first_name" else ignored_note(h)))
            for h in headers]


def columns_from_choices(choices: dict[str, str | None]) -> dict[str, str]:
    """Our field -> the file's header, from the organiser's choice for each header (a field,
    or None to ignore it); a field chosen for two columns is refused."""
    columns: dict[str, str] = {}
    for header, chosen in choices.items():
        if not chosen:
            continue
        if chosen in columns:
            raise RegistrationFileError.of(
                N_("Les colonnes « {first} » et « {second} » sont toutes deux utilisées comme "
                   "{field} : choisissez-en une."),
                first=columns[chosen], second=header, field=Phrase(FIELD_LABELS[chosen]))
        columns[chosen] = header
    check_mapping(columns)
    return columns


def check_mapping(columns: dict[str, str]) -> None:
    """The fields chosen can make a participant: a name and an organisation."""
    if "organisation" not in columns:
        raise RegistrationFileError.of(N_("Aucune colonne n'est utilisée comme structure : "
                                          "choisissez-la dans le tableau des colonnes."))
    if "first_name" not in columns and "full_name" not in columns:
        raise RegistrationFileError.of(N_(
            "Aucune colonne n'est utilisée comme prénom (ni comme prénom et nom) : "
            "choisissez-la dans le tableau des colonnes."))
    if "full_name" in columns and ("first_name" in columns or "last_name" in columns):
        raise RegistrationFileError.of(N_(
            "Choisissez soit une colonne « prénom et nom », soit des colonnes prénom et nom "
            "de famille séparées, pas les deux."))


def header_language(headers: Iterable[object]) -> str:
    keys = [organisation_key(h) for h in headers]
    dutch = sum(k in _DUTCH_HEADERS for k in keys)
    english = sum(k in _ENGLISH_HEADERS for k in keys)
    french = sum(field_of_header(h) is not None for h in headers) - dutch - english
    best = max((french, "fr"), (dutch, "nl"), (english, "en"))
    return best[1] if best[0] > 0 else "fr"


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM), else Windows-1252, the two
    encodings form tools export."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def detect_separator(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def is_excel(filename: str, data: bytes) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm", ".xls")) or data[:4] == b"PK\x03\x04"


def _excel_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_excel_cells(data: bytes) -> pd.DataFrame:
    """The first sheet as text cells, read row by row: stops at MAX_ROWS rows and MAX_COLUMNS
    columns, and refuses a file that would unpack to more than MAX_UNPACKED_BYTES."""
    from openpyxl import load_workbook

    if data[:4] == b"\xd0\xcf\x11\xe0":  # the old .xls format
        raise RegistrationFileError.of(N_("Ce fichier est au vieux format Excel (.xls) : "
                                          "enregistrez-le au format .xlsx ou .csv."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise RegistrationFileError.of(
            N_("Ce fichier Excel est illisible (archive abîmée).")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise RegistrationFileError.of(
            N_("Ce fichier Excel est trop grand une fois ouvert ({size} Mo, {most} Mo au "
               "maximum) : exportez-le en CSV."),
            size=unpacked // 2**20, most=MAX_UNPACKED_BYTES // 2**20)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        filled = 0
        for scanned, values in enumerate(sheet.iter_rows(values_only=True,
                                                         max_col=MAX_COLUMNS)):
            cells = [_excel_cell(v) for v in values]
            filled += any(c.strip() for c in cells)
            if filled > MAX_ROWS + 1 or scanned > MAX_SCANNED_ROWS:
                raise too_many_rows()
            rows.append(cells)
    finally:
        workbook.close()
    if not rows:
        raise no_participant_row()
    width = max(len(r) for r in rows)
    while width and not any(len(r) >= width and r[width - 1].strip() for r in rows):
        width -= 1  # columns a sheet declares but leaves empty
    headers = _unique_headers(rows[0][:width] + [""] * (width - len(rows[0])))
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    return pd.DataFrame(body, columns=headers, dtype=str)


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for position, header in enumerate(headers, start=1):
        header = header.strip() or f"colonne {position}"
        count = seen.get(header, 0)
        seen[header] = count + 1
        unique.append(header if not count else f"{header}.{count}")
    return unique


def read_table(data: bytes, filename: str) -> tuple[pd.DataFrame, FileDialect]:
    """The file as text cells, with `__line__` holding each row's line number in the file,
    and how the file was written."""
    if not data or not data.strip():
        raise RegistrationFileError.of(N_("Le fichier est vide."))
    if len(data) > MAX_FILE_BYTES:
        raise RegistrationFileError.of(N_("Le fichier pèse {size} Mo : {most} Mo au maximum."),
                                       size=math.ceil(len(data) / 2**20),
                                       most=MAX_FILE_BYTES // 2**20)
    try:
        if is_excel(filename, data):
            frame = read_excel_cells(data)
            dialect = FileDialect(excel=True)
        else:
            text, encoding = decode_text(data)
            separator = detect_separator(text)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str,
                                keep_default_na=False, skip_blank_lines=False,
                                skipinitialspace=True, nrows=MAX_ROWS + 2)
            dialect = FileDialect(separator=separator, encoding=encoding)
    except RegistrationFileError:
        raise
    except Exception as exc:  # pandas and openpyxl raise many kinds; one message is needed
        raise RegistrationFileError.of(
            N_("Impossible de lire ce fichier comme un tableau CSV ou Excel ({detail})."),
            detail=str(exc)) from exc
    if len(frame.columns) > MAX_COLUMNS:
        raise RegistrationFileError.of(N_("Le fichier a {count} colonnes : {most} au maximum."),
                                       count=len(frame.columns), most=MAX_COLUMNS)
    frame = frame.fillna("")
    frame.insert(0, "__line__", range(2, len(frame) + 2))
    cells = frame.drop(columns="__line__").astype(str).apply(lambda c: c.str.strip())
    frame = frame[(cells != "").any(axis=1)]
    if frame.empty:
        raise no_participant_row()
    if len(frame) > MAX_ROWS:
        raise too_many_rows()
    dialect = FileDialect(dialect.excel, dialect.separator, dialect.encoding,
                          header_language(frame.columns[1:]))
    return frame, dialect


def parse_role(value: str) -> str | None:
    key = organisation_key(value)
    if not key:
        return Role.worker.value
    if key.startswith(("work", "travaill", "medewerk", "werknem", "hulpverlen", "staff")):
        return Role.worker.value
    if key.startswith(("user", "usag", "benefic", "gebruik", "serviceuser")):
        return Role.user.value
    if key.startswith(("facilit", "anim", "begeleid")):
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
        return Phrase(N_("numéro de table « {value} » invalide"), value=value[:20])
    if not number.is_integer() or number < 1:
        return Phrase(N_("numéro de table « {value} » invalide (entier à partir de 1)"),
                      value=value[:20])
    return int(number)


def check_names(raw: dict[str, str]) -> tuple[str, str, bool] | str:
    """(first name, last name, ambiguous) from a row's name cells, or the reason they are
    wrong. Separate columns (`first_name`, `last_name`) win over one full name (`full_name`,
    or `name` as the participant list and the walk-in form give it)."""
    first = clean_name(raw.get("first_name", ""))
    last = clean_name(raw.get("last_name", ""))
    ambiguous = False
    if first or ("first_name" in raw and not ("full_name" in raw or "name" in raw)):
        last = without_first_name(last, first)
    else:
        whole = clean_name(raw.get("full_name", "") or raw.get("name", ""))
        if last and not whole:
            return Phrase(N_("prénom manquant (seul le nom de famille est rempli)"))
        split = split_full_name(whole)
        first, last, ambiguous = split.first, split.last, split.ambiguous
    if not first:
        return Phrase(N_("prénom manquant") if "first_name" in raw else N_("nom manquant"))
    if len(first) > MAX_FIRST_NAME:
        return Phrase(N_("prénom trop long ({count} caractères, {most} au maximum)"),
                      count=len(first), most=MAX_FIRST_NAME)
    if len(last) > MAX_LAST_NAME or len(full_name(first, last)) > MAX_NAME_LENGTH:
        return Phrase(N_("nom trop long ({count} caractères, {most} au maximum)"),
                      count=len(full_name(first, last)), most=MAX_NAME_LENGTH)
    return first, last, ambiguous


def registration_problems(raw: dict[str, str]) -> dict[str, str]:
    """What is wrong with one person's fields, field by field (FIELD_LABELS' keys; the names
    under `first_name`): empty when the row can be registered."""
    problems: dict[str, str] = {}
    names = check_names(raw)
    if isinstance(names, str):
        problems["first_name"] = names
    organisation = clean_name(raw.get("organisation", ""))
    if not organisation_key(organisation):
        problems["organisation"] = Phrase(N_("structure manquante"))
    elif len(organisation) > MAX_NAME_LENGTH:
        problems["organisation"] = Phrase(
            N_("nom de structure trop long ({most} caractères au maximum)"),
            most=MAX_NAME_LENGTH)
    if parse_role(raw.get("role", "")) is None:
        problems["role"] = Phrase(N_("rôle « {role} » inconnu (travailleur, usager ou "
                                     "animateur)"), role=raw.get("role", "")[:30])
    email = raw.get("email", "").strip().lower()
    if email and email not in _NO_EMAIL and not _EMAIL_RE.match(email):
        problems["email"] = Phrase(N_("adresse e-mail « {email} » invalide"), email=email[:60])
    if parse_language(raw.get("language", "")) is None:
        problems["language"] = Phrase(N_("langue « {language} » inconnue ({known})"),
                                      language=raw.get("language", "")[:20],
                                      known=", ".join(LANGUAGES))
    table = parse_table_number(raw.get("breakfast_table", ""))
    if isinstance(table, str):
        problems["breakfast_table"] = table
    return problems


def check_registration(line: int, raw: dict[str, str]) -> Registration | RowProblem:
    """One row, checked: a Registration, or the reasons it is refused."""
    problems = registration_problems(raw)
    if problems:
        return RowProblem(line, "; ".join(problems.values()))
    names = check_names(raw)
    organisation = clean_name(raw.get("organisation", ""))
    role = parse_role(raw.get("role", ""))
    email = raw.get("email", "").strip().lower()
    if email in _NO_EMAIL:
        email = ""
    language = parse_language(raw.get("language", ""))
    table = parse_table_number(raw.get("breakfast_table", ""))
    first, last, ambiguous = names
    return Registration(line=line, first_name=first, last_name=last, organisation=organisation,
                        role=role, email=email, language=language, breakfast_table=table,
                        name_ambiguous=ambiguous)


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
        label = Phrase(N_("déjà inscrit·e ({name}, {organisation})"), name=person.name,
                       organisation=person.organisation)
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
        by_identity[row.identity_key] = Phrase(N_("doublon de la ligne {line}"), line=row.line)
        if row.email:
            by_email[row.email] = Phrase(N_("doublon de la ligne {line} (même e-mail)"),
                                         line=row.line)
    return duplicates


def read_registrations(data: bytes, filename: str, known: Iterable[KnownPerson] = (),
                       columns: dict[str, str] | None = None) -> Preview:
    """The preview of a registration file. `columns` (our field -> the file's header) is the
    organiser's choice of how the columns are used; by default it is guessed from the
    headers."""
    frame, dialect = read_table(data, filename)
    return preview_table(frame, dialect, known, columns)


def preview_table(frame: pd.DataFrame, dialect: FileDialect, known: Iterable[KnownPerson] = (),
                  columns: dict[str, str] | None = None) -> Preview:
    """The preview of a table `read_table` returned (see `read_registrations`)."""
    headers = [str(h) for h in frame.columns[1:]]
    if columns is None:
        columns = map_columns(headers)
        has_names = bool({"first_name", "full_name"} & set(columns))
        if "organisation" not in columns or not has_names:
            missing = (N_("prénom et nom (ou prénom, nom)") if "organisation" in columns
                       else N_("structure (ou organisation)") if has_names else
                       N_("structure (ou organisation), prénom et nom (ou prénom, nom)"))
            raise RegistrationFileError.of(
                N_("Colonne obligatoire absente : {missing}. Colonnes trouvées : {found}."),
                missing=Phrase(missing), found=", ".join(headers) or Phrase(N_("aucune")))
    else:
        columns = {ours: header for ours, header in columns.items() if header in headers}
        check_mapping(columns)
    preview = Preview(columns=dict(columns), usage=column_usage(headers, columns),
                      dialect=dialect, table=frame)
    preview.column_warnings = [
        Phrase(N_("La colonne « {header} » ressemble à un prénom mais n'est pas utilisée : les "
                  "écrans publics montreraient un autre nom. Utilisez-la comme prénom, ou "
                  "confirmez."), header=use.header)
        for use in preview.usage if use.field is None and field_of_header(use.header)
        == "first_name"]
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
                        .where(Participant.event_id == event_id,
                               Participant.erased_at == None))  # noqa: E711
    return [KnownPerson(name, org, email or "") for name, org, email in rows]


def import_registrations(session: Session, event_id: int,
                         rows: Iterable[Registration]) -> list[Participant]:
    """Create the participants (and their organisations) of these checked rows."""
    orgs = organisations_by_key(session, event_id)
    created = []
    for row in rows:
        org = get_or_create_organisation(session, event_id, row.organisation, orgs)
        created.append(Participant(event_id=event_id, organisation_id=org.id, name=row.name,
                                   first_name=row.first_name, last_name=row.last_name,
                                   role=row.role, email=row.email, language=row.language,
                                   planned_table=row.breakfast_table, token=new_token()))
    session.add_all(created)
    session.flush()
    return created
