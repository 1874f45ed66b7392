"""The day, run from the organisers' laptop and the arrivals desk: the doors and the tables,
the working groups (balanced by the integer program), the case rounds, the live questions,
the pooling, and the dashboard."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine
from sqlmodel import select

from partnerday import arrival, groups, mixing_rounds, polls, projector, rounds
from partnerday.balancing import GroupSettings, Member, Rules, Solution, balance, check_settings
from partnerday.cases import list_cases
from partnerday.commitments import list_commitments
from partnerday.db import session_scope
from partnerday.encounters import Encounters, event_encounters, previous_encounters
from partnerday.findings import filled_fields
from partnerday.followup import PreviousResults, previous_results
from partnerday.latecomers import Placement
from partnerday.merge import merge_sets
from partnerday.mixing import MixingPlan, MixingSettings, circle_sizes
from partnerday.models import BalanceRun, Case, Commitment, Event, GroupRule, MixingRound, \
    Participant, Poll, WallPost, WorkGroup
from partnerday.overview import DayOverview, day_overview
from partnerday.participants import participants_frame
from partnerday.privacy import events_due

# --- arrivals: the doors, the tables, the desk ------------------------------------------------


def set_doors(engine: Engine, event_id: int, is_open: bool) -> None:
    with session_scope(engine) as session:
        arrival.set_doors(session, event_id, is_open)


def tables_laid(engine: Engine, event_id: int) -> list[int]:
    with session_scope(engine) as session:
        return [number for number, _, _ in arrival.seating_plan(session, event_id)]


def lay_tables(engine: Engine, event_id: int, count: int) -> None:
    with session_scope(engine) as session:
        arrival.lay_tables(session, session.get(Event, event_id), count)


def arrivals(engine: Engine, event_id: int) -> pd.DataFrame:
    """Everyone registered, with their arrival time and table."""
    with session_scope(engine) as session:
        return arrival.arrivals_frame(session, event_id)


def check_in(engine: Engine, person_id: int) -> arrival.Seat:
    """By hand, at the desk; refused with `arrival.ArrivalRefused`."""
    with session_scope(engine) as session:
        return arrival.check_in(session, person_id)


def move_to_table(engine: Engine, person_id: int, table: int) -> None:
    with session_scope(engine) as session:
        arrival.move_to_table(session, person_id, table)


def undo_check_in(engine: Engine, person_id: int) -> None:
    with session_scope(engine) as session:
        arrival.undo_check_in(session, person_id)


def walk_ins_to_confirm(engine: Engine, event_id: int) -> list[tuple[int, str, str, str]]:
    with session_scope(engine) as session:
        return arrival.walk_ins_to_confirm(session, event_id)


def confirm_walk_ins(engine: Engine, event_id: int, person_ids: list[int]) -> int:
    with session_scope(engine) as session:
        return arrival.confirm_walk_ins(session, event_id, person_ids)


# --- working groups ----------------------------------------------------------------------------

Progress = Callable[[float], None]
"""Called about four times a second with the seconds spent, while the solver works."""


def _solve(members: list[Member], settings: GroupSettings, rules: Rules,
           current: dict[int, int] | None, on_progress: Progress | None) -> Solution:
    return _in_a_worker(on_progress, balance, members, settings, rules, current)


def _in_a_worker(on_progress: Progress | None, work, *args):
    """Long work (a solver) in a worker thread, the caller's thread free to show its
    progress; outside any transaction."""
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work, *args)
        while not future.done():
            if on_progress is not None:
                on_progress(time.monotonic() - started)
            time.sleep(0.25)
    return future.result()


def _save_solution(engine: Engine, event_id: int, settings: GroupSettings,
                   solution: Solution, population: str) -> None:
    with session_scope(engine) as session:
        groups.save_run(session, event_id, settings, solution, population)
        groups.remember_settings(session, event_id, settings)


def form_groups(engine: Engine, event_id: int, settings: GroupSettings, population: str,
                on_progress: Progress | None = None) -> None:
    """A new draft of the groups for `population` (`groups.PRESENT` or `REGISTERED`), the
    rules kept; refused with `balancing.InfeasibleSettings`. The solver runs outside any
    transaction (it may take the whole time limit)."""
    with session_scope(engine) as session:
        members = groups.members_for_balancing(session, event_id, population)
        rules = groups.load_rules(session, event_id)
    check_settings(members, settings, rules)
    _save_solution(engine, event_id, settings, _solve(members, settings, rules, None,
                                                      on_progress), population)


def rebalance_groups(engine: Engine, event_id: int, run: BalanceRun,
                     on_progress: Progress | None = None) -> None:
    """After publication (latecomers, absences): the people present, moving as few of them
    as the rules and sizes allow from their published group."""
    settings = GroupSettings(run.settings["groups"], run.settings["min_size"],
                             run.settings["max_size"], run.settings["time_limit"])
    with session_scope(engine) as session:
        present = groups.members_for_balancing(session, event_id, groups.PRESENT)
        rules = groups.load_rules(session, event_id)
        published = groups.published_assignment(session, event_id)
    _save_solution(engine, event_id, settings,
                   _solve(present, settings, rules, published, on_progress), groups.PRESENT)


@dataclass(frozen=True)
class GroupsPage:
    everyone: list[Member]
    present: int
    latecomers: list[Member]
    rules: list[GroupRule]
    run: BalanceRun | None
    members: list[Member]  # those of the run's population
    published: dict[int, int]  # person id -> group, as published


def groups_page(engine: Engine, event_id: int) -> GroupsPage:
    with session_scope(engine) as session:
        everyone = groups.members_for_balancing(session, event_id, groups.REGISTERED)
        present = len(groups.members_for_balancing(session, event_id, groups.PRESENT))
        run = groups.latest_run(session, event_id)
        members = (groups.members_for_balancing(session, event_id, run.settings["population"])
                   if run is not None else [])
        return GroupsPage(everyone, present, groups.latecomers(session, event_id),
                          groups.list_rules(session, event_id), run, members,
                          groups.published_assignment(session, event_id))


def add_rule(engine: Engine, event_id: int, kind: str, person_ids: list[int],
             group: int | None) -> None:
    """Refused with a `ValueError` (its French message)."""
    with session_scope(engine) as session:
        groups.add_rule(session, event_id, kind, person_ids, group)


def delete_rule(engine: Engine, rule_id: int) -> None:
    with session_scope(engine) as session:
        groups.delete_rule(session, rule_id)


def move_in_draft(engine: Engine, run_id: int, person_id: int, group: int) -> None:
    with session_scope(engine) as session:
        groups.move_in_run(session, run_id, person_id, group)


def publish_groups(engine: Engine, event_id: int, run_id: int) -> int:
    with session_scope(engine) as session:
        return groups.publish(session, event_id, run_id)


def place_latecomers(engine: Engine, event_id: int) -> Placement:
    with session_scope(engine) as session:
        return groups.place_latecomers(session, event_id)


# --- tables tournantes ---------------------------------------------------------------------


@dataclass(frozen=True)
class MixingPage:
    present: int
    rounds: list[MixingRound]  # as planned, with their figures
    shown: int  # the round the projector shows
    names: dict[int, str]  # person id -> first name (a public screen's view)
    latecomers: int  # arrived after the rounds were composed: no circle yet


def mixing_page(engine: Engine, event_id: int) -> MixingPage:
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        present = len(session.exec(select(Participant.id).where(
            Participant.event_id == event_id, Participant.checked_in_at.is_not(None))).all())
        names = dict(session.exec(select(Participant.id, Participant.first_name).where(
            Participant.event_id == event_id)).all())
        return MixingPage(present, mixing_rounds.stored_rounds(session, event_id),
                          event.mixing_shown, names,
                          len(mixing_rounds.mixing_latecomers(session, event_id)))


def place_mixing_latecomers(engine: Engine, event_id: int) -> int:
    """Latecomers into every round's circle where they know the fewest; nobody else moves."""
    with session_scope(engine) as session:
        return mixing_rounds.place_latecomers_in_circles(session, session.get(Event, event_id))


