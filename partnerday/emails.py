"""Email addresses: whether one can be written to (the report, reminders, contacts)."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def is_valid_email(address: str) -> bool:
    return bool(_EMAIL.fullmatch(address.strip()))
