"""Backup and restore of a whole event as JSON, tokens included, so that printed QR codes
keep working after a restore."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlmodel import Session, SQLModel, select

from partnerday.i18n import N_
from partnerday.refusals import Refusal
from partnerday.events import current_event, delete_event, set_current_event
from partnerday.models import EVENT_TABLES, Event
from partnerday.names import full_name, split_full_name

BACKUP_FORMAT = "partnerday-backup"
BACKUP_VERSION = 1


class RestoreRefused(Refusal):
    """The backup cannot be restored as asked (e.g. the event exists and replace was not set)."""


def _dump(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(mode="json")


def backup_event(session: Session, event_id: int) -> dict[str, Any]:
    event = session.get(Event, event_id)
    if event is None:
        raise RestoreRefused.of(N_("Aucun événement n°{event_id}."), code="no_such_event",
                                event_id=event_id)
    tables = {}
    for model in EVENT_TABLES:
        rows = session.exec(select(model).where(model.event_id == event_id).order_by(model.id))
        tables[model.__tablename__] = [_dump(row) for row in rows]
    return {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "personal_data": True,
            "event": _dump(event), "tables": tables}


def backup_to_json(session: Session, event_id: int) -> str:
    return json.dumps(backup_event(session, event_id), ensure_ascii=False, indent=1)


def _foreign_keys(model: type[SQLModel]) -> dict[str, str]:
    """column -> referenced table, for the columns that point at another event table."""
    return {fk.parent.name: fk.column.table.name for fk in model.__table__.foreign_keys
            if fk.parent.name != "event_id"}


# Participant ids kept inside JSON columns: (table, column) -> how they are stored.
_JSON_PARTICIPANT_IDS = {("grouprule", "participant_ids"): "list",
                         ("balancerun", "assignment"): "keys",
                         ("mixinground", "assignment"): "keys"}


def _remap_json_ids(table: str, data: dict[str, Any], participants: dict[int, int]) -> None:
    for (owner, column), shape in _JSON_PARTICIPANT_IDS.items():
        if owner != table or data.get(column) is None:
            continue
        if shape == "list":
            data[column] = [participants[int(p)] for p in data[column] if int(p) in participants]
        else:
            data[column] = {str(participants[int(p)]): v for p, v in data[column].items()
                            if int(p) in participants}


MAX_BACKUP_BYTES = 100 * 1024 * 1024
_PROPOSAL_SOURCE = re.compile(r"^g(\d+)-c(\d+)-p(\d+)$")


def parse_backup(data: bytes | str) -> dict[str, Any]:
    """The backup file's content, or RestoreRefused with a French message saying why not."""
    if len(data) > MAX_BACKUP_BYTES:
        raise RestoreRefused.of(N_("Ce fichier est trop grand pour une sauvegarde Partner Day."))
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        backup = json.loads(text)
    except UnicodeDecodeError as exc:
        raise RestoreRefused.of(N_("Ce fichier n'est pas un texte JSON (encodage illisible).")
                                ) from exc
    except RecursionError as exc:
        raise RestoreRefused.of(N_("Ce fichier est imbriqué trop profondément pour être une "
                                   "sauvegarde Partner Day.")) from exc
    except ValueError as exc:
        raise RestoreRefused.of(N_("Ce fichier n'est pas un JSON valide ({error})."),
                                error=str(exc)) from exc
    check_shape(backup)
    return backup


def check_shape(backup: object) -> None:
    """The backup's outline: an object with the format, an event and lists of rows."""
    if not isinstance(backup, dict) or backup.get("format") != BACKUP_FORMAT:
        raise RestoreRefused.of(N_("Ce fichier n'est pas une sauvegarde Partner Day."))
    version = backup.get("version", 0)
    if not isinstance(version, int):
        raise RestoreRefused.of(N_("La version de cette sauvegarde est illisible."))
    if version > BACKUP_VERSION:
        raise RestoreRefused.of(N_("Cette sauvegarde vient d'une version plus récente de "
                                   "l'application."))
    if not isinstance(backup.get("event"), dict) or not isinstance(backup.get("tables"), dict):
        raise RestoreRefused.of(N_("Cette sauvegarde est incomplète : l'événement ou ses "
                                   "tables manquent."))
    known = {model.__tablename__ for model in EVENT_TABLES}
    for table, rows in backup["tables"].items():
        if table not in known:
            raise RestoreRefused.of(N_("Cette sauvegarde contient une table inconnue : "
                                       "« {table} »."), table=str(table)[:40])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise RestoreRefused.of(N_("La table « {table} » de cette sauvegarde n'est pas une "
                                       "liste de lignes."), table=table)


