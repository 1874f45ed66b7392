"""A participant's own page, opened from the QR code on their badge (`?p=TOKEN`): opening it
on the day checks them in and shows their breakfast table, later their group."""

import html

import streamlit as st

from partnerday import ui
from partnerday.arrival import check_in
from partnerday.db import session_scope
from partnerday.models import Event, Organisation, WorkGroup
from partnerday.participants import find_by_token
from partnerday.tokens import is_well_formed

BIG = """<div style="text-align:center;border:2px solid #0b6e4f;border-radius:14px;
padding:0.6rem 0.4rem;margin:0.6rem 0;"><div style="font-size:1.05rem;">{label}</div>
<div style="font-size:3.4rem;font-weight:700;color:#0b6e4f;line-height:1.1;">{value}</div></div>"""


def big_box(label: str, value: object) -> None:
    st.html(BIG.format(label=html.escape(label), value=html.escape(str(value))))


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
        if not event.is_current:
            st.title("Lien d'un autre événement")
            st.info(f"Ce badge était pour « {ui.plain(event.name)} », qui n'est pas l'événement "
                    "en cours. Adressez-vous à l'accueil pour recevoir votre nouveau badge.")
            return
        seat = check_in(session, person.id) if event.checkin_open else None
        organisation = session.get(Organisation, person.organisation_id)
        group = session.get(WorkGroup, person.group_id) if person.group_id else None

    st.title(f"Bonjour {ui.plain(person.first_name)}\u00a0!")
    st.caption(ui.plain(f"{event.name} · {organisation.name}"))
    if seat is None:
        st.info("L'accueil n'est pas encore ouvert : votre table du petit déjeuner vous sera "
                "donnée quand vous scannerez votre badge à l'arrivée.")
    else:
        if seat.newly_checked_in:
            st.success("Bienvenue : votre arrivée est enregistrée.")
        big_box("Votre table du petit déjeuner", seat.table_number)
    if group is not None:
        big_box("Votre groupe de travail", group.name or group.number)


if __name__ == "__main__":
    ui.hand_over_to_app()
