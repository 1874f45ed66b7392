"""Working groups of an event: who is balanced, the organisers' rules, runs, publishing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from partnerday.balancing import Member, Rules, GroupSettings, Solution, quality
from partnerday.models import LANGUAGES, BalanceRun, BreakfastTable, Event, GroupRule, \
    Organisation, Participant, ROLE_LABELS_FR, WorkGroup, utcnow
from partnerday.db import lock_event_for_writing
from partnerday.i18n import N_, _
from partnerday.refusals import Refusal
from partnerday.latecomers import Placement, groups_for_latecomers
from partnerday.participants import public_names_by
from partnerday.tokens import new_token

PRESENT, REGISTERED = "present", "registered"


def tablet_language(chosen: str | None, members_languages: Iterable[str]) -> str:
    """The language a group's tablets speak: the one chosen for the group, else the one most
    of its members read; on a tie French, the language the day is run in."""
    if chosen in LANGUAGES:
        return chosen
    counts = Counter(language for language in members_languages if language in LANGUAGES)
    if not counts:
        return LANGUAGES[0]
    most = max(counts.values())
    return next(language for language in LANGUAGES if counts[language] == most)


def tablet_languages(session: Session, event_id: int,
                     group_id: int | None = None) -> dict[int, str]:
    """Each group's tablet language (`tablet_language`), or only `group_id`'s."""
    groups = select(WorkGroup).where(WorkGroup.event_id == event_id)
    members = select(Participant.group_id, Participant.language).where(
        Participant.event_id == event_id, Participant.group_id.is_not(None),
        Participant.erased_at == None)  # noqa: E711
    if group_id is not None:
        groups = groups.where(WorkGroup.id == group_id)
        members = members.where(Participant.group_id == group_id)
    spoken: dict[int, list[str]] = {}
    for member_group, language in session.exec(members):
        spoken.setdefault(member_group, []).append(language)
    return {group.id: tablet_language(group.language, spoken.get(group.id, []))
            for group in session.exec(groups)}


def members_for_balancing(session: Session, event_id: int,
                          population: str = PRESENT) -> list[Member]:
    """Checked-in people (on the day) or everyone registered (before it), with the breakfast
    table they sat at (or were planned at)."""
    query = (select(Participant, Organisation.name, BreakfastTable.number)
             .join(Organisation, Organisation.id == Participant.organisation_id)
             .join(BreakfastTable, BreakfastTable.id == Participant.table_id, isouter=True)
             .where(Participant.event_id == event_id).order_by(Participant.id))
    if population == PRESENT:
        query = query.where(Participant.checked_in_at.is_not(None))
    return [Member(id=p.id, organisation=org, role=p.role, language=p.language,
                   table=table if table is not None else p.planned_table, name=p.name)
            for p, org, table in session.exec(query)]


def load_rules(session: Session, event_id: int) -> Rules:
    rules = Rules()
    for rule in session.exec(select(GroupRule).where(GroupRule.event_id == event_id)
                             .order_by(GroupRule.id)):
        if rule.kind == "together":
            rules.together.append(list(rule.participant_ids))
        elif rule.kind == "apart":
            rules.apart.append(list(rule.participant_ids))
        elif rule.kind == "pin" and rule.group_number:
            rules.pins.update({pid: rule.group_number for pid in rule.participant_ids})
    return rules


class RuleRefused(Refusal):
    """An organisers' rule (together, apart, pin) or a hand move that cannot be kept."""


def add_rule(session: Session, event_id: int, kind: str, participant_ids: list[int],
             group_number: int | None = None) -> GroupRule:
    if kind not in ("together", "apart", "pin"):
        raise RuleRefused.of(N_("Règle inconnue : {kind}."), kind=kind)
    if kind in ("together", "apart") and len(set(participant_ids)) < 2:
        raise RuleRefused.of(N_("Choisissez au moins deux personnes."), code="rule_needs_two")
    if kind == "pin" and (not participant_ids or not group_number):
        raise RuleRefused.of(N_("Choisissez au moins une personne et un groupe."),
                             code="rule_needs_a_group")
    rule = GroupRule(event_id=event_id, kind=kind, participant_ids=sorted(set(participant_ids)),
                     group_number=group_number)
    session.add(rule)
    session.flush()
    return rule


def list_rules(session: Session, event_id: int) -> list[GroupRule]:
    return list(session.exec(select(GroupRule).where(GroupRule.event_id == event_id)
                             .order_by(GroupRule.id)))


