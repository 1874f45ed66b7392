"""The « stop » link of every reminder and digest (`?u=TOKEN`): that address receives nothing
more from this Partner Day's follow-up. Asked with a button, not done on opening, so that a
mail program that opens links to check them stops nothing."""

import streamlit as st

from partnerday import ui
from partnerday.services import people


def render() -> None:
    token = ui.query_token("u")
    view = people.mail_stop(ui.engine(), token)
    if view is None:
        ui.invalid_link_page("stop")
        return
    st.title("Ne plus recevoir les rappels")
    address = view.masked_address
    if not view.stopped:
        st.write(f"L'adresse **{ui.plain(address)}** reçoit les rappels des engagements et les "
                 "nouvelles du suivi de ce Partner Day.")
        if st.button("Ne plus rien recevoir", type="primary"):
            people.stop_mail(ui.engine(), token)
            st.rerun()
        return
    st.success(f"C'est fait : {address} ne recevra plus aucun message du suivi de ce "
               "Partner Day.")
    st.caption("Vous pouvez toujours donner des nouvelles d'un engagement par le lien reçu.")


if __name__ == "__main__":
    ui.hand_over_to_app()