def _remap_references(table: str, data: dict[str, Any],
                      new_ids: dict[str, dict[int, int]]) -> None:
    """Ids kept inside text: a proposal's referral (a directory organisation's id) and a
    commitment's source (the tablet proposal `g<group>-c<case>-p<n>`)."""
    if table == "finding" and str(data.get("field", "")).endswith(".referral"):
        text = str(data.get("text") or "")
        data["text"] = (str(new_ids["organisation"].get(int(text), "")) if text.isdigit()
                        else text)
    if table == "participant" and not data.get("first_name"):
        split = split_full_name(str(data.get("name") or ""))  # a backup from before 0003
        data["first_name"], data["last_name"] = split.first, split.last
        data["name"] = full_name(split.first, split.last)
    if table == "commitment":
        found = _PROPOSAL_SOURCE.match(str(data.get("source") or ""))
        if found:
            group, case, number = (int(g) for g in found.groups())
            data["source"] = (f"g{new_ids['workgroup'][group]}-c{new_ids['case'][case]}"
                              f"-p{number}")


def restore_event(session: Session, backup: dict[str, Any], *, replace: bool = False,
                  make_current: bool | None = None) -> Event:
    """Restore a whole event with every reference kept (rows get new ids in this database).

    `make_current`: None keeps today's rule (current when the database had no current event,
    or when it replaces the current one). A malformed backup raises RestoreRefused; the
    caller's transaction then rolls back, so nothing is written."""
    check_shape(backup)
    try:
        return _restore(session, backup, replace, make_current)
    except RestoreRefused:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RestoreRefused.of(N_("Cette sauvegarde est incohérente ou abîmée : rien n'a été "
                                   "restauré ({error})."),
                                error=f"{type(exc).__name__} : {str(exc)[:200]}") from exc
    except IntegrityError as exc:
        raise RestoreRefused.of(N_("Cette sauvegarde reprend des liens personnels (jetons) "
                                   "déjà présents dans cette base, ou des lignes en double : "
                                   "rien n'a été restauré.")) from exc
    except (DataError, StatementError) as exc:
        raise RestoreRefused.of(N_("Cette sauvegarde contient des valeurs que la base refuse : "
                                   "rien n'a été restauré.")) from exc


def _restore(session: Session, backup: dict[str, Any], replace: bool,
             make_current: bool | None) -> Event:
    event_data = dict(backup["event"])
    existing = session.exec(select(Event).where(Event.uid == str(event_data["uid"]))).first()
    was_current = current_event(session)
    current = was_current is None if make_current is None else make_current
    if existing is not None:
        if not replace:
            raise RestoreRefused.of(
                N_("L'événement « {event} » existe déjà dans cette base : demandez "
                   "explicitement de le remplacer (--replace)."), event=existing.name)
        current = current or (make_current is None and existing.is_current)
        delete_event(session, existing.id)

    event_data.pop("id", None)
    event_data["is_current"] = False
    event = Event.model_validate(event_data)
    session.add(event)
    session.flush()

    new_ids: dict[str, dict[int, int]] = {}
    for model in EVENT_TABLES:
        table = model.__tablename__
        fks = _foreign_keys(model)
        pending = []
        for raw in backup["tables"].get(table, []):
            data = dict(raw)
            old_id = int(data.pop("id"))
            data["event_id"] = event.id
            for column, target in fks.items():
                if data.get(column) is not None:
                    data[column] = new_ids[target][int(data[column])]
            _remap_json_ids(table, data, new_ids.get("participant", {}))
            _remap_references(table, data, new_ids)
            pending.append((old_id, model.model_validate(data)))
        if len({old_id for old_id, _ in pending}) != len(pending):
            raise RestoreRefused.of(N_("La table « {table} » de cette sauvegarde a des lignes "
                                       "en double : rien n'a été restauré."), table=table)
        session.add_all([row for _, row in pending])
        session.flush()
        new_ids[table] = {old_id: row.id for old_id, row in pending}

    if current:
        set_current_event(session, event.id)
    session.flush()
    session.refresh(event)
    return event
