"""The printed sheets in the languages of those who read them: a badge in its wearer's, a
group's card in the group's, the table cards and the entrance poster in the room's, side by
side (read back from the PDF with poppler, the poster's QR decoded)."""

import subprocess

import zxingcpp
from PIL import Image

from partnerday.printing import CIRCLE, BadgeCard, badges_pdf, group_cards_pdf, poster_pdf, \
    table_cards_pdf
from tests.test_report import pdf_text


def pages(pdf: bytes, tmp_path) -> list[str]:
    return [page for page in pdf_text(pdf, tmp_path).split("\f") if page.strip()]


def test_a_badge_speaks_its_wearers_language(tmp_path):
    badges = [BadgeCard("Lotte", "Peeters", "CPAS de Forest", "http://x/?p=a", "nl"),
              BadgeCard("Amina", "", "Actiris", "http://x/?p=b", "fr"),
              BadgeCard("John", "Smith", "Mission locale", "http://x/?p=c", "en")]
    text = pdf_text(badges_pdf(badges, "Partner Day 2027"), tmp_path)
    for said in ("Scan mij bij aankomst", "Scannez-moi à l'arrivée", "Scan me on arrival"):
        assert said in text


def test_table_and_circle_cards_say_the_rooms_languages_side_by_side(tmp_path):
    tables = pages(table_cards_pdf([1, 2], "Partner Day 2027", languages=("fr", "nl")),
                   tmp_path)
    assert len(tables) == 2 and all("Table / Tafel" in page for page in tables)
    circles = pages(table_cards_pdf([1], "Partner Day 2027", CIRCLE, ("fr", "nl", "en")),
                    tmp_path)
    assert "Cercle / Kring / Circle" in circles[0]
    assert "Tafel" not in pages(table_cards_pdf([1], "PD"), tmp_path)[0]  # French alone


def test_the_entrance_poster_in_french_and_dutch_keeps_a_readable_qr(tmp_path):
    url = "http://192.168.1.20:8501/?w=" + "A" * 22
    pdf = poster_pdf("Partner Day 2027", url, ("fr", "nl"))
    [text] = pages(pdf, tmp_path)
    for said in ("Bienvenue ! / Welkom!", "Pas encore inscrit·e ? Scannez ce code",
                 "Nog niet ingeschreven? Scan deze code", "U krijgt meteen uw ontbijttafel.",
                 "Al ingeschreven? Scan de QR-code van uw badge.", url):
        assert said in text, said
    (tmp_path / "poster.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(tmp_path / "poster.pdf"),
                    str(tmp_path / "poster")], check=True)
    image = Image.open(next(tmp_path.glob("poster*.png")))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [url]


def test_a_groups_card_is_in_the_groups_language(tmp_path):
    cards = pages(group_cards_pdf([(1, "http://x/?g=a", "nl"), (2, "http://x/?g=b", "fr")],
                                  "Partner Day 2027"), tmp_path)
    assert "Groep 1" in cards[0] and "De tablet van de groep" in cards[0]
    assert "Groupe 2" in cards[1] and "La tablette du groupe" in cards[1]
