"""The round clock: start, pause, extend, advance; every screen computes the same countdown.
On SQLite and PostgreSQL."""

from datetime import datetime, timedelta, timezone

import pytest

from partnerday.cases import actor_moves, case_of_group, list_cases, round_count
from partnerday.db import session_scope
from partnerday.demo import create_demo_event
from partnerday.models import Case, Event, RoundClock
from partnerday.rounds import ClockRefused, advance, clock_line, clock_view, event_clock, \
    extend, format_countdown, get_clock, pause, reset, set_round_minutes, start

T0 = datetime(2027, 1, 28, 9, 30, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_countdown_from_the_stored_clock():
    clock = RoundClock(event_id=1, round=2, duration_s=20 * 60, elapsed_s=300.0,
                       started_at=at(0))
    assert clock_view(clock, 6, at(5)).remaining_s == 10 * 60
    running_over = clock_view(clock, 6, at(17.5))
    assert running_over.remaining_s == -150 and format_countdown(-150) == "+02:30"
    assert clock_line(running_over) == "Tour 2 sur 6 · temps dépassé de 02:30"
    clock.started_at, clock.elapsed_s = None, 61.5  # paused
    view = clock_view(clock, 6, at(100))
    assert (view.running, view.remaining_s) == (False, 20 * 60 - 61)
    assert clock_line(view) == "Tour 2 sur 6 · 18:59 restantes · en pause"
    assert format_countdown(1200) == "20:00"


def test_clock_naive_datetimes_are_utc():
    clock = RoundClock(event_id=1, round=1, duration_s=600, started_at=at(0).replace(tzinfo=None))
    assert clock_view(clock, 3, at(1)).remaining_s == 540


def demo(engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        event = create_demo_event(session)
        return event.id, round_count(event, len(list_cases(session, event.id)))


def test_organisers_drive_the_rounds(engine):
    event_id, rounds = demo(engine)
    assert rounds == 6  # 6 groups, 3 actors: each group meets each case once
    with session_scope(engine) as session:
        set_round_minutes(session, event_id, 25)
        start(session, event_id, rounds, now=at(0))
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        view = event_clock(session, event, now=at(10))
        assert (view.round, view.running, view.remaining_s) == (1, True, 15 * 60)
        pause(session, event_id, now=at(10))
        extend(session, event_id, 5)
    with session_scope(engine) as session:
        view = event_clock(session, session.get(Event, event_id), now=at(50))
        assert (view.running, view.remaining_s) == (False, 20 * 60)
        start(session, event_id, rounds, now=at(50))  # resume
        assert event_clock(session, session.get(Event, event_id), now=at(55)).remaining_s == 900
        advance(session, event_id, rounds, now=at(60))
    with session_scope(engine) as session:
        view = event_clock(session, session.get(Event, event_id), now=at(61))
        assert (view.round, view.running, view.remaining_s, view.next_round) == (2, True, 1440, 3)
        for _ in range(5):
            advance(session, event_id, rounds, now=at(70))
        view = event_clock(session, session.get(Event, event_id), now=at(80))
        assert view.finished and not view.running
        assert clock_line(view) == "Tous les tours sont terminés."
        with pytest.raises(ClockRefused, match="terminés"):
            advance(session, event_id, rounds)
        reset(session, event_id)
        assert not event_clock(session, session.get(Event, event_id)).started


def test_a_next_round_or_extend_click_received_twice_acts_once(engine):
    """The click says the round (and the length) it was made on: sent again by a page
    reconnecting after a restart, or made by two organisers at once, it acts once."""
    event_id, rounds = demo(engine)
    with session_scope(engine) as session:
        start(session, event_id, rounds, now=at(0))
        advance(session, event_id, rounds, from_round=1, now=at(60))
        advance(session, event_id, rounds, from_round=1, now=at(61))  # the same click again
        assert get_clock(session, event_id).round == 2
        advance(session, event_id, rounds, from_round=2, now=at(62))
        assert get_clock(session, event_id).round == 3
        seen = get_clock(session, event_id).duration_s
        extend(session, event_id, 5, from_round=3, from_duration_s=seen)
        extend(session, event_id, 5, from_round=3, from_duration_s=seen)  # the « +5 » again
        assert get_clock(session, event_id).duration_s == seen + 5 * 60
        extend(session, event_id, 5, from_round=2, from_duration_s=seen + 300)  # a past round
        assert get_clock(session, event_id).duration_s == seen + 5 * 60


def test_refusals_explain_themselves(engine):
    event_id, rounds = demo(engine)
    with session_scope(engine) as session:
        with pytest.raises(ClockRefused, match="arrêté"):
            pause(session, event_id)
        with pytest.raises(ClockRefused, match="Aucun tour"):
            extend(session, event_id, 5)
        with pytest.raises(ClockRefused, match="1 à 180"):
            set_round_minutes(session, event_id, 0)
        with pytest.raises(ClockRefused, match="Aucun tour"):
            start(session, event_id, 0)


def test_actors_move_as_the_schedule_says(engine):
    event_id, rounds = demo(engine)
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        cases = list_cases(session, event_id)
        for round_ in range(1, rounds + 1):
            moves = actor_moves(event, cases, round_)
            now = [group for _, group, _ in moves if group]
            assert len(now) == len(set(now))  # no two actors in one group
            for case, group, then in moves:
                assert group is None or case_of_group(event, cases, round_, group) == case
                assert then is None or case_of_group(event, cases, round_ + 1, then) == case
        seen = {g: {case_of_group(event, cases, r, g).id for r in range(1, rounds + 1)
                    if case_of_group(event, cases, r, g)} for g in range(1, 7)}
        assert all(len(ids) == 3 for ids in seen.values())
        assert isinstance(cases[0], Case)


def test_the_clock_is_announced_at_thresholds_not_every_second():
    """A screen reader hears the round's start, five minutes and one minute left, the time up
    and a pause: not each second the countdown shows."""
    from partnerday.rounds import ClockView, announcement

    said = [announcement(ClockView(2, 6, True, left, 1200)) for left in range(1200, -60, -1)]
    changes = [said[0]] + [now for before, now in zip(said, said[1:]) if now != before]
    assert changes == ["2e tour sur 6 : en cours.", "2e tour sur 6 : 5 minutes au plus.",
                       "2e tour sur 6 : plus qu’une minute.",
                       "2e tour sur 6 : le temps est écoulé."]
    assert said[1200 - 300] == "2e tour sur 6 : 5 minutes au plus."
    assert said[1200 - 301] == "2e tour sur 6 : en cours."
    assert announcement(ClockView(1, 6, False, 700, 1200)) == "1er tour sur 6 : en pause."
    assert announcement(ClockView(7, 6, False, 0, 1200)) == "Tous les tours sont terminés."
