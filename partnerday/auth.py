"""The organiser password: configured, or generated once and stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from threading import Lock

from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from partnerday.models import AppSetting

PASSWORD_HASH_KEY = "organiser_password_hash"
_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored_hash: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored_hash.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def generate_password() -> str:
    """Easy to read aloud and type: four groups of four lowercase letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def stored_password_hash(engine: Engine) -> str | None:
    with Session(engine) as session:
        setting = session.get(AppSetting, PASSWORD_HASH_KEY)
        return setting.value if setting else None


def store_password(engine: Engine, password: str) -> None:
    with Session(engine) as session:
        setting = session.get(AppSetting, PASSWORD_HASH_KEY) or AppSetting(key=PASSWORD_HASH_KEY,
                                                                          value="")
        setting.value = hash_password(password)
        session.add(setting)
        session.commit()


def ensure_password(engine: Engine, configured: str | None) -> str | None:
    """When no password is configured and none is stored yet, make one and return it (the
    caller prints it once); otherwise return None. Safe when several servers start at once."""
    if configured or stored_password_hash(engine):
        return None
    password = generate_password()
    try:
        with Session(engine) as session:
            session.add(AppSetting(key=PASSWORD_HASH_KEY, value=hash_password(password)))
            session.commit()
    except IntegrityError:  # another server stored one first: theirs is the password
        return None
    return password


def check_password(engine: Engine, configured: str | None, attempt: str) -> bool:
    if configured:
        return hmac.compare_digest(attempt.encode(), configured.encode())
    stored = stored_password_hash(engine)
    return bool(stored) and verify_password(attempt, stored)


@dataclass
class LoginThrottle:
    """Slows down repeated failures from one client: after `free_attempts` failures within
    `window` seconds, each further attempt must wait twice as long as the previous one."""

    free_attempts: int = 3
    window: float = 900.0
    max_delay: float = 60.0
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)

    def _recent(self, client: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(client, []) if now - t < self.window]
        self._failures[client] = times
        return times

    def wait_seconds(self, client: str, now: float | None = None) -> float:
        """How long this client must wait before its next attempt is even checked."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(client, now)
            extra = len(times) - self.free_attempts
            if extra < 0:
                return 0.0
            delay = min(self.max_delay, 2.0 ** (extra + 1))
            return max(0.0, times[-1] + delay - now)

    def record_failure(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(client, now).append(now)

    def record_success(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
