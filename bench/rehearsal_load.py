"""The day's crowd on one laptop's server, measured side by side with the bare page.

This machine is shared and noisy, so every figure is taken in the same run, under the same
load, on the app and on `bench/bare_app.py` (one `st.write`). That page is the floor the
framework itself sets, and each figure is reported as a ratio to it.

Scenarios, 150 phones each (Streamlit's websocket protocol, bench/crowd.py):
- check-ins arriving at 5 a second (the phone page checks its owner in);
- 150 votes cast within 30 seconds (the bare page: a rerun at the same moments);
- all phones opening their page at the same instant;
- the server's memory per open session.

    python bench/rehearsal_load.py [--phones 150]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from bench.crowd import Phone, crowd_day, free_port, summary  # noqa: E402
from partnerday.db import get_engine, session_scope  # noqa: E402
from partnerday.models import Participant, Vote  # noqa: E402


def serve(script: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1"], cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            break
        except OSError:
            time.sleep(0.1)
    return process, f"http://127.0.0.1:{port}"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def arrivals(base: str, tokens: list[str], per_second: float) -> tuple[list, list]:
    """Phones opening their page at a steady rate; they stay connected."""
    phones = [Phone(base, f"p={t}") for t in tokens]

    async def arrive(i: int, phone: Phone):
        await asyncio.sleep(i / per_second)
        return await phone.open(timeout=120)
    runs = await asyncio.gather(*(arrive(i, p) for i, p in enumerate(phones)),
                                return_exceptions=True)
    return phones, runs


async def actions(phones: list[Phone], within: float, vote: bool) -> list:
    async def act(i: int, phone: Phone):
        await asyncio.sleep(i * within / len(phones))
        if vote:
            return await phone.submit_slider("Votre position", i % 11, "Envoyer", timeout=120)
        return await phone.open_again(timeout=120)
    return await asyncio.gather(*(act(i, p) for i, p in enumerate(phones)),
                                return_exceptions=True)


async def burst(base: str, tokens: list[str]) -> list:
    phones = [Phone(base, f"p={t}") for t in tokens]
    try:
        return await asyncio.gather(*(p.open(timeout=120) for p in phones),
                                    return_exceptions=True)
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)


def good(runs: list, text: str | None) -> list[float]:
    return [r.seconds for r in runs if not isinstance(r, BaseException)
            and not r.exception and (text is None or r.shows(text))]


async def scenario(app: str, bare: str, app_pid: int, bare_pid: int, tokens: list[str]):
    rows = {}
    memory_before = rss_mb(app_pid), rss_mb(bare_pid)
    app_phones, app_runs = await arrivals(app, tokens, 5)
    bare_phones, bare_runs = await arrivals(bare, tokens, 5)
    rows["check-ins arriving at 5/s"] = (good(app_runs, "Votre table du petit déjeuner"),
                                         good(bare_runs, None), len(tokens))
    memory = ((rss_mb(app_pid) - memory_before[0]) / len(tokens),
              (rss_mb(bare_pid) - memory_before[1]) / len(tokens))
    app_votes = await actions([p for p, r in zip(app_phones, app_runs)
                               if not isinstance(r, BaseException)], 30, vote=True)
    bare_reruns = await actions(bare_phones, 30, vote=False)
    rows["150 votes within 30 s"] = (good(app_votes, "Merci, c'est enregistré."),
                                     good(bare_reruns, None), len(tokens))
    for phone in [*app_phones, *bare_phones]:
        await phone.close()
    rows["all phones open at the same instant"] = (
        good(await burst(app, tokens), "Votre table"), good(await burst(bare, tokens), None),
        len(tokens))
    return rows, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/rehearsal.db"
        _, poll_id, tokens = crowd_day(url, args.phones, "Répétition")
        app, app_url = serve("app.py", {"DATABASE_URL": url,
                                        "PARTNERDAY_ORGANISER_PASSWORD": "bench"})
        bare, bare_url = serve("bench/bare_app.py", {})
        try:
            asyncio.run(burst(app_url, ["p=echauffement"] * 3))
            asyncio.run(burst(bare_url, ["x=1"] * 3))
            rows, memory = asyncio.run(scenario(app_url, bare_url, app.pid, bare.pid, tokens))
        finally:
            app.terminate()
            bare.terminate()
        with session_scope(get_engine(url)) as session:
            votes = session.exec(select(Vote.participant_id).where(Vote.poll_id == poll_id)
                                 ).all()
            checked_in = session.exec(select(Participant.id).where(
                Participant.checked_in_at.is_not(None))).all()
    print("\n| scenario | app median / p95 | bare page median / p95 | p95 ratio | errors |")
    print("| --- | --- | --- | --- | --- |")
    for name, (app_seconds, bare_seconds, expected) in rows.items():
        a, b = summary(app_seconds), summary(bare_seconds)
        errors = expected - len(app_seconds)
        print(f"| {name} | {a['median']:.3f} s / {a['p95']:.3f} s | {b['median']:.3f} s / "
              f"{b['p95']:.3f} s | {a['p95'] / b['p95']:.2f} | {errors} |")
    print(f"| memory per open session | {memory[0]:.2f} MB | {memory[1]:.2f} MB | "
          f"{memory[0] / memory[1]:.2f} | |")
    print(f"\nIn the database: {len(checked_in)} check-ins, {len(votes)} votes, "
          f"{len(set(votes))} voters (expected {args.phones} each).")


if __name__ == "__main__":
    main()
