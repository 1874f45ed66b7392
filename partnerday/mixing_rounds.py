"""Tables tournantes in the database: the rounds planned (`mixing.plan_rounds`) for the
people present, each person's circle per round, and what earlier activities they follow.
Planning anew replaces the rounds of the event."""

from __future__ import annotations

import random

from sqlalchemy import delete, func
from sqlmodel import Session, select

from partnerday.db import lock_event_for_writing
from partnerday.encounters import MERGED, event_activities
from partnerday.mixing import MixingPlan, MixingSettings, new_pairs, pairs_in, place_latecomers, \
    plan_rounds, round_bound, \
    random_rounds
from partnerday.models import Event, MixingRound, Participant


def mixing_input(session: Session, event: Event
                 ) -> tuple[dict[int, str], set[tuple[int, int]], list[dict[int, object]]]:
    """The people present (checked in) with their organisation, the pairs who met at
    breakfast and in the working groups, and those activities as cliques (for the bound)."""
    organisation_of, activities = event_activities(session, event, with_mixing=False)
    present = set(session.exec(select(Participant.id).where(
        Participant.event_id == event.id, Participant.checked_in_at.is_not(None))))
    organisation_of = {p: o for p, o in organisation_of.items() if p in present}
    activities = [a for a in activities if a.name != MERGED]
    met = {p for activity in activities for p in pairs_in(activity.circles)}
    cliques = [{p: n for n, circle in enumerate(activity.circles) for p in circle}
               for activity in activities]
    return organisation_of, met, cliques


def random_comparison(organisation_of: dict[int, str], met: set[tuple[int, int]],
                      settings: MixingSettings, seed: int) -> list[int]:
    """A random draw's new pairs, round by round, after the same earlier activities."""
    known, counts = set(met), []
    for circles in random_rounds(organisation_of, settings, random.Random(seed)):
        counts.append(new_pairs(circles, organisation_of, known))
        known |= pairs_in(circles)
    return counts


def plan_for_event(organisation_of: dict[int, str], met: set[tuple[int, int]],
                   cliques: list[dict[int, object]], settings: MixingSettings,
                   seed: int) -> tuple[MixingPlan, list[int]]:
    return (plan_rounds(organisation_of, met, settings, seed, cliques),
            random_comparison(organisation_of, met, settings, seed))


def save_plan(session: Session, event_id: int, plan: MixingPlan, drawn: list[int],
              settings: MixingSettings) -> None:
    lock_event_for_writing(session, event_id)
    session.exec(delete(MixingRound).where(MixingRound.event_id == event_id))
    for number, (circles, figures, random_new) in enumerate(
            zip(plan.rounds, plan.figures, drawn), 1):
        session.add(MixingRound(
            event_id=event_id, number=number,
            assignment={str(p): n for n, circle in enumerate(circles, 1) for p in circle},
            figures={"new_pairs": figures.new_pairs, "bound": figures.bound,
                     "seconds": round(figures.seconds, 2), "random_new_pairs": random_new,
                     "min_size": settings.min_size, "max_size": settings.max_size}))
    event = session.get(Event, event_id)
    event.mixing_shown = 1
    session.add(event)
    session.flush()


def stored_rounds(session: Session, event_id: int) -> list[MixingRound]:
    return list(session.exec(select(MixingRound).where(MixingRound.event_id == event_id)
                             .order_by(MixingRound.number)))


def circles_of_people(session: Session, event_id: int) -> dict[int, tuple[int, ...]]:
    """person -> their circle in each round (what a phone shows)."""
    rounds = stored_rounds(session, event_id)
    people: dict[int, list[int]] = {}
    for number, row in enumerate(rounds):
        for person, circle in row.assignment.items():
            people.setdefault(int(person), [0] * len(rounds))[number] = circle
    return {p: tuple(c) for p, c in people.items()}


def show_round(session: Session, event_id: int, number: int) -> None:
    """The projector shows this round's circles."""
    event = session.get(Event, event_id)
    event.mixing_shown, event.projector_screen = number, "mixing"
    session.add(event)


def mixing_stamp(session: Session, event_id: int) -> tuple:
    """Changes whenever the rounds are composed anew (open phones then show the new ones)."""
    return tuple(session.exec(select(func.count(MixingRound.id), func.max(MixingRound.id),
                                     func.max(MixingRound.created_at))
                              .where(MixingRound.event_id == event_id)).one())


def mixing_latecomers(session: Session, event_id: int) -> list[int]:
    """People checked in who have no circle in the rounds composed."""
    rounds = stored_rounds(session, event_id)
    if not rounds:
        return []
    seated = {int(p) for p in rounds[0].assignment}
    return [p for p in session.exec(select(Participant.id).where(
        Participant.event_id == event_id, Participant.checked_in_at.is_not(None))
        .order_by(Participant.id)) if p not in seated]


def place_latecomers_in_circles(session: Session, event: Event) -> int:
    """Each latecomer into every round's circle where they know the fewest; the rounds'
    figures are counted again from their circles."""
    lock_event_for_writing(session, event.id)
    waiting = mixing_latecomers(session, event.id)
    if not waiting:
        return 0
    rows = stored_rounds(session, event.id)
    organisation_of, met, cliques = mixing_input(session, event)
    rounds = []
    for row in rows:
        circles: dict[int, list[int]] = {}
        for person, circle in row.assignment.items():
            circles.setdefault(circle, []).append(int(person))
        rounds.append([circles[n] for n in sorted(circles)])
    max_size = rows[0].figures.get("max_size", 8)
    placed = place_latecomers(rounds, waiting, organisation_of, met, max_size)
    known, partitions = set(met), [dict(organisation_of), *cliques]
    people = sorted(organisation_of)
    # rows made anew (a new time), so that open phones see the rounds changed (`mixing_stamp`)
    session.exec(delete(MixingRound).where(MixingRound.event_id == event.id))
    session.flush()
    for row, circles in zip(rows, placed):
        session.add(MixingRound(
            event_id=event.id, number=row.number,
            assignment={str(p): n for n, circle in enumerate(circles, 1) for p in circle},
            figures={**row.figures, "new_pairs": new_pairs(circles, organisation_of, known),
                     "bound": round_bound([len(c) for c in circles], people, partitions),
                     "latecomers": row.figures.get("latecomers", 0) + len(waiting)}))
        known |= pairs_in(circles)
        partitions.append({p: n for n, c in enumerate(circles) for p in c})
    session.flush()
    return len(waiting)
