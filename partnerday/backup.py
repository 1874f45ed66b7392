"""Backup and restore of a whole event as JSON, tokens included, so that printed QR codes
keep working after a restore."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, SQLModel, select

from partnerday.events import current_event, delete_event, set_current_event
from partnerday.models import EVENT_TABLES, Event

BACKUP_FORMAT = "partnerday-backup"
BACKUP_VERSION = 1


class RestoreRefused(RuntimeError):
    """The backup cannot be restored as asked (e.g. the event exists and replace was not set)."""


def _dump(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(mode="json")


def backup_event(session: Session, event_id: int) -> dict[str, Any]:
    event = session.get(Event, event_id)
    if event is None:
        raise ValueError(f"Aucun événement n°{event_id}.")
    tables = {}
    for model in EVENT_TABLES:
        rows = session.exec(select(model).where(model.event_id == event_id).order_by(model.id))
        tables[model.__tablename__] = [_dump(row) for row in rows]
    return {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "event": _dump(event),
            "tables": tables}


def backup_to_json(session: Session, event_id: int) -> str:
    return json.dumps(backup_event(session, event_id), ensure_ascii=False, indent=1)


def _foreign_keys(model: type[SQLModel]) -> dict[str, str]:
    """column -> referenced table, for the columns that point at another event table."""
    return {fk.parent.name: fk.column.table.name for fk in model.__table__.foreign_keys
            if fk.parent.name != "event_id"}


# Participant ids kept inside JSON columns: (table, column) -> how they are stored.
_JSON_PARTICIPANT_IDS = {("grouprule", "participant_ids"): "list",
                         ("balancerun", "assignment"): "keys"}


def _remap_json_ids(table: str, data: dict[str, Any], participants: dict[int, int]) -> None:
    for (owner, column), shape in _JSON_PARTICIPANT_IDS.items():
        if owner != table or data.get(column) is None:
            continue
        if shape == "list":
            data[column] = [participants[int(p)] for p in data[column] if int(p) in participants]
        else:
            data[column] = {str(participants[int(p)]): v for p, v in data[column].items()
                            if int(p) in participants}


def restore_event(session: Session, backup: dict[str, Any], *, replace: bool = False) -> Event:
    if backup.get("format") != BACKUP_FORMAT:
        raise RestoreRefused("Ce fichier n'est pas une sauvegarde Partner Day.")
    if backup.get("version", 0) > BACKUP_VERSION:
        raise RestoreRefused("Cette sauvegarde vient d'une version plus récente de l'application.")
    event_data = dict(backup["event"])
    existing = session.exec(select(Event).where(Event.uid == event_data["uid"])).first()
    was_current = current_event(session)
    make_current = was_current is None
    if existing is not None:
        if not replace:
            raise RestoreRefused(
                f"L'événement « {existing.name} » existe déjà dans cette base : "
                "demandez explicitement de le remplacer (--replace).")
        make_current = make_current or existing.is_current
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
            old_id = data.pop("id")
            data["event_id"] = event.id
            for column, target in fks.items():
                if data.get(column) is not None:
                    data[column] = new_ids[target][data[column]]
            _remap_json_ids(table, data, new_ids.get("participant", {}))
            pending.append((old_id, model.model_validate(data)))
        session.add_all([row for _, row in pending])
        session.flush()
        new_ids[table] = {old_id: row.id for old_id, row in pending}

    if make_current:
        set_current_event(session, event.id)
    session.flush()
    session.refresh(event)
    return event
