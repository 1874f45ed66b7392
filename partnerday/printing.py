"""Printable A4 sheets for the day: badges, breakfast table cards, the entrance poster."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from partnerday.i18n import N_, _, in_each, in_language, speaking
from partnerday.qr import qr_png

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
GREEN = (11, 110, 79)
SCAN_ME = N_("Scannez-moi à l'arrivée")
TABLE, CIRCLE = N_("Table"), N_("Cercle")


@dataclass(frozen=True)
class BadgeCard:
    """What a badge shows: worn in the room, it is public, so a service user's last name is
    left off (`last_name` empty)."""
    first_name: str
    last_name: str
    organisation: str
    url: str
    language: str = "fr"  # its wearer's: what the badge says to them


def latin1(text: str) -> str:
    """For the built-in PDF font when DejaVu is missing: keep what Latin-1 can show."""
    replacements = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "œ": "oe",
                    "Œ": "OE", "…": "...", "\u202f": " ", "\u00a0": " "}
    text = "".join(replacements.get(c, c) for c in unicodedata.normalize("NFC", text))
    return text.encode("latin-1", errors="replace").decode("latin-1")


class Sheet(FPDF):
    """A4 portrait with a Unicode font when the machine has DejaVu."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").is_file()
        if self.unicode:
            self.add_font("Body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("Body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title("Partner Day")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font("Body" if self.unicode else "Helvetica", "B" if bold else "", size)

    def text_line(self, x: float, y: float, w: float, h: float, text: str, size: float,
                  bold: bool = False, align: str = "C") -> None:
        self.font(size, bold)
        text = text if self.unicode else latin1(text)
        while size > 6 and self.get_string_width(text) > w:
            size -= 0.5
            self.font(size, bold)
        self.set_xy(x, y)
        self.cell(w, h, text, align=align)

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        self.image(io.BytesIO(qr_png(url, box_size=8, border=1)), x=x, y=y, w=size, h=size)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def badges_pdf(badges: list[BadgeCard], event_name: str) -> bytes:
    """Eight badges a page (2 × 4, 105 × 74 mm), first name large, QR to the personal page."""
    pdf = Sheet()
    width, height = 105.0, 74.25
    for index, badge in enumerate(badges):
        if index % 8 == 0:
            pdf.add_page()
        col, row = index % 2, (index % 8) // 2
        x, y = col * width, row * height
        pdf.set_draw_color(200, 200, 200)
        pdf.rect(x, y, width, height)
        pdf.set_text_color(*GREEN)
        pdf.text_line(x + 6, y + 6, 60, 6, event_name, 8, align="L")
        pdf.set_text_color(0, 0, 0)
        pdf.text_line(x + 6, y + 20, 56, 12, badge.first_name, 24, bold=True, align="L")
        pdf.text_line(x + 6, y + 33, 56, 7, badge.last_name, 13, align="L")
        pdf.text_line(x + 6, y + 48, 56, 6, badge.organisation, 10, align="L")
        pdf.qr(badge.url, x + width - 40, y + 18, 34)
        pdf.text_line(x + width - 42, y + 54, 38, 4, in_language(badge.language, SCAN_ME), 6.5)
    if not badges:
        pdf.add_page()
        pdf.text_line(20, 40, 170, 10, "Aucun badge à imprimer.", 14)
    return pdf.output_bytes()


def _table_face(pdf: Sheet, top: float, number: int, event_name: str, label: str,
                languages: Sequence[str]) -> None:
    pdf.set_text_color(*GREEN)
    pdf.text_line(10, top + 30, 190, 15, in_each(languages, lambda: _(label)), 32, bold=True)
    pdf.text_line(10, top + 50, 190, 60, str(number), 110, bold=True)
    pdf.set_text_color(90, 90, 90)
    pdf.text_line(10, top + 120, 190, 8, event_name, 12)


def table_cards_pdf(table_numbers: list[int], event_name: str, label: str = TABLE,
                    languages: Sequence[str] = ("fr",)) -> bytes:
    """One A4 card a table, folded in two: the number readable from both sides of the table
    (`label` « Cercle » for the tables tournantes' standing tables), in the room's languages
    (« Table / Tafel »)."""
    pdf = Sheet()
    for number in table_numbers:
        pdf.add_page()
        with pdf.rotation(180, x=105, y=74.25):
            _table_face(pdf, 0, number, event_name, label, languages)
        _table_face(pdf, 148.5, number, event_name, label, languages)
        pdf.set_draw_color(180, 180, 180)
        pdf.dashed_line(0, 148.5, 210, 148.5, 2, 2)
    return pdf.output_bytes()


def _in_each_line(pdf: Sheet, top: float, languages: Sequence[str], message: str,
                  size: float) -> float:
    """One line a language, all alike (Brussels gives its languages equal standing); returns
    the next top."""
    pdf.set_text_color(0, 0, 0)
    for language in languages:
        pdf.text_line(10, top, 190, size * 0.55, in_language(language, message), size)
        top += size * 0.55
    return top + 2


def poster_pdf(event_name: str, walk_in_url: str, languages: Sequence[str] = ("fr",)) -> bytes:
    """The entrance poster: walk-ins scan it to register and get their own page; in the
    room's languages, one line each (the walk-in form follows the phone's own language)."""
    pdf = Sheet()
    pdf.add_page()
    pdf.set_text_color(*GREEN)
    pdf.text_line(10, 25, 190, 14, in_each(languages, lambda: _("Bienvenue !")), 36, bold=True)
    pdf.set_text_color(0, 0, 0)
    pdf.text_line(10, 45, 190, 10, event_name, 20)
    size = 14 if len(languages) == 1 else 12
    _in_each_line(pdf, 60, languages, N_("Pas encore inscrit·e ? Scannez ce code avec votre "
                                         "téléphone :"), size)
    qr_top = 62 + len(languages) * size * 0.55
    pdf.qr(walk_in_url, 45, qr_top, 120)
    top = _in_each_line(pdf, qr_top + 124, languages, N_("Vous recevrez votre table du petit "
                                                         "déjeuner tout de suite."), size - 1)
    _in_each_line(pdf, top, languages, N_("Déjà inscrit·e ? Scannez le QR code de votre "
                                          "badge."), size - 1)
    pdf.set_text_color(90, 90, 90)
    pdf.text_line(10, 270, 190, 6, walk_in_url, 9)
    return pdf.output_bytes()


def group_cards_pdf(groups: list[tuple[int, str, str]], event_name: str) -> bytes:
    """One A4 sheet a group, laid by its tablet, in the group's language (number, link,
    language): the QR opens the group's page."""
    pdf = Sheet()
    for number, url, language in groups:
        pdf.add_page()
        with speaking(language):
            title = _("Groupe {name}").format(name=number)
            line = _("La tablette du groupe : scannez pour ouvrir sa page.")
        pdf.set_text_color(*GREEN)
        pdf.text_line(10, 25, 190, 30, title, 48, bold=True)
        pdf.set_text_color(0, 0, 0)
        pdf.text_line(10, 62, 190, 9, line, 14)
        pdf.qr(url, 45, 80, 120)
        pdf.set_text_color(90, 90, 90)
        pdf.text_line(10, 210, 190, 8, event_name, 12)
        pdf.text_line(10, 270, 190, 6, url, 9)
    return pdf.output_bytes()
