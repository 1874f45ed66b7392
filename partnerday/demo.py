"""The demo event a newcomer finds on first start: built from the files in `data/` through
the same import as a real registration file."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from partnerday import content
from partnerday.arrival import check_in
from partnerday.balancing import GroupSettings, balance
from partnerday.i18n import N_
from partnerday.cases import cases_met_by_group, list_cases, merge_pairs, round_count
from partnerday.directory import entries, suggest
from partnerday.events import create_event
from partnerday.commitments import save_sheet_field
from partnerday.findings import DIAGNOSIS, PROFILE, add_proposal, proposal_field
from partnerday.groups import PRESENT, members_for_balancing, publish, save_run
from partnerday.models import AppSetting, Case, Event, Participant, Poll, WorkGroup
from partnerday.organisations import list_organisations
from partnerday.rounds import get_clock
from partnerday.registration import import_registrations, read_registrations
from partnerday.settings import DATA_DIR
from partnerday.themes import vocabulary_from

DEMO_PARTICIPANTS = DATA_DIR / "demo_participants.csv"
DEMO_EVENT = DATA_DIR / "demo_event.json"


def create_demo_event(session: Session, participants_file: Path = DEMO_PARTICIPANTS,
                      event_file: Path = DEMO_EVENT, *, make_current: bool = False) -> Event:
    """The demo event, marked as a demo. It becomes the current event only when asked, or
    when the database has no other event: a real event's badges work only while it is
    current."""
    spec = json.loads(event_file.read_text(encoding="utf-8"))
    info = dict(spec["event"])
    info["day"] = date.fromisoformat(info["day"]) if info.get("day") else None
    alone = session.exec(select(Event.id)).first() is None
    event = create_event(session, info.pop("name"), checkin_open=True, is_demo=True,
                         make_current=make_current or alone, **info)
    preview = read_registrations(participants_file.read_bytes(), participants_file.name)
    if not preview.is_clean:
        raise ValueError(f"Fichier de démo invalide : {preview.problems[:3]}")
    import_registrations(session, event.id, preview.rows_to_import())
    for position, case in enumerate(spec.get("cases", [])):
        translated = content.checked("case", case.pop("translations", {}))
        session.add(Case(event_id=event.id, position=position, translations=translated,
                         **case))
    for position, poll in enumerate(spec.get("polls", [])):
        translated = content.checked("poll", poll.pop("translations", {}), poll.get("options"))
        session.add(Poll(event_id=event.id, position=position, translations=translated,
                         **poll))
    by_name = {o.name: o for o in list_organisations(session, event.id)}
    for name, entry in spec.get("directory", {}).items():
        if name in by_name:
            organisation = by_name[name]
            organisation.services, organisation.themes = entry["services"], entry["themes"]
            organisation.contact_name = entry.get("contact_name", "")
            organisation.contact_email = entry.get("contact_email", "")
            organisation.translations = content.checked("organisation",
                                                        entry.get("translations", {}))
            session.add(organisation)
    event.theme_translations = vocabulary_from(spec.get("themes", {}).items()) or None
    session.add(event)
    session.flush()
    return event


STAGE_NAMES: dict[str, str] = {"arrival": "accueil", "groups": "groupes",
                               "rounds": "études de cas", "report": "bilan"}
"""What the demo event's name says of its stage, on phones and badges."""
STAGES: dict[str, str] = {
    "arrival": N_("accueil : les participant·e·s sont arrivé·e·s et attablé·e·s"),
    "groups": N_("groupes : les groupes de travail sont publiés"),
    "rounds": N_("études de cas : le 2e tour est en cours, le 1er est rempli"),
    "report": N_("bilan : tous les tours sont remplis, les groupes fusionnés"),
}
ABSENT = 8


