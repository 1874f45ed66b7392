"""The floor of phones following the day: a one-line page with a fragment that looks every
3 seconds and draws nothing, as the app's phone page does; when the number in the file named
by BARE_COUNTER changes (the bench writes it where the organisers would open a question), the
page is drawn again, as the app's phones do on a change (bench/rehearsal.py, phones_follow)."""

import os
from pathlib import Path

import streamlit as st

counter = Path(os.environ["BARE_COUNTER"]) if os.environ.get("BARE_COUNTER") else None
shown = counter.read_text() if counter else ""
st.write(dict(st.query_params))
st.write(f"compteur {shown}")


@st.fragment(run_every="3s")
def look(shown: str) -> None:
    if counter is not None and counter.read_text() != shown:
        st.rerun(scope="app")


look(shown)
