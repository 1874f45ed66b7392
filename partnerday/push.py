"""Open pages follow the room without asking: Streamlit glue.

One thread per server process reads the room's signature once a second (the same read every
phone's page makes, `room.room_signature`) and, when it changed, asks Streamlit to run again
every open page whose link matches (the phones, `?p=TOKEN`): what Streamlit's « run on save »
does for a changed source file. An open phone then costs the server nothing while the room
stands still, where a page looking every few seconds costs a script run each time, and 150
of them weighed on everything else the server did (bench/rehearsal.py, issue 16).

Each server of a cluster runs its own thread for its own sessions. The session manager is
Streamlit's internal API: if it ever changes, the push logs it once and stops, and from then
on the phone pages look by themselves every few seconds (pages/phone.py, FOLLOW), as they did
before the push.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from urllib.parse import parse_qs

LOGGER = logging.getLogger(__name__)


def link_has(parameter: str) -> Callable[[str], bool]:
    """A test on a page's query string: whether it carries `parameter` (e.g. "p")."""
    def has(query_string: str) -> bool:
        return bool(parse_qs(query_string).get(parameter))
    return has


def open_pages(matches: Callable[[str], bool]) -> list:
    """The live sessions whose last run's query string `matches`."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return []
    sessions = Runtime.instance()._session_mgr.list_active_sessions()
    return [info.session for info in sessions
            if matches(info.session._client_state.query_string)]


def run_again(session) -> None:
    """The page is drawn again with its own link, as if reloaded, in the same session (its
    widgets keep their values)."""
    from streamlit.proto.ClientState_pb2 import ClientState

    state = ClientState()
    state.CopyFrom(session._client_state)
    state.fragment_id = ""
    state.is_auto_rerun = False
    session.request_rerun(state)


class RoomPush:
    def __init__(self, signature: Callable[[], object], matches: Callable[[str], bool],
                 every: float = 1.0, on_change: Callable[[], None] | None = None) -> None:
        """`on_change` runs before the pages are drawn again: what they read of the room
        must be read anew then, not taken from a cache filled before the change (a page
        drawn again with the old room would wait for the next change)."""
        self.signature, self.matches, self.every = signature, matches, every
        self.on_change = on_change
        self.pushes = 0
        self.failed = False
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="room-push", daemon=True)

    def start(self) -> RoomPush:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(5)

    @property
    def running(self) -> bool:
        return self.thread.is_alive() and not self.failed and not self.stopped.is_set()

    def _watch(self) -> None:
        shown = self._read()
        while not self.stopped.wait(self.every):
            now = self._read()
            if now is None or now == shown:
                continue
            shown = now
            try:
                if self.on_change is not None:
                    self.on_change()
                for session in open_pages(self.matches):
                    run_again(session)
                self.pushes += 1
            except Exception:  # noqa: BLE001 - Streamlit's internals moved: phones still look
                LOGGER.exception("Pushing the room to open pages failed; the push stops.")
                self.failed = True
                return

    def _read(self):
        try:
            return self.signature()
        except Exception:  # noqa: BLE001 - the database away for a moment: try next second
            LOGGER.warning("The room's signature could not be read", exc_info=True)
            return None
