"""The round clock: which round the case study is in, and how long it has left.

The clock is one row per event; each screen computes the countdown from it, so the
projector, the tablets and the organisers' laptop always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from partnerday.i18n import N_, _, ngettext
from partnerday.refusals import Refusal
from partnerday.cases import list_cases, round_count
from partnerday.db import lock_event_for_writing
from partnerday.models import Event, RoundClock, as_utc, utcnow

MAX_ROUND_MINUTES = 180


class ClockRefused(Refusal):
    """A clock action that makes no sense now, with the reason in French."""


@dataclass(frozen=True)
class ClockView:
    round: int  # 0 before the first round, rounds + 1 once all are done
    rounds: int
    running: bool
    remaining_s: int  # negative once the round runs over
    duration_s: int

    @property
    def started(self) -> bool:
        return self.round >= 1

    @property
    def finished(self) -> bool:
        return self.round > self.rounds

    @property
    def next_round(self) -> int | None:
        return self.round + 1 if self.round + 1 <= self.rounds else None


def elapsed_seconds(clock: RoundClock, now: datetime) -> float:
    if clock.started_at is None:
        return clock.elapsed_s
    return clock.elapsed_s + max(0.0, (now - as_utc(clock.started_at)).total_seconds())


def clock_view(clock: RoundClock, rounds: int, now: datetime | None = None) -> ClockView:
    now = now or utcnow()
    remaining = clock.duration_s - elapsed_seconds(clock, now)
    return ClockView(round=clock.round, rounds=rounds, running=clock.started_at is not None,
                     remaining_s=math.ceil(remaining), duration_s=clock.duration_s)


def format_countdown(seconds: int) -> str:
    """'12:05', or '+01:30' once the round runs over."""
    sign = "+" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


def get_clock(session: Session, event_id: int) -> RoundClock:
    clock = session.exec(select(RoundClock).where(RoundClock.event_id == event_id)).first()
    return clock or RoundClock(event_id=event_id)


def _clock_for_update(session: Session, event_id: int) -> RoundClock:
    lock_event_for_writing(session, event_id)
    clock = session.exec(select(RoundClock).where(RoundClock.event_id == event_id)
                         .execution_options(populate_existing=True)).first()
    return clock or RoundClock(event_id=event_id)


def _save(session: Session, clock: RoundClock) -> RoundClock:
    session.add(clock)
    session.flush()
    return clock


def set_round_minutes(session: Session, event_id: int, minutes: int) -> RoundClock:
    if not 1 <= minutes <= MAX_ROUND_MINUTES:
        raise ClockRefused.of(N_("Un tour dure de 1 à {most} minutes."), most=MAX_ROUND_MINUTES)
    clock = _clock_for_update(session, event_id)
    if clock.round == 0 or clock.duration_s == clock.round_minutes * 60:
        clock.duration_s = minutes * 60
    clock.round_minutes = minutes
    return _save(session, clock)


def start(session: Session, event_id: int, rounds: int, now: datetime | None = None
          ) -> RoundClock:
    """Start the first round, or resume a paused one."""
    clock = _clock_for_update(session, event_id)
    if rounds < 1:
        raise ClockRefused.of(N_("Aucun tour n'est prévu : ajoutez des cas et des groupes."))
    if clock.round > rounds:
        raise ClockRefused.of(N_("Tous les tours sont terminés."))
    if clock.started_at is not None:
        return clock
    if clock.round == 0:
        clock.round, clock.elapsed_s, clock.duration_s = 1, 0.0, clock.round_minutes * 60
    clock.started_at = now or utcnow()
    return _save(session, clock)


def pause(session: Session, event_id: int, now: datetime | None = None) -> RoundClock:
    clock = _clock_for_update(session, event_id)
    if clock.started_at is None:
        raise ClockRefused.of(N_("Le chronomètre est déjà arrêté."))
    clock.elapsed_s = elapsed_seconds(clock, now or utcnow())
    clock.started_at = None
    return _save(session, clock)


def extend(session: Session, event_id: int, minutes: int, from_round: int | None = None,
           from_duration_s: int | None = None) -> RoundClock:
    """The round made longer (or shorter). `from_round` and `from_duration_s`, what the
    organiser saw when clicking: the same click received twice (see `advance`) extends once,
    and one made on a round since ended extends nothing."""
    clock = _clock_for_update(session, event_id)
    if (from_round is not None and clock.round != from_round) or (
            from_duration_s is not None and clock.duration_s != from_duration_s):
        return clock
    if clock.round == 0:
        raise ClockRefused.of(N_("Aucun tour n'est en cours."))
    if not -60 <= minutes <= 60 or minutes == 0:
        raise ClockRefused.of(N_("Prolongez de 1 à 60 minutes."))
    clock.duration_s = max(60, clock.duration_s + minutes * 60)
    return _save(session, clock)


def advance(session: Session, event_id: int, rounds: int, from_round: int | None = None,
            now: datetime | None = None) -> RoundClock:
    """Go to the next round (running at once), or end the rounds after the last one.

    `from_round`, the round the organiser saw when clicking: a click that reaches the server
    twice (a laptop's page reconnecting after the server restarted sent it again, seen in
    bench/rehearsal.py) or two organisers clicking at once move the rounds once, not twice."""
    clock = _clock_for_update(session, event_id)
    if from_round is not None and clock.round != from_round:
        return clock
    if clock.round > rounds:
        raise ClockRefused.of(N_("Tous les tours sont terminés."))
    clock.round += 1
    clock.elapsed_s, clock.duration_s = 0.0, clock.round_minutes * 60
    clock.started_at = (now or utcnow()) if clock.round <= rounds else None
    return _save(session, clock)


def reset(session: Session, event_id: int) -> RoundClock:
    clock = _clock_for_update(session, event_id)
    clock.round, clock.elapsed_s, clock.started_at = 0, 0.0, None
    clock.duration_s = clock.round_minutes * 60
    return _save(session, clock)


def event_clock(session: Session, event: Event, now: datetime | None = None) -> ClockView:
    rounds = round_count(event, len(list_cases(session, event.id)))
    return clock_view(get_clock(session, event.id), rounds, now)


def clock_line(view: ClockView) -> str:
    """One line for every screen: 'Tour 2 sur 6 · 12:05 restantes', in the page's language."""
    if not view.started:
        return ngettext("Les tours n'ont pas commencé ({rounds} prévu).",
                        "Les tours n'ont pas commencé ({rounds} prévus).",
                        view.rounds).format(rounds=view.rounds)
    if view.finished:
        return _("Tous les tours sont terminés.")
    left = (_("{countdown} restantes") if view.remaining_s >= 0
            else _("temps dépassé de {countdown}")).format(
                countdown=format_countdown(abs(view.remaining_s)))
    line = _("Tour {round} sur {rounds} · {left}").format(round=view.round, rounds=view.rounds,
                                                          left=left)
    return line if view.running else _("{line} · en pause").format(line=line)


ANNOUNCED_LEFT = ((60, N_("plus qu’une minute")), (5 * 60, N_("5 minutes au plus")))
"""A screen reader hears the clock when this time is left (seconds), not at every second the
screen shows."""


def announcement(view: ClockView) -> str:
    """What a screen reader is told of the clock: the same sentence from one threshold to the
    next (the round's start, `ANNOUNCED_LEFT`, the time up, a pause, the end)."""
    if not view.started:
        return _("Les tours n'ont pas commencé.")
    if view.finished:
        return _("Tous les tours sont terminés.")
    round_ = (_("1er tour sur {rounds}") if view.round == 1 else
              _("{round}e tour sur {rounds}")).format(round=view.round, rounds=view.rounds)
    if not view.running:
        state = _("en pause")
    elif view.remaining_s <= 0:
        state = _("le temps est écoulé")
    else:
        state = next((_(left) for seconds, left in ANNOUNCED_LEFT
                      if view.remaining_s <= seconds), _("en cours"))
    return _("{round} : {state}.").format(round=round_, state=state)
