"""The floor the framework sets: a one-line page, measured beside the app under the same load."""

import streamlit as st

st.write(dict(st.query_params))
