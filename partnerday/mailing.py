"""Sending the report by email through the organisers' SMTP server (standard library).

Each message sent is logged at once in its own transaction, so a sending that stops half-way
(server down, laptop closed) resumes with only the people who did not get it.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import pandas as pd
from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from partnerday.refusals import Refusal
from partnerday.db import session_scope
from partnerday.models import Delivery, Event, Participant, utcnow
from partnerday.privacy import privacy_link
from partnerday.settings import Settings

_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
SENT, INVALID, FAILED = "sent", "invalid", "failed"


class MailRefused(Refusal):
    """Sending cannot start (no server set, connection or login refused): nothing was sent."""


class MailInterrupted(Refusal):
    """The server went away half-way: the sent are logged, resuming sends the rest."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str


@dataclass(frozen=True)
class Recipient:
    participant_id: int
    name: str
    email: str

    @property
    def is_valid(self) -> bool:
        return is_valid_email(self.email)


@dataclass(frozen=True)
class SendSummary:
    sent: int
    invalid: list[str]
    failed: list[str]


def is_valid_email(address: str) -> bool:
    return bool(_EMAIL.fullmatch(address.strip()))


def report_attachments(html_page: str, pdf: bytes) -> list[Attachment]:
    return [Attachment("rapport-partner-day.html", html_page.encode("utf-8"), "text", "html"),
            Attachment("rapport-partner-day.pdf", pdf, "application", "pdf")]


def pending_recipients(session: Session, event_id: int) -> list[Recipient]:
    """Everyone with an email address who has not been sent the report yet; a walk-in only
    once the desk confirmed them (an address typed at the door could be anyone's)."""
    sent = set(session.exec(select(Delivery.participant_id).where(
        Delivery.event_id == event_id, Delivery.status == SENT)))
    people = session.exec(select(Participant).where(
        Participant.event_id == event_id, Participant.email != "",
        or_(Participant.walk_in == False, Participant.confirmed_at != None))  # noqa: E711,E712
        .order_by(Participant.id))
    return [Recipient(p.id, p.name, p.email.strip()) for p in people if p.id not in sent]


def report_message(settings: Settings, to: str, event_name: str,
                   attachments: list[Attachment], privacy_url: str = "") -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"{event_name} : le rapport de la journée"
    message["From"] = formataddr(("Partner Day", sender(settings)))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=sender(settings).rpartition("@")[2] or None)
    message.set_content(
        "Bonjour,\n\nMerci pour votre participation au Partner Day. Vous trouverez en pièce "
        "jointe le rapport de la journée : le travail des groupes sur chaque cas, les "
        "orientations et les engagements pris, et les résultats des baromètres.\n\n"
        "Les engagements seront revus lors du prochain Partner Day.\n\n"
        + (f"Ce que nous gardons sur vous, pour combien de temps, et vos droits : "
           f"{privacy_url}\n\n" if privacy_url else "")
        + "L'équipe d'organisation\n")
    for item in attachments:
        message.add_attachment(item.content, maintype=item.maintype, subtype=item.subtype,
                               filename=item.filename)
    return message


def sender(settings: Settings) -> str:
    return settings.smtp_from or settings.smtp_user or "partnerday@localhost"


def open_smtp(settings: Settings) -> smtplib.SMTP:
    """A connection ready to send, or MailRefused with the reason in French."""
    if not settings.smtp_host:
        raise MailRefused("Aucun serveur d'envoi n'est réglé : renseignez SMTP_HOST (et "
                          "SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM).")
    try:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    except OSError as error:
        raise MailRefused(f"Le serveur d'envoi {settings.smtp_host}:{settings.smtp_port} ne "
                          f"répond pas ({error}).") from None
    try:
        if settings.smtp_tls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except smtplib.SMTPAuthenticationError:
        smtp.close()
        raise MailRefused("Le serveur d'envoi refuse l'identifiant ou le mot de passe : "
                          "vérifiez SMTP_USER et SMTP_PASSWORD. Rien n'a été envoyé.") from None
    except (smtplib.SMTPException, OSError) as error:
        smtp.close()
        raise MailRefused(f"Le serveur d'envoi refuse la connexion ({error}). Rien n'a été "
                          "envoyé.") from None
    return smtp


def send_test(settings: Settings, to: str, event_name: str,
              attachments: list[Attachment], privacy_url: str = "") -> None:
    if not is_valid_email(to):
        raise MailRefused(f"Adresse invalide : « {to} ».")
    smtp = open_smtp(settings)
    try:
        message = report_message(settings, to, event_name, attachments, privacy_url)
        message.replace_header("Subject", "[Test] " + message["Subject"])
        smtp.send_message(message)
    finally:
        smtp.quit()


