"""Organisers: form the working groups (integer program), check them, publish them. In the
account's language."""

import random

import streamlit as st

from partnerday import charts, i18n, ui
from partnerday.formats import number, percent
from partnerday.balancing import InfeasibleSettings, GroupSettings, Member, lower_bounds, \
    random_draw
from partnerday.i18n import N_, _, ngettext
from partnerday.groups import PRESENT, REGISTERED, assignment_of, composition, make_up, \
    quality_rows
from partnerday.latecomers import Placement
from partnerday.models import Event, GroupRule
from partnerday.services import day
from partnerday.services.day import GroupsPage

POPULATIONS = {PRESENT: N_("les personnes arrivées"),
               REGISTERED: N_("toutes les personnes inscrites")}
RULE_LABELS = {"together": N_("Garder ensemble"), "apart": N_("Séparer"),
               "pin": N_("Placer dans le groupe")}


def solving(action, settings: GroupSettings, *args) -> bool:
    """Run a balancing service while a progress bar counts down the solver's time limit;
    False (the refusal shown) when the settings cannot be met."""
    bar = st.progress(0.0, text=_("Recherche de la meilleure répartition…"))

    def progress(elapsed: float) -> None:
        bar.progress(min(elapsed / settings.time_limit, 0.99),
                     text=_("Recherche de la meilleure répartition… {elapsed} s (au plus "
                            "{limit} s)").format(elapsed=f"{elapsed:.0f}",
                                                 limit=f"{settings.time_limit:.0f}"))
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
        groups = cols[0].number_input(_("Groupes"), 1, 60, event.group_count)
        min_size = cols[1].number_input(_("Taille min."), 1, 100, event.group_min)
        max_size = cols[2].number_input(_("Taille max."), 1, 100, event.group_max)
        limit = cols[3].number_input(_("Temps de calcul max. (s)"), 5, 600, 30)
        populations = i18n.labels(POPULATIONS)
        population = cols[4].radio(_("Répartir"), list(populations), format_func=populations.get)
        run = st.form_submit_button(_("Calculer la répartition"), type="primary")
    if not run:
        return
    settings = GroupSettings(int(groups), int(min_size), int(max_size), float(limit))
    if solving(day.form_groups, settings, event.id, settings, population):
        st.rerun()


def rules_section(event_id: int, rules: list[GroupRule], labels: dict[int, str],
                  groups: int) -> None:
    with st.expander(_("Règles des organisateur·rice·s (ensemble, séparé·e·s, placé·e·s)")):
        for rule in rules:
            cols = st.columns([6, 1])
            who = ", ".join(labels.get(p, f"n°{p}") for p in rule.participant_ids)
            suffix = f" {rule.group_number}" if rule.kind == "pin" else ""
            rule_label = _(RULE_LABELS[rule.kind])
            cols[0].write(f"{rule_label}{suffix} : {ui.plain(who)}")
            if cols[1].button(_("Retirer"), key=f"rule_{rule.id}"):
                day.delete_rule(ui.engine(), rule.id)
                st.rerun()
        with st.form("add_rule", clear_on_submit=True):
            cols = st.columns([2, 5, 1])
            kinds = i18n.labels(RULE_LABELS)
            kind = cols[0].selectbox(_("Règle"), list(kinds), format_func=kinds.get)
            people = cols[1].multiselect(_("Personnes"), list(labels), format_func=labels.get)
            number = cols[2].number_input(_("Groupe"), 1, max(groups, 1), 1)
            if st.form_submit_button(_("Ajouter la règle")):
                try:
                    day.add_rule(ui.engine(), event_id, kind, people,
                                 int(number) if kind == "pin" else None)
                except ValueError as exc:
                    ui.show_refusal(exc)
                else:
                    st.rerun()


def solver_summary(figures: dict) -> str:
    if figures.get("proven_optimal"):
        verdict = _("optimum prouvé")
    else:
        gap = figures.get("gap")
        verdict = _("meilleure solution trouvée dans le temps donné") + (
            " " + _("(à {gap} au plus de l'optimum)").format(gap=percent(gap, 1))
            if gap is not None else "")
    bound = figures.get("bound")
    parts = [_("Solveur {solver} : {verdict}").format(solver=figures.get("solver"),
                                                     verdict=verdict),
             _("objectif {value}").format(value=number(figures["objective"], 3))]
    if bound is not None:
        parts.append(_("borne {value}").format(value=number(bound, 3)))
    parts.append(f"{number(figures['seconds'])} s")
    if moves := figures.get("moves"):
        parts.append(ngettext("{count} déplacement pour rétablir les règles",
                              "{count} déplacements pour rétablir les règles",
                              moves).format(count=moves))
    if hand_moves := figures.get("hand_moves"):
        parts.append(ngettext("{count} déplacement à la main", "{count} déplacements à la main",
                              hand_moves).format(count=hand_moves))
    return " · ".join(parts)


