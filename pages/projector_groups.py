"""Projector: the published working groups, first names only.

A room of 150 in 6 groups is 25 names a group: one row of 6 columns holds them on one
1920×1080 screen, names at 1.4rem (22 px), one line a name; up to 12 groups take two rows
(6 columns), more take three.
"""

import html

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import _, in_each
from partnerday.projector import screen_languages
from partnerday.services import screens

CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.35rem 0.6rem;">
<div style="font-size:1.5rem;font-weight:700;color:#0b6e4f;line-height:1.2;">{group}
<span style="font-size:1rem;color:#555;font-weight:400;">{count}</span></div>
<div style="font-size:{size}rem;line-height:1.2;">{names}</div></div>"""
NAME = '<div style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis;">{name}</div>'
GRID = """<div style="display:grid;grid-template-columns:repeat({columns},minmax(0,1fr));
gap:0.6rem;">{cards}</div>"""


def groups_layout(groups: int, largest: int) -> tuple[int, float]:
    """(columns, name size in rem): the groups in as few rows as keep their names on screen."""
    columns = min(6, max(3, groups)) if groups <= 6 else 6
    rows = -(-groups // columns)
    size = 1.4 if rows == 1 or largest <= 14 else 1.15  # two rows of long lists: a bit smaller
    return columns, size


@st.fragment(run_every="5s")
@ui.live
def groups_board(event_id: int, languages: tuple[str, ...]) -> None:
    """The headings in each of the room's languages, the cards in the first."""
    i18n.activate(languages[0])
    plan = screens.groups(ui.engine(), event_id)
    if not plan:
        st.info(in_each(languages, lambda: _("Les groupes apparaîtront dès leur publication.")))
        return
    columns, size = groups_layout(len(plan), max(len(names) for _, names in plan))
    cards = "".join(CARD.format(group=_("Groupe {name}").format(name=number),
                                count=_("{count} pers.").format(count=len(names)), size=size,
                                names="".join(NAME.format(name=html.escape(n)) for n in names))
                    for number, names in plan)
    st.html(GRID.format(columns=columns, cards=cards))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    ui.projector_page_style()
    languages = screen_languages(event)
    st.html('<h1 style="margin:0;padding:0;font-size:2.2rem;">'
            + html.escape(in_each(languages, lambda: _("Groupes de travail"))) + "</h1>")
    groups_board(event.id, languages)


if __name__ == "__main__":
    ui.hand_over_to_app()
