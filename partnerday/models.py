"""Database tables of a Partner Day.

Every event-scoped table carries ``event_id`` so that an event can be backed up, restored
and deleted as a whole without following chains of foreign keys.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import Enum
from typing import Optional

from sqlalchemy import Column, JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from partnerday.tokens import new_token


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Role(str, Enum):
    worker = "worker"
    user = "user"
    facilitator = "facilitator"


def N_(message: str) -> str:
    """A label marked for the catalogues, said in the reader's language where it is shown
    (`i18n._`): i18n imports this module, so its own N_ cannot be imported here."""
    return message


ROLE_LABELS_FR: dict[str, str] = {
    Role.worker.value: N_("travailleur·euse"),
    Role.user.value: N_("usager·ère"),
    Role.facilitator.value: N_("animateur·rice"),
}

LANGUAGES: tuple[str, ...] = ("fr", "nl", "en")


class AppSetting(SQLModel, table=True):
    """Installation-wide key/value settings (e.g. the organiser password hash)."""

    key: str = Field(primary_key=True, max_length=100)
    value: str


class AccountRole(str, Enum):
    organiser = "organiser"
    desk = "desk"


ACCOUNT_ROLE_LABELS: dict[str, str] = {AccountRole.organiser.value: N_("organisateur·rice"),
                                       AccountRole.desk.value: N_("accueil")}


class Account(SQLModel, table=True):
    """A person who runs the day: an organiser (everything) or the arrivals desk."""

    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(index=True, unique=True, max_length=254,
                       description="what they type to sign in: their email, lower case")
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=254)
    role: str = Field(default=AccountRole.organiser.value, max_length=20)
    language: str = Field(default="fr", max_length=2,
                          description="the organisers' pages in it: fr, nl or en")
    password_hash: str = Field(max_length=200)
    password_changed_at: datetime = Field(default_factory=utcnow,
                                          description="sign-ins before this have ended")
    disabled_at: Optional[datetime] = None
    created_at: datetime = Field(default_factory=utcnow)


class SignIn(SQLModel, table=True):
    """A browser signed in to an account, by the hash of its cookie's token: it survives a
    reload, a new tab and a change of server, and ends on logout, on a password change or
    after hours without use."""

    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: Optional[datetime] = None


class LoginFailures(SQLModel, table=True):
    """Failed sign-ins of one account or one address, shared by every server and kept across
    restarts: what makes the next attempt wait."""

    key: str = Field(primary_key=True, max_length=300)  # account:<login> | address:<ip>
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow)
    blocked_until: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """Who did what with personal data, and when (exports, backups, restores, deletions,
    sendings, accounts). Not tied to an event's rows: it outlives a deleted event."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    account_id: Optional[int] = Field(default=None, foreign_key="account.id")
    who: str = Field(default="", max_length=200)
    action: str = Field(max_length=60)
    detail: str = Field(default="", max_length=500)
    event_id: Optional[int] = None


class Event(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=200)
    day: Optional[date] = None
    place: str = Field(default="", max_length=200)
    day_format: str = Field(default="case_study", max_length=40)
    expected_attendance: int = 0
    table_min: int = 5
    table_max: int = 8
    group_count: int = 6
    group_min: int = 10
    group_max: int = 15
    is_current: bool = Field(default=False, index=True)
    checkin_open: bool = Field(default=False, description="phones opening their page check in")
    walkin_token: str = Field(default_factory=lambda: new_token(), index=True, max_length=64)
    screen_token: str = Field(default_factory=lambda: new_token(), index=True, max_length=64,
                              description="opens the projector screens (first names only)")
    join_token: str = Field(default_factory=lambda: new_token(), index=True, max_length=64,
                            description="the QR projected beside a question: back to one's "
                                        "own page, never to the walk-in form")
    rounds_mode: str = Field(default="all", max_length=10)  # all | own | merge | written
    merge_pairs: list[list[int]] = Field(default_factory=list, sa_column=Column(JSON))
    is_demo: bool = Field(default=False, description="made from the demo files, marked as such")
    projector_screen: str = Field(default="tables", max_length=20,
                                  description="what the projector shows, set from the laptop")
    projector_split: bool = Field(default=False, description="the question by role")
    projector_compare: Optional[int] = Field(default=None,
                                             description="the question beside an earlier round")
    projector_set: int = Field(default=0, description="the pooling: which set of groups")
    projector_case: Optional[int] = Field(default=None, description="the pooling: which case")
    mixing_shown: int = Field(default=1, description="tables tournantes: the round shown")
    projector_languages: str = Field(default="fr", max_length=20,
                                     description="the projector's languages side by side, "
                                                 "e.g. 'fr,nl' (projector.screen_languages)")
    easy_read: bool = Field(default=False, description="every phone shows the easy-read page")
    privacy_contact: str = Field(default="", max_length=200,
                                 description="whom people ask about their data (privacy notice)")
    retention_until: Optional[date] = Field(
        default=None, description="personal data goes after this day (default: privacy.py)")
    anonymised_at: Optional[datetime] = None
    followup_months: list[int] = Field(
        default_factory=lambda: [1, 3, 6], sa_column=Column(JSON),
        description="months after the day when holders are reminded and everyone hears how "
                    "the commitments stand")
    reminder_days: int = Field(default=7, description="days before a due date to remind")
    theme_translations: Optional[dict] = Field(
        default=None, sa_column=Column(JSON),
        description="the cases' and organisations' themes in other languages, once for all "
                    "(partnerday/themes.py)")
    created_at: datetime = Field(default_factory=utcnow)


