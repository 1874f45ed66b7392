"""The crowd through nginx at 1 and at 2 app servers, side by side in one run.

For each server count, deploy/run-cluster.sh starts the servers on a fresh PostgreSQL
database; for each crowd size, a new event with that many people (check-in open, a barometer
open) is made current, then every phone opens its page at the same instant (the check-in),
and then every phone votes at the same instant. Each phone is a real Streamlit session over
the websocket (bench/crowd.py). Every check-in and vote is then counted in the database:
exactly once each, or the run fails.

    python bench/cluster_load.py [--phones 150 300] [--servers 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlmodel import select  # noqa: E402

from bench.crowd import Phone, crowd_day, free_port, summary  # noqa: E402
from partnerday.db import dispose_engine, get_engine, session_scope  # noqa: E402
from partnerday.models import Participant, Vote  # noqa: E402

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def fresh_database() -> str:
    name = f"partnerday_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_database(url: str) -> None:
    dispose_engine(url)
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def start_cluster(servers: int, url: str) -> tuple[subprocess.Popen, str]:
    port = free_port(servers + 1)  # nginx's, then its servers' from base + 1
    env = {**os.environ, "DATABASE_URL": url, "APP_PORT_BASE": str(port),
           "PARTNERDAY_ORGANISER_PASSWORD": "bench", "PYTHON": sys.executable}
    process = subprocess.Popen(["bash", "deploy/run-cluster.sh", str(servers), str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    line = process.stdout.readline()
    if "behind" not in line:
        raise RuntimeError(line + process.stdout.read())
    return process, f"http://127.0.0.1:{port}"


async def crowd(base: str, tokens: list[str]) -> dict:
    phones = [Phone(base, f"p={token}") for token in tokens]
    try:
        started = time.perf_counter()
        opened = await asyncio.gather(*(p.open(timeout=300) for p in phones),
                                      return_exceptions=True)
        open_wall = time.perf_counter() - started
        ok = [p for p, r in zip(phones, opened) if not isinstance(r, BaseException)
              and r.shows("Votre table du petit déjeuner")]
        started = time.perf_counter()
        voted = await asyncio.gather(*(p.submit_slider("Votre position", i % 11, "Envoyer",
                                                       timeout=300)
                                       for i, p in enumerate(ok)), return_exceptions=True)
        vote_wall = time.perf_counter() - started
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
    good_votes = [r for r in voted if not isinstance(r, BaseException)
                  and r.shows("Merci, c'est enregistré.")]
    failures = Counter(type(r).__name__ if isinstance(r, BaseException) else
                       r.exception or "no acknowledgement"
                       for r in voted if not any(r is g for g in good_votes))
    if failures:
        print("failures:", dict(failures), flush=True)
    return {"open": summary([r.seconds for r in opened if not isinstance(r, BaseException)]),
            "open_wall": open_wall, "opened": len(ok),
            "vote": summary([r.seconds for r in good_votes]) if good_votes else None,
            "vote_wall": vote_wall, "voted": len(good_votes),
            "errors": len(tokens) - len(good_votes)}


def counted(url: str, event_id: int, poll_id: int) -> tuple[int, int]:
    with session_scope(get_engine(url)) as session:
        checked_in = len(session.exec(select(Participant.id).where(
            Participant.event_id == event_id, Participant.checked_in_at.is_not(None))).all())
        votes = session.exec(select(Vote.participant_id).where(Vote.poll_id == poll_id)).all()
    assert len(votes) == len(set(votes)), "a vote counted twice"
    return checked_in, len(votes)


def warm_up(base: str, servers: int) -> None:
    async def visit():
        phones = [Phone(base, "p=echauffement") for _ in range(4 * servers)]
        await asyncio.gather(*(p.open(timeout=120) for p in phones))
        await asyncio.gather(*(p.close() for p in phones))
    asyncio.run(visit())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rows = []
    for servers in args.servers:
        url = fresh_database()
        process, base = start_cluster(servers, url)
        try:
            warm_up(base, servers)
            for phones in args.phones:
                event_id, poll_id, tokens = crowd_day(url, phones, f"Charge {phones}")
                result = asyncio.run(crowd(base, tokens))
                checked_in, votes = counted(url, event_id, poll_id)
                rows.append((servers, phones, result, checked_in, votes))
                print(f"{servers} server(s), {phones} phones: opened {result['opened']}, "
                      f"voted {result['voted']}, in the database {checked_in} check-ins, "
                      f"{votes} votes", flush=True)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
            drop_database(url)
    print("\n| app servers | phones | check-ins/s | check-in median / p95 | votes/s | "
          "vote median / p95 | errors | counted once |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for servers, phones, r, checked_in, votes in rows:
        vote = r["vote"] or {"median": float("nan"), "p95": float("nan")}
        print(f"| {servers} | {phones} | {r['opened'] / r['open_wall']:.1f} | "
              f"{r['open']['median']:.2f} s / {r['open']['p95']:.2f} s | "
              f"{r['voted'] / r['vote_wall']:.1f} | {vote['median']:.2f} s / {vote['p95']:.2f} s"
              f" | {r['errors']} | {'yes' if checked_in == votes == phones else 'NO'} |")


if __name__ == "__main__":
    main()
