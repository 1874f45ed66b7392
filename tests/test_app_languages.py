"""A participant's phone and a group's tablet in their own language, as Streamlit runs them:
from the registration file's language (a group: its members'), changed in one tap, with the
domain's refusals said in it too."""

import json
import re

import pytest
from babel.messages.pofile import read_po
from sqlmodel import select

from partnerday import i18n
from partnerday.accounts import create_account, set_language
from partnerday.db import get_engine, session_scope
from partnerday.demo import DEMO_EVENT, STAGES, create_demo_at_stage
from partnerday.commitments import STATUSES
from partnerday.models import Case, Commitment, Event, MailStop, Organisation, Participant, Poll, \
    Vote, WorkGroup
from partnerday.services import day, tablets
from partnerday.ui import VISITOR_LANGUAGE
from streamlit.testing.v1 import AppTest
from tests.conftest import APP, PASSWORD, log_in, open_app, texts

# one sentence of the phone page in each language, and one that must not show
SAID = {"fr": ("Votre table du petit déjeuner", "Uw ontbijttafel"),
        "nl": ("Uw ontbijttafel", "Votre table du petit déjeuner"),
        "en": ("Your breakfast table", "Votre table du petit déjeuner")}


def participant_at(url, stage: str, language: str) -> tuple[str, int]:
    """A checked-in worker of a demo event at `stage`, reading in `language`."""
    open_app()  # first start: the demo event
    engine = get_engine(url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, stage, make_current=True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None),
            Participant.role == "worker")).first()
        person.language = language
        session.add(person)
        return person.token, person.id


@pytest.mark.parametrize("stage", list(STAGES))
@pytest.mark.parametrize("language", list(SAID))
def test_every_stage_of_the_phone_page_is_drawn_in_each_language(app_env, stage, language):
    token, _ = participant_at(app_env, stage, language)
    at = open_app(p=token)
    assert not at.exception
    shown = texts(at)
    said, not_said = SAID[language]
    assert said in shown and not_said not in shown
    html = "".join(h.proto.body for h in at.get("html"))
    assert f"lang: \"{language}\"" in html  # the page says its language to screen readers
    assert f'href="?f=1&amp;l={language}"' in html  # « not me » lands on a page in it too


def test_one_tap_puts_the_page_and_what_follows_in_another_language(app_env):
    token, person_id = participant_at(app_env, "groups", "fr")
    at = open_app(p=token)
    assert "Votre groupe de travail" in texts(at)
    at.segmented_control[0].set_value("nl").run()
    assert "Uw werkgroep" in texts(at) and "Votre groupe de travail" not in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.get(Participant, person_id).language == "nl"  # emails follow
    again = open_app(p=token)  # a new tab, a reload: still Dutch
    assert "Uw werkgroep" in texts(again)


def test_a_refused_vote_is_said_in_the_persons_language(app_env):
    token, _ = participant_at(app_env, "arrival", "nl")
    at = open_app(p=token)
    submit = next(b for b in at.button if b.label == "Versturen")
    with session_scope(get_engine(app_env)) as session:
        for poll in session.exec(select(Poll).where(Poll.is_open)).all():
            poll.is_open = False  # closed on the laptop meanwhile
            session.add(poll)
    submit.click().run()
    assert "Deze vraag is gesloten: uw antwoord is niet opgeslagen." in texts(at)


def test_the_easy_read_page_speaks_the_persons_language_too(app_env):
    token, person_id = participant_at(app_env, "groups", "en")
    with session_scope(get_engine(app_env)) as session:
        session.get(Participant, person_id).easy_read = True
    at = open_app(p=token)
    assert "Your table is number" in texts(at) and "Go to that table." in texts(at)
    assert "This isn't me" in texts(at)
    assert not re.search(r"\{[a-z_]+\}", texts(at))  # no field left unfilled
    next(b for b in at.button if b.label == "Next →").click().run()
    assert "Your group is group" in texts(at)


def walk_in_form(url, chosen: str | None = None) -> AppTest:
    """The entrance poster's form, the doors open, as a phone set to French opens it, or one
    whose visitor `chosen` a language on it."""
    open_app()
    with session_scope(get_engine(url)) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        token = event.walkin_token
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["w"] = token
    if chosen:
        at.session_state[VISITOR_LANGUAGE] = chosen
    return at.run()