def delete_rule(session: Session, rule_id: int) -> None:
    session.exec(delete(GroupRule).where(GroupRule.id == rule_id))


def save_run(session: Session, event_id: int, settings: GroupSettings, solution: Solution,
             population: str) -> BalanceRun:
    run = BalanceRun(
        event_id=event_id,
        settings={"groups": settings.groups, "min_size": settings.min_size,
                  "max_size": settings.max_size, "time_limit": settings.time_limit,
                  "population": population},
        figures={"status": solution.status, "proven_optimal": solution.proven_optimal,
                 "objective": solution.objective, "bound": solution.bound,
                 "gap": solution.gap, "seconds": round(solution.seconds, 2),
                 "moves": solution.moves, "solver": solution.solver},
        assignment={str(p): g for p, g in solution.assignment.items()})
    session.add(run)
    session.flush()
    return run


def remember_settings(session: Session, event_id: int, settings: GroupSettings) -> None:
    """The form's next defaults: the event's group count and sizes."""
    event = session.get(Event, event_id)
    event.group_count, event.group_min, event.group_max = settings.groups, \
        settings.min_size, settings.max_size
    session.add(event)


def latest_run(session: Session, event_id: int) -> BalanceRun | None:
    return session.exec(select(BalanceRun).where(BalanceRun.event_id == event_id)
                        .order_by(BalanceRun.id.desc())).first()


def assignment_of(run: BalanceRun) -> dict[int, int]:
    return {int(p): int(g) for p, g in run.assignment.items()}


def move_in_run(session: Session, run_id: int, participant_id: int, group: int) -> None:
    run = session.get(BalanceRun, run_id)
    if not 1 <= group <= run.settings["groups"]:
        raise RuleRefused.of(N_("Il n'y a pas de groupe {group}."), code="no_such_group",
                             group=group)
    assignment = dict(run.assignment)
    assignment[str(participant_id)] = group
    run.assignment = assignment  # a new dict, so that the JSON column is written
    run.figures = {**run.figures, "hand_moves": run.figures.get("hand_moves", 0) + 1}
    session.add(run)
    session.flush()


def publish(session: Session, event_id: int, run_id: int) -> int:
    """Make the run's groups the event's groups: phones then show each person theirs."""
    run = session.get(BalanceRun, run_id)
    groups = run.settings["groups"]
    existing = {g.number: g for g in session.exec(select(WorkGroup)
                                                  .where(WorkGroup.event_id == event_id))}
    for number in range(1, groups + 1):
        if number not in existing:
            existing[number] = WorkGroup(event_id=event_id, number=number, token=new_token())
            session.add(existing[number])
    session.flush()
    session.exec(update(Participant).where(Participant.event_id == event_id)
                 .values(group_id=None))
    for pid, number in assignment_of(run).items():
        session.exec(update(Participant).where(Participant.id == pid)
                     .values(group_id=existing[number].id))
    run.published_at = utcnow()
    session.add(run)
    session.flush()
    return groups


def groups_are_published(session: Session, event_id: int) -> bool:
    return session.exec(select(WorkGroup.id).where(WorkGroup.event_id == event_id)
                        ).first() is not None


def groups_stamp(session: Session, event_id: int) -> str:
    """Changes whenever someone's group does: how many have one, and the latest publish."""
    grouped = session.exec(select(func.count()).select_from(Participant).where(
        Participant.event_id == event_id, Participant.group_id.is_not(None))).one()
    published = session.exec(select(func.max(BalanceRun.published_at)).where(
        BalanceRun.event_id == event_id)).one()
    return f"{grouped}-{published}"


def latecomers(session: Session, event_id: int) -> list[Member]:
    """Arrived people without a group once the groups are published (none before)."""
    if not groups_are_published(session, event_id):
        return []
    grouped = set(session.exec(select(Participant.id).where(
        Participant.event_id == event_id, Participant.group_id.is_not(None))))
    return [m for m in members_for_balancing(session, event_id) if m.id not in grouped]


