"""Landing page: for organisers the way in, for a lost participant the way to their page."""

import streamlit as st

from partnerday import formats, ui
from partnerday.i18n import _


def render() -> None:
    event = ui.the_current_event()
    st.title("Partner Day")
    if event is not None:
        where = " · ".join(x for x in (formats.day(event.day), event.place) if x)
        st.markdown(f"**{ui.plain(event.name)}**" + (f"  \n{ui.plain(where)}" if where else ""))
    st.info(_("Participant·e ? Scannez le QR code de votre badge (ou l'affiche de l'accueil) : "
              "il ouvre votre page personnelle."))
    who = ui.account()
    if who is not None:
        st.success(_("Vous êtes connecté·e ({name}, {role}) : le menu est à gauche.").format(
            name=ui.plain(who.name), role=who.role_label))
    else:
        ui.login_form()


if __name__ == "__main__":
    ui.hand_over_to_app()
