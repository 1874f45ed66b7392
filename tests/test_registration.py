"""Reading registration files: every variant the organisers' form tools export."""

import io
import time

import pandas as pd
import pytest

from partnerday.registration import KnownPerson, RegistrationFileError, read_registrations

ROWS = [
    ("Amina Benali", "CPAS d'Anderlecht", "travailleur", "amina@example.org", "fr", "1"),
    ("Jef Claes", "Mission locale de Forest", "usager", "", "nl", ""),
    ("Zoé Dupont", "cpas d’anderlecht ", "animateur", "zoe@example.org", "", "2"),
]


def csv_bytes(sep=",", encoding="utf-8", headers=("nom", "structure", "rôle", "email", "langue",
                                                  "table")) -> bytes:
    lines = [sep.join(headers)] + [sep.join(f'"{v}"' if sep in v else v for v in row)
                                   for row in ROWS]
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_variants_read_the_same(sep, encoding):
    preview = read_registrations(csv_bytes(sep, encoding), "inscriptions.csv")
    assert preview.is_clean
    assert [r.name for r in preview.rows] == ["Amina Benali", "Jef Claes", "Zoé Dupont"]
    assert [r.organisation for r in preview.rows][0] == "CPAS d'Anderlecht"
    assert [r.role for r in preview.rows] == ["worker", "user", "facilitator"]
    assert [r.language for r in preview.rows] == ["fr", "nl", "fr"]
    assert [r.breakfast_table for r in preview.rows] == [1, None, 2]


@pytest.mark.parametrize("headers", [
    ("name", "organisation", "role", "email", "language", "breakfast_table"),
    ("NOM", "Structure", "RÔLE", "E-mail", "Langue", "Table"),
    ("Name", "ORGANIZATION", "Role", "Courriel", "LANGUAGE", "Breakfast Table"),
])
def test_french_or_english_headers_in_any_case(headers):
    preview = read_registrations(csv_bytes(";", headers=headers), "f.csv")
    assert preview.is_clean
    assert preview.rows[0].email == "amina@example.org"
    assert preview.rows[1].language == "nl"
    assert preview.rows[2].breakfast_table == 2


def test_excel_file():
    frame = pd.DataFrame(ROWS, columns=["Nom", "Structure", "Rôle", "Email", "Langue", "Table"])
    frame["Table"] = [1, None, 2]
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    preview = read_registrations(buffer.getvalue(), "inscriptions.xlsx")
    assert preview.is_clean
    assert [r.name for r in preview.rows] == ["Amina Benali", "Jef Claes", "Zoé Dupont"]
    assert [r.breakfast_table for r in preview.rows] == [1, None, 2]


def test_empty_file_is_refused():
    with pytest.raises(RegistrationFileError, match="vide"):
        read_registrations(b"", "vide.csv")
    with pytest.raises(RegistrationFileError, match="aucune ligne"):
        read_registrations(b"nom;structure\n\n", "entete.csv")


def test_missing_required_columns_are_named():
    with pytest.raises(RegistrationFileError) as error:
        read_registrations("nom;email\nA;a@example.org\n".encode(), "f.csv")
    assert "structure" in str(error.value)
    assert "nom (ou name)" not in str(error.value)


def test_bad_rows_are_reported_by_line_with_reason():
    text = ("nom;structure;rôle;email;langue;table\n"
            "Amina;CPAS;travailleur;amina@example.org;fr;1\n"
            ";CPAS;;;;\n"
            "Jef;;usager;;;\n"
            "\n"
            "Zoé;ASBL;astronaute;pas-un-email;de;deux\n"
            "Marc;ASBL;;;;3\n")
    preview = read_registrations(text.encode(), "f.csv")
    assert [r.name for r in preview.rows] == ["Amina", "Marc"]
    problems = {p.line: p.reason for p in preview.problems}
    assert set(problems) == {3, 4, 6}
    assert "nom manquant" in problems[3]
    assert "structure manquante" in problems[4]
    for part in ("rôle « astronaute » inconnu", "e-mail « pas-un-email » invalide",
                 "langue « de » inconnue", "table « deux »"):
        assert part in problems[6]
    assert preview.rows[1].line == 7  # the blank line 5 keeps its place in the numbering


def test_too_long_name_is_refused():
    preview = read_registrations(f"nom;structure\n{'x' * 10_000};CPAS\n".encode(), "f.csv")
    assert not preview.rows and "trop long" in preview.problems[0].reason