class Organisation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    name: str = Field(max_length=200)
    key: str = Field(max_length=200, description="normalised name: one organisation per key")
    services: str = Field(default="")
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    contact_name: str = Field(default="", max_length=200,
                              description="whom to ask there: the report, the reminders")
    contact_email: str = Field(default="", max_length=254)
    contact_language: str = Field(default="fr", max_length=2,
                                  description="the language the contact's reminders come in")
    translations: Optional[dict] = Field(default=None, sa_column=Column(JSON),
                                         description="the services in other languages "
                                                     "(partnerday/content.py)")


class Participant(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200, description="full name, first then last: organisers only")
    first_name: str = Field(default="", max_length=100,
                            description="what public screens show; organisers can correct it")
    last_name: str = Field(default="", max_length=200, description="organisers only")
    role: str = Field(default=Role.worker.value, max_length=20)
    email: str = Field(default="", max_length=254)
    language: str = Field(default="fr", max_length=2)
    token: str = Field(index=True, unique=True, max_length=64)
    planned_table: Optional[int] = None
    checked_in_at: Optional[datetime] = None
    table_id: Optional[int] = Field(default=None, foreign_key="breakfasttable.id")
    group_id: Optional[int] = Field(default=None, foreign_key="workgroup.id")
    erased_at: Optional[datetime] = Field(
        default=None, description="the person asked to be deleted: no name, email or token")
    walk_in: bool = Field(default=False, description="signed up at the door (« sur place »)")
    confirmed_at: Optional[datetime] = Field(
        default=None, description="a walk-in the desk confirmed: only then is the report sent")
    shares_email: bool = Field(
        default=False, description="their email shown to the people they met who share theirs")
    listed_for_met: Optional[bool] = Field(
        default=None, description="in the lists of the people they met; None: by role "
                                  "(workers and facilitators yes, service users no)")
    easy_read: bool = Field(default=False, description="their phone shows the easy-read page")
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def is_listed_for_met(self) -> bool:
        return self.listed_for_met if self.listed_for_met is not None else \
            self.role != Role.user.value


def first_word(text: str) -> str:
    """The first word of a text, e.g. what the projector shows of a case's actor."""
    parts = text.split()
    return parts[0] if parts else ""


