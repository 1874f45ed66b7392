"""The settings sources (passwords and accounts: test_accounts.py)."""

from partnerday.settings import load_settings, read_secrets_file


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
