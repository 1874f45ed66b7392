"""Organisers: every commitment of the day and the year that follows: late ones first, status
month by month, the ones on the report's first page, the reminders and digests (what goes
next, sent by hand too), who has not answered; last year's carried over for review. In the
account's language (what people wrote stays as written)."""

from datetime import date

import streamlit as st

from partnerday import charts, ui
from partnerday.commitments import STATUSES, CommitmentRefused
from partnerday.digest import digest_html, status_label
from partnerday.followup import MAX_MONTHS, FollowUpSettingsRefused, YearView
from partnerday.formats import short_month
from partnerday.i18n import N_, _, ngettext
from partnerday.mailing import MailInterrupted, MailRefused
from partnerday.services import afterwards

TABLE_COLUMNS = (N_("en retard"), N_("cas"), N_("qui"), N_("quoi"), N_("orientation"),
                 N_("état"), N_("dernière nouvelle"), N_("origine"))
"""The commitments table's columns (`followup.year_view`), named in the page's language."""


def update_form(rows) -> None:
    labels = {c.id: f"{c.who or '?'} — {c.what[:60]} ({c.case_title or c.carried_from})"
              for c in rows}
    with st.form("update_commitment", clear_on_submit=True):
        st.subheader(_("Noter une nouvelle"))
        chosen = st.selectbox(_("Engagement"), list(labels), format_func=labels.get)
        current = next(c for c in rows if c.id == chosen)
        cols = st.columns(2)
        statuses = {key: status_label(key) for key in STATUSES}
        status = cols[0].selectbox(_("État"), list(statuses), format_func=statuses.get,
                                   index=list(statuses).index(current.status))
        progress = cols[1].slider(_("Avancement (%)"), 0, 100, current.progress, step=10)
        note = st.text_area(_("Ce qui s'est passé"), max_chars=1000)
        if st.form_submit_button(_("Enregistrer"), type="primary"):
            try:
                afterwards.note_news(ui.engine(), chosen, status, progress, note)
            except CommitmentRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash(_("Nouvelle enregistrée."))
                st.rerun()


def carry_over_section(event_id: int) -> None:
    others = afterwards.other_events(ui.engine(), event_id)
    if not others:
        return
    with st.expander(_("Reprendre les engagements d'un Partner Day précédent")):
        labels = {e.id: e.name for e in others}
        origin = st.selectbox(_("Événement"), list(labels), format_func=labels.get)
        if st.button(_("Reprendre ses engagements pour les revoir")):
            count = afterwards.carry_over(ui.engine(), origin, event_id)
            ui.flash(ngettext("{count} engagement repris de « {event} ».",
                              "{count} engagements repris de « {event} ».", count).format(
                count=count, event=labels[origin]) if count else
                _("Ces engagements sont déjà repris."))
            st.rerun()


def figures(view: YearView) -> None:
    cols = st.columns(5)
    cols[0].metric(_("Engagements"), sum(view.counts.values()))
    cols[1].metric(_("Faits"), view.counts[STATUSES["done"]])
    cols[2].metric(_("En cours"), view.counts[STATUSES["in_progress"]])
    cols[3].metric(_("En retard"), view.overdue)
    cols[4].metric(_("Sans nouvelles après un rappel"), len(view.unanswered))


def year_chart(view: YearView) -> None:
    frame = view.by_month.assign(mois=view.by_month["mois"].map(short_month),
                                 état=view.by_month["état"].map(_))
    chart = charts.commitments_by_month(frame, {key: status_label(key) for key in STATUSES})
    st.subheader(_("L'année, mois par mois"))
    st.caption(_("L'état des engagements à la fin de chaque mois, d'après les nouvelles "
                 "datées."))
    st.plotly_chart(chart, width="stretch")


def table_section(event_id: int, view: YearView) -> None:
    st.subheader(_("Les engagements, en retard d'abord"))
    table = view.table.assign(**{"état": view.table["état"].map(_),
                                 "en retard": view.table["en retard"].map(
                                     lambda late: _(late) if late else "")})
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        **{column: _(column) for column in TABLE_COLUMNS},
        "à la une": st.column_config.CheckboxColumn(_("à la une"),
                                                    help=_("En première page du rapport")),
        "avancement": st.column_config.ProgressColumn(
            _("avancement"), min_value=0, max_value=100, format="%d %%"),
        "pour quand": st.column_config.DateColumn(_("pour quand"), format="DD/MM/YYYY")},
                 placeholder=ui.NO_VALUE)
    labels = {i: f"{who or '?'} — {str(what)[:70]}" for i, who, what in
              zip(view.ids, view.table["qui"], view.table["quoi"])}
    current = [i for i, starred in zip(view.ids, view.table["à la une"]) if starred]
    with st.form("starred"):
        chosen = st.multiselect(_("À la une du rapport (sa première page)"), list(labels),
                                default=current, format_func=labels.get,
                                placeholder=_("Choisissez les engagements qui comptent le plus"))
        if st.form_submit_button(_("Mettre à la une")):
            count = afterwards.star(ui.engine(), event_id, set(chosen))
            ui.flash(ngettext("{count} engagement à la une du rapport.",
                              "{count} engagements à la une du rapport.", count).format(
                count=count))
            st.rerun()


