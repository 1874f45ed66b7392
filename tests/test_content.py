"""Content in a second language (partnerday/content.py): questions, cases and the directory's
services as organisers give them in Dutch or English, shown to each reader in theirs where
given and as written otherwise; stored on SQLite and PostgreSQL."""

import pandas as pd
import pytest
from sqlmodel import select

from partnerday import content
from partnerday.cases import cases_frame, list_cases, save_cases
from partnerday.content import TranslationRefused
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.directory import directory_frame, entries, save_directory, search
from partnerday.i18n import speaking
from partnerday.models import Case, Participant, Poll, Vote
from partnerday.polls import cast_vote, create_poll, edit_poll, poll_results, scale_legend
from partnerday.report import poll_line


def test_a_reader_sees_their_language_where_given_and_the_source_elsewhere():
    poll = Poll(event_id=1, kind="single", question="Vous venez comment ?",
                options=["À pied", "En tram", "En voiture"],
                translations={"nl": {"question": "Hoe komt u?", "options": ["Te voet", "",
                                                                            "Met de auto"]}})
    assert content.text_in(poll, "question", "nl") == "Hoe komt u?"
    assert content.text_in(poll, "question", "en") == "Vous venez comment ?"  # not given
    assert content.options_in(poll, "nl") == ["Te voet", "En tram", "Met de auto"]
    assert content.option_labels(poll, "nl") == {"À pied": "Te voet", "En tram": "En tram",
                                                 "En voiture": "Met de auto"}
    assert content.languages_of(poll) == ["nl"]
    scale = Poll(event_id=1, kind="scale", question="Q", left_label="créer du lien",
                 right_label="produire", translations={"en": {"left_label": "connect"}})
    assert scale_legend(scale, " · ", "en") == "0 = connect · 10 = produire"


def test_what_organisers_type_is_cleaned_and_refused_when_it_cannot_fit():
    assert content.checked("poll", {"nl": {"question": "  Hoe komt u?  ", "options": ["", "",
                                                                                      ""]},
                                    "en": {"question": ""}}, ["a", "b", "c"]) == {
        "nl": {"question": "Hoe komt u?"}}  # empty languages and fields are dropped
    with pytest.raises(TranslationRefused, match="3 traductions pour 2 options"):
        content.checked("poll", {"nl": {"options": ["x", "y", "z"]}}, ["a", "b"])
    with pytest.raises(TranslationRefused, match="Langue inconnue"):
        content.checked("case", {"de": {"title": "Fall"}})
    long = content.checked("case", {"en": {"title": "x" * 300, "actor": "ignored"}})
    assert long == {"en": {"title": "x" * 200}}  # a field of its limit, only known fields


def test_a_copy_to_show_never_touches_the_row():
    case = Case(id=7, event_id=1, title="Samir, 24 ans", brief="Il cherche…",
                translations={"nl": {"brief": "Hij zoekt…"}})
    shown = content.localised(case, "nl")
    assert (shown.id, shown.title, shown.brief) == (7, "Samir, 24 ans", "Hij zoekt…")
    assert case.brief == "Il cherche…"


def test_an_answer_keeps_the_source_option_whatever_language_it_was_read_in(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        poll = create_poll(session, event.id, "single", "Vous venez comment ?",
                           ["À pied", "En tram"],
                           translations={"nl": {"question": "Hoe komt u?",
                                                "options": ["Te voet", "Met de tram"]}})
        poll.is_open = True
        people = session.exec(select(Participant.id).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).all()
        cast_vote(session, poll.id, people[0], "En tram")  # read as « Met de tram »
        cast_vote(session, poll.id, people[1], "En tram")  # read in French
        results = poll_results(session, poll)
        stored = [v.value for v in session.exec(select(Vote).where(Vote.poll_id == poll.id))]
    assert stored == [{"choice": "En tram"}] * 2
    assert results.counts["En tram"] == 2
    with speaking("nl"):  # the report's Dutch copy names it in Dutch
        assert poll_line(poll, results) == ("Meest gekozen: „Met de tram” (2 stemmen, "
                                            "2 deelnemers die antwoordden).")
    with session_scope(engine) as session:
        edit_poll(session, poll.id, "Vous venez comment ?",
                  translations={"nl": {"question": "Hoe bent u gekomen?"}})
        assert session.get(Poll, poll.id).translations == {
            "nl": {"question": "Hoe bent u gekomen?"}}
        edit_poll(session, poll.id, "Vous venez comment ?")  # None: translations kept
        assert session.get(Poll, poll.id).translations["nl"]["question"] == \
            "Hoe bent u gekomen?"


def test_cases_and_the_directory_carry_their_translations_in_their_tables(engine):
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        frame = cases_frame(session, event.id)
        assert {"title_nl", "brief_nl", "title_en", "brief_en"} <= set(frame.columns)
        assert frame.loc[0, "title_nl"] == "Samir, 24 jaar, zonder diploma"  # the demo's
        frame.loc[0, ["title_nl", "brief_nl", "title_en", "brief_en"]] = ""  # all cleared...
        frame.loc[0, "title_nl"] = "Samir, 24 jaar, zonder diploma"
        frame.loc[0, "brief_en"] = "Samir is looking for a training course."
        save_cases(session, event.id, frame)  # ... but two
        first = list_cases(session, event.id)[0]
        assert first.translations == {"nl": {"title": "Samir, 24 jaar, zonder diploma"},
                                      "en": {"brief": "Samir is looking for a training "
                                                      "course."}}
        again = cases_frame(session, event.id)  # read back as the editor shows it
        assert again.loc[0, "title_nl"] == "Samir, 24 jaar, zonder diploma"
        assert again.loc[0, "title_en"] == ""
        directory = directory_frame(session, event.id)
        assert not directory["services_nl"].isna().any()  # text, for the editor's columns
        directory.loc[0, "services_nl"] = "Huisvesting en schuldhulp"
        directory.loc[0, "services_en"] = ""  # the demo's English taken out
        save_directory(session, event.id, pd.DataFrame(directory))
        found = search(entries(session, event.id), "schuldhulp")  # found in Dutch too
    assert [e.name for e in found] == [directory.loc[0, "name"]]
    assert found[0].services_for("nl") == "Huisvesting en schuldhulp"
    assert found[0].services_for("en") == found[0].services  # not given: as written
