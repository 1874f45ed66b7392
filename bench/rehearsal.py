"""A whole Partner Day, rehearsed on the real server, under load and faults.

The script starts `streamlit run app.py` on a fresh database and plays the day:
1. faults at the door: malformed and random tokens, wrong organiser passwords;
2. the crowd (bench/crowd.py, Streamlit's own websocket protocol) checks in at 5 a second;
   from then on every phone keeps its page open and follows the day as a browser does (the
   server draws it again when the room moves), reconnecting when the server restarts;
3. the projector (Chromium) shows each vote: its delay is measured;
4. everyone votes within 30 seconds, then all phones open their page at the same instant;
5. the phones at rest: the server's CPU with every page following, beside a bare page
   following the same way (bench/bare_follow.py); then a question is opened and each open
   page must show it without a reload;
6. an organiser (Chromium) balances and publishes the groups: every open phone shows its
   group without a reload;
7. six group tablets (Chromium) write over three rounds, with injections and an oversized
   text; in the middle of round 2 the server is killed (SIGKILL) and started again; the open
   phones show the case of the first round, then the pooling, without a reload;
8. the groups merge (6 into 3) and write their syntheses on the tablets;
9. the organiser sends the report to a loopback SMTP server;
10. the audit: every check-in, vote and finding a screen acknowledged is in the database and
   in the report, every email arrived, every injection shows as plain text.

Every timing is taken beside a floor measured in the same run under the same load: the bare
one-line page (bench/bare_app.py) and, for the projector, a bare page refreshing a number
every 2 seconds (bench/bare_projector.py), and for open phones a bare page followed the same
way (bench/bare_follow.py). The script exits 1 on any audit difference.

    python bench/rehearsal.py [--people 150]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import math
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect  # noqa: E402
from sqlmodel import select  # noqa: E402

from bench.crowd import Background, Phone, Run, summary  # noqa: E402
from bench.server import CHROMIUM, CHROMIUM_ARGS, AppServer, Inbox, mail_server, \
    choose_screen, cpu_seconds, log_in, organiser_opens, settled  # noqa: E402
from partnerday.cases import case_of_group, list_cases, round_count  # noqa: E402
from partnerday.db import dispose_engine, get_engine, session_scope  # noqa: E402
from partnerday.demo import create_demo_event  # noqa: E402
from partnerday.findings import DIAGNOSIS, LABELS, MAX_TEXT, PROFILE, SYNTHESIS, field_label, \
    proposal_field  # noqa: E402
from partnerday.models import Case, Delivery, Event, Finding, Participant, Poll, Vote, \
    WorkGroup  # noqa: E402
from partnerday.polls import create_poll, set_open  # noqa: E402
from partnerday.report import build_report, report_html  # noqa: E402
from partnerday.rounds import event_clock  # noqa: E402

PASSWORD = "repetition-generale"
TIMEOUT = 60_000  # ms, for a screen to show what it should
TABLETS = 6
ROUNDS_PLAYED = 3
PROFILE_BOX, DIAGNOSIS_BOX, SYNTHESIS_BOX = LABELS[PROFILE], LABELS[DIAGNOSIS], LABELS[SYNTHESIS]
PROPOSAL_BOX = field_label(proposal_field(1, "text"))
WHO_BOX = field_label(proposal_field(1, "who"))
BURSTS = 3
MERGE_PAIRS = [[1, 4], [2, 5], [3, 6]]
FOLLOW_LIMIT = 5  # seconds for an open phone to show what the organisers did (issue 16)
NEW_QUESTION = "Quel atelier cet après-midi ?"
MORE_CASES = [  # beside the demo's three, so that every group has a case in every round
    ("Aïcha, 19 ans, arrivée il y a un an", "Apprend le français, veut reprendre des études.",
     ["langue", "formation"]),
    ("Marc, 45 ans, sans logement", "Dort chez des amis depuis trois mois, cherche un emploi.",
     ["logement", "emploi"]),
    ("Sofia, 33 ans, en burn-out", "Sort d'un arrêt maladie de six mois, ne sait pas si elle "
     "peut reprendre son métier.", ["santé mentale", "emploi"]),
]
INJECTIONS = [
    "<script>document.title='pwned'</script>",
    '<img id="injected" src=x onerror="document.title=\'pwned\'">',
    "**gras** _italique_ [lien](javascript:alert(1)) # titre",
    "'); DROP TABLE finding; --",
    "{{7*7}} ${7*7} <b>gras</b>",
]
BAD_LINKS = {  # query string -> what the page must say
    "p=pas-un-jeton": "Lien non reconnu",
    "p=%3Cscript%3Ealert(1)%3C%2Fscript%3E": "Lien non reconnu",
    "p=%27%20OR%20%271%27%3D%271": "Lien non reconnu",
    "p=" + "A" * 5000: "Lien non reconnu",
    "g=" + "x" * 10: "Lien non reconnu",
    "s=" + "0" * 32: "Lien non reconnu",
    "w=" + "z" * 43: "Lien non reconnu",
}
WALK_IN_FIRST_NAME = "<img/id=\"injected\"/src=x/onerror=document.title='pwned'>Zoé"
WALK_IN_LAST_NAME = "Sur-Place"
FIRST_NAMES = ["Amina", "Bruno", "Chloé", "Driss", "Elif", "Fatou", "Gilles", "Hanna",
               "Ilias", "Joëlle", "Karim", "Léa", "Mehdi", "Nora", "Omar", "Pauline",
               "Quentin", "Rachida", "Samir", "Tania", "Ugo", "Vera", "Wassim", "Yasmine"]


# --- the day's plan ---------------------------------------------------------------------

@dataclass
class Day:
    event_id: int
    poll_id: int
    screen_token: str
    walkin_token: str
    tokens: list[str]
    valid_emails: int


def registrations_csv(people: int) -> str:
    """`people` registrations over the demo's organisations: a third service users, six
    facilitators on a big day, an email for most (some without)."""
    organisations = sorted({line.split(";")[1] for line in (
        ROOT / "data" / "demo_participants.csv").read_text(encoding="utf-8").splitlines()[1:]})
    lines = ["nom;structure;rôle;email;langue"]
    for i in range(people):
        role = "animateur" if people >= 60 and i < TABLETS else (
            "usager" if i % 3 == 0 else "travailleur")
        email = "" if i % 17 == 5 else f"personne{i}@example.org"
        lines.append(f"{FIRST_NAMES[i % len(FIRST_NAMES)]} Nom{i};"
                     f"{organisations[i % len(organisations)]};{role};{email};"
                     f"{'nl' if i % 7 == 3 else 'fr'}")
    return "\n".join(lines)


def prepare_day(url: str, people: int, workdir: Path) -> Day:
    """Before the day, as organisers prepare it: registrations, the demo's six cases and
    directory, its barometer (open), three more cases (six groups, each with a case in every
    round), six groups merging in pairs at the end."""
    registrations = workdir / "inscriptions.csv"
    registrations.write_text(registrations_csv(people), encoding="utf-8")
    size = people / TABLETS
    with session_scope(get_engine(url)) as session:
        event = create_demo_event(session, registrations, make_current=True)
        event.name = "Répétition générale"
        event.group_count = TABLETS
        event.group_min, event.group_max = max(1, math.floor(size) - 2), math.ceil(size) + 2
        event.merge_pairs = MERGE_PAIRS
        session.add(event)
        for position, (title, brief, themes) in enumerate(MORE_CASES, start=3):
            session.add(Case(event_id=event.id, position=position, title=title, brief=brief,
                             themes=themes, actor=f"Acteur·rice {position + 1}"))
        poll = session.exec(select(Poll).where(Poll.event_id == event.id)).first()
        tokens = list(session.exec(select(Participant.token).where(
            Participant.event_id == event.id).order_by(Participant.id)))
        valid = sum(1 for e in session.exec(select(Participant.email).where(
            Participant.event_id == event.id)) if "@" in e)
        return Day(event.id, poll.id, event.screen_token, event.walkin_token, tokens, valid)


# --- what the screens acknowledged ---------------------------------------------------------

@dataclass
class Acknowledged:
    check_ins: set[str] = field(default_factory=set)  # tokens
    votes: dict[str, float] = field(default_factory=dict)  # token -> value
    groups_shown: int = 0
    findings: dict[tuple[int, str, str], str] = field(default_factory=dict)
    # (group number, case title, field label) -> text
    emails_sent: int = 0


@dataclass
class Result:
    figures: dict[str, tuple[list[float], list[float], int]] = field(default_factory=dict)
    # scenario -> (app seconds, floor seconds, expected count)
    memory_mb: tuple[float, float] = (math.nan, math.nan)
    cpu_at_rest: tuple[float, float] = (math.nan, math.nan)  # share of a core: app, floor
    acknowledged: Acknowledged = field(default_factory=Acknowledged)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (what, ok, detail)
    timings: dict[str, float] = field(default_factory=dict)

    def check(self, what: str, ok: bool, detail: str = "") -> None:
        self.checks.append((what, bool(ok), detail))

    @property
    def problems(self) -> list[str]:
        return [f"{what}: {detail}" for what, ok, detail in self.checks if not ok]


# --- the crowd ---------------------------------------------------------------------------

def good(runs: list, text: str | None) -> list[float]:
    return [r.seconds for r in runs if acknowledged(r, text)]


def acknowledged(run: Run | BaseException, text: str | None) -> bool:
    return not isinstance(run, BaseException) and not run.exception and (
        text is None or run.shows(text))


async def spread(phones: list[Phone], within: float, act: Callable) -> list:
    """`act(i, phone)` for every phone, started evenly over `within` seconds."""
    async def one(i: int, phone: Phone):
        await asyncio.sleep(i * within / max(1, len(phones)))
        return await act(i, phone)
    return await asyncio.gather(*(one(i, p) for i, p in enumerate(phones)),
                                return_exceptions=True)


async def first_open(_: int, phone: Phone):
    return await phone.open(timeout=120)


async def open_again(_: int, phone: Phone):
    return await phone.open_again(timeout=120)


async def arrivals(base: str, tokens: list[str], per_second: float) -> tuple[list, list]:
    """Phones opening their page at a steady rate; they stay connected."""
    phones = [Phone(base, f"p={t}") for t in tokens]
    return phones, await spread(phones, len(phones) / per_second, first_open)


async def burst(base: str, queries: list[str]) -> list:
    phones = [Phone(base, q) for q in queries]
    try:
        return await asyncio.gather(*(first_open(0, p) for p in phones),
                                    return_exceptions=True)
    finally:
        await close_all(phones)


async def start_following(phones: list[Phone]) -> list[asyncio.Task]:
    return [asyncio.create_task(p.keep_following()) for p in phones]


async def stop_following(tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def open_all(phones: list[Phone]) -> list:
    runs = []
    for start in range(0, len(phones), 25):  # a room opening its pages, 25 at a time
        runs += await asyncio.gather(*(first_open(0, p) for p in phones[start:start + 25]),
                                     return_exceptions=True)
    return runs


class Watch:
    """From now on, how long until each following phone's page shows `text` (the runs its
    fragment's timer makes, handed over by Phone.keep_following)."""

    def __init__(self, phones: list[Phone], text: str) -> None:
        self.phones, self.text = phones, text
        self.seen: dict[int, float] = {}
        self.listeners = [self._listener(i) for i in range(len(phones))]
        for phone, listener in zip(phones, self.listeners):
            phone.listeners.append(listener)
        self.started = time.perf_counter()

    def _listener(self, i: int) -> Callable[[Run], None]:
        def on_run(run: Run) -> None:
            if i not in self.seen and run.shows(self.text):
                self.seen[i] = time.perf_counter() - self.started
        return on_run

    def wait(self, limit: float = 30) -> list[float]:
        until = time.perf_counter() + limit
        while len(self.seen) < len(self.phones) and time.perf_counter() < until:
            time.sleep(0.1)
        for phone, listener in zip(self.phones, self.listeners):
            phone.listeners.remove(listener)
        return sorted(self.seen.values())