def create_demo_at_stage(session: Session, stage: str, now: datetime | None = None, *,
                         make_current: bool = False) -> Event:
    """A new demo event as it stands at a point of the day (see STAGES), made current only
    when asked (or when it is the only event)."""
    if stage not in STAGES:
        raise ValueError(f"Étape inconnue : {stage} (possibles : {', '.join(STAGES)}).")
    event = create_demo_event(session, make_current=make_current)
    event.name = f"Partner Day de démonstration · {STAGE_NAMES[stage]}"
    session.add(event)
    reached = list(STAGES)[:list(STAGES).index(stage) + 1]
    rng = random.Random(2027)
    _arrive(session, event, rng)
    if "groups" in reached:
        _publish_groups(session, event)
    if "rounds" in reached:
        _play_rounds(session, event, rng, finished="report" in reached,
                     now=now or datetime.now(timezone.utc))
    if "report" in reached:
        event.merge_pairs = [list(p) for p in merge_pairs(event, len(list_cases(session,
                                                                                event.id)))]
        session.add(event)
    session.flush()
    return event


def _arrive(session: Session, event: Event, rng: random.Random) -> None:
    ids = list(session.exec(select(Participant.id).where(Participant.event_id == event.id)
                            .order_by(Participant.id)))
    absent = set(rng.sample(ids, ABSENT))
    for pid in ids:
        if pid not in absent:
            check_in(session, pid, rng)


def _publish_groups(session: Session, event: Event) -> None:
    members = members_for_balancing(session, event.id)
    settings = GroupSettings(groups=event.group_count, min_size=event.group_min,
                        max_size=event.group_max, time_limit=20)
    solution = balance(members, settings)
    publish(session, event.id, save_run(session, event.id, settings, solution, PRESENT).id)


def _play_rounds(session: Session, event: Event, rng: random.Random, finished: bool,
                 now: datetime) -> None:
    cases = list_cases(session, event.id)
    rounds = round_count(event, len(cases))
    directory = entries(session, event.id)
    groups = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id)
                          .order_by(WorkGroup.number)).all()
    filled = rounds if finished else 1
    for group in groups:
        members = list(session.exec(
            select(Participant.first_name).where(Participant.group_id == group.id)))
        for _, case in cases_met_by_group(event, cases, group.number, filled):
            _fill_sheet(session, group, case, directory, members, rng, event)
    clock = get_clock(session, event.id)
    if finished:
        clock.round, clock.started_at = rounds + 1, None
    else:
        clock.round, clock.started_at, clock.elapsed_s = 2, now - timedelta(minutes=6), 0.0
    session.add(clock)


def _fill_sheet(session: Session, group: WorkGroup, case: Case, directory, members: list[str],
                rng: random.Random, event: Event) -> None:
    def write(field: str, text: str) -> None:
        save_sheet_field(session, group.id, case.id, field, text, 0)

    themes = ", ".join(case.themes) or "sa situation"
    write(PROFILE, f"{case.title}. {case.brief}")
    write(DIAGNOSIS, f"Le groupe {group.number} retient comme priorités : {themes}. "
                     "Plusieurs démarches sont en cours sans coordination entre services.")
    for number, (entry, shared) in enumerate(suggest(directory, case.themes)[:2], start=1):
        add_proposal(session, group.id, case.id)
        write(proposal_field(number, "text"),
              f"Orienter vers {entry.name} pour {', '.join(shared)}.")
        write(proposal_field(number, "referral"), str(entry.id))
        if members:
            write(proposal_field(number, "who"), rng.choice(members))
            write(proposal_field(number, "what"), f"Prendre contact avec {entry.name} et "
                                                  "organiser un premier rendez-vous.")
            due = (event.day or date.today()) + timedelta(days=30)
            write(proposal_field(number, "due"), due.isoformat())


DEMO_SEEDED_KEY = "demo_seeded"


def ensure_demo_event(engine: Engine) -> Event | None:
    """Create the demo event when the database holds no event at all. The setting row makes
    it happen once even when several servers start on one database at the same moment."""
    with Session(engine, expire_on_commit=False) as session:
        if session.exec(select(Event.id)).first() is not None:
            return None
        try:
            session.add(AppSetting(key=DEMO_SEEDED_KEY, value=date.today().isoformat()))
            session.flush()
        except IntegrityError:
            return None
        event = create_demo_event(session, make_current=True)
        session.commit()
        return event
