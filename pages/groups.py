"""Organisers: form the working groups (integer program), check them, publish them."""

import random

import streamlit as st

from partnerday import charts, ui
from partnerday.formats import number, percent
from partnerday.balancing import InfeasibleSettings, GroupSettings, Member, lower_bounds, \
    random_draw
from partnerday.groups import PRESENT, REGISTERED, assignment_of, composition, make_up, \
    quality_rows
from partnerday.latecomers import Placement
from partnerday.models import Event, GroupRule
from partnerday.services import day
from partnerday.services.day import GroupsPage

POPULATIONS = {PRESENT: "les personnes arrivées", REGISTERED: "toutes les personnes inscrites"}
RULE_LABELS = {"together": "Garder ensemble", "apart": "Séparer", "pin": "Placer dans le groupe"}


def solving(action, settings: GroupSettings, *args) -> bool:
    """Run a balancing service while a progress bar counts down the solver's time limit;
    False (the refusal shown) when the settings cannot be met."""
    bar = st.progress(0.0, text="Recherche de la meilleure répartition…")

    def progress(elapsed: float) -> None:
        bar.progress(min(elapsed / settings.time_limit, 0.99),
                     text=f"Recherche de la meilleure répartition… {elapsed:.0f} s "
                          f"(au plus {settings.time_limit:.0f} s)")
    try:
        action(ui.engine(), *args, on_progress=progress)
    except InfeasibleSettings as exc:
        ui.show_refusal(exc)
        return False
    finally:
        bar.empty()
    return True


def settings_form(event: Event) -> None:
    with st.form("balance"):
        cols = st.columns(5)
        groups = cols[0].number_input("Groupes", 1, 60, event.group_count)
        min_size = cols[1].number_input("Taille min.", 1, 100, event.group_min)
        max_size = cols[2].number_input("Taille max.", 1, 100, event.group_max)
        limit = cols[3].number_input("Temps de calcul max. (s)", 5, 600, 30)
        population = cols[4].radio("Répartir", list(POPULATIONS), format_func=POPULATIONS.get)
        run = st.form_submit_button("Calculer la répartition", type="primary")
    if not run:
        return
    settings = GroupSettings(int(groups), int(min_size), int(max_size), float(limit))
    if solving(day.form_groups, settings, event.id, settings, population):
        st.rerun()


def rules_section(event_id: int, rules: list[GroupRule], labels: dict[int, str],
                  groups: int) -> None:
    with st.expander("Règles des organisateur·rice·s (ensemble, séparé·e·s, placé·e·s)"):
        for rule in rules:
            cols = st.columns([6, 1])
            who = ", ".join(labels.get(p, f"n°{p}") for p in rule.participant_ids)
            suffix = f" {rule.group_number}" if rule.kind == "pin" else ""
            cols[0].write(f"{RULE_LABELS[rule.kind]}{suffix} : {ui.plain(who)}")
            if cols[1].button("Retirer", key=f"rule_{rule.id}"):
                day.delete_rule(ui.engine(), rule.id)
                st.rerun()
        with st.form("add_rule", clear_on_submit=True):
            cols = st.columns([2, 5, 1])
            kind = cols[0].selectbox("Règle", list(RULE_LABELS), format_func=RULE_LABELS.get)
            people = cols[1].multiselect("Personnes", list(labels), format_func=labels.get)
            number = cols[2].number_input("Groupe", 1, max(groups, 1), 1)
            if st.form_submit_button("Ajouter la règle"):
                try:
                    day.add_rule(ui.engine(), event_id, kind, people,
                                 int(number) if kind == "pin" else None)
                except ValueError as exc:
                    ui.show_refusal(exc)
                else:
                    st.rerun()


def solver_summary(figures: dict) -> str:
    if figures.get("proven_optimal"):
        verdict = "optimum prouvé"
    else:
        gap = figures.get("gap")
        verdict = "meilleure solution trouvée dans le temps donné" + (
            f" (à {percent(gap, 1)} au plus de l'optimum)" if gap is not None else "")
    bound = figures.get("bound")
    text = (f"Solveur {figures.get('solver')} : {verdict} · objectif "
            f"{number(figures['objective'], 3)}"
            + (f" · borne {number(bound, 3)}" if bound is not None else "")
            + f" · {number(figures['seconds'])} s")
    if figures.get("moves"):
        text += f" · {figures['moves']} déplacement(s) pour rétablir les règles"
    if figures.get("hand_moves"):
        text += f" · {figures['hand_moves']} déplacement(s) à la main"
    return text


