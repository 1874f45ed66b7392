"""Personal data from registration to deletion: the privacy notice, a person's rights (their
record, their erasure), and an event anonymised once its follow-up is over.

What is personal: a participant's names, email, token (their personal link), arrival time,
and the links from a person to what they answered, wrote or took on. Anonymising an event
keeps everything else, so that its figures and its work stay whole:

- participants stay as nameless rows (organisation, role, group, present or not: the
  participation figures), with no name, email or usable token, and arrival times cut to the day;
- each question's answers (and wall posts) are dealt out again at random among the people of
  the same role, question by question: the counts, the split by role and every result stay the
  same, but no answer leads back to a person, nor do a person's answers to one another;
- the groups' work stays, with the names people typed into it replaced: a proposal's "who"
  naming a group member becomes their organisation; full names and last names anywhere in
  free text, and first names that are not words of the cases (the cases' characters), become
  « [nom retiré] »;
- commitments stay, carried by the organisation of the person who held them;
- the mail logs (report, reminders, digests, addresses that asked to stop), the organisations'
  contacts, the organisers' keep-together rules and every link (personal, tablet, screen,
  poster, a commitment's update link) go.

Erasing one person on request does the same for them alone (their answers stay as counts on a
nameless row). `purge_freed_space` then rewrites the database so that nothing removed is left
in its freed pages.
"""

from __future__ import annotations

import random
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Iterable

from sqlalchemy import delete, or_, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from partnerday.db import lock_event_for_writing
from partnerday.commitments import who_is
from partnerday.i18n import N_, _, ngettext
from partnerday.markdown import plain
from partnerday.models import BreakfastTable, Case, Commitment, Delivery, Event, Finding, \
    GroupRule, MailStop, MixingRound, Organisation, Participant, Poll, Reminder, Role, Vote, WallPost, \
    WorkGroup, ROLE_LABELS_FR, utcnow
from partnerday.organisations import fold
from partnerday.refusals import Refusal
from partnerday.tokens import new_token

RETENTION_DAYS = 365
WARNING_DAYS = 30
REMOVED = "[nom retiré]"


class PrivacyRefused(Refusal):
    """A privacy setting, an erasure or an anonymisation that cannot be done."""


def retention_date(event: Event) -> date:
    """The day after which the event's personal data goes: as set by the organisers, else a
    year after the day (by then next year's event has taken its commitments over)."""
    if event.retention_until is not None:
        return event.retention_until
    start = event.day or (event.created_at or utcnow()).date()
    return start + timedelta(days=RETENTION_DAYS)


def retention_warning(event: Event, today: date) -> str | None:
    """What the dashboard says from a month before the retention date on."""
    if event.anonymised_at is not None:
        return None
    due = retention_date(event)
    days = (due - today).days
    if days > WARNING_DAYS:
        return None
    if days < 0:
        return _("La durée de conservation des données personnelles de « {event} » a pris fin "
                 "le {day} : anonymisez l'événement (Événements → Anonymiser).").format(
            event=event.name, day=f"{due:%d/%m/%Y}")
    return ngettext("Les données personnelles de « {event} » sont à anonymiser le {day} (dans "
                    "{days} jour) : reprenez d'abord les engagements dans l'événement suivant.",
                    "Les données personnelles de « {event} » sont à anonymiser le {day} (dans "
                    "{days} jours) : reprenez d'abord les engagements dans l'événement suivant.",
                    days).format(event=event.name, day=f"{due:%d/%m/%Y}", days=days)


def events_due(session: Session, today: date) -> list[Event]:
    """Events whose retention date has passed and that still hold personal data."""
    return [e for e in session.exec(select(Event).where(Event.anonymised_at == None)  # noqa
                                    .order_by(Event.id))
            if retention_date(e) < today]


