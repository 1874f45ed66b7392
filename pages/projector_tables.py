"""Projector: who sits at which breakfast table, first names only, updating by itself.

Organisers reach it from their menu; the projector's own browser opens it with the event's
screen link (`?s=TOKEN`), which shows public screens only, without the organiser password.
"""

import html

import streamlit as st

from partnerday import ui
from partnerday.arrival import seating_plan
from partnerday.db import session_scope
from partnerday.qr import screen_link

CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.5rem 0.7rem;
margin-bottom:0.8rem;min-height:9rem;"><div style="font-size:1.5rem;font-weight:700;
color:#0b6e4f;">Table {number} <span style="font-size:0.9rem;color:#666;font-weight:400;">
{seated}/{capacity}</span></div><div style="font-size:1.15rem;line-height:1.5;">{names}</div>
</div>"""


@st.fragment(run_every="3s")
@ui.live
def tables_board(event_id: int, columns: int) -> None:
    with session_scope(ui.engine()) as session:
        plan = seating_plan(session, event_id)
    if not plan:
        st.info("Les tables apparaîtront dès l'ouverture de l'accueil.")
        return
    seated = sum(len(names) for _, _, names in plan)
    st.caption(f"{seated} personne(s) à table · mise à jour automatique")
    ui.card_grid([CARD.format(number=number, seated=len(names), capacity=capacity,
                              names="<br>".join(html.escape(n) for n in names) or "&nbsp;")
                  for number, capacity, names in plan], columns)


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    st.title("Tables du petit déjeuner")
    if ui.is_organiser() and ui.query_token("s") is None:
        url = screen_link(ui.settings().base_url, event.screen_token)
        st.caption(f"Sur l'ordinateur du projecteur, ouvrez : {url}")
    tables_board(event.id, 5)


if __name__ == "__main__":
    ui.hand_over_to_app()
