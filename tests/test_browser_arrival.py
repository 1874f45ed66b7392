"""A printed badge, scanned: the badges PDF downloaded from the running app, its QR codes
decoded with a real decoder (zxing-cpp), the link opened in Chromium at phone size."""

import subprocess
from urllib.parse import parse_qs, urlparse

import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.models import BreakfastTable, Participant
from tests.conftest import organiser_opens
from tests.test_browser import TIMEOUT


def decode_pdf_page(pdf_path, tmp_path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf_path),
                    str(tmp_path / "badges")], check=True)
    image = Image.open(next(tmp_path.glob("badges*.png")))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_scanned_badge_opens_the_phone_page_with_the_table(app_server, desktop_page,
                                                          phone_page, tmp_path):
    page = desktop_page
    organiser_opens(page, app_server, "printouts")
    page.get_by_role("button", name="Préparer les badges").click()
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Télécharger les badges (PDF)").click(timeout=TIMEOUT)
    pdf_path = tmp_path / "badges.pdf"
    download.value.save_as(pdf_path)

    urls = decode_pdf_page(pdf_path, tmp_path)
    assert len(urls) == 8  # a full page of badges, every code readable
    assert all(url.startswith(f"{app_server.url}/?p=") for url in urls)
    with session_scope(get_engine(app_server.database_url)) as session:
        readers = {p.token: p for p in session.exec(select(Participant).where(
            Participant.token.in_([parse_qs(urlparse(u).query)["p"][0] for u in urls])))}
    url = next(u for u in urls  # a French reader's badge: the page below speaks French
               if readers[parse_qs(urlparse(u).query)["p"][0]].language == "fr")
    person = readers[parse_qs(urlparse(url).query)["p"][0]]
    first_name = person.name.split()[0]

    phone_page.goto(url)
    expect(phone_page.get_by_role("heading", name=f"Bonjour {first_name}")).to_be_visible(
        timeout=TIMEOUT)
    expect(phone_page.get_by_text("Votre table du petit déjeuner")).to_be_visible()
    with session_scope(get_engine(app_server.database_url)) as session:
        seated = session.get(Participant, person.id)
        table = session.get(BreakfastTable, seated.table_id).number
    table_box = phone_page.get_by_test_id("stHtml").get_by_text(str(table), exact=True)
    expect(table_box).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.screenshot(path=str(tmp_path / "phone.png"))

    phone_page.reload()
    expect(table_box).to_be_visible(timeout=TIMEOUT)
    expect(phone_page.get_by_text("votre arrivée est enregistrée")).to_have_count(0)
