"""Anyone: an event's privacy notice (`?d=UID`), linked from every phone page, the walk-in
form, the tablets and the report's email, in the language the link asks for (`&l=`) or the
reader chooses here."""

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _
from partnerday.services import people


def render() -> None:
    page = people.privacy_page(ui.engine(), ui.query_token("d"))  # in `ui.visitor_language()`
    if page is None:
        ui.invalid_link_page("privacy")
        return
    st.title(_("Vos données personnelles"))
    st.caption(ui.plain(page.event_name))
    ui.language_choice(ui.VISITOR_LANGUAGE)
    st.markdown(page.notice)
    st.markdown("[" + _("Accessibilité de l'application") + "]("
                + i18n.with_language(f"?a={ui.query_token('d')}") + ")")


if __name__ == "__main__":
    ui.hand_over_to_app()
