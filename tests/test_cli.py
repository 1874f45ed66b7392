"""`python -m partnerday` as organisers type it: import, backup, restore."""

import json
import os
import subprocess
import sys

from sqlmodel import select

from partnerday.db import session_scope
from partnerday.models import Participant
from tests.conftest import PROJECT_ROOT


def run_cli(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "partnerday", *map(str, args)], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_import_refuses_a_file_with_bad_rows_unless_told(engine, database_url, tmp_path):
    assert run_cli(database_url, "demo").returncode == 0
    path = tmp_path / "inscriptions.csv"
    path.write_text("nom,structure,email\nLéa Neuve,ASBL Neuve,lea@example.org\n"
                    ",ASBL Neuve,\n", encoding="cp1252")
    refused = run_cli(database_url, "import", path)
    assert refused.returncode == 2
    assert "ligne 3 : nom manquant" in refused.stderr and "rien n'a été importé" in refused.stderr
    with session_scope(engine) as session:
        assert not session.exec(select(Participant).where(Participant.name == "Léa Neuve")).all()
    accepted = run_cli(database_url, "import", path, "--good-rows")
    assert accepted.returncode == 0, accepted.stderr
    assert "1 participant·e·s importé·e·s" in accepted.stdout
    with session_scope(engine) as session:
        assert session.exec(select(Participant).where(Participant.name == "Léa Neuve")).one()


def test_import_of_a_missing_or_empty_file_exits_2(database_url, tmp_path):
    run_cli(database_url, "demo")
    assert run_cli(database_url, "import", tmp_path / "absent.csv").returncode == 2
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    result = run_cli(database_url, "import", empty)
    assert result.returncode == 2 and "vide" in result.stderr


def test_backup_then_restore_keeps_tokens(engine, database_url, tmp_path):
    assert run_cli(database_url, "demo").returncode == 0
    out = tmp_path / "backup.json"
    assert run_cli(database_url, "backup", out).returncode == 0
    backup = json.loads(out.read_text(encoding="utf-8"))
    tokens = {p["token"] for p in backup["tables"]["participant"]}
    assert len(tokens) == 80

    refused = run_cli(database_url, "restore", out)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    replaced = run_cli(database_url, "restore", out, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    with session_scope(engine) as session:
        assert set(session.exec(select(Participant.token))) == tokens