def _log(engine: Engine, event_id: int, recipient: Recipient, status: str,
         detail: str = "") -> None:
    with session_scope(engine) as session:
        row = session.exec(select(Delivery).where(
            Delivery.event_id == event_id,
            Delivery.participant_id == recipient.participant_id)).first()
        row = row or Delivery(event_id=event_id, participant_id=recipient.participant_id)
        row.email, row.status, row.detail, row.at = recipient.email, status, detail[:500], \
            utcnow()
        session.add(row)


CLAIMED, INTERRUPTED = "sending", "interrupted"
CLAIM_SECONDS = 600
"""A claim older than this is taken to be a sender that died mid-way: it may be taken again."""


def claim(engine: Engine, event_id: int, recipient: Recipient) -> bool:
    """Take a recipient for this sender before sending, so that two organisers sending at
    once (two processes, two servers) reach each address once: True when it is ours. One
    insert (the delivery's unique key) or one conditional update, atomic on both databases."""
    try:
        with session_scope(engine) as session:
            session.add(Delivery(event_id=event_id, participant_id=recipient.participant_id,
                                 email=recipient.email, status=CLAIMED, at=utcnow()))
        return True
    except IntegrityError:
        pass
    stale = utcnow() - timedelta(seconds=CLAIM_SECONDS)
    with session_scope(engine) as session:
        taken = session.exec(
            update(Delivery)
            .where(Delivery.event_id == event_id,
                   Delivery.participant_id == recipient.participant_id,
                   Delivery.status != SENT,
                   or_(Delivery.status != CLAIMED, Delivery.at < stale))
            .values(status=CLAIMED, email=recipient.email, at=utcnow(), detail=""))
        return taken.rowcount == 1


def send_report(engine: Engine, event_id: int, settings: Settings,
                attachments: list[Attachment],
                on_progress: Callable[[int, int, str], None] | None = None) -> SendSummary:
    """Send the report to everyone not sent it yet; malformed addresses are skipped."""
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        event_name, privacy_url = event.name, privacy_link(settings.base_url, event)
        recipients = pending_recipients(session, event_id)
    smtp = open_smtp(settings)
    invalid = [r for r in recipients if not r.is_valid]
    for recipient in invalid:
        _log(engine, event_id, recipient, INVALID, "adresse mal formée")
    valid = [r for r in recipients if r.is_valid]
    sent, failed = 0, []
    try:
        for done, recipient in enumerate(valid, start=1):
            if not claim(engine, event_id, recipient):  # another sender has it, or sent it
                if on_progress:
                    on_progress(done, len(valid), recipient.email)
                continue
            try:
                smtp.send_message(report_message(settings, recipient.email, event_name,
                                                 attachments, privacy_url))
            except smtplib.SMTPRecipientsRefused as refused:
                failed.append(recipient.email)
                _log(engine, event_id, recipient, FAILED, str(refused.recipients))
            except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException,
                    OSError) as error:
                if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code != 421:
                    failed.append(recipient.email)  # this message only; go on
                    _log(engine, event_id, recipient, FAILED, f"{error.smtp_code} "
                                                             f"{error.smtp_error!r}")
                    continue
                _log(engine, event_id, recipient, INTERRUPTED, str(error))  # claim released
                raise MailInterrupted(
                    f"L'envoi s'est interrompu après {sent} message(s) ({error}). "
                    f"{len(valid) - done + 1} personne(s) ne l'ont pas encore reçu : "
                    "relancez l'envoi, seules elles le recevront.") from None
            else:
                sent += 1
                _log(engine, event_id, recipient, SENT)
            if on_progress:
                on_progress(done, len(valid), recipient.email)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return SendSummary(sent, [r.email for r in invalid], failed)


def delivery_frame(session: Session, event_id: int) -> pd.DataFrame:
    rows = session.exec(select(Participant.name, Delivery.email, Delivery.status,
                               Delivery.detail, Delivery.at)
                        .join(Participant, Participant.id == Delivery.participant_id)
                        .where(Delivery.event_id == event_id).order_by(Delivery.at)).all()
    labels = {SENT: "envoyé", INVALID: "adresse invalide", FAILED: "refusé par le serveur",
              CLAIMED: "en cours d'envoi", INTERRUPTED: "envoi interrompu"}
    return pd.DataFrame([{"nom": name, "email": email, "état": labels.get(status, status),
                          "détail": detail, "quand": at} for name, email, status, detail, at
                         in rows], columns=["nom", "email", "état", "détail", "quand"])
