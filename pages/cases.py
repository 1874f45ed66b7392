"""Organisers: the emblematic cases, and how the actors rotate between the groups."""

import streamlit as st

from partnerday import ui
from partnerday.cases import CaseRefused, cases_frame, list_cases, merge_pairs, parse_pairs, \
    save_cases, schedule_frame, waiting_groups
from partnerday.db import session_scope
from partnerday.directory import entries, suggest
from partnerday.models import Event
from partnerday.rotation import MODES, coverage, own_cases, pooling_order


def cases_editor(event_id: int) -> None:
    with session_scope(ui.engine()) as session:
        frame = cases_frame(session, event_id)
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch",
                            key="cases_editor", column_config={
                                "id": None,
                                "title": st.column_config.TextColumn("Titre", required=True,
                                                                     max_chars=200),
                                "actor": st.column_config.TextColumn("Acteur·rice"),
                                "brief": st.column_config.TextColumn("Situation jouée",
                                                                     width="large"),
                                "themes": st.column_config.TextColumn(
                                    "Thèmes (séparés par des virgules)")})
    if st.button("Enregistrer les cas", type="primary"):
        try:
            with session_scope(ui.engine()) as session:
                count = save_cases(session, event_id, edited)
        except CaseRefused as exc:
            ui.show_refusal(exc)
        else:
            ui.flash(f"{count} cas enregistré(s).")
            st.session_state.pop("cases_editor", None)
            st.rerun()


def rounds_section(event: Event) -> None:
    with session_scope(ui.engine()) as session:
        cases = list_cases(session, event.id)
    st.subheader("Tours")
    mode = st.radio("Déroulement", list(MODES), format_func=MODES.get,
                    index=list(MODES).index(event.rounds_mode))
    if mode != event.rounds_mode:
        with session_scope(ui.engine()) as session:
            stored = session.get(Event, event.id)
            stored.rounds_mode = mode
            session.add(stored)
        st.rerun()
    if not cases:
        st.info("Décrivez d'abord les cas.")
        return
    st.caption(f"{event.group_count} groupes, {len(cases)} cas.")
    waiting_warning(event, len(cases))
    st.dataframe(schedule_frame(event, cases), width="stretch")
    if mode in ("own", "merge"):
        assigned = own_cases(event.group_count, len(cases))
        st.write("Mise en commun, cas par cas : " + " ; ".join(
            f"{ui.plain(cases[case].title)} → groupes {', '.join(map(str, groups))}"
            for case, groups in pooling_order(assigned, len(cases))))
    if mode == "merge":
        try:
            pairs = merge_pairs(event, len(cases))
        except ValueError as exc:
            ui.show_refusal(exc)
            return
        st.write("Fusions en fin de journée : " + ", ".join(f"{a}+{b}" for a, b in pairs)
                 + f" ({coverage(pairs, assigned)} cas couverts au total)")
        with st.form("pairs"):
            text = st.text_input("Changer les paires", ", ".join(f"{a}-{b}" for a, b in pairs))
            if st.form_submit_button("Enregistrer les paires"):
                try:
                    new_pairs = parse_pairs(text, event.group_count)
                except CaseRefused as exc:
                    ui.show_refusal(exc)
                else:
                    with session_scope(ui.engine()) as session:
                        stored = session.get(Event, event.id)
                        stored.merge_pairs = new_pairs
                        session.add(stored)
                    st.rerun()


def waiting_warning(event: Event, cases: int) -> None:
    """Before the day: groups that would wait without a case, and what to do about it."""
    waiting = waiting_groups(event, cases)
    if not waiting:
        return
    longest = max(waiting.items(), key=lambda item: len(item[1]))
    st.warning(
        f"Avec {cases} cas joués et {event.group_count} groupes, {len(waiting)} groupe(s) "
        f"attendent sans cas pendant certains tours (le groupe {longest[0]} aux tours "
        f"{', '.join(map(str, longest[1]))}). Trois choix : plus d'acteur·rice·s (des cas en "
        "plus), moins de groupes (Événements), ou des cas écrits : chaque groupe travaille à "
        "chaque tour, sur le cas joué ou, quand l'acteur·rice est ailleurs, sur la situation "
        "écrite de la fiche.", icon=":material/hourglass_empty:")
    if st.button("Passer aux cas écrits : aucun groupe n'attend", icon=":material/edit_note:"):
        with session_scope(ui.engine()) as session:
            stored = session.get(Event, event.id)
            stored.rounds_mode = "written"
            session.add(stored)
        st.rerun()


def render() -> None:
    event = ui.require_current_event()
    st.title("Cas emblématiques")
    ui.show_flash()
    cases_editor(event.id)
    suggestions(event.id)
    rounds_section(event)


def suggestions(event_id: int) -> None:
    with session_scope(ui.engine()) as session:
        cases = list_cases(session, event_id)
        directory = entries(session, event_id)
    if not cases:
        return
    st.subheader("Structures suggérées par les thèmes")
    for case in cases:
        found = suggest(directory, case.themes or [])
        st.markdown(f"**{ui.plain(case.title)}** : " + (ui.plain(", ".join(
            f"{e.name} ({', '.join(shared)})" for e, shared in found[:6])) if found else
            "aucune structure de l'annuaire ne couvre ces thèmes."))


if __name__ == "__main__":
    ui.hand_over_to_app()
