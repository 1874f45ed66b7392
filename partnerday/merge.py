"""The end of the day: groups put their work together, case by case.

Six groups merging into three: each pair sees both groups' work side by side and writes a
synthesis. Without a merge, all groups pool their results the same way. A synthesis is a
finding of the set's lowest-numbered group (field `synthesis`), so it saves, versions and
warns on conflicts like every other field.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from partnerday.cases import cases_met_by_group, list_cases, merge_pairs, round_count
from partnerday.directory import Entry, entries
from partnerday.findings import DIAGNOSIS, PROFILE, SYNTHESIS, FieldState, proposals, sheet
from partnerday.i18n import _
from partnerday.models import Case, Event, WorkGroup


@dataclass(frozen=True)
class ProposalLine:
    group: int
    case: str
    text: str
    referral: str  # the organisation's name, "" without referral
    referral_services: str
    referral_contact: str  # whom to ask there, from the directory
    referral_removed: bool  # the organisation was deleted from the directory since
    who: str
    what: str
    due: str

    @property
    def is_commitment(self) -> bool:
        return bool(self.who.strip() or self.what.strip())


@dataclass(frozen=True)
class GroupWork:
    group: int
    profile: str
    diagnosis: str
    proposals: list[ProposalLine]


@dataclass(frozen=True)
class CaseWork:
    case: Case
    works: list[GroupWork]  # one per group of the set that met the case
    synthesis: FieldState
    synthesis_group_id: int  # where the set's synthesis is saved


def merge_sets(event: Event, case_count: int) -> list[tuple[int, ...]]:
    """Group numbers working together at the end: the merge pairs, or everyone pooling."""
    if event.rounds_mode == "merge" or event.merge_pairs:
        return [tuple(sorted(pair)) for pair in merge_pairs(event, case_count)]
    return [tuple(range(1, event.group_count + 1))]


def set_label(numbers: tuple[int, ...]) -> str:
    return _("Groupes {numbers}").format(numbers=" + ".join(map(str, numbers)))


def _proposal_lines(group: int, case: Case, fields: dict[str, FieldState],
                    directory: dict[int, Entry]) -> list[ProposalLine]:
    lines = []
    for p in proposals(fields):
        if not (p.text.text.strip() or p.who.text.strip() or p.what.text.strip()):
            continue
        ref = int(p.referral.text) if p.referral.text.isdigit() else None
        entry = directory.get(ref) if ref is not None else None
        lines.append(ProposalLine(group, case.title, p.text.text,
                                  entry.name if entry else "", entry.services if entry else "",
                                  entry.contact if entry else "",
                                  ref is not None and entry is None,
                                  p.who.text, p.what.text, p.due.text))
    return lines


def group_work(session: Session, group: WorkGroup, case: Case,
               directory: dict[int, Entry]) -> GroupWork:
    fields = sheet(session, group.id, case.id)
    return GroupWork(group.number, fields.get(PROFILE, FieldState()).text,
                     fields.get(DIAGNOSIS, FieldState()).text,
                     _proposal_lines(group.number, case, fields, directory))


def merged_work(session: Session, event: Event, numbers: tuple[int, ...]) -> list[CaseWork]:
    """Case by case, the work of each group of the set that met it, and the set's synthesis."""
    cases = list_cases(session, event.id)
    rounds = round_count(event, len(cases))
    groups = {g.number: g for g in session.exec(select(WorkGroup).where(
        WorkGroup.event_id == event.id, WorkGroup.number.in_(numbers)))}
    if not groups:
        return []
    directory = {e.id: e for e in entries(session, event.id)}
    met = {n: {c.id for _, c in cases_met_by_group(event, cases, n, rounds)} for n in groups}
    home = groups[min(groups)]
    result = []
    for case in cases:
        who = [n for n in sorted(groups) if case.id in met[n]]
        if not who:
            continue
        synthesis = sheet(session, home.id, case.id).get(SYNTHESIS, FieldState())
        result.append(CaseWork(case, [group_work(session, groups[n], case, directory)
                                      for n in who], synthesis, home.id))
    return result


@dataclass(frozen=True)
class PoolingView:
    """What the projector shows of the pooling: one case of one set, as the laptop chose."""
    numbers: tuple[int, ...]  # the set's groups
    work: CaseWork | None  # None: no group of the set has met a case yet
    position: int  # the case's place among the set's cases, from 1
    cases: int

    @property
    def label(self) -> str:
        """« Groupes 1 + 2 », in the language being spoken."""
        return set_label(self.numbers)


def pooling_on_projector(session: Session, event: Event) -> PoolingView:
    sets = merge_sets(event, len(list_cases(session, event.id)))
    numbers = sets[event.projector_set] if event.projector_set < len(sets) else sets[0]
    work = merged_work(session, event, numbers)
    index = next((i for i, w in enumerate(work) if w.case.id == event.projector_case), 0)
    return PoolingView(tuple(numbers), work[index] if work else None, index + 1, len(work))


def pooling_layout(groups: int) -> tuple[int, int]:
    """(columns, proposals a card shows at a time) on a 1920×1080 projector: up to six groups
    side by side in one row, five proposals each; more groups take rows and show fewer."""
    columns = min(6, max(1, groups))
    rows = -(-groups // columns)
    return columns, {1: 5, 2: 2}.get(rows, 1)


def proposal_pages(work: CaseWork, per_card: int) -> int:
    """Pages the projector turns through so that every group's every proposal is shown."""
    return max([1] + [-(-len(g.proposals) // per_card) for g in work.works])


def set_of_group(event: Event, case_count: int, number: int) -> tuple[int, ...] | None:
    return next((s for s in merge_sets(event, case_count) if number in s), None)
