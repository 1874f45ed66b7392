"""Organisers: tables tournantes, one to four short rounds in circles of 5 to 8 (over coffee),
each dealt for the most new pairs of people from different organisations, after breakfast
and the working groups; every phone shows its circles, the projector a round's."""

import pandas as pd
import streamlit as st

from partnerday import ui
from partnerday.formats import number, percent
from partnerday.mixing import MAX_ROUNDS, MAX_SIZE, MIN_SIZE, MixingRefused, MixingSettings
from partnerday.models import MixingRound
from partnerday.printing import CIRCLE, table_cards_pdf
from partnerday.projector import screen_languages
from partnerday.services import day

SECONDS = 5.0  # a round's search at most: the bound usually stops it in well under a second


def plan_form(event_id: int, present: int) -> None:
    with st.form("mixing"):
        cols = st.columns(3)
        rounds = cols[0].number_input("Tours", 1, MAX_ROUNDS, 2)
        smallest = cols[1].number_input("Personnes par cercle, au moins", MIN_SIZE, MAX_SIZE, 6)
        largest = cols[2].number_input("Personnes par cercle, au plus", MIN_SIZE, MAX_SIZE, 7)
        go = st.form_submit_button(f"Composer les cercles pour les {present} personnes "
                                   "arrivées", type="primary")
    if not go:
        return
    settings = MixingSettings(int(rounds), int(smallest), int(largest), SECONDS)
    bar = st.progress(0.0, text="Composition des cercles…")
    try:
        plan = day.plan_mixing(ui.engine(), event_id, settings, lambda elapsed: bar.progress(
            min(elapsed / (SECONDS * settings.rounds), 0.99),
            text=f"Composition des cercles… {elapsed:.0f} s"))
    except MixingRefused as refused:
        ui.show_refusal(refused)
        return
    finally:
        bar.empty()
    ui.flash(f"{len(plan.rounds)} tour(s) composé(s) : chaque téléphone montre ses cercles.")
    st.rerun()


def figures_table(rounds: list[MixingRound]) -> pd.DataFrame:
    rows = []
    for row in rounds:
        f = row.figures
        proven = f["new_pairs"] == f["bound"]
        rows.append({"tour": row.number, "cercles": len(set(row.assignment.values())),
                     "nouvelles paires": f["new_pairs"], "borne": f["bound"],
                     "verdict": "optimum prouvé" if proven else
                     f"à {percent((f['bound'] - f['new_pairs']) / f['bound'], 1)} au plus "
                     "de l'optimum",
                     "tirage au sort": f["random_new_pairs"],
                     "secondes": number(f["seconds"], 2)})
    return pd.DataFrame(rows)


def render() -> None:
    event = ui.require_current_event()
    st.title("Tables tournantes")
    ui.show_flash()
    page = day.mixing_page(ui.engine(), event.id)
    st.caption("De courts tours en cercles de 5 à 8 (un café, une pause) : chaque tour met "
               "ensemble le plus possible de personnes de structures différentes qui ne se "
               "sont encore vues ni à table, ni en groupe, ni à un tour précédent.")
    plan_form(event.id, page.present)
    if not page.rounds:
        st.info("Aucun tour composé pour l'instant.")
        return
    if page.latecomers:
        st.warning(f"{page.latecomers} personne(s) arrivée(s) après la composition n'ont pas "
                   "de cercle.", icon=":material/person_add:")
        if st.button(f"Placer ces {page.latecomers} personne(s) dans les cercles",
                     help="Chacune va, à chaque tour, dans le cercle où elle connaît le moins "
                          "de monde, le plus petit d'abord. Personne d'autre ne bouge."):
            placed = day.place_mixing_latecomers(ui.engine(), event.id)
            ui.flash(f"{placed} personne(s) placée(s) dans les cercles de chaque tour.")
            st.rerun()
    st.subheader("Les tours composés")
    st.caption("Nouvelles paires : des personnes de structures différentes qui se rencontrent "
               "pour la première fois. Borne : le plus qu'un tour puisse en faire avec ces "
               "cercles (toutes les paires, moins celles qu'aucun tirage n'évite).")
    st.dataframe(figures_table(page.rounds), hide_index=True, width="stretch")
    circles_count = max(len(set(r.assignment.values())) for r in page.rounds)
    st.download_button(f"Chevalets des {circles_count} cercles, à poser sur les mange-debout "
                       "(PDF)", table_cards_pdf(list(range(1, circles_count + 1)), event.name,
                                                 CIRCLE, screen_languages(event)),
                       "cercles.pdf", "application/pdf", icon=":material/download:")
    cols = st.columns(len(page.rounds))
    for col, row in zip(cols, page.rounds):
        col.button(f"Projeter le tour {row.number}", key=f"show-{row.number}",
                   type="primary" if row.number == page.shown else "secondary",
                   on_click=day.show_mixing_round, args=(ui.engine(), event.id, row.number),
                   icon=":material/connected_tv:", width="stretch")
    shown = next((r for r in page.rounds if r.number == page.shown), page.rounds[0])
    with st.expander(f"Les cercles du tour {shown.number}"):
        circles: dict[int, list[str]] = {}
        for person, circle in shown.assignment.items():
            circles.setdefault(circle, []).append(page.names.get(int(person), "?"))
        st.dataframe(pd.DataFrame([{"cercle": n, "personnes": ", ".join(sorted(names))}
                                   for n, names in sorted(circles.items())]),
                     hide_index=True, width="stretch")


if __name__ == "__main__":
    ui.hand_over_to_app()
