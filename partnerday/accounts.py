"""Who runs the day: personal accounts (organisers, the arrivals desk), signing in with a wait
that grows with failures, and sign-ins that outlive a browser tab.

- **Accounts** are made by an organiser; the first one (`organisateur`) on first start, with
  the configured password or one generated and printed once.
- **Failures** are counted in the database per account and per address (`LoginFailures`), so
  every server shares them and a restart forgets nothing. From the `FREE` failures on, the
  next attempt waits twice as long each time (up to a quarter of an hour); an attempt made
  during a short wait is held until it ends and then checked, so the right password still
  opens; during a long one it is refused unchecked. Success clears the account's count. An
  address is allowed more failures than an account: colleagues behind the venue's one address
  do not lock each other out.
- **Sign-ins** are kept as the hash of a random token that the browser holds in a cookie: a
  reload, a second tab or another server behind nginx finds the same sign-in. One ends on
  logout, on a password change, when the account is disabled, or after `IDLE` without use.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from partnerday import auth, i18n
from partnerday.i18n import N_
from partnerday.db import session_scope
from partnerday.emails import is_valid_email
from partnerday.models import ACCOUNT_ROLE_LABELS, Account, AccountRole, AppSetting, \
    LoginFailures, SignIn, as_utc, utcnow
from partnerday.refusals import Refusal
from partnerday.tokens import new_token

FIRST_LOGIN = "organisateur"
MIN_PASSWORD = 10
IDLE = timedelta(hours=4)
TOUCH_EVERY = timedelta(minutes=1)
FREE = {"account": 3, "address": 10}
WINDOW = timedelta(minutes=15)
MAX_WAIT = timedelta(minutes=15)
HOLD_AT_MOST = 20.0
"""Seconds an attempt is held (then checked) rather than refused during a wait."""
_DUMMY_HASH = auth.hash_password("pas un compte")


class AccountRefused(Refusal):
    """An account change that cannot be made, with the reason in French."""


@dataclass(frozen=True)
class AccountView:
    id: int
    login: str
    name: str
    email: str
    role: str
    disabled: bool = False
    language: str = "fr"

    @property
    def is_organiser(self) -> bool:
        return self.role == AccountRole.organiser.value and not self.disabled

    @property
    def role_label(self) -> str:
        return i18n._(ACCOUNT_ROLE_LABELS.get(self.role, self.role))


def _view(account: Account) -> AccountView:
    return AccountView(account.id, account.login, account.name, account.email, account.role,
                       account.disabled_at is not None, i18n.known(account.language))


def normalise_login(text: str) -> str:
    return " ".join(str(text or "").split()).lower()


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountRefused.of(N_("Le mot de passe doit compter au moins {count} caractères "
                                   "(une phrase courte se retient bien)."), count=MIN_PASSWORD)


# --- accounts ----------------------------------------------------------------------------------

def create_account(session: Session, login: str, name: str, email: str, role: str,
                   password: str) -> AccountView:
    login, name, email = normalise_login(login), " ".join(name.split()), email.strip()
    if not login or not name:
        raise AccountRefused.of(N_("Donnez un identifiant et un nom."))
    if role not in ACCOUNT_ROLE_LABELS:
        raise AccountRefused.of(N_("Rôle inconnu."))
    if email and not is_valid_email(email):
        raise AccountRefused.of(N_("« {address} » n'est pas une adresse e-mail."),
                                address=email[:60])
    check_new_password(password)
    if session.exec(select(Account).where(Account.login == login)).first() is not None:
        raise AccountRefused.of(N_("L'identifiant « {login} » est déjà pris."), login=login)
    account = Account(login=login[:254], name=name[:200], email=email[:254], role=role,
                      password_hash=auth.hash_password(password))
    session.add(account)
    session.flush()
    return _view(account)


def list_accounts(session: Session) -> list[AccountView]:
    return [_view(a) for a in session.exec(select(Account).order_by(Account.name))]


def change_password(session: Session, account_id: int, password: str) -> None:
    """A new password, and every sign-in of the account ended (on every server)."""
    check_new_password(password)
    account = session.get(Account, account_id)
    if account is None:
        raise AccountRefused.of(N_("Ce compte n'existe plus."))
    account.password_hash, account.password_changed_at = auth.hash_password(password), utcnow()
    session.add(account)
    _end_sign_ins(session, account_id)
    session.flush()


def set_disabled(session: Session, account_id: int, disabled: bool, by: AccountView) -> None:
    account = session.get(Account, account_id)
    if account is None:
        raise AccountRefused.of(N_("Ce compte n'existe plus."))
    if disabled and account.id == by.id:
        raise AccountRefused.of(N_("Vous ne pouvez pas désactiver votre propre compte."))
    if disabled and account.role == AccountRole.organiser.value and not any(
            a.is_organiser for a in list_accounts(session) if a.id != account.id):
        raise AccountRefused.of(N_("Il faut garder au moins un compte organisateur·rice actif."))
    account.disabled_at = utcnow() if disabled else None
    session.add(account)
    if disabled:
        _end_sign_ins(session, account_id)
    session.flush()


def _end_sign_ins(session: Session, account_id: int) -> None:
    for row in session.exec(select(SignIn).where(SignIn.account_id == account_id,
                                                 SignIn.ended_at == None)):  # noqa: E711
        row.ended_at = utcnow()
        session.add(row)


LEGACY_PASSWORD_KEY = "organiser_password_hash"


def ensure_first_account(engine: Engine, configured: str | None) -> str | None:
    """The first organiser account, made once: with the configured password, else the one
    the earlier single-password version stored, else a generated one, returned so that the
    caller prints it once. Safe when several servers start at once."""
    with Session(engine) as session:
        if session.exec(select(Account.id)).first() is not None:
            return None
        legacy = session.get(AppSetting, LEGACY_PASSWORD_KEY)
    generated = None if configured or legacy else auth.generate_password()
    password_hash = legacy.value if legacy and not configured else auth.hash_password(
        configured or generated)
    try:
        with Session(engine) as session:
            session.add(Account(login=FIRST_LOGIN, name="Organisateur·rice",
                                role=AccountRole.organiser.value, password_hash=password_hash))
            session.commit()
    except IntegrityError:  # another server made it first: theirs is the account
        return None
    return generated


def reset_password(engine: Engine, login: str, password: str) -> AccountView:
    """The command line's way back in (`python -m partnerday password`)."""
    with session_scope(engine) as session:
        account = session.exec(select(Account).where(
            Account.login == normalise_login(login))).first()
        if account is None:
            raise AccountRefused.of(N_("Aucun compte « {login} »."), login=login)
        change_password(session, account.id, password)
        return _view(account)


