"""`python -m partnerday` as organisers type it: import, backup, restore."""

import contextlib
import io
import json
import os
import subprocess
import sys

from sqlmodel import select

from partnerday.db import session_scope
from partnerday.models import Event, Participant
from tests.conftest import PROJECT_ROOT


def run_cli(database_url, *args, env_extra: dict | None = None):
    """`python -m partnerday ARGS` with DATABASE_URL (and `env_extra`) set: its exit status
    and what it printed. Run in this process (`cli.main`, the same code from the parsing on):
    a new interpreter costs about 1.3 s of imports a command, which made these tests the
    slowest of the fast lane; `run_cli_process` keeps the real entry point tested."""
    from partnerday.cli import main

    env = {"DATABASE_URL": str(database_url), **(env_extra or {})}
    saved = {key: os.environ.get(key) for key in env}
    out, err = io.StringIO(), io.StringIO()
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exit_:  # argparse refusing the arguments
                code = exit_.code
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def run_cli_process(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "partnerday", *map(str, args)], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_import_refuses_a_file_with_bad_rows_unless_told(engine, database_url, tmp_path):
    path = tmp_path / "inscriptions.csv"
    path.write_text("nom,structure,email\nLéa Neuve,ASBL Neuve,lea@example.org\n"
                    ",ASBL Neuve,\n", encoding="cp1252")
    event = ("--event", "Partner Day 2027", "--date", "2027-01-28")
    refused = run_cli(database_url, "import", path, *event)
    assert refused.returncode == 2
    assert "ligne 3 : nom manquant" in refused.stderr and "rien n'a été importé" in refused.stderr
    with session_scope(engine) as session:
        assert not session.exec(select(Participant).where(Participant.name == "Léa Neuve")).all()
        assert not session.exec(select(Event)).all()  # the event is not created either
    accepted = run_cli(database_url, "import", path, "--good-rows", *event)
    assert accepted.returncode == 0, accepted.stderr
    assert "1 participant·e·s importé·e·s" in accepted.stdout
    with session_scope(engine) as session:
        person = session.exec(select(Participant).where(Participant.name == "Léa Neuve")).one()
        assert (person.first_name, person.last_name) == ("Léa", "Neuve")
        event = session.get(Event, person.event_id)
        assert (event.name, event.day.isoformat(), event.is_current) == (
            "Partner Day 2027", "2027-01-28", True)
    again = run_cli(database_url, "import", path, "--good-rows", "--event", "Partner Day 2027")
    assert again.returncode == 0 and "0 participant·e·s importé·e·s" in again.stdout
    with session_scope(engine) as session:
        assert len(session.exec(select(Event)).all()) == 1  # the named event is reused


def test_import_on_a_fresh_install_says_how_to_create_the_event(database_url, tmp_path):
    path = tmp_path / "inscriptions.csv"
    path.write_text("Prénom;Nom;Structure\nMarie;DUPONT;CPAS de Forest\n", encoding="utf-8")
    result = run_cli(database_url, "import", path)
    assert result.returncode == 2 and "--event" in result.stderr and "--date" in result.stderr
    assert run_cli(database_url, "demo").returncode == 0
    into_demo = run_cli(database_url, "import", path)
    assert into_demo.returncode == 2 and "démonstration" in into_demo.stderr


def test_import_flags_a_first_name_column_left_unused(database_url, tmp_path):
    path = tmp_path / "inscriptions.csv"
    path.write_text("Prénom;First name;Nom;Structure\nMarie;Mary;DUPONT;CPAS\n",
                    encoding="utf-8")
    event = ("--event", "PD")
    refused = run_cli(database_url, "import", path, *event)
    assert refused.returncode == 2 and "« First name »" in refused.stderr
    accepted = run_cli(database_url, "import", path, "--confirm-columns", *event)
    assert accepted.returncode == 0, accepted.stderr


