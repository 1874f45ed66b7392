"""A crowd of phones speaking Streamlit's own protocol, as a browser does: an HTTP request for
the page (which also gets nginx's routing cookie), then the websocket `/_stcore/stream`, a
`rerun_script` message with the query string, and the forward messages until the run ends.

One `Phone` is one browser session; thousands fit in one asyncio loop, so the load is on the
server, not on the client.
"""

from __future__ import annotations

import asyncio
import functools
import re
import statistics
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.server import free_port  # noqa: F401 (the benches' import)
from partnerday import i18n

TEXT_ELEMENTS = ("markdown", "heading", "alert", "html", "text")


@dataclass
class Run:
    seconds: float
    texts: list[str]
    widgets: dict[str, object]  # label -> widget proto (slider, button, ...)
    exception: str = ""

    def shows(self, text: str) -> bool:
        """Whether the page shows `text` (Markdown's escapes aside: « après\\-midi »), in
        the person's language: `text` may be a message of the catalogues, said up to its
        first field or tag (« C'est la mise en commun : <b>{groups}</b> ensemble »)."""
        said = in_every_language(text)
        return any(s in t.replace("\\", "") for t in self.texts for s in said)


@functools.cache
def in_every_language(message: str) -> tuple[str, ...]:
    return tuple({re.split(r"[<{]", i18n.in_language(language, message))[0]
                  for language in i18n.LOCALES})


@dataclass
class Phone:
    """One browser tab. A reader task takes every message the server sends, as a browser
    does: the runs a request asked for, and those the server starts by itself (open pages
    are drawn again when the room moves, partnerday/push.py). Every finished run goes to the
    listeners; a request waits for the first run that finishes after it was sent."""

    base: str  # http://host:port
    query: str
    cookie: str = ""
    ws: object = None
    widgets: dict[str, object] = field(default_factory=dict)
    auto_reruns: dict[str, float] = field(default_factory=dict)  # fragment id -> seconds
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one request at a time
    listeners: list[Callable[[Run], None]] = field(default_factory=list)
    reconnections: int = 0
    finished: int = 0  # runs finished since the page opened
    last_run: Run | None = None
    _reader: asyncio.Task | None = None
    _changed: asyncio.Event | None = None  # set at each finished run and at a disconnection

    async def open(self, timeout: float = 60) -> Run:
        started = time.perf_counter()
        self.cookie = await asyncio.to_thread(self._get_page)
        url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else {}
        # no client pings: a browser sends none, and a busy server answering them late would
        # make the client drop a session the server is still serving
        self.ws = await websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                           additional_headers=headers, open_timeout=timeout,
                                           ping_interval=None)
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read_forever(self.ws))
        message = BackMsg()
        message.rerun_script.query_string = self.query
        return await self._run(message, started, timeout)

    def _get_page(self) -> str:
        with urllib.request.urlopen(f"{self.base}/?{self.query}", timeout=60) as response:
            response.read()
            cookie = response.headers.get("Set-Cookie", "")
        return cookie.split(";", 1)[0]

    @property
    def connected(self) -> bool:
        return self._reader is not None and not self._reader.done()

    async def _read_forever(self, ws) -> None:
        texts: list[str] = []
        exception = ""
        started = time.perf_counter()
        try:
            async for raw in ws:
                forward = ForwardMsg()
                forward.ParseFromString(raw)
                kind = forward.WhichOneof("type")
                if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    element = forward.delta.new_element
                    which = element.WhichOneof("type")
                    if which in TEXT_ELEMENTS:
                        texts.append(getattr(element, which).body)
                    elif which == "exception":
                        exception = element.exception.message
                    elif which in ("slider", "button"):
                        self.widgets[getattr(element, which).label] = getattr(element, which)
                elif kind == "navigation":  # a whole run: its fragments register anew
                    self.auto_reruns.clear()
                elif kind == "auto_rerun":  # a fragment the browser reruns on a timer
                    self.auto_reruns[forward.auto_rerun.fragment_id] = \
                        forward.auto_rerun.interval
                elif kind == "new_session":  # a run starts: what counts is the last one
                    texts, exception = [], ""
                elif kind == "script_finished" and (
                        forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                    self.last_run = Run(time.perf_counter() - started, texts,
                                        dict(self.widgets), exception)
                    self.finished += 1
                    texts, exception, started = [], "", time.perf_counter()
                    for listener in list(self.listeners):
                        listener(self.last_run)
                    self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self._changed.set()  # a request waiting for its run learns the page is gone

    async def _run(self, message: BackMsg, started: float, timeout: float) -> Run:
        async with self.lock:  # a timer's rerun and a tap wait for each other, as in a tab
            return await self._send_and_wait(message, started, timeout)

    async def _send_and_wait(self, message: BackMsg, started: float, timeout: float) -> Run:
        async with asyncio.timeout(timeout):
            before = self.finished
            await self.ws.send(message.SerializeToString())
            while self.finished == before:
                if not self.connected:
                    raise ConnectionError("the page's connection closed")
                self._changed.clear()
                if self.finished != before:
                    break
                await self._changed.wait()
        return Run(time.perf_counter() - started, self.last_run.texts, dict(self.widgets),
                   self.last_run.exception)

    async def open_again(self, timeout: float = 60) -> Run:
        """The same page run again in the same session (what any interaction costs)."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        return await self._run(message, time.perf_counter(), timeout)

    async def submit_slider(self, slider_label: str, value: float, button_label: str,
                            timeout: float = 60) -> Run:
        """Move a slider of a form and press its submit button, as the page would send it
        (the labels are the French messages: the page may be in the person's language)."""
        slider = next(widget for label, widget in self.widgets.items()  # it may name its ends
                      if label.startswith(in_every_language(slider_label)))
        button = next(self.widgets[label] for label in in_every_language(button_label)
                      if label in self.widgets)
        message = BackMsg()
        message.rerun_script.query_string = self.query
        state = message.rerun_script.widget_states.widgets.add()
        state.id = slider.id
        state.double_array_value.data.append(value)
        pressed = message.rerun_script.widget_states.widgets.add()
        pressed.id = button.id
        pressed.trigger_value = True
        return await self._run(message, time.perf_counter(), timeout)

    async def auto_rerun(self, fragment_id: str, timeout: float = 60) -> Run:
        """What the browser sends when a fragment's timer fires (`run_every`): the fragment
        runs, and the whole page too when it calls `st.rerun(scope="app")`."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.fragment_id = fragment_id
        message.rerun_script.is_auto_rerun = True
        return await self._run(message, time.perf_counter(), timeout)

    async def follow(self, until: float, on_run: Callable[[Run], None] | None = None) -> None:
        """Keep the page open as a browser does until `until` (a perf_counter time): each
        auto-rerunning fragment is run again at its interval, and runs the server starts by
        itself are taken too."""
        if on_run:
            self.listeners.append(on_run)
        try:
            while time.perf_counter() < until:
                interval = next(iter(self.auto_reruns.values()), 1.0)
                await asyncio.sleep(min(interval, max(0.0, until - time.perf_counter())))
                if time.perf_counter() < until and self.auto_reruns:
                    await self._rerun_current_fragment()
        finally:
            if on_run:
                self.listeners.remove(on_run)

    async def keep_following(self) -> None:
        """The page stays open in the background as a browser keeps it, until cancelled: its
        fragments rerun on their timers, the server's own runs are taken as they come (both
        handed to the listeners); a lost connection (the server restarting) is opened again
        at once, as Streamlit's page reconnects by itself."""
        while True:
            try:
                interval = next(iter(self.auto_reruns.values()), 1.0)
                if self.connected:
                    self._changed.clear()
                    waited = asyncio.create_task(self._wait_disconnected())
                    done, _ = await asyncio.wait({waited}, timeout=interval)
                    waited.cancel()
                    if self.connected and self.auto_reruns:
                        await self._rerun_current_fragment()
                        continue
                if not self.connected:
                    run = await self._reconnect()
                    for listener in list(self.listeners):
                        listener(run)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the connection went during a look: reconnect
                continue

    async def _wait_disconnected(self) -> None:
        while self.connected:
            await self._changed.wait()
            self._changed.clear()

    async def _rerun_current_fragment(self, timeout: float = 60) -> Run | None:
        """A timer's rerun of the fragment the page holds now: a tap meanwhile may have drawn
        the page again and given its fragment a new id (a browser drops the old timer, and
        the server never answers a rerun of a fragment it no longer has)."""
        async with self.lock:
            if not self.auto_reruns:
                return None
            message = BackMsg()
            message.rerun_script.query_string = self.query
            message.rerun_script.fragment_id = next(iter(self.auto_reruns))
            message.rerun_script.is_auto_rerun = True
            return await self._send_and_wait(message, time.perf_counter(), timeout)

    async def _reconnect(self) -> Run:
        while True:
            await asyncio.sleep(1)
            try:
                await self.close()
            except Exception:  # noqa: BLE001 - already closed
                pass
            try:
                run = await self.open(timeout=30)
                self.reconnections += 1
                return run
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the server is not back yet
                continue

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)


