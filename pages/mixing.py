"""Organisers: tables tournantes, one to four short rounds in circles of 5 to 8 (over coffee),
each dealt for the most new pairs of people from different organisations, after breakfast
and the working groups; every phone shows its circles, the projector a round's. In the
account's language."""

import pandas as pd
import streamlit as st

from partnerday import ui
from partnerday.formats import number, percent
from partnerday.i18n import _, ngettext
from partnerday.mixing import MAX_ROUNDS, MAX_SIZE, MIN_SIZE, MixingRefused, MixingSettings
from partnerday.models import MixingRound
from partnerday.printing import CIRCLE, table_cards_pdf
from partnerday.projector import screen_languages
from partnerday.services import day

SECONDS = 5.0  # a round's search at most: the bound usually stops it in well under a second


def plan_form(event_id: int, present: int) -> None:
    with st.form("mixing"):
        cols = st.columns(3)
        rounds = cols[0].number_input(_("Tours"), 1, MAX_ROUNDS, 2)
        smallest = cols[1].number_input(_("Personnes par cercle, au moins"), MIN_SIZE, MAX_SIZE,
                                        6)
        largest = cols[2].number_input(_("Personnes par cercle, au plus"), MIN_SIZE, MAX_SIZE, 7)
        go = st.form_submit_button(ngettext("Composer les cercles pour la personne arrivée",
                                            "Composer les cercles pour les {count} personnes "
                                            "arrivées", present).format(count=present),
                                   type="primary")
    if not go:
        return
    settings = MixingSettings(int(rounds), int(smallest), int(largest), SECONDS)
    bar = st.progress(0.0, text=_("Composition des cercles…"))
    try:
        plan = day.plan_mixing(ui.engine(), event_id, settings, lambda elapsed: bar.progress(
            min(elapsed / (SECONDS * settings.rounds), 0.99),
            text=_("Composition des cercles… {seconds} s").format(seconds=f"{elapsed:.0f}")))
    except MixingRefused as refused:
        ui.show_refusal(refused)
        return
    finally:
        bar.empty()
    ui.flash(ngettext("{count} tour composé : chaque téléphone montre ses cercles.",
                      "{count} tours composés : chaque téléphone montre ses cercles.",
                      len(plan.rounds)).format(count=len(plan.rounds)))
    st.rerun()


def figures_table(rounds: list[MixingRound]) -> pd.DataFrame:
    rows = []
    for row in rounds:
        f = row.figures
        proven = f["new_pairs"] == f["bound"]
        gap = percent((f["bound"] - f["new_pairs"]) / f["bound"], 1) if f["bound"] else ""
        rows.append({_("tour"): row.number, _("cercles"): len(set(row.assignment.values())),
                     _("nouvelles paires"): f["new_pairs"], _("borne"): f["bound"],
                     _("verdict"): _("optimum prouvé") if proven else
                     _("à {gap} au plus de l'optimum").format(gap=gap),
                     _("tirage au sort"): f["random_new_pairs"],
                     _("secondes"): number(f["seconds"], 2)})
    return pd.DataFrame(rows)


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Tables tournantes"))
    ui.show_flash()
    page = day.mixing_page(ui.engine(), event.id)
    st.caption(_("De courts tours en cercles de 5 à 8 (un café, une pause) : chaque tour met "
                 "ensemble le plus possible de personnes de structures différentes qui ne se "
                 "sont encore vues ni à table, ni en groupe, ni à un tour précédent."))
    plan_form(event.id, page.present)
    if not page.rounds:
        st.info(_("Aucun tour composé pour l'instant."))
        return
    if late := page.latecomers:
        st.warning(ngettext("{count} personne arrivée après la composition n'a pas de cercle.",
                            "{count} personnes arrivées après la composition n'ont pas de "
                            "cercle.", late).format(count=late), icon=":material/person_add:")
        if st.button(ngettext("Placer cette personne dans les cercles",
                              "Placer ces {count} personnes dans les cercles",
                              late).format(count=late),
                     help=_("Chacune va, à chaque tour, dans le cercle où elle connaît le moins "
                            "de monde, le plus petit d'abord. Personne d'autre ne bouge.")):
            placed = day.place_mixing_latecomers(ui.engine(), event.id)
            ui.flash(ngettext("{count} personne placée dans les cercles de chaque tour.",
                              "{count} personnes placées dans les cercles de chaque tour.",
                              placed).format(count=placed))
            st.rerun()
    st.subheader(_("Les tours composés"))
    st.caption(_("Nouvelles paires : des personnes de structures différentes qui se "
                 "rencontrent pour la première fois. Borne : le plus qu'un tour puisse en "
                 "faire avec ces cercles (toutes les paires, moins celles qu'aucun tirage "
                 "n'évite)."))
    st.dataframe(figures_table(page.rounds), hide_index=True, width="stretch",
                 placeholder=ui.NO_VALUE)
    circles_count = max(len(set(r.assignment.values())) for r in page.rounds)
    st.download_button(_("Chevalets des {count} cercles, à poser sur les mange-debout (PDF)")
                       .format(count=circles_count),
                       table_cards_pdf(list(range(1, circles_count + 1)), event.name,
                                       CIRCLE, screen_languages(event)),
                       "cercles.pdf", "application/pdf", icon=":material/download:")
    cols = st.columns(len(page.rounds))
    for col, row in zip(cols, page.rounds):
        col.button(_("Projeter le tour {number}").format(number=row.number),
                   key=f"show-{row.number}",
                   type="primary" if row.number == page.shown else "secondary",
                   on_click=day.show_mixing_round, args=(ui.engine(), event.id, row.number),
                   icon=":material/connected_tv:", width="stretch")
    shown = next((r for r in page.rounds if r.number == page.shown), page.rounds[0])
    with st.expander(_("Les cercles du tour {number}").format(number=shown.number)):
        circles: dict[int, list[str]] = {}
        for person, circle in shown.assignment.items():
            circles.setdefault(circle, []).append(page.names.get(int(person), "?"))
        st.dataframe(pd.DataFrame([{_("cercle"): n, _("personnes"): ", ".join(sorted(names))}
                                   for n, names in sorted(circles.items())]),
                     hide_index=True, width="stretch", placeholder=ui.NO_VALUE)


if __name__ == "__main__":
    ui.hand_over_to_app()
