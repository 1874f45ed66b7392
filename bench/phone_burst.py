"""The whole room opening its phone page at the same instant, against its floors, several times.

    python bench/phone_burst.py [--people 150] [--rounds 4]

Three servers on one SQLite database: the app (`app.py`), the bare one-line page
(`bench/bare_app.py`) and the phone page's elements with fixed text and no database
(`bench/static_phone.py`). Everyone checks in first (all at once too: that is timed as well),
then, round after round, the same phones open each server in turn. Each line gives the 95th
percentile and the server's CPU time for the burst (from /proc): with all sessions running
at once in one Python process, the burst lasts about as long as their CPU time put together,
so CPU per page view is what to cut.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.crowd import Background, crowd_day, summary  # noqa: E402
from bench.rehearsal import burst, good  # noqa: E402
from bench.server import AppServer, cpu_seconds  # noqa: E402
from partnerday.db import get_engine, session_scope  # noqa: E402
from partnerday.events import set_current_event  # noqa: E402

SERVERS = {"app": "app.py", "bare": "bench/bare_app.py", "static": "bench/static_phone.py"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="phone-burst-"))
    url = f"sqlite:///{workdir / 'burst.db'}"
    servers = {name: AppServer(url, "mot-de-passe-du-banc", workdir, script=script)
               for name, script in SERVERS.items()}
    servers["app"].start()  # creates the database and the demo event
    urllib.request.urlopen(servers["app"].url + "/", timeout=60).read()
    event_id, _, tokens = crowd_day(url, args.people, "Banc d'essai")
    with session_scope(get_engine(url)) as session:
        set_current_event(session, event_id)
    for name in ("bare", "static"):
        servers[name].start()
    crowd = Background()
    queries = [f"p={t}" for t in tokens]
    try:
        runs = crowd(burst(servers["app"].url, queries))
        seated = good(runs, "Votre table du petit déjeuner")
        print(f"first check-ins, all at once: {len(seated)} of {len(runs)} seated, "
              f"p95 {summary(seated)['p95']:.3f} s" if seated else "no check-in succeeded")
        for name in ("bare", "static"):
            crowd(burst(servers[name].url, queries[:20]))  # their first run's imports
        p95: dict[str, list[float]] = {name: [] for name in SERVERS}
        for round_ in range(args.rounds):
            for name, server in servers.items():
                before = cpu_seconds(server.pid)
                runs = crowd(burst(server.url, queries))
                cpu = cpu_seconds(server.pid) - before
                shown = good(runs, "Votre table du petit déjeuner" if name == "app" else None)
                figures = summary(shown) if shown else {"median": float("nan"),
                                                        "p95": float("nan")}
                p95[name].append(figures["p95"])
                print(f"round {round_ + 1} {name:6} median {figures['median']:.3f} s  p95 "
                      f"{figures['p95']:.3f} s  CPU {cpu:.2f} s  errors {len(runs) - len(shown)}",
                      flush=True)
        for name in ("app", "static"):
            ratios = ", ".join(f"{a / b:.2f}" for a, b in zip(p95[name], p95["bare"]))
            print(f"{name} p95 / bare p95, round by round: {ratios}")
    finally:
        crowd.close()
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    main()
