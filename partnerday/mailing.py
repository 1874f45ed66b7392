"""Sending the report by email through the organisers' SMTP server (standard library).

Each message sent is logged at once in its own transaction, so a sending that stops half-way
(server down, laptop closed) resumes with only the people who did not get it.
"""

from __future__ import annotations

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
from partnerday.emails import is_valid_email
from partnerday.i18n import N_, _, speaking, with_language
from partnerday.models import Delivery, Event, Participant, Reminder, utcnow
from partnerday.privacy import privacy_link
from partnerday.settings import Settings

SENT, INVALID, FAILED = "sent", "invalid", "failed"
OutboxRow = Delivery | Reminder
"""The logs of messages sent one by one: the report's, and the follow-up's."""


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
    language: str = "fr"

    @property
    def is_valid(self) -> bool:
        return is_valid_email(self.email)


@dataclass(frozen=True)
class SendSummary:
    sent: int
    invalid: list[str]
    failed: list[str]


Copies = Callable[[str], list[Attachment]]
"""The report's files in a language: each reader is sent the copy in theirs."""


def report_filenames(language: str) -> tuple[str, str]:
    """The HTML page's and the PDF's names, in the language of their copy."""
    with speaking(language):
        stem = _("rapport-partner-day")
    return f"{stem}.html", f"{stem}.pdf"


def report_attachments(html_page: str, pdf: bytes, language: str = "fr") -> list[Attachment]:
    page_name, pdf_name = report_filenames(language)
    return [Attachment(page_name, html_page.encode("utf-8"), "text", "html"),
            Attachment(pdf_name, pdf, "application", "pdf")]


def pending_recipients(session: Session, event_id: int) -> list[Recipient]:
    """Everyone with an email address who has not been sent the report yet; a walk-in only
    once the desk confirmed them (an address typed at the door could be anyone's)."""
    sent = set(session.exec(select(Delivery.participant_id).where(
        Delivery.event_id == event_id, Delivery.status == SENT)))
    people = session.exec(select(Participant).where(
        Participant.event_id == event_id, Participant.email != "",
        or_(Participant.walk_in == False, Participant.confirmed_at != None))  # noqa: E711,E712
        .order_by(Participant.id))
    return [Recipient(p.id, p.name, p.email.strip(), p.language) for p in people
            if p.id not in sent]


def report_message(settings: Settings, to: str, event_name: str,
                   attachments: list[Attachment], privacy_url: str = "",
                   language: str = "fr") -> EmailMessage:
    """The report's email, in its reader's language."""
    with speaking(language):
        subject = _("{event} : le rapport de la journée").format(event=event_name)
        paragraphs = [
            _("Bonjour,"),
            _("Merci pour votre participation au Partner Day. Vous trouverez en pièce jointe le "
              "rapport de la journée : le travail des groupes sur chaque cas, les orientations "
              "et les engagements pris, et les résultats des baromètres."),
            _("Les engagements seront revus lors du prochain Partner Day."),
            *([_("Ce que nous gardons sur vous, pour combien de temps, et vos droits : "
                 "{link}").format(link=with_language(privacy_url))] if privacy_url else []),
            _("L'équipe d'organisation")]
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr(("Partner Day", sender(settings)))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=sender(settings).rpartition("@")[2] or None)
    message.set_content("\n\n".join(paragraphs) + "\n")
    for item in attachments:
        message.add_attachment(item.content, maintype=item.maintype, subtype=item.subtype,
                               filename=item.filename,  # a text's charset: its accents
                               params={"charset": "utf-8"} if item.maintype == "text" else {})
    message["Content-Language"] = language  # last: the content and attachments move Content-*
    return message


def sender(settings: Settings) -> str:
    return settings.smtp_from or settings.smtp_user or "partnerday@localhost"


def open_smtp(settings: Settings) -> smtplib.SMTP:
    """A connection ready to send, or MailRefused with the reason in French."""
    if not settings.smtp_host:
        raise MailRefused.of(N_("Aucun serveur d'envoi n'est réglé : renseignez SMTP_HOST (et "
                                "SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM)."))
    try:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
    except OSError as error:
        raise MailRefused.of(N_("Le serveur d'envoi {server} ne répond pas ({error})."),
                             server=f"{settings.smtp_host}:{settings.smtp_port}",
                             error=str(error)) from None
    try:
        if settings.smtp_tls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except smtplib.SMTPAuthenticationError:
        smtp.close()
        raise MailRefused.of(N_("Le serveur d'envoi refuse l'identifiant ou le mot de passe : "
                                "vérifiez SMTP_USER et SMTP_PASSWORD. Rien n'a été envoyé.")
                             ) from None
    except (smtplib.SMTPException, OSError) as error:
        smtp.close()
        raise MailRefused.of(N_("Le serveur d'envoi refuse la connexion ({error}). Rien n'a "
                                "été envoyé."), error=str(error)) from None
    return smtp


def send_test(settings: Settings, to: str, event_name: str,
              attachments: list[Attachment], privacy_url: str = "",
              language: str = "fr") -> None:
    """The message as a reader of `language` receives it, with the copy in it."""
    if not is_valid_email(to):
        raise MailRefused.of(N_("Adresse invalide : « {address} »."), address=to)
    smtp = open_smtp(settings)
    try:
        message = report_message(settings, to, event_name, attachments, privacy_url, language)
        message.replace_header("Subject", "[Test] " + message["Subject"])
        smtp.send_message(message)
    finally:
        smtp.quit()


