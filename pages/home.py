"""Landing page: for organisers the way in, for a lost participant the way to their page."""

import streamlit as st

from partnerday import ui


def render() -> None:
    event = ui.the_current_event()
    st.title("Partner Day")
    if event is not None:
        where = " · ".join(x for x in (event.day and event.day.strftime("%d/%m/%Y"), event.place)
                           if x)
        st.markdown(f"**{event.name}**" + (f"  \n{where}" if where else ""))
    st.info("Participant·e ? Scannez le QR code de votre badge (ou l'affiche de l'accueil) : "
            "il ouvre votre page personnelle.")
    who = ui.account()
    if who is not None:
        st.success(f"Vous êtes connecté·e ({ui.plain(who.name)}, {who.role_label}) : le menu "
                   "est à gauche.")
    else:
        ui.login_form()


if __name__ == "__main__":
    ui.hand_over_to_app()
