"""A year of follow-up after the day: reminders to those who committed, and the digest
everyone receives.

What is owed on a given day is planned from plain data (`owed_reminders`, `owed_digest`):
- a commitment's holder (the person it names, or the organisation carrying it, through the
  directory's contact) is reminded `Event.reminder_days` before its due date, and at each of
  the event's follow-up milestones (`Event.followup_months` after the day), until it is done
  or dropped; a milestone passed without a run is not sent late once the next one has come;
- at each milestone, every participant with an address receives the digest.

Sending (`send_follow_up`) takes each message's key in the `Reminder` log before sending and
marks it after, one message at a time, so that `python -m partnerday remind` may run as often
as a scheduler likes: a reminder goes once, and a run stopped half-way is resumed by the next.
An address whose « stop » link was followed receives nothing more for the event.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, or_, select

from partnerday.cases import list_cases
from partnerday.commitments import CLOSED
from partnerday.content import given_in
from partnerday.db import session_scope
from partnerday.digest import Digest, build_digest, digest_text, status_label
from partnerday.emails import is_valid_email
from partnerday.i18n import _, long_date, ngettext, speaking, with_language
from partnerday.mailing import MailInterrupted, SENT, ServerGone, claim_once, \
    close_smtp, log_outcome, open_smtp, send_one, sender
from partnerday.models import Commitment, Event, MailStop, Organisation, Participant, \
    Reminder, utcnow
from partnerday.organisations import organisation_key
from partnerday.privacy import privacy_link
from partnerday.settings import Settings
from partnerday.tokens import is_well_formed

DUE_GRACE_DAYS = 14
"""A due-date reminder still goes this long after the date (a first run after it)."""
MILESTONE_GRACE_DAYS = 45
"""A milestone's reminders and digest still go this long after it, unless the next came."""


# --- planning: plain data ----------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_milestone(day: date, months: list[int], today: date) -> int | None:
    """The latest milestone passed by `today`, while it is recent enough to be sent."""
    passed = [m for m in sorted(set(months)) if add_months(day, m) <= today]
    if not passed:
        return None
    latest = passed[-1]
    return latest if today <= add_months(day, latest) + timedelta(MILESTONE_GRACE_DAYS) else None


@dataclass(frozen=True)
class Owed:
    key: str
    commitment_id: int
    due: date | None = None  # a reminder for the due day, else for a milestone
    late: bool = False
    months: int = 0  # the milestone's months after the day

    @property
    def reason(self) -> str:
        """Why the reminder goes, for its email, in the current language."""
        if self.due is None:
            return ngettext("{months} mois après la journée", "{months} mois après la journée",
                            self.months).format(months=self.months)
        template = _("était prévu pour le {day}") if self.late else _("est prévu pour le {day}")
        return template.format(day=long_date(self.due))


def owed_reminders(commitments: list[Commitment], day: date, months: list[int],
                   lead_days: int, today: date) -> list[Owed]:
    """Every reminder due on `today` for these commitments (sent or not: the log decides)."""
    milestone = current_milestone(day, months, today)
    owed = []
    for c in commitments:
        if c.status in CLOSED:
            continue
        if c.due and c.due - timedelta(lead_days) <= today <= c.due + timedelta(DUE_GRACE_DAYS):
            owed.append(Owed(f"c{c.id}:due", c.id, due=c.due, late=c.due < today))
        if milestone is not None:
            owed.append(Owed(f"c{c.id}:m{milestone}", c.id, months=milestone))
    return owed


def owed_digest(day: date, months: list[int], today: date) -> str | None:
    """The digest's key part for `today` (`m3`), or None when no milestone is on."""
    milestone = current_milestone(day, months, today)
    return None if milestone is None else f"m{milestone}"


def digest_key(when: str, participant_id: int) -> str:
    return f"digest:{when}:p{participant_id}"


# --- who carries a commitment ------------------------------------------------------------------

@dataclass(frozen=True)
class Holder:
    email: str
    greeting: str  # a first name, or the organisation's contact
    participant_id: int | None = None
    language: str = "fr"  # the person's, or the organisation's contact's (the directory)