def test_duplicates_in_the_file_and_against_registered_people():
    text = ("nom;structure;email\n"
            "Amina Benali;CPAS Forest;amina@example.org\n"
            "amina  benali;cpas-forest;\n"          # same name and organisation
            "A. Benali;Autre;AMINA@example.org\n"   # same email
            "Jef Claes;Mission locale;\n"
            "Marc;ASBL;marc@example.org\n")
    known = [KnownPerson("Jef Claes", "Mission Locale", ""), KnownPerson("X", "Y",
                                                                         "marc@example.org")]
    preview = read_registrations(text.encode(), "f.csv", known)
    assert preview.duplicates[3] == "doublon de la ligne 2"
    assert "ligne 2" in preview.duplicates[4]
    assert preview.duplicates[5].startswith("déjà inscrit")
    assert preview.duplicates[6].startswith("déjà inscrit")
    assert 2 not in preview.duplicates
    assert [r.line for r in preview.rows_to_import()] == [2]
    assert len(preview.rows_to_import(skip_duplicates=False)) == 5


def test_ten_thousand_rows(capsys):
    lines = ["name,organisation,role,email,language"]
    lines += [f"Person {i},Organisation {i % 150},{'user' if i % 3 == 0 else 'worker'},"
              f"p{i}@example.org,{'fr' if i % 4 else 'nl'}" for i in range(10_000)]
    data = "\n".join(lines).encode()
    started = time.perf_counter()
    preview = read_registrations(data, "big.csv")
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n[timing] reading and checking 10,000 rows: {elapsed:.2f} s")
    assert preview.is_clean and len(preview.rows) == 10_000 and not preview.duplicates
    assert elapsed < 30


# Real files: what form tools export, and every way a name is laid out.

def people(preview):
    return [(r.first_name, r.last_name) for r in preview.rows]


@pytest.mark.parametrize("header, line", [
    ("Prénom;Nom;Structure;Rôle", "Marie;DUPONT;CPAS de Forest;usager"),
    ("Voornaam;Achternaam;Organisatie;Rol", "Marie;DUPONT;CPAS de Forest;usager"),
    ("First name;Last name;Organisation;Role", "Marie;DUPONT;CPAS de Forest;user"),
    ("Nom complet;Structure;Rôle", "DUPONT Marie;CPAS de Forest;usager"),
    ("Nom;Structure;Rôle", "Marie DUPONT;CPAS de Forest;usager"),
    ("Naam;Organisatie;Rol", "DUPONT Marie;CPAS de Forest;usager"),
    ("Prénom;Nom de famille;Structure;Rôle", "Marie;DUPONT;CPAS de Forest;usager"),
    ("First name;Name;Company;Role", "Marie;Marie DUPONT;CPAS de Forest;user"),
])
def test_every_name_layout_gives_the_first_name_for_screens(header, line):
    preview = read_registrations(f"{header}\n{line}\n".encode(), "f.csv")
    assert preview.is_clean
    assert people(preview) == [("Marie", "DUPONT")]
    assert preview.rows[0].role == "user" and preview.rows[0].organisation == "CPAS de Forest"


def test_surnames_typed_first_in_capitals_are_read_the_right_way_round():
    text = "Nom;Structure\nDUPONT Marie;A\nEL AMRANI Fatima;B\nJean Pierre Martin;C\n"
    preview = read_registrations(text.encode(), "f.csv")
    assert people(preview) == [("Marie", "DUPONT"), ("Fatima", "EL AMRANI"),
                               ("Jean", "Pierre Martin")]
    assert preview.ambiguous_lines == [4]
    assert preview.as_frame()["à vérifier"].tolist() == ["", "", "ordre prénom/nom incertain"]


FORMS_EXPORT = (  # Microsoft Forms, French: its own columns first, then the questions
    "ID;Heure de début;Heure de fin;Adresse de messagerie;Nom;Heure de la dernière "
    "modification;Prénom;Nom de famille;Votre structure;Vous êtes;Consentement RGPD\n"
    "1;28/11/26 10:02;28/11/26 10:04;anonymous;;;Marie;DUPONT;CPAS de Forest;usager;Oui\n"
    "2;28/11/26 10:05;28/11/26 10:06;anonymous;;;Jef;Claes;Mission locale;travailleur;Oui\n")