def test_a_walk_ins_mistakes_are_said_in_the_language_they_chose(app_env):
    at = walk_in_form(app_env)
    at.segmented_control[0].set_value("nl").run()
    assert "Ter plaatse inschrijven" in texts(at)
    next(t for t in at.text_input if t.label.startswith("E-mail")).input("lea@")
    with i18n.speaking("nl"):  # AppTest formats the radio's options in the test's thread
        at = at.button[0].click().run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert errors == ["Voornaam ontbreekt.", "Organisatie ontbreekt.", "E-mailadres „lea@” is ongeldig."]
    english = walk_in_form(app_env, "en")
    next(t for t in english.text_input if t.label == "First name").input("Léa")
    next(t for t in english.text_input if t.label.startswith("Email")).input("lea@")
    with i18n.speaking("en"):
        at = english.button[0].click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        "Organisation missing.", "Email address “lea@” is not valid."]


@pytest.mark.parametrize("link", ["p", "w", "j", "g", "d", "u"])
def test_a_link_not_recognised_is_said_in_the_language_the_visitor_chose(app_env, link):
    open_app()
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params[link] = "x" * 22
    at.session_state[VISITOR_LANGUAGE] = "nl"
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Link niet herkend" in shown and "Lien non reconnu" not in shown
    assert "is niet (meer) geldig" in shown
    html = "".join(h.proto.body for h in at.get("html"))
    assert 'lang: "nl"' in html


# the tablet's title and clock at each stage, in each language
TABLET_SAID = {
    "fr": ("Groupe 1", {"groups": "Les tours n'ont pas commencé (6 prévus).",
                        "rounds": "Tour 2 sur 6", "report": "Tous les tours sont terminés."}),
    "nl": ("Groep 1", {"groups": "De rondes zijn nog niet begonnen (6 gepland).",
                       "rounds": "Ronde 2 van 6", "report": "Alle rondes zijn afgelopen."}),
    "en": ("Group 1", {"groups": "The rounds have not started (6 planned).",
                       "rounds": "Round 2 of 6", "report": "All rounds are over."}),
}


def group_one_at(url, stage: str) -> tuple[str, int]:
    """Group 1 of a demo event at `stage`: its tablet's token, its id."""
    open_app()  # first start: the demo event
    with session_scope(get_engine(url)) as session:
        event = create_demo_at_stage(session, stage, make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id,
                                                     WorkGroup.number == 1)).one()
        return group.token, group.id


@pytest.mark.parametrize("stage", ["groups", "rounds", "report"])
@pytest.mark.parametrize("language", list(TABLET_SAID))
def test_a_groups_tablet_speaks_the_language_chosen_for_the_group(app_env, stage, language):
    token, group_id = group_one_at(app_env, stage)
    tablets.set_group_language(get_engine(app_env), group_id, language)
    at = open_app(g=token)
    assert not at.exception
    shown = texts(at)
    title, clocks = TABLET_SAID[language]
    assert at.title[0].value == title and clocks[stage] in shown
    others = [said for other, (_, said) in TABLET_SAID.items() if other != language]
    assert not any(said[stage] in shown for said in others)
    html = "".join(h.proto.body for h in at.get("html"))
    assert f'lang: "{language}"' in html  # Streamlit's own texts and the page's lang too
    if stage == "rounds":
        boxes = [json.loads(e.proto.json) for e in at.get("bidi_component")]  # autosave's
        profile = {"fr": "Profil de la personne", "nl": "Profiel van de persoon",
                   "en": "The person’s profile"}[language]
        assert profile in [box["label"] for box in boxes]
        saving = {"fr": "Enregistrement…", "nl": "Opslaan…", "en": "Saving…"}[language]
        assert all(box["texts"]["saving"] == saving for box in boxes)
        assert set(case_themes_said(at, language)) <= DEMO_THEMES[language]


DEMO_THEMES = {language: {theme if language == "fr" else said[language]
                          for theme, said in json.loads(DEMO_EVENT.read_text(
                              encoding="utf-8"))["themes"].items()}
               for language in ("fr", "nl", "en")}
"""The demo's themes in each language (its vocabulary, data/demo_event.json)."""


