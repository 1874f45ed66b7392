"""Working groups, balanced by an integer program (PuLP; CBC, or HiGHS when installed).

Plain data in, plain data out. The model counts people per (group, organisation), per
(group, breakfast table), per (group, role) and per (group, language); the number of pairs that
meet again inside a group follows exactly from those counts (c people give c(c-1)/2 pairs), so
the model grows with groups x organisations, never with pairs of people.

Hard rules: everyone in exactly one group; sizes within [min, max] and, for a fresh balance, as
even as they can be; no organisation above ceil(its size / groups) in a group; exactly one
facilitator per group when facilitators are listed; "keep together", "keep apart", "pin".
Soft goals, in order of weight: workers and service users 1:1 and each role spread, colleagues
then breakfast tablemates meeting again, languages spread. A re-balance first keeps everyone it
can where they are.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Hashable, Sequence

import pulp

from partnerday.i18n import N_
from partnerday.refusals import Refusal

WORKER, USER, FACILITATOR = "worker", "user", "facilitator"

WEIGHT_MOVE = 1000
WEIGHT_ROLE = 20
WEIGHT_COLLEAGUES = 3
WEIGHT_TABLEMATES = 2
WEIGHT_LANGUAGE = 1
WEIGHT_SIZE = 5


@dataclass(frozen=True)
class Member:
    id: int
    organisation: Hashable
    role: str = WORKER
    language: str = "fr"
    table: int | None = None
    name: str = ""


@dataclass
class Rules:
    together: list[list[int]] = field(default_factory=list)
    apart: list[list[int]] = field(default_factory=list)
    pins: dict[int, int] = field(default_factory=dict)
    """person id -> group number (1..groups)"""


@dataclass(frozen=True)
class GroupSettings:
    groups: int
    min_size: int = 10
    max_size: int = 15
    time_limit: float = 30.0


class InfeasibleSettings(Refusal):
    """The rules cannot all hold; the message names the rule and the nearest setting that works."""


@dataclass
class Quality:
    sizes: list[int]
    size_spread: int
    max_same_organisation: int
    colleague_pairs: int
    tablemate_pairs: int
    role_imbalance: int
    """sum over groups of |workers - service users|"""
    language_spread: int
    """sum over groups and languages of the distance to an even spread"""
    facilitators: list[int]

    @property
    def repeated_pairs(self) -> int:
        return self.colleague_pairs + self.tablemate_pairs


@dataclass
class Solution:
    assignment: dict[int, int]
    status: str
    proven_optimal: bool
    objective: float
    bound: float | None
    gap: float | None
    seconds: float
    moves: int
    quality: Quality
    solver: str


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def _spread_gap(counts: Sequence[int], total: int, groups: int) -> int:
    low, high = total // groups, -(-total // groups)
    return sum(max(0, c - high) + max(0, low - c) for c in counts)


def quality(members: Sequence[Member], assignment: dict[int, int], groups: int) -> Quality:
    """Every figure recomputed from the assignment itself (never from the solver's report)."""
    by_group: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        by_group[assignment[member.id]].append(member)
    numbers = range(1, groups + 1)
    sizes = [len(by_group[g]) for g in numbers]
    colleague_pairs = tablemate_pairs = imbalance = language_spread = 0
    max_same = 0
    languages = Counter(m.language for m in members)
    for g in numbers:
        orgs = Counter(m.organisation for m in by_group[g])
        max_same = max([max_same, *orgs.values()])
        colleague_pairs += sum(_pairs(c) for c in orgs.values())
        tables = Counter(m.table for m in by_group[g] if m.table is not None)
        tablemate_pairs += sum(_pairs(c) for c in tables.values())
        roles = Counter(m.role for m in by_group[g])
        imbalance += abs(roles[WORKER] - roles[USER])
    for language, total in languages.items():
        counts = [sum(1 for m in by_group[g] if m.language == language) for g in numbers]
        language_spread += _spread_gap(counts, total, groups)
    facilitators = [sum(1 for m in by_group[g] if m.role == FACILITATOR) for g in numbers]
    return Quality(sizes=sizes, size_spread=max(sizes) - min(sizes),
                   max_same_organisation=max_same, colleague_pairs=colleague_pairs,
                   tablemate_pairs=tablemate_pairs, role_imbalance=imbalance,
                   language_spread=language_spread, facilitators=facilitators)


def lower_bounds(members: Sequence[Member], groups: int) -> Quality:
    """What each criterion would be if it alone were spread perfectly (no solver needed)."""
    def spread_pairs(total: int) -> int:
        base, extra = divmod(total, groups)
        return extra * _pairs(base + 1) + (groups - extra) * _pairs(base)

    orgs = Counter(m.organisation for m in members)
    tables = Counter(m.table for m in members if m.table is not None)
    roles = Counter(m.role for m in members)
    n = len(members)
    return Quality(sizes=[], size_spread=0 if n % groups == 0 else 1,
                   max_same_organisation=max((-(-c // groups) for c in orgs.values()), default=0),
                   colleague_pairs=sum(spread_pairs(c) for c in orgs.values()),
                   tablemate_pairs=sum(spread_pairs(c) for c in tables.values()),
                   role_imbalance=_role_gap_bound(roles, n, groups), language_spread=0,
                   facilitators=[])


def _role_gap_bound(roles: Counter, n: int, groups: int) -> int:
    """Sum over even-sized groups of |workers - users| can be no less than |W - U|, nor than
    the number of groups whose workers + users is odd."""
    if not roles[USER]:
        return roles[WORKER]
    low, larger = n // groups, n % groups
    facilitator = 1 if roles[FACILITATOR] else 0
    odd_groups = (groups - larger) * ((low - facilitator) % 2) + \
        larger * ((low + 1 - facilitator) % 2)
    return max(abs(roles[WORKER] - roles[USER]), odd_groups)


def _deal(order: Sequence[Member], groups: int) -> dict[int, int]:
    """Facilitators first, one a group, then everyone else in `order`, dealt like cards."""
    facilitators = [m for m in order if m.role == FACILITATOR]
    others = [m for m in order if m.role != FACILITATOR]
    return {m.id: i % groups + 1 for i, m in enumerate(facilitators + others)}


def random_draw(members: Sequence[Member], groups: int,
                rng: random.Random | None = None) -> dict[int, int]:
    """The lottery baseline: shuffle, then deal (sizes even, one facilitator a group)."""
    rng = rng or random.Random()
    order = list(members)
    rng.shuffle(order)
    return _deal(order, groups)


def deal_by_organisation(members: Sequence[Member], groups: int) -> dict[int, int]:
    """The round-robin baseline: list people organisation by organisation and deal them out."""
    return _deal(sorted(members, key=lambda m: (str(m.organisation), m.id)), groups)


# --- checks before solving -------------------------------------------------------------------

def check_settings(members: Sequence[Member], settings: GroupSettings,
                   rules: Rules | None = None) -> None:
    """Raise InfeasibleSettings naming the first rule that cannot hold, and what would work."""
    rules = rules or Rules()
    n, g = len(members), settings.groups
    low, high = settings.min_size, settings.max_size
    if g < 1:
        raise InfeasibleSettings.of(N_("Il faut au moins un groupe."))
    if n == 0:
        raise InfeasibleSettings.of(N_("Personne à répartir : importez ou enregistrez d'abord "
                                       "des participant·e·s."))
    if low > high:
        raise InfeasibleSettings.of(N_("Le minimum ({low}) dépasse le maximum ({high}) par "
                                       "groupe."), low=low, high=high)
    if n > g * high:
        raise InfeasibleSettings.of(
            N_("{people} participant·e·s ne tiennent pas dans {groups} groupes de {high} au "
               "plus : utilisez {more} groupes ou un maximum de {larger}."),
            people=n, groups=g, high=high, more=-(-n // high), larger=-(-n // g))
    if n < g * low:
        fewer = max(1, n // low) if n >= low else 1
        raise InfeasibleSettings.of(
            N_("{people} participant·e·s ne remplissent pas {groups} groupes d'au moins {low} : "
               "utilisez {fewer} groupe(s) ou un minimum de {smaller}."),
            people=n, groups=g, low=low, fewer=fewer, smaller=n // g)
    facilitators = sum(1 for m in members if m.role == FACILITATOR)
    if facilitators and facilitators != g:
        raise InfeasibleSettings.of(
            N_("{facilitators} animateur·rice·s pour {groups} groupes : il en faut exactement "
               "un·e par groupe. Utilisez {facilitators} groupes, ou changez le rôle des "
               "animateur·rice·s en trop (ou ajoutez-en)."), facilitators=facilitators, groups=g)
    ids = {m.id for m in members}
    by_id = {m.id: m for m in members}
    for person, number in rules.pins.items():
        if person in ids and not 1 <= number <= g:
            raise InfeasibleSettings.of(
                N_("{name} est placé·e dans le groupe {number}, qui n'existe pas (1 à "
                   "{groups})."), name=by_id[person].name or person, number=number, groups=g)
    pinned = Counter(n_ for p, n_ in rules.pins.items() if p in ids)
    for number, count in pinned.items():
        if count > high:
            raise InfeasibleSettings.of(
                N_("{count} personnes sont placées dans le groupe {number}, plus que le "
                   "maximum de {high}."), count=count, number=number, high=high)
    org_sizes = Counter(m.organisation for m in members)
    for together in rules.together:
        present = [p for p in together if p in ids]
        if len(present) > high:
            raise InfeasibleSettings.of(
                N_("Un groupe « ensemble » de {count} personnes dépasse le maximum de {high}."),
                count=len(present), high=high)
        pins = {rules.pins[p] for p in present if p in rules.pins}
        if len(pins) > 1:
            raise InfeasibleSettings.of(
                N_("Des personnes à garder ensemble sont placées dans des groupes différents "
                   "({groups})."), groups=", ".join(map(str, sorted(pins))))
        colleagues = Counter(by_id[p].organisation for p in present)
        for org, count in colleagues.items():
            cap = -(-org_sizes[org] // g)
            if count > cap:
                raise InfeasibleSettings.of(
                    N_("{count} personnes de « {organisation} » à garder ensemble, mais une "
                       "structure ne peut pas avoir plus de {cap} personne(s) par groupe avec "
                       "{groups} groupes."), count=count, organisation=org, cap=cap, groups=g)
    for apart in rules.apart:
        present = [p for p in apart if p in ids]
        if len(present) > g:
            raise InfeasibleSettings.of(
                N_("{count} personnes à séparer, mais seulement {groups} groupes."),
                count=len(present), groups=g)
        pins = [rules.pins[p] for p in present if p in rules.pins]
        if len(pins) != len(set(pins)):
            raise InfeasibleSettings.of(
                N_("Des personnes à séparer sont placées dans le même groupe."))
        for together in rules.together:
            if len(set(present) & set(together)) > 1:
                raise InfeasibleSettings.of(
                    N_("Les mêmes personnes sont à la fois « ensemble » et « séparées »."))


# --- the model -------------------------------------------------------------------------------

def _pairs_of_count(problem: pulp.LpProblem, name: str, members_in: list[pulp.LpVariable],
                    limit: int) -> pulp.LpVariable:
    """pairs >= c(c-1)/2 for the count c = sum(members_in) <= limit.

    c(c-1)/2 is convex, so at whole counts it equals the largest of its tangents
    k*c - k(k+1)/2 (k = 1 .. limit-1): one continuous variable and a few rows per count,
    exact because the counts are sums of binaries, and as tight as it can be for the LP.
    """
    count = pulp.lpSum(members_in)
    problem += count <= limit, f"{name}_cap"
    pairs = pulp.LpVariable(f"{name}_pairs", lowBound=0)
    for k in range(1, limit):
        problem += pairs >= k * count - k * (k + 1) // 2, f"{name}_t{k}"
    return pairs


def _spread_penalty(problem: pulp.LpProblem, name: str, count: pulp.LpAffineExpression,
                    total: int, groups: int) -> pulp.LpAffineExpression:
    """Distance of a per-group count from an even spread (floor..ceil of total/groups)."""
    low, high = total // groups, -(-total // groups)
    over = pulp.LpVariable(f"{name}_over", lowBound=0)
    under = pulp.LpVariable(f"{name}_under", lowBound=0)
    problem += count - high <= over, f"{name}_over_c"
    problem += low - count <= under, f"{name}_under_c"
    return over + under


def _slug(value: object) -> str:
    return re.sub(r"\W", "_", str(value))[:20]


def build_model(members: Sequence[Member], settings: GroupSettings, rules: Rules,
                current: dict[int, int] | None
                ) -> tuple[pulp.LpProblem, dict[tuple[int, int], pulp.LpVariable]]:
    g_range = range(1, settings.groups + 1)
    groups = settings.groups
    n = len(members)
    problem = pulp.LpProblem("groups", pulp.LpMinimize)
    x = {(m.id, g): pulp.LpVariable(f"x_{m.id}_{g}", cat="Binary") for m in members
         for g in g_range}
    objective = []

    for m in members:
        problem += pulp.lpSum(x[m.id, g] for g in g_range) == 1, f"one_{m.id}"

    even_low, larger_groups = n // groups, n % groups
    larger: dict[int, pulp.LpVariable | int] = {}
    for g in g_range:
        size = pulp.lpSum(x[m.id, g] for m in members)
        problem += size >= settings.min_size, f"min_{g}"
        problem += size <= settings.max_size, f"max_{g}"
        if current is None:
            # even sizes: `larger_groups` groups of even_low + 1, the others of even_low
            larger[g] = pulp.LpVariable(f"larger_{g}", cat="Binary") if larger_groups else 0
            problem += size == even_low + larger[g], f"even_{g}"
        else:
            objective.append(WEIGHT_SIZE * _spread_penalty(problem, f"size_{g}", size, n, groups))
    if current is None and larger_groups:
        problem += pulp.lpSum(larger.values()) == larger_groups, "larger_groups"

    by_org: dict[Hashable, list[Member]] = defaultdict(list)
    by_table: dict[int, list[Member]] = defaultdict(list)
    by_language: dict[str, list[Member]] = defaultdict(list)
    by_role: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_org[m.organisation].append(m)
        by_language[m.language].append(m)
        by_role[m.role].append(m)
        if m.table is not None:
            by_table[m.table].append(m)

    for o_index, (org, people) in enumerate(by_org.items()):
        cap = -(-len(people) // groups)
        for g in g_range:
            pairs = _pairs_of_count(problem, f"org{o_index}_g{g}",
                                    [x[m.id, g] for m in people], cap)
            objective.append(WEIGHT_COLLEAGUES * pairs)

    for table, people in by_table.items():
        if len(people) < 2:
            continue
        for g in g_range:
            pairs = _pairs_of_count(problem, f"tab{_slug(table)}_g{g}",
                                    [x[m.id, g] for m in people],
                                    min(len(people), settings.max_size))
            objective.append(WEIGHT_TABLEMATES * pairs)

    workers, users = by_role.get(WORKER, []), by_role.get(USER, [])
    facilitator_per_group = 1 if by_role.get(FACILITATOR) else 0
    for g in g_range:
        w = pulp.lpSum(x[m.id, g] for m in workers)
        u = pulp.lpSum(x[m.id, g] for m in users)
        if users:
            gap = pulp.LpVariable(f"ratio_{g}", lowBound=0)
            problem += w - u <= gap, f"ratio_a_{g}"
            problem += u - w <= gap, f"ratio_b_{g}"
            if current is None:
                # |w - u| has the parity of w + u = size - facilitator, which the sizes fix:
                # telling the LP lets the solver prove the optimum instead of searching.
                odd_small = (even_low - facilitator_per_group) % 2
                problem += gap >= odd_small + (1 - 2 * odd_small) * larger[g], f"parity_{g}"
            objective.append(WEIGHT_ROLE * gap)
            objective.append(WEIGHT_ROLE * _spread_penalty(problem, f"users_{g}", u, len(users),
                                                           groups))
        objective.append(WEIGHT_ROLE * _spread_penalty(problem, f"workers_{g}", w, len(workers),
                                                       groups))
    for l_index, (language, people) in enumerate(by_language.items()):
        if len(by_language) < 2:
            break
        for g in g_range:
            count = pulp.lpSum(x[m.id, g] for m in people)
            objective.append(WEIGHT_LANGUAGE * _spread_penalty(problem, f"lang{l_index}_{g}",
                                                               count, len(people), groups))

    facilitators = sorted(m.id for m in by_role.get(FACILITATOR, []))
    if facilitators:
        for g in g_range:
            problem += pulp.lpSum(x[p, g] for p in facilitators) == 1, f"facilitator_{g}"

    ids = {m.id for m in members}
    for i, together in enumerate(rules.together):
        present = [p for p in together if p in ids]
        for a, b in zip(present, present[1:]):
            for g in g_range:
                problem += x[a, g] == x[b, g], f"together_{i}_{a}_{b}_{g}"
    for i, apart in enumerate(rules.apart):
        present = [p for p in apart if p in ids]
        if len(present) > 1:
            for g in g_range:
                problem += pulp.lpSum(x[p, g] for p in present) <= 1, f"apart_{i}_{g}"
    for person, number in rules.pins.items():
        if person in ids:
            problem += x[person, number] == 1, f"pin_{person}"

    if current is not None:
        staying = [x[p, g] for p, g in current.items() if p in ids and 1 <= g <= groups]
        objective.append(WEIGHT_MOVE * (len(staying) - pulp.lpSum(staying)))
    elif not rules.pins:
        # Groups are interchangeable: fixing facilitator i in group i (or the first person in
        # group 1) removes equivalent solutions without losing any.
        for g, person in zip(g_range, facilitators or [members[0].id]):
            problem += x[person, g] == 1, f"symmetry_{g}"

    problem += pulp.lpSum(objective)
    return problem, x


def _solver(time_limit: float, log_path: Path) -> tuple[pulp.LpSolver, str]:
    highs = pulp.HiGHS(msg=False, timeLimit=time_limit)
    if highs.available():
        return highs, "HiGHS"
    return pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, logPath=str(log_path)), "CBC"


def _cbc_bound(log_path: Path) -> float | None:
    if not log_path.is_file():
        return None
    found = re.search(r"Lower bound:\s*(-?[\d.e+]+)", log_path.read_text(errors="replace"))
    return float(found.group(1)) if found else None


def balance(members: Sequence[Member], settings: GroupSettings, rules: Rules | None = None,
            current: dict[int, int] | None = None) -> Solution:
    """Solve for the best groups. With `current` (a published assignment), a re-balance: the
    fewest moves that restore the rules, then the best quality."""
    rules = rules or Rules()
    members = list(members)
    check_settings(members, settings, rules)
    started = time.perf_counter()
    problem, x = build_model(members, settings, rules, current)
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "solver.log"
        solver, solver_name = _solver(settings.time_limit, log_path)
        problem.solve(solver)
        seconds = time.perf_counter() - started
        bound = _cbc_bound(log_path)
    status = pulp.LpStatus[problem.status]
    if problem.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        if status == "Infeasible":
            raise InfeasibleSettings.of(
                N_("Ces règles ne peuvent pas toutes être respectées ensemble (placements, "
                   "« ensemble », « séparés », taille des groupes) : assouplissez-en une."))
        raise InfeasibleSettings.of(
            N_("Aucune répartition trouvée en {seconds} s : augmentez le temps de calcul ou "
               "assouplissez les règles."), seconds=f"{settings.time_limit:.0f}")
    assignment = {m.id: next(g for g in range(1, settings.groups + 1)
                             if (x[m.id, g].value() or 0) > 0.5) for m in members}
    objective = float(pulp.value(problem.objective) or 0.0)
    proven = problem.sol_status == pulp.LpSolutionOptimal
    if proven:
        bound = objective
    elif solver_name == "HiGHS":
        bound = None
    gap = None if bound is None else (0.0 if objective == bound else
                                      abs(objective - bound) / max(abs(objective), 1e-9))
    moves = sum(1 for p, g in (current or {}).items() if p in assignment and assignment[p] != g)
    return Solution(assignment=assignment, status=status, proven_optimal=proven,
                    objective=objective, bound=bound, gap=gap, seconds=seconds, moves=moves,
                    quality=quality(members, assignment, settings.groups), solver=solver_name)
