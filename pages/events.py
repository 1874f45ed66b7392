"""Organisers: create events, choose the current one, back up and restore. In the account's
language."""

from datetime import date

import pandas as pd
import streamlit as st

from partnerday import formats, i18n, ui
from partnerday.backup import RestoreRefused
from partnerday.demo import STAGES
from partnerday.i18n import _
from partnerday.models import Event
from partnerday.privacy import privacy_link, retention_date
from partnerday.services import preparation


def events_table(events) -> pd.DataFrame:
    return pd.DataFrame([{_("Événement"): e.name, _("Date"): formats.day(e.day), _("Lieu"): e.place,
                          _("Type"): _("démonstration") if e.is_demo else _("réel"),
                          i18n.in_context("event", "En cours"): "✅" if e.is_current else ""}
                         for e in events])


def create_form() -> None:
    with st.form("new_event", clear_on_submit=True):
        st.subheader(_("Nouvel événement"))
        name = st.text_input(_("Nom"), placeholder="Partner Day 2028", max_chars=200)
        cols = st.columns(2)
        day = cols[0].date_input(_("Date"), value=date.today(), format="DD/MM/YYYY")
        place = cols[1].text_input(_("Lieu"), max_chars=200)
        cols = st.columns(3)
        expected = cols[0].number_input(_("Participant·e·s attendu·e·s"), 0, 1000, 80)
        groups = cols[1].number_input(_("Groupes de travail"), 1, 40, 6)
        table_max = cols[2].number_input(_("Places par table (max.)"), 2, 20, 8)
        if st.form_submit_button(_("Créer et rendre courant"), type="primary"):
            if not name.strip():
                st.error(_("Donnez un nom à l'événement."))
                return
            preparation.create_event(ui.engine(), name, day=day, place=place,
                                     expected_attendance=expected, group_count=groups,
                                     table_max=table_max, table_min=min(5, table_max))
            ui.flash(_("Événement « {event} » créé.").format(event=name.strip()))
            st.rerun()


def backup_section(current_id: int) -> None:
    st.subheader(_("Sauvegarde"))
    st.caption(_("La sauvegarde contient tout l'événement, données personnelles et liens "
                 "personnels compris : les badges imprimés restent valables après une "
                 "restauration. Gardez-la en lieu sûr. La sauvegarde anonymisée (sans personnes "
                 "ni noms, avec les cas, l'annuaire, les questions, le travail des groupes et "
                 "les engagements des structures) peut se partager, p. ex. avec l'équipe de l'an "
                 "prochain."))
    payload = preparation.backup_json(ui.engine(), current_id)
    cols = st.columns(2)
    cols[0].download_button(_("Télécharger la sauvegarde de l'événement courant"), payload,
                            f"partnerday-{date.today().isoformat()}.json", "application/json",
                            icon=":material/save:",
                            on_click=ui.logged("backup", "avec données personnelles", current_id))
    shared_key = f"anonymised_backup_{current_id}"
    if shared_key not in st.session_state:
        # made on demand: anonymising (inside a savepoint) locks the event for a moment
        if cols[1].button(_("Préparer une sauvegarde anonymisée, à partager"),
                          icon=":material/share:"):
            with st.spinner(_("Préparation de la sauvegarde anonymisée…")):
                st.session_state[shared_key] = preparation.anonymised_backup_json(
                    ui.engine(), current_id)
            st.rerun()
    else:
        cols[1].download_button(_("Télécharger la sauvegarde anonymisée"),
                                st.session_state[shared_key],
                                f"partnerday-anonymise-{date.today().isoformat()}.json",
                                "application/json", icon=":material/share:",
                                on_click=ui.logged("backup_anonymised", "", current_id))
    upload = ui.file_uploader(_("Restaurer une sauvegarde (.json)"), type=["json"], max_mb=20)
    replace = st.checkbox(_("Remplacer l'événement s'il existe déjà dans la base"))
    make_current = st.checkbox(_("En faire l'événement courant"), value=True)
    if upload is not None and st.button(_("Restaurer")):
        try:
            made = preparation.restore(ui.engine(), upload.getvalue(), replace, make_current,
                                       ui.account())
        except RestoreRefused as exc:
            ui.show_refusal(exc)
        else:
            ui.flash((_("Événement « {event} » restauré et rendu courant.") if made.is_current
                      else _("Événement « {event} » restauré.")).format(event=made.name))
            st.rerun()