def case_themes_said(at: AppTest, language: str) -> list[str]:
    """The themes a tablet's case sheet says (« Thema’s: huisvesting, werk »)."""
    prefix = {"fr": "Thèmes : ", "nl": "Thema’s: ", "en": "Themes: "}[language]
    said = [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]
    line = next(s for s in said if s.startswith(prefix))
    return line.removeprefix(prefix).split(", ")


def test_a_group_reads_its_members_language_until_one_is_chosen_then_one_tap_changes_it(
        app_env):
    token, group_id = group_one_at(app_env, "rounds")
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        for person in session.exec(select(Participant).where(Participant.group_id == group_id)):
            person.language = "nl"
            session.add(person)
    at = open_app(g=token)
    assert at.title[0].value == "Groep 1"  # its members read Dutch: nobody had to choose
    with i18n.speaking("nl"):
        at.segmented_control(key="tablet_language").set_value("en").run()
    assert at.title[0].value == "Group 1" and "Round 2 of 6" in texts(at)
    with session_scope(engine) as session:
        assert session.get(WorkGroup, group_id).language == "en"
    other_tablet = open_app(g=token)  # the group's other tablets follow
    assert other_tablet.title[0].value == "Group 1"


def test_organisers_set_each_groups_tablet_language_on_the_rounds_page(app_env):
    token, group_id = group_one_at(app_env, "rounds")
    at = log_in(open_app("pages/rounds.py"), PASSWORD)
    assert not at.exception and "Langue des tablettes" in texts(at)
    choice = at.selectbox(key=f"tablet-language-{group_id}-fr")
    assert choice.label == "Groupe 1" and choice.value == "fr"
    choice.set_value("nl").run()
    with session_scope(get_engine(app_env)) as session:
        assert session.get(WorkGroup, group_id).language == "nl"
    assert open_app(g=token).title[0].value == "Groep 1"
    assert at.selectbox(key=f"tablet-language-{group_id}-nl").value == "nl"


def test_a_bilingual_rooms_projector_says_each_screen_in_both_languages(app_env):
    open_app()
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        event_id, screen = event.id, event.screen_token
    day.set_projector_languages(engine, event_id, ["fr", "nl"])
    said = {"tables": "Tables du petit déjeuner / Ontbijttafels",
            "groups": "Groupes de travail / Werkgroepen",
            "rounds": "Tour 2 sur 6 / Ronde 2 van 6",
            "polls": "ouvrez la page de votre badge. / Wachten op de stemmen: scan de QR-code",
            "mixing": "Les cercles apparaîtront dès qu'ils seront composés. / De kringen",
            "pooling": "cas 1 sur 3 / Samenbrengen · Groepen 1 + 2 + 3 + 4 + 5 + 6 · casus 1",
            "encounters": "Aujourd'hui, nous nous sommes rencontré·e·s / Vandaag hebben we"}
    for name, sentence in said.items():
        day.show_on_projector(engine, event_id, name)
        at = open_app(s=screen)
        assert not at.exception, name
        assert sentence in texts(at), name
    day.set_projector_languages(engine, event_id, ["nl"])  # a Dutch-speaking room
    day.show_on_projector(engine, event_id, "tables")
    shown = texts(open_app(s=screen))
    assert "Ontbijttafels" in shown and "Tafel 1" in shown and "Table 1" not in shown


# a sentence of each page the people in the room open from a link, in each language
LINK_PAGES_SAID = {
    "w": {"fr": "Inscription sur place", "nl": "Ter plaatse inschrijven", "en": "Sign up here"},
    "j": {"fr": "Pour voter", "nl": "Om te stemmen", "en": "To vote"},
    "d": {"fr": "Vos données personnelles", "nl": "Uw persoonsgegevens",
          "en": "Your personal data"},
    "a": {"fr": "Accessibilité", "nl": "Toegankelijkheid", "en": "Accessibility"},
}


