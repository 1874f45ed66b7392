"""Walk-ins: the entrance poster's QR (`?w=TOKEN`) lets someone not registered sign up and
get their own personal page."""

import streamlit as st
from partnerday import i18n, ui
from partnerday.i18n import N_, _, said
from partnerday.arrival import ArrivalRefused
from partnerday.models import Event
from partnerday.services import people
from partnerday.names import MAX_FIRST_NAME, MAX_LAST_NAME
from partnerday.registration import MAX_NAME_LENGTH

ROLES = {"travailleur": N_("Travailleur·euse d'une structure"), "usager": N_("Usager·ère"),
         "animateur": N_("Animateur·rice")}
OTHER = N_("Autre structure…")  # the choice's value, shown in the page's language


def render() -> None:
    event = ui.record_from_link("w", "walk-in")
    if event is None:
        return
    organisations = people.organisation_names(ui.engine(), event.id)
    st.title(_("Inscription sur place"))  # in `ui.visitor_language()`, set by app.py
    st.caption(ui.plain(event.name) + " · [" + _("accessibilité") + "]("
               + i18n.with_language(f"?a={event.uid}") + ")")
    ui.language_choice(ui.VISITOR_LANGUAGE)
    if not event.checkin_open:
        st.info(_("L'inscription sur place ouvre avec l'accueil : adressez-vous à l'équipe à "
                  "l'entrée."))
        return
    problems = st.session_state.get(PROBLEMS, {})
    with st.form("walk_in"):
        st.text_input(_("Prénom"), max_chars=MAX_FIRST_NAME, key="wi_first")
        field_problem(problems, "first_name")
        st.text_input(_("Nom de famille (facultatif)"), max_chars=MAX_LAST_NAME, key="wi_last")
        st.caption(_("Les écrans de la salle n'affichent que votre prénom ; votre nom de "
                     "famille n'est vu que par l'équipe organisatrice.")
                   + " [" + _("Vos données") + "](" + i18n.with_language(f"?d={event.uid}")
                   + ")")
        st.selectbox(_("Structure"), [*organisations, OTHER], index=None, key="wi_choice",
                     format_func=lambda o: _(OTHER) if o == OTHER else o,
                     placeholder=_("Choisissez votre structure"))
        st.text_input(_("Si « autre » : nom de votre structure"), max_chars=MAX_NAME_LENGTH,
                      key="wi_other")
        field_problem(problems, "organisation")
        st.radio(_("Vous êtes"), list(ROLES), format_func=lambda r: _(ROLES[r]), key="wi_role")
        field_problem(problems, "role")
        st.text_input(_("E-mail (facultatif, pour recevoir le compte-rendu)"), key="wi_email")
        field_problem(problems, "email")
        st.form_submit_button(_("M'inscrire"), type="primary", width="stretch",
                              on_click=sign_up, args=(event,))
    if refusal := st.session_state.pop(REFUSAL, None):
        ui.show_refusal(refusal)  # said now: the form's callback runs before the page's language
    if token := st.session_state.pop(SIGNED_UP, None):
        st.query_params.clear()
        st.query_params["p"] = token
        st.rerun()


PROBLEMS, REFUSAL, SIGNED_UP = "walk_in_problems", "walk_in_refusal", "walk_in_token"


def field_problem(problems: dict[str, str], field: str) -> None:
    """What is wrong with a field, right under it (what was typed stays)."""
    if field in problems:
        problem = said(problems[field])
        st.error(ui.plain(problem[0].upper() + problem[1:] + "."))


def sign_up(event: Event) -> None:
    """Runs before the form is drawn again, so that each problem shows under its field."""
    state = st.session_state
    choice = state.get("wi_choice")
    organisation = state.get("wi_other", "") if choice in (None, OTHER) else choice
    try:
        state[SIGNED_UP] = people.walk_in(
            ui.engine(), event, state.get("wi_first", ""), organisation,
            state.get("wi_role", ""), state.get("wi_email", ""), state.get("wi_last", ""),
            ui.visitor_language())
        state[PROBLEMS] = {}
    except ArrivalRefused as exc:
        state[PROBLEMS] = exc.params.get("fields", {})
        if not state[PROBLEMS]:
            state[REFUSAL] = exc


if __name__ == "__main__":
    ui.hand_over_to_app()
