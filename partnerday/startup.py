"""What a process does once when it starts, in one place for the app and the command line:
the database brought to the latest migration (`db.get_engine`, under its lock, and its one
engine per URL), the first organiser account (its password printed once), the demo event on an empty
database, and for a server, the collector freeze."""

from __future__ import annotations

import gc

from sqlalchemy.engine import Engine

from partnerday.accounts import FIRST_LOGIN, ensure_first_account
from partnerday.db import get_engine
from partnerday.demo import ensure_demo_event
from partnerday.settings import Settings

PASSWORD_BANNER = ("\n" + "=" * 64 + "\n  Partner Day : premier compte organisateur (noté "
                   "nulle part ailleurs) :\n\n      identifiant : {login}\n      mot de passe : "
                   "{password}\n\n  Pour le changer : python -m partnerday password\n"
                   + "=" * 64 + "\n")


def start(settings: Settings, *, server: bool) -> Engine:
    """The engine of the configured database, ready. A server (`streamlit run`) also makes
    the first password and the demo event; the command line leaves both to its commands
    (`password`, `demo`), so that `import` on a fresh install finds no event of its own."""
    engine = get_engine(settings.database_url)
    if not server:
        return engine
    generated = ensure_first_account(engine, settings.organiser_password)
    if generated:
        print(PASSWORD_BANNER.format(login=FIRST_LOGIN, password=generated), flush=True)
    ensure_demo_event(engine)
    # What the server loaded to start (pandas, plotly, SQLAlchemy, the pages: some 300,000
    # objects) lives as long as it does: out of the collector's sight, a full collection
    # walks only what was made since (0.15 s otherwise, in the middle of a room's burst).
    gc.freeze()
    return engine
