"""Run test work in several real processes that start at the same instant.

A failing worker must fail the test with its own traceback, and a stuck one must never hold
up the run: workers are daemons, wait at the start line for a bounded time, and whatever is
still alive at the end is terminated.

Workers come from a fork server that has imported the app once (`PRELOADED`): spawning each
one afresh cost about 1.5 s of imports per worker, 12 s for the six voters of one test. Each
worker is a fresh fork of that clean server (no state of the test process, unlike `fork`),
and gets the caller's environment and working folder of the moment, as a spawned one would.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import sys
import types
import traceback
from collections.abc import Callable
from typing import Any

START_LINE_SECONDS = 60
PRELOADED = ["tests.conftest", "partnerday.services", "partnerday.report", "psycopg"]
_context = mp.get_context("forkserver")
_context.set_forkserver_preload(PRELOADED)


def _run_one(index: int, target: Callable, args: tuple, start, results,
             environment: dict[str, str], folder: str) -> None:
    try:
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(folder)
        start.wait(START_LINE_SECONDS)
        results.put((index, None, target(*args)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        results.put((index, traceback.format_exc(), None))


def run_together(target: Callable, arg_lists: list[tuple], timeout: float = 180) -> list[Any]:
    """Call `target(*args)` in one process per entry; return the results in order.

    `target` must be importable (a module-level function): the processes import it.
    """
    start, results = _context.Barrier(len(arg_lists)), _context.Queue()
    here = (dict(os.environ), os.getcwd())
    workers = [_context.Process(target=_run_one, args=(i, target, args, start, results, *here),
                                daemon=True) for i, args in enumerate(arg_lists)]
    main = sys.modules["__main__"]
    # an AppTest run leaves its own script as __main__, which each worker would run first
    # (and die on: « name '__args' is not defined »): the workers need no main module
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for worker in workers:
            worker.start()
    finally:
        sys.modules["__main__"] = main
    returned: dict[int, Any] = {}
    try:
        for _ in workers:
            try:
                index, error, value = results.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"a worker gave no answer within {timeout} s") from None
            if error:
                raise AssertionError(f"worker {index} failed:\n{error}")
            returned[index] = value
        for worker in workers:
            worker.join(30)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join(5)
    return [returned[i] for i in range(len(workers))]
