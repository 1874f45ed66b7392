"""Personal accounts on SQLite and PostgreSQL: the first one made once, passwords of a minimum
length stored as hashes, failures counted in the database per account and per address with a
growing wait (time passed in, never waited for), sign-ins that end on logout, on a password
change, on a disabled account and after hours without use."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from partnerday import accounts, auth
from partnerday.accounts import AccountRefused, change_password, create_account, \
    ensure_first_account, set_disabled, sign_in, sign_out, signed_in, wait_after
from partnerday.db import session_scope
from partnerday.models import Account, AppSetting, LoginFailures

T0 = datetime(2027, 1, 28, 8, 0, tzinfo=timezone.utc)


class Clock:
    """Time passed in: `sleep` moves it on instead of waiting."""

    def __init__(self) -> None:
        self.now, self.slept = T0, []

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += timedelta(seconds=seconds)


def attempt(engine, clock: Clock, password: str, login: str = "organisateur",
            address: str = "10.0.0.7"):
    return sign_in(engine, login, password, address, now=clock, sleep=clock.sleep)


def test_passwords_are_stored_as_hashes_only():
    stored = auth.hash_password("secret-123")
    assert "secret-123" not in stored
    assert auth.verify_password("secret-123", stored)
    assert not auth.verify_password("secret-124", stored)
    assert not auth.verify_password("x", "garbage")


def test_the_first_account_is_made_once_with_a_generated_password(engine):
    password = ensure_first_account(engine, configured=None)
    assert password and len(password) == 19
    assert ensure_first_account(engine, configured=None) is None  # only on first start
    with session_scope(engine) as session:
        stored = session.exec(select(Account)).one()
    assert stored.login == "organisateur" and password not in stored.password_hash
    assert attempt(engine, Clock(), password).account.is_organiser


def test_a_configured_password_or_the_old_single_password_becomes_the_first_account(engine):
    with session_scope(engine) as session:  # what the single-password version stored
        session.add(AppSetting(key=accounts.LEGACY_PASSWORD_KEY,
                               value=auth.hash_password("ancien-mot-de-passe")))
    assert ensure_first_account(engine, configured=None) is None  # nothing to print
    assert attempt(engine, Clock(), "ancien-mot-de-passe").account is not None


def test_accounts_need_a_long_enough_password_and_a_free_login(engine):
    ensure_first_account(engine, "mot-de-passe-de-test")
    with session_scope(engine) as session, pytest.raises(AccountRefused, match="10 car"):
        create_account(session, "kenza@example.org", "Kenza", "", "desk", "court")
    with session_scope(engine) as session, pytest.raises(AccountRefused, match="déjà pris"):
        create_account(session, "Organisateur", "Autre", "", "organiser", "x" * 12)
    with session_scope(engine) as session:
        desk = create_account(session, " Kenza@Example.org ", "Kenza", "kenza@example.org",
                              "desk", "accueil-du-matin")
    assert desk.login == "kenza@example.org" and not desk.is_organiser
    assert attempt(engine, Clock(), "accueil-du-matin", "KENZA@example.org").account == desk


def test_failures_make_the_next_attempt_wait_longer_and_the_right_password_then_opens(engine):
    ensure_first_account(engine, "mot-de-passe-de-test")
    clock = Clock()
    for _ in range(3):
        assert attempt(engine, clock, "mauvais").account is None
    assert clock.slept == []  # three free failures
    opened = attempt(engine, clock, "mot-de-passe-de-test")
    assert opened.account is not None and clock.slept == [2.0]  # held 2 s, then checked
    assert attempt(engine, clock, "mauvais").account is None
    assert clock.slept == [2.0]  # the success cleared the account's count
    assert [wait_after(n, 3).total_seconds() for n in range(2, 8)] == [0, 2, 4, 8, 16, 32]
    assert wait_after(40, 3) == accounts.MAX_WAIT


def test_a_long_wait_refuses_unchecked_until_it_is_over(engine):
    ensure_first_account(engine, "mot-de-passe-de-test")
    clock = Clock()
    for _ in range(7):
        attempt(engine, clock, "mauvais")
    assert clock.slept == [2.0, 4.0, 8.0, 16.0]  # each held then checked
    refused = attempt(engine, clock, "mot-de-passe-de-test")
    assert refused.account is None and 31 < refused.wait <= 32
    assert "réessayez dans 32 secondes" in refused.message
    clock.now += timedelta(seconds=refused.wait)
    assert attempt(engine, clock, "mot-de-passe-de-test").account is not None


def test_an_address_is_slowed_only_after_more_failures_than_an_account(engine):
    ensure_first_account(engine, "mot-de-passe-de-test")
    with session_scope(engine) as session:
        create_account(session, "kenza@example.org", "Kenza", "", "desk", "accueil-du-matin")
    clock = Clock()
    for _ in range(3):
        attempt(engine, clock, "mauvais")  # a colleague's mistakes, same venue address
    colleague = attempt(engine, clock, "accueil-du-matin", "kenza@example.org")
    assert colleague.account is not None and clock.slept == []  # not locked out
    with session_scope(engine) as session:
        counts = {r.key: r.failures for r in session.exec(select(LoginFailures))}
    assert counts == {"account:organisateur": 3, "address:10.0.0.7": 3}


def test_a_sign_in_lasts_until_logout_a_password_change_or_hours_unused(engine):
    ensure_first_account(engine, "mot-de-passe-de-test")
    first = attempt(engine, Clock(), "mot-de-passe-de-test")
    second = attempt(engine, Clock(), "mot-de-passe-de-test")  # another browser
    assert signed_in(engine, first.token) == first.account
    assert signed_in(engine, "pas-un-jeton") is None
    sign_out(engine, first.token)
    assert signed_in(engine, first.token) is None and signed_in(engine, second.token)
    idle = datetime.now(timezone.utc) + accounts.IDLE + timedelta(minutes=1)
    assert signed_in(engine, second.token, now=idle) is None
    third = attempt(engine, Clock(), "mot-de-passe-de-test")
    with session_scope(engine) as session:
        change_password(session, third.account.id, "nouveau-mot-de-passe")
    assert signed_in(engine, third.token) is None  # ended on every server at once
    assert attempt(engine, Clock(), "mot-de-passe-de-test").account is None
    assert attempt(engine, Clock(), "nouveau-mot-de-passe").account is not None


def test_disabling_an_account_ends_its_sign_ins_but_never_the_last_organiser(engine):
    ensure_first_account(engine, "mot-de-passe-de-test")
    me = attempt(engine, Clock(), "mot-de-passe-de-test").account
    with session_scope(engine) as session:
        desk = create_account(session, "kenza@example.org", "Kenza", "", "desk",
                              "accueil-du-matin")
    theirs = attempt(engine, Clock(), "accueil-du-matin", "kenza@example.org")
    with session_scope(engine) as session:
        set_disabled(session, desk.id, True, me)
        with pytest.raises(AccountRefused, match="votre propre compte"):
            set_disabled(session, me.id, True, me)
    assert signed_in(engine, theirs.token) is None
    assert attempt(engine, Clock(), "accueil-du-matin", "kenza@example.org").account is None
    with session_scope(engine) as session:
        other = create_account(session, "nadia@example.org", "Nadia", "", "organiser",
                               "organisatrice-2027")
        set_disabled(session, other.id, True, me)
        with pytest.raises(AccountRefused, match="au moins un compte"):
            set_disabled(session, me.id, True, desk)
