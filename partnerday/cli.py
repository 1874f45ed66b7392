"""`python -m partnerday ...`: the organisers' command line, on the app's own database."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Sequence

from partnerday import audit, i18n
from partnerday.formats import number, percent
from partnerday.backup import RestoreRefused
from partnerday.db import session_scope
from partnerday.demo import STAGES
from partnerday.report import SECTIONS
from partnerday.models import LANGUAGES, Event
from partnerday.services import afterwards, preparation
from partnerday.spreadsheet import csv_bytes, excel_bytes
from partnerday.startup import start
from partnerday.registration import RegistrationFileError, read_registrations
from partnerday.settings import load_settings

EXIT_USAGE = 2


class CommandError(Exception):
    """A refusal to report in one line, with exit status 2."""


def _engine(args: argparse.Namespace):
    settings = load_settings()
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    return start(settings, server=False)


def _current_event_id(engine) -> int:
    try:
        return afterwards.current_event_id(engine)
    except afterwards.NoEvent:
        raise CommandError("Aucun événement dans la base : créez-en un dans l'application."
                           ) from None


def _import_target(engine, name: str | None) -> preparation.ImportTarget:
    """The event named on the command line (made with its rows if new, then current), else
    the current one; never the demo unless it is named, and on an empty database, how to
    create one."""
    target = preparation.import_target(engine, name)
    if target is None:
        raise CommandError("Aucun événement dans la base : ajoutez --event \"Partner Day "
                           "2027\" --date 2027-01-28 pour le créer, ou créez-le dans "
                           "l'application (Événements).")
    if target.is_demo:
        raise CommandError(f"L'événement en cours est la démonstration (« {target.name} ») : "
                           "ajoutez --event \"Partner Day 2027\" --date 2027-01-28 pour "
                           "importer dans votre propre événement.")
    return target


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"date « {text} » illisible (AAAA-MM-JJ ou JJ/MM/AAAA)") from None


def cmd_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Fichier introuvable : {path}")
    if args.date and not args.event:
        raise CommandError("--date va avec --event (le nom de l'événement à créer).")
    engine = _engine(args)
    target = _import_target(engine, args.event)
    known = preparation.known_people(engine, target.event_id) if target.event_id else []
    try:
        preview = read_registrations(path.read_bytes(), path.name, known)
    except RegistrationFileError as exc:
        raise CommandError(str(exc)) from exc
    for problem in preview.problems:
        print(f"ligne {problem.line} : {problem.reason}", file=sys.stderr)
    for line, reason in sorted(preview.duplicates.items()):
        print(f"ligne {line} : {reason} (ignorée)", file=sys.stderr)
    for line in preview.ambiguous_lines:
        row = next(r for r in preview.rows if r.line == line)
        print(f"ligne {line} : « {row.name} » lu comme prénom « {row.first_name} », nom "
              f"« {row.last_name} » (ordre incertain : à vérifier)", file=sys.stderr)
    for warning in preview.column_warnings:
        print(warning, file=sys.stderr)
    if preview.column_warnings and not args.confirm_columns:
        raise CommandError("rien n'a été importé : vérifiez les colonnes, puis ajoutez "
                           "--confirm-columns.")
    if preview.problems and not args.good_rows:
        raise CommandError(f"{len(preview.problems)} ligne(s) invalide(s) : rien n'a été "
                           "importé. Corrigez le fichier, ou ajoutez --good-rows.")
    rows = preview.rows_to_import()
    if target.event_id is None:
        preparation.import_into_new_event(engine, target.name, args.date, rows)
        print(f"Événement créé et rendu courant : {target.name}"
              + (f" ({args.date:%d/%m/%Y})." if args.date else "."))
        created = len(rows)
    else:
        created = preparation.import_registrations(engine, target.event_id, rows)
    print(f"{created} participant·e·s importé·e·s.")


def cmd_backup(args: argparse.Namespace) -> None:
    engine = _engine(args)
    event_id = args.event or _current_event_id(engine)
    try:
        text = (preparation.anonymised_backup_json(engine, event_id) if args.anonymised else
                preparation.backup_json(engine, event_id))
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    preparation.note_download(engine, None, "backup_anonymised" if args.anonymised else
                              "backup", args.out, event_id)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"Sauvegarde écrite : {args.out}" + (
        " (anonymisée : sans personnes, à partager)" if args.anonymised else
        " (elle contient des données personnelles : gardez-la en lieu sûr)"))


def cmd_anonymise(args: argparse.Namespace) -> None:
    """For a scheduled job with --due: every event past its retention date."""
    engine = _engine(args)
    if args.due:
        targets = preparation.events_due(engine, date.today())
    else:
        event_id = args.event or _current_event_id(engine)
        targets = [e for e in preparation.list_events(engine) if e.id == event_id]
        if not targets:
            raise CommandError(f"Aucun événement n°{event_id}.")
    if not targets:
        print("Aucun événement à anonymiser aujourd'hui.")
    purged = True
    for event in targets:
        done = preparation.anonymise(engine, event.id, None)
        purged = done.purged
        print(f"« {event.name} » anonymisé : {done.description}")
    if purged:
        print("Base de données réécrite : rien de ce qui a été retiré n'y reste.")
    else:
        print("La base est occupée : relancez la commande plus tard pour la réécrire (ce qui a "
              "été retiré peut encore se trouver dans ses pages libérées).", file=sys.stderr)


def cmd_restore(args: argparse.Namespace) -> None:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Sauvegarde illisible : {exc}") from exc
    try:
        made = preparation.restore(_engine(args), data, args.replace,
                                   True if args.current else None, None)
    except RestoreRefused as exc:
        raise CommandError(str(exc)) from exc
    print(f"Événement restauré : {made.name} (n°{made.event_id})"
          + (", devenu l'événement en cours." if made.is_current else "."))


def cmd_demo(args: argparse.Namespace) -> None:
    made = preparation.create_demo(_engine(args), args.stage, args.current)
    print(f"Événement de démonstration créé : {made.name} (n°{made.event_id})"
          + (", devenu l'événement en cours." if made.is_current else
             " ; l'événement en cours reste le même (--current pour passer à la démo)."))


def cmd_balance(args: argparse.Namespace) -> None:
    from partnerday.balancing import InfeasibleSettings, Member, GroupSettings, balance, \
        lower_bounds
    from partnerday.organisations import organisation_key

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Fichier introuvable : {path}")
    try:
        preview = read_registrations(path.read_bytes(), path.name)
    except RegistrationFileError as exc:
        raise CommandError(str(exc)) from exc
    if preview.problems:
        lines = "; ".join(f"ligne {p.line} : {p.reason}" for p in preview.problems[:10])
        raise CommandError(f"{len(preview.problems)} ligne(s) invalide(s), rien n'a été écrit "
                           f"({lines}).")
    rows = preview.rows
    members = [Member(id=r.line, organisation=organisation_key(r.organisation), role=r.role,
                      language=r.language, table=r.breakfast_table, name=r.name) for r in rows]
    settings = GroupSettings(groups=args.groups, min_size=args.min, max_size=args.max,
                        time_limit=args.time_limit)
    try:
        solution = balance(members, settings)
    except InfeasibleSettings as exc:
        raise CommandError(str(exc)) from exc
    Path(args.out).write_bytes(balanced_file(preview, solution.assignment, args.out))
    q, best = solution.quality, lower_bounds(members, settings.groups)
    bound = "?" if solution.bound is None else number(solution.bound, 3)
    print(f"{len(rows)} participant·e·s en {settings.groups} groupes → {args.out}")
    print(f"solveur {solution.solver} : {'optimum prouvé' if solution.proven_optimal else solution.status}"
          f", objectif {number(solution.objective, 3)}, borne {bound}, écart "
          f"{percent(solution.gap or 0, 1)}, {number(solution.seconds, 2)} s")
    print(f"tailles : {min(q.sizes)} à {max(q.sizes)}")
    for label, value, floor in (
            ("max. d'une même structure par groupe", q.max_same_organisation,
             best.max_same_organisation),
            ("écart travailleur·euse·s / usager·ère·s", q.role_imbalance, best.role_imbalance),
            ("paires de collègues réunies", q.colleague_pairs, best.colleague_pairs),
            ("paires de voisin·e·s du petit déjeuner réunies", q.tablemate_pairs,
             best.tablemate_pairs),
            ("écart à une répartition égale des langues", q.language_spread,
             best.language_spread)):
        print(f"{label} : {value} (meilleur possible : {floor})")


GROUP_HEADER = {"fr": "groupe", "nl": "groep", "en": "group"}


def balanced_file(preview, assignment: dict[int, int], out: str) -> bytes:
    """The registration file as it came (its columns, headers, delimiter and encoding), one
    row per participant, with a group column named in the headers' language. An .xlsx out
    (or an Excel file in) gives an Excel file."""
    frame = preview.table.set_index("__line__")
    frame = frame.loc[[r.line for r in preview.rows]].reset_index(drop=True)
    header = GROUP_HEADER[preview.dialect.language]
    while header in frame.columns:
        header += "_"
    frame[header] = [assignment[r.line] for r in preview.rows]
    if out.lower().endswith(".xlsx") or (preview.dialect.excel
                                         and not out.lower().endswith(".csv")):
        return excel_bytes(frame, GROUP_HEADER[preview.dialect.language])
    if preview.dialect.excel:
        return csv_bytes(frame)
    return csv_bytes(frame, preview.dialect.separator, preview.dialect.encoding)


def cmd_password(args: argparse.Namespace) -> None:
    """The way back in: a new password for an account (its sign-ins end everywhere)."""
    from partnerday.accounts import AccountRefused, ensure_first_account, reset_password
    from partnerday.auth import generate_password

    engine = _engine(args)
    ensure_first_account(engine, args.password)
    password = args.password or generate_password()
    try:
        account = reset_password(engine, args.login, password)
    except AccountRefused as exc:
        raise CommandError(str(exc)) from exc
    print(f"Nouveau mot de passe du compte « {account.login} » : {password}")


def _report_files(args: argparse.Namespace, language: str = "fr"):
    engine = _engine(args)
    event_id = args.event or _current_event_id(engine)
    files, pdf = afterwards.report_with_pdf(engine, event_id, args.sections, language)
    return event_id, files.report, files.page, pdf


def cmd_report(args: argparse.Namespace) -> None:
    from partnerday.report import commitments_csv

    _, report, page, pdf = _report_files(args, args.language)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "rapport.html").write_text(page, encoding="utf-8")
    (out / "rapport.pdf").write_bytes(pdf)
    (out / "engagements.csv").write_bytes(commitments_csv(report))
    print(f"Rapport écrit dans {out} : rapport.html, rapport.pdf, engagements.csv "
          f"({len(report.commitments())} engagement(s))."
          + (" L'événement n'a encore rien à rapporter." if report.is_empty else ""))


def cmd_send_report(args: argparse.Namespace) -> None:
    from partnerday.mailing import MailInterrupted, MailRefused, report_attachments, send_test

    event_id, report, page, pdf = _report_files(args, args.language)
    settings = load_settings()
    try:
        if args.test:
            send_test(settings, args.test, report.event_name,
                      report_attachments(page, pdf, args.language), language=args.language)
            print(f"Message de test envoyé à {args.test}.")
            return
        summary = afterwards.send_report(_engine(args), event_id, settings, report, None,
                                         lambda done, total, email: print(f"{done}/{total} "
                                                                          f"{email}"))
    except (MailRefused, MailInterrupted) as exc:
        raise CommandError(str(exc)) from exc
    for email in summary.invalid:
        print(f"adresse mal formée, ignorée : {email}", file=sys.stderr)
    for email in summary.failed:
        print(f"refusée par le serveur : {email}", file=sys.stderr)
    print(f"Rapport envoyé à {summary.sent} personne(s).")


def cmd_remind(args: argparse.Namespace) -> None:
    """For a scheduler (cron, a systemd timer): the reminders and digests due today, for
    every event followed (or the one given, the demo included); nothing is sent twice."""
    from partnerday.mailing import MailInterrupted, MailRefused
    from partnerday.reminders import events_to_follow, send_follow_up

    engine = _engine(args)
    today = args.today or date.today()
    with session_scope(engine) as session:
        if args.event:
            event = session.get(Event, args.event)
            if event is None:
                raise CommandError(f"Aucun événement n°{args.event}.")
            targets = [(event.id, event.name)]
        else:
            targets = [(e.id, e.name) for e in events_to_follow(session)]
    settings = load_settings()
    for event_id, name in targets:
        try:
            summary = send_follow_up(engine, event_id, settings, today)
        except (MailRefused, MailInterrupted) as exc:
            raise CommandError(f"« {name} » : {exc}") from exc
        if summary.reminders or summary.digests:
            with session_scope(engine) as session:
                audit.record(session, None, "send_follow_up", f"{summary.reminders} rappel(s), "
                             f"{summary.digests} point(s) d'étape", event_id)
        print(f"« {name} » : {summary.reminders} rappel(s), {summary.digests} point(s) "
              f"d'étape envoyé(s)"
              + (f", {summary.without_holder} engagement(s) sans adresse où rappeler"
                 if summary.without_holder else "") + ".")
        for email in summary.failed:
            print(f"refusée par le serveur : {email}", file=sys.stderr)


def cmd_translations(args: argparse.Namespace) -> None:
    for language, missing in i18n.update_catalogues().items():
        print(f"{language} : {i18n.catalogue_path(language)}, {missing} texte(s) à traduire")


def cmd_new_migration(args: argparse.Namespace) -> None:
    """For developers: a migration file with what changed in the models since the last one."""
    import tempfile

    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from partnerday.db import migration_config

    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/scratch.db")
        with engine.begin() as connection:
            config = migration_config(connection)
            command.upgrade(config, "head")
            head = ScriptDirectory.from_config(config).get_current_head()
            script = command.revision(config, args.message, autogenerate=True,
                                      rev_id=f"{int(head) + 1:04d}")
        engine.dispose()
    print(f"Migration écrite : {script.path} : relisez-la avant de la committer.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m partnerday",
                                     description="Partner Day board, en ligne de commande.")
    parser.add_argument("--database-url", help="sinon DATABASE_URL, sinon data/partnerday.db")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("import", help="importer un fichier d'inscriptions (CSV ou Excel)")
    p.add_argument("file")
    p.add_argument("--good-rows", action="store_true",
                   help="importer les lignes valides même si d'autres sont invalides")
    p.add_argument("--event", metavar="NOM",
                   help="l'événement où importer (créé et rendu courant s'il n'existe pas) ; "
                        "par défaut : l'événement en cours")
    p.add_argument("--date", type=_day, help="la date de l'événement créé (AAAA-MM-JJ)")
    p.add_argument("--confirm-columns", action="store_true",
                   help="importer même si une colonne qui ressemble à un prénom n'est pas "
                        "utilisée")
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("backup", help="sauvegarder un événement entier en JSON")
    p.add_argument("out")
    p.add_argument("--event", type=int, help="numéro de l'événement (par défaut : le courant)")
    p.add_argument("--anonymised", action="store_true",
                   help="sans personnes ni noms, pour la partager (p. ex. avec l'équipe de "
                        "l'an prochain)")
    p.set_defaults(func=cmd_backup)

    p = commands.add_parser("anonymise", help="retirer les données personnelles d'un événement "
                                              "(garde ses chiffres et le travail des groupes)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--event", type=int, help="numéro de l'événement (par défaut : le "
                                                 "courant)")
    which.add_argument("--due", action="store_true",
                       help="tous les événements dont la durée de conservation est passée "
                            "(pour une tâche planifiée)")
    p.set_defaults(func=cmd_anonymise)

    p = commands.add_parser("restore", help="restaurer une sauvegarde JSON")
    p.add_argument("file")
    p.add_argument("--replace", action="store_true",
                   help="remplacer l'événement s'il existe déjà")
    p.add_argument("--current", action="store_true",
                   help="en faire l'événement en cours")
    p.set_defaults(func=cmd_restore)

    p = commands.add_parser("demo", help="créer l'événement de démonstration")
    p.add_argument("--stage", choices=list(STAGES),
                   help="la démo telle qu'elle est à ce moment de la journée : "
                        + " ; ".join(STAGES.values()))
    p.add_argument("--current", action="store_true",
                   help="en faire l'événement en cours (les badges de l'événement en cours "
                        "ne marchent plus tant que la démo l'est)")
    p.set_defaults(func=cmd_demo)

    p = commands.add_parser("balance", help="répartir un fichier de participant·e·s en groupes")
    p.add_argument("file", help="fichier d'inscriptions (CSV ou Excel)")
    p.add_argument("--groups", type=int, required=True)
    p.add_argument("--min", type=int, default=10)
    p.add_argument("--max", type=int, default=15)
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--out", required=True,
                   help="le fichier écrit : celui d'entrée (même séparateur, encodage et "
                        "en-têtes) avec une colonne groupe ; .xlsx pour Excel")
    p.set_defaults(func=cmd_balance)

    sections = argparse.ArgumentParser(add_help=False)
    sections.add_argument("--event", type=int, help="numéro de l'événement (par défaut : le "
                                                    "courant)")
    sections.add_argument("--sections", nargs="+", choices=list(SECTIONS),
                          help="parties du rapport (par défaut : toutes)")
    sections.add_argument("--language", choices=list(LANGUAGES), default="fr",
                          help="langue du rapport écrit, ou du message de test (l'envoi donne "
                               "à chacun·e le rapport dans sa langue)")
    p = commands.add_parser("report", parents=[sections],
                            help="écrire le rapport (HTML, PDF) et les engagements (CSV)")
    p.add_argument("--out", required=True, help="dossier où écrire les fichiers")
    p.set_defaults(func=cmd_report)

    p = commands.add_parser("send-report", parents=[sections],
                            help="envoyer le rapport par email (réglages SMTP_*) ; reprend "
                                 "là où un envoi interrompu s'est arrêté")
    p.add_argument("--test", metavar="ADRESSE", help="n'envoyer qu'un message de test à cette "
                                                     "adresse")
    p.set_defaults(func=cmd_send_report)

    p = commands.add_parser("remind", help="envoyer les rappels d'engagements et les points "
                                           "d'étape dus aujourd'hui (à lancer aussi souvent "
                                           "qu'on veut : rien n'est envoyé deux fois)")
    p.add_argument("--event", type=int, help="un seul événement (par défaut : tous, sauf la "
                                             "démonstration et les anonymisés)")
    p.add_argument("--today", type=_day, help="(essais) la date du jour à prendre")
    p.set_defaults(func=cmd_remind)

    p = commands.add_parser("new-migration", help="(développeurs) écrire la migration des "
                                                  "changements faits aux modèles")
    p.add_argument("message")
    p.set_defaults(func=cmd_new_migration)

    p = commands.add_parser("translations", help="(développeurs) mettre les catalogues de "
                                                 "traduction à jour des textes du code")
    p.set_defaults(func=cmd_translations)

    p = commands.add_parser("password", help="changer le mot de passe d'un compte")
    p.add_argument("--login", default="organisateur", help="l'identifiant du compte (par "
                                                          "défaut : organisateur)")
    p.add_argument("--password", help="sinon, un mot de passe est généré")
    p.set_defaults(func=cmd_password)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except CommandError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0
