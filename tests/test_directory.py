"""The directory "qui fait quoi": searched on phones, suggested by case themes, edited by
organisers."""

import pandas as pd
import pytest
from sqlmodel import select

from partnerday.db import session_scope
from partnerday.demo import create_demo_event
from partnerday.directory import DirectoryRefused, Entry, directory_frame, entries, \
    parse_themes, save_directory, search, suggest
from partnerday.models import Organisation

DIRECTORY = [Entry(1, "ASBL Logement Pour Tous", "Agence immobilière sociale", ("logement",)),
             Entry(2, "Crèche Les Petits Pas", "Places d'accueil", ("garde d'enfants",)),
             Entry(3, "CPAS de Forest", "Revenu d'intégration, aide au loyer",
                   ("revenus", "Logement", "dettes"))]


def test_search_ignores_case_and_accents_and_needs_every_word():
    assert [e.id for e in search(DIRECTORY, "logement")] == [1, 3]
    assert [e.id for e in search(DIRECTORY, "CRECHE")] == [2]
    assert [e.id for e in search(DIRECTORY, "integration loyer")] == [3]
    assert search(DIRECTORY, "piscine") == []
    assert len(search(DIRECTORY, "  ")) == 3


def test_case_themes_suggest_organisations_covering_most_first():
    found = suggest(DIRECTORY, ["Dettes", "logement", "santé"])
    assert [(e.id, shared) for e, shared in found] == [(3, ["Dettes", "logement"]),
                                                       (1, ["logement"])]
    assert parse_themes("Santé ; santé, dettes,, ") == ["Santé", "dettes"]


def test_organisers_edit_add_and_remove(engine):
    with session_scope(engine) as session:
        event = create_demo_event(session)
        frame = directory_frame(session, event.id)
    assert len(frame) == 20 and frame["services"].str.len().min() > 10  # the demo fills it
    frame.loc[frame["name"] == "CPAS de Forest", "themes"] = "revenus, mobilité"
    frame = pd.concat([frame, pd.DataFrame([{"name": "Banque alimentaire Sud",
                                             "services": "Colis", "themes": "alimentation"}])])
    with session_scope(engine) as session:
        assert save_directory(session, event.id, frame) == 21
        directory = entries(session, event.id)
    assert [e.name for e in search(directory, "MOBILITE")] == ["CPAS de Forest"]
    added = next(e for e in directory if e.name == "Banque alimentaire Sud")
    with session_scope(engine) as session:
        frame = directory_frame(session, event.id)
        save_directory(session, event.id, frame[frame["id"] != added.id])
        assert session.get(Organisation, added.id) is None
        with pytest.raises(DirectoryRefused, match="n'existe plus"):  # removed meanwhile
            save_directory(session, event.id, frame)
        frame = directory_frame(session, event.id)
        with pytest.raises(DirectoryRefused, match="fusionnez"):
            save_directory(session, event.id, frame[frame["name"] != "CPAS de Forest"])
    with session_scope(engine) as session:
        assert session.exec(select(Organisation).where(
            Organisation.name == "CPAS de Forest")).one()


def test_each_organisation_has_a_contact_for_the_report_and_the_reminders(engine):
    with session_scope(engine) as session:
        event = create_demo_event(session)
        frame = directory_frame(session, event.id)
    row = frame.index[frame["name"] == "CPAS de Forest"][0]

    def saved_entry(**cells) -> Entry:
        for column, value in cells.items():
            frame.loc[row, column] = value
        with session_scope(engine) as session:
            save_directory(session, event.id, frame)
            return next(e for e in entries(session, event.id) if e.name == "CPAS de Forest")

    def refused(match: str, **cells) -> None:
        for column, value in cells.items():
            frame.loc[row, column] = value
        with session_scope(engine) as session, pytest.raises(DirectoryRefused, match=match):
            save_directory(session, event.id, frame)

    entry = saved_entry(contact_name="  Nadia   Benali ",
                        contact_email="nadia.benali@cpas-forest.example.org")
    assert entry.contact == "Nadia Benali · nadia.benali@cpas-forest.example.org"
    assert entry.contact_language == "fr"  # until the organisers say otherwise
    refused("n'est pas une adresse", contact_email="nadia chez cpas")
    with session_scope(engine) as session:  # refused: nothing changed
        assert session.exec(select(Organisation.contact_email).where(
            Organisation.name == "CPAS de Forest")).one() == "nadia.benali@cpas-forest.example.org"
    entry = saved_entry(contact_email="nadia.benali@cpas-forest.example.org",
                        contact_language="nl")
    assert entry.contact_language == "nl"  # her reminders come in Dutch
    refused("langue du contact « de »", contact_language="de")
