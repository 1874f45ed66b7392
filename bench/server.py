"""The real server and the loopback mail server, as the tests and the benches start them."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PARTNERDAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port(count: int = 1) -> int:
    """The first of `count` consecutive ports free now, below the machine's ephemeral range.

    Not a port the system hands out (bind to port 0): it hands the same range to every
    outgoing connection (each browser's, each server's to PostgreSQL), so such a port can be
    a connection's by the time a server binds it seconds later (a clean-clone run: « Port
    37374 is not available » for a cluster's app server)."""
    while True:
        first = random.randrange(10_000, ephemeral_ports_start() - count)
        if all(_bindable(port) for port in range(first, first + count)):
            return first


def ephemeral_ports_start() -> int:
    """The first port of the range the system hands out (to outgoing connections too)."""
    return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class AppServer:
    """`streamlit run app.py` as a user starts it, on a database of the caller's own."""

    def __init__(self, database_url: str, password: str | None, workdir: Path,
                 script: str = "app.py", env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.password = password
        self.script = script
        self.extra_env = env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"streamlit-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        env = {**os.environ, "DATABASE_URL": self.database_url, "PARTNERDAY_BASE_URL": self.url,
               **self.extra_env}
        env.pop("PARTNERDAY_ORGANISER_PASSWORD", None)
        if self.password is not None:
            env["PARTNERDAY_ORGANISER_PASSWORD"] = self.password
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.port",
             str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=PROJECT_ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.log.read_text())
                time.sleep(0.2)
        raise TimeoutError(f"streamlit did not start: {self.log.read_text()}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL: the laptop's server dies at once, with no chance to tidy up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def organiser_opens(page, server: AppServer, path: str) -> None:
    """In a browser: open an organiser page, sign in unless this browser already is, and wait
    until the page has finished running (a click during a run can be lost)."""
    from playwright.sync_api import expect

    page.goto(f"{server.url}/{path}")
    password = page.get_by_label("Mot de passe", exact=True)
    # a server's first page runs its start-up (migrations, first password, demo day with the
    # solver): on a slow machine with three workers beside it, over 30 s was seen
    expect(password.or_(page.get_by_role("button", name="Se déconnecter"))).to_be_visible(
        timeout=90_000)
    if password.count():  # not signed in yet on this browser (the cookie keeps a sign-in)
        log_in(page, server.password)
        expect(password).to_have_count(0, timeout=30_000)
    settled(page)


def log_in(page, password: str, login: str = "organisateur") -> None:
    """Fill the sign-in form (the first account's login unless told) and send it."""
    page.get_by_label("Identifiant", exact=True).fill(login)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def choose_screen(database_url: str, event_id: int, screen: str) -> None:
    """What an organiser does on the dashboard: the projector then shows that screen."""
    from partnerday.db import get_engine, session_scope
    from partnerday.projector import set_screen

    with session_scope(get_engine(database_url)) as session:
        set_screen(session, event_id, screen)


def settled(page, timeout: float = 30_000) -> None:
    """Wait until the page's script run has finished (Streamlit's running indicator gone)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


def type_in_grid(page, grid, column: str, text: str, reveal=lambda: None) -> None:
    """In a data editor (`grid`, Streamlit's canvas table): the first row's cell in the column
    headed `column` gets `text`, then the page's run it starts is let finish.

    The cell is reached from the first one with the arrow keys, and the editor that opens is
    checked to hold that cell's value before anything is typed: on a busy machine the grid may
    take the focus late, or be drawn anew by a late run of the page, and Enter then opens another
    cell (a clean-clone run wrote the e-mail address in a first name). The cell is read from the
    table Glide keeps beside its canvas for screen readers. `reveal` shows the grid again should
    such a run hide it (a grid in a tab: the tabs drawn anew open on the first one)."""
    from playwright.sync_api import expect

    headers = grid.locator("th[aria-colindex]")
    expect(headers.first).to_be_attached()
    titles = headers.all_text_contents()
    assert column in titles, f"no column « {column} » in {titles}"
    right = titles.index(column)
    index = headers.nth(right).get_attribute("aria-colindex")
    cell = grid.locator(f'td[aria-colindex="{index}"]').first
    before = cell.text_content()
    editor = page.locator("textarea.gdg-input")
    grid.scroll_into_view_if_needed()
    for _attempt in range(6):
        box = grid.bounding_box()
        if box is None:  # the grid drawn again at that instant (a clean-clone run): wait for it
            settled(page)
            reveal()
            expect(grid).to_be_visible()
            continue
        page.mouse.click(box["x"] + 80, box["y"] + 55)  # the first row, first column
        for _ in range(right):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            expect(editor).to_have_count(1, timeout=3_000)
        except AssertionError:  # the grid did not have the focus yet: click again
            continue
        if editor.input_value() == before:
            break
        page.keyboard.press("Escape")  # another cell's editor: closed unchanged, and again
        expect(editor).to_have_count(0)
    else:
        raise AssertionError(f"no editor opened on the first row's « {column} »")
    editor.fill(text)
    editor.press("Enter")
    expect(cell).to_have_text(re.compile(f"^{re.escape(text)}$"))
    time.sleep(1)  # an edit makes Streamlit run the page again: let that run finish
    settled(page)
    time.sleep(2)


def still_typing(box) -> None:
    """An autosave box that waits a minute for the pause in typing (it sends when left): its
    person is still typing when another tablet's text on the same field is saved, which the
    page's 2 s refresh would otherwise bring into the box first (no conflict to show)."""
    box.evaluate("box => { box.getRootNode().querySelector('.pd-autosave').pd.pause = 60000; }")


class SlowRuns:
    """A page whose server is slow to send what its runs draw, as a busy server is: once
    `holding`, the page hears of each run that starts, and what they draw (and their end)
    waits until `release()`. Through Playwright's WebSocket interception."""

    def __init__(self, page) -> None:
        self.holding = False
        self.held: list[tuple[object, bytes | str]] = []
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, page_side) -> None:
        server_side = page_side.connect_to_server()
        server_side.on_message(lambda message: self._down(page_side, message))

    def _down(self, page_side, message: bytes | str) -> None:
        if self.holding and not self._starts_a_run(message):
            self.held.append((page_side, message))
        else:
            page_side.send(message)

    @staticmethod
    def _starts_a_run(message: bytes | str) -> bool:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        forward = ForwardMsg()
        forward.ParseFromString(message if isinstance(message, bytes) else message.encode())
        kind = forward.WhichOneof("type")
        return kind == "new_session" or (
            kind == "session_status_changed" and forward.session_status_changed.script_is_running)

    def release(self) -> None:
        self.holding = False
        for page_side, message in self.held:
            page_side.send(message)
        self.held.clear()


class Received(Sequence):
    """The messages as received, each parsed when first read: the server's thread (in the
    tests' process) only stores the bytes, and a test counting them parses nothing."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []
        self._parsed: dict[int, object] = {}

    def __len__(self) -> int:
        return len(self.raw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        import email
        from email import policy

        index = range(len(self))[index]
        if index not in self._parsed:
            self._parsed[index] = email.message_from_bytes(self.raw[index],
                                                           policy=policy.default)
        return self._parsed[index]


class Inbox:
    """An aiosmtpd handler keeping every message; from `fail_after` on, it answers 421 (the
    server going away)."""

    def __init__(self) -> None:
        self.messages = Received()
        self.fail_after: int | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail_after is not None and len(self.messages) >= self.fail_after:
            return "421 Service not available, closing transmission channel"
        self.messages.raw.append(envelope.content)
        return "250 Message accepted"


def mail_server(inbox: Inbox):
    """A started SMTP server on loopback delivering into `inbox` (call `.stop()` after)."""
    from aiosmtpd.controller import Controller

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


def cpu_seconds(pid: int) -> float:
    """User and system CPU a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
