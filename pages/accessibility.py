"""Anyone: the accessibility statement (`?a=UID`), linked from every phone page, the walk-in
and join pages, the privacy notice and the README, in the language the link asks for (`&l=`)
or the reader chooses here."""

import streamlit as st

from partnerday import ui
from partnerday.i18n import _
from partnerday.services import people


def render() -> None:
    st.title(_("Accessibilité"))  # in `ui.visitor_language()`, set by app.py
    ui.language_choice(ui.VISITOR_LANGUAGE)
    st.markdown(people.accessibility_page(ui.engine(), ui.query_token("a")))


if __name__ == "__main__":
    ui.hand_over_to_app()
