"""Projector: the current round, its countdown, and where each actor goes now and next."""

import html

import streamlit as st

from partnerday import content, i18n, rounds, ui
from partnerday.i18n import _, in_each
from partnerday.projector import screen_languages
from partnerday.cases import actor_moves, case_of_group, played_in
from partnerday.services import screens
from partnerday.models import Event, first_word

CLOCK = """<div style="text-align:center;margin:0.5rem 0 1.2rem;">
<div style="font-size:2rem;font-weight:600;">{title}</div>
<div style="font-size:7rem;font-weight:700;line-height:1;color:{colour};
font-variant-numeric:tabular-nums;">{countdown}</div>
<div style="font-size:1.4rem;color:#555;">{state}</div></div>"""

CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.6rem 0.8rem;
margin-bottom:0.8rem;"><div style="font-size:1.6rem;font-weight:700;">{actor}</div>
<div style="font-size:1rem;color:#555;">{case}</div>
<div style="font-size:1.5rem;margin-top:0.3rem;">→ <b>{now}</b></div>
<div style="font-size:1.1rem;color:#555;">{then}</div></div>"""


def _group(number: int | None, none: str) -> str:
    return _("Groupe {name}").format(name=number) if number else none


def state_of(view: rounds.ClockView) -> str:
    """Under the countdown: said, not shown by the red alone."""
    if not view.running:
        return _("en pause")
    if view.remaining_s < 0:
        return _("temps écoulé")
    return _("dernière minute") if view.remaining_s < 60 else _("restantes")


@st.fragment(run_every="1s")
@ui.live
def round_board(event_id: int, columns: int, languages: tuple[str, ...]) -> None:
    """The clock in each of the room's languages; the actors' cards in the first."""
    i18n.activate(languages[0])
    board = screens.round_board(ui.engine(), event_id)
    event, view, cases = board.event, board.clock, board.cases
    if not view.started or view.finished:
        st.markdown(CLOCK.format(title=html.escape(in_each(languages, lambda: _("Études de cas"))),
                                 countdown="—", colour="#0b6e4f",
                                 state=html.escape(in_each(languages,
                                                           lambda: rounds.clock_line(view)))),
                    unsafe_allow_html=True)
        return
    colour = "#b91c1c" if view.remaining_s < 60 else "#0b6e4f"
    title = in_each(languages, lambda: _("Tour {round} sur {rounds}").format(
        round=view.round, rounds=view.rounds))
    st.markdown(CLOCK.format(title=html.escape(title),
                             countdown=rounds.format_countdown(view.remaining_s),
                             colour=colour, state=html.escape(in_each(
                                 languages, lambda: state_of(view)))), unsafe_allow_html=True)
    ui.card_grid([CARD.format(actor=html.escape(first_word(case.actor) or _("Acteur·rice")),
                              case=html.escape(content.text_in(case, "title", languages[0])),
                              now=_group(now, _("pause")),
                              then=_("ensuite : {then}").format(then=_group(
                                  then, _("fin des tours") if not view.next_round
                                  else _("pause"))))
                  for case, now, then in actor_moves(event, cases, view.round)], columns)
    if written := written_this_round(event, cases, view.round):
        st.markdown(WRITTEN.format(line=html.escape(in_each(languages, lambda: _(
            "Cas écrits ce tour-ci : {groups}").format(groups=written)))),
                    unsafe_allow_html=True)


WRITTEN = '<div style="font-size:1.6rem;text-align:center;margin-top:1rem;">{line}</div>'


def written_this_round(event: Event, cases: list, round_: int) -> str:
    """« Groupe 4 : Samir · Groupe 5 : Maria »: the groups working on a written case."""
    return " · ".join(
        _("Groupe {name}").format(name=g) + f" : {first_word(case.title).rstrip(',')}"
        for g in range(1, event.group_count + 1)
        if (case := case_of_group(event, cases, round_, g)) is not None
        and not played_in(event, len(cases), round_, g))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    round_board(event.id, 3, screen_languages(event))


if __name__ == "__main__":
    ui.hand_over_to_app()
