"""Organisers: every commitment of the day and the year that follows: late ones first, status
month by month, the ones on the report's first page, the reminders and digests (what goes
next, sent by hand too), who has not answered; last year's carried over for review."""

from datetime import date

import streamlit as st

from partnerday import charts, ui
from partnerday.commitments import STATUSES, CommitmentRefused
from partnerday.digest import digest_html
from partnerday.followup import MAX_MONTHS, FollowUpSettingsRefused, YearView, month_fr
from partnerday.mailing import MailInterrupted, MailRefused
from partnerday.services import afterwards

def update_form(rows) -> None:
    labels = {c.id: f"{c.who or '?'} — {c.what[:60]} ({c.case_title or c.carried_from})"
              for c in rows}
    with st.form("update_commitment", clear_on_submit=True):
        st.subheader("Noter une nouvelle")
        chosen = st.selectbox("Engagement", list(labels), format_func=labels.get)
        current = next(c for c in rows if c.id == chosen)
        cols = st.columns(2)
        status = cols[0].selectbox("État", list(STATUSES), format_func=STATUSES.get,
                                   index=list(STATUSES).index(current.status))
        progress = cols[1].slider("Avancement (%)", 0, 100, current.progress, step=10)
        note = st.text_area("Ce qui s'est passé", max_chars=1000)
        if st.form_submit_button("Enregistrer", type="primary"):
            try:
                afterwards.note_news(ui.engine(), chosen, status, progress, note)
            except CommitmentRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash("Nouvelle enregistrée.")
                st.rerun()


def carry_over_section(event_id: int) -> None:
    others = afterwards.other_events(ui.engine(), event_id)
    if not others:
        return
    with st.expander("Reprendre les engagements d'un Partner Day précédent"):
        labels = {e.id: e.name for e in others}
        origin = st.selectbox("Événement", list(labels), format_func=labels.get)
        if st.button("Reprendre ses engagements pour les revoir"):
            count = afterwards.carry_over(ui.engine(), origin, event_id)
            ui.flash(f"{count} engagement(s) repris de « {labels[origin]} »." if count else
                     "Ces engagements sont déjà repris.")
            st.rerun()


def figures(view: YearView) -> None:
    cols = st.columns(5)
    cols[0].metric("Engagements", sum(view.counts.values()))
    cols[1].metric("Faits", view.counts[STATUSES["done"]])
    cols[2].metric("En cours", view.counts[STATUSES["in_progress"]])
    cols[3].metric("En retard", view.overdue)
    cols[4].metric("Sans nouvelles après un rappel", len(view.unanswered))


def year_chart(view: YearView) -> None:
    frame = view.by_month.assign(mois=view.by_month["mois"].map(month_fr))
    chart = charts.commitments_by_month(frame, STATUSES)
    st.subheader("L'année, mois par mois")
    st.caption("L'état des engagements à la fin de chaque mois, d'après les nouvelles datées.")
    st.plotly_chart(chart, width="stretch")


def table_section(event_id: int, view: YearView) -> None:
    st.subheader("Les engagements, en retard d'abord")
    st.dataframe(view.table, hide_index=True, width="stretch", column_config={
        "à la une": st.column_config.CheckboxColumn("à la une",
                                                    help="En première page du rapport"),
        "avancement": st.column_config.ProgressColumn(
            "avancement", min_value=0, max_value=100, format="%d %%"),
        "pour quand": st.column_config.DateColumn("pour quand", format="DD/MM/YYYY")})
    labels = {i: f"{who or '?'} — {str(what)[:70]}" for i, who, what in
              zip(view.ids, view.table["qui"], view.table["quoi"])}
    current = [i for i, starred in zip(view.ids, view.table["à la une"]) if starred]
    with st.form("starred"):
        chosen = st.multiselect("À la une du rapport (sa première page)", list(labels),
                                default=current, format_func=labels.get,
                                placeholder="Choisissez les engagements qui comptent le plus")
        if st.form_submit_button("Mettre à la une"):
            count = afterwards.star(ui.engine(), event_id, set(chosen))
            ui.flash(f"{count} engagement(s) à la une du rapport.")
            st.rerun()


