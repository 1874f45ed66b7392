"""Settings from the environment or `.streamlit/secrets.toml`, without `st.secrets`.

`st.secrets` raises when no secrets file exists, and the command line must read the same
settings as the app, so both read them here. An environment variable wins over the file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'partnerday.db'}"

# setting name -> (environment variable, key in secrets.toml)
_SOURCES: dict[str, tuple[str, str]] = {
    "database_url": ("DATABASE_URL", "database_url"),
    "organiser_password": ("PARTNERDAY_ORGANISER_PASSWORD", "organiser_password"),
    "base_url": ("PARTNERDAY_BASE_URL", "base_url"),
    "smtp_host": ("SMTP_HOST", "smtp_host"),
    "smtp_port": ("SMTP_PORT", "smtp_port"),
    "smtp_user": ("SMTP_USER", "smtp_user"),
    "smtp_password": ("SMTP_PASSWORD", "smtp_password"),
    "smtp_from": ("SMTP_FROM", "smtp_from"),
    "smtp_tls": ("SMTP_TLS", "smtp_tls"),
}


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    organiser_password: str | None = None
    base_url: str = "http://localhost:8501"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str | None = None
    smtp_tls: bool = True


def secrets_files(cwd: Path | None = None) -> list[Path]:
    """Where Streamlit itself looks for secrets, most specific first."""
    cwd = cwd or Path.cwd()
    return [cwd / ".streamlit" / "secrets.toml", PROJECT_ROOT / ".streamlit" / "secrets.toml",
            Path.home() / ".streamlit" / "secrets.toml"]


def read_secrets_file(paths: list[Path] | None = None) -> dict[str, Any]:
    """Flatten the first readable secrets file (an `[smtp]` table gives `smtp_host`...)."""
    for path in paths if paths is not None else secrets_files():
        if path.is_file():
            with path.open("rb") as fh:
                raw = tomllib.load(fh)
            flat: dict[str, Any] = {}
            for key, value in raw.items():
                if isinstance(value, dict):
                    flat.update({f"{key}_{sub}".lower(): v for sub, v in value.items()})
                else:
                    flat[key.lower()] = value
            return flat
    return {}


def _as_bool(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on", "starttls", "oui"}


def load_settings(environ: Mapping[str, str] | None = None,
                  secrets: Mapping[str, Any] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    secrets = read_secrets_file() if secrets is None else secrets
    values: dict[str, Any] = {}
    for name, (env_name, secret_key) in _SOURCES.items():
        raw = environ.get(env_name)
        if raw in (None, ""):
            raw = secrets.get(secret_key)
        if raw in (None, ""):
            continue
        values[name] = raw
    if "smtp_port" in values:
        values["smtp_port"] = int(values["smtp_port"])
    if "smtp_tls" in values:
        values["smtp_tls"] = _as_bool(values["smtp_tls"])
    for key in ("database_url", "organiser_password", "base_url", "smtp_host", "smtp_user",
                "smtp_password", "smtp_from"):
        if key in values:
            values[key] = str(values[key])
    if "base_url" in values:
        values["base_url"] = values["base_url"].rstrip("/")
    return Settings(**values)