def place_latecomers(session: Session, event_id: int) -> Placement:
    """Place every latecomer (see `latecomers.groups_for_latecomers`, which keeps the
    organisers' rules) and note it in the published run, so that publishing it again keeps
    them where they are."""
    lock_event_for_writing(session, event_id)
    waiting = latecomers(session, event_id)
    if not waiting:
        return Placement({})
    groups = {g.number: g for g in session.exec(select(WorkGroup).where(
        WorkGroup.event_id == event_id))}
    number_of = {g.id: g.number for g in groups.values()}
    current: dict[int, list[Member]] = {n: [] for n in groups}
    by_id = {m.id: m for m in members_for_balancing(session, event_id, REGISTERED)}
    for pid, group_id in session.exec(select(Participant.id, Participant.group_id).where(
            Participant.event_id == event_id, Participant.group_id.is_not(None))):
        current[number_of[group_id]].append(by_id[pid])
    placement = groups_for_latecomers(waiting, current, load_rules(session, event_id))
    changes = {**placement.moved, **placement.placed}
    for pid, number in changes.items():
        session.exec(update(Participant).where(Participant.id == pid)
                     .values(group_id=groups[number].id))
    run = session.exec(select(BalanceRun).where(BalanceRun.event_id == event_id,
                                                BalanceRun.published_at.is_not(None))
                       .order_by(BalanceRun.published_at.desc())).first()
    if run is not None:
        run.assignment = {**run.assignment, **{str(p): n for p, n in changes.items()}}
        session.add(run)
    session.flush()
    return placement


def published_assignment(session: Session, event_id: int) -> dict[int, int]:
    rows = session.exec(select(Participant.id, WorkGroup.number)
                        .join(WorkGroup, WorkGroup.id == Participant.group_id)
                        .where(Participant.event_id == event_id))
    return dict(rows.all())


def make_up(members: list[Member], assignment: dict[int, int]) -> pd.DataFrame:
    """One row per group: size, roles, organisations, languages (for the table and chart)."""
    rows = []
    for group in sorted(set(assignment.values())):
        people = [m for m in members if assignment.get(m.id) == group]
        roles = Counter(m.role for m in people)
        orgs = Counter(m.organisation for m in people)
        languages = Counter(m.language for m in people)
        rows.append({_("groupe"): group, _("taille"): len(people),
                     _(ROLE_LABELS_FR["worker"]): roles["worker"],
                     _(ROLE_LABELS_FR["user"]): roles["user"],
                     _(ROLE_LABELS_FR["facilitator"]): roles["facilitator"],
                     _("structures"): len(orgs),
                     _("max. d'une structure"): max(orgs.values(), default=0),
                     _("langues"): ", ".join(f"{lang} {n}"
                                             for lang, n in sorted(languages.items()))})
    return pd.DataFrame(rows)


def composition(members: list[Member], assignment: dict[int, int],
                attribute: str) -> pd.DataFrame:
    """People per group and value of one attribute (role, language), for a stacked chart."""
    counts = Counter((assignment[m.id], getattr(m, attribute)) for m in members
                     if m.id in assignment)
    labels = ROLE_LABELS_FR if attribute == "role" else {}
    return pd.DataFrame([{"groupe": str(g), "valeur": _(labels[v]) if v in labels else v,
                          "personnes": n}
                         for (g, v), n in sorted(counts.items())])


QUALITY_LABELS = {"max_same_organisation": N_("max. d'une même structure dans un groupe"),
                  "role_imbalance": N_("écart travailleur·euse·s / usager·ère·s (somme)"),
                  "colleague_pairs": N_("paires de collègues dans un même groupe"),
                  "tablemate_pairs": N_("paires de voisin·e·s du petit déjeuner réunies"),
                  "language_spread": N_("écart à une répartition égale des langues"),
                  "size_spread": N_("écart de taille entre groupes")}


def quality_rows(members: list[Member], candidates: dict[str, dict[int, int]],
                 groups: int, bounds) -> pd.DataFrame:
    """The quality panel: each criterion for each candidate assignment, and the bound."""
    table = {name: [getattr(quality(members, a, groups), key) for key in QUALITY_LABELS]
             for name, a in candidates.items()}
    table[_("meilleur possible (chaque critère seul)")] = [getattr(bounds, key)
                                                          for key in QUALITY_LABELS]
    return pd.DataFrame(table, index=[_(label) for label in QUALITY_LABELS.values()])


def groups_plan(session: Session, event_id: int) -> list[tuple[int, list[str]]]:
    """(group number, first names): what the projector shows."""
    numbers = dict(session.exec(select(WorkGroup.id, WorkGroup.number)
                                .where(WorkGroup.event_id == event_id)).all())
    names = public_names_by(session, Participant.group_id, Participant.event_id == event_id,
                            Participant.group_id.is_not(None))
    return sorted((numbers[group_id], found) for group_id, found in names.items()
                  if group_id in numbers)