def privacy_notice(event: Event) -> str:
    """The notice in the page's language (Markdown; the organisers' typed contact comes
    escaped)."""
    contact = plain(event.privacy_contact) if event.privacy_contact.strip() else _(
        "l'équipe organisatrice (à l'accueil le jour même)")
    return "\n\n".join([
        _("**Qui organise ?** Les structures partenaires du Partner Day « {event} ».").format(
            event=plain(event.name)),
        _("**Ce que nous gardons sur vous :** votre prénom et votre nom, votre structure, si "
          "vous venez comme travailleur·euse, usager·ère ou animateur·rice, votre adresse "
          "e-mail si vous l'avez donnée, votre langue, l'heure de votre arrivée, votre table et "
          "votre groupe, vos réponses aux questions, ce que votre groupe écrit, les engagements "
          "que vous prenez, vos cercles des tables tournantes et vos choix sur ce que voient "
          "les personnes rencontrées."),
        _("**Pourquoi ?** Pour organiser la journée (vous accueillir, former des tables et des "
          "groupes où l'on se rencontre), vous envoyer le compte-rendu, et suivre les "
          "engagements pris jusqu'à l'an prochain."),
        _("**Qui le voit ?** Seule l'équipe organisatrice voit les noms de famille et les "
          "adresses. Les écrans de la salle, les tablettes, le compte-rendu et les e-mails ne "
          "montrent que des prénoms. Vos réponses aux questions sont montrées sans nom, "
          "seulement en résultats d'ensemble. Après la journée, votre page liste les personnes "
          "que vous avez rencontrées (prénom et structure) ; vous y figurez à votre tour si "
          "vous le voulez (les usager·ère·s seulement si elles ou ils le choisissent), et votre "
          "e-mail n'y est montré que si vous choisissez de le partager, à celles et ceux qui "
          "partagent le leur."),
        _("**Combien de temps ?** Jusqu'au {day}. Ensuite, tout ce qui vous concerne est "
          "effacé ou rendu anonyme : il ne reste que des chiffres, le travail des groupes sans "
          "noms, et les engagements au nom des structures.").format(
              day=f"{retention_date(event):%d/%m/%Y}"),
        _("**Vos droits :** vous pouvez demander à voir tout ce que nous gardons sur vous, le "
          "faire corriger, ou être effacé·e à tout moment. Adressez-vous à {contact}.").format(
              contact=contact),
    ])


_UID = re.compile(r"^[0-9a-f]{32}$")


def privacy_link(base_url: str, event: Event) -> str:
    return f"{base_url.rstrip('/')}/?d={event.uid}"


def event_by_uid(session: Session, uid: object) -> Event | None:
    """The event whose notice a link (`?d=UID`) asks for, any event, current or not."""
    if not isinstance(uid, str) or not _UID.match(uid):
        return None
    return session.exec(select(Event).where(Event.uid == uid)).first()


def update_privacy_settings(session: Session, event_id: int, contact: str,
                            retention_until: date | None) -> Event:
    event = session.get(Event, event_id)
    contact = " ".join(contact.split())
    if len(contact) > 200:
        raise PrivacyRefused.of(N_("Le contact est trop long (200 caractères au maximum)."),
                                code="contact_too_long")
    if retention_until is not None and event.day is not None and retention_until < event.day:
        raise PrivacyRefused.of(N_("La date de fin de conservation doit suivre le jour de "
                                   "l'événement."), code="retention_before_the_day")
    event.privacy_contact, event.retention_until = contact, retention_until
    session.add(event)
    session.flush()
    return event


# --- names typed into free text -------------------------------------------------------------

