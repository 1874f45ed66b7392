"""Walk-ins: the entrance poster's QR (`?w=TOKEN`) lets someone not registered sign up and
get their own personal page."""

import streamlit as st
from partnerday import ui
from partnerday.arrival import ArrivalRefused, check_in, register_walk_in
from partnerday.db import session_scope
from partnerday.models import Event
from partnerday.organisations import list_organisations
from partnerday.names import MAX_FIRST_NAME, MAX_LAST_NAME
from partnerday.registration import MAX_NAME_LENGTH

ROLES = {"travailleur": "Travailleur·euse d'une structure", "usager": "Usager·ère",
         "animateur": "Animateur·rice"}
OTHER = "Autre structure…"


def render() -> None:
    event = ui.record_from_link("w", Event.walkin_token, "d'inscription")
    if event is None:
        return
    with session_scope(ui.engine()) as session:
        organisations = [o.name for o in list_organisations(session, event.id)]
    st.title("Inscription sur place")
    st.caption(ui.plain(event.name))
    if not event.checkin_open:
        st.info("L'inscription sur place ouvre avec l'accueil : adressez-vous à l'équipe à "
                "l'entrée.")
        return
    with st.form("walk_in"):
        first_name = st.text_input("Prénom", max_chars=MAX_FIRST_NAME)
        last_name = st.text_input("Nom de famille (facultatif)", max_chars=MAX_LAST_NAME)
        st.caption("Les écrans de la salle n'affichent que votre prénom ; votre nom de famille "
                   f"n'est vu que par l'équipe organisatrice. [Vos données](?d={event.uid})")
        choice = st.selectbox("Structure", [*organisations, OTHER], index=None,
                              placeholder="Choisissez votre structure")
        other = st.text_input("Si « autre » : nom de votre structure", max_chars=MAX_NAME_LENGTH)
        role = st.radio("Vous êtes", list(ROLES), format_func=ROLES.get)
        email = st.text_input("E-mail (facultatif, pour recevoir le compte-rendu)")
        submitted = st.form_submit_button("M'inscrire", type="primary", width="stretch")
    if not submitted:
        return
    organisation = other if choice in (None, OTHER) else choice
    try:
        with session_scope(ui.engine()) as session:
            person = register_walk_in(session, session.merge(event), first_name, organisation,
                                      role, email, last_name)
            check_in(session, person.id)  # the room must keep moving: seated at once
            new_token = person.token
    except ArrivalRefused as exc:
        ui.show_refusal(exc)
        return
    st.query_params.clear()
    st.query_params["p"] = new_token
    st.rerun()


if __name__ == "__main__":
    ui.hand_over_to_app()