def holders(session: Session, event_id: int, commitments: list[Commitment]
            ) -> dict[int, Holder | None]:
    """commitment id -> whom to remind: the person it names, when they gave a valid address
    (a walk-in once confirmed), else the organisation carrying it, named as its `who` or kept
    in `organisation`, through its contact in the directory; None when there is nobody."""
    people = {p.id: p for p in session.exec(select(Participant).where(
        Participant.event_id == event_id, Participant.email != ""))}
    contacts = {o.key: o for o in session.exec(select(Organisation).where(
        Organisation.event_id == event_id, Organisation.contact_email != ""))}
    found: dict[int, Holder | None] = {}
    for c in commitments:
        person = people.get(c.participant_id) if c.participant_id else None
        if person and is_valid_email(person.email) and (not person.walk_in
                                                        or person.confirmed_at):
            found[c.id] = Holder(person.email.strip(), person.first_name, person.id,
                                 person.language)
            continue
        organisation = next((contacts[k] for k in (organisation_key(c.organisation),
                                                   organisation_key(c.who))
                             if k and k in contacts), None)
        found[c.id] = (Holder(organisation.contact_email.strip(),
                              organisation.contact_name or organisation.name,
                              language=organisation.contact_language)
                       if organisation and is_valid_email(organisation.contact_email) else None)
    return found


def carried_by(session: Session, event_id: int) -> dict[int, str]:
    """commitment id -> the organisation carrying it (a person's, or the one kept), for the
    digest, which names no person."""
    rows = session.exec(select(Commitment.id, Commitment.organisation, Organisation.name)
                        .join(Participant, Participant.id == Commitment.participant_id,
                              isouter=True)
                        .join(Organisation, Organisation.id == Participant.organisation_id,
                              isouter=True)
                        .where(Commitment.event_id == event_id)).all()
    return {cid: name or kept for cid, kept, name in rows}


# --- links -------------------------------------------------------------------------------------

def commitment_link(base_url: str, commitment: Commitment, language: str) -> str:
    """The holder's page for this commitment, in the language of the email carrying it."""
    return with_language(f"{base_url.rstrip('/')}/?c={commitment.token}", language)


def stop_link(base_url: str, stop: MailStop, language: str) -> str:
    return with_language(f"{base_url.rstrip('/')}/?u={stop.token}", language)


def stop_row(engine: Engine, event_id: int, email: str) -> MailStop:
    """The address's row (its « stop » link), made the first time it is written to."""
    for _attempt in range(2):
        with session_scope(engine) as session:
            row = session.exec(select(MailStop).where(MailStop.event_id == event_id,
                                                      MailStop.email == email)).first()
            if row is not None:
                session.expunge(row)
                return row
        try:
            with session_scope(engine) as session:
                row = MailStop(event_id=event_id, email=email)
                session.add(row)
                session.flush()
                session.expunge(row)
                return row
        except IntegrityError:  # another sender made it at the same moment: read theirs
            continue
    raise RuntimeError("unreachable")


def stop_by_token(session: Session, token: object) -> MailStop | None:
    if not is_well_formed(token):
        return None
    return session.exec(select(MailStop).where(MailStop.token == token)).first()


def stop_mail(session: Session, token: str) -> MailStop | None:
    """Follow a « stop » link: nothing more goes to that address for that event."""
    row = stop_by_token(session, token)
    if row is not None and row.stopped_at is None:
        row.stopped_at = utcnow()
        session.add(row)
        session.flush()
    return row


