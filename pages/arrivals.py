"""Organisers: the arrivals desk. Who has arrived, check someone in by hand, move a person to
another table, undo a check-in, open the doors. In the account's language (a desk's
volunteers may read Dutch or English)."""

import pandas as pd
import streamlit as st

from partnerday import charts, ui
from partnerday.arrival import ArrivalRefused, arrivals_by_organisation, arrivals_over_time, \
    not_arrived
from partnerday.i18n import _, ngettext
from partnerday.models import Event
from partnerday.services import day


def doors(event: Event) -> None:
    cols = st.columns([2, 1, 1])
    cols[0].markdown("**" + (
        _("Accueil ouvert : les téléphones s'enregistrent en ouvrant leur page.")
        if event.checkin_open else
        _("Accueil fermé : ouvrir une page personnelle n'enregistre pas encore l'arrivée."))
        + "**")
    if cols[1].button(_("Fermer l'accueil") if event.checkin_open else _("Ouvrir l'accueil"),
                      type="secondary" if event.checkin_open else "primary"):
        day.set_doors(ui.engine(), event.id, not event.checkin_open)
        st.rerun()
    if not ui.is_organiser():  # the desk's accounts check people in; organisers lay tables
        return
    with cols[2].popover(_("Tables")):
        laid = len(day.tables_laid(ui.engine(), event.id))
        st.write(ngettext("{count} table dressée, {seats} places au plus.",
                          "{count} tables dressées, {seats} places au plus.", laid).format(
            count=laid, seats=event.table_max))
        count = st.number_input(_("Nombre de tables"), 1, 200, max(laid, 1))
        if st.button(_("Dresser les tables")):
            day.lay_tables(ui.engine(), event.id, int(count))
            st.rerun()


@st.fragment(run_every="5s")
@ui.live
def live_figures(event_id: int, expected: int) -> None:
    frame = day.arrivals(ui.engine(), event_id)
    arrived = int(frame["checked_in_at"].notna().sum())
    cols = st.columns(3)
    cols[0].metric(_("Arrivé·e·s"), arrived)
    cols[1].metric(_("Attendu·e·s"), expected or len(frame))
    cols[2].metric(_("Inscrit·e·s"), len(frame))
    left, right = st.columns(2)
    timeline = arrivals_over_time(frame)
    if not timeline.empty:
        left.plotly_chart(charts.arrivals(timeline), width="stretch")
    right.dataframe(arrivals_by_organisation(frame).rename(
        columns={"organisation": _("Structure"), "inscrits": _("Inscrit·e·s"),
                 "arrives": _("Arrivé·e·s")}), hide_index=True, width="stretch", height=260,
                    placeholder=ui.NO_VALUE)


def desk(event_id: int) -> None:
    frame = day.arrivals(ui.engine(), event_id)
    tables = day.tables_laid(ui.engine(), event_id)
    at_table = _("table {number}")
    labels = {row.id: f"{row.name} ({row.organisation})"
              + (" · " + at_table.format(number=row.table) if pd.notna(row.table) else "")
              for row in frame.itertuples()}
    person = st.selectbox(_("Personne"), list(labels), format_func=labels.get, index=None,
                          key="desk", placeholder=_("Tapez un nom…"))
    if person is None:
        return
    already_seated = not pd.isna(frame.loc[frame["id"] == person, "table"].iloc[0])
    cols = st.columns(3)
    try:
        if cols[0].button(_("Enregistrer l'arrivée"), disabled=already_seated, type="primary"):
            seat = day.check_in(ui.engine(), person)
            ui.flash(_("Arrivée enregistrée : table {number}.").format(number=seat.table_number))
            st.rerun()
        target = cols[1].selectbox(_("Déplacer vers la table"), tables, index=None,
                                   placeholder=_("Table…"), label_visibility="collapsed")
        if target is not None and cols[1].button(
                _("Déplacer à la table {number}").format(number=target)):
            day.move_to_table(ui.engine(), person, target)
            ui.flash(_("Déplacé·e à la table {number}.").format(number=target))
            st.rerun()
        if cols[2].button(_("Annuler l'arrivée")):
            day.undo_check_in(ui.engine(), person)
            ui.flash(_("Arrivée annulée."))
            st.rerun()
    except ArrivalRefused as exc:
        ui.show_refusal(exc)


def walk_ins(event_id: int) -> None:
    """Walk-ins are seated at once; the desk then confirms them (their address receives the
    report, their organisation shows in the directory only then)."""
    waiting = day.walk_ins_to_confirm(ui.engine(), event_id)
    if not waiting:
        return
    st.subheader(_("Inscrit·e·s sur place à confirmer ({count})").format(count=len(waiting)))
    labels = {pid: f"{name} ({organisation})" + (f" · {email}" if email else "")
              for pid, name, organisation, email in waiting}
    chosen = st.multiselect(_("Personnes vues au guichet"), list(labels),
                            format_func=labels.get,
                            placeholder=_("Choisissez les personnes à confirmer"))
    if st.button(_("Confirmer ({count})").format(count=len(chosen)), disabled=not chosen):
        count = day.confirm_walk_ins(ui.engine(), event_id, chosen)
        ui.flash(ngettext("{count} inscription sur place confirmée.",
                          "{count} inscriptions sur place confirmées.", count).format(count=count))
        st.rerun()


def still_expected(event_id: int) -> None:
    """Who has not arrived yet, searchable: to call an organisation, or to spot a badge
    forgotten at the desk."""
    frame = day.arrivals(ui.engine(), event_id)
    with st.expander(_("Pas encore arrivé·e·s ({count})").format(
            count=int(frame["checked_in_at"].isna().sum()))):
        query = st.text_input(_("Chercher un nom ou une structure"), key="missing_query")
        missing = not_arrived(frame, query)
        found = ngettext("{count} personne", "{count} personnes", len(missing)).format(
            count=len(missing))
        st.caption(found + (" " + _("pour cette recherche") if query else ""))
        st.dataframe(missing, hide_index=True, width="stretch", placeholder=ui.NO_VALUE)


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Arrivées"))
    ui.show_flash()
    doors(event)
    live_figures(event.id, event.expected_attendance)
    st.subheader(_("Au guichet"))
    desk(event.id)
    walk_ins(event.id)
    still_expected(event.id)


if __name__ == "__main__":
    ui.hand_over_to_app()