def test_a_form_tool_export_with_extra_columns():
    preview = read_registrations(FORMS_EXPORT.encode("utf-8-sig"), "Formulaire.csv")
    assert preview.is_clean and people(preview) == [("Marie", "DUPONT"), ("Jef", "Claes")]
    usage = {u.header: (u.field, u.note) for u in preview.usage}
    assert usage["Prénom"][0] == "first_name" and usage["Nom de famille"][0] == "last_name"
    assert usage["Votre structure"][0] == "organisation" and usage["Vous êtes"][0] == "role"
    assert usage["Heure de début"] == (None, "horodatage de l'outil de formulaire")
    assert usage["Consentement RGPD"] == (None, "consentement (non conservé)")
    assert usage["ID"] == (None, "numéro de l'outil de formulaire")
    assert usage["Nom"][0] is None  # the form tool's respondent name, beside a last-name column
    assert usage["Adresse de messagerie"][0] == "email"
    shown = preview.usage_frame()
    assert list(shown["colonne du fichier"]) == [h for h in FORMS_EXPORT.split("\n")[0]
                                                 .split(";")]


def test_pretix_and_eventbrite_exports():
    pretix = ("Order code,Attendee name: Given name,Attendee name: Family name,Email,"
              "Company,Order date\nABC12,Marie,DUPONT,m@example.org,CPAS de Forest,"
              "2026-11-28\n")
    eventbrite = ("Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,"
                  "Company\n123,2026-11-28,Marie,DUPONT,m@example.org,1,Gratuit,"
                  "CPAS de Forest\n")
    for text in (pretix, eventbrite):
        preview = read_registrations(text.encode(), "export.csv")
        assert preview.is_clean and people(preview) == [("Marie", "DUPONT")]
        assert preview.rows[0].email == "m@example.org"


def test_an_unused_first_name_column_is_flagged_before_import():
    text = "Prénom;Nom;Structure\nMarie;DUPONT;CPAS\n"
    chosen = {"last_name": "Nom", "organisation": "Structure"}
    with pytest.raises(RegistrationFileError, match="prénom"):
        read_registrations(text.encode(), "f.csv", columns=chosen)
    preview = read_registrations(text.encode(), "f.csv",
                                 columns={"full_name": "Nom", "organisation": "Structure"})
    assert not preview.is_clean and "« Prénom »" in preview.column_warnings[0]
    assert people(preview) == [("DUPONT", "")]  # what the organiser is warned against
    two = read_registrations("Prénom;First name;Nom;Structure\nMarie;Mary;DUPONT;CPAS\n"
                             .encode(), "f.csv")
    assert "« First name »" in two.column_warnings[0] and not two.is_clean


def test_the_organiser_can_change_how_a_column_is_used():
    from partnerday.registration import columns_from_choices

    text = "Qui;Où;Statut\nDUPONT Marie;CPAS;usager\n"
    with pytest.raises(RegistrationFileError, match="Colonne obligatoire"):
        read_registrations(text.encode(), "f.csv")
    columns = columns_from_choices({"Qui": "full_name", "Où": "organisation", "Statut": "role"})
    preview = read_registrations(text.encode(), "f.csv", columns=columns)
    assert preview.is_clean and people(preview) == [("Marie", "DUPONT")]
    assert preview.rows[0].role == "user"
    with pytest.raises(RegistrationFileError, match="toutes deux"):
        columns_from_choices({"Qui": "organisation", "Où": "organisation"})