def masked(email: str) -> str:
    """« ka…@example.org »: enough for a person to recognise their address on a page anyone
    holding the link can open."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}…@{domain}"


# --- messages ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReminderItem:
    what: str
    case_title: str
    reason: str
    status: str
    progress: int
    link: str


def _message(settings: Settings, to: str, subject: str, body: str, stop_url: str,
             language: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr(("Partner Day", sender(settings)))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=sender(settings).rpartition("@")[2] or None)
    message["List-Unsubscribe"] = f"<{stop_url}>"
    message.set_content(body)
    message["Content-Language"] = language  # after the content, which clears Content-*
    return message


def reminder_message(settings: Settings, to: str, greeting: str, event_name: str,
                     items: list[ReminderItem], stop_url: str, privacy_url: str,
                     language: str = "fr") -> EmailMessage:
    """One message per address, listing its commitments, in its reader's language (the
    reason, e.g. « 3 mois après la journée », stays as the plan wrote it)."""
    with speaking(language):
        lines = [_("Bonjour {name},").format(name=greeting) if greeting else _("Bonjour,"), "",
                 ngettext("Au Partner Day « {event} », vous avez pris cet engagement :",
                          "Au Partner Day « {event} », vous avez pris ces engagements :",
                          len(items)).format(event=event_name), ""]
        for item in items:
            lines += [f"• {item.what or item.case_title}",
                      f"  {item.case_title} · {item.reason} · "
                      + _("aujourd'hui : {status}, {progress} %").format(
                          status=status_label(item.status), progress=item.progress),
                      "  " + _("Où en êtes-vous ? Un clic pour le dire : {link}").format(
                          link=item.link), ""]
        lines += [_("Ces nouvelles sont partagées avec les participant·e·s du Partner Day et "
                    "revues lors du prochain."), "",
                  _("Ne plus recevoir ces rappels : {link}").format(link=stop_url),
                  _("Vos données et vos droits : {link}").format(
                      link=with_language(privacy_url)), "",
                  _("L'équipe d'organisation")]
        subject = ngettext("{event} : où en est votre engagement ?",
                           "{event} : où en sont vos {count} engagements ?", len(items)
                           ).format(event=event_name, count=len(items))
    return _message(settings, to, subject, "\n".join(lines) + "\n", stop_url, language)


def digest_message(settings: Settings, to: str, digest: Digest, stop_url: str,
                   privacy_url: str, language: str = "fr") -> EmailMessage:
    with speaking(language):
        body = "\n".join([
            _("Bonjour,"), "", digest_text(digest), _("Merci à toutes et tous pour ce suivi."),
            "", _("Ne plus recevoir ces nouvelles : {link}").format(link=stop_url),
            _("Vos données et vos droits : {link}").format(link=with_language(privacy_url)), "",
            _("L'équipe d'organisation")]) + "\n"
        subject = _("{event} : où en sont les engagements").format(event=digest.event_name)
    return _message(settings, to, subject, body, stop_url, language)


# --- sending -----------------------------------------------------------------------------------

@dataclass
class FollowUpPlan:
    """What a run would send now (the organisers' preview, and the run's own list)."""
    reminders: dict[str, list[tuple[Owed, Commitment]]] = field(default_factory=dict)
    greetings: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # by address
    digests: list[tuple[str, Participant]] = field(default_factory=list)  # (key, person)
    without_holder: list[Commitment] = field(default_factory=list)
    stopped: set[str] = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not (self.reminders or self.digests)


def follow_up_day(event: Event) -> date:
    return event.day or event.created_at.date()


def plan_follow_up(session: Session, event_id: int, today: date,
                   digest_when: str | None = None) -> FollowUpPlan:
    """Reminders and digests owed today and not sent yet, by address. `digest_when`: a digest
    asked for by hand (its key part), instead of the milestone's."""
    event = session.get(Event, event_id)
    plan = FollowUpPlan()
    if event is None or event.anonymised_at is not None:
        return plan
    day, months = follow_up_day(event), list(event.followup_months or [])
    sent = set(session.exec(select(Reminder.key).where(Reminder.event_id == event_id,
                                                       Reminder.status == SENT)))
    plan.stopped = set(session.exec(select(MailStop.email).where(
        MailStop.event_id == event_id, MailStop.stopped_at != None)))  # noqa: E711
    commitments = list(session.exec(select(Commitment).where(
        Commitment.event_id == event_id, Commitment.carried_from == "")
        .order_by(Commitment.id)))
    by_id = {c.id: c for c in commitments}
    who = holders(session, event_id, commitments)
    for owed in owed_reminders(commitments, day, months, event.reminder_days, today):
        holder = who[owed.commitment_id]
        if holder is None:
            if by_id[owed.commitment_id] not in plan.without_holder:
                plan.without_holder.append(by_id[owed.commitment_id])
            continue
        if owed.key in sent or holder.email in plan.stopped:
            continue
        plan.reminders.setdefault(holder.email, []).append((owed, by_id[owed.commitment_id]))
        plan.greetings[holder.email] = holder.greeting
        plan.languages[holder.email] = holder.language
    when = digest_when or owed_digest(day, months, today)
    if when and commitments:
        people = session.exec(select(Participant).where(
            Participant.event_id == event_id, Participant.email != "",
            or_(Participant.walk_in == False, Participant.confirmed_at != None))  # noqa: E712,E711
            .order_by(Participant.id))
        plan.digests = [(digest_key(when, p.id), p) for p in people
                        if digest_key(when, p.id) not in sent and is_valid_email(p.email)
                        and p.email.strip() not in plan.stopped]
    return plan


def event_digest(session: Session, event_id: int, on: date) -> Digest:
    event = session.get(Event, event_id)
    commitments = list(session.exec(select(Commitment).where(
        Commitment.event_id == event_id, Commitment.carried_from == "")))
    return build_digest(event.name, commitments, carried_by(session, event_id), on)


@dataclass
class FollowUpSummary:
    reminders: int = 0  # messages sent (one per address, listing its commitments)
    digests: int = 0
    failed: list[str] = field(default_factory=list)
    without_holder: int = 0


