"""Organisers: the follow-up report (preview, choose what it includes, download) and sending
it to every participant by email. In the account's language (the report itself in the one
chosen for it)."""

from collections import Counter
from datetime import date

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _, language_name, ngettext
from partnerday.mailing import MailInterrupted, MailRefused, report_attachments, \
    report_filenames, report_message, send_test
from partnerday.models import LANGUAGES
from partnerday.report import SECTIONS, commitments_csv, report_pdf
from partnerday.services import afterwards


@st.cache_data(max_entries=6, show_spinner=False)
def pdf_of(page: str, _report, language: str) -> bytes:
    """The PDF, made again only when the report's content (its HTML page, in `language`)
    changed, not on every rerun of this page (0.25 s each)."""
    return report_pdf(_report, language)


def downloads(report, page: str, language: str) -> bytes:
    with st.spinner(_("Mise en page du PDF…")):
        pdf = pdf_of(page, report, language)
    stem = report_filenames(language)[0].removesuffix(".html") + f"-{date.today().isoformat()}"
    cols = st.columns(3)
    cols[0].download_button(_("Page HTML (autonome)"), page, f"{stem}.html", "text/html",
                            icon=":material/download:", width="stretch")
    cols[1].download_button(_("PDF (A4)"), pdf, f"{stem}.pdf", "application/pdf",
                            icon=":material/picture_as_pdf:", width="stretch")
    cols[2].download_button(_("Engagements (CSV)"), commitments_csv(report),
                            "engagements.csv", "text/csv", icon=":material/table:",
                            width="stretch")
    return pdf


def email_section(event_id: int, event_name: str, page: str, pdf: bytes, language: str,
                  report) -> None:
    st.subheader(_("Envoyer le rapport par email"))
    settings = ui.settings()
    state = afterwards.mailing_state(ui.engine(), event_id, settings.base_url)
    pending, log, privacy_url = state.pending, state.log, state.privacy_url
    invalid = [r for r in pending if not r.is_valid]
    if not settings.smtp_host:
        st.warning(_("Aucun serveur d'envoi n'est réglé : renseignez SMTP_HOST, SMTP_PORT, "
                     "SMTP_USER, SMTP_PASSWORD et SMTP_FROM (voir le README)."))
    else:
        st.caption(_("Serveur d'envoi : {server}, expéditeur {sender}.").format(
            server=f"{ui.plain(settings.smtp_host)}:{settings.smtp_port}",
            sender=ui.plain(settings.smtp_from or settings.smtp_user or "")))
    with st.expander(_("Aperçu du message (chacun·e le reçoit dans sa langue, avec le rapport "
                       "dans sa langue)")):
        readers = Counter(r.language for r in pending)
        for reader, tab in zip(LANGUAGES, st.tabs(
                [f"{language_name(reader)} ({readers[reader]})" for reader in LANGUAGES])):
            message = report_message(settings, "prenom.nom@example.org", event_name, [],
                                     privacy_url, reader)
            subject, sender = ui.plain(message["Subject"]), ui.plain(message["From"])
            tab.markdown(_("**Objet :** {subject}").format(subject=subject) + "  \n"
                         + _("**De :** {sender}").format(sender=sender) + "  \n"
                         + _("**Pièces jointes :** {files}").format(
                             files=", ".join(report_filenames(reader))))
            tab.text(message.get_content())
    with st.form("test_mail"):
        to = st.text_input(_("D'abord, un message de test à cette adresse (la vôtre)"))
        st.caption(_("Il part tel qu'un·e lecteur·rice le reçoit dans la langue du rapport "
                     "choisie plus haut ({language}).").format(language=language_name(language)))
        if st.form_submit_button(_("Envoyer le test")):
            try:
                send_test(settings, to.strip(), event_name,
                          report_attachments(page, pdf, language), privacy_url, language)
            except MailRefused as refused:
                ui.show_refusal(refused)
            else:
                st.success(_("Message de test envoyé à {address}.").format(
                    address=ui.plain(to.strip())))
    ready = len(pending) - len(invalid)
    st.write(ngettext("**{count}** personne à qui l'envoyer", "**{count}** personnes à qui "
                      "l'envoyer", ready).format(count=ready)
             + (ngettext(", **{count}** adresse mal formée qui sera ignorée : {addresses}",
                         ", **{count}** adresses mal formées qui seront ignorées : {addresses}",
                         len(invalid)).format(count=len(invalid), addresses=ui.plain(
                             ", ".join(r.email for r in invalid))) if invalid else "") + ".")
    if st.button(ngettext("Envoyer le rapport à {count} personne",
                          "Envoyer le rapport à {count} personnes", ready).format(count=ready),
                 type="primary", disabled=not pending or not settings.smtp_host):
        bar = st.progress(0.0, _("Connexion au serveur d'envoi…"))
        try:
            summary = afterwards.send_report(ui.engine(), event_id, settings, report,
                                             ui.account(), lambda done, total, email:
                                             bar.progress(done / total,
                                                          f"{done} / {total} · {email}"))
        except (MailRefused, MailInterrupted) as stopped:
            ui.show_refusal(stopped)
        else:
            st.success(ngettext("Rapport envoyé à {count} personne.",
                                "Rapport envoyé à {count} personnes.",
                                summary.sent).format(count=summary.sent)
                       + (" " + _("Refusé par le serveur : {addresses}.").format(
                           addresses=", ".join(summary.failed)) if summary.failed else ""))
        log = afterwards.mailing_state(ui.engine(), event_id, settings.base_url).log
    if not log.empty:
        st.caption(_("Journal des envois"))
        st.dataframe(log, hide_index=True, width="stretch",
                     column_config={"nom": _("nom"), "état": _("état"), "détail": _("détail"),
                                    "quand": _("quand")}, placeholder=ui.NO_VALUE)


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Rapport de la journée"))
    parts = i18n.labels(SECTIONS)
    sections = st.pills(_("Ce que le rapport contient"), list(parts), format_func=parts.get,
                        selection_mode="multi", default=list(parts))
    st.caption(_("La première page (la journée en chiffres) est toujours là ; ses engagements "
                 "à retenir sont ceux mis « à la une » sur la page Engagements (sinon les cinq "
                 "premiers à échéance)."))
    if not sections:
        st.info(_("Choisissez au moins une partie."))
        return
    language = st.segmented_control(
        _("Langue du rapport (téléchargement, aperçu, test)"), LANGUAGES,
        format_func=language_name, default=i18n.current(),  # the organiser's, at first
        key="report_language") or i18n.current()
    files = afterwards.report(ui.engine(), event.id, sections, language)
    report, page = files.report, files.page
    if report.is_empty:
        st.info(_("Il n'y a encore rien à rapporter pour cet événement : ni travail des "
                  "groupes, ni réponses, ni participant·e·s."))
    pdf = downloads(report, page, language)
    with st.expander(_("Aperçu"), expanded=True):
        st.iframe(page, height=600)
    email_section(event.id, event.name, page, pdf, language, report)


if __name__ == "__main__":
    ui.hand_over_to_app()