@pytest.mark.parametrize("language", list(i18n.NAMES))
def test_every_page_a_link_opens_is_drawn_in_each_language(app_env, language):
    """The walk-in form, the join page, the notice and the statement, asked for in a language
    by the link (`&l=`) as the pages linking them do: no exception, the page in it."""
    open_app()
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        tokens = {"w": event.walkin_token, "j": event.join_token, "d": event.uid,
                  "a": event.uid}
    for link, said in LINK_PAGES_SAID.items():
        at = open_app(**{link: tokens[link], "l": language})
        assert not at.exception, link
        assert at.title[0].value == said[language], link
        assert f'lang: "{language}"' in "".join(h.proto.body for h in at.get("html")), link


# the pages a follow-up email links, and the page a shared phone lands on: (title, a saved
# status, the stop's confirmation, the forgetting phone's title)
FOLLOW_UP_SAID = {
    "fr": ("Votre engagement", "Merci, c'est noté : fait, 100 %.", "C'est fait :",
           "Ce téléphone a oublié la page"),
    "nl": ("Uw engagement", "Bedankt, genoteerd: klaar, 100 %.", "Gedaan:",
           "Deze telefoon is de pagina vergeten"),
    "en": ("Your commitment", "Thank you, noted: done, 100 %.", "Done:",
           "This phone has forgotten the page"),
}


@pytest.mark.parametrize("language", list(FOLLOW_UP_SAID))
def test_the_pages_a_reminder_links_speak_the_language_of_its_email(app_env, language):
    """A reminder's commitment link and its « stop » link carry the email's language (`&l=`),
    as does a phone page's « Ce n'est pas moi »: each page, and what it says after a tap, in
    that language."""
    title, saved, stopped, forgotten = FOLLOW_UP_SAID[language]
    open_app()
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        commitment = session.exec(select(Commitment).where(
            Commitment.event_id == event.id)).first()
        stop = MailStop(event_id=event.id, email="kenza.hermans@example.org")
        session.add(stop)
        session.flush()
        tokens = commitment.token, stop.token
    at = open_app(c=tokens[0], l=language)
    assert not at.exception and at.title[0].value == title
    assert f'lang: "{language}"' in "".join(h.proto.body for h in at.get("html"))
    done = i18n.in_language(language, STATUSES["done"]).capitalize()
    at = next(b for b in at.button if b.label == done).click().run()
    assert saved in texts(at)
    at = open_app(u=tokens[1], l=language)
    assert not at.exception
    at = at.button[-1].click().run()  # the one button under the language choice
    assert stopped in texts(at)
    at = open_app(f="1", l=language)
    assert not at.exception and at.title[0].value == forgotten


def test_content_given_in_dutch_reaches_dutch_phones_and_tablets_and_no_one_else(app_env):
    """A question and the cases given in Dutch by the organisers: a Dutch worker reads them in
    Dutch (and answers with the French option stored), a French one as written; the group's
    tablet, set to Dutch, shows the case in Dutch; a question not translated stays readable."""
    group_token, group_id = group_one_at(app_env, "rounds")  # an actor visits it in round 2
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        person = session.exec(select(Participant).where(Participant.group_id == group_id,
                                                        Participant.role == "worker")).first()
        person.language = "nl"
        session.add(person)
        token, person_id, event_id = person.token, person.id, person.event_id
        for poll in session.exec(select(Poll).where(Poll.event_id == event_id)):
            poll.is_open = False
            session.add(poll)
        for case in session.exec(select(Case).where(Case.event_id == event_id)):
            case.translations = {"nl": {"title": f"NL {case.title}",
                                        "brief": "Een situatie in het Nederlands."}}
            session.add(case)
    day.create_poll(engine, event_id, "single", question="Vous venez comment ?",
                    options=["À pied", "En tram"],
                    translations={"nl": {"question": "Hoe komt u?",
                                         "options": ["Te voet", "Met de tram"]}})
    with session_scope(engine) as session:
        poll = session.exec(select(Poll).where(Poll.question == "Vous venez comment ?")).one()
        poll.is_open = True
        session.add(poll)
    at = open_app(p=token)
    assert not at.exception
    shown = texts(at)
    assert "Hoe komt u?" in shown and "Vous venez comment ?" not in shown
    assert at.radio[0].options == ["Te voet", "Met de tram"]
    assert re.search(r"aan de casus\s+NL Maria", shown)  # the case of the round, in Dutch
    at.radio[0].set_value("En tram")
    at = next(b for b in at.button if b.label == "Versturen").click().run()
    with session_scope(engine) as session:
        vote = session.exec(select(Vote).where(Vote.participant_id == person_id,
                                               Vote.poll_id == poll.id)).one()
    assert vote.value == {"choice": "En tram"}  # counted with the French answers
    with session_scope(engine) as session:
        session.get(Participant, person_id).language = "fr"
    french = texts(open_app(p=token))
    assert "Vous venez comment ?" in french and "Hoe komt u?" not in french
    tablets.set_group_language(engine, group_id, "nl")
    tablet = open_app(g=group_token)
    assert not tablet.exception
    labels = [e.label.replace("\\", "") for e in tablet.expander]
    assert any(label.startswith("De situatie: NL ") for label in labels), labels
    assert "Een situatie in het Nederlands." in [t.value for t in tablet.text]