class BreakfastTable(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    number: int
    capacity: int = 8


class WorkGroup(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    number: int
    name: str = Field(default="", max_length=100)
    token: str = Field(index=True, unique=True, max_length=64)
    language: Optional[str] = Field(default=None, max_length=2,
                                    description="its tablets' language; None: its members'")


class GroupRule(SQLModel, table=True):
    """An organiser's rule for the balancing: keep together, keep apart, or pin to a group."""

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    kind: str = Field(max_length=20)  # together | apart | pin
    participant_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    group_number: Optional[int] = None


class BalanceRun(SQLModel, table=True):
    """One balancing: its settings, the solver's figures and the assignment (a draft until
    published; hand moves change the draft)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    settings: dict = Field(default_factory=dict, sa_column=Column(JSON))
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON))
    assignment: dict = Field(default_factory=dict, sa_column=Column(JSON))
    """participant id (as text, JSON keys are text) -> group number"""
    published_at: Optional[datetime] = None


class MixingRound(SQLModel, table=True):
    """One round of tables tournantes: who sits in which circle, and its figures (the new
    cross-organisation pairs it makes, the bound, and a random draw's, for comparison)."""

    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    number: int
    created_at: datetime = Field(default_factory=utcnow)
    assignment: dict = Field(default_factory=dict, sa_column=Column(JSON))
    """participant id (as text, JSON keys are text) -> circle number"""
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON))


class Case(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    title: str = Field(max_length=200)
    actor: str = Field(default="", max_length=200)
    brief: str = ""
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    position: int = 0
    translations: Optional[dict] = Field(default=None, sa_column=Column(JSON),
                                         description="title and situation in other languages "
                                                     "(partnerday/content.py)")


class Poll(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    kind: str = Field(default="scale", max_length=20)
    question: str = Field(max_length=500)
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    scale_min: int = 0
    scale_max: int = 10
    left_label: str = Field(default="", max_length=100)
    right_label: str = Field(default="", max_length=100)
    is_open: bool = False
    results_hidden: bool = False
    position: int = 0
    round: int = 1
    is_projected: bool = False
    translations: Optional[dict] = Field(default=None, sa_column=Column(JSON),
                                         description="question, options and labels in other "
                                                     "languages (partnerday/content.py)")


class Vote(SQLModel, table=True):
    """One answer per person, question and round (a reset starts a new round, and the earlier
    rounds stay for comparison)."""

    __table_args__ = (UniqueConstraint("poll_id", "round", "participant_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    round: int = 1
    participant_id: int = Field(foreign_key="participant.id", index=True)
    value: dict = Field(default_factory=dict, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow)


class WallPost(SQLModel, table=True):
    """An argument on a pros/cons wall: people may post several."""

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    round: int = 1
    participant_id: int = Field(foreign_key="participant.id", index=True)
    side: str = Field(max_length=10)  # pro | con
    text: str = Field(max_length=500)
    hidden: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Finding(SQLModel, table=True):
    """What a group wrote for a case: one row per (group, case, field)."""

    __table_args__ = (UniqueConstraint("group_id", "case_id", "field"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    group_id: int = Field(foreign_key="workgroup.id", index=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    field: str = Field(max_length=40)
    text: str = ""
    version: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


class RoundClock(SQLModel, table=True):
    """Where the case rounds stand: every screen reads the same row, so all of them follow
    when an organiser starts, pauses, extends or advances a round."""

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, unique=True)
    round: int = 0  # 0: not started; rounds + 1: all rounds done
    round_minutes: int = 20
    duration_s: int = 20 * 60  # this round's length, extensions included
    elapsed_s: float = 0.0  # run time before `started_at`
    started_at: Optional[datetime] = None  # set while the clock runs


class Commitment(SQLModel, table=True):
    """Something a person took on for a case, followed until next year's Partner Day."""

    __table_args__ = (UniqueConstraint("event_id", "source",
                                       name="uq_commitment_event_source"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    source: str = Field(default="", max_length=80)  # the tablet proposal it comes from
    case_id: Optional[int] = Field(default=None, foreign_key="case.id")
    group_id: Optional[int] = Field(default=None, foreign_key="workgroup.id")
    participant_id: Optional[int] = Field(default=None, foreign_key="participant.id")
    organisation: str = Field(default="", max_length=200,
                              description="carries it when no person does (deleted, anonymised)")
    case_title: str = Field(default="", max_length=200)
    who: str = Field(default="", max_length=200)
    what: str = ""
    referral: str = Field(default="", max_length=200)
    due: Optional[date] = None
    status: str = Field(default="not_started", max_length=20)
    progress: int = 0
    updates: list[dict] = Field(default_factory=list, sa_column=Column(JSON))
    carried_from: str = Field(default="", max_length=200)  # last year's event, when imported
    starred: bool = Field(default=False, description="organisers put it on the report's "
                                                     "first page")
    token: str = Field(default_factory=lambda: new_token(), index=True, unique=True,
                       max_length=64, description="its holder's link to update it")
    created_at: datetime = Field(default_factory=utcnow)


class Delivery(SQLModel, table=True):
    """Who got the report by email, or why not: resuming a stopped sending skips the sent."""

    __table_args__ = (UniqueConstraint("event_id", "participant_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    email: str = Field(default="", max_length=254)
    status: str = Field(default="sent", max_length=20)  # sent | invalid | failed
    detail: str = Field(default="", max_length=500)
    at: datetime = Field(default_factory=utcnow)


class Reminder(SQLModel, table=True):
    """One follow-up email owed to one address, by its key: `c<id>:due`, `c<id>:m<months>`
    (a commitment's holder) or `digest:<when>:p<id>` (a participant's digest). The unique key
    is what makes a scheduler's repeated runs send each one once."""

    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    key: str = Field(max_length=80)
    commitment_id: Optional[int] = Field(default=None, foreign_key="commitment.id", index=True)
    participant_id: Optional[int] = Field(default=None, foreign_key="participant.id",
                                          index=True)
    email: str = Field(default="", max_length=254)
    status: str = Field(default="sending", max_length=20)  # sending|sent|failed|interrupted|skipped
    detail: str = Field(default="", max_length=500)
    at: datetime = Field(default_factory=utcnow)


class MailStop(SQLModel, table=True):
    """An address the follow-up writes to, with the token of its « stop » link; once
    `stopped_at` is set, nothing more goes to it for this event."""

    __table_args__ = (UniqueConstraint("event_id", "email"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    email: str = Field(max_length=254)
    token: str = Field(default_factory=lambda: new_token(), index=True, unique=True,
                       max_length=64)
    stopped_at: Optional[datetime] = None


EVENT_TABLES: tuple[type[SQLModel], ...] = (
    Organisation,
    BreakfastTable,
    WorkGroup,
    Participant,
    GroupRule,
    BalanceRun,
    MixingRound,
    Case,
    Poll,
    Vote,
    WallPost,
    Finding,
    Commitment,
    RoundClock,
    Delivery,
    Reminder,
    MailStop,
)
"""Event-scoped tables, parents before children."""