def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Whole words or phrases, any case, longest first (so that "Marie Dupont" goes as one)."""
    phrases = sorted({" ".join(n.split()) for n in names if len(n.strip()) >= 2},
                     key=len, reverse=True)
    if not phrases:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(text_: str, pattern: re.Pattern[str] | None) -> str:
    return pattern.sub(REMOVED, text_) if pattern is not None and text_ else text_


def service_users_hidden(session: Session, event_id: int) -> Callable[[str], str]:
    """For texts everyone receives (the report): a service user's full name, as typed in a
    sheet or a « who », becomes their first name; their last name alone, « [nom retiré] »."""
    first_of: dict[str, str] = {}
    for person in session.exec(select(Participant).where(
            Participant.event_id == event_id, Participant.role == Role.user.value,
            Participant.last_name != "")):
        for full in (person.name, f"{person.first_name} {person.last_name}",
                     f"{person.last_name} {person.first_name}"):
            first_of[fold(" ".join(full.split()))] = person.first_name
        first_of.setdefault(fold(" ".join(person.last_name.split())), REMOVED)
    pattern = name_pattern(first_of)
    if pattern is None:
        return lambda text_: text_
    return lambda text_: pattern.sub(
        lambda found: first_of.get(fold(" ".join(found.group(0).split())), REMOVED),
        text_) if text_ else text_


def names_to_remove(people: Iterable[Participant], keep_words: set[str]) -> list[str]:
    """Full names and last names always; first names unless they are words of the cases (a
    case's character shares a participant's first name: the groups' text speaks of them)."""
    names: list[str] = []
    for person in people:
        names += [person.name, person.last_name, f"{person.last_name} {person.first_name}"]
        if fold(person.first_name) not in keep_words:
            names.append(person.first_name)
    return [n for n in names if n.strip()]


def _case_words(session: Session, event_id: int) -> set[str]:
    words: set[str] = set()
    for case in session.exec(select(Case).where(Case.event_id == event_id)):
        words |= {fold(w) for w in re.findall(r"\w+", f"{case.title} {case.actor} {case.brief}")}
    return words


# --- what the app holds about one person ------------------------------------------------------

def person_record(session: Session, participant_id: int) -> str:
    """Everything the app holds about one person, as a text they can read."""
    person = session.get(Participant, participant_id)
    if person is None:
        raise PrivacyRefused("Personne introuvable.", code="person_not_found")
    event = session.get(Event, person.event_id)
    organisation = session.get(Organisation, person.organisation_id)
    group = session.get(WorkGroup, person.group_id) if person.group_id else None
    table = session.get(BreakfastTable, person.table_id) if person.table_id else None
    lines = [f"Données gardées par le Partner Day « {event.name} »",
             f"au {datetime.now(timezone.utc):%d/%m/%Y à %H:%M} (UTC)", "",
             f"Prénom : {person.first_name}", f"Nom : {person.last_name or '—'}",
             f"Structure : {organisation.name if organisation else '—'}",
             f"Rôle : {ROLE_LABELS_FR.get(person.role, person.role)}",
             f"E-mail : {person.email or '—'}", f"Langue : {person.language}",
             f"Lien personnel (QR du badge) : {person.token}",
             f"Inscription : {person.created_at:%d/%m/%Y %H:%M}",
             "Arrivée : " + (f"{person.checked_in_at:%d/%m/%Y %H:%M}" if person.checked_in_at
                             else "—"),
             f"Table du petit déjeuner : {table.number if table else '—'}",
             f"Groupe de travail : {group.number if group else '—'}",
             "Tables tournantes : " + (", ".join(
                 f"tour {r.number} cercle {r.assignment[str(person.id)]}" for r in session.exec(
                     select(MixingRound).where(MixingRound.event_id == event.id)
                     .order_by(MixingRound.number)) if str(person.id) in r.assignment)
                 or "—"),
             "E-mail partagé avec les personnes rencontrées : "
             + ("oui" if person.shares_email else "non"),
             "Dans les listes des personnes rencontrées (prénom et structure) : "
             + ("oui" if person.is_listed_for_met else "non"), ""]
    polls = {p.id: p for p in session.exec(select(Poll).where(Poll.event_id == event.id))}
    votes = session.exec(select(Vote).where(Vote.participant_id == person.id)
                         .order_by(Vote.poll_id, Vote.round)).all()
    lines.append(f"Réponses aux questions ({len(votes)}) :")
    for vote in votes:
        answer = next(iter(vote.value.values()), "") if vote.value else ""
        shown = " > ".join(map(str, answer)) if isinstance(answer, list) else answer
        lines.append(f"- {polls[vote.poll_id].question} (tour {vote.round}) : {shown}")
    posts = session.exec(select(WallPost).where(WallPost.participant_id == person.id)
                         .order_by(WallPost.id)).all()
    lines += ["", f"Arguments sur les murs ({len(posts)}) :"]
    lines += [f"- {'pour' if p.side == 'pro' else 'contre'} : {p.text}" for p in posts]
    commitments = session.exec(select(Commitment).where(Commitment.participant_id == person.id)
                               .order_by(Commitment.id)).all()
    lines += ["", f"Engagements ({len(commitments)}) :"]
    lines += [f"- {c.case_title} : {c.what} (pour le {c.due:%d/%m/%Y})" if c.due else
              f"- {c.case_title} : {c.what}" for c in commitments]
    deliveries = session.exec(select(Delivery).where(Delivery.participant_id == person.id)
                              ).all()
    lines += ["", "Envoi du compte-rendu : " + (", ".join(
        f"{d.status} le {d.at:%d/%m/%Y} à {d.email}" for d in deliveries) or "—")]
    return "\n".join(lines) + "\n"


# --- erasing and anonymising -----------------------------------------------------------------

@dataclass
class Removal:
    """What erasing or anonymising did, to say it to the organiser."""
    people: int = 0
    emails: int = 0
    answers_dealt_out: int = 0
    texts_changed: int = 0
    commitments_to_organisations: int = 0
    mail_log_rows: int = 0
    links_renewed: int = 0

    def describe(self) -> str:
        return (f"{self.people} personne(s) sans nom ni lien personnel, {self.emails} adresse(s) "
                f"e-mail effacée(s), {self.answers_dealt_out} réponse(s) détachée(s) des "
                f"personnes, {self.texts_changed} texte(s) où des noms ont été retirés, "
                f"{self.commitments_to_organisations} engagement(s) désormais au nom d'une "
                f"structure, {self.mail_log_rows} ligne(s) du journal d'envoi effacée(s), "
                f"{self.links_renewed} lien(s) renouvelé(s).")


def _organisation_of(session: Session, event_id: int) -> dict[int, str]:
    return dict(session.exec(select(Participant.id, Organisation.name)
                             .join(Organisation, Organisation.id == Participant.organisation_id)
                             .where(Participant.event_id == event_id)).all())


def _scrub_free_text(session: Session, event_id: int, people: list[Participant],
                     organisation_of: dict[int, str], removal: Removal) -> None:
    """Names of `people` out of the groups' sheets, the walls and the commitments."""
    pattern = name_pattern(names_to_remove(people, _case_words(session, event_id)))
    by_group: dict[int, list[Participant]] = defaultdict(list)
    everyone = session.exec(select(Participant).where(Participant.event_id == event_id)).all()
    for person in everyone:
        if person.group_id is not None:
            by_group[person.group_id].append(person)
    targets = {p.id for p in people}
    for finding in session.exec(select(Finding).where(Finding.event_id == event_id)):
        named = (who_is(finding.text, by_group.get(finding.group_id, []))
                 if finding.field.endswith(".who") else None)
        # an organisation's name is kept whole: « CPAS de Saint-Gilles » with a Gilles present
        new = (organisation_of.get(named, REMOVED) if named in targets
               else scrub(finding.text, pattern))
        if new != finding.text:
            finding.text, finding.version = new, finding.version + 1
            session.add(finding)
            removal.texts_changed += 1
    for post in session.exec(select(WallPost).where(WallPost.event_id == event_id)):
        new = scrub(post.text, pattern)
        if new != post.text:
            post.text = new
            session.add(post)
            removal.texts_changed += 1
    for commitment in session.exec(select(Commitment).where(Commitment.event_id == event_id)):
        changed = False
        if commitment.participant_id in targets:
            commitment.organisation = organisation_of.get(commitment.participant_id, "")[:200]
            commitment.who = commitment.organisation or REMOVED
            commitment.participant_id = None
            removal.commitments_to_organisations += 1
            changed = True
        for attribute in ("what",) if changed else ("who", "what"):
            new = scrub(getattr(commitment, attribute), pattern)
            if new != getattr(commitment, attribute):
                setattr(commitment, attribute, new[:200] if attribute == "who" else new)
                changed = True
        updates = [{**u, "by": scrub(str(u.get("by", "")), pattern),
                    "note": scrub(str(u.get("note", "")), pattern)} for u in commitment.updates]
        if updates != commitment.updates:
            commitment.updates = updates
            changed = True
        if changed:
            session.add(commitment)
            removal.texts_changed += 1


def _forget(person: Participant, removal: Removal, arrival_day: date | None = None) -> None:
    """No name, email or usable link; with `arrival_day`, the arrival kept as that day only."""
    removal.people += 1
    removal.emails += bool(person.email)
    person.name = person.first_name = person.last_name = person.email = ""
    person.token = new_token()  # a link nobody has: the badge's QR no longer opens anything
    removal.links_renewed += 1
    if person.checked_in_at is not None and arrival_day is not None:
        person.checked_in_at = datetime.combine(arrival_day, time(), tzinfo=timezone.utc)
    person.erased_at = person.erased_at or utcnow()


def erase_person(session: Session, participant_id: int) -> Removal:
    """A person's erasure on request: their names, email and link go, their answers stay as
    anonymous counts, their commitments stay with their organisation."""
    person = session.get(Participant, participant_id)
    if person is None or person.erased_at is not None:
        raise PrivacyRefused("Personne introuvable (ou déjà effacée).", code="person_not_found")
    lock_event_for_writing(session, person.event_id)
    removal = Removal()
    _scrub_free_text(session, person.event_id, [person],
                     _organisation_of(session, person.event_id), removal)
    removal.mail_log_rows = _delete(session, delete(Delivery).where(
        Delivery.participant_id == person.id))
    removal.mail_log_rows += _forget_follow_up_mail(session, person)
    for rule in session.exec(select(GroupRule).where(GroupRule.event_id == person.event_id)):
        if person.id in rule.participant_ids:
            rule.participant_ids = [p for p in rule.participant_ids if p != person.id]
            session.add(rule)
    _forget(person, removal)  # the arrival time stays: the day's own screens need it
    session.add(person)
    session.flush()
    return removal


def _forget_follow_up_mail(session: Session, person: Participant) -> int:
    """The reminders and digests logged for a person, and their address's « stop » row."""
    mine = Reminder.participant_id == person.id
    if person.email:
        mine = or_(mine, Reminder.email == person.email)
    count = _delete(session, delete(Reminder).where(Reminder.event_id == person.event_id, mine))
    if person.email:
        count += _delete(session, delete(MailStop).where(MailStop.event_id == person.event_id,
                                                         MailStop.email == person.email))
    return count


def _delete(session: Session, statement) -> int:
    return session.exec(statement).rowcount or 0


def dealt_out(authors: list[tuple[int, int, int]], roles: dict[int, str],
              rng: random.Random) -> dict[tuple[int, int, int], int]:
    """(poll, round, author) -> the person it now belongs to: within each question round, the
    authors of one role are matched at random with people of that role, one for one."""
    by_role: dict[str, list[int]] = defaultdict(list)
    for pid, role in sorted(roles.items()):
        by_role[role].append(pid)
    rounds: dict[tuple[int, int], set[int]] = defaultdict(set)
    for poll, round_, author in authors:
        rounds[(poll, round_)].add(author)
    dealt: dict[tuple[int, int, int], int] = {}
    for (poll, round_), people in sorted(rounds.items()):
        for role in sorted({roles[p] for p in people}):
            mine = sorted(p for p in people if roles[p] == role)
            for author, person in zip(mine, rng.sample(by_role[role], len(mine))):
                dealt[(poll, round_, author)] = person
    return dealt


def _deal_out_answers(session: Session, event_id: int, rng: random.Random) -> int:
    """Answers and wall posts dealt out again (see `dealt_out`); votes are written anew, as
    the one-answer-per-person rule would refuse them half-moved."""
    roles = dict(session.exec(select(Participant.id, Participant.role)
                              .where(Participant.event_id == event_id)).all())
    votes = session.exec(select(Vote).where(Vote.event_id == event_id)).all()
    posts = session.exec(select(WallPost).where(WallPost.event_id == event_id)).all()
    dealt = dealt_out([(r.poll_id, r.round, r.participant_id) for r in [*votes, *posts]],
                      roles, rng)
    again = [Vote(**{**v.model_dump(exclude={"id"}),
                     "participant_id": dealt[(v.poll_id, v.round, v.participant_id)]})
             for v in votes]
    session.exec(delete(Vote).where(Vote.event_id == event_id))
    session.flush()
    session.add_all(again)
    for post in posts:
        post.participant_id = dealt[(post.poll_id, post.round, post.participant_id)]
        session.add(post)
    session.flush()
    return len(votes) + len(posts)


def anonymise_event(session: Session, event_id: int, rng: random.Random | None = None
                    ) -> Removal:
    """Remove the event's personal data, keep its figures and its work (see the module)."""
    event = session.get(Event, event_id)
    if event is None:
        raise PrivacyRefused(f"Aucun événement n°{event_id}.", code="no_such_event",
                             event_id=event_id)
    lock_event_for_writing(session, event_id)
    rng = rng or random.SystemRandom()
    removal = Removal()
    people = session.exec(select(Participant).where(Participant.event_id == event_id)).all()
    _scrub_free_text(session, event_id, list(people), _organisation_of(session, event_id),
                     removal)
    removal.answers_dealt_out = _deal_out_answers(session, event_id, rng)
    removal.mail_log_rows = _delete(session, delete(Delivery).where(
        Delivery.event_id == event_id))
    removal.mail_log_rows += _delete(session, delete(Reminder).where(
        Reminder.event_id == event_id))
    removal.mail_log_rows += _delete(session, delete(MailStop).where(
        MailStop.event_id == event_id))
    for organisation in session.exec(select(Organisation).where(
            Organisation.event_id == event_id,
            or_(Organisation.contact_email != "", Organisation.contact_name != ""))):
        organisation.contact_name = organisation.contact_email = ""
        session.add(organisation)
        removal.emails += 1
    for commitment in session.exec(select(Commitment).where(Commitment.event_id == event_id)):
        commitment.token = new_token()  # the reminders' update links open nothing any more
        session.add(commitment)
        removal.links_renewed += 1
    _delete(session, delete(GroupRule).where(GroupRule.event_id == event_id))
    for person in people:
        _forget(person, removal, event.day or (person.checked_in_at and
                                                 person.checked_in_at.date()))
        session.add(person)
    for group in session.exec(select(WorkGroup).where(WorkGroup.event_id == event_id)):
        group.token = new_token()
        session.add(group)
        removal.links_renewed += 1
    event.walkin_token, event.screen_token = new_token(), new_token()
    event.join_token = new_token()
    removal.links_renewed += 3
    event.anonymised_at = utcnow()
    session.add(event)
    session.flush()
    return removal


def purge_freed_space(engine: Engine) -> bool:
    """Rewrite the database so that what was removed is not left in its freed pages (SQLite:
    VACUUM, then the write-ahead log emptied; PostgreSQL: VACUUM FULL of the tables touched).
    False when the database was too busy to be rewritten now (run it again later)."""
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            if engine.dialect.name == "sqlite":
                connection.execute(text("VACUUM"))
                busy = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
                return not busy[0]
            tables = ", ".join(model.__tablename__ for model in (
                Participant, Vote, WallPost, Finding, Commitment, Delivery, GroupRule, Event,
                WorkGroup, Reminder, MailStop, Organisation))
            connection.execute(text(f"VACUUM FULL {tables}"))
            return True
    except OperationalError:
        return False


PEOPLE_TABLES = ("participant", "vote", "wallpost", "delivery", "grouprule", "balancerun",
                 "mixinground", "reminder", "mailstop")


def anonymised_backup(session: Session, event_id: int) -> dict:
    """A backup to share (with next year's team): the event as anonymising would leave it,
    without its people, under a new identity so that it restores beside the original. Made
    inside a savepoint that is rolled back: the database itself is not changed."""
    from partnerday.backup import backup_event

    savepoint = session.begin_nested()
    try:
        anonymise_event(session, event_id, random.Random(0))
        backup = backup_event(session, event_id)
    finally:
        savepoint.rollback()
    for table in PEOPLE_TABLES:
        backup["tables"][table] = []
    backup["personal_data"] = False
    backup["event"]["uid"] = uuid.uuid4().hex
    backup["event"]["is_current"] = False
    return backup