def run_section(event: Event, page: GroupsPage) -> None:
    run = page.run
    if run is None:
        st.info(_("Aucune répartition pour l'instant : réglez les paramètres et lancez le "
                  "calcul."))
        return
    assignment = assignment_of(run)
    members = [m for m in page.members if m.id in assignment]
    groups = run.settings["groups"]
    st.caption(solver_summary(run.figures))
    if run.published_at:
        st.success(_("Publiée : chaque téléphone affiche le groupe de la personne."))
    else:
        st.warning(_("Brouillon : pas encore publiée."))

    frame = make_up(members, assignment)
    st.dataframe(frame, hide_index=True, width="stretch", placeholder=ui.NO_VALUE)
    columns = st.columns(3)
    for column, (attribute, title) in zip(columns, (("organisation", _("Structures")),
                                                    ("role", _("Rôles")),
                                                    ("language", _("Langues")))):
        column.plotly_chart(charts.group_composition(composition(members, assignment, attribute),
                                                     title, legend=attribute != "organisation"),
                            width="stretch")
    st.subheader(_("Qualité, à côté d'un tirage au sort"))
    candidates = {_("cette répartition"): assignment,
                  _("tirage au sort"): random_draw(members, groups, random.Random(event.id))}
    st.dataframe(quality_rows(members, candidates, groups, lower_bounds(members, groups)),
                 width="stretch", placeholder=ui.NO_VALUE)

    in_group = _("groupe {number}")
    labels = {m.id: f"{m.name} ({m.organisation}) · {in_group.format(number=assignment[m.id])}"
              for m in sorted(members, key=lambda m: m.name)}
    with st.form("move"):
        cols = st.columns([4, 1, 1])
        person = cols[0].selectbox(_("Déplacer à la main"), list(labels), format_func=labels.get,
                                   index=None, placeholder=_("Choisissez une personne"))
        target = cols[1].number_input(_("Vers le groupe"), 1, groups, 1)
        if cols[2].form_submit_button(_("Déplacer")) and person is not None:
            day.move_in_draft(ui.engine(), run.id, person, int(target))
            st.rerun()

    cols = st.columns(2)
    if cols[0].button(_("Publier ces groupes"), type="primary", disabled=bool(run.published_at)):
        day.publish_groups(ui.engine(), event.id, run.id)
        st.rerun()
    if page.published and cols[1].button(_("Rééquilibrer (arrivées tardives, absences)")):
        settings = GroupSettings(groups, run.settings["min_size"], run.settings["max_size"],
                                 run.settings["time_limit"])
        if solving(day.rebalance_groups, settings, event.id, run):
            st.rerun()


def latecomers_section(event_id: int, waiting: list[Member]) -> None:
    """People who arrived after the groups were published: placed with one action that
    moves nobody else; their phone then shows their group."""
    if not waiting:
        return
    names = ui.plain(", ".join(m.name for m in waiting[:12])) + (" …" if len(waiting) > 12
                                                                  else "")
    st.warning(ngettext("{count} personne arrivée après la publication n'a pas de groupe : "
                        "{names}.",
                        "{count} personnes arrivées après la publication n'ont pas de groupe : "
                        "{names}.", len(waiting)).format(count=len(waiting), names=names),
               icon=":material/person_add:")
    if st.button(ngettext("Placer cette personne dans un groupe",
                          "Placer ces {count} personnes dans les groupes",
                          len(waiting)).format(count=len(waiting)),
                 help=_("Chacune va dans le plus petit groupe, là où sa structure et son rôle "
                        "sont le moins représentés, en respectant les règles (ensemble, "
                        "séparer, placer). Personne d'autre ne change de groupe, sauf si une "
                        "règle l'exige.")):
        placement = day.place_latecomers(ui.engine(), event_id)
        ui.flash(placement_message(placement))
        st.rerun()


def placement_message(placement: Placement) -> str:
    def groups_of(people: dict[int, int]) -> str:
        return ", ".join(_("groupe {number}").format(number=n)
                         for n in sorted(set(people.values())))

    placed = placement.placed
    text = ngettext("{count} personne placée : {groups}.", "{count} personnes placées : "
                    "{groups}.", len(placed)).format(count=len(placed), groups=groups_of(placed))
    if moved := len(placement.moved):
        text += " " + ngettext(
            "{count} personne déjà placée change de groupe pour respecter une règle « Séparer » "
            ": {groups}.",
            "{count} personnes déjà placées changent de groupe pour respecter une règle « "
            "Séparer » : {groups}.", moved).format(count=moved, groups=groups_of(placement.moved))
    if placement.unmet:
        text += " " + ngettext(
            "{count} règle « Séparer » ne tient pas : l'autre personne est retenue dans son "
            "groupe par une autre règle. Voyez les règles ci-dessous.",
            "{count} règles « Séparer » ne tiennent pas : l'autre personne est retenue dans son "
            "groupe par une autre règle. Voyez les règles ci-dessous.",
            placement.unmet).format(count=placement.unmet)
    return text


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Groupes de travail"))
    page = day.groups_page(ui.engine(), event.id)
    st.caption(ngettext("{present} personne arrivée sur {registered} inscrites.",
                        "{present} personnes arrivées sur {registered} inscrites.",
                        page.present).format(present=page.present,
                                             registered=len(page.everyone)))
    ui.show_flash()
    latecomers_section(event.id, page.latecomers)
    labels = {m.id: f"{m.name} ({m.organisation})" for m in sorted(page.everyone,
                                                                   key=lambda m: m.name)}
    settings_form(event)
    rules_section(event.id, page.rules, labels, event.group_count)
    run_section(event, page)


if __name__ == "__main__":
    ui.hand_over_to_app()