def test_excel_reading_stops_early_on_huge_or_crafted_files():
    import zipfile

    from openpyxl import Workbook

    from partnerday.registration import MAX_ROWS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Prénom", "Structure"])
    for i in range(MAX_ROWS + 10):
        sheet.append([f"P{i}", "CPAS"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    with pytest.raises(RegistrationFileError, match="lignes"):
        read_registrations(buffer.getvalue(), "big.xlsx")
    assert time.perf_counter() - started < 10

    bomb = io.BytesIO()  # a tiny file that would unpack to 200 MB
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<a>" + b" " * 200_000_000 + b"</a>")
    assert len(bomb.getvalue()) < 1_000_000
    with pytest.raises(RegistrationFileError, match="trop grand une fois ouvert"):
        read_registrations(bomb.getvalue(), "bombe.xlsx")
    with pytest.raises(RegistrationFileError, match="au maximum"):
        read_registrations(b"nom;structure\n" + b"x;y\n" * 3_000_000, "big.csv")


def test_an_excel_sheet_with_formatted_empty_rows_reads_its_people():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Prénom", "Nom", "Structure"])
    sheet.append(["Marie", "DUPONT", "CPAS de Forest"])
    for row in range(3, 30_000):  # a whole column formatted: empty rows in the file
        sheet.cell(row=row, column=1).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = read_registrations(buffer.getvalue(), "inscriptions.xlsx")
    assert preview.is_clean and people(preview) == [("Marie", "DUPONT")]


UNREADABLE_FILES = {
    "empty": (b"", "inscriptions.csv"),
    "old excel": (b"\xd0\xcf\x11\xe0" + b"\0" * 60, "inscriptions.xls"),
    "damaged excel": (b"PK\x03\x04 not a zip", "inscriptions.xlsx"),
    "too wide": ((",".join(f"c{i}" for i in range(250)) + "\n" + "x," * 249 + "x\n").encode(),
                 "inscriptions.csv"),
    "header only": (b"prenom;structure\n", "inscriptions.csv"),
    "no organisation column": (b"prenom;couleur\nAmina;bleu\n", "inscriptions.csv"),
    "no column at all known": (b"couleur;taille\nbleu;M\n", "inscriptions.csv"),
}


@pytest.mark.parametrize("kind", UNREADABLE_FILES)
def test_a_file_that_cannot_be_read_is_said_in_each_language(kind):
    """The French message where code reads it; Dutch and English where a person reads it,
    none of them left in French (a message written as a plain f-string would be)."""
    from partnerday.i18n import speaking

    with pytest.raises(RegistrationFileError) as raised:
        read_registrations(*UNREADABLE_FILES[kind])
    french = str(raised.value)
    said = {}
    for language in ("fr", "nl", "en"):
        with speaking(language):
            said[language] = raised.value.translated()
    assert said["fr"] == french
    assert len({said["fr"], said["nl"], said["en"]}) == 3, said
    if kind == "no column at all known":
        assert "organisatie (of structuur), voornaam en naam" in said["nl"]
        assert "couleur, taille" in said["nl"]  # the file's own headers, as written


def test_two_columns_for_one_field_name_the_field_in_the_readers_language():
    from partnerday.i18n import speaking
    from partnerday.registration import columns_from_choices

    with pytest.raises(RegistrationFileError) as raised:
        columns_from_choices({"Prénom": "first_name", "Voornaam": "first_name",
                              "Structure": "organisation"})
    assert "utilisées comme prénom (affiché sur les écrans)" in str(raised.value)
    with speaking("nl"):
        dutch = raised.value.translated()
    assert "« Prénom » en « Voornaam »" in dutch and "voornaam (getoond op de schermen)" in dutch


def test_a_previews_notes_duplicates_and_headings_follow_the_readers_language():
    from partnerday.i18n import speaking

    data = ("Horodateur;Prénom;Nom;Structure;Consentement\n"
            "2026-11-28 10:02;Marie;Dupont;CPAS de Forest;oui\n"
            "2026-11-28 10:03;Marie;Dupont;CPAS de Forest;oui\n").encode()
    preview = read_registrations(data, "inscriptions.csv",
                                 known=[KnownPerson("Jef Claes", "Mission locale")])
    assert preview.duplicates == {3: "doublon de la ligne 2"}
    with speaking("nl"):
        rows, usage = preview.as_frame(), preview.usage_frame()
    assert list(rows.columns)[:3] == ["regel", "voornaam (schermen)", "naam"]
    assert rows["dubbel"].tolist() == ["", "dubbel van regel 2"]
    assert usage["opmerking"].tolist()[0] == "tijdstempel van het formulier"
    assert usage["gebruikt als"].tolist() == ["genegeerd", "voornaam (getoond op de schermen)",
                                              "familienaam (organisatoren)", "organisatie",
                                              "genegeerd"]
    assert preview.as_frame()["doublon"].tolist() == ["", "doublon de la ligne 2"]  # French


def test_each_language_of_the_role_labels_reads_back_as_its_role():
    """The participants table shows the roles in the organiser's language and its save reads
    them back: every translation of a role's label, and a Dutch form's own words."""
    from partnerday.i18n import labels, speaking
    from partnerday.models import ROLE_LABELS_FR
    from partnerday.registration import parse_role

    for language in ("fr", "nl", "en"):
        with speaking(language):
            shown = labels(ROLE_LABELS_FR)
        assert {parse_role(label) for label in shown.values()} == set(ROLE_LABELS_FR)
        assert all(parse_role(label) == role for role, label in shown.items()), shown
    data = ("Voornaam;Organisatie;Rol\nJef;Dienst X;Medewerker\nAn;Dienst Y;gebruiker\n"
            "Koen;Dienst Z;Begeleider\n").encode()
    assert [r.role for r in read_registrations(data, "inschrijvingen.csv").rows] == [
        "worker", "user", "facilitator"]
