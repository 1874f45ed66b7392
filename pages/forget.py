"""A shared phone or tablet: « Ce n'est pas moi » on a phone page leads here (`?f=1`), and
the device forgets the personal page it remembered, so that the next person who scans the
projected QR does not land on someone else's page; said in the phone page's language (`&l=`)."""

import streamlit as st

from partnerday import ui
from partnerday.i18n import _
from pages.phone import TOKEN_COOKIE

FORGET = ("<script>document.cookie='" + TOKEN_COOKIE + "=;path=/;max-age=0;SameSite=Lax';"
          "</script>")


def render() -> None:
    st.html(FORGET, unsafe_allow_javascript=True)  # in `ui.visitor_language()`, set by app.py
    st.title(_("Ce téléphone a oublié la page"))
    st.info(_("Pour ouvrir votre propre page, scannez le QR code de votre badge. Pas de "
              "badge ? Adressez-vous à l'accueil."))


if __name__ == "__main__":
    ui.hand_over_to_app()