def privacy_section(event: Event) -> None:
    st.subheader(_("Données personnelles"))
    st.caption(_("Le contact et la date de fin de conservation figurent dans l'information "
                 "« vos données », liée depuis chaque téléphone, le formulaire d'inscription "
                 "sur place, les tablettes et l'e-mail du rapport."))
    with st.form("privacy"):
        cols = st.columns([3, 2])
        contact = cols[0].text_input(_("À qui s'adresser pour ses données (nom, e-mail)"),
                                     value=event.privacy_contact, max_chars=200)
        until = cols[1].date_input(_("Données personnelles gardées jusqu'au"),
                                   value=retention_date(event), format="DD/MM/YYYY")
        if st.form_submit_button(_("Enregistrer")):
            try:
                preparation.update_privacy_settings(ui.engine(), event.id, contact, until)
            except ValueError as exc:
                ui.show_refusal(exc)
            else:
                ui.flash(_("Réglages des données personnelles enregistrés."))
                st.rerun()
    st.link_button(_("Voir l'information « vos données »"),
                   privacy_link(ui.settings().base_url, event))
    if event.anonymised_at is not None:
        st.info(_("Cet événement a été anonymisé le {day}.").format(
            day=f"{event.anonymised_at:%d/%m/%Y}"))
        return
    with st.expander(_("Anonymiser l'événement")):
        st.write(_("Retire les noms, e-mails, liens personnels et heures d'arrivée, et détache "
                   "les réponses, le travail des groupes et les engagements des personnes. "
                   "Restent les chiffres de la journée, le travail des groupes (noms retirés) et "
                   "les engagements au nom des structures. **Irréversible** : reprenez d'abord "
                   "les engagements dans l'événement suivant, et gardez une sauvegarde si "
                   "nécessaire."))
        confirmed = st.checkbox(_("Je confirme : anonymiser « {event} »").format(
            event=ui.plain_label(event.name)))
        if st.button(_("Anonymiser l'événement"), type="primary", disabled=not confirmed):
            with st.spinner(_("Anonymisation, puis réécriture de la base…")):
                done = preparation.anonymise(ui.engine(), event.id, ui.account())
            ui.flash(_("Événement anonymisé : {what}").format(what=done.description) + (
                "" if done.purged else " " + _("La base était occupée : pour la réécrire, "
                                               "lancez plus tard python -m partnerday "
                                               "anonymise --due.")))
            st.rerun()


def render() -> None:
    st.title(_("Événements"))
    ui.show_flash()
    events = preparation.list_events(ui.engine())
    if events:
        st.dataframe(events_table(events), hide_index=True, width="stretch",
                     placeholder=ui.NO_VALUE)
        undated = _("sans date")
        labels = {e.id: f"{e.name} ({formats.day(e.day) or undated})" for e in events}
        current = next((e.id for e in events if e.is_current), events[0].id)
        cols = st.columns([3, 1])
        chosen = cols[0].selectbox(_("Événement courant"), list(labels), format_func=labels.get,
                                   index=list(labels).index(current))
        if cols[1].button(_("Rendre courant"), disabled=chosen == current):
            preparation.make_current(ui.engine(), chosen)
            st.rerun()
    create_form()
    demo_section(next((e.name for e in events if e.is_current), None))
    if events:
        privacy_section(next(e for e in events if e.id == current))
        backup_section(current)


def demo_section(current_name: str | None) -> None:
    with st.expander(_("Démonstration à une étape de la journée")):
        st.caption(_("Crée un nouvel événement de démonstration tel qu'il est à ce moment de la "
                     "journée, pour voir chaque écran avec des données. Vos événements ne sont "
                     "pas touchés."))
        stages = i18n.labels(STAGES)
        stage = st.selectbox(_("Étape"), list(stages), format_func=stages.get)
        make_current = st.checkbox(_("En faire l'événement courant"))
        confirmed = True
        if make_current and current_name is not None:
            st.warning(_("Tant que la démo est l'événement courant, les badges, les tablettes "
                         "et l'écran de « {event} » ne marchent plus (ils remarcheront quand "
                         "vous le rendrez courant à nouveau).").format(
                event=ui.plain(current_name)))
            confirmed = st.checkbox(_("Je confirme : la démo devient l'événement courant"))
        if st.button(_("Créer la démo à cette étape"), disabled=not confirmed):
            with st.spinner(_("Préparation de la démo (accueil, groupes, tours)…")):
                made = preparation.create_demo(ui.engine(), stage, make_current)
            ui.flash((_("Démo « {event} » créée et rendue courante.") if made.is_current else
                      _("Démo « {event} » créée (l'événement courant reste le même).")).format(
                event=made.name))
            st.rerun()


if __name__ == "__main__":
    ui.hand_over_to_app()
