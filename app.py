"""Partner Day board: who sees which pages.

Phones arrive with `?p=TOKEN`, walk-ins with `?w=TOKEN` (the entrance poster), group tablets
with `?g=TOKEN`: short QR links to the root. Reminders' links open a commitment (`?c=TOKEN`)
or stop the follow-up's mail (`?u=TOKEN`). The privacy notice (`?d=UID`) and the
accessibility statement (`?a=UID`) are open to all. Everyone else sees the organisers' pages, behind
a personal account (an organiser's, or the arrivals desk's, which opens the desk only).
"""

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from partnerday import i18n, ui
from partnerday.i18n import N_, _, pN_
from partnerday.services import tablets
from pages import accessibility, accounts, arrivals, cases, commitments, dashboard, events, forget, groups, \
    home, join, merge, mixing, my_commitment, organisations, participants, phone, polls, \
    printouts, privacy, projector_encounters, projector_follow, projector_groups, \
    projector_mixing, projector_polls, projector_pooling, projector_rounds, projector_tables, \
    report, rounds, stop_mail, tablet, walkin


TOKEN_AUDIENCES = {  # query parameter -> (page, title, layout)
    "p": (phone.render, N_("Ma journée"), "centered"),
    "w": (walkin.render, N_("Inscription"), "centered"),
    "j": (join.render, N_("Voter"), "centered"),
    "g": (tablet.render, N_("Groupe"), "wide"),
    "d": (privacy.render, N_("Vos données"), "centered"),
    "a": (accessibility.render, N_("Accessibilité"), "centered"),
    "f": (forget.render, N_("Ce n'est pas moi"), "centered"),
    "c": (my_commitment.render, N_("Mon engagement"), "centered"),
    "u": (stop_mail.render, N_("Rappels"), "centered"),
}


def organiser_page(module, title: str, icon: str) -> st.Page:
    url_path = module.__name__.rsplit(".", 1)[-1]
    return st.Page(ui.organiser_only(module.render), title=title, icon=f":material/{icon}:",
                   url_path=url_path)


# Each navigation's default page has the empty url_path. A page's hash comes from its url_path,
# and the first run after a restart sees the `pages/` folder (Streamlit's folder mode): a tab
# that reconnects then asks for its page by hash, and a hash equal to a page file's would send
# it, for that run, to the file's address (`/tablet?g=...`), where a reload shows "Page not
# found". The empty path matches no file, so folder mode runs app.py, which finds the page.
ROOT = ""


def projector_navigation() -> StreamlitPage:
    """The projector's browser (the screen link): public screens only."""
    st.set_page_config(page_title="Partner Day · projection", page_icon="🤝", layout="wide")
    navigation = st.navigation([
        st.Page(projector_follow.render, title="Projection", url_path=ROOT, default=True),
        st.Page(projector_tables.render, title="Tables", url_path="projector_tables"),
        st.Page(projector_groups.render, title="Groupes", url_path="projector_groups"),
        st.Page(projector_polls.render, title="Questions", url_path="projector_polls"),
        st.Page(projector_rounds.render, title="Tours", url_path="projector_rounds"),
        st.Page(projector_pooling.render, title="Mise en commun", url_path="projector_pooling"),
        st.Page(projector_encounters.render, title="Rencontres",
                url_path="projector_encounters"),
        st.Page(projector_mixing.render, title="Tables tournantes",
                url_path="projector_mixing"),
    ], position="hidden")  # the laptop chooses the screen; each stays reachable by its path
    return navigation


def link_navigation(audience: str) -> StreamlitPage:
    """A phone, a walk-in, a tablet, the join and notice pages: the one page of their link."""
    render, title, layout = TOKEN_AUDIENCES[audience]
    if layout != "centered":  # the default: a phone's page is sent one message fewer
        st.set_page_config(layout=layout)
    return st.navigation([st.Page(render, title="Partner Day · " + i18n._(title), icon="🤝",
                                  url_path=ROOT, default=True)], position="hidden")


