"""Organisers: import registrations, edit the participant list, export it."""

import pandas as pd
import streamlit as st

from partnerday import ui
from partnerday.db import session_scope
from partnerday.participants import apply_edits, export_frame, participants_frame, \
    to_csv_bytes, to_excel_bytes
from partnerday.registration import ROLE_EXPORT_FR, RegistrationFileError, \
    import_registrations, known_people, read_registrations

ROLE_CHOICES = list(ROLE_EXPORT_FR.values())
UPLOAD_ROUND = "import_round"


def import_tab(event_id: int) -> None:
    st.write("Fichier CSV (séparateur `,` ou `;`) ou Excel, exporté de votre formulaire "
             "d'inscription. Colonnes : **nom**, **structure** (obligatoires), rôle, email, "
             "langue, table — en français ou en anglais.")
    upload = st.file_uploader("Fichier d'inscriptions", type=["csv", "txt", "xlsx", "xls"],
                              key=f"upload_{st.session_state.get(UPLOAD_ROUND, 0)}")
    if upload is None:
        return
    with session_scope(ui.engine()) as session:
        known = known_people(session, event_id)
    try:
        preview = read_registrations(upload.getvalue(), upload.name, known)
    except RegistrationFileError as exc:
        st.error(str(exc))
        return

    cols = st.columns(3)
    cols[0].metric("Lignes valides", len(preview.rows))
    cols[1].metric("Lignes invalides", len(preview.problems))
    cols[2].metric("Doublons", len(preview.duplicates))
    if preview.problems:
        st.error("Ces lignes ne peuvent pas être importées :")
        st.dataframe(pd.DataFrame([{"ligne": p.line, "problème": p.reason}
                                   for p in preview.problems]), hide_index=True, width="stretch")
    st.write("Aperçu de ce qui sera importé :")
    st.dataframe(preview.as_frame(), hide_index=True, width="stretch")

    include_duplicates = False
    if preview.duplicates:
        st.warning(f"{len(preview.duplicates)} doublon(s) (même nom et structure, ou même "
                   "e-mail) : ils sont ignorés, sauf si vous cochez la case.")
        include_duplicates = st.checkbox("Importer aussi les doublons")
    good_rows_only = False
    if preview.problems:
        good_rows_only = st.checkbox(
            f"Importer seulement les lignes valides ({len(preview.problems)} ligne(s) "
            "invalide(s) ignorée(s))")
    rows = preview.rows_to_import(skip_duplicates=not include_duplicates)
    allowed = (preview.is_clean or good_rows_only) and bool(rows)
    if st.button(f"Importer {len(rows)} participant·e·s", type="primary", disabled=not allowed):
        with session_scope(ui.engine()) as session:
            created = import_registrations(session, event_id, rows)
        st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
        st.session_state["import_message"] = f"{len(created)} participant·e·s importé·e·s."
        st.rerun()


def list_tab(event_id: int) -> None:
    with session_scope(ui.engine()) as session:
        frame = participants_frame(session, event_id)
    frame["role"] = frame["role"].map(ROLE_EXPORT_FR)
    st.caption("Modifiez directement dans le tableau ; ajoutez une ligne en bas, supprimez en "
               "sélectionnant des lignes. Rien n'est enregistré avant « Enregistrer ».")
    edited = st.data_editor(
        frame, num_rows="dynamic", hide_index=True, width="stretch", key="participants_editor",
        column_config={
            "id": None,
            "name": st.column_config.TextColumn("Nom", required=True, max_chars=200),
            "organisation": st.column_config.TextColumn("Structure", required=True,
                                                        max_chars=200),
            "role": st.column_config.SelectboxColumn("Rôle", options=ROLE_CHOICES,
                                                     default="travailleur", required=True),
            "email": st.column_config.TextColumn("E-mail"),
            "language": st.column_config.SelectboxColumn("Langue", options=["fr", "nl", "en"],
                                                         default="fr", required=True),
            "breakfast_table": st.column_config.NumberColumn("Table", min_value=1, step=1),
        })
    if st.button("Enregistrer les modifications", type="primary"):
        with session_scope(ui.engine()) as session:
            result = apply_edits(session, event_id, edited)
        if result.problems:
            st.error("Rien n'a été enregistré :\n" + "\n".join(
                f"- ligne {p.line} du tableau : {ui.plain(p.reason)}" for p in result.problems))
        else:
            st.session_state["import_message"] = (
                f"Enregistré : {result.created} ajout(s), {result.updated} modification(s), "
                f"{result.deleted} suppression(s).")
            st.session_state.pop("participants_editor", None)
            st.rerun()


def export_tab(event_id: int) -> None:
    with session_scope(ui.engine()) as session:
        frame = export_frame(session, event_id)
    st.caption("Ces fichiers contiennent des données personnelles : gardez-les pour l'équipe "
               "organisatrice.")
    cols = st.columns(2)
    cols[0].download_button("Télécharger en CSV", to_csv_bytes(frame), "participants.csv",
                            "text/csv", icon=":material/download:")
    cols[1].download_button(
        "Télécharger en Excel", to_excel_bytes(frame), "participants.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:")


def render() -> None:
    event = ui.require_current_event()
    st.title("Participants")
    st.caption(ui.plain(event.name))
    if message := st.session_state.pop("import_message", None):
        st.success(message)
    importing, listing, exporting = st.tabs(["Importer", "Liste et modifications", "Exporter"])
    with importing:
        import_tab(event.id)
    with listing:
        list_tab(event.id)
    with exporting:
        export_tab(event.id)


if __name__ == "__main__":
    ui.hand_over_to_app()
