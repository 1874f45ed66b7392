"""Tables tournantes: short rounds in circles of 5 to 8 (over coffee, say), each dealt so that
as many pairs of people as possible are strangers from different organisations.

The model, per round. The people present are split into circles whose sizes differ by one
at most, as few circles as the largest size allows. A pair sitting in one circle is *new*
when its two people are of different organisations and have not met before (at breakfast,
in a working group, in an earlier round). The round maximises the new pairs.

The bound. A circle of k people holds k(k-1)/2 pairs, so no round can make more new pairs
than the sum of that over its circles, less the clashes no dealing avoids: people who met
earlier come in cliques (an organisation, a table, a working group), and a circle of k
people drawn from m cliques holds at least the pairs of k split as evenly as can be into m
(seven people from six working groups: two of one group, one pair). The largest such count
over the cliques of the day is taken off. The search (swaps of two people between circles,
from a greedy start, kept when they do not lose, for at most `time_limit` seconds) stops as
soon as it reaches that bound: the round is then proven optimal. Otherwise the gap to the
bound is reported, as the balancing reports its own. Each round's figures are recomputed
from its circles (`new_pairs`), never taken from the search.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from itertools import combinations

from partnerday.i18n import N_
from partnerday.refusals import Refusal

MIN_SIZE, MAX_SIZE, MAX_ROUNDS = 5, 8, 4


@dataclass(frozen=True)
class MixingSettings:
    rounds: int = 2
    min_size: int = 6
    max_size: int = 7
    time_limit: float = 5.0  # seconds per round at most


@dataclass(frozen=True)
class RoundFigures:
    new_pairs: int
    bound: int
    seconds: float

    @property
    def proven_optimal(self) -> bool:
        return self.new_pairs == self.bound

    @property
    def gap(self) -> float:
        return 0.0 if not self.bound else (self.bound - self.new_pairs) / self.bound


@dataclass(frozen=True)
class MixingPlan:
    rounds: list[list[list[int]]]  # round -> circles -> person ids
    figures: list[RoundFigures]


class MixingRefused(Refusal):
    """Settings that cannot be met, with the reason (said in the page's language)."""


def circle_sizes(people: int, min_size: int, max_size: int) -> list[int]:
    """As few circles as `max_size` allows, their sizes differing by one at most."""
    if not MIN_SIZE <= min_size <= max_size <= MAX_SIZE:
        raise MixingRefused.of(N_("Les cercles vont de {smallest} à {largest} personnes, le "
                                  "minimum pas plus grand que le maximum."),
                               smallest=MIN_SIZE, largest=MAX_SIZE)
    if people < min_size:
        raise MixingRefused.of(N_("Il faut au moins {count} personnes présentes pour un "
                                  "cercle."), count=min_size)
    count = math.ceil(people / max_size)
    if people // count < min_size:
        raise MixingRefused.of(N_("{people} personnes ne se répartissent pas en cercles de "
                                  "{smallest} à {largest} : élargissez l'écart."),
                               people=people, smallest=min_size, largest=max_size)
    small, extra = divmod(people, count)
    return [small + 1] * extra + [small] * (count - extra)


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _even_split_pairs(size: int, classes: int) -> int:
    """The fewest pairs of the same class among `size` people of `classes` classes."""
    small, extra = divmod(size, classes)
    return extra * math.comb(small + 1, 2) + (classes - extra) * math.comb(small, 2)


def round_bound(sizes: list[int], people: list[int],
                partitions: list[dict[int, object]]) -> int:
    """The most new pairs a round of these circle sizes can make (see the module)."""
    forced = 0
    for classes_of in partitions:
        classes = len({classes_of.get(p, ("alone", p)) for p in people})
        forced = max(forced, sum(_even_split_pairs(size, classes) for size in sizes))
    return sum(math.comb(size, 2) for size in sizes) - forced


def pairs_in(circles: list[list[int]]) -> set[tuple[int, int]]:
    """Every pair sitting in one circle: who met, once the round has been."""
    return {pair(a, b) for circle in circles for a, b in combinations(circle, 2)}


def new_pairs(circles: list[list[int]], organisation_of: dict[int, str],
              met: set[tuple[int, int]]) -> int:
    """The pairs sitting together who are of different organisations and strangers."""
    return sum(1 for circle in circles for a, b in combinations(circle, 2)
               if organisation_of[a] != organisation_of[b] and pair(a, b) not in met)


def _deal_greedily(people: list[int], sizes: list[int], organisation_of: dict[int, str],
                   met: set[tuple[int, int]], rng: random.Random) -> list[list[int]]:
    """Each person, in a random order, to the open circle where they know the fewest."""
    order = people[:]
    rng.shuffle(order)
    circles: list[list[int]] = [[] for _ in sizes]
    for person in order:
        open_ = [i for i, c in enumerate(circles) if len(c) < sizes[i]]
        circles[min(open_, key=lambda i: (_clashes(person, circles[i], organisation_of, met),
                                          len(circles[i])))].append(person)
    return circles


def _clashes(person: int, circle: list[int], organisation_of: dict[int, str],
             met: set[tuple[int, int]]) -> int:
    """How many of the circle are of the person's organisation or already met."""
    own = organisation_of[person]
    return sum(1 for other in circle
               if other != person and (organisation_of[other] == own
                                       or pair(person, other) in met))


def _improve(circles: list[list[int]], organisation_of: dict[int, str],
             met: set[tuple[int, int]], rng: random.Random, deadline: float,
             unavoidable: int = 0) -> list[list[int]]:
    """Swap two people of two circles, until only the `unavoidable` clashes are left (the
    bound is reached) or the time is up. Clashes
    are what the bound counts against (new pairs = bound - clashes). A move starts from a
    person with a clash and takes the best swap among a few other circles; a move that
    costs one clash is taken now and then (less often as time goes), which gets the search
    out of the dead ends where every swap costs something."""
    clashes = sum(_clashes(p, c, organisation_of, met) for c in circles for p in c) // 2
    best, best_clashes = [c[:] for c in circles], clashes
    count = len(circles)
    started, moves = time.monotonic(), 0
    while best_clashes > unavoidable and time.monotonic() < deadline:
        moves += 1
        i = rng.randrange(count)
        stuck = [k for k, p in enumerate(circles[i])
                 if _clashes(p, circles[i], organisation_of, met)]
        if not stuck:
            continue
        a_at = rng.choice(stuck)
        a = circles[i][a_at]
        rest_i = circles[i][:a_at] + circles[i][a_at + 1:]
        a_here = _clashes(a, rest_i, organisation_of, met)
        choice = None
        for j in rng.sample(range(count), min(count, 6)):
            if j == i:
                continue
            for b_at, b in enumerate(circles[j]):
                rest_j = circles[j][:b_at] + circles[j][b_at + 1:]
                delta = (_clashes(b, rest_i, organisation_of, met)
                         + _clashes(a, rest_j, organisation_of, met)
                         - a_here - _clashes(b, rest_j, organisation_of, met))
                if choice is None or delta < choice[0]:
                    choice = (delta, j, b_at)
        if choice is None:
            continue
        delta, j, b_at = choice
        heat = 0.3 * max(0.0, 1 - (time.monotonic() - started) /
                         max(deadline - started, 1e-9))
        if delta <= 0 or (delta == 1 and rng.random() < heat):
            circles[i][a_at], circles[j][b_at] = circles[j][b_at], a
            clashes += delta
            if clashes < best_clashes:
                best, best_clashes = [c[:] for c in circles], clashes
    return best


def plan_rounds(organisation_of: dict[int, str], met: set[tuple[int, int]],
                settings: MixingSettings, seed: int = 0,
                cliques: list[dict[int, object]] = ()) -> MixingPlan:
    """`settings.rounds` rounds for everyone in `organisation_of` (person -> organisation),
    each after the pairs of `met` and of the rounds before it. `cliques`: the day's earlier
    activities as person -> circle (each circle's people all met), for the bound."""
    if not 1 <= settings.rounds <= MAX_ROUNDS:
        raise MixingRefused.of(N_("De 1 à {most} tours."), most=MAX_ROUNDS)
    people = sorted(organisation_of)
    sizes = circle_sizes(len(people), settings.min_size, settings.max_size)
    rng = random.Random(seed)
    known = set(met)
    rounds, figures = [], []
    partitions = [dict(organisation_of), *cliques]
    for _ in range(settings.rounds):
        bound = round_bound(sizes, people, partitions)
        started = time.monotonic()
        circles = _deal_greedily(people, sizes, organisation_of, known, rng)
        total = sum(math.comb(size, 2) for size in sizes)
        circles = _improve(circles, organisation_of, known, rng,
                           started + settings.time_limit, unavoidable=total - bound)
        circles = [sorted(c) for c in circles]
        figures.append(RoundFigures(new_pairs(circles, organisation_of, known), bound,
                                    time.monotonic() - started))
        rounds.append(circles)
        known |= pairs_in(circles)
        partitions.append({p: n for n, c in enumerate(circles) for p in c})
    return MixingPlan(rounds, figures)


def random_rounds(organisation_of: dict[int, str], settings: MixingSettings,
                  rng: random.Random) -> list[list[list[int]]]:
    """The same circle sizes, people drawn at random: what the plan is measured against."""
    people = sorted(organisation_of)
    sizes = circle_sizes(len(people), settings.min_size, settings.max_size)
    rounds = []
    for _ in range(settings.rounds):
        order = people[:]
        rng.shuffle(order)
        at, circles = 0, []
        for size in sizes:
            circles.append(sorted(order[at:at + size]))
            at += size
        rounds.append(circles)
    return rounds


def place_latecomers(rounds: list[list[list[int]]], latecomers: list[int],
                     organisation_of: dict[int, str], met: set[tuple[int, int]],
                     max_size: int) -> list[list[list[int]]]:
    """People who arrived after the rounds were composed, each into every round's circle
    where they know the fewest (their organisation or met before), the smallest first; a
    circle grows one past `max_size` only when all are full. Nobody else moves."""
    known = set(met)
    placed = [[circle[:] for circle in circles] for circles in rounds]
    for circles in placed:
        for person in latecomers:
            room = [c for c in circles if len(c) < max_size] or circles
            best = min(room, key=lambda c: (_clashes(person, c, organisation_of, known),
                                            len(c)))
            best.append(person)
        known |= pairs_in(circles)
    return [[sorted(c) for c in circles] for circles in placed]