async def close_all(phones: list[Phone]) -> None:
    await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def vote_value(i: int) -> int:
    return (i * 7) % 11


def eventually(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


# --- screens in Chromium -----------------------------------------------------------------

def field_box(page, label: str):
    return page.get_by_role("textbox", name=label, exact=True).first


def field_status(page, label: str):
    return page.locator(".pd-autosave").filter(
        has=page.get_by_role("textbox", name=label, exact=True)).first.locator(".pd-status")


def autosave_boxes(page) -> list[dict]:
    """What each autosave box of the page holds in the browser (partnerday/autosave.py): the
    last send's number, the last one the server answered, whether typing is pending."""
    return page.locator(".pd-autosave").evaluate_all(
        "roots => roots.map(r => ({label: r.pd.label.textContent, seq: r.pd.seq, "
        "acked: r.pd.acked, typing: r.pd.timer !== null, status: r.pd.status.textContent, "
        "chars: r.pd.box.value.length}))")


def projector_count(page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text(timeout=TIMEOUT).strip()


def seconds_until(page, expected: str, started: float, limit: float = 30) -> float:
    while projector_count(page) != expected:
        if time.perf_counter() - started > limit:
            raise TimeoutError(f"the projector never showed {expected}")
        time.sleep(0.05)
    return time.perf_counter() - started


# --- the day -------------------------------------------------------------------------------

class Rehearsal:
    def __init__(self, browser, people: int, workdir: Path, with_floor: bool = True,
                 projector_votes: int = 5, log: Callable[[str], None] = print,
                 rest_seconds: float = 20) -> None:
        self.rest_seconds = rest_seconds
        self.following: list[asyncio.Task] = []
        self.browser = browser
        self.people = people
        self.projector_votes = projector_votes
        self.workdir = workdir
        self.with_floor = with_floor
        self.log = log
        self.url = f"sqlite:///{workdir / 'rehearsal.db'}"
        self.inbox = Inbox()
        self.result = Result()
        self.browser_said: dict[int, list[str]] = {}  # console errors and warnings, per page
        self.crowd = Background()
        self.phones: list[Phone] = []

    # the servers
    def start(self) -> None:
        self.mail = mail_server(self.inbox)
        self.day = prepare_day(self.url, self.people, self.workdir)
        smtp = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.mail.port), "SMTP_TLS": "false",
                "SMTP_FROM": "orga@example.org"}
        self.app = AppServer(self.url, PASSWORD, self.workdir, env=smtp)
        self.app.start()
        self.counter = self.workdir / "bare-counter.txt"
        self.counter.write_text("0")
        self.bare = self.bare_projector = self.bare_follow = None
        self.follow_counter = self.workdir / "bare-follow-counter.txt"
        self.follow_counter.write_text("0")
        if self.with_floor:
            self.bare_follow = AppServer(self.url, None, self.workdir,
                                         script="bench/bare_follow.py",
                                         env={"BARE_COUNTER": str(self.follow_counter)})
            self.bare_follow.start()
            self.bare = AppServer(self.url, None, self.workdir, script="bench/bare_app.py")
            self.bare_projector = AppServer(self.url, None, self.workdir,
                                            script="bench/bare_projector.py",
                                            env={"BARE_COUNTER": str(self.counter)})
            self.bare.start()
            self.bare_projector.start()
        for base in filter(None, (self.app.url, self.bare and self.bare.url)):
            self.crowd(burst(base, ["p=echauffement"] * 3))  # first imports, not measured

    def stop(self) -> None:
        self.crowd(stop_following(self.following))
        self.crowd(close_all(self.phones))
        self.crowd.close()
        for server in (self.app, self.bare, self.bare_projector, self.bare_follow):
            if server is not None:
                server.stop()
        self.mail.stop()
        dispose_engine(self.url)

    def step(self, name: str, action: Callable[[], None]) -> None:
        started = time.perf_counter()
        self.log(f"… {name}")
        action()
        self.result.timings[name] = time.perf_counter() - started

    def play(self) -> Result:
        self.start()
        try:
            self.step("faults at the door", self.faults_at_the_door)
            self.step("arrivals", self.arrivals)
            self.step("projector", self.projector_delay)
            self.step("votes", self.votes)
            self.step("burst", self.burst)
            self.step("phones follow", self.phones_follow)
            self.step("groups", self.groups)
            self.step("rounds", self.rounds)
            self.step("merge", self.merge)
            self.step("report by email", self.report_by_email)
            self.step("audit", self.audit)
        except BaseException:
            self.screenshots()
            if self.app is not None and self.app.log.exists():
                lines = self.app.log.read_text(errors="replace").splitlines()
                self.log("server log, last lines:\n" + "\n".join(lines[-40:]))
            raise
        finally:
            self.stop()
        return self.result

    def screenshots(self) -> None:
        """What every open screen showed when the rehearsal stopped, beside the server log."""
        for c, context in enumerate(self.browser.contexts):
            for p, page in enumerate(context.pages):
                path = self.workdir / f"screen-{c}-{p}.png"
                try:
                    page.screenshot(path=path, full_page=True, timeout=10_000)
                    shown = " ".join(page.locator("body").inner_text(timeout=5_000).split())
                    self.log(f"screenshot {path} ({page.url}): {shown[:400]}")
                    if boxes := autosave_boxes(page):
                        self.log(f"autosave boxes of {page.url}: {boxes}")
                    if said := self.browser_said.get(id(page)):
                        self.log(f"the browser said on {page.url} ({len(said)} messages): "
                                 + "\n  ".join(said[:40]))
                except Exception as exc:  # a page that died is itself the finding
                    self.log(f"no screenshot of {page.url}: {exc}")

    def new_page(self, width: int, height: int, **options):
        context = self.browser.new_context(viewport={"width": width, "height": height},
                                           **options)
        page = context.new_page()
        said = self.browser_said.setdefault(id(page), [])
        started = time.perf_counter()

        def at() -> str:
            return f"{time.perf_counter() - started:.1f} s"
        page.on("console", lambda m: said.append(f"{at()}: {m.type}: {m.text[:200]}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: said.append(f"{at()}: page error: {str(error)[:200]}"))

        def websocket(ws) -> None:
            said.append(f"{at()}: websocket opened {ws.url[-30:]}")
            ws.on("close", lambda _: said.append(f"{at()}: websocket closed"))
            ws.on("socketerror", lambda error: said.append(f"{at()}: websocket error {error}"))
        page.on("websocket", websocket)
        page.on("framenavigated", lambda frame: said.append(f"{at()}: went to {frame.url}")
                if frame == page.main_frame else None)
        return page

    # 1. faults at the door
    def faults_at_the_door(self) -> None:
        runs = self.crowd(burst(self.app.url, list(BAD_LINKS)))
        for (query, expected), run in zip(BAD_LINKS.items(), runs):
            self.result.check(f"bad link {query[:40]}", acknowledged(run, expected),
                              repr(run)[:200])
        organiser = self.new_page(1280, 900)
        organiser.goto(f"{self.app.url}/arrivals")
        for attempt in ("", "mauvais", PASSWORD.upper()):
            log_in(organiser, attempt)
            expect(organiser.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible(
                timeout=TIMEOUT)
            self.result.check(f"wrong password {attempt!r} refused",
                              organiser.get_by_label("Mot de passe", exact=True).count() == 1)
        organiser.context.close()
        self.walk_in_with_an_injected_name()

    def walk_in_with_an_injected_name(self) -> None:
        """Someone not registered signs up at the door, with markup in their name: their page
        and the projected tables show it as typed, and nothing runs."""
        phone = self.new_page(360, 740, is_mobile=True, has_touch=True)
        phone.goto(f"{self.app.url}/?w={self.day.walkin_token}")
        phone.get_by_label("Prénom", exact=True).fill(WALK_IN_FIRST_NAME)
        phone.get_by_label("Nom de famille (facultatif)").fill(WALK_IN_LAST_NAME)
        phone.get_by_label("Si « autre » : nom de votre structure").fill(
            "Structure <b>nouvelle</b>")
        phone.get_by_role("button", name="M'inscrire").click()
        expect(phone.get_by_text("Votre table du petit déjeuner")).to_be_visible(
            timeout=TIMEOUT)
        token = re.search(r"[?&]p=([^&]+)", phone.url).group(1)
        self.result.acknowledged.check_ins.add(token)
        heading = phone.get_by_role("heading", level=1).first.inner_text().replace("\u2060", "")
        self.result.check("a walk-in's name shows as typed on their phone",
                          WALK_IN_FIRST_NAME in heading, heading)
        self.check_nothing_injected([phone])
        phone.context.close()
        projector = self.new_page(1280, 720)
        projector.goto(f"{self.app.url}/?s={self.day.screen_token}")
        expect(projector.get_by_text("Table 1", exact=False).first).to_be_visible(
            timeout=TIMEOUT)
        shown = projector.locator("body").inner_text().replace("\u2060", "")
        self.result.check("the projected tables show the walk-in's first name as typed",
                          WALK_IN_FIRST_NAME in shown, shown[:200])
        self.check_nothing_injected([projector])
        projector.context.close()

    # 2. arrivals
    def arrivals(self) -> None:
        before = rss_mb(self.app.pid), self.bare and rss_mb(self.bare.pid)
        self.phones, runs = self.crowd(arrivals(self.app.url, self.day.tokens, 5))
        for token, run in zip(self.day.tokens, runs):
            if acknowledged(run, "Votre table du petit déjeuner"):
                self.result.acknowledged.check_ins.add(token)
        floor = []
        if self.bare:
            self.bare_phones, bare_runs = self.crowd(arrivals(self.bare.url,
                                                              self.day.tokens, 5))
            floor = good(bare_runs, None)
            self.result.memory_mb = (
                (rss_mb(self.app.pid) - before[0]) / self.people,
                (rss_mb(self.bare.pid) - before[1]) / self.people)
        self.result.figures["check-ins arriving at 5/s"] = (
            good(runs, "Votre table du petit déjeuner"), floor, self.people)
        self.following = self.crowd(start_following(self.phones))  # open pages, as in a room

    # 3. the projector's delay after a vote
    def projector_delay(self) -> None:
        votes = self.projector_votes
        projector = self.new_page(1280, 720)
        choose_screen(self.app.database_url, self.day.event_id, "polls")  # the dashboard's
        projector.goto(f"{self.app.url}/?s={self.day.screen_token}")
        delays, floor = [], []
        for i in range(votes):
            phone = self.phones[i]
            expected = str(int(projector_count(projector)) + 1)
            run = self.crowd(phone.submit_slider("Votre position", vote_value(i), "Envoyer"))
            acked = time.perf_counter()
            if acknowledged(run, "Merci, c'est enregistré."):
                self.result.acknowledged.votes[self.day.tokens[i]] = vote_value(i)
                delays.append(seconds_until(projector, expected, acked))
            time.sleep(0.7 * i % 2)  # votes land anywhere in the 2 s refresh cycle
        if self.bare_projector:
            bare = self.new_page(1280, 720)
            bare.goto(self.bare_projector.url)
            for i in range(votes):
                self.counter.write_text(str(i + 1))
                written = time.perf_counter()
                floor.append(seconds_until(bare, str(i + 1), written))
                time.sleep(0.7 * i % 2)
            bare.context.close()
        self.projector = projector
        self.result.figures["projector shows a vote"] = (delays, floor, votes)

    # 4. everyone votes within 30 s; then all phones open at the same instant
    def votes(self, within: float = 30) -> None:
        start = len(self.result.acknowledged.votes)
        phones, tokens = self.phones[start:], self.day.tokens[start:]

        async def vote(i: int, phone: Phone):
            return await phone.submit_slider("Votre position", vote_value(start + i),
                                             "Envoyer", timeout=120)
        runs = self.crowd(spread(phones, within * len(phones) / 150, vote))
        for i, (token, run) in enumerate(zip(tokens, runs)):
            if acknowledged(run, "Merci, c'est enregistré."):
                self.result.acknowledged.votes[token] = vote_value(start + i)
        floor = []
        if self.bare:
            floor = good(self.crowd(spread(self.bare_phones[start:],
                                           within * len(phones) / 150, open_again)), None)
        self.result.figures[f"votes, {len(phones)} within {within * len(phones) / 150:.0f} s"] = (
            good(runs, "Merci, c'est enregistré."), floor, len(phones))
        count = projector_count(self.projector)
        self.result.check("projector counts every vote",
                          count == str(len(self.result.acknowledged.votes))
                          or eventually(lambda: projector_count(self.projector) == str(
                              len(self.result.acknowledged.votes))), count)
        self.projector.context.close()

    def burst(self) -> None:
        """A burst lasts a second or two, so one run is at the mercy of whatever else the
        machine does in that second: app and floor take turns, BURSTS times each. Both
        servers still hold the sessions of the phones that checked in and voted: Streamlit
        visits every open session whenever it sends, so the floor must carry them too."""
        queries = [f"p={t}" for t in self.day.tokens]
        runs, floor = [], []
        for _ in range(BURSTS):
            runs += good(self.crowd(burst(self.app.url, queries)),
                         "Votre table du petit déjeuner")
            if self.bare:
                floor += good(self.crowd(burst(self.bare.url, queries)), None)
        if self.bare:
            self.crowd(close_all(self.bare_phones))
        self.result.figures[f"all phones open at the same instant ({BURSTS} times)"] = (
            runs, floor, BURSTS * len(queries))

    # 5. the phones at rest, then a question opened
    def phones_follow(self) -> None:
        """The server's CPU while every open page only follows, beside the floor's under the
        same number of pages (both measured over the same seconds); then a question opened
        by the organisers, shown on every open page without a reload."""
        floor_phones, floor_following = [], []
        if self.bare_follow:
            floor_phones = [Phone(self.bare_follow.url, f"p={t}") for t in self.day.tokens]
            self.crowd(open_all(floor_phones))
            floor_following = self.crowd(start_following(floor_phones))
        time.sleep(3)  # every page has looked once
        pids = [self.app.pid] + ([self.bare_follow.pid] if self.bare_follow else [])
        before, started = [cpu_seconds(p) for p in pids], time.perf_counter()
        time.sleep(self.rest_seconds)
        shares = [(cpu_seconds(p) - b) / (time.perf_counter() - started)
                  for p, b in zip(pids, before)]
        self.result.cpu_at_rest = (shares[0], shares[1] if len(shares) > 1 else math.nan)
        watch = Watch(self.phones, NEW_QUESTION)
        with session_scope(get_engine(self.url)) as session:  # what the Questions page does
            poll = create_poll(session, self.day.event_id, "single", NEW_QUESTION,
                               ["Logement", "Emploi"])
            set_open(session, poll.id, True)
        shown = watch.wait()
        floor = []
        if floor_phones:
            floor_watch = Watch(floor_phones, "compteur 1")
            self.follow_counter.write_text("1")
            floor = floor_watch.wait()
            self.crowd(stop_following(floor_following))
            self.crowd(close_all(floor_phones))
            self.bare_follow.stop()
            self.bare_follow = None
        with session_scope(get_engine(self.url)) as session:
            set_open(session, poll.id, False)
        self.follow_figure("open phones show a question opened", shown, floor)

    def follow_figure(self, name: str, shown: list[float], floor: list[float]) -> None:
        self.result.figures[name] = (shown, floor, len(self.phones))
        self.result.check(f"{name}: every page within {FOLLOW_LIMIT} s",
                          len(shown) == len(self.phones) and shown[-1] <= FOLLOW_LIMIT,
                          f"{len(shown)} of {len(self.phones)}" + (
                              f", the last after {shown[-1]:.1f} s" if shown else ""))

    # 6. groups
    def groups(self) -> None:
        organiser = self.new_page(1280, 900)
        organiser_opens(organiser, self.app, "groups")
        organiser.get_by_role("button", name="Calculer la répartition").click()
        publish = organiser.get_by_role("button", name="Publier ces groupes")
        expect(publish).to_be_enabled(timeout=120_000)
        settled(organiser)
        self.result.check("groups are proven optimal or near it",
                          organiser.get_by_text("Solveur").count() > 0)
        watch = Watch(self.phones, "Votre groupe de travail")
        publish.click()
        expect(organiser.get_by_text(re.compile("^Publiée : chaque téléphone"))).to_be_visible(
            timeout=TIMEOUT)
        self.organiser = organiser
        shown = watch.wait()
        self.result.acknowledged.groups_shown = len(shown)
        self.result.check("every phone shows its group", len(shown) == len(self.phones),
                          f"{len(shown)} of {len(self.phones)}")
        self.follow_figure("open phones show their group once published", shown, [])

    # 6. rounds on six tablets, with a SIGKILL in the middle of round 2
    def group_tokens(self) -> list[str]:
        with session_scope(get_engine(self.url)) as session:
            return list(session.exec(select(WorkGroup.token).where(
                WorkGroup.event_id == self.day.event_id).order_by(WorkGroup.number)))

    def open_tablets(self) -> None:
        self.tablets = []
        for token in self.group_tokens():
            tablet = self.new_page(820, 1180, has_touch=True)
            tablet.goto(f"{self.app.url}/?g={token}")
            self.tablets.append(tablet)
        for number, tablet in enumerate(self.tablets, 1):
            expect(tablet.get_by_role("heading", name=f"Groupe {number}")).to_be_visible(
                timeout=TIMEOUT)

    def organiser_clicks(self, button: str) -> None:
        expect(self.organiser.get_by_role("button", name=button)).to_be_enabled(
            timeout=TIMEOUT)
        self.organiser.get_by_role("button", name=button).click()
        settled(self.organiser)

    def case_title(self, round_: int, number: int) -> str:
        with session_scope(get_engine(self.url)) as session:
            event = session.get(Event, self.day.event_id)
            return case_of_group(event, list_cases(session, event.id), round_, number).title

    def write_all(self, label: str, texts: list[str], cases: list[str]) -> None:
        """Every tablet types into the same box at the same time; each must say it saved."""
        for tablet, text in zip(self.tablets, texts):
            box = field_box(tablet, label)
            box.fill(text)
            box.press("End")
        for number, (tablet, text, case) in enumerate(zip(self.tablets, texts, cases), 1):
            expect(field_status(tablet, label)).to_contain_text("Enregistré à",
                                                                timeout=TIMEOUT)
            self.result.acknowledged.findings[number, case, label] = text

    def text_for(self, number: int, round_: int, part: str) -> str:
        injection = INJECTIONS[(number + round_) % len(INJECTIONS)]
        return f"{part} du groupe {number} au tour {round_} : {injection}"

    def rounds(self) -> None:
        organiser_opens(self.organiser, self.app, "rounds")
        watch = Watch(self.phones, "Ce tour-ci, votre groupe travaille sur le cas <b>{case}</b>")
        self.organiser_clicks("Démarrer")
        self.open_tablets()
        self.follow_figure("open phones show the case of the first round", watch.wait(), [])
        for round_ in range(1, ROUNDS_PLAYED + 1):
            for number, tablet in enumerate(self.tablets, 1):
                expect(tablet.get_by_text(f"Tour {round_} sur")).to_be_visible(timeout=TIMEOUT)
            cases = [self.case_title(round_, n) for n in range(1, TABLETS + 1)]
            for tablet, case in zip(self.tablets, cases):
                expect(tablet.get_by_role("radio", name=f"Tour {round_} · {case}")
                       ).to_be_checked(timeout=TIMEOUT)
                # the round's sheet itself, not the last round's still on screen while the
                # page is drawn again: typed there, a text would go to the wrong case
                expect(tablet.get_by_text(f"La situation : {case}")).to_be_visible(
                    timeout=TIMEOUT)
                settled(tablet)
            numbers = range(1, TABLETS + 1)
            self.write_all(PROFILE_BOX,
                           [self.text_for(n, round_, "Profil") for n in numbers], cases)
            if round_ == 2:
                self.kill_and_restart(cases)
            self.write_all(DIAGNOSIS_BOX, [self.text_for(n, round_, "Diagnostic")
                                          for n in numbers], cases)
            for tablet in self.tablets:
                tablet.get_by_role("button", name="Ajouter une proposition").click()
            for tablet in self.tablets:
                expect(field_box(tablet, PROPOSAL_BOX)).to_be_visible(timeout=TIMEOUT)
            self.write_all(PROPOSAL_BOX, [self.text_for(n, round_, "Proposition")
                                             for n in numbers], cases)
            self.write_all(WHO_BOX, [f"Prénom{n} {INJECTIONS[n % len(INJECTIONS)]}"
                                                  for n in numbers], cases)
            if round_ == 1:
                self.oversized_text(self.tablets[0], cases[0])
            self.advance(round_ + 1)
        for round_ in range(ROUNDS_PLAYED + 2, self.total_rounds() + 1):
            self.advance(round_)  # the day runs late: the other rounds end at once
        self.pooling_watch = Watch(self.phones,
                                   "C'est la mise en commun : <b>{groups}</b> ensemble")
        self.advance(None)

    def total_rounds(self) -> int:
        with session_scope(get_engine(self.url)) as session:
            event = session.get(Event, self.day.event_id)
            return round_count(event, len(list_cases(session, event.id)))

    def advance(self, to_round: int | None) -> None:
        """Next round (None: end the rounds), and wait until the organiser's page shows it."""
        self.organiser_clicks("Tour suivant" if to_round else "Terminer les tours")
        shown = f"{to_round} / {self.total_rounds()}" if to_round else "fini"
        expect(self.organiser.get_by_test_id("stMetricValue").get_by_text(shown, exact=True)
               ).to_be_visible(timeout=TIMEOUT)

    def oversized_text(self, tablet, case: str) -> None:
        """More than a field holds: the box keeps MAX_TEXT characters at most, and nothing
        longer reaches the database."""
        box = field_box(tablet, DIAGNOSIS_BOX)
        kept = box.input_value()
        box.fill(kept + " " + "x" * (MAX_TEXT + 1000))
        box.press("End")
        expect(field_status(tablet, DIAGNOSIS_BOX)).to_contain_text(
            re.compile("Enregistré à|trop long"), timeout=TIMEOUT)
        shown = box.input_value()
        self.result.check("an oversized text is cut at the limit", len(shown) <= MAX_TEXT,
                          f"{len(shown)} characters in the box")
        box.fill(kept)  # the group puts its diagnosis back
        box.press("End")
        expect(field_status(tablet, DIAGNOSIS_BOX)).to_contain_text("Enregistré à",
                                                                   timeout=TIMEOUT)
        self.wait_stored(1, case, DIAGNOSIS_BOX, kept)

    def wait_stored(self, number: int, case: str, label: str, text: str) -> None:
        self.result.check(f"group {number}'s {label} for {case} is stored as kept",
                          eventually(lambda: self.stored_findings().get(
                              (number, case, label)) == text))

    def kill_and_restart(self, cases: list[str]) -> None:
        killed = time.perf_counter()
        self.app.kill()
        self.app.start()
        for number, (tablet, case) in enumerate(zip(self.tablets, cases), 1):
            expect(field_box(tablet, PROFILE_BOX)).to_have_value(
                self.result.acknowledged.findings[number, case, PROFILE_BOX],
                timeout=TIMEOUT)
        self.result.timings["tablets back after SIGKILL"] = time.perf_counter() - killed
        for tablet in self.tablets:
            # a tablet reloads itself once it reconnects: typed while that page is still being
            # drawn, a text goes into a box about to be replaced (as in the rounds above)
            settled(tablet)
        organiser_opens(self.organiser, self.app, "rounds")  # its login was in the old process
        tablet = self.tablets[0]
        # the tablet may still be drawing its page again after the reconnection: wait for it
        self.result.check("the round goes on after the restart",
                          eventually(lambda: tablet.get_by_text("Tour 2 sur").count() > 0,
                                     TIMEOUT / 1000),
                          tablet.locator("body").inner_text()[:300])

    # 8. the groups merge
    def merge(self) -> None:
        self.follow_figure("open phones show the pooling (after the server's restart)",
                           self.pooling_watch.wait(), [])
        self.result.check("every open phone reconnected after the restart",
                          all(p.reconnections >= 1 for p in self.phones),
                          f"{sum(p.reconnections >= 1 for p in self.phones)} of "
                          f"{len(self.phones)}")
        for low, high in MERGE_PAIRS:
            tablet = self.tablets[low - 1]
            expect(tablet.get_by_text(f"Groupes {low} + {high}").first).to_be_visible(
                timeout=TIMEOUT)
            synthesis = field_box(tablet, SYNTHESIS_BOX)
            expect(synthesis).to_be_visible(timeout=TIMEOUT)
            case = tablet.get_by_role("heading", level=3).filter(
                has_not_text="Groupes").first.inner_text().strip()
            text = f"Synthèse des groupes {low} et {high} : {INJECTIONS[low % len(INJECTIONS)]}"
            synthesis.fill(text)
            synthesis.press("End")
            expect(field_status(tablet, SYNTHESIS_BOX)).to_contain_text("Enregistré à",
                                                                        timeout=TIMEOUT)
            self.result.acknowledged.findings[low, case, SYNTHESIS_BOX] = text
        organiser = self.organiser
        organiser_opens(organiser, self.app, "merge")
        low, high = MERGE_PAIRS[0]
        expect(field_box(organiser, SYNTHESIS_BOX)).to_have_value(
            re.compile(f"^Synthèse des groupes {low} et {high}"), timeout=TIMEOUT)
        shown = organiser.locator("body").inner_text().replace("\u2060", "")  # ui.WORD_JOINER
        for injection in INJECTIONS:
            self.result.check(f"shown as typed on the merge page ({low} + {high}): "
                              f"{injection[:30]}", injection in shown,
                              shown[shown.find(injection[:8]) - 100:][:300])
        self.check_nothing_injected([organiser, *self.tablets])

    def check_nothing_injected(self, pages) -> None:
        for page in pages:
            self.result.check(f"no injected element on {page.url[:60]}",
                              page.locator("#injected").count() == 0
                              and page.title() != "pwned", page.title())

    # 8. the report, by email
    def report_by_email(self) -> None:
        organiser = self.organiser
        organiser_opens(organiser, self.app, "report")
        send = organiser.get_by_role("button", name=re.compile(r"^Envoyer le rapport à \d+"))
        expect(send).to_be_enabled(timeout=TIMEOUT)
        send.click()
        expect(organiser.get_by_text(re.compile(r"Rapport envoyé à \d+ personne"))
               ).to_be_visible(timeout=120_000)
        said = organiser.get_by_text(re.compile(r"Rapport envoyé à \d+ personne")).inner_text()
        self.result.acknowledged.emails_sent = int(re.search(r"\d+", said).group())
        self.check_nothing_injected([organiser])
        organiser.context.close()
        for tablet in self.tablets:
            tablet.context.close()

    # 9. the audit
    def stored_findings(self) -> dict[tuple[int, str, str], str]:
        with session_scope(get_engine(self.url)) as session:
            rows = session.exec(select(WorkGroup.number, Case.title, Finding.field, Finding.text)
                                .join(WorkGroup, WorkGroup.id == Finding.group_id)
                                .join(Case, Case.id == Finding.case_id)
                                .where(Finding.event_id == self.day.event_id)).all()
        return {(number, title, field_label(name)): text
                for number, title, name, text in rows}

    def audit(self) -> None:
        acked = self.result.acknowledged
        with session_scope(get_engine(self.url)) as session:
            checked_in = set(session.exec(select(Participant.token).where(
                Participant.event_id == self.day.event_id,
                Participant.checked_in_at.is_not(None))))
            votes = {token: value for token, value in session.exec(
                select(Participant.token, Vote.value).join(
                    Participant, Participant.id == Vote.participant_id).where(
                    Vote.poll_id == self.day.poll_id))}
            sent = len(session.exec(select(Delivery.id).where(
                Delivery.event_id == self.day.event_id, Delivery.status == "sent")).all())
            report = build_report(session, self.day.event_id)
            page = report_html(report)
            rounds_over = event_clock(session, session.get(Event, self.day.event_id)).finished
        check = self.result.check
        check("every acknowledged check-in is stored", acked.check_ins <= checked_in,
              f"{len(acked.check_ins - checked_in)} missing")
        check("every phone and the walk-in were acknowledged",
              len(acked.check_ins) == self.people + 1,
              f"{len(acked.check_ins)} of {self.people + 1}")
        check("nobody checked in without being told", checked_in <= acked.check_ins,
              f"{len(checked_in - acked.check_ins)} unacknowledged")
        stored_votes = {t: v["value"] for t, v in votes.items()}
        check("every acknowledged vote is stored with its value",
              all(stored_votes.get(t) == v for t, v in acked.votes.items()),
              f"{sum(stored_votes.get(t) != v for t, v in acked.votes.items())} differ")
        check("one vote per voter", len(stored_votes) == len(acked.votes),
              f"{len(stored_votes)} stored, {len(acked.votes)} acknowledged")
        poll_section = next(iter(report.polls), None)
        check("the report counts every voter",
              poll_section is not None and poll_section.voters == len(acked.votes),
              f"{poll_section and poll_section.voters} in the report")
        present = report.participation.total
        check("the report counts every arrival", present == len(checked_in),
              f"{present} in the report, {len(checked_in)} stored")
        stored = self.stored_findings()
        lost = {k: v for k, v in acked.findings.items() if stored.get(k) != v}
        check("every acknowledged finding is stored", not lost, f"{list(lost)[:3]}")
        missing = [k for k, v in acked.findings.items() if html.escape(v) not in page]
        check("every acknowledged finding is in the report", not missing, f"{missing[:3]}")
        check("no injection reaches the report's HTML unescaped",
              not any(i in page for i in INJECTIONS if "<" in i))
        check("every valid address got the report",
              acked.emails_sent == self.day.valid_emails == sent == len(self.inbox.messages),
              f"said {acked.emails_sent}, valid {self.day.valid_emails}, logged {sent}, "
              f"received {len(self.inbox.messages)}")
        check("each email carries the report",
              all(any(p.get_filename() for p in m.iter_attachments())
                  for m in self.inbox.messages))
        check("the rounds ended", rounds_over)
        check("no error and no timeout", all(len(app) == n for app, _, n in
                                              self.result.figures.values()),
              "; ".join(f"{name}: {len(app)} of {n}" for name, (app, _, n) in
                        self.result.figures.items() if len(app) != n))


# --- the table ----------------------------------------------------------------------------

def table(result: Result) -> str:
    lines = ["| scenario | app median / p95 | floor median / p95 | p95 ratio | errors |",
             "| --- | --- | --- | --- | --- |"]
    for name, (app, floor, expected) in result.figures.items():
        a = summary(app) if app else None
        f = summary(floor) if floor else None
        ratio = f"{a['p95'] / f['p95']:.2f}" if a and f else "–"
        lines.append(f"| {name} | " + (f"{a['median']:.3f} s / {a['p95']:.3f} s" if a else "–")
                     + " | " + (f"{f['median']:.3f} s / {f['p95']:.3f} s" if f else "–")
                     + f" | {ratio} | {expected - len(app)} |")
    app_cpu, floor_cpu = result.cpu_at_rest
    if not math.isnan(app_cpu):
        lines.append(f"| server CPU, every phone's page open and following | "
                     f"{100 * app_cpu:.1f} % of a core | " + (
                         f"{100 * floor_cpu:.1f} % of a core | {app_cpu / floor_cpu:.2f}"
                         if not math.isnan(floor_cpu) else "– | –") + " | |")
    app_mb, floor_mb = result.memory_mb
    if not math.isnan(app_mb):
        lines.append(f"| server memory per open session | {app_mb:.2f} MB | {floor_mb:.2f} MB"
                     " | | |")
    return "\n".join(lines)


def report(result: Result) -> str:
    acked = result.acknowledged
    out = [table(result), "",
           f"Acknowledged: {len(acked.check_ins)} check-ins, {len(acked.votes)} votes, "
           f"{acked.groups_shown} phones shown their group, {len(acked.findings)} findings, "
           f"{acked.emails_sent} emails.",
           "Steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items()), "",
           f"Checks: {sum(ok for _, ok, _ in result.checks)} of {len(result.checks)} passed."]
    out += [f"FAILED {p}" for p in result.problems]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--keep", type=Path, help="keep the database, the server logs and, "
                        "on a failure, the screenshots in this folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        result = Rehearsal(browser, args.people, workdir).play()
        browser.close()
    print(report(result))
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