# --- failures and waits ------------------------------------------------------------------------

def wait_after(failures: int, free: int) -> timedelta:
    """How long the next attempt waits after `failures` recent failures."""
    if failures < free:
        return timedelta(0)
    return min(MAX_WAIT, timedelta(seconds=2 ** (failures - free + 1)))


def failure_keys(login: str, address: str) -> dict[str, int]:
    """key -> failures allowed before waits start."""
    return {f"account:{normalise_login(login)}"[:300]: FREE["account"],
            f"address:{address}"[:300]: FREE["address"]}


def wait_seconds(session: Session, keys: dict[str, int], now: datetime) -> float:
    rows = session.exec(select(LoginFailures).where(LoginFailures.key.in_(list(keys)))).all()
    return max([0.0] + [(as_utc(r.blocked_until) - now).total_seconds() for r in rows
                        if now - as_utc(r.last_failure_at) < WINDOW])


def record_failure(engine: Engine, key: str, free: int, now: datetime) -> None:
    """One more failure for `key`, counted in one transaction that holds the row."""
    for _ in range(2):
        try:
            with session_scope(engine) as session:
                row = session.exec(select(LoginFailures).where(LoginFailures.key == key)
                                   .with_for_update()).first()
                if row is None:
                    row = LoginFailures(key=key)
                elif now - as_utc(row.last_failure_at) >= WINDOW:
                    row.failures = 0
                row.failures += 1
                row.last_failure_at, row.blocked_until = now, now + wait_after(row.failures,
                                                                               free)
                session.add(row)
            return
        except IntegrityError:  # another server inserted it at the same moment: count again
            continue


@dataclass(frozen=True)
class SignInOutcome:
    account: AccountView | None
    token: str | None = None  # for the browser's cookie
    wait: float = 0.0  # seconds still to wait, when refused unchecked

    @property
    def message(self) -> str:
        if self.account is not None:
            return ""
        if self.wait:
            return i18n._("Trop d'essais manqués : réessayez dans {seconds} secondes (le bon "
                          "mot de passe ouvrira alors aussitôt).").format(
                seconds=math.ceil(self.wait))
        return i18n._("Identifiant ou mot de passe incorrect.")


def sign_in(engine: Engine, login: str, password: str, address: str,
            now: Callable[[], datetime] = utcnow,
            sleep: Callable[[float], None] = time.sleep) -> SignInOutcome:
    keys = failure_keys(login, address)
    with Session(engine) as session:
        wait = wait_seconds(session, keys, now())
    if wait > HOLD_AT_MOST:
        return SignInOutcome(None, wait=wait)
    if wait > 0:
        sleep(wait)  # held, then checked: the right password still opens
    with Session(engine) as session:
        account = session.exec(select(Account).where(
            Account.login == normalise_login(login))).first()
        valid = auth.verify_password(password, account.password_hash if account
                                     else _DUMMY_HASH)  # as long either way
        if account is None or account.disabled_at is not None or not valid:
            account = None
    if account is None:
        for key, free in keys.items():
            record_failure(engine, key, free, now())
        return SignInOutcome(None)
    token = new_token()
    with session_scope(engine) as session:
        session.add(SignIn(account_id=account.id, token_hash=_hash(token)))
        row = session.get(LoginFailures, next(iter(keys)))
        if row is not None:
            session.delete(row)
    return SignInOutcome(_view(account), token)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signed_in(engine: Engine, token: str | None, now: datetime | None = None
              ) -> AccountView | None:
    """The account a browser's token is signed in to, while the sign-in holds."""
    if not token:
        return None
    now = now or utcnow()
    with session_scope(engine) as session:
        row = session.exec(select(SignIn).where(SignIn.token_hash == _hash(token))).first()
        if row is None or row.ended_at is not None or now - as_utc(row.last_seen_at) > IDLE:
            return None
        account = session.get(Account, row.account_id)
        if account is None or account.disabled_at is not None or \
                as_utc(row.created_at) < as_utc(account.password_changed_at):
            return None
        if now - as_utc(row.last_seen_at) > TOUCH_EVERY:
            row.last_seen_at = now
            session.add(row)
        return _view(account)


def set_language(engine: Engine, account_id: int, language: str) -> None:
    """The language the account reads the organisers' pages in, from its next page on."""
    with session_scope(engine) as session:
        account = session.get(Account, account_id)
        if account is not None:
            account.language = i18n.known(language)
            session.add(account)


def sign_out(engine: Engine, token: str | None) -> None:
    if not token:
        return
    with session_scope(engine) as session:
        row = session.exec(select(SignIn).where(SignIn.token_hash == _hash(token))).first()
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
            session.add(row)
