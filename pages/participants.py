"""Organisers: import registrations, edit the participant list, export it, in the account's
language (the file's checks and the roles too)."""

import pandas as pd
import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _, ngettext, said
from partnerday.names import MAX_FIRST_NAME, MAX_LAST_NAME
from partnerday.models import ROLE_LABELS_FR, Role
from partnerday.registration import FIELD_LABELS, IGNORED, MAX_FILE_BYTES, \
    RegistrationFileError, column_usage, columns_from_choices, map_columns, preview_table, \
    read_table
from partnerday.services import preparation
from partnerday.spreadsheet import csv_bytes, excel_bytes

UPLOAD_ROUND = "import_round"


def first_value(frame: pd.DataFrame, header: str) -> str:
    filled = frame[header].astype(str).str.strip()
    return next((v for v in filled if v), "")


def column_choices(upload, frame: pd.DataFrame, guessed: dict[str, str]) -> dict[str, str | None]:
    """The organiser's choice of how each column of the file is used (guessed at first): one
    labelled list per column, which a keyboard and a screen reader can use."""
    headers = [str(h) for h in frame.columns[1:]]
    by_header = {header: field for field, header in guessed.items()}
    options = ["", *FIELD_LABELS]  # "": ignored
    notes = {use.header: use.note for use in column_usage(headers, guessed)}
    choices: dict[str, str | None] = {}
    labels = {field: _(FIELD_LABELS[field]) if field else _(IGNORED) for field in options}
    with st.expander(_("Colonnes du fichier : {used} utilisée(s) sur {count} (modifiable)")
                     .format(used=len(guessed), count=len(headers)), expanded=True):
        for position, header in enumerate(headers):
            name, choice, note = st.columns([2, 3, 3], vertical_alignment="center")
            name.markdown(f"**{ui.plain(header)}**")
            choices[header] = choice.selectbox(
                _("Colonne « {header} » utilisée comme").format(header=header), options,
                index=options.index(by_header.get(header, "")),
                format_func=labels.get,
                label_visibility="collapsed",
                key=f"column_{st.session_state.get(UPLOAD_ROUND, 0)}_{upload.file_id}_"
                    f"{position}") or None
            example = first_value(frame, header)
            note.caption(ui.plain(" · ".join(
                part for part in ((said(notes.get(header, "")) if choices[header] is None
                                   else ""),
                                  _("ex. : {example}").format(example=example[:40])
                                  if example else "") if part)))
    return choices