def plan_mixing(engine: Engine, event_id: int, settings: MixingSettings,
                on_progress: Progress | None = None) -> MixingPlan:
    """Rounds for the people present, after breakfast and the working groups (replacing
    rounds planned before); refused with `mixing.MixingRefused`."""
    with session_scope(engine) as session:
        organisation_of, met, cliques = mixing_rounds.mixing_input(
            session, session.get(Event, event_id))
    circle_sizes(len(organisation_of), settings.min_size, settings.max_size)  # refuses early
    plan, drawn = _in_a_worker(on_progress, mixing_rounds.plan_for_event, organisation_of,
                               met, cliques, settings, event_id)
    with session_scope(engine) as session:
        mixing_rounds.save_plan(session, event_id, plan, drawn, settings)
    return plan


def show_mixing_round(engine: Engine, event_id: int, number: int) -> None:
    """The projector shows that round's circles."""
    with session_scope(engine) as session:
        mixing_rounds.show_round(session, event_id, number)


# --- case rounds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundsPage:
    clock: rounds.ClockView
    round_minutes: int
    cases: list[Case]
    groups: list[WorkGroup]
    languages: dict[int, str]  # group id -> its tablets' language (groups.tablet_languages)


def _groups_of(session, event_id: int) -> list[WorkGroup]:
    return list(session.exec(select(WorkGroup).where(WorkGroup.event_id == event_id)
                             .order_by(WorkGroup.number)))


def rounds_page(engine: Engine, event: Event) -> RoundsPage:
    with session_scope(engine) as session:
        return RoundsPage(rounds.event_clock(session, event),
                          rounds.get_clock(session, event.id).round_minutes,
                          list_cases(session, event.id), _groups_of(session, event.id),
                          groups.tablet_languages(session, event.id))