def run_section(event: Event, page: GroupsPage) -> None:
    run = page.run
    if run is None:
        st.info("Aucune répartition pour l'instant : réglez les paramètres et lancez le "
                "calcul.")
        return
    assignment = assignment_of(run)
    members = [m for m in page.members if m.id in assignment]
    groups = run.settings["groups"]
    st.caption(solver_summary(run.figures))
    if run.published_at:
        st.success("Publiée : chaque téléphone affiche le groupe de la personne.")
    else:
        st.warning("Brouillon : pas encore publiée.")

    frame = make_up(members, assignment)
    st.dataframe(frame, hide_index=True, width="stretch")
    columns = st.columns(3)
    for column, (attribute, title) in zip(columns, (("organisation", "Structures"),
                                                    ("role", "Rôles"), ("language", "Langues"))):
        column.plotly_chart(charts.group_composition(composition(members, assignment, attribute),
                                                     title, legend=attribute != "organisation"),
                            width="stretch")
    st.subheader("Qualité, à côté d'un tirage au sort")
    candidates = {"cette répartition": assignment,
                  "tirage au sort": random_draw(members, groups, random.Random(event.id))}
    st.dataframe(quality_rows(members, candidates, groups, lower_bounds(members, groups)),
                 width="stretch")

    labels = {m.id: f"{m.name} ({m.organisation}) · groupe {assignment[m.id]}"
              for m in sorted(members, key=lambda m: m.name)}
    with st.form("move"):
        cols = st.columns([4, 1, 1])
        person = cols[0].selectbox("Déplacer à la main", list(labels), format_func=labels.get,
                                   index=None, placeholder="Choisissez une personne")
        target = cols[1].number_input("Vers le groupe", 1, groups, 1)
        if cols[2].form_submit_button("Déplacer") and person is not None:
            day.move_in_draft(ui.engine(), run.id, person, int(target))
            st.rerun()

    cols = st.columns(2)
    if cols[0].button("Publier ces groupes", type="primary", disabled=bool(run.published_at)):
        day.publish_groups(ui.engine(), event.id, run.id)
        st.rerun()
    if page.published and cols[1].button("Rééquilibrer (arrivées tardives, absences)"):
        settings = GroupSettings(groups, run.settings["min_size"], run.settings["max_size"],
                                 run.settings["time_limit"])
        if solving(day.rebalance_groups, settings, event.id, run):
            st.rerun()


def latecomers_section(event_id: int, waiting: list[Member]) -> None:
    """People who arrived after the groups were published: placed with one action that
    moves nobody else; their phone then shows their group."""
    if not waiting:
        return
    st.warning(f"{len(waiting)} personne(s) arrivée(s) après la publication n'ont pas de "
               "groupe : " + ui.plain(", ".join(m.name for m in waiting[:12]))
               + (" …" if len(waiting) > 12 else "") + ".", icon=":material/person_add:")
    if st.button(f"Placer ces {len(waiting)} personne(s) dans les groupes",
                 help="Chacune va dans le plus petit groupe, là où sa structure et son rôle "
                      "sont le moins représentés, en respectant les règles (ensemble, séparer, "
                      "placer). Personne d'autre ne change de groupe, sauf si une règle "
                      "l'exige."):
        placement = day.place_latecomers(ui.engine(), event_id)
        ui.flash(placement_message(placement))
        st.rerun()


def placement_message(placement: Placement) -> str:
    placed = placement.placed
    text = f"{len(placed)} personne(s) placée(s) : " + ", ".join(
        f"groupe {n}" for n in sorted(set(placed.values()))) + "."
    if placement.moved:
        text += (f" {len(placement.moved)} personne(s) déjà placée(s) change(nt) de groupe pour "
                 "respecter une règle « Séparer » : " + ", ".join(
                     f"groupe {n}" for n in sorted(set(placement.moved.values()))) + ".")
    if placement.unmet:
        text += (f" {placement.unmet} règle(s) « Séparer » ne tien(nen)t pas : l'autre personne "
                 "est retenue dans son groupe par une autre règle. Voyez les règles ci-dessous.")
    return text


def render() -> None:
    event = ui.require_current_event()
    st.title("Groupes de travail")
    page = day.groups_page(ui.engine(), event.id)
    st.caption(f"{page.present} personne(s) arrivée(s) sur {len(page.everyone)} inscrite(s).")
    ui.show_flash()
    latecomers_section(event.id, page.latecomers)
    labels = {m.id: f"{m.name} ({m.organisation})" for m in sorted(page.everyone,
                                                                   key=lambda m: m.name)}
    settings_form(event)
    rules_section(event.id, page.rules, labels, event.group_count)
    run_section(event, page)


if __name__ == "__main__":
    ui.hand_over_to_app()
