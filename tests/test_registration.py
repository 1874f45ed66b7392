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
