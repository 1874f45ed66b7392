"""Anyone: the accessibility statement (`?a=UID`), linked from every phone page, the walk-in
and join pages, the privacy notice and the README."""

import streamlit as st

from partnerday import ui
from partnerday.services import people


def render() -> None:
    st.title("Accessibilité")
    st.markdown(people.accessibility_page(ui.engine(), ui.query_token("a")))


if __name__ == "__main__":
    ui.hand_over_to_app()
