"""The keyboard alone, in Chromium at a phone's and a tablet's size: a participant answers
every kind of question without a pointer (Tab, arrows, typing, Enter), the slider's name
says what its ends mean, the page says it is in French, and a tablet keeps the typing hands'
focus through an autosave and the sheet's refresh."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import select

from bench.rehearsal import eventually
from bench.server import settled
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Participant, Poll, Vote, WallPost, WorkGroup
from partnerday.polls import create_poll, set_open

TIMEOUT = 30_000
FOCUS_IN_FORM = """([question, kind]) => {
  const form = [...document.querySelectorAll('[data-testid="stForm"]')]
    .find((f) => f.innerText.includes(question));
  const el = document.activeElement;
  if (!form || !form.contains(el)) return false;
  if (kind === "submit") return el.tagName === "BUTTON" && el.type === "submit";
  if (kind === "combobox") return el.getAttribute("role") === "combobox";
  if (kind === "textarea") return el.tagName === "TEXTAREA";
  return el.tagName === "INPUT" && el.type === kind;
}"""


def tab_to(page, question: str, kind: str, limit: int = 80) -> None:
    """Press Tab (only) until the focus is on the `kind` of control of the question's form."""
    for _ in range(limit):
        if page.evaluate(FOCUS_IN_FORM, [question, kind]):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the {kind} of « {question} »")


def send(page, question: str, stored) -> None:
    """Tab to the form's button, press Enter, and wait until the answer is stored."""
    tab_to(page, question, "submit")
    page.keyboard.press("Enter")
    if not eventually(stored, 30):
        page.screenshot(path="/tmp/x/kb-fail.png", full_page=True)
        raise AssertionError(f"« {question} » was not stored")
    page.wait_for_timeout(1_000)  # the page's run after the answer has begun by then:
    settled(page)  # typing before it ends would be cleared when it draws the form again


def choose(page, typed: str, option: str) -> None:
    """In a multiselect that has the focus: type, wait for the one option left, Enter."""
    page.keyboard.type(typed)
    expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
    expect(page.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")


QUESTIONS = (("single", "Quel atelier ?", ["Logement", "Emploi", "Santé"]),
             ("multiple", "Quels thèmes ?", ["Dettes", "Crèche", "Logement"]),
             ("ranking", "Vos priorités ?", ["Alpha", "Bravo", "Charlie"]),
             ("wall", "Pour ou contre la semaine de quatre jours ?", None))


def test_a_participant_answers_every_kind_of_question_with_the_keyboard_alone(
        app_server, browser):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        scale = session.exec(select(Poll).where(Poll.event_id == event.id,
                                                Poll.kind == "scale")).one()
        polls = {kind: create_poll(session, event.id, kind, question, options).id
                 for kind, question, options in QUESTIONS}
        for poll_id in polls.values():
            set_open(session, poll_id, True)
        polls["scale"] = scale.id
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))).first()
        middle = (scale.scale_min + scale.scale_max) // 2
        scale_question, left, right = scale.question, scale.left_label, scale.right_label

    def answers() -> dict[int, dict]:
        with session_scope(engine) as session:
            return {v.poll_id: v.value for v in session.exec(select(Vote).where(
                Vote.participant_id == person.id))}

    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{app_server.url}/?p={person.token}")
    expect(page.get_by_text("Votre groupe de travail")).to_be_visible(timeout=TIMEOUT)
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Aller au contenu principal")).to_have_count(1)

    slider = page.get_by_role("slider", name=re.compile(
        rf"^Votre position \(0 = {re.escape(left)}, 10 = {re.escape(right)}\)"))
    expect(slider).to_have_count(1)  # its two ends are in its name, beside its value
    tab_to(page, scale_question, "range")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", str(middle + 2))
    send(page, scale_question, lambda: polls["scale"] in answers())

    tab_to(page, "Quel atelier ?", "radio")
    page.keyboard.press("Space")  # the first option, then the arrows move the choice
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Emploi")).to_be_checked()
    send(page, "Quel atelier ?", lambda: polls["single"] in answers())

    tab_to(page, "Quels thèmes ?", "combobox")
    for typed, option in (("Crè", "Crèche"), ("Dett", "Dettes")):
        choose(page, typed, option)
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Retirer Crèche")).to_be_visible()  # not English
    send(page, "Quels thèmes ?", lambda: polls["multiple"] in answers())

    tab_to(page, "Vos priorités ?", "combobox")
    for typed, option in (("Charl", "Charlie"), ("Alph", "Alpha"), ("Brav", "Bravo")):
        choose(page, typed, option)  # every option, in order
    page.keyboard.press("Escape")
    send(page, "Vos priorités ?", lambda: polls["ranking"] in answers())

    wall = "Pour ou contre la semaine de quatre jours ?"
    tab_to(page, wall, "radio")
    page.keyboard.press("ArrowRight")  # from « Pour » to « Contre »
    expect(page.get_by_role("radio", name="Contre")).to_be_checked()
    tab_to(page, wall, "textarea")
    page.keyboard.type("Trop dense pour les équipes d'accueil.")
    tab_to(page, wall, "submit")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Merci, c'est enregistré.")).to_be_visible(timeout=TIMEOUT)

    def posts() -> list[tuple[str, str]]:
        with session_scope(engine) as session:
            return [(p.side, p.text) for p in session.exec(select(WallPost).where(
                WallPost.participant_id == person.id))]

    assert eventually(posts, 30)
    votes = answers()
    assert votes[polls["scale"]] == {"value": middle + 2}
    assert votes[polls["single"]] == {"choice": "Emploi"}
    assert sorted(votes[polls["multiple"]]["choices"]) == ["Crèche", "Dettes"]
    assert votes[polls["ranking"]] == {"order": ["Charlie", "Alpha", "Bravo"]}
    assert posts() == [("con", "Trop dense pour les équipes d'accueil.")]


