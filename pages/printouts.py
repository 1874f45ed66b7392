"""Organisers: the sheets to print before the day (badges, table cards, entrance poster). In
the account's language (each sheet in its readers')."""

import streamlit as st

from partnerday import ui
from partnerday.i18n import _
from partnerday.printing import BadgeCard, badges_pdf, poster_pdf, table_cards_pdf
from partnerday.projector import screen_languages
from partnerday.qr import person_link, qr_png, walk_in_link
from partnerday.services import preparation

PDF = "application/pdf"


# Laid out again only when what they show changed, not at every rerun of the page. Built up
# front, not on the click: a deferred download sometimes gave Chromium no file (c8ac32a).
@st.cache_data(max_entries=8, show_spinner=False)
def tables_pdf(tables: list[int], event_name: str, languages: tuple[str, ...]) -> bytes:
    return table_cards_pdf(tables, event_name, languages=languages)


@st.cache_data(max_entries=8, show_spinner=False)
def entrance_poster_pdf(event_name: str, url: str, languages: tuple[str, ...]) -> bytes:
    return poster_pdf(event_name, url, languages)


def render() -> None:
    event = ui.require_current_event()
    base = ui.settings().base_url
    st.title(_("Impressions"))
    st.markdown(_("Les QR codes mènent à **{address}**.").format(address=ui.plain(base)))
    st.caption(_("Chaque badge parle la langue de la personne ; les chevalets et l'affiche, les "
                 "langues de la salle (celles du projecteur, réglées sur le tableau de bord)."))
    if "localhost" in base or "127.0.0.1" in base:
        st.warning(_("Cette adresse ne marche que sur cet ordinateur : réglez l'adresse "
                     "publique (PARTNERDAY_BASE_URL, par exemple http://192.168.1.20:8501) "
                     "avant d'imprimer, pour que les téléphones la joignent."))
    sheets = preparation.printouts(ui.engine(), event.id)
    people, tables = sheets.people, sheets.tables
    cols = st.columns(3)
    with cols[0]:
        st.subheader(_("Badges"))
        st.caption(_("{count} badges, 8 par page A4, nom, structure et QR personnel.").format(
            count=len(people)))
        if st.button(_("Préparer les badges")):
            with st.spinner(_("Préparation des badges…")):
                badges = [BadgeCard(p.first_name, p.last_name, p.organisation,
                                    person_link(base, p.token), p.language) for p in people]
                st.session_state["badges_pdf"] = badges_pdf(badges, event.name)
        if "badges_pdf" in st.session_state:
            st.download_button(_("Télécharger les badges (PDF)"),
                               st.session_state["badges_pdf"],
                               "badges.pdf", PDF, icon=":material/download:",
                               on_click=ui.logged("print_badges", f"{len(people)} badges",
                                                  event.id))
    languages = screen_languages(event)  # the room's, as on the projector
    with cols[1]:
        st.subheader(_("Tables"))
        st.caption(_("{count} chevalets (un par table), à plier en deux.").format(
            count=len(tables)))
        st.download_button(_("Télécharger les chevalets (PDF)"),
                           tables_pdf(tables, event.name, tuple(languages)),
                           "tables.pdf", PDF,
                           icon=":material/download:")
    with cols[2]:
        st.subheader(_("Affiche d'entrée"))
        st.caption(_("Pour les personnes non inscrites : elles s'inscrivent et reçoivent leur "
                     "page."))
        url = walk_in_link(base, event.walkin_token)
        st.image(qr_png(url, box_size=5), width=140,
                 alt=_("QR code de l'inscription sur place, celui de l'affiche"))
        st.download_button(_("Télécharger l'affiche (PDF)"),
                           entrance_poster_pdf(event.name, url, tuple(languages)),
                           "affiche.pdf", PDF, icon=":material/download:")


if __name__ == "__main__":
    ui.hand_over_to_app()
