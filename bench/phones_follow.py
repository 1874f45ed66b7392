"""Open phones following the day: `people` phone pages stay open (Streamlit's protocol, each
fragment rerun on its timer as a browser does), then an organiser opens a question.

Measured on the real server: the server's CPU at rest with every page open, beside the floor
(bench/bare_follow.py, a bare page followed the same way) under the same number of pages; and how
long until every phone shows the question.

    python bench/phones_follow.py [--people 150] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.crowd import Phone  # noqa: E402
from bench.server import cpu_seconds  # noqa: E402
from bench.server import AppServer  # noqa: E402
from partnerday.db import dispose_engine, get_engine, session_scope  # noqa: E402
from bench.rehearsal import prepare_day  # noqa: E402
from partnerday.arrival import lay_tables  # noqa: E402
from partnerday.models import Event  # noqa: E402
from partnerday.polls import create_poll, set_open  # noqa: E402

QUESTION = "Quel atelier cet après-midi ?"


async def open_all(phones: list[Phone]) -> None:
    for start in range(0, len(phones), 25):  # the room opens its pages, 25 at a time
        await asyncio.gather(*(p.open() for p in phones[start:start + 25]))


async def rest(phones: list[Phone], pid: int, seconds: float) -> float:
    """CPU share of one core the server spends while the pages only follow."""
    until = time.perf_counter() + seconds
    before, started = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(*(p.follow(until) for p in phones))
    return (cpu_seconds(pid) - before) / (time.perf_counter() - started)


async def until_all_show(phones: list[Phone], text: str, limit: float) -> list[float]:
    """Seconds until each phone's page shows `text`, following as a browser does."""
    started = time.perf_counter()
    seen: dict[int, float] = {}

    async def one(i: int, phone: Phone) -> None:
        def on_run(run) -> None:
            if run.shows(text) and i not in seen:
                seen[i] = time.perf_counter() - started
        while i not in seen and time.perf_counter() - started < limit:
            await phone.follow(time.perf_counter() + 0.01, on_run)
    await asyncio.gather(*(one(i, p) for i, p in enumerate(phones)))
    return sorted(seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="phones-follow-"))
    url = f"sqlite:///{workdir / 'follow.db'}"
    engine = get_engine(url)
    day = prepare_day(url, args.people, workdir)
    with session_scope(engine) as session:  # the doors open: each phone checks in on opening
        event = session.get(Event, day.event_id)
        event.checkin_open = True
        lay_tables(session, event)
    tokens = day.tokens
    app = AppServer(url, "mot-de-passe-du-banc", workdir)
    floor = AppServer(url, None, workdir, script="bench/bare_follow.py")
    app.start()
    floor.start()
    try:
        async def measure():
            floor_phones = [Phone(floor.url, f"p={t}") for t in tokens]
            await open_all(floor_phones)
            floor_cpu = await rest(floor_phones, floor.pid, args.seconds)
            for p in floor_phones:
                await p.close()
            phones = [Phone(app.url, f"p={t}") for t in tokens]
            await open_all(phones)
            app_cpu = await rest(phones, app.pid, args.seconds)
            with session_scope(engine) as session:
                poll = create_poll(session, event.id, "single", QUESTION, ["Logement", "Emploi"])
                set_open(session, poll.id, True)
            shown = await until_all_show(phones, QUESTION, 30)
            for p in phones:
                await p.close()
            return floor_cpu, app_cpu, shown

        floor_cpu, app_cpu, shown = asyncio.run(measure())
    finally:
        app.stop()
        floor.stop()
        dispose_engine(url)
    print(f"{len(tokens)} phones open and following, {args.seconds:.0f} s at rest:")
    print(f"  server CPU: app {100 * app_cpu:.1f} % of a core, floor {100 * floor_cpu:.1f} % "
          f"(ratio {app_cpu / floor_cpu:.2f})")
    if shown:
        print(f"  question opened: {len(shown)}/{len(tokens)} phones show it; median "
              f"{shown[len(shown) // 2]:.1f} s, last {shown[-1]:.1f} s")
    else:
        print("  question opened: no phone showed it")


if __name__ == "__main__":
    main()
