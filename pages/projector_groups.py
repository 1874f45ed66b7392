"""Projector: the published working groups, first names only."""

import html

import streamlit as st

from partnerday import ui
from partnerday.db import session_scope
from partnerday.groups import groups_plan

CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.5rem 0.7rem;
margin-bottom:0.8rem;"><div style="font-size:1.5rem;font-weight:700;color:#0b6e4f;">
Groupe {number} <span style="font-size:0.9rem;color:#666;font-weight:400;">{count}</span></div>
<div style="font-size:1.1rem;line-height:1.45;column-count:2;">{names}</div></div>"""


@st.fragment(run_every="5s")
@ui.live
def groups_board(event_id: int, columns: int) -> None:
    with session_scope(ui.engine()) as session:
        plan = groups_plan(session, event_id)
    if not plan:
        st.info("Les groupes apparaîtront dès leur publication.")
        return
    ui.card_grid([CARD.format(number=number, count=f"{len(names)} pers.",
                              names="<br>".join(html.escape(n) for n in names))
                  for number, names in plan], columns)


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    st.title("Groupes de travail")
    groups_board(event.id, 3)


if __name__ == "__main__":
    ui.hand_over_to_app()