def test_import_of_a_missing_or_empty_file_exits_2(database_url, tmp_path):
    """As a real process: `python -m partnerday`, its exit status and its message."""
    assert run_cli_process(database_url, "import", tmp_path / "absent.csv").returncode == 2
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    result = run_cli_process(database_url, "import", empty, "--event", "PD")
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
    from partnerday.demo import STAGE_NAMES
    from partnerday.models import WorkGroup
    from partnerday.rounds import event_clock

    expected = {"arrival": (72, 0, 0), "groups": (72, 6, 0), "rounds": (72, 6, 2),
                "report": (72, 6, 7)}
    for stage, (present, groups, round_) in expected.items():
        result = run_cli(database_url, "demo", "--stage", stage, "--current")
        assert result.returncode == 0, result.stderr
        with session_scope(engine) as session:
            event = session.exec(select(Event).where(Event.is_current)).one()
            assert event.name == f"Partner Day de démonstration · {STAGE_NAMES[stage]}"
            assert event.is_demo
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


def test_demo_does_not_take_a_real_events_place(engine, database_url, tmp_path):
    path = tmp_path / "inscriptions.csv"
    path.write_text("nom;structure\nLéa Neuve;ASBL Neuve\n", encoding="utf-8")
    assert run_cli(database_url, "import", path, "--event", "Partner Day 2027").returncode == 0
    for args in (("demo",), ("demo", "--stage", "groups")):
        result = run_cli(database_url, *args)
        assert result.returncode == 0, result.stderr
        assert "l'événement en cours reste le même" in result.stdout
        with session_scope(engine) as session:
            current = session.exec(select(Event).where(Event.is_current)).one()
            assert current.name == "Partner Day 2027" and not current.is_demo
    with session_scope(engine) as session:
        demos = session.exec(select(Event).where(Event.is_demo)).all()
        assert len(demos) == 2 and not any(" · groups" in e.name for e in demos)


def test_balance_answers_in_the_files_dialect(tmp_path):
    """A Dutch file with commas in Windows-1252 comes back the same, with a `groep` column."""
    source = tmp_path / "inschrijvingen.csv"
    rows = [f"Lotte{i},Peeters{i},Organisatie {i % 4},{'gebruiker' if i % 2 else 'werker'}"
            for i in range(12)]
    source.write_bytes(("Voornaam,Achternaam,Organisatie,Tijdstempel\n"
                        + "\n".join(f"{r.rsplit(',', 1)[0]},2026-11-0{i % 9 + 1} 10:00"
                                    for i, r in enumerate(rows))
                        + "\nZoë,Müller,Organisatie 1,2026-11-30 10:00\n").encode("cp1252"))
    out = tmp_path / "groepen.csv"
    result = run_cli("sqlite:///unused.db", "balance", source, "--groups", 2, "--min", 5,
                     "--out", out)
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("cp1252")  # the same encoding, no BOM added
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    header, *lines = text.splitlines()
    assert header == "Voornaam,Achternaam,Organisatie,Tijdstempel,groep"
    assert lines[-1].startswith("Zoë,Müller,Organisatie 1,2026-11-30 10:00,")
    assert len(lines) == 13 and {line.rsplit(",", 1)[1] for line in lines} == {"1", "2"}


def test_anonymise_the_events_past_their_retention_date(engine, database_url, tmp_path):
    from datetime import date, timedelta

    path = tmp_path / "inscriptions.csv"
    path.write_text("Prénom;Nom;Structure;Email\nMarie;DUPONT;CPAS;marie@example.org\n",
                    encoding="utf-8")
    old_day = (date.today() - timedelta(days=400)).isoformat()
    assert run_cli(database_url, "import", path, "--event", "PD ancien", "--date",
                   old_day).returncode == 0
    assert run_cli(database_url, "import", path, "--event", "PD récent").returncode == 0
    shared = tmp_path / "partage.json"
    assert run_cli(database_url, "backup", shared, "--anonymised").returncode == 0
    assert "DUPONT" not in shared.read_text(encoding="utf-8")
    result = run_cli(database_url, "anonymise", "--due")
    assert result.returncode == 0, result.stderr
    assert "« PD ancien » anonymisé : 1 personne(s)" in result.stdout
    assert "Base de données réécrite" in result.stdout
    with session_scope(engine) as session:
        people = {session.get(Event, p.event_id).name: p for p in session.exec(select(
            Participant))}
    assert (people["PD ancien"].name, people["PD ancien"].email) == ("", "")
    assert people["PD récent"].email == "marie@example.org"
    again = run_cli(database_url, "anonymise", "--due")
    assert again.returncode == 0 and "Aucun événement à anonymiser" in again.stdout
