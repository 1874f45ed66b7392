"""The organiser password and the settings sources."""

from partnerday import auth
from partnerday.settings import load_settings, read_secrets_file


def test_password_hash_round_trip():
    stored = auth.hash_password("secret-123")
    assert "secret-123" not in stored
    assert auth.verify_password("secret-123", stored)
    assert not auth.verify_password("secret-124", stored)
    assert not auth.verify_password("x", "garbage")


def test_generated_password_stored_only_as_hash(sqlite_engine):
    password = auth.ensure_password(sqlite_engine, configured=None)
    assert password and len(password) >= 16
    stored = auth.stored_password_hash(sqlite_engine)
    assert stored and password not in stored
    assert auth.ensure_password(sqlite_engine, configured=None) is None  # only on first start
    assert auth.check_password(sqlite_engine, None, password)
    assert not auth.check_password(sqlite_engine, None, password + "x")


def test_configured_password_wins_and_nothing_is_generated(sqlite_engine):
    assert auth.ensure_password(sqlite_engine, configured="from-env") is None
    assert auth.stored_password_hash(sqlite_engine) is None
    assert auth.check_password(sqlite_engine, "from-env", "from-env")
    assert not auth.check_password(sqlite_engine, "from-env", "")


def test_repeated_failures_are_slowed_down():
    throttle = auth.LoginThrottle(free_attempts=3)
    for second in range(3):
        assert throttle.wait_seconds("phone", now=100 + second) == 0
        throttle.record_failure("phone", now=100 + second)
    assert throttle.wait_seconds("phone", now=102.5) == 1.5  # 2 s after the third failure
    throttle.record_failure("phone", now=104)
    assert throttle.wait_seconds("phone", now=104) == 4  # doubles with each failure
    assert throttle.wait_seconds("laptop", now=104) == 0  # other clients are not slowed
    throttle.record_success("phone")
    assert throttle.wait_seconds("phone", now=105) == 0
    assert throttle.wait_seconds("old", now=100_000) == 0


def test_environment_wins_over_secrets_file(tmp_path):
    secrets_path = tmp_path / "secrets.toml"
    secrets_path.write_text('organiser_password = "file"\nbase_url = "http://10.0.0.2:8501/"\n'
                            '[smtp]\nhost = "mail.example.org"\nport = 2525\ntls = false\n')
    secrets = read_secrets_file([secrets_path])
    settings = load_settings(environ={"PARTNERDAY_ORGANISER_PASSWORD": "env"}, secrets=secrets)
    assert settings.organiser_password == "env"
    assert settings.base_url == "http://10.0.0.2:8501"
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_tls) == \
        ("mail.example.org", 2525, False)
    assert load_settings(environ={}, secrets={}).database_url.startswith("sqlite:///")
    assert load_settings(environ={}, secrets={}).organiser_password is None