def log_outcome(engine: Engine, model: type[OutboxRow], identity: dict[str, object],
                email: str, status: str, detail: str = "", **more: object) -> None:
    """Write what became of one message (its row found by `identity`; `more`: other
    columns), in its own transaction: a sending that stops right after keeps it."""
    with session_scope(engine) as session:
        row = session.exec(select(model).filter_by(**identity)).first() or model(**identity)
        row.email, row.status, row.detail, row.at = email, status, detail[:500], utcnow()
        for column, value in more.items():
            setattr(row, column, value)
        session.add(row)


def _log(engine: Engine, event_id: int, recipient: Recipient, status: str,
         detail: str = "") -> None:
    log_outcome(engine, Delivery, {"event_id": event_id,
                                   "participant_id": recipient.participant_id},
                recipient.email, status, detail)


CLAIMED, INTERRUPTED = "sending", "interrupted"
CLAIM_SECONDS = 600
"""A claim older than this is taken to be a sender that died mid-way: it may be taken again."""


def claim_once(engine: Engine, model: type[OutboxRow], identity: dict[str, object],
               email: str) -> bool:
    """Take one message for this sender before sending it, so that two senders at once (two
    organisers, two servers, two runs of a scheduler) send it once: True when it is ours.
    One insert (the row's unique key is `identity`) or one conditional update, atomic on
    both databases; a message already sent is never taken again."""
    try:
        with session_scope(engine) as session:
            session.add(model(**identity, email=email, status=CLAIMED, at=utcnow()))
        return True
    except IntegrityError:
        pass
    stale = utcnow() - timedelta(seconds=CLAIM_SECONDS)
    with session_scope(engine) as session:
        taken = session.exec(
            update(model)
            .filter_by(**identity)
            .where(model.status != SENT, or_(model.status != CLAIMED, model.at < stale))
            .values(status=CLAIMED, email=email, at=utcnow(), detail=""))
        return taken.rowcount == 1


def claim(engine: Engine, event_id: int, recipient: Recipient) -> bool:
    """Take a recipient of the report (see `claim_once`)."""
    return claim_once(engine, Delivery, {"event_id": event_id,
                                         "participant_id": recipient.participant_id},
                      recipient.email)


class ServerGone(Exception):
    """The connection to the sending server was lost: stop, and resume later."""


def send_one(smtp: smtplib.SMTP, message: EmailMessage) -> tuple[str, str]:
    """(SENT, "") or (FAILED, why) when the server refused this message only; ServerGone
    when it went away (or said it is closing, 421), so that nothing more is tried now."""
    try:
        smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as refused:
        return FAILED, str(refused.recipients)
    except smtplib.SMTPResponseException as error:
        if error.smtp_code == 421:
            raise ServerGone(str(error)) from None
        return FAILED, f"{error.smtp_code} {error.smtp_error!r}"
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise ServerGone(str(error)) from None
    return SENT, ""


def close_smtp(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def send_report(engine: Engine, event_id: int, settings: Settings, copies: Copies,
                on_progress: Callable[[int, int, str], None] | None = None) -> SendSummary:
    """Send the report to everyone not sent it yet, each the copy in their language;
    malformed addresses are skipped."""
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
                status, detail = send_one(smtp, report_message(
                    settings, recipient.email, event_name, copies(recipient.language),
                    privacy_url, recipient.language))
            except ServerGone as error:
                _log(engine, event_id, recipient, INTERRUPTED, str(error))  # claim released
                raise MailInterrupted.of(
                    N_("L'envoi s'est interrompu après {sent} message(s) ({error}). {left} "
                       "personne(s) ne l'ont pas encore reçu : relancez l'envoi, seules elles "
                       "le recevront."), sent=sent, error=str(error),
                    left=len(valid) - done + 1) from None
            _log(engine, event_id, recipient, status, detail)
            if status == SENT:
                sent += 1
            else:
                failed.append(recipient.email)
            if on_progress:
                on_progress(done, len(valid), recipient.email)
    finally:
        close_smtp(smtp)
    return SendSummary(sent, [r.email for r in invalid], failed)


def delivery_frame(session: Session, event_id: int) -> pd.DataFrame:
    rows = session.exec(select(Participant.name, Delivery.email, Delivery.status,
                               Delivery.detail, Delivery.at)
                        .join(Participant, Participant.id == Delivery.participant_id)
                        .where(Delivery.event_id == event_id).order_by(Delivery.at)).all()
    labels = {SENT: N_("envoyé"), INVALID: N_("adresse invalide"),
              FAILED: N_("refusé par le serveur"), CLAIMED: N_("en cours d'envoi"),
              INTERRUPTED: N_("envoi interrompu")}
    return pd.DataFrame([{"nom": name, "email": email,
                          "état": _(labels[status]) if status in labels else status,
                          "détail": detail, "quand": at} for name, email, status, detail, at
                         in rows], columns=["nom", "email", "état", "détail", "quand"])
