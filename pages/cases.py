"""Organisers: the emblematic cases, and how the actors rotate between the groups. In the
account's language (the cases as written, with their translations)."""

import streamlit as st

from partnerday import i18n, ui
from partnerday.cases import CaseRefused, merge_pairs, parse_pairs, schedule_frame, \
    waiting_groups
from partnerday.directory import suggest
from partnerday.i18n import _, ngettext
from partnerday.services import preparation
from partnerday.models import Event
from partnerday.rotation import MODES, coverage, own_cases, pooling_order


def cases_editor(event_id: int) -> None:
    frame = preparation.cases_table(ui.engine(), event_id)
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch",
                            key="cases_editor", column_config={
                                "id": None,
                                "title": st.column_config.TextColumn(_("Titre"),
                                                                     required=True,
                                                                     max_chars=200),
                                "actor": st.column_config.TextColumn(_("Acteur·rice")),
                                "brief": st.column_config.TextColumn(_("Situation jouée"),
                                                                     width="large"),
                                "themes": st.column_config.TextColumn(
                                    _("Thèmes (séparés par des virgules)")),
                                **ui.translation_columns("case", {
                                    "title": _("Titre"), "brief": _("Situation jouée")})},
                            placeholder=ui.NO_VALUE)
    st.caption(_("À droite du tableau (faites-le défiler) : le titre et la situation en "
                 "néerlandais et en anglais, facultatifs ; les téléphones et les tablettes les "
                 "montrent à qui lit cette langue, sinon le texte tel qu'écrit. Les thèmes se "
                 "traduisent une fois pour les cas et l'annuaire, sur la page Structures."))
    if st.button(_("Enregistrer les cas"), type="primary"):
        try:
            count = preparation.save_cases(ui.engine(), event_id, edited)
        except CaseRefused as exc:
            ui.show_refusal(exc)
        else:
            ui.flash(ngettext("{count} cas enregistré.", "{count} cas enregistrés.",
                              count).format(count=count))
            st.session_state.pop("cases_editor", None)
            st.rerun()


def rounds_section(event: Event, cases: list) -> None:
    st.subheader(_("Tours"))
    modes = i18n.labels(MODES)
    mode = st.radio(_("Déroulement"), list(modes), format_func=modes.get,
                    index=list(modes).index(event.rounds_mode))
    if mode != event.rounds_mode:
        preparation.set_rounds_mode(ui.engine(), event.id, mode)
        st.rerun()
    if not cases:
        st.info(_("Décrivez d'abord les cas."))
        return
    st.caption(_("{groups} groupes, {cases} cas.").format(groups=event.group_count,
                                                          cases=len(cases)))
    waiting_warning(event, len(cases))
    st.dataframe(schedule_frame(event, cases), width="stretch", placeholder=ui.NO_VALUE)
    if mode in ("own", "merge"):
        assigned = own_cases(event.group_count, len(cases))
        in_groups = _("groupes {numbers}")
        st.write(_("Mise en commun, cas par cas : {order}").format(order=" ; ".join(
            f"{ui.plain(cases[case].title)} → "
            + in_groups.format(numbers=", ".join(map(str, groups)))
            for case, groups in pooling_order(assigned, len(cases)))))
    if mode == "merge":
        try:
            pairs = merge_pairs(event, len(cases))
        except ValueError as exc:
            ui.show_refusal(exc)
            return
        st.write(_("Fusions en fin de journée : {pairs} ({covered} cas couverts au total)")
                 .format(pairs=", ".join(f"{a}+{b}" for a, b in pairs),
                         covered=coverage(pairs, assigned)))
        if st.button(_("Choisir les paires qui font le plus de nouvelles rencontres"),
                     icon=":material/diversity_1:",
                     help=_("Parmi les façons de fusionner qui couvrent le plus de cas, celle "
                            "où le plus de personnes de structures différentes se rencontrent "
                            "pour la première fois (ni à la même table, ni dans le même "
                            "groupe).")):
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
            text = st.text_input(_("Changer les paires"),
                                 ", ".join(f"{a}-{b}" for a, b in pairs))
            if st.form_submit_button(_("Enregistrer les paires")):
                try:
                    new_pairs = parse_pairs(text, event.group_count)
                except CaseRefused as exc:
                    ui.show_refusal(exc)
                else:
                    preparation.set_merge_pairs(ui.engine(), event.id, new_pairs)
                    st.rerun()


MERGE_CHOICE = "merge_for_encounters"


def merge_message(choice) -> str:
    return _("Paires {pairs} : {new} nouvelles rencontres entre personnes de structures "
             "différentes, le plus possible parmi les {pairings} façon(s) de fusionner qui "
             "couvrent {covered} cas (avec les paires choisies pour les cas seuls : "
             "{by_cases}).").format(pairs=", ".join(f"{a}+{b}" for a, b in choice.pairs),
                                    new=choice.new_pairs, pairings=choice.pairings,
                                    covered=choice.coverage, by_cases=choice.by_cases_only)


def waiting_warning(event: Event, cases: int) -> None:
    """Before the day: groups that would wait without a case, and what to do about it."""
    waiting = waiting_groups(event, cases)
    if not waiting:
        return
    longest = max(waiting.items(), key=lambda item: len(item[1]))
    st.warning(_(
        "Avec {cases} cas joués et {groups} groupes, {waiting} groupe(s) attendent sans cas "
        "pendant certains tours (le groupe {longest} aux tours {rounds}). Trois choix : plus "
        "d'acteur·rice·s (des cas en plus), moins de groupes (Événements), ou des cas écrits : "
        "chaque groupe travaille à chaque tour, sur le cas joué ou, quand l'acteur·rice est "
        "ailleurs, sur la situation écrite de la fiche.").format(
        cases=cases, groups=event.group_count, waiting=len(waiting), longest=longest[0],
        rounds=", ".join(map(str, longest[1]))), icon=":material/hourglass_empty:")
    if st.button(_("Passer aux cas écrits : aucun groupe n'attend"),
                 icon=":material/edit_note:"):
        preparation.set_rounds_mode(ui.engine(), event.id, "written")
        st.rerun()


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Cas emblématiques"))
    ui.show_flash()
    cases_editor(event.id)
    page = preparation.cases_page(ui.engine(), event.id)
    suggestions(page.cases, page.directory)
    rounds_section(event, page.cases)


def suggestions(cases: list, directory: list) -> None:
    if not cases:
        return
    st.subheader(_("Structures suggérées par les thèmes"))
    for case in cases:
        found = suggest(directory, case.themes or [])
        organisations = ui.plain(", ".join(f"{e.name} ({', '.join(shared)})"
                                           for e, shared in found[:6])) if found else \
            _("aucune structure de l'annuaire ne couvre ces thèmes.")
        st.markdown(_("{case} : {organisations}").format(case=f"**{ui.plain(case.title)}**",
                                                        organisations=organisations))


if __name__ == "__main__":
    ui.hand_over_to_app()
