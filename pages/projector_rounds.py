"""Projector: the current round, its countdown, and where each actor goes now and next."""

import html

import streamlit as st

from partnerday import rounds, ui
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
<div style="font-size:1.1rem;color:#555;">ensuite : {then}</div></div>"""


def _group(number: int | None, none: str) -> str:
    return f"Groupe {number}" if number else none


@st.fragment(run_every="1s")
@ui.live
def round_board(event_id: int, columns: int) -> None:
    board = screens.round_board(ui.engine(), event_id)
    event, view, cases = board.event, board.clock, board.cases
    if not view.started or view.finished:
        st.markdown(CLOCK.format(title="Études de cas", countdown="—", colour="#0b6e4f",
                                 state=html.escape(rounds.clock_line(view))),
                    unsafe_allow_html=True)
        return
    colour = "#b91c1c" if view.remaining_s < 60 else "#0b6e4f"
    state = "en pause" if not view.running else (  # said, not shown by the red alone
        "temps écoulé" if view.remaining_s < 0 else
        "dernière minute" if view.remaining_s < 60 else "restantes")
    st.markdown(CLOCK.format(title=f"Tour {view.round} sur {view.rounds}",
                             countdown=rounds.format_countdown(view.remaining_s),
                             colour=colour, state=state), unsafe_allow_html=True)
    ui.card_grid([CARD.format(actor=html.escape(first_word(case.actor) or "Acteur·rice"),
                              case=html.escape(case.title), now=_group(now, "pause"),
                              then=_group(then, "fin des tours" if not view.next_round
                                          else "pause"))
                  for case, now, then in actor_moves(event, cases, view.round)], columns)
    if written := written_this_round(event, cases, view.round):
        st.markdown(WRITTEN.format(groups=html.escape(written)), unsafe_allow_html=True)


WRITTEN = ('<div style="font-size:1.6rem;text-align:center;margin-top:1rem;">'
           "Cas écrits ce tour-ci : {groups}</div>")


def written_this_round(event: Event, cases: list, round_: int) -> str:
    """« Groupe 4 : Samir · Groupe 5 : Maria »: the groups working on a written case."""
    return " · ".join(
        f"Groupe {g} : {first_word(case.title).rstrip(',')}"
        for g in range(1, event.group_count + 1)
        if (case := case_of_group(event, cases, round_, g)) is not None
        and not played_in(event, len(cases), round_, g))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    round_board(event.id, 3)


if __name__ == "__main__":
    ui.hand_over_to_app()
