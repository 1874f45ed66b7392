"""Organisers: every commitment of the day, its status, progress and dated updates; last
year's commitments carried over for review."""

import plotly.express as px
import streamlit as st

from partnerday import ui
from partnerday.commitments import STATUSES, CommitmentRefused, carry_over, commitments_frame, \
    list_commitments, sync_commitments, update_commitment
from partnerday.db import session_scope
from partnerday.events import list_events


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
                with session_scope(ui.engine()) as session:
                    update_commitment(session, chosen, status, progress, note, "organisation")
            except CommitmentRefused as refused:
                ui.show_refusal(refused)
            else:
                ui.flash("Nouvelle enregistrée.")
                st.rerun()


def carry_over_section(event_id: int) -> None:
    with session_scope(ui.engine()) as session:
        others = [e for e in list_events(session) if e.id != event_id]
    if not others:
        return
    with st.expander("Reprendre les engagements d'un Partner Day précédent"):
        labels = {e.id: e.name for e in others}
        origin = st.selectbox("Événement", list(labels), format_func=labels.get)
        if st.button("Reprendre ses engagements pour les revoir"):
            with session_scope(ui.engine()) as session:
                count = carry_over(session, origin, event_id)
            ui.flash(f"{count} engagement(s) repris de « {labels[origin]} »." if count else
                     "Ces engagements sont déjà repris.")
            st.rerun()


def render() -> None:
    event = ui.require_current_event()
    st.title("Engagements")
    ui.show_flash()
    with session_scope(ui.engine()) as session:
        rows = list_commitments(session, event.id)
    if st.button("Reprendre les propositions des tablettes", icon=":material/sync:",
                 help="Les engagements suivent chaque enregistrement des tablettes ; ceci "
                      "reprend aussi ceux écrits avant cette version, ou avant une "
                      "restauration."):
        with session_scope(ui.engine()) as session:
            count = sync_commitments(session, event.id)
        ui.flash(f"{count} engagement(s) à jour.")
        st.rerun()
    carry_over_section(event.id)
    if not rows:
        st.info("Aucun engagement pour l'instant : ils viennent des propositions des groupes "
                "(« qui » et « quoi ») ou d'un Partner Day précédent.")
        return
    frame = commitments_frame(rows)
    counts = frame["état"].value_counts().reindex(list(STATUSES.values()), fill_value=0)
    chart = px.bar(x=counts.values, y=counts.index, orientation="h", height=220,
                   labels={"x": "engagements", "y": ""}, color=counts.index,
                   color_discrete_sequence=["#9aa5b1", "#f0b429", "#0b6e4f", "#cf1124"])
    chart.update_layout(showlegend=False, margin=dict(l=0, r=0, t=10, b=0))
    st.plotly_chart(chart, width="stretch")
    status_filter = st.pills("Afficher", list(STATUSES.values()), selection_mode="multi",
                             default=list(STATUSES.values()))
    shown = frame[frame["état"].isin(status_filter)] if status_filter else frame
    st.dataframe(shown.drop(columns="id"), hide_index=True, width="stretch",
                 column_config={"avancement": st.column_config.ProgressColumn(
                     "avancement", min_value=0, max_value=100, format="%d %%")})
    update_form(rows)
    with st.expander("Historique des nouvelles"):
        for c in rows:
            for update in reversed(c.updates):
                st.markdown(f"**{ui.plain(c.who or '?')}** · {ui.plain(update['at'][:16])} · "
                            f"{STATUSES.get(update['status'], '')} {update['progress']} % · "
                            f"{ui.plain(update['note'])} *({ui.plain(update['by'])})*")


if __name__ == "__main__":
    ui.hand_over_to_app()