def reminders_section(event_id: int, view: YearView, today: date) -> None:
    st.subheader(_("Rappels et points d'étape"))
    st.caption(_("Chaque personne qui s'est engagée (ou le contact de la structure qui porte "
                 "l'engagement) reçoit un rappel avant l'échéance et à chaque point d'étape, "
                 "avec son lien pour dire où elle en est ; à chaque point d'étape, tout le monde "
                 "reçoit où en sont les engagements. La commande `python -m partnerday "
                 "remind`, lancée chaque jour (voir le README), envoie ce qui est dû."))
    with st.form("followup_settings"):
        cols = st.columns(2)
        months = cols[0].multiselect(_("Points d'étape (mois après la journée)"),
                                     list(range(1, MAX_MONTHS + 1)), default=view.months,
                                     placeholder=_("Aucun"))
        days = cols[1].number_input(_("Rappel avant l'échéance (jours)"), 0, 60,
                                    view.reminder_days)
        if st.form_submit_button(_("Enregistrer")):
            try:
                afterwards.update_followup_settings(ui.engine(), event_id, months, int(days))
            except FollowUpSettingsRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash(_("Réglages du suivi enregistrés."))
                st.rerun()
    plan = view.plan
    reminders = sum(len(items) for items in plan.reminders.values())
    st.write(_("Aujourd'hui : **{reminders}** rappel(s) à envoyer à **{addresses}** "
               "adresse(s), **{digests}** point(s) d'étape.").format(
        reminders=reminders, addresses=len(plan.reminders), digests=len(plan.digests)))
    if homeless := len(plan.without_holder):
        st.warning(ngettext("{count} engagement sans adresse où rappeler : notez le contact de "
                            "la structure dans « Structures », ou l'adresse de la personne dans "
                            "« Participants ».",
                            "{count} engagements sans adresse où rappeler : notez le contact de "
                            "la structure dans « Structures », ou l'adresse de la personne dans "
                            "« Participants ».", homeless).format(count=homeless))
        st.dataframe([{_("qui"): c.who, _("quoi"): c.what} for c in plan.without_holder],
                     hide_index=True, width="stretch", placeholder=ui.NO_VALUE)
    if st.button(_("Envoyer maintenant ce qui est dû"), disabled=plan.is_empty,
                 icon=":material/send:"):
        send(event_id, today)
    if not view.unanswered.empty:
        st.caption(_("Sans nouvelles depuis leur dernier rappel"))
        st.dataframe(view.unanswered, hide_index=True, width="stretch",
                     column_config={"qui": _("qui"), "quoi": _("quoi"),
                                    "rappelé le": st.column_config.DateColumn(
                                        _("rappelé le"), format="DD/MM/YYYY")},
                     placeholder=ui.NO_VALUE)


def send(event_id: int, today: date, digest_when: str | None = None) -> None:
    bar = st.progress(0.0, _("Connexion au serveur d'envoi…"))
    try:
        summary = afterwards.send_follow_up(
            ui.engine(), event_id, ui.settings(), today, ui.account(), digest_when,
            on_progress=lambda done, total, email: bar.progress(done / total,
                                                                 f"{done} / {total}"))
    except (MailRefused, MailInterrupted) as stopped:
        ui.show_refusal(stopped)
        return
    ui.flash(_("{reminders} rappel(s) et {digests} point(s) d'étape envoyé(s).").format(
        reminders=summary.reminders, digests=summary.digests)
        + (" " + _("Refusé par le serveur : {addresses}.").format(
            addresses=", ".join(summary.failed)) if summary.failed else ""))
    st.rerun()


def digest_section(event_id: int, view: YearView, today: date) -> None:
    with st.expander(_("Le point d'étape, tel qu'il partirait aujourd'hui")):
        st.html(digest_html(view.digest))
        st.caption(_("Sans aucun nom de personne : chaque engagement y est porté par sa "
                     "structure."))
        if st.button(_("L'envoyer maintenant à tous les participant·e·s"),
                     icon=":material/send:"):
            send(event_id, today, digest_when=f"hand-{today.isoformat()}")


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Engagements"))
    ui.show_flash()
    today = date.today()
    view = afterwards.year_of_commitments(ui.engine(), event.id, today)
    rows = view.commitments
    if st.button(_("Reprendre les propositions des tablettes"), icon=":material/sync:",
                 help=_("Les engagements suivent chaque enregistrement des tablettes ; ceci "
                        "reprend aussi ceux écrits avant cette version, ou avant une "
                        "restauration.")):
        count = afterwards.resync_commitments(ui.engine(), event.id)
        ui.flash(ngettext("{count} engagement à jour.", "{count} engagements à jour.",
                          count).format(count=count))
        st.rerun()
    carry_over_section(event.id)
    if not rows:
        st.info(_("Aucun engagement pour l'instant : ils viennent des propositions des "
                  "groupes (« qui » et « quoi ») ou d'un Partner Day précédent."))
        return
    figures(view)
    year_chart(view)
    table_section(event.id, view)
    update_form(rows)
    reminders_section(event.id, view, today)
    digest_section(event.id, view, today)
    with st.expander(_("Historique des nouvelles")):
        for c in rows:
            for update in reversed(c.updates):
                said = status_label(update["status"]) if update["status"] in STATUSES else ""
                st.markdown(f"**{ui.plain(c.who or '?')}** · {ui.plain(update['at'][:16])} · "
                            f"{said} {update['progress']} % · "
                            f"{ui.plain(update['note'])} *({ui.plain(update['by'])})*")


if __name__ == "__main__":
    ui.hand_over_to_app()
