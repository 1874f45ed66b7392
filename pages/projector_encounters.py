"""Projector, at the end of the day: how the room mixed. Three figures at 2.4rem and the map
of organisations (no names of people), on one 1920×1080 screen."""

import html

import streamlit as st

from partnerday import charts, i18n, ui
from partnerday.encounters import Encounters
from partnerday.formats import number, percent
from partnerday.i18n import _, in_each
from partnerday.projector import screen_languages
from partnerday.services import screens

FIGURE = """<div style="border:2px solid #0b6e4f;border-radius:14px;padding:0.6rem 0.8rem;
margin-bottom:0.8rem;"><div style="font-size:2.6rem;font-weight:700;color:#0b6e4f;
line-height:1.1;">{value}</div><div style="font-size:1.35rem;line-height:1.25;">{label}</div>
</div>"""
HEAD = ('<div style="font-size:2.2rem;font-weight:700;margin:0 0 0.6rem;">{title}</div>')


def figures_html(found: Encounters) -> str:
    share = found.share_of_organisation_pairs
    cards = [(number(found.cross_pairs), _("paires de personnes de structures différentes se "
                                           "sont rencontrées aujourd'hui")),
             (percent(share) if share is not None else "—",
              _("des {count} paires de structures présentes se sont rencontrées par au moins "
                "une personne").format(count=number(found.organisation_pairs)))]
    if found.mean_organisations_met is not None:
        cards.append((number(found.mean_organisations_met, 1),
                      _("autres structures rencontrées par personne, en moyenne")))
    return "".join(FIGURE.format(value=html.escape(v), label=html.escape(label))
                   for v, label in cards)


@st.fragment(run_every="10s")
@ui.live
def encounters_board(event_id: int, languages: tuple[str, ...]) -> None:
    """The title in each of the room's languages, the figures and the map in the first."""
    i18n.activate(languages[0])
    found = screens.encounters(ui.engine(), event_id)
    st.html(HEAD.format(title=html.escape(in_each(languages, lambda: _(
        "Aujourd'hui, nous nous sommes rencontré·e·s")))))
    if found.is_empty:
        st.info(in_each(languages, lambda: _("Les rencontres apparaîtront dès que les personnes "
                                             "seront attablées.")))
        return
    figures, chart = st.columns([2, 3])
    figures.html(figures_html(found))
    chart.plotly_chart(charts.organisation_map(found, height=760, font_size=18),
                       width="stretch", config={"staticPlot": True})


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    ui.projector_page_style()
    encounters_board(event.id, screen_languages(event))


if __name__ == "__main__":
    ui.hand_over_to_app()