DEMO_SAID = {"nl": ("Voor u dient de Partner Day vooral om…", "banden te smeden", "ouders",
                    "Opvangplaatsen voor kinderen van ouders die een opleiding volgen of werk "
                    "zoeken."),
             "en": ("For you, the Partner Day is above all about…", "building connections",
                    "looking", "Childcare places for children whose parents are in training "
                                 "or looking for work.")}


@pytest.mark.parametrize("language", list(DEMO_SAID))
def test_the_demo_day_speaks_to_a_phone_in_its_language(app_env, language):
    """The demo's question and directory are written in three languages, as a real day's can
    be: a Dutch or English phone reads them in its language, searches them in it, and still
    finds what only the French says."""
    question, label, query, services = DEMO_SAID[language]
    token, _ = participant_at(app_env, "arrival", language)
    at = open_app(p=token)
    assert not at.exception
    shown = texts(at)
    assert question in shown and label in at.slider[0].label
    assert "Pour vous, le Partner Day sert surtout à…" not in shown
    at.text_input(key="directory_query").set_value(query).run()
    assert services in [t.value for t in at.text]
    at.text_input(key="directory_query").set_value("Petits Pas").run()  # the name, as written
    assert services in [t.value for t in at.text]
    housing = {"nl": "huisvesting", "en": "housing"}[language]
    at.text_input(key="directory_query").set_value(housing).run()  # a theme, in its language
    found = [c.value for c in at.caption if housing in c.value or "logement" in c.value]
    assert len(found) >= 3 and not any("logement" in themes for themes in found)


def test_a_commitment_names_its_case_in_the_holders_language(app_env):
    """A Dutch holder's phone, and the page their reminder links, name the commitment's case
    as the organisers gave it in Dutch; a French holder's as written."""
    open_app()
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        held = session.exec(select(Commitment).where(Commitment.event_id == event.id,
                                                     Commitment.participant_id.is_not(None))
                            ).first()
        case = session.get(Case, held.case_id)
        dutch = case.translations["nl"]["title"]
        person = session.get(Participant, held.participant_id)
        person.language = "nl"
        session.add(person)
        token, link, written = person.token, held.token, held.case_title
    shown = texts(open_app(p=token))
    assert "Mijn engagementen" in shown and dutch in shown and written not in shown
    page = open_app(c=link, l="nl")
    assert not page.exception and dutch in texts(page)
    with session_scope(engine) as session:
        session.get(Participant, held.participant_id).language = "fr"
    assert written in texts(open_app(p=token))


# --- the organisers' pages: each account in its own language ------------------------------------

ORGANISER_PAGES = ("dashboard", "events", "participants", "organisations", "cases", "printouts",
                   "arrivals", "groups", "mixing", "rounds", "polls", "merge", "report",
                   "commitments", "accounts", "projector_tables", "projector_groups",
                   "projector_polls", "projector_rounds", "projector_pooling",
                   "projector_mixing", "projector_encounters")


def an_organiser_reading_dutch(url: str, stage: str, language: str = "nl") -> None:
    """The demo event at `stage`, and the first account switched to Dutch (or `language`) in
    one tap: its next sign-in, on any browser, is in it."""
    open_app()
    with session_scope(get_engine(url)) as session:
        create_demo_at_stage(session, stage, make_current=True)
    at = log_in(open_app(), PASSWORD)
    at.segmented_control(key="interface_language").set_value(language).run()


