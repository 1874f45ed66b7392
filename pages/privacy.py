"""Anyone: an event's privacy notice (`?d=UID`), linked from every phone page, the walk-in
form, the tablets and the report's email."""

import streamlit as st

from partnerday import ui
from partnerday.services import people


def render() -> None:
    page = people.privacy_page(ui.engine(), ui.query_token("d"))
    if page is None:
        ui.invalid_link_page("privacy")
        return
    st.title("Vos données personnelles")
    st.caption(ui.plain(page.event_name))
    st.markdown(page.notice)
    st.markdown(f"[Accessibilité de l'application](?a={ui.query_token('d')})")


if __name__ == "__main__":
    ui.hand_over_to_app()
