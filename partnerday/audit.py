"""The log of who did what with personal data: exports with names, backups, restores,
deletions, the report's sending, and the accounts themselves. Organisers read it on the
Comptes page; each entry is written in the transaction of the action it records."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, select

from partnerday.accounts import AccountView
from partnerday.formats import LOCAL_TIME
from partnerday.i18n import N_, _
from partnerday.models import AuditEntry, as_utc

ACTIONS: dict[str, str] = {
    "export_participants": N_("export des participant·e·s (avec noms)"),
    "export_person": N_("export des données d'une personne"),
    "erase_person": N_("effacement d'une personne"),
    "backup": N_("sauvegarde de l'événement"),
    "backup_anonymised": N_("sauvegarde anonymisée"),
    "restore": N_("restauration d'une sauvegarde"),
    "anonymise": N_("anonymisation de l'événement"),
    "delete_event": N_("suppression d'un événement"),
    "send_report": N_("envoi du rapport par e-mail"),
    "send_follow_up": N_("envoi des rappels et points d'étape"),
    "print_badges": N_("impression des badges (avec noms)"),
    "import": N_("import d'inscriptions"),
    "account": N_("comptes"),
}
"""Said in the reader's language (`audit_frame`); an entry's detail stays as it was written."""


def record(session: Session, who: AccountView | None, action: str, detail: str = "",
           event_id: int | None = None) -> None:
    session.add(AuditEntry(account_id=who.id if who else None,
                           who=(who.name if who else "ligne de commande")[:200],
                           action=action[:60], detail=detail[:500], event_id=event_id))
    session.flush()


def audit_frame(session: Session, limit: int = 500) -> pd.DataFrame:
    rows = session.exec(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                        .limit(limit)).all()
    return pd.DataFrame([{"quand": as_utc(r.at).astimezone(LOCAL_TIME).strftime(
        "%d/%m/%Y %H:%M"), "qui": r.who,
        "quoi": _(ACTIONS[r.action]) if r.action in ACTIONS else r.action,
        "détail": r.detail} for r in rows], columns=["quand", "qui", "quoi", "détail"])