def type_in_the_diagnosis(tablet, link: str, text: str):
    """Open a tablet's sheet and type `text` at the end of its « Diagnostic »; the box."""
    tablet.goto(link)
    box = tablet.get_by_role("textbox", name="Diagnostic", exact=True).first
    expect(box).to_be_visible(timeout=TIMEOUT)
    settled(tablet)
    box.focus()
    tablet.keyboard.press("End")
    tablet.keyboard.type(text)
    return box


def test_a_tablet_keeps_the_focus_through_an_autosave_and_the_sheets_refresh(
        app_server, browser):
    engine = get_engine(app_server.database_url)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)).first()
    tablet = browser.new_context(viewport={"width": 820, "height": 1180}).new_page()
    box = type_in_the_diagnosis(tablet, f"{app_server.url}/?g={group.token}",
                                " Logement d'abord.")
    status = tablet.locator(".pd-autosave").filter(has=box).locator(".pd-status")
    expect(status).to_contain_text("Enregistré à", timeout=TIMEOUT)
    focused = """e => {  // the autosave box lives in its component's shadow root
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) {
        active = active.shadowRoot.activeElement;
      }
      return active === e;
    }"""
    assert box.evaluate(focused)
    tablet.wait_for_timeout(6_000)  # the sheet refreshes itself every 5 s
    assert box.evaluate(focused)
    tablet.keyboard.type(" Puis l'emploi.")  # the hands go on where they were
    expect(box).to_have_value(re.compile(r"Logement d'abord\. Puis l'emploi\.$"))
    expect(status).to_contain_text("Enregistré à", timeout=TIMEOUT)
    # the clock says itself only at its thresholds: one live region, the round's sentence
    announcer = tablet.locator("#pd-announcer")
    expect(announcer).to_have_attribute("role", "status")
    expect(announcer).to_have_text(re.compile(r"^\d+(er|e) tour sur \d+ : "))
    expect(tablet.locator("[role=status], [role=alert], [aria-live]").filter(
        has_text=re.compile(r"\d\d:\d\d restantes"))).to_have_count(0)  # none ticking
