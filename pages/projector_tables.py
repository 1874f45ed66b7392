"""Projector: who sits at which breakfast table, first names only, updating by itself.

Organisers reach it from their menu; the projector's own browser opens it with the event's
screen link (`?s=TOKEN`), which shows public screens only, without the organiser password.
"""

import html
import time

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _, in_each, ngettext
from partnerday.services import screens
from partnerday.projector import page_shown, screen_languages
from partnerday.qr import screen_link

# A room of 150 at tables of 8 is 19 tables: 7 columns of 3 rows hold 21 on one 1920×1080
# screen, names at 1.55rem (25 px: some 4 cm high on a 3-metre screen, read from 15 metres),
# 8 to a card. More tables turn pages by themselves, every PAGE_SECONDS.
CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.35rem 0.6rem;">
<div style="font-size:1.5rem;font-weight:700;color:#0b6e4f;line-height:1.2;">{table}
<span style="font-size:1rem;color:#555;font-weight:400;">{seated}/{capacity}</span></div>
<div style="font-size:1.55rem;line-height:1.2;">{names}</div></div>"""
NAME = ('<div style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis;">{name}</div>')
"""One line a name, however long its disambiguation (« Amina (ASBL Logement… »): eight
names keep eight lines, and the rows keep the screen's height."""
GRID = """<div style="display:grid;grid-template-columns:repeat({columns},minmax(0,1fr));
gap:0.6rem;">{cards}</div>"""
PER_PAGE = 21


def tables_layout(tables: int) -> tuple[int, int]:
    """(columns, pages): as few columns as keep the tables within three rows, at most 7."""
    columns = 4 if tables <= 12 else (5 if tables <= 15 else 7)
    return columns, max(1, -(-tables // PER_PAGE))


@st.fragment(run_every="3s")
@ui.live
def tables_board(event_id: int, languages: tuple[str, ...]) -> None:
    """The headings in each of the room's languages, the cards in the first."""
    i18n.activate(languages[0])
    plan = screens.tables(ui.engine(), event_id)
    if not plan:
        st.info(in_each(languages, lambda: _("Les tables apparaîtront dès l'ouverture de "
                                             "l'accueil.")))
        return
    seated = sum(len(names) for _, _, names in plan)
    columns, pages = tables_layout(len(plan))
    page = page_shown(pages, time.time())
    shown = plan[page * PER_PAGE:(page + 1) * PER_PAGE]
    st.caption(in_each(languages, lambda: ngettext(
        "{count} personne à table", "{count} personnes à table", seated).format(count=seated)
        + (" · " + _("page {page} sur {pages}, elle tourne toute seule").format(
            page=page + 1, pages=pages) if pages > 1 else "")))
    cards = "".join(CARD.format(table=_("Table {number}").format(number=number),
                                seated=len(names), capacity=capacity,
                                names="".join(NAME.format(name=html.escape(n)) for n in names)
                                or "&nbsp;")
                    for number, capacity, names in shown)
    st.html(GRID.format(columns=columns, cards=cards))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    ui.projector_page_style()
    languages = screen_languages(event)
    st.html('<h1 style="margin:0;padding:0;font-size:2.2rem;">'
            + html.escape(in_each(languages, lambda: _("Tables du petit déjeuner"))) + "</h1>")
    if ui.is_organiser() and ui.query_token("s") is None:
        url = screen_link(ui.settings().base_url, event.screen_token)
        st.caption(f"Sur l'ordinateur du projecteur, ouvrez : {url}")
    tables_board(event.id, languages)


if __name__ == "__main__":
    ui.hand_over_to_app()