@dataclass(frozen=True)
class RoundsPanel:
    event: Event
    clock: rounds.ClockView
    cases: list[Case]
    groups: list[WorkGroup]
    filled: dict[tuple[int, int], int]  # (group id, case id) -> fields written


def rounds_panel(engine: Engine, event_id: int) -> RoundsPanel:
    """What the organisers' clock panel shows each second, in one transaction."""
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        return RoundsPanel(event, rounds.event_clock(session, event),
                           list_cases(session, event_id), _groups_of(session, event_id),
                           filled_fields(session, event_id))


CLOCK_ACTIONS = {"start": rounds.start, "pause": rounds.pause, "extend": rounds.extend,
                 "advance": rounds.advance, "reset": rounds.reset,
                 "round minutes": rounds.set_round_minutes}


def drive_the_clock(engine: Engine, action: str, event_id: int, *args: int) -> None:
    """One of `CLOCK_ACTIONS` (start, pause, +5 min, next round, reset, a round's length);
    refused with `rounds.ClockRefused`."""
    with session_scope(engine) as session:
        CLOCK_ACTIONS[action](session, event_id, *args)


# --- live questions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PollsPage:
    polls: list[Poll]
    answers: pd.DataFrame  # every answer, without names (the CSV export)


def polls_page(engine: Engine, event_id: int) -> PollsPage:
    with session_scope(engine) as session:
        return PollsPage(polls.list_polls(session, event_id),
                         polls.votes_frame(session, event_id))


def poll_answers(engine: Engine, poll: Poll) -> tuple[polls.Results, list[WallPost]]:
    """A question's results, and for a wall its posts to moderate."""
    with session_scope(engine) as session:
        return polls.poll_results(session, poll), (
            polls.wall_posts_for_moderation(session, poll) if poll.kind == "wall" else [])


def create_poll(engine: Engine, event_id: int, kind: str, **fields) -> None:
    """Refused with `polls.VoteRefused` (the question), `content.TranslationRefused`."""
    with session_scope(engine) as session:
        polls.create_poll(session, event_id, kind, **fields)


def edit_poll(engine: Engine, poll_id: int, **fields) -> None:
    """Refused with `polls.VoteRefused` (the question), `content.TranslationRefused`."""
    with session_scope(engine) as session:
        polls.edit_poll(session, poll_id, **fields)


POLL_ACTIONS = {"open": polls.set_open, "hide results": polls.set_results_hidden,
                "project": polls.project, "move": polls.move_poll,
                "new round": polls.reset_poll, "delete": polls.delete_poll,
                "hide post": polls.hide_post}


def act_on_poll(engine: Engine, action: str, target_id: int, *args) -> None:
    """One of `POLL_ACTIONS` on a question (or, for "hide post", a wall's post)."""
    with session_scope(engine) as session:
        POLL_ACTIONS[action](session, target_id, *args)


# --- the projector, from the laptop -------------------------------------------------------


def show_on_projector(engine: Engine, event_id: int, screen: str) -> None:
    with session_scope(engine) as session:
        projector.set_screen(session, event_id, screen)


def set_projector_languages(engine: Engine, event_id: int, languages: list[str]) -> None:
    with session_scope(engine) as session:
        projector.set_screen_languages(session, event_id, languages)


def set_question_view(engine: Engine, event_id: int, split: bool, compare: int | None) -> None:
    with session_scope(engine) as session:
        projector.set_question_view(session, event_id, split, compare)


def show_pooling_on_projector(engine: Engine, event_id: int, set_index: int,
                              case_id: int) -> None:
    with session_scope(engine) as session:
        projector.set_pooling_view(session, event_id, set_index, case_id)


def pooling_sets(engine: Engine, event: Event) -> list[tuple[int, ...]]:
    """The groups that pool their work together (six merging into three, or all)."""
    with session_scope(engine) as session:
        return merge_sets(event, len(list_cases(session, event.id)))


# --- the dashboard -------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    participants: pd.DataFrame
    last_year: PreviousResults | None
    other_events_due: list[str]  # names of other events whose data must be anonymised
    carried_over: list[Commitment]  # last year's commitments, to review this year


def dashboard(engine: Engine, event: Event, today: date) -> Dashboard:
    with session_scope(engine) as session:
        return Dashboard(participants_frame(session, event.id),
                         previous_results(session, event),
                         [e.name for e in events_due(session, today) if e.id != event.id],
                         [c for c in list_commitments(session, event.id) if c.carried_from])


@dataclass(frozen=True)
class EncountersView:
    now: Encounters
    previous_name: str | None = None  # last year's event, when people met there
    previous: Encounters | None = None


def encounters(engine: Engine, event: Event) -> EncountersView:
    """How well the day mixed organisations (no names), beside last year's."""
    with session_scope(engine) as session:
        now = event_encounters(session, event)
        previous = previous_encounters(session, event)
    return EncountersView(now, *(previous or (None, None)))


def the_day(engine: Engine, event_id: int) -> DayOverview:
    with session_scope(engine) as session:
        return day_overview(session, session.get(Event, event_id))