def test_a_desk_volunteer_reads_the_desk_in_dutch_and_checks_someone_in(app_env):
    open_app()  # the first start: the first account, the demo event
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        made = create_account(session, "jef@example.org", "Jef", "", "desk", "onthaal-van-morgen")
    set_language(engine, made.id, "nl")
    at = log_in(open_app("pages/arrivals.py"), "onthaal-van-morgen", "jef@example.org")
    assert not at.exception
    assert [t.value for t in at.title] == ["Aankomst"]
    assert [link.label for link in at.get("page_link")] == ["Start", "Aankomst"]
    assert "Jef · onthaal" in texts(at) and "Aan de balie" in texts(at)
    assert [m.label for m in at.metric] == ["Aangekomen", "Verwacht", "Ingeschreven"]
    desk = at.selectbox(key="desk")
    assert desk.placeholder == "Typ een naam…"
    assert not any("<NA>" in label for label in desk.options)  # no table: none said
    with session_scope(engine) as session:
        waiting = session.exec(select(Participant.id).where(Participant.table_id.is_(None))).first()
    at = desk.select(waiting).run()
    at = next(b for b in at.button if b.label == "Aankomst registreren").click().run()
    assert not at.exception
    assert re.search(r"Aankomst geregistreerd: tafel \d+\.", texts(at)), texts(at)
    assert "Arrivée" not in texts(at) and "Accueil" not in texts(at)


def test_an_organiser_switches_the_interface_to_english_in_one_tap_and_it_stays(app_env):
    at = log_in(open_app(), PASSWORD)
    assert "Tableau de bord" in [link.label for link in at.get("page_link")]
    at = at.segmented_control(key="interface_language").set_value("en").run()
    assert not at.exception
    menu = [link.label for link in at.get("page_link")]
    assert {"Home", "Dashboard", "Arrivals", "Groups", "Rounds", "Commitments",
            "Case studies"} <= set(menu)  # the menu's « Cas », not a table's (`pN_`)
    assert "Before the day" in [c.value for c in at.sidebar.caption]
    assert "You are signed in (Organisateur·rice, organiser)" in texts(at)
    assert any(b.label == "Sign out" for b in at.sidebar.button)
    again = log_in(open_app("pages/arrivals.py"), PASSWORD)  # another browser, a day later
    assert [t.value for t in again.title] == ["Arrivals"]
    assert "Welcome desk" in texts(again)


def test_the_login_page_speaks_the_visitors_choice_and_refuses_in_it(app_env):
    at = open_app("pages/dashboard.py")
    at = at.segmented_control(key=VISITOR_LANGUAGE).set_value("nl").run()
    assert "Ruimte voor organisatoren" in texts(at)
    fields = {t.label: t for t in at.text_input}
    assert set(fields) == {"Gebruikersnaam", "Wachtwoord"}
    fields["Gebruikersnaam"].input("organisateur")
    fields["Wachtwoord"].input("niet-het-goede")
    at = next(b for b in at.button if b.label == "Aanmelden").click().run()
    assert "Gebruikersnaam of wachtwoord onjuist." in texts(at)


TRANSLATED_ORGANISER_PAGES = {"home", "dashboard", "arrivals", "rounds", "groups", "polls",
                              "mixing", "merge", "report", "commitments", "accounts",
                              "printouts", "events", "organisations", "cases", "participants"}
"""The organisers' own pages (the projector's follow the room's languages)."""


def french_sentences_of(page: str, language: str) -> set[str]:
    """The page file's own French texts with no placeholder that its catalogue says otherwise."""
    catalogue = i18n.translations(language)
    with open(i18n.catalogue_path(language), "rb") as po:
        entries = read_po(po)
    return {m.id for m in entries if isinstance(m.id, str) and "{" not in m.id
            and len(m.id) >= 6 and any(f == f"pages/{page}.py" for f, _ in m.locations)
            and catalogue.gettext(m.id) != m.id}


def said_in(sentence: str, shown: str) -> bool:
    """The sentence as a whole in the text (« Exporter » is not in « Exporteren »)."""
    return re.search(rf"(?<!\w){re.escape(sentence)}(?!\w)", shown) is not None