ORGANISER_MENU = {  # section -> (page module, title, icon)
    "": [(dashboard, N_("Tableau de bord"), "monitoring")],
    N_("Avant la journée"): [(events, N_("Événements"), "event"),
                             (participants, N_("Participants"), "groups"),
                             (organisations, N_("Structures"), "apartment"),
                             (cases, pN_("menu", "Cas"), "theater_comedy"),
                             (printouts, N_("Impressions"), "print")],
    N_("Le jour même"): [(arrivals, N_("Arrivées"), "how_to_reg"),
                         (groups, N_("Groupes"), "diversity_3"),
                         (mixing, N_("Tables tournantes"), "autorenew"),
                         (rounds, N_("Tours"), "timer"),
                         (polls, N_("Questions"), "how_to_vote"),
                         (merge, N_("Mise en commun"), "merge")],
    N_("Après la journée"): [(report, N_("Rapport"), "description"),
                             (commitments, N_("Engagements"), "task_alt")],
    N_("Équipe"): [(accounts, N_("Comptes et journal"), "manage_accounts")],
    N_("Projection"): [(projector_tables, N_("Tables"), "table_restaurant"),
                       (projector_groups, N_("Groupes (projection)"), "groups_2"),
                       (projector_polls, N_("Questions (projection)"), "bar_chart"),
                       (projector_rounds, N_("Tours (projection)"), "alarm"),
                       (projector_pooling, N_("Mise en commun (projection)"), "merge_type"),
                       (projector_mixing, N_("Tables tournantes (projection)"), "autorenew"),
                       (projector_encounters, N_("Rencontres (projection)"), "hub")],
}


def organiser_navigation() -> StreamlitPage:
    """Everyone else: the organisers' pages, behind an account, with their menu, in the
    account's language (`ui.organiser_language`, activated by `main`)."""
    st.set_page_config(page_title=_("Partner Day · organisateurs"), page_icon="🤝", layout="wide")
    sections = {_(section) if section else "": [
        organiser_page(module, i18n.in_context("menu", title), icon)
        for module, title, icon in pages]
        for section, pages in ORGANISER_MENU.items()}
    sections[""].insert(0, st.Page(home.render, title=_("Accueil"), icon=":material/home:",
                                   url_path=ROOT, default=True))
    navigation = st.navigation(sections, position="hidden")
    ui.write_sign_in_cookie()
    who = ui.account()
    if who is not None:
        with st.sidebar:
            for section, pages in sections.items():
                shown = [p for p in pages if who.is_organiser or p.url_path in DESK_MENU]
                if section and shown:
                    st.caption(section)
                for page in shown:
                    st.page_link(page)
            st.divider()
            st.caption(ui.plain(f"{who.name} · {who.role_label}"))
            ui.interface_language_choice(who)
            if st.button(_("Se déconnecter"), icon=":material/logout:"):
                ui.sign_out()
                st.rerun()
    return navigation


DESK_MENU = {ROOT} | ui.DESK_PAGES  # an arrivals desk account's menu: home and the desk


def main() -> None:
    # Whoever opens a link the app gives (the projected QR, the entrance poster, the privacy
    # notice, a commitment, the follow-up's « stop »...) reads it in the language the link or
    # they ask for; a phone's, a tablet's and an organiser's page then in their own.
    ui.speak(ui.visitor_language())
    ui.engine()  # first start: database, organiser password, demo event
    audience = next((key for key in TOKEN_AUDIENCES if ui.query_token(key) is not None), None)
    if audience == "g":  # the page and Streamlit's own texts in the group's language
        ui.speak(tablets.language_of_link(ui.engine(), ui.query_token("g")))
    elif ui.screen_token() is not None:  # its screens speak the room's languages themselves
        ui.speak(i18n.SOURCE)
    elif audience is None:
        ui.speak(ui.organiser_language())
    if audience != "p":  # a phone's page brings the same style in its one header element
        ui.page_basics(link_page=audience is not None)
    if ui.screen_token() is not None:
        navigation = projector_navigation()
    elif audience is not None:
        navigation = link_navigation(audience)
    else:
        navigation = organiser_navigation()
    navigation.run()


ui.when_database_fails(main)()
