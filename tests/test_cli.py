"""`python -m partnerday` as organisers type it: import, backup, restore."""

import json
import os
import subprocess
import sys

from sqlmodel import select

from partnerday.db import session_scope
from partnerday.models import Participant
from tests.conftest import PROJECT_ROOT


def run_cli(database_url, *args, env_extra: dict | None = None):
    env = {**os.environ, "DATABASE_URL": database_url, **(env_extra or {})}
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


def test_balance_writes_groups_and_prints_the_figures(tmp_path):
    out = tmp_path / "groupes.csv"
    result = run_cli("sqlite:///unused.db", "balance", PROJECT_ROOT / "data" /
                     "demo_participants.csv", "--groups", 6, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "optimum prouvé" in result.stdout
    assert "max. d'une même structure par groupe : 1 (meilleur possible : 1)" in result.stdout
    import pandas as pd
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert len(frame) == 80 and sorted(frame["groupe"].unique()) == [1, 2, 3, 4, 5, 6]
    assert frame.groupby("groupe").size().between(13, 14).all()
    assert (frame[frame["rôle"] == "animateur"].groupby("groupe").size() == 1).all()
    assert frame.groupby(["groupe", "structure"]).size().max() == 1


def test_balance_infeasible_or_bad_file_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "groupes.csv"
    demo = PROJECT_ROOT / "data" / "demo_participants.csv"
    result = run_cli("sqlite:///unused.db", "balance", demo, "--groups", 5, "--out", out)
    assert result.returncode == 2
    assert "80 participant·e·s ne tiennent pas dans 5 groupes de 15 au plus : utilisez 6 " \
           "groupes ou un maximum de 16." in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("nom;structure\nA;X\n;Y\n", encoding="utf-8")
    result = run_cli("sqlite:///unused.db", "balance", bad, "--groups", 1, "--min", 1,
                     "--out", out)
    assert result.returncode == 2 and "ligne 3 : nom manquant" in result.stderr
    assert not out.exists()


def test_demo_at_each_stage_of_the_day(engine, database_url):
    from partnerday.cases import cases_met_by_group, list_cases
    from partnerday.findings import DIAGNOSIS, proposals, sheet
    from partnerday.models import Event, WorkGroup
    from partnerday.rounds import event_clock

    expected = {"arrival": (72, 0, 0), "groups": (72, 6, 0), "rounds": (72, 6, 2),
                "report": (72, 6, 7)}
    for stage, (present, groups, round_) in expected.items():
        result = run_cli(database_url, "demo", "--stage", stage)
        assert result.returncode == 0, result.stderr
        with session_scope(engine) as session:
            event = session.exec(select(Event).where(Event.is_current)).one()
            assert event.name.endswith(stage)
            people = session.exec(select(Participant).where(Participant.event_id == event.id)
                                  ).all()
            assert sum(p.checked_in_at is not None for p in people) == present
            assert sum(p.group_id is not None for p in people) == (present if groups else 0)
            tablets = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)
                                   ).all()
            assert len(tablets) == groups
            view = event_clock(session, event)
            assert view.round == round_ and view.running == (stage == "rounds")
            cases = list_cases(session, event.id)
            for group in tablets:
                filled = {r for r, case in cases_met_by_group(event, cases, group.number, 6)
                          if sheet(session, group.id, case.id).get(DIAGNOSIS)}
                met = {r for r, _ in cases_met_by_group(event, cases, group.number,
                                                        6 if stage == "report" else 1)}
                assert filled == (met if stage in ("rounds", "report") else set())
                for _, case in cases_met_by_group(event, cases, group.number, 6):
                    assert all(p.text.text and p.referral.text and p.due.text
                               for p in proposals(sheet(session, group.id, case.id)))
            assert bool(event.merge_pairs) == (stage == "report")
    assert run_cli(database_url, "demo", "--stage", "lunch").returncode == 2