def shown_text(at: AppTest) -> str:
    """`texts`, with what widgets say of themselves: labels (metrics, expanders, buttons,
    fields) and the options of the choices."""
    widgets = [e for kind in ("metric", "expander", "button", "tabs", "text_input",
                              "number_input", "selectbox", "radio", "segmented_control")
               for e in at.get(kind)]
    labels = [e.label for e in widgets if getattr(e, "label", None)]
    options = [option for e in widgets for option in getattr(e, "options", None) or []]
    return "\n".join([texts(at), *labels, *map(str, options)])


ARRIVALS_IN_MENU = {"nl": "Aankomst", "en": "Arrivals"}


@pytest.mark.parametrize("language", list(ARRIVALS_IN_MENU))
def test_every_organiser_page_is_drawn_in_each_language_with_none_of_its_french(app_env,
                                                                                language):
    """Each page, for an account reading Dutch or English: drawn without an exception, under
    the menu in that language, and none of the page's own French sentences (read from the
    catalogue) shown."""
    an_organiser_reading_dutch(app_env, "report", language)
    with session_scope(get_engine(app_env)) as session:
        typed = list(session.exec(select(Event.name)))  # what organisers typed stays as typed
    tables = 0
    for page in ("home", *ORGANISER_PAGES):
        at = log_in(open_app(None if page == "home" else f"pages/{page}.py"), PASSWORD)
        assert not at.exception, (page, at.exception)
        assert "Espace organisateurs" not in texts(at), page
        assert ARRIVALS_IN_MENU[language] in [link.label for link in at.get("page_link")], page
        # an empty cell shows nothing, not Streamlit's English « None » (`ui.NO_VALUE`)
        assert [t.proto.placeholder for t in at.dataframe] == [""] * len(at.dataframe), page
        assert all(t.proto.HasField("placeholder") for t in at.dataframe), page
        tables += len(at.dataframe)
        if page not in TRANSLATED_ORGANISER_PAGES:
            continue
        french = french_sentences_of(page, language)
        assert french, page  # the page has texts of its own to check
        shown = shown_text(at)
        for name in typed:
            shown = shown.replace(name, "")
        assert [sentence for sentence in french if said_in(sentence, shown)] == [], page
        translated = [i18n.translations(language).gettext(sentence) for sentence in french]
        assert any(sentence in shown for sentence in translated), page
    assert tables >= 12  # the pages' tables were all looked at


def test_the_solvers_refusal_reaches_a_dutch_organiser_in_dutch(app_env):
    """The domain's infeasible settings, said in the page's language (`Refusal.of`)."""
    an_organiser_reading_dutch(app_env, "arrival")
    at = log_in(open_app("pages/groups.py"), PASSWORD)
    assert [t.value for t in at.title] == ["Werkgroepen"]
    sizes = {n.label: n for n in at.number_input}
    sizes["Min. grootte"].set_value(20)
    sizes["Max. grootte"].set_value(10)
    at = next(b for b in at.button if b.label == "Verdeling berekenen").click().run()
    assert "Het minimum (20) is groter dan het maximum (10) per groep." in texts(at)


def test_a_dutch_organiser_is_told_in_dutch_what_a_question_lacks(app_env):
    an_organiser_reading_dutch(app_env, "arrival")
    at = log_in(open_app("pages/polls.py"), PASSWORD)
    assert [t.value for t in at.title] == ["Live vragen"]
    kind = next(s for s in at.selectbox if s.label == "Soort")
    assert "Meerkeuze" in kind.options
    kind.select("single").run()
    at.text_input[0].input("Welk formaat voor volgend jaar?")
    at.text_area[0].input("casusbespreking")
    at = next(b for b in at.button if b.label == "Vraag aanmaken").click().run()
    assert "Geef minstens twee opties (één per regel)." in texts(at)


