"""Organisers: create events, choose the current one, back up and restore."""

from datetime import date

import pandas as pd
import streamlit as st

from partnerday import ui
from partnerday.backup import RestoreRefused, backup_to_json, parse_backup, restore_event
from partnerday.db import session_scope
from partnerday.demo import STAGES, create_demo_at_stage
from partnerday.events import create_event, list_events, set_current_event


def events_table(events) -> pd.DataFrame:
    return pd.DataFrame([{"Événement": e.name, "Date": e.day, "Lieu": e.place,
                          "Type": "démonstration" if e.is_demo else "réel",
                          "En cours": "✅" if e.is_current else ""} for e in events])


def create_form() -> None:
    with st.form("new_event", clear_on_submit=True):
        st.subheader("Nouvel événement")
        name = st.text_input("Nom", placeholder="Partner Day 2028", max_chars=200)
        cols = st.columns(2)
        day = cols[0].date_input("Date", value=date.today(), format="DD/MM/YYYY")
        place = cols[1].text_input("Lieu", max_chars=200)
        cols = st.columns(3)
        expected = cols[0].number_input("Participant·e·s attendu·e·s", 0, 1000, 80)
        groups = cols[1].number_input("Groupes de travail", 1, 40, 6)
        table_max = cols[2].number_input("Places par table (max.)", 2, 20, 8)
        if st.form_submit_button("Créer et rendre courant", type="primary"):
            if not name.strip():
                st.error("Donnez un nom à l'événement.")
                return
            with session_scope(ui.engine()) as session:
                create_event(session, name, day=day, place=place, expected_attendance=expected,
                             group_count=groups, table_max=table_max,
                             table_min=min(5, table_max))
            st.session_state["event_message"] = f"Événement « {name.strip()} » créé."
            st.rerun()


def backup_section(current_id: int) -> None:
    st.subheader("Sauvegarde")
    st.caption("La sauvegarde contient tout l'événement, liens personnels compris : les badges "
               "imprimés restent valables après une restauration. Gardez-la en lieu sûr.")
    with session_scope(ui.engine()) as session:
        payload = backup_to_json(session, current_id)
    st.download_button("Télécharger la sauvegarde de l'événement courant", payload,
                       f"partnerday-{date.today().isoformat()}.json", "application/json",
                       icon=":material/save:")
    upload = ui.file_uploader("Restaurer une sauvegarde (.json)", type=["json"], max_mb=20)
    replace = st.checkbox("Remplacer l'événement s'il existe déjà dans la base")
    make_current = st.checkbox("En faire l'événement courant", value=True)
    if upload is not None and st.button("Restaurer"):
        try:
            backup = parse_backup(upload.getvalue())
            with session_scope(ui.engine()) as session:
                event = restore_event(session, backup, replace=replace,
                                      make_current=make_current)
                name, is_current = event.name, event.is_current
        except RestoreRefused as exc:
            st.error(str(exc))
        else:
            st.session_state["event_message"] = f"Événement « {name} » restauré" + (
                " et rendu courant." if is_current else ".")
            st.rerun()


def render() -> None:
    st.title("Événements")
    if message := st.session_state.pop("event_message", None):
        st.success(message)
    with session_scope(ui.engine()) as session:
        events = list_events(session)
    if events:
        st.dataframe(events_table(events), hide_index=True, width="stretch")
        labels = {e.id: f"{e.name} ({e.day or 'sans date'})" for e in events}
        current = next((e.id for e in events if e.is_current), events[0].id)
        cols = st.columns([3, 1])
        chosen = cols[0].selectbox("Événement courant", list(labels), format_func=labels.get,
                                   index=list(labels).index(current))
        if cols[1].button("Rendre courant", disabled=chosen == current):
            with session_scope(ui.engine()) as session:
                set_current_event(session, chosen)
            st.rerun()
    create_form()
    demo_section(next((e.name for e in events if e.is_current), None))
    if events:
        backup_section(current)


def demo_section(current_name: str | None) -> None:
    with st.expander("Démonstration à une étape de la journée"):
        st.caption("Crée un nouvel événement de démonstration tel qu'il est à ce moment de la "
                   "journée, pour voir chaque écran avec des données. Vos événements ne sont "
                   "pas touchés.")
        stage = st.selectbox("Étape", list(STAGES), format_func=STAGES.get)
        make_current = st.checkbox("En faire l'événement courant")
        confirmed = True
        if make_current and current_name is not None:
            st.warning(f"Tant que la démo est l'événement courant, les badges, les tablettes "
                       f"et l'écran de « {ui.plain(current_name)} » ne marchent plus (ils "
                       "remarcheront quand vous le rendrez courant à nouveau).")
            confirmed = st.checkbox("Je confirme : la démo devient l'événement courant")
        if st.button("Créer la démo à cette étape", disabled=not confirmed):
            with st.spinner("Préparation de la démo (accueil, groupes, tours)…"):
                with session_scope(ui.engine()) as session:
                    event = create_demo_at_stage(session, stage, make_current=make_current)
                    name, is_current = event.name, event.is_current
            st.session_state["event_message"] = f"Démo « {name} » créée" + (
                " et rendue courante." if is_current else " (l'événement courant reste le même).")
            st.rerun()


if __name__ == "__main__":
    ui.hand_over_to_app()
