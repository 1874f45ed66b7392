"""The projector's page (the screen link, `?s=TOKEN`): the screen the organisers chose on
their laptop, followed within 2 seconds (a look every second); nothing to click on the projector itself."""

import streamlit as st

from partnerday import ui
from partnerday.projector import screen_languages
from partnerday.services import screens
from pages import projector_encounters, projector_groups, projector_mixing, projector_polls, \
    projector_pooling, projector_rounds, projector_tables

SCREENS = {"tables": projector_tables.render, "groups": projector_groups.render,
           "polls": projector_polls.render, "rounds": projector_rounds.render,
           "pooling": projector_pooling.render, "encounters": projector_encounters.render,
           "mixing": projector_mixing.render}


@st.fragment(run_every="1s")  # one projector: a look a second costs nothing
@ui.live
def follow_the_laptop(event_id: int, shown: tuple[str, tuple[str, ...]]) -> None:
    """A new screen, or new languages: the page drawn anew."""
    if screens.projector_choice(ui.engine(), event_id) != shown:
        st.rerun(scope="app")


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    screen = event.projector_screen if event.projector_screen in SCREENS else "tables"
    if screen != "tables":  # the tables page sets it itself
        ui.projector_page_style()
    SCREENS[screen]()
    follow_the_laptop(event.id, (event.projector_screen, screen_languages(event)))


if __name__ == "__main__":
    ui.hand_over_to_app()
