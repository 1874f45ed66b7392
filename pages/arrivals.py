"""Organisers: the arrivals desk. Who has arrived, check someone in by hand, move a person to
another table, undo a check-in, open the doors."""

import pandas as pd
import streamlit as st

from partnerday import charts, ui
from partnerday.arrival import ArrivalRefused, arrivals_by_organisation, arrivals_over_time, \
    not_arrived
from partnerday.models import Event
from partnerday.services import day


def doors(event: Event) -> None:
    cols = st.columns([2, 1, 1])
    state = "ouvert : les téléphones s'enregistrent en ouvrant leur page" if event.checkin_open \
        else "fermé : ouvrir une page personnelle n'enregistre pas encore l'arrivée"
    cols[0].markdown(f"**Accueil {state}.**")
    if cols[1].button("Fermer l'accueil" if event.checkin_open else "Ouvrir l'accueil",
                      type="secondary" if event.checkin_open else "primary"):
        day.set_doors(ui.engine(), event.id, not event.checkin_open)
        st.rerun()
    if not ui.is_organiser():  # the desk's accounts check people in; organisers lay tables
        return
    with cols[2].popover("Tables"):
        laid = len(day.tables_laid(ui.engine(), event.id))
        st.write(f"{laid} table(s) dressée(s), {event.table_max} places au plus.")
        count = st.number_input("Nombre de tables", 1, 200, max(laid, 1))
        if st.button("Dresser les tables"):
            day.lay_tables(ui.engine(), event.id, int(count))
            st.rerun()


@st.fragment(run_every="5s")
@ui.live
def live_figures(event_id: int, expected: int) -> None:
    frame = day.arrivals(ui.engine(), event_id)
    arrived = int(frame["checked_in_at"].notna().sum())
    cols = st.columns(3)
    cols[0].metric("Arrivé·e·s", arrived)
    cols[1].metric("Attendu·e·s", expected or len(frame))
    cols[2].metric("Inscrit·e·s", len(frame))
    left, right = st.columns(2)
    timeline = arrivals_over_time(frame)
    if not timeline.empty:
        left.plotly_chart(charts.arrivals(timeline), width="stretch")
    right.dataframe(arrivals_by_organisation(frame).rename(
        columns={"organisation": "Structure", "inscrits": "Inscrit·e·s",
                 "arrives": "Arrivé·e·s"}), hide_index=True, width="stretch", height=260)


def desk(event_id: int) -> None:
    frame = day.arrivals(ui.engine(), event_id)
    tables = day.tables_laid(ui.engine(), event_id)
    labels = {row.id: f"{row.name} ({row.organisation})"
              + (f" · table {row.table}" if row.table is not None else "")
              for row in frame.itertuples()}
    person = st.selectbox("Personne", list(labels), format_func=labels.get, index=None, key="desk",
                          placeholder="Tapez un nom…")
    if person is None:
        return
    already_seated = not pd.isna(frame.loc[frame["id"] == person, "table"].iloc[0])
    cols = st.columns(3)
    try:
        if cols[0].button("Enregistrer l'arrivée", disabled=already_seated, type="primary"):
            seat = day.check_in(ui.engine(), person)
            ui.flash(f"Arrivée enregistrée : table {seat.table_number}.")
            st.rerun()
        target = cols[1].selectbox("Déplacer vers la table", tables, index=None,
                                   placeholder="Table…", label_visibility="collapsed")
        if target is not None and cols[1].button(f"Déplacer à la table {target}"):
            day.move_to_table(ui.engine(), person, target)
            ui.flash(f"Déplacé·e à la table {target}.")
            st.rerun()
        if cols[2].button("Annuler l'arrivée"):
            day.undo_check_in(ui.engine(), person)
            ui.flash("Arrivée annulée.")
            st.rerun()
    except ArrivalRefused as exc:
        ui.show_refusal(exc)


def walk_ins(event_id: int) -> None:
    """Walk-ins are seated at once; the desk then confirms them (their address receives the
    report, their organisation shows in the directory only then)."""
    waiting = day.walk_ins_to_confirm(ui.engine(), event_id)
    if not waiting:
        return
    st.subheader(f"Inscrit·e·s sur place à confirmer ({len(waiting)})")
    labels = {pid: f"{name} ({organisation})" + (f" · {email}" if email else "")
              for pid, name, organisation, email in waiting}
    chosen = st.multiselect("Personnes vues au guichet", list(labels), format_func=labels.get,
                            placeholder="Choisissez les personnes à confirmer")
    if st.button(f"Confirmer ({len(chosen)})", disabled=not chosen):
        count = day.confirm_walk_ins(ui.engine(), event_id, chosen)
        ui.flash(f"{count} inscription(s) sur place confirmée(s).")
        st.rerun()


def still_expected(event_id: int) -> None:
    """Who has not arrived yet, searchable: to call an organisation, or to spot a badge
    forgotten at the desk."""
    frame = day.arrivals(ui.engine(), event_id)
    with st.expander(f"Pas encore arrivé·e·s ({int(frame['checked_in_at'].isna().sum())})"):
        query = st.text_input("Chercher un nom ou une structure", key="missing_query")
        missing = not_arrived(frame, query)
        st.caption(f"{len(missing)} personne(s)" + (" pour cette recherche" if query else ""))
        st.dataframe(missing, hide_index=True, width="stretch")


def render() -> None:
    event = ui.require_current_event()
    st.title("Arrivées")
    ui.show_flash()
    doors(event)
    live_figures(event.id, event.expected_attendance)
    st.subheader("Au guichet")
    desk(event.id)
    walk_ins(event.id)
    still_expected(event.id)


if __name__ == "__main__":
    ui.hand_over_to_app()