def import_tab(event_id: int) -> None:
    st.write(_("Fichier CSV (séparateur `,` ou `;`) ou Excel, exporté de votre formulaire "
               "d'inscription (Microsoft Forms, Google Forms, pretix, Eventbrite…). Il faut au "
               "moins le **prénom** (ou « prénom et nom » dans une colonne) et la "
               "**structure** ; rôle, email, langue et table sont facultatifs. Les écrans de la "
               "salle n'affichent que les prénoms."))
    upload = ui.file_uploader(_("Fichier d'inscriptions"), type=["csv", "txt", "xlsx"],
                              key=f"upload_{st.session_state.get(UPLOAD_ROUND, 0)}",
                              max_mb=MAX_FILE_BYTES // 2**20)
    if upload is None:
        return
    known = preparation.known_people(ui.engine(), event_id)
    try:
        frame, dialect = read_table(upload.getvalue(), upload.name)
        headers = [str(h) for h in frame.columns[1:]]
        choices = column_choices(upload, frame, map_columns(headers))
        preview = preview_table(frame, dialect, known, columns=columns_from_choices(choices))
    except RegistrationFileError as exc:
        ui.show_refusal(exc)
        return

    cols = st.columns(4)
    cols[0].metric(_("Lignes valides"), len(preview.rows))
    cols[1].metric(_("Lignes invalides"), len(preview.problems))
    cols[2].metric(_("Doublons"), len(preview.duplicates))
    cols[3].metric(_("Noms à vérifier"), len(preview.ambiguous_lines))
    columns_confirmed = True
    for warning in preview.column_warnings:
        st.warning(ui.plain(said(warning)))
    if preview.column_warnings:
        columns_confirmed = st.checkbox(_("J'ai vérifié : les prénoms sont bien pris dans la "
                                          "bonne colonne"))
    if preview.ambiguous_lines:
        st.info(_("{count} nom(s) écrit(s) dans une seule colonne peuvent se lire dans les deux "
                  "sens (colonne « à vérifier ») : le prénom est ce que les écrans affichent. "
                  "Corrigez-les après l'import dans « Liste et modifications » si besoin.")
                .format(count=len(preview.ambiguous_lines)))
    if preview.problems:
        st.error(_("Ces lignes ne peuvent pas être importées :"))
        st.dataframe(pd.DataFrame([{_("ligne"): p.line, _("problème"): said(p.reason)}
                                   for p in preview.problems]), hide_index=True, width="stretch",
                     placeholder=ui.NO_VALUE)
    st.write(_("Aperçu de ce qui sera importé :"))
    st.dataframe(preview.as_frame(), hide_index=True, width="stretch", placeholder=ui.NO_VALUE)

    include_duplicates = False
    if preview.duplicates:
        st.warning(_("{count} doublon(s) (même nom et structure, ou même e-mail) : ils sont "
                     "ignorés, sauf si vous cochez la case.").format(
            count=len(preview.duplicates)))
        include_duplicates = st.checkbox(_("Importer aussi les doublons"))
    good_rows_only = False
    if preview.problems:
        good_rows_only = st.checkbox(
            _("Importer seulement les lignes valides ({count} ligne(s) invalide(s) ignorée(s))")
            .format(count=len(preview.problems)))
    rows = preview.rows_to_import(skip_duplicates=not include_duplicates)
    allowed = (not preview.problems or good_rows_only) and columns_confirmed and bool(rows)
    if st.button(_("Importer {count} participant·e·s").format(count=len(rows)), type="primary",
                 disabled=not allowed):
        created = preparation.import_registrations(ui.engine(), event_id, rows)
        st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
        ui.flash(_("{count} participant·e·s importé·e·s.").format(count=created))
        st.rerun()


def list_tab(event_id: int) -> None:
    frame = preparation.participants_table(ui.engine(), event_id)
    roles = i18n.labels(ROLE_LABELS_FR)  # read back by the save (`registration.parse_role`)
    frame["role"] = frame["role"].map(roles)
    st.caption(_("Modifiez directement dans le tableau ; ajoutez une ligne en bas, supprimez "
                 "en sélectionnant des lignes. Rien n'est enregistré avant « Enregistrer »."))
    edited = st.data_editor(
        frame, num_rows="dynamic", hide_index=True, width="stretch", key="participants_editor",
        column_config={
            "id": None,
            "first_name": st.column_config.TextColumn(
                _("Prénom (écrans)"), required=True, max_chars=MAX_FIRST_NAME,
                help=_("Ce que les écrans de la salle affichent")),
            "last_name": st.column_config.TextColumn(
                _("Nom"), max_chars=MAX_LAST_NAME,
                help=_("Seule l'équipe organisatrice le voit")),
            "organisation": st.column_config.TextColumn(_("Structure"), required=True,
                                                        max_chars=200),
            "role": st.column_config.SelectboxColumn(_("Rôle"), options=list(roles.values()),
                                                     default=roles[Role.worker.value],
                                                     required=True),
            "email": st.column_config.TextColumn(_("E-mail")),
            "language": st.column_config.SelectboxColumn(_("Langue"),
                                                         options=["fr", "nl", "en"],
                                                         default="fr", required=True),
            "breakfast_table": st.column_config.NumberColumn(_("Table"), min_value=1, step=1),
        }, placeholder=ui.NO_VALUE)
    if st.button(_("Enregistrer les modifications"), type="primary"):
        result = preparation.save_participants(ui.engine(), event_id, edited)
        if result.problems:
            line = _("ligne {line} du tableau : {problem}")
            st.error(_("Rien n'a été enregistré :") + "\n" + "\n".join(
                "- " + line.format(line=p.line, problem=ui.plain(said(p.reason)))
                for p in result.problems))
        else:
            ui.flash(_("Enregistré : {created} ajout(s), {updated} modification(s), {deleted} "
                       "suppression(s).").format(created=result.created,
                                                 updated=result.updated,
                                                 deleted=result.deleted))
            st.session_state.pop("participants_editor", None)
            st.rerun()
    easy_read_section(event_id)


def easy_read_section(event_id: int) -> None:
    """Who gets the easy-read phone page: everyone, or the persons chosen."""
    settings = preparation.easy_read_settings(ui.engine(), event_id)
    st.subheader(_("Page « facile à lire » sur le téléphone"))
    st.caption(_("Des phrases courtes, une seule chose par écran, des images et de grands "
                 "boutons : pour les personnes qui lisent peu ou difficilement. Les mêmes "
                 "informations et les mêmes questions que la page habituelle."))
    with st.form("easy_read"):
        everyone = st.toggle(_("Pour tout le monde"), value=settings.for_everyone)
        chosen = st.multiselect(_("Pour ces personnes"), list(settings.choices),
                                default=settings.people, format_func=settings.choices.get,
                                placeholder=_("Choisissez des personnes"))
        if st.form_submit_button(_("Enregistrer")):
            count = preparation.set_easy_read(ui.engine(), event_id, everyone, chosen)
            ui.flash(_("Page facile à lire : pour tout le monde.") if everyone else
                     ngettext("Page facile à lire : pour {count} personne.",
                              "Page facile à lire : pour {count} personnes.", count).format(
                         count=count))
            st.rerun()


def export_tab(event_id: int) -> None:
    frame = preparation.participants_export(ui.engine(), event_id)
    st.caption(_("Ces fichiers contiennent des données personnelles : gardez-les pour l'équipe "
                 "organisatrice."))
    cols = st.columns(2)
    cols[0].download_button(_("Télécharger en CSV"), csv_bytes(frame), "participants.csv",
                            "text/csv", icon=":material/download:",
                            on_click=ui.logged("export_participants", f"CSV, {len(frame)} "
                                               "personnes", event_id))
    cols[1].download_button(
        _("Télécharger en Excel"), excel_bytes(frame, "Participants"), "participants.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:", on_click=ui.logged(
            "export_participants", f"Excel, {len(frame)} personnes", event_id))


def rights_tab(event_id: int) -> None:
    """A person asks what the app keeps about them, or to be erased."""
    frame = preparation.participants_table(ui.engine(), event_id)
    labels = {int(row.id): f"{row.first_name} {row.last_name} ({row.organisation})".replace(
        "  ", " ") for row in frame.itertuples()}
    st.caption(_("Quand une personne demande ce que nous gardons sur elle, ou à être effacée. "
                 "(Retirer une ligne de la liste, c'est pour une inscription faite par erreur : "
                 "ses réponses partent avec elle.)"))
    chosen = st.selectbox(_("Personne"), list(labels), format_func=labels.get, index=None,
                          placeholder=_("Choisissez la personne"))
    if chosen is None:
        return
    record = preparation.person_record(ui.engine(), chosen)
    st.download_button(_("Exporter tout ce que nous gardons sur elle (texte)"), record,
                       f"donnees-{chosen}.txt", "text/plain", icon=":material/download:",
                       on_click=ui.logged("export_person", f"personne n°{chosen}", event_id))
    with st.expander(_("Effacer cette personne")):
        st.write(_("Son prénom, son nom, son e-mail et son lien personnel sont effacés ; ses "
                   "réponses restent seulement dans les résultats d'ensemble, ses engagements "
                   "passent au nom de sa structure, et son nom est retiré des textes des "
                   "groupes. Les chiffres de la journée ne changent pas. **Irréversible.**"))
        confirmed = st.checkbox(_("Je confirme : effacer {person}").format(
            person=ui.plain_label(labels[chosen])), key=f"erase_confirm_{chosen}")
        if st.button(_("Effacer"), type="primary", disabled=not confirmed):
            done = preparation.erase_person(ui.engine(), event_id, chosen, ui.account())
            ui.flash(_("Personne effacée : {texts} texte(s) corrigé(s), {commitments} "
                       "engagement(s) au nom de sa structure.").format(
                texts=done.texts_changed, commitments=done.commitments_to_organisations))
            st.rerun()


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Participants"))
    st.caption(ui.plain(event.name))
    ui.show_flash()
    importing, listing, exporting, rights = st.tabs([
        _("Importer"), _("Liste et modifications"), _("Exporter"), _("Droits d'une personne")])
    with importing:
        if event.is_demo:
            st.warning(_("L'événement courant est une démonstration : pour vos vraies "
                         "inscriptions, créez d'abord votre événement dans « Événements »."))
        import_tab(event.id)
    with listing:
        list_tab(event.id)
    with exporting:
        export_tab(event.id)
    with rights:
        rights_tab(event.id)


if __name__ == "__main__":
    ui.hand_over_to_app()
