"""Organisers: the partner organisations of the event; rename, merge two by hand."""

import pandas as pd
import streamlit as st

from partnerday import ui
from partnerday.db import session_scope
from partnerday.organisations import list_organisations, merge_organisations, \
    rename_organisation
from partnerday.participants import participants_frame


def render() -> None:
    event = ui.require_current_event()
    st.title("Structures")
    if message := st.session_state.pop("org_message", None):
        st.success(message)
    with session_scope(ui.engine()) as session:
        orgs = list_organisations(session, event.id)
        counts = participants_frame(session, event.id)["organisation"].value_counts()
    if not orgs:
        st.info("Aucune structure : elles apparaissent avec l'import des inscriptions.")
        return
    st.caption("Les noms qui ne diffèrent que par les majuscules, les accents, les espaces ou la "
               "ponctuation sont déjà réunis à l'import. Pour deux noms vraiment différents "
               "(« CPAS Forest » et « Centre public d'action sociale de Forest »), fusionnez-les "
               "ici.")
    st.dataframe(pd.DataFrame({"Structure": [o.name for o in orgs],
                               "Participant·e·s": [int(counts.get(o.name, 0)) for o in orgs]}),
                 hide_index=True, width="stretch")
    labels = {o.id: o.name for o in orgs}
    with st.form("merge"):
        st.subheader("Fusionner deux structures")
        cols = st.columns(2)
        keep = cols[0].selectbox("Garder", list(labels), format_func=labels.get)
        absorb = cols[1].selectbox("Fusionner dans la première (puis supprimer)", list(labels),
                                   format_func=labels.get, index=min(1, len(labels) - 1))
        if st.form_submit_button("Fusionner"):
            try:
                with session_scope(ui.engine()) as session:
                    merge_organisations(session, keep, absorb)
            except ValueError as exc:
                st.error(str(exc))
            else:
                st.session_state["org_message"] = (f"« {labels[absorb]} » a été fusionnée dans "
                                                   f"« {labels[keep]} ».")
                st.rerun()
    with st.form("rename"):
        st.subheader("Renommer une structure")
        org_id = st.selectbox("Structure", list(labels), format_func=labels.get)
        new_name = st.text_input("Nouveau nom", max_chars=200)
        if st.form_submit_button("Renommer"):
            try:
                with session_scope(ui.engine()) as session:
                    rename_organisation(session, org_id, new_name)
            except ValueError as exc:
                st.error(str(exc))
            else:
                st.session_state["org_message"] = "Structure renommée."
                st.rerun()


if __name__ == "__main__":
    ui.hand_over_to_app()
