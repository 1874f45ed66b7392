"""The floor of phones following the day: a one-line page with a fragment that looks every
3 seconds and draws nothing, as the app's phone page does (bench/phones_follow.py)."""

import streamlit as st

st.write(dict(st.query_params))


@st.fragment(run_every="3s")
def look() -> None:
    pass


look()
