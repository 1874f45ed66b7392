"""Anyone: an event's privacy notice (`?d=UID`), linked from every phone page, the walk-in
form, the tablets and the report's email."""

import streamlit as st

from partnerday import ui
from partnerday.db import session_scope
from partnerday.privacy import event_by_uid, privacy_notice


def render() -> None:
    with session_scope(ui.engine()) as session:
        event = event_by_uid(session, ui.query_token("d"))
    if event is None:
        ui.invalid_link_page("d'information")
        return
    st.title("Vos données personnelles")
    st.caption(ui.plain(event.name))
    st.markdown(privacy_notice(event))


if __name__ == "__main__":
    ui.hand_over_to_app()