def send_follow_up(engine: Engine, event_id: int, settings: Settings, today: date, *,
                   digest_when: str | None = None, reminders: bool = True,
                   on_progress: Callable[[int, int, str], None] | None = None
                   ) -> FollowUpSummary:
    """Send what is owed today (see the module); safe to run again at any time."""
    with session_scope(engine) as session:
        plan = plan_follow_up(session, event_id, today, digest_when)
        event = session.get(Event, event_id)
        event_name, privacy_url = event.name, privacy_link(settings.base_url, event)
        case_translations = {case.id: case.translations for case in list_cases(session, event_id)}
        digest = event_digest(session, event_id, today) if plan.digests else None
    summary = FollowUpSummary(without_holder=len(plan.without_holder))
    batches = [(email, items) for email, items in plan.reminders.items()] if reminders else []
    total = len(batches) + len(plan.digests)
    if total == 0:
        return summary
    smtp = open_smtp(settings)
    done = 0
    try:
        for email, items in batches:
            done += 1
            mine = [(o, c) for o, c in items if claim_once(
                engine, Reminder, {"event_id": event_id, "key": o.key}, email)]
            if mine:
                stop = stop_row(engine, event_id, email)
                language = plan.languages.get(email, "fr")
                with speaking(language):
                    items = [ReminderItem(c.what, given_in(c.case_title,
                                                           case_translations.get(c.case_id),
                                                           "title", language),
                                          o.reason, c.status, c.progress,
                                          commitment_link(settings.base_url, c, language))
                             for o, c in mine]
                message = reminder_message(
                    settings, email, plan.greetings.get(email, ""), event_name, items,
                    stop_link(settings.base_url, stop, language), privacy_url, language)
                summary.reminders += _send(engine, event_id, smtp, message, email,
                                           [(o.key, o.commitment_id, None) for o, _ in mine],
                                           summary, done, total)
            if on_progress:
                on_progress(done, total, email)
        for key, person in plan.digests:
            done += 1
            email = person.email.strip()
            if claim_once(engine, Reminder, {"event_id": event_id, "key": key}, email):
                stop = stop_row(engine, event_id, email)
                message = digest_message(settings, email, digest,
                                         stop_link(settings.base_url, stop, person.language),
                                         privacy_url, person.language)
                summary.digests += _send(engine, event_id, smtp, message, email,
                                         [(key, None, person.id)], summary, done, total)
            if on_progress:
                on_progress(done, total, email)
    finally:
        close_smtp(smtp)
    return summary


def _send(engine: Engine, event_id: int, smtp, message: EmailMessage, email: str,
          keys: list[tuple[str, int | None, int | None]], summary: FollowUpSummary,
          done: int, total: int) -> bool:
    """Send one message and log it under each of its keys (claimed by the caller): True
    when it went."""
    try:
        status, detail = send_one(smtp, message)
    except ServerGone as error:
        for key, commitment_id, person_id in keys:
            log_outcome(engine, Reminder, {"event_id": event_id, "key": key}, email,
                        "interrupted", str(error))  # the claim is released
        raise MailInterrupted(
            f"L'envoi s'est interrompu après {done - 1} message(s) sur {total} ({error}). "
            "Relancez-le : seuls les messages pas encore partis partiront.") from None
    for key, commitment_id, person_id in keys:
        log_outcome(engine, Reminder, {"event_id": event_id, "key": key}, email, status,
                    detail, commitment_id=commitment_id, participant_id=person_id)
    if status != SENT:
        summary.failed.append(email)
    return status == SENT


def reminder_log(session: Session, event_id: int) -> list[Reminder]:
    return list(session.exec(select(Reminder).where(Reminder.event_id == event_id)
                             .order_by(Reminder.at)))


def unanswered(session: Session, event_id: int) -> list[tuple[Commitment, Reminder]]:
    """Commitments whose holder was reminded and has given no news since the last reminder."""
    last: dict[int, Reminder] = {}
    for row in reminder_log(session, event_id):
        if row.commitment_id is not None and row.status == SENT:
            last[row.commitment_id] = row
    commitments = {c.id: c for c in session.exec(select(Commitment).where(
        Commitment.id.in_(list(last))))} if last else {}  # one read, not one per reminder
    result = []
    for commitment_id, reminder in last.items():
        commitment = commitments[commitment_id]
        news = [u["at"] for u in commitment.updates]
        sent_at = reminder.at.isoformat(timespec="seconds")[:19]  # news: to the second
        if commitment.status not in CLOSED and not any(at[:19] >= sent_at for at in news):
            result.append((commitment, reminder))
    return result


def events_to_follow(session: Session) -> list[Event]:
    """Events a scheduled run looks at: real ones (not the demo), not anonymised."""
    return list(session.exec(select(Event).where(Event.is_demo == False,  # noqa: E712
                                                 Event.anonymised_at == None)  # noqa: E711
                             .order_by(Event.id)))

