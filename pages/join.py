"""The QR projected beside a live question (`?j=TOKEN`, the same for everyone): it brings a
phone back to its own page, which it remembers; other phones are told how to get theirs."""

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _
from partnerday.services import people
from partnerday.tokens import is_well_formed
from pages.phone import TOKEN_COOKIE


def remembered_token(event_id: int) -> str | None:
    token = st.context.cookies.get(TOKEN_COOKIE)
    if not is_well_formed(token):
        return None
    return people.own_page_of(ui.engine(), token, event_id)


def render() -> None:
    event = ui.record_from_link("j", "join")
    if event is None:
        return
    token = remembered_token(event.id)
    if token:
        st.query_params.clear()
        st.query_params["p"] = token
        st.rerun()
    st.title(_("Pour voter"))
    st.info(_("Scannez le QR code de votre badge : il ouvre votre page personnelle, où se "
              "trouvent les questions. Ce téléphone s'en souviendra ensuite. Pas de badge ? "
              "Adressez-vous à l'accueil."))
    st.caption("[" + _("Accessibilité de l'application") + "]("
               + i18n.with_language(f"?a={event.uid}") + ")")


if __name__ == "__main__":
    ui.hand_over_to_app()
