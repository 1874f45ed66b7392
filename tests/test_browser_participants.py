"""The participant table, edited in a real browser: change a cell, save, find it stored."""

import time

from playwright.sync_api import expect
from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.models import Participant
from bench.server import type_in_grid
from tests.conftest import organiser_opens
from tests.test_browser import TIMEOUT


def test_edit_an_email_in_the_table_and_save(app_server, desktop_page):
    page = desktop_page
    organiser_opens(page, app_server, "participants")
    tab = page.get_by_role("tab", name="Liste et modifications")
    tab.click()
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible(timeout=TIMEOUT)
    time.sleep(1)
    # the tab chosen again should a late run of the page (on a clean-clone run: its sign-in's)
    # draw the tabs anew, open on « Importer »
    type_in_grid(page, grid, "E-mail", "nouvelle.adresse@example.org", reveal=tab.click)
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page.get_by_text("1 modification(s)", exact=False)).to_be_visible(timeout=TIMEOUT)
    with session_scope(get_engine(app_server.database_url)) as session:
        changed = session.exec(select(Participant).where(
            Participant.email == "nouvelle.adresse@example.org")).all()
    assert len(changed) == 1


def test_exports_and_backup_download_in_the_browser(app_server, desktop_page, tmp_path):
    import json

    import pandas as pd

    page = desktop_page
    organiser_opens(page, app_server, "participants")
    page.get_by_role("tab", name="Exporter").click()
    csv_button = page.get_by_role("button", name="Télécharger en CSV")
    expect(csv_button).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        csv_button.click()
    download.value.save_as(tmp_path / "participants.csv")
    frame = pd.read_csv(tmp_path / "participants.csv", sep=";", encoding="utf-8-sig")
    assert len(frame) == 80 and list(frame.columns)[:3] == ["prénom", "nom", "structure"]

    page.get_by_role("link", name="Événements").click()
    backup_button = page.get_by_role("button", name="Télécharger la sauvegarde")
    expect(backup_button).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        backup_button.click()
    download.value.save_as(tmp_path / "backup.json")
    backup = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    assert backup["format"] == "partnerday-backup"
    assert len(backup["tables"]["participant"]) == 80
