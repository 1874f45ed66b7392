"""Organisers: the emblematic cases, and how the actors rotate between the groups."""

import streamlit as st

from partnerday import ui
from partnerday.cases import CaseRefused, merge_pairs, parse_pairs, schedule_frame, \
    waiting_groups
from partnerday.directory import suggest
from partnerday.services import preparation
from partnerday.models import Event
from partnerday.rotation import MODES, coverage, own_cases, pooling_order


def cases_editor(event_id: int) -> None:
    frame = preparation.cases_table(ui.engine(), event_id)
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch",
                            key="cases_editor", column_config={
                                "id": None,
                                "title": st.column_config.TextColumn("Titre", required=True,
                                                                     max_chars=200),
                                "actor": st.column_config.TextColumn("Acteur·rice"),
                                "brief": st.column_config.TextColumn("Situation jouée",
                                                                     width="large"),
                                "themes": st.column_config.TextColumn(
                                    "Thèmes (séparés par des virgules)"),
                                **ui.translation_columns("case", {
                                    "title": "Titre", "brief": "Situation jouée"})})
    st.caption("À droite du tableau (faites-le défiler) : le titre et la situation en "
               "néerlandais et en anglais, facultatifs ; les téléphones et les tablettes les "
               "montrent à qui lit cette langue, sinon le texte tel qu'écrit.")
    if st.button("Enregistrer les cas", type="primary"):
        try:
            count = preparation.save_cases(ui.engine(), event_id, edited)
        except CaseRefused as exc:
            ui.show_refusal(exc)
        else:
            ui.flash(f"{count} cas enregistré(s).")
            st.session_state.pop("cases_editor", None)
            st.rerun()


def rounds_section(event: Event, cases: list) -> None:
    st.subheader("Tours")
    mode = st.radio("Déroulement", list(MODES), format_func=MODES.get,
                    index=list(MODES).index(event.rounds_mode))
    if mode != event.rounds_mode:
        preparation.set_rounds_mode(ui.engine(), event.id, mode)
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
        if st.button("Choisir les paires qui font le plus de nouvelles rencontres",
                     icon=":material/diversity_1:",
                     help="Parmi les façons de fusionner qui couvrent le plus de cas, celle où "
                          "le plus de personnes de structures différentes se rencontrent pour "
                          "la première fois (ni à la même table, ni dans le même groupe)."):
            try:
                choice = preparation.merge_for_encounters(ui.engine(), event.id)
            except CaseRefused as exc:
                ui.show_refusal(exc)
            else:
                st.session_state[MERGE_CHOICE] = merge_message(choice)
                st.rerun()
        if said := st.session_state.pop(MERGE_CHOICE, None):  # under the button pressed
            st.success(ui.plain(said), icon=":material/diversity_1:")
        with st.form("pairs"):
            text = st.text_input("Changer les paires", ", ".join(f"{a}-{b}" for a, b in pairs))
            if st.form_submit_button("Enregistrer les paires"):
                try:
                    new_pairs = parse_pairs(text, event.group_count)
                except CaseRefused as exc:
                    ui.show_refusal(exc)
                else:
                    preparation.set_merge_pairs(ui.engine(), event.id, new_pairs)
                    st.rerun()


MERGE_CHOICE = "merge_for_encounters"


def merge_message(choice) -> str:
    return (f"Paires {', '.join(f'{a}+{b}' for a, b in choice.pairs)} : "
            f"{choice.new_pairs} nouvelles rencontres entre personnes de structures "
            f"différentes, le plus possible parmi les {choice.pairings} façon(s) de fusionner "
            f"qui couvrent {choice.coverage} cas (avec les paires choisies pour les cas "
            f"seuls : {choice.by_cases_only}).")


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
        preparation.set_rounds_mode(ui.engine(), event.id, "written")
        st.rerun()


def render() -> None:
    event = ui.require_current_event()
    st.title("Cas emblématiques")
    ui.show_flash()
    cases_editor(event.id)
    page = preparation.cases_page(ui.engine(), event.id)
    suggestions(page.cases, page.directory)
    rounds_section(event, page.cases)


def suggestions(cases: list, directory: list) -> None:
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
