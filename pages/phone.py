"""A participant's own page, opened from the QR code on their badge (`?p=TOKEN`)."""

import streamlit as st

from partnerday import ui
from partnerday.db import session_scope
from partnerday.models import BreakfastTable, Event, Organisation, WorkGroup
from partnerday.participants import find_by_token
from partnerday.tokens import is_well_formed


def render() -> None:
    token = ui.query_token("p")
    if not is_well_formed(token):
        ui.invalid_link_page()
        return
    with session_scope(ui.engine()) as session:
        person = find_by_token(session, token)
        if person is None:
            ui.invalid_link_page()
            return
        event = session.get(Event, person.event_id)
        organisation = session.get(Organisation, person.organisation_id)
        table = session.get(BreakfastTable, person.table_id) if person.table_id else None
        group = session.get(WorkGroup, person.group_id) if person.group_id else None
    if not event.is_current:
        st.title("Lien d'un autre événement")
        st.info(f"Ce badge était pour « {event.name} », qui n'est pas l'événement en cours. "
                "Adressez-vous à l'accueil pour recevoir votre nouveau badge.")
        return
    st.title(f"Bonjour {ui.plain(person.first_name)}\u00a0!")
    st.caption(ui.plain(f"{event.name} · {organisation.name}"))
    table_number = table.number if table else person.planned_table
    if table_number:
        st.header(f"Table du petit déjeuner : {table_number}")
    else:
        st.info("Votre table du petit déjeuner vous sera indiquée à votre arrivée.")
    if group is not None:
        st.header(f"Groupe de travail : {ui.plain(group.name or group.number)}")


if __name__ == "__main__":
    ui.hand_over_to_app()
