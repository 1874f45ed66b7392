"""The emblematic cases of an event, and the rounds in which actors visit the groups."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import delete
from sqlmodel import Session, select

from partnerday import content
from partnerday.i18n import N_, _
from partnerday.refusals import Refusal
from partnerday.spreadsheet import cell_text
from partnerday.models import Case, Event
from partnerday.rotation import best_merge_pairs, every_group_every_case, \
    every_group_every_round, idle_slots, own_cases, own_cases_schedule, rounds_needed

CASE_COLUMNS = ["id", "title", "actor", "brief", "themes", *content.columns("case")]


class CaseRefused(Refusal):
    """Cases or pairs that cannot be saved, with the reason in French."""


def list_cases(session: Session, event_id: int) -> list[Case]:
    return list(session.exec(select(Case).where(Case.event_id == event_id)
                             .order_by(Case.position, Case.id)))


def cases_frame(session: Session, event_id: int) -> pd.DataFrame:
    return pd.DataFrame([{"id": c.id, "title": c.title, "actor": c.actor, "brief": c.brief,
                          "themes": ", ".join(c.themes or []), **content.as_cells(c, "case")}
                         for c in list_cases(session, event_id)], columns=CASE_COLUMNS)


def save_cases(session: Session, event_id: int, edited: pd.DataFrame) -> int:
    """Make the event's cases match the edited table (rows without id are new). Nothing is
    written if a row is wrong."""
    rows = []
    for line, record in enumerate(edited.to_dict("records"), start=1):
        title = " ".join(cell_text(record.get("title")).split())
        if not title and not cell_text(record.get("brief")).strip():
            continue
        if not title:
            raise CaseRefused.of(N_("Ligne {line} : donnez un titre au cas."), line=line)
        if len(title) > 200:
            raise CaseRefused.of(N_("Ligne {line} : titre trop long (200 caractères au "
                                    "maximum)."), line=line)
        themes = [t.strip() for t in cell_text(record.get("themes")).split(",") if t.strip()]
        pid = record.get("id")
        rows.append((None if pid is None or pd.isna(pid) else int(pid), title,
                     cell_text(record.get("actor")).strip()[:200], cell_text(record.get("brief")),
                     themes, content.checked("case", content.from_cells(record, "case"))))
    existing = {c.id: c for c in list_cases(session, event_id)}
    kept = set()
    for position, (cid, title, actor, brief, themes, translations) in enumerate(rows):
        case = existing.get(cid) or Case(event_id=event_id)
        case.title, case.actor, case.brief, case.themes, case.position = \
            title, actor, brief, themes, position
        case.translations = translations
        session.add(case)
        kept.add(cid)
    for cid in set(existing) - kept:
        session.exec(delete(Case).where(Case.id == cid))
    session.flush()
    return len(rows)


def schedule_for(event: Event, cases: int) -> dict:
    if event.rounds_mode == "all":
        return every_group_every_case(event.group_count, cases)
    if event.rounds_mode == "written":
        return every_group_every_round(event.group_count, cases)[0]
    return own_cases_schedule(event.group_count, cases)


def played_in(event: Event, cases: int, round_: int, group_number: int) -> bool:
    """Whether the actor plays the group's case in that round (False: it works on it
    written, or has none). Only the « written » mode has written rounds."""
    schedule = schedule_for(event, cases)
    case = schedule.get((round_, group_number))
    if case is None:
        return False
    if event.rounds_mode != "written":
        return True
    return every_group_every_round(event.group_count, cases)[1].get((round_, case)) == \
        group_number


def waiting_groups(event: Event, cases: int) -> dict[int, list[int]]:
    """group -> rounds without a case, for the Cas page's warning (none in « written »)."""
    return idle_slots(schedule_for(event, cases)) if cases and event.group_count else {}


def round_count(event: Event, cases: int) -> int:
    return rounds_needed(schedule_for(event, cases) if cases and event.group_count else {})


def case_of_group(event: Event, cases: list[Case], round_: int, group_number: int
                  ) -> Case | None:
    """The case a group works on in a round (None: a pause, or no such round)."""
    if not cases:
        return None
    index = schedule_for(event, len(cases)).get((round_, group_number))
    return None if index is None else cases[index]


def cases_met_by_group(event: Event, cases: list[Case], group_number: int, up_to_round: int
                       ) -> list[tuple[int, Case]]:
    """(round, case) for the rounds a group has reached, earliest first."""
    met = ((r, case_of_group(event, cases, r, group_number)) for r in range(1, up_to_round + 1))
    return [(r, case) for r, case in met if case is not None]


def actor_moves(event: Event, cases: list[Case], round_: int) -> list[tuple[Case, int | None,
                                                                             int | None]]:
    """For each case: the group its actor is with in this round, and in the next one."""
    where = {}
    for offset in (0, 1):
        for group in range(1, event.group_count + 1):
            case = case_of_group(event, cases, round_ + offset, group)
            if case is not None and played_in(event, len(cases), round_ + offset, group):
                where[case.id, offset] = group
    return [(case, where.get((case.id, 0)), where.get((case.id, 1))) for case in cases]


def schedule_frame(event: Event, cases: list[Case]) -> pd.DataFrame:
    """Rounds × groups, each cell the case (and its actor) the group meets."""
    if not cases:
        return pd.DataFrame()
    schedule = schedule_for(event, len(cases))
    rounds = max(r for r, _ in schedule)
    label = [f"{c.title} ({c.actor})" if c.actor else c.title for c in cases]
    def cell(r: int, g: int) -> str:
        if schedule.get((r, g)) is None:
            return "—"
        written = not played_in(event, len(cases), r, g)
        return label[schedule[r, g]] + (" · " + _("écrit") if written else "")

    return pd.DataFrame(
        [[cell(r, g) for g in range(1, event.group_count + 1)] for r in range(1, rounds + 1)],
        index=[_("Tour {number}").format(number=r) for r in range(1, rounds + 1)],
        columns=[_("Groupe {number}").format(number=g)
                 for g in range(1, event.group_count + 1)])


def merge_pairs(event: Event, cases: int) -> list[tuple[int, int]]:
    """The organisers' pairs if they set them, else the pairs covering the most cases."""
    if event.merge_pairs:
        return [tuple(p) for p in event.merge_pairs]
    return best_merge_pairs(own_cases(event.group_count, cases))


def parse_pairs(text: str, groups: int) -> list[list[int]]:
    """'1-4, 2-5, 3-6' -> [[1, 4], [2, 5], [3, 6]], every group exactly once."""
    pairs = [[int(a), int(b)] for a, b in re.findall(r"(\d+)\s*[-–/]\s*(\d+)", text)]
    used = sorted(g for pair in pairs for g in pair)
    if used != list(range(1, groups + 1)):
        raise CaseRefused.of(N_("Chaque groupe de 1 à {groups} doit apparaître dans exactement "
                                "une paire, par exemple « 1-4, 2-5, 3-6 »."), groups=groups)
    return pairs


def set_rounds_mode(session: Session, event_id: int, mode: str) -> None:
    """How the rounds go (`rotation.MODES`): the actors' cases only, with written cases, or
    groups merging at the end."""
    event = session.get(Event, event_id)
    event.rounds_mode = mode
    session.add(event)


def set_merge_pairs(session: Session, event_id: int, pairs: list[list[int]]) -> None:
    """The organisers' own pairs for the 6 → 3 merge (`parse_pairs`)."""
    event = session.get(Event, event_id)
    event.merge_pairs = pairs
    session.add(event)
