"""Run test work in several real processes that start at the same instant.

A failing worker must fail the test with its own traceback, and a stuck one must never hold
up the run: workers are daemons, wait at the start line for a bounded time, and whatever is
still alive at the end is terminated.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import traceback
from collections.abc import Callable
from typing import Any

START_LINE_SECONDS = 60


def _run_one(index: int, target: Callable, args: tuple, start, results) -> None:
    try:
        start.wait(START_LINE_SECONDS)
        results.put((index, None, target(*args)))
    except BaseException:  # noqa: BLE001 - the parent reports it
        results.put((index, traceback.format_exc(), None))


def run_together(target: Callable, arg_lists: list[tuple], timeout: float = 180) -> list[Any]:
    """Call `target(*args)` in one spawned process per entry; return the results in order.

    `target` must be importable (a module-level function) since the processes are spawned.
    """
    context = mp.get_context("spawn")
    start, results = context.Barrier(len(arg_lists)), context.Queue()
    workers = [context.Process(target=_run_one, args=(i, target, args, start, results),
                               daemon=True) for i, args in enumerate(arg_lists)]
    for worker in workers:
        worker.start()
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
