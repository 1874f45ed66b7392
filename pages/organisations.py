"""Organisers: the partner organisations of the event; rename, merge two by hand. In the
account's language (the organisations' names and services as written)."""

import hashlib

import pandas as pd
import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _, ngettext
from partnerday.services import preparation


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Structures"))
    ui.show_flash()
    page = preparation.organisations_page(ui.engine(), event.id)
    orgs, counts = page.organisations, page.people
    if not orgs:
        st.info(_("Aucune structure : elles apparaissent avec l'import des inscriptions."))
        return
    st.caption(_("Les noms qui ne diffèrent que par les majuscules, les accents, les espaces ou "
                 "la ponctuation sont déjà réunis à l'import. Pour deux noms vraiment "
                 "différents (« CPAS Forest » et « Centre public d'action sociale de Forest »), "
                 "fusionnez-les ici."))
    st.dataframe(pd.DataFrame({_("Structure"): [o.name for o in orgs],
                               _("Participant·e·s"): [int(counts.get(o.name, 0)) for o in orgs]}),
                 hide_index=True, width="stretch", placeholder=ui.NO_VALUE)
    directory_editor(event.id)
    themes_editor(event.id)
    labels = {o.id: o.name for o in orgs}
    with st.form("merge"):
        st.subheader(_("Fusionner deux structures"))
        cols = st.columns(2)
        keep = cols[0].selectbox(_("Garder"), list(labels), format_func=labels.get)
        absorb = cols[1].selectbox(_("Fusionner dans la première (puis supprimer)"),
                                   list(labels), format_func=labels.get,
                                   index=min(1, len(labels) - 1))
        if st.form_submit_button(_("Fusionner")):
            try:
                preparation.merge_organisations(ui.engine(), keep, absorb)
            except ValueError as exc:
                ui.show_refusal(exc)
            else:
                ui.flash(_("« {absorbed} » a été fusionnée dans « {kept} ».").format(
                    absorbed=labels[absorb], kept=labels[keep]))
                st.rerun()
    with st.form("rename"):
        st.subheader(_("Renommer une structure"))
        org_id = st.selectbox(_("Structure"), list(labels), format_func=labels.get)
        new_name = st.text_input(_("Nouveau nom"), max_chars=200)
        if st.form_submit_button(_("Renommer")):
            try:
                preparation.rename_organisation(ui.engine(), org_id, new_name)
            except ValueError as exc:
                ui.show_refusal(exc)
            else:
                ui.flash(_("Structure renommée."))
                st.rerun()


def directory_editor(event_id: int) -> None:
    st.subheader(_("Annuaire « qui fait quoi »"))
    st.caption(_("Les services et thèmes de chaque structure : les participant·e·s le "
                 "consultent sur leur téléphone, les groupes y orientent les cas. Ajoutez ici les "
                 "structures partenaires absentes de la journée. Le contact de chaque structure "
                 "figure dans le rapport et reçoit les rappels des engagements qu'elle porte."))
    frame = preparation.directory_table(ui.engine(), event_id)
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch",
                            key="directory_editor", column_config={
                                "id": None,
                                "name": st.column_config.TextColumn(_("Structure"),
                                                                    required=True,
                                                                    max_chars=200),
                                "services": st.column_config.TextColumn(_("Services"),
                                                                        width="large"),
                                "themes": st.column_config.TextColumn(
                                    _("Thèmes (séparés par des virgules)")),
                                "contact_name": st.column_config.TextColumn(
                                    _("Contact (nom)"), max_chars=200,
                                    help=_("Dans le rapport, et reçoit les rappels des "
                                           "engagements portés par la structure")),
                                "contact_email": st.column_config.TextColumn(
                                    _("Contact (e-mail)"), max_chars=254),
                                "contact_language": st.column_config.SelectboxColumn(
                                    _("Langue du contact"), options=list(i18n.NAMES),
                                    format_func=i18n.language_name, default="fr",
                                    help=_("Ses rappels lui sont écrits dans cette langue")),
                                **ui.translation_columns("organisation",
                                                         {"services": _("Services")})},
                            placeholder=ui.NO_VALUE)
    st.caption(_("À droite du tableau (faites-le défiler) : les services en néerlandais et en "
                 "anglais, facultatifs ; les téléphones les montrent à qui lit cette langue, "
                 "sinon le texte tel qu'écrit."))
    if st.button(_("Enregistrer l'annuaire"), type="primary"):
        try:
            count = preparation.save_directory(ui.engine(), event_id, edited)
        except ValueError as exc:
            ui.show_refusal(exc)
        else:
            ui.flash(_("Annuaire enregistré ({count} structures).").format(count=count))
            st.session_state.pop("directory_editor", None)
            st.rerun()


def themes_editor(event_id: int) -> None:
    frame = preparation.themes_table(ui.engine(), event_id)
    if frame.empty:
        return
    st.subheader(_("Les thèmes dans les autres langues"))
    st.caption(_("Chaque thème des cas et de l'annuaire, traduit une fois pour tous : les "
                 "téléphones, les tablettes et le rapport le montrent à qui lit cette langue, "
                 "sinon tel qu'écrit. Les structures restent suggérées d'après les thèmes "
                 "tels qu'écrits."))
    # Keyed by the themes listed: a theme added to a case or the directory makes a new
    # table, never edits carried over to the wrong row.
    key = "themes_editor-" + hashlib.sha256("\n".join(frame["theme"]).encode()).hexdigest()[:12]
    edited = st.data_editor(frame, hide_index=True, width="stretch", key=key,
                            disabled=["theme"], column_config={
                                "theme": st.column_config.TextColumn(_("Thème")),
                                **ui.translation_columns("theme", {"theme": _("Thème")})},
                            placeholder=ui.NO_VALUE)
    if st.button(_("Enregistrer les thèmes traduits")):
        try:
            count = preparation.save_themes(ui.engine(), event_id, edited)
        except ValueError as exc:
            ui.show_refusal(exc)
        else:
            ui.flash(ngettext("{count} thème traduit enregistré.",
                              "{count} thèmes traduits enregistrés.", count).format(count=count))
            st.session_state.pop(key, None)
            st.rerun()


if __name__ == "__main__":
    ui.hand_over_to_app()
