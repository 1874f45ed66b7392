"""Organisers: the follow-up report (preview, choose what it includes, download) and sending
it to every participant by email."""

from collections import Counter
from datetime import date

import streamlit as st

from partnerday import ui
from partnerday.i18n import language_name
from partnerday.mailing import MailInterrupted, MailRefused, report_attachments, \
    report_filenames, report_message, send_test
from partnerday.models import LANGUAGES
from partnerday.report import SECTIONS, commitments_csv, report_pdf
from partnerday.services import afterwards


@st.cache_data(max_entries=6, show_spinner="Mise en page du PDF…")
def pdf_of(page: str, _report, language: str) -> bytes:
    """The PDF, made again only when the report's content (its HTML page, in `language`)
    changed, not on every rerun of this page (0.25 s each)."""
    return report_pdf(_report, language)


def downloads(report, page: str, language: str) -> bytes:
    pdf = pdf_of(page, report, language)
    stem = report_filenames(language)[0].removesuffix(".html") + f"-{date.today().isoformat()}"
    cols = st.columns(3)
    cols[0].download_button("Page HTML (autonome)", page, f"{stem}.html", "text/html",
                            icon=":material/download:", width="stretch")
    cols[1].download_button("PDF (A4)", pdf, f"{stem}.pdf", "application/pdf",
                            icon=":material/picture_as_pdf:", width="stretch")
    cols[2].download_button("Engagements (CSV)", commitments_csv(report),
                            "engagements.csv", "text/csv", icon=":material/table:",
                            width="stretch")
    return pdf


def email_section(event_id: int, event_name: str, page: str, pdf: bytes, language: str,
                  report) -> None:
    st.subheader("Envoyer le rapport par email")
    settings = ui.settings()
    state = afterwards.mailing_state(ui.engine(), event_id, settings.base_url)
    pending, log, privacy_url = state.pending, state.log, state.privacy_url
    invalid = [r for r in pending if not r.is_valid]
    if not settings.smtp_host:
        st.warning("Aucun serveur d'envoi n'est réglé : renseignez SMTP_HOST, SMTP_PORT, "
                   "SMTP_USER, SMTP_PASSWORD et SMTP_FROM (voir le README).")
    else:
        st.caption(f"Serveur d'envoi : {ui.plain(settings.smtp_host)}:{settings.smtp_port}, "
                   f"expéditeur {ui.plain(settings.smtp_from or settings.smtp_user or '')}.")
    with st.expander("Aperçu du message (chacun·e le reçoit dans sa langue, avec le rapport "
                     "dans sa langue)"):
        readers = Counter(r.language for r in pending)
        for reader, tab in zip(LANGUAGES, st.tabs(
                [f"{language_name(reader)} ({readers[reader]})" for reader in LANGUAGES])):
            message = report_message(settings, "prenom.nom@example.org", event_name, [],
                                     privacy_url, reader)
            tab.markdown(f"**Objet :** {ui.plain(message['Subject'])}  \n"
                         f"**De :** {ui.plain(message['From'])}  \n"
                         "**Pièces jointes :** " + ", ".join(report_filenames(reader)))
            tab.text(message.get_content())
    with st.form("test_mail"):
        to = st.text_input("D'abord, un message de test à cette adresse (la vôtre)")
        st.caption(f"Il part tel qu'un·e lecteur·rice en {language_name(language)} le reçoit "
                   "(la langue du rapport choisie plus haut).")
        if st.form_submit_button("Envoyer le test"):
            try:
                send_test(settings, to.strip(), event_name,
                          report_attachments(page, pdf, language), privacy_url, language)
            except MailRefused as refused:
                ui.show_refusal(refused)
            else:
                st.success(f"Message de test envoyé à {ui.plain(to.strip())}.")
    st.write(f"**{len(pending) - len(invalid)}** personne(s) à qui l'envoyer"
             + (f", **{len(invalid)}** adresse(s) mal formée(s) qui seront ignorées : "
                + ui.plain(", ".join(r.email for r in invalid)) if invalid else "") + ".")
    if st.button(f"Envoyer le rapport à {len(pending) - len(invalid)} personne(s)",
                 type="primary", disabled=not pending or not settings.smtp_host):
        bar = st.progress(0.0, "Connexion au serveur d'envoi…")
        try:
            summary = afterwards.send_report(ui.engine(), event_id, settings, report,
                                             ui.account(), lambda done, total, email:
                                             bar.progress(done / total,
                                                          f"{done} / {total} · {email}"))
        except (MailRefused, MailInterrupted) as stopped:
            ui.show_refusal(stopped)
        else:
            st.success(f"Rapport envoyé à {summary.sent} personne(s)."
                       + (f" Refusé par le serveur : {', '.join(summary.failed)}."
                          if summary.failed else ""))
        log = afterwards.mailing_state(ui.engine(), event_id, settings.base_url).log
    if not log.empty:
        st.caption("Journal des envois")
        st.dataframe(log, hide_index=True, width="stretch")


def render() -> None:
    event = ui.require_current_event()
    st.title("Rapport de la journée")
    sections = st.pills("Ce que le rapport contient", list(SECTIONS), format_func=SECTIONS.get,
                        selection_mode="multi", default=list(SECTIONS))
    st.caption("La première page (la journée en chiffres) est toujours là ; ses engagements à "
               "retenir sont ceux mis « à la une » sur la page Engagements (sinon les cinq "
               "premiers à échéance).")
    if not sections:
        st.info("Choisissez au moins une partie.")
        return
    language = st.segmented_control(
        "Langue du rapport (téléchargement, aperçu, test)", LANGUAGES,
        format_func=language_name, default="fr", key="report_language") or "fr"
    files = afterwards.report(ui.engine(), event.id, sections, language)
    report, page = files.report, files.page
    if report.is_empty:
        st.info("Il n'y a encore rien à rapporter pour cet événement : ni travail des groupes, "
                "ni réponses, ni participant·e·s.")
    pdf = downloads(report, page, language)
    with st.expander("Aperçu", expanded=True):
        st.iframe(page, height=600)
    email_section(event.id, event.name, page, pdf, language, report)


if __name__ == "__main__":
    ui.hand_over_to_app()
