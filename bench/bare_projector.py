"""The projector's floor: a page that shows a number every 2 seconds, as the app's projector
does, read from the file named in BARE_COUNTER (the bench writes it where a vote would land)."""

import os
from pathlib import Path

import streamlit as st


@st.fragment(run_every="2s")
def live() -> None:
    st.metric("Participant·e·s", Path(os.environ["BARE_COUNTER"]).read_text())


live()
