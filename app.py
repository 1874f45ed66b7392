"""Partner Day board: who sees which pages.

Phones arrive with `?p=TOKEN`, group tablets with `?g=TOKEN` (short QR links to the root);
everyone else sees the organisers' pages, behind the organiser password.
"""

import streamlit as st

from partnerday import ui
from pages import dashboard, events, home, organisations, participants, phone, tablet

ui.engine()  # first start: database, organiser password, demo event

if ui.query_token("p") is not None:
    st.set_page_config(page_title="Partner Day", page_icon="🤝", layout="centered")
    pages = [st.Page(phone.render, title="Ma journée", url_path="phone", default=True)]
    position = "hidden"
elif ui.query_token("g") is not None:
    st.set_page_config(page_title="Partner Day : groupe", page_icon="🤝", layout="wide")
    pages = [st.Page(tablet.render, title="Groupe", url_path="tablet", default=True)]
    position = "hidden"
else:
    st.set_page_config(page_title="Partner Day : organisateurs", page_icon="🤝", layout="wide")
    organiser_pages = [
        st.Page(ui.organiser_only(dashboard.render), title="Tableau de bord", icon=":material/monitoring:",
                url_path="dashboard"),
        st.Page(ui.organiser_only(participants.render), title="Participants", icon=":material/groups:",
                url_path="participants"),
        st.Page(ui.organiser_only(organisations.render), title="Structures", icon=":material/apartment:",
                url_path="organisations"),
        st.Page(ui.organiser_only(events.render), title="Événements", icon=":material/event:",
                url_path="events"),
    ]
    pages = [st.Page(home.render, title="Accueil", icon=":material/home:", url_path="home",
                     default=True), *organiser_pages]
    position = "sidebar" if ui.is_organiser() else "hidden"
    if ui.is_organiser():
        with st.sidebar:
            if st.button("Se déconnecter", icon=":material/logout:"):
                st.session_state.pop(ui.ORGANISER_KEY, None)
                st.rerun()

st.navigation(pages, position=position).run()
