"""A working group's tablet, opened from the group's QR card (`?g=TOKEN`)."""

import streamlit as st
from sqlmodel import select

from partnerday import ui
from partnerday.db import session_scope
from partnerday.models import Case, Event, Participant, WorkGroup, first_name


def render() -> None:
    group = ui.record_from_link("g", WorkGroup.token, "de groupe")
    if group is None:
        return
    with session_scope(ui.engine()) as session:
        event = session.get(Event, group.event_id)
        members = list(session.exec(select(Participant.name)
                                    .where(Participant.group_id == group.id)))
        cases = list(session.exec(select(Case.title).where(Case.event_id == event.id)
                                  .order_by(Case.position)))
    st.title(f"Groupe {ui.plain(group.name or group.number)}")
    st.caption(ui.plain(event.name))
    if members:
        st.write("Membres : " + ", ".join(sorted(first_name(m) for m in members)))
    st.subheader("Cas de la journée")
    for title in cases:
        st.markdown(f"- {ui.plain(title)}")


if __name__ == "__main__":
    ui.hand_over_to_app()
