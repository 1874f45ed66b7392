"""The « stop » link of every reminder and digest (`?u=TOKEN`): that address receives nothing
more from this Partner Day's follow-up. Asked with a button, not done on opening, so that a
mail program that opens links to check them stops nothing. In the language of the email the
link came in (`&l=`), or the one the reader chooses here."""

import streamlit as st

from partnerday import ui
from partnerday.i18n import _
from partnerday.services import people


def render() -> None:
    token = ui.query_token("u")  # in `ui.visitor_language()`, set by app.py
    view = people.mail_stop(ui.engine(), token)
    if view is None:
        ui.invalid_link_page("stop")
        return
    st.title(_("Ne plus recevoir les rappels"))
    ui.language_choice(ui.VISITOR_LANGUAGE)
    address = ui.plain(view.masked_address)
    if not view.stopped:
        st.write(_("L'adresse **{address}** reçoit les rappels des engagements et les "
                   "nouvelles du suivi de ce Partner Day.").format(address=address))
        if st.button(_("Ne plus rien recevoir"), type="primary"):
            people.stop_mail(ui.engine(), token)
            st.rerun()
        return
    st.success(_("C'est fait : {address} ne recevra plus aucun message du suivi de ce "
                 "Partner Day.").format(address=address))
    st.caption(_("Vous pouvez toujours donner des nouvelles d'un engagement par le lien reçu."))


if __name__ == "__main__":
    ui.hand_over_to_app()