def test_a_dutch_organiser_reads_the_import_in_dutch_the_files_own_words_as_written(app_env):
    """The checks of a registration file (column notes, warnings, headings, refusals) are said
    in the account's language; the file's headers and cells stay as the file writes them."""
    an_organiser_reading_dutch(app_env, "arrival")
    at = log_in(open_app("pages/participants.py"), PASSWORD)
    content = ("Horodateur;Voornaam;Prénom;Structure;Consentement\n"
               "2026-11-28 10:02;Marie;Marie;CPAS de Forest;oui\n").encode()
    at = at.file_uploader[0].set_value(("Formulier.csv", content, "text/csv")).run()
    assert not at.exception
    shown = texts(at)
    assert "tijdstempel van het formulier" in shown and "toestemming (niet bewaard)" in shown
    assert "voornaam niet gebruikt: te controleren" in shown  # « Prénom », a second first name
    assert "De kolom « Prénom » lijkt een voornaam maar wordt niet gebruikt" in shown
    assert list(at.dataframe[0].value.columns)[:2] == ["regel", "voornaam (schermen)"]
    assert set(at.dataframe[0].value["rol"]) == {"medewerker"}
    for french in ("horodatage", "consentement", "ressemble à un prénom", "prénom (écrans)"):
        assert french not in shown, french
    at = at.file_uploader[0].set_value(("Leeg.csv", b"   \n", "text/csv")).run()
    assert "Het bestand is leeg." in texts(at)


def test_a_walk_in_already_registered_is_told_so_in_their_language(app_env):
    at = walk_in_form(app_env, "nl")
    with session_scope(get_engine(app_env)) as session:
        person, organisation = session.exec(
            select(Participant, Organisation.name).join(Organisation).where(
                Participant.walk_in == False)).first()  # noqa: E712
        first, last = person.first_name, person.last_name
    boxes = {t.label: t for t in at.text_input}
    boxes["Voornaam"].input(first)
    next(box for label, box in boxes.items() if label.startswith("Achternaam")).input(last)
    at.selectbox[0].select(organisation)
    with i18n.speaking("nl"):
        at = at.button[0].click().run()
    assert "U bent al ingeschreven (zelfde naam en organisatie, of zelfde e-mail)" in texts(at)


def test_a_clock_refusal_reaches_a_dutch_organiser_in_dutch(app_env):
    """Two laptops on the rounds page: one pauses, the other, still showing the clock running,
    pauses too and is told in its own language (the button's callback runs before the page
    chooses its language, so the refusal is said when the page is drawn)."""
    an_organiser_reading_dutch(app_env, "rounds")
    first = log_in(open_app("pages/rounds.py"), PASSWORD)
    second = log_in(open_app("pages/rounds.py"), PASSWORD)
    next(b for b in first.button if b.label == "Pauzeren").click().run()
    at = next(b for b in second.button if b.label == "Pauzeren").click().run()
    assert not at.exception
    assert "De klok staat al stil." in texts(at), texts(at)


def test_a_dutch_organiser_edits_the_roles_in_dutch(app_env):
    """The participants table's roles in the account's language (its save reads them back:
    `test_registration.test_each_language_of_the_role_labels_reads_back_as_its_role`)."""
    an_organiser_reading_dutch(app_env, "arrival")
    at = log_in(open_app("pages/participants.py"), PASSWORD)
    table = next(e for e in at.tabs[1].children.values() if type(e).__name__ == "Dataframe")
    assert set(table.value["role"]) == {"medewerker", "gebruiker", "begeleider"}


def test_a_dutch_organiser_reads_days_and_colons_the_dutch_way(app_env):
    """Days as « 28/01/2027 » in the events' table and the current event's choice (not the
    ISO « 2027-01-28 »), and no French space before a colon in the cases' suggestions."""
    an_organiser_reading_dutch(app_env, "arrival")
    events = log_in(open_app("pages/events.py"), PASSWORD)
    table = events.dataframe[0].value
    assert set(table["Datum"]) == {"28/01/2027"}, table["Datum"]
    assert "Actief" in table.columns and "Bezig" not in table.columns  # the current one
    assert all("(28/01/2027)" in option for option in
               next(s for s in events.selectbox if s.label == "Actief evenement").options)
    cases = log_in(open_app("pages/cases.py"), PASSWORD)
    suggestions = [m.value for m in cases.markdown if m.value.startswith("**Samir")]
    assert suggestions and suggestions[0].startswith("**Samir, 24 ans, sans diplôme**: ")


def test_a_dutch_organiser_previews_the_dutch_copy_of_the_report_first(app_env):
    an_organiser_reading_dutch(app_env, "report")
    at = log_in(open_app("pages/report.py"), PASSWORD)
    assert at.segmented_control(key="report_language").value == "nl"