def crowd_day(url: str, people: int, name: str) -> tuple[int, int, list[str]]:
    """An event for a crowd: `people` registered (20 organisations), check-in open, a
    barometer open. Returns the event id, the poll id and everyone's token."""
    from sqlmodel import select

    from partnerday.db import get_engine, session_scope
    from partnerday.events import create_event
    from partnerday.models import Participant
    from partnerday.polls import create_poll, set_open
    from partnerday.registration import import_registrations, read_registrations

    lines = ["nom;structure;rôle"] + [
        f"Personne {i};Structure {i % 20};{'usager' if i % 3 == 0 else 'travailleur'}"
        for i in range(people)]
    with session_scope(get_engine(url)) as session:
        event = create_event(session, name, expected_attendance=people, checkin_open=True)
        import_registrations(session, event.id, read_registrations(
            "\n".join(lines).encode(), "foule.csv").rows_to_import())
        poll = create_poll(session, event.id, "scale", "Lien ou contenu ?",
                           left_label="lien", right_label="contenu")
        set_open(session, poll.id, True)
        tokens = list(session.exec(select(Participant.token).where(
            Participant.event_id == event.id)))
        return event.id, poll.id, tokens


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(seconds: list[float]) -> dict[str, float]:
    return {"n": len(seconds), "median": statistics.median(seconds),
            "p95": percentile(seconds, 0.95), "max": max(seconds)}


class Background:
    """One event loop on a thread of its own, for the whole bench: phones opened in one step
    keep their websocket for the next (a loop per step would orphan them), and Playwright's
    synchronous API keeps the main thread."""

    def __init__(self) -> None:
        import threading

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def __call__(self, coroutine, timeout: float = 900):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def run(coroutine):
    """Run the crowd on a loop of its own (callers may already have one, e.g. Playwright)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