def reminders_section(event_id: int, view: YearView, today: date) -> None:
    st.subheader("Rappels et points d'étape")
    st.caption("Chaque personne qui s'est engagée (ou le contact de la structure qui porte "
               "l'engagement) reçoit un rappel avant l'échéance et à chaque point d'étape, avec "
               "son lien pour dire où elle en est ; à chaque point d'étape, tout le monde reçoit "
               "où en sont les engagements. La commande `python -m partnerday remind`, lancée "
               "chaque jour (voir le README), envoie ce qui est dû.")
    with st.form("followup_settings"):
        cols = st.columns(2)
        months = cols[0].multiselect("Points d'étape (mois après la journée)",
                                     list(range(1, MAX_MONTHS + 1)), default=view.months,
                                     placeholder="Aucun")
        days = cols[1].number_input("Rappel avant l'échéance (jours)", 0, 60,
                                    view.reminder_days)
        if st.form_submit_button("Enregistrer"):
            try:
                afterwards.update_followup_settings(ui.engine(), event_id, months, int(days))
            except FollowUpSettingsRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash("Réglages du suivi enregistrés.")
                st.rerun()
    plan = view.plan
    reminders = sum(len(items) for items in plan.reminders.values())
    st.write(f"Aujourd'hui : **{reminders}** rappel(s) à envoyer à **{len(plan.reminders)}** "
             f"adresse(s), **{len(plan.digests)}** point(s) d'étape.")
    if plan.without_holder:
        st.warning(f"{len(plan.without_holder)} engagement(s) sans adresse où rappeler : "
                   "notez le contact de la structure dans « Structures », ou l'adresse de la "
                   "personne dans « Participants ».")
        st.dataframe([{"qui": c.who, "quoi": c.what} for c in plan.without_holder],
                     hide_index=True, width="stretch")
    if st.button("Envoyer maintenant ce qui est dû", disabled=plan.is_empty,
                 icon=":material/send:"):
        send(event_id, today)
    if not view.unanswered.empty:
        st.caption("Sans nouvelles depuis leur dernier rappel")
        st.dataframe(view.unanswered, hide_index=True, width="stretch",
                     column_config={"rappelé le": st.column_config.DateColumn(
                         "rappelé le", format="DD/MM/YYYY")})


def send(event_id: int, today: date, digest_when: str | None = None) -> None:
    bar = st.progress(0.0, "Connexion au serveur d'envoi…")
    try:
        summary = afterwards.send_follow_up(
            ui.engine(), event_id, ui.settings(), today, ui.account(), digest_when,
            on_progress=lambda done, total, email: bar.progress(done / total,
                                                                 f"{done} / {total}"))
    except (MailRefused, MailInterrupted) as stopped:
        ui.show_refusal(stopped)
        return
    ui.flash(f"{summary.reminders} rappel(s) et {summary.digests} point(s) d'étape envoyé(s)."
             + (f" Refusé par le serveur : {', '.join(summary.failed)}." if summary.failed
                else ""))
    st.rerun()


def digest_section(event_id: int, view: YearView, today: date) -> None:
    with st.expander("Le point d'étape, tel qu'il partirait aujourd'hui"):
        st.html(digest_html(view.digest))
        st.caption("Sans aucun nom de personne : chaque engagement y est porté par sa "
                   "structure.")
        if st.button("L'envoyer maintenant à tous les participant·e·s", icon=":material/send:"):
            send(event_id, today, digest_when=f"hand-{today.isoformat()}")


def render() -> None:
    event = ui.require_current_event()
    st.title("Engagements")
    ui.show_flash()
    today = date.today()
    view = afterwards.year_of_commitments(ui.engine(), event.id, today)
    rows = view.commitments
    if st.button("Reprendre les propositions des tablettes", icon=":material/sync:",
                 help="Les engagements suivent chaque enregistrement des tablettes ; ceci "
                      "reprend aussi ceux écrits avant cette version, ou avant une "
                      "restauration."):
        count = afterwards.resync_commitments(ui.engine(), event.id)
        ui.flash(f"{count} engagement(s) à jour.")
        st.rerun()
    carry_over_section(event.id)
    if not rows:
        st.info("Aucun engagement pour l'instant : ils viennent des propositions des groupes "
                "(« qui » et « quoi ») ou d'un Partner Day précédent.")
        return
    figures(view)
    year_chart(view)
    table_section(event.id, view)
    update_form(rows)
    reminders_section(event.id, view, today)
    digest_section(event.id, view, today)
    with st.expander("Historique des nouvelles"):
        for c in rows:
            for update in reversed(c.updates):
                st.markdown(f"**{ui.plain(c.who or '?')}** · {ui.plain(update['at'][:16])} · "
                            f"{STATUSES.get(update['status'], '')} {update['progress']} % · "
                            f"{ui.plain(update['note'])} *({ui.plain(update['by'])})*")


if __name__ == "__main__":
    ui.hand_over_to_app()
