"""Projector: a round of tables tournantes, each circle with its first names (no last
name). 150 people in circles of 7 are 22 circles: four rows of six cards on one 1920×1080
screen; more turn pages by themselves."""

import html
import time

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _, in_each
from partnerday.projector import page_shown, screen_languages
from partnerday.services import screens

CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.3rem 0.6rem;">
<div style="font-size:1.45rem;font-weight:700;color:#0b6e4f;line-height:1.2;">{circle}
</div><div style="font-size:1.35rem;line-height:1.2;">{names}</div></div>"""
NAME = '<div style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis;">{name}</div>'
GRID = """<div style="display:grid;grid-template-columns:repeat(6,minmax(0,1fr));
gap:0.5rem;">{cards}</div>"""
HEAD = ('<div style="font-size:2rem;font-weight:700;margin:0 0 0.5rem;">{title}'
        "<span style='font-size:1.3rem;font-weight:400;'>{page}</span></div>")
PER_PAGE = 24


@st.fragment(run_every="3s")
@ui.live
def mixing_board(event_id: int, languages: tuple[str, ...]) -> None:
    """The heading in each of the room's languages, the circles in the first."""
    i18n.activate(languages[0])
    board = screens.mixing(ui.engine(), event_id)
    if not board.circles:
        st.info(in_each(languages, lambda: _("Les cercles apparaîtront dès qu'ils seront "
                                             "composés.")))
        return
    pages = -(-len(board.circles) // PER_PAGE)
    page = page_shown(pages, time.time())
    shown = board.circles[page * PER_PAGE:(page + 1) * PER_PAGE]
    title = in_each(languages, lambda: _("Tables tournantes · tour {round} sur {rounds}").format(
        round=board.round, rounds=board.rounds))
    st.html(HEAD.format(title=html.escape(title),  # one element: the screen at once
                        page=" · " + _("page {page} sur {pages}").format(
                            page=page + 1, pages=pages) if pages > 1 else "")
            + GRID.format(cards="".join(
        CARD.format(circle=_("Cercle {number}").format(number=n),
                    names="".join(NAME.format(name=html.escape(name)) for name in names))
        for n, names in shown)))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    ui.projector_page_style()
    mixing_board(event.id, screen_languages(event))


if __name__ == "__main__":
    ui.hand_over_to_app()
