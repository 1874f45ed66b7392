"""Projector: the pooling (mise en commun), one case at a time, as the organisers chose it on
the Mise en commun page. The room sees the synthesis as it is written and every group's
proposals beside each other.

Sizes for a 1920×1080 screen read from the back of a room of 150: the synthesis at 1.45rem
(23 px), its last six lines always in view as it grows; proposals at 1.35rem (22 px, like the
groups' names), three lines each at most, with the organisation they refer to. Six groups
stand in one row, five proposals each; more turn pages by themselves every 12 seconds. Who
took a commitment is not shown: what a group typed there may be a full name.
"""

import html
import time

import streamlit as st

from partnerday import content, i18n, ui
from partnerday.i18n import _, in_each, ngettext
from partnerday.merge import GroupWork, pooling_layout, proposal_pages
from partnerday.services import screens
from partnerday.projector import page_shown, screen_languages

HEAD = """<div style="font-size:2.2rem;font-weight:700;line-height:1.2;">{title}</div>
<div style="font-size:1.2rem;color:#555;margin-bottom:0.4rem;">{line}</div>"""
SYNTHESIS = """<div style="border:3px solid #0b6e4f;border-radius:12px;padding:0.4rem 0.8rem;
margin-bottom:0.6rem;"><div style="font-size:1.1rem;font-weight:700;color:#0b6e4f;">{heading}
</div><div style="display:flex;flex-direction:column-reverse;max-height:7.8em;overflow:hidden;
font-size:1.45rem;line-height:1.3;"><div style="white-space:pre-wrap;">{text}</div></div></div>"""
CARD = """<div style="border:2px solid #0b6e4f;border-radius:12px;padding:0.35rem 0.6rem;">
<div style="font-size:1.5rem;font-weight:700;color:#0b6e4f;line-height:1.2;">{group}
<span style="font-size:1rem;color:#555;font-weight:400;">{count}</span></div>{items}</div>"""
ITEM = """<div style="margin-top:0.4rem;"><div style="font-size:1.35rem;line-height:1.25;
display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden;">{text}
</div>{referral}</div>"""
REFERRAL = ('<div style="font-size:1.05rem;color:#0b6e4f;white-space:nowrap;overflow:hidden;'
            'text-overflow:ellipsis;">→ {name}</div>')
GRID = """<div style="display:grid;grid-template-columns:repeat({columns},minmax(0,1fr));
gap:0.6rem;">{cards}</div>"""


def group_card(work: GroupWork, page: int, per_card: int) -> str:
    shown = work.proposals[page * per_card:(page + 1) * per_card]
    items = "".join(ITEM.format(text=html.escape(p.text) or "<i>" + _("(sans texte)") + "</i>",
                                referral=REFERRAL.format(name=html.escape(p.referral))
                                if p.referral else "") for p in shown)
    count = len(work.proposals)
    return CARD.format(group=_("Groupe {name}").format(name=work.group),
                       items=items or '<div style="font-size:1.2rem;color:#555;">&nbsp;</div>',
                       count=ngettext("{count} proposition", "{count} propositions", count).format(
                           count=count) if count else _("pas de proposition"))


@st.fragment(run_every="2s")  # the case chosen on the laptop, the synthesis as it is typed
@ui.live
def pooling_board(event_id: int, languages: tuple[str, ...]) -> None:
    """The headings in each of the room's languages, the groups' cards in the first."""
    i18n.activate(languages[0])
    view = screens.pooling(ui.engine(), event_id)
    if view.work is None:
        st.html(HEAD.format(title=html.escape(in_each(languages, lambda: _("Mise en commun"))),
                            line=html.escape(view.label)))
        st.info(in_each(languages, lambda: _("La mise en commun commencera quand les groupes "
                                             "auront travaillé un cas.")))
        return
    columns, per_card = pooling_layout(len(view.work.works))
    pages = proposal_pages(view.work, per_card)
    page = page_shown(pages, time.time())
    line = in_each(languages, lambda: _("Mise en commun · {label} · cas {position} sur {cases}"
                                        ).format(label=view.label, position=view.position,
                                                 cases=view.cases) + (
        " · " + _("propositions, page {page} sur {pages}, elle tourne toute seule").format(
            page=page + 1, pages=pages) if pages > 1 else ""))
    synthesis = view.work.synthesis.text.strip()
    title = in_each(languages, lambda: content.text_in(view.work.case, "title", i18n.current()))
    st.html(HEAD.format(title=html.escape(title), line=html.escape(line))
            + SYNTHESIS.format(heading=html.escape(in_each(languages, lambda: _("Synthèse"))),
                               text=html.escape(synthesis) if synthesis else
                               "<i>" + html.escape(in_each(languages, lambda: _(
                                   "La synthèse s'écrit ensemble…"))) + "</i>")
            + GRID.format(columns=columns, cards="".join(
                group_card(work, page, per_card) for work in view.work.works)))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    ui.projector_page_style()
    pooling_board(event.id, screen_languages(event))


if __name__ == "__main__":
    ui.hand_over_to_app()
