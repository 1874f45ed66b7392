"""Unguessable tokens for personal and group links."""

from __future__ import annotations

import re
import secrets

TOKEN_BYTES = 16  # 128 bits: 22 URL-safe characters
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_well_formed(token: object) -> bool:
    """Checked before any database look-up, so garbage never reaches a query."""
    return isinstance(token, str) and bool(_TOKEN_RE.match(token))
