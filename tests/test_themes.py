"""The themes of cases and organisations in the readers' languages (partnerday/themes.py):
translated once per event for every case and organisation naming them, shown on phones,
tablets and in the report, while suggestions stay on the themes as written; stored on SQLite
and PostgreSQL, kept by a backup."""

import pandas as pd
import pytest
from sqlmodel import select

from partnerday import themes
from partnerday.backup import backup_event, restore_event
from partnerday.content import TranslationRefused
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.directory import entries, search, suggest
from partnerday.models import Case, Event, WorkGroup
from partnerday.report import build_report, report_html
from partnerday.services import preparation, tablets

VOCABULARY = themes.vocabulary_from([("Logement", {"nl": "huisvesting", "en": "housing"}),
                                     ("santé mentale", {"nl": "geestelijke gezondheid"})])


def test_a_theme_is_said_in_the_readers_language_however_it_was_spelt():
    assert themes.said_in(["logement", "LOGEMENT ", "Santé Mentale", "dettes"], VOCABULARY,
                          "nl") == ["huisvesting", "huisvesting", "geestelijke gezondheid",
                                    "dettes"]  # a theme nobody translated: as written
    assert themes.said_in(["santé mentale"], VOCABULARY, "en") == ["santé mentale"]
    assert themes.said_in(["logement"], VOCABULARY, "fr") == ["logement"]
    assert themes.said_in(["logement"], None, "nl") == ["logement"]
    assert themes.translations_of(["logement", "dettes"], VOCABULARY) == (
        ("nl", ("huisvesting", "dettes")), ("en", ("housing", "dettes")))
    assert themes.translations_of(["dettes"], VOCABULARY) == ()


def test_each_theme_used_is_listed_once_in_reading_order():
    assert themes.used([["logement", "Emploi"], ["emploi", "équivalence de diplôme"],
                        ["formation", "Logement"]]) == [
        "Emploi", "équivalence de diplôme", "formation", "logement"]


def test_the_organisers_table_keeps_what_they_translated_and_drops_the_rest():
    frame = themes.vocabulary_frame(["logement", "dettes", "emploi"], VOCABULARY)
    assert list(frame.columns) == ["theme", "theme_nl", "theme_en"]
    assert frame.to_dict("records")[0] == {"theme": "logement", "theme_nl": "huisvesting",
                                           "theme_en": "housing"}
    frame.loc[1, "theme_nl"] = "  schulden  "
    frame.loc[2, "theme_en"] = "x" * 80
    frame.loc[0, "theme_en"] = None  # a cell emptied in the editor
    assert themes.vocabulary_from_frame(frame) == {
        "logement": {"nl": {"theme": "huisvesting"}},
        "dettes": {"nl": {"theme": "schulden"}},
        "emploi": {"en": {"theme": "x" * 60}}}  # trimmed, within a theme's limit
    with pytest.raises(TranslationRefused, match="Langue inconnue"):
        themes.vocabulary_from([("logement", {"de": "Wohnung"})])


def test_phones_tablets_and_the_report_say_the_themes_the_organisers_translated(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        event.theme_translations = None  # the organisers start from nothing
        event_id = event.id
        case = session.exec(select(Case).where(Case.event_id == event_id)
                            .order_by(Case.position)).first()
        case_id, case_themes = case.id, list(case.themes)
        group_id = session.exec(select(WorkGroup.id).where(WorkGroup.event_id == event_id)
                                ).first()
    table = preparation.themes_table(engine, event_id)
    assert set(table["theme"]) >= {"logement", "emploi", "santé mentale"}
    assert not table[["theme_nl", "theme_en"]].any(axis=None)
    table.loc[table["theme"] == "logement", "theme_nl"] = "huisvesting"
    table.loc[table["theme"] == "emploi", ["theme_nl", "theme_en"]] = ["werk", "employment"]
    assert preparation.save_themes(engine, event_id, table) == 2

    with session_scope(engine) as session:
        directory = entries(session, event_id)
    housing = next(e for e in directory if "logement" in e.themes)
    assert "huisvesting" in housing.themes_for("nl")
    assert "logement" in housing.themes_for("en")  # not given in English: as written
    assert housing in search(directory, "huisvesting")  # a Dutch reader searches in Dutch
    assert housing in search(directory, "logement")

    dutch = tablets.case_sheet(engine, group_id, case_id, "nl")
    french = tablets.case_sheet(engine, group_id, case_id, "fr")
    assert list(dutch.themes) == case_themes  # as written, in the case's order
    assert dutch.said(["emploi"]) == ["werk"] and french.said(["emploi"]) == ["emploi"]
    assert [e.id for e, _ in suggest(dutch.directory, dutch.case.themes)] == \
        [e.id for e, _ in suggest(french.directory, french.case.themes)]

    with session_scope(engine) as session:
        report = build_report(session, event_id)
    employment = next(c for c in report.cases if "emploi" in c.themes)
    assert "werk" in report_html(report, "nl") and "employment" in report_html(report, "en")
    assert ", ".join(employment.themes) in report_html(report, "fr")


def test_a_backup_keeps_the_themes_translations(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        saved = backup_event(session, event.id)
        event.theme_translations = None  # lost since: the backup brings it back
    with session_scope(engine) as session:
        restored = restore_event(session, saved, replace=True)
        given = session.get(Event, restored.id).theme_translations
    assert given["logement"] == {"nl": {"theme": "huisvesting"}, "en": {"theme": "housing"}}
    assert themes.said_in(["Logement"], given, "nl") == ["huisvesting"]


def test_a_table_with_no_translation_left_clears_the_vocabulary(engine):
    with session_scope(engine) as session:
        event_id = create_demo_at_stage(session, "arrival", make_current=True).id
    table = preparation.themes_table(engine, event_id)
    assert table["theme_nl"].str.len().gt(0).all()  # the demo gives every theme in Dutch
    assert preparation.save_themes(engine, event_id,
                                   table.assign(theme_nl="", theme_en=pd.NA)) == 0
    with session_scope(engine) as session:
        assert session.get(Event, event_id).theme_translations is None
