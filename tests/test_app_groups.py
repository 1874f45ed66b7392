"""The groups screen as Streamlit runs it: settings, infeasible settings, solve, hand move,
publish, re-balance on the day; phones and the projector then show the groups."""

import re
from collections import Counter

from sqlmodel import select

from partnerday.arrival import check_in
from partnerday.balancing import quality as quality_of
from partnerday.db import get_engine, session_scope
from partnerday.groups import PRESENT, assignment_of, latest_run, members_for_balancing, \
    published_assignment
from partnerday.models import BalanceRun, Event, Participant, WorkGroup
from tests.conftest import PASSWORD, log_in, open_app, texts


def groups_page():
    at = log_in(open_app("pages/groups.py"), PASSWORD)
    assert not at.exception
    return at


def run_balance(at, groups=6, population="registered"):
    at.number_input[0].set_value(groups)
    at.radio[0].set_value(population)
    next(b for b in at.button if b.label == "Calculer la répartition").click()
    return at.run(timeout=120)


def test_infeasible_settings_are_explained(app_env):
    at = run_balance(groups_page(), groups=5)
    assert "80 participant·e·s ne tiennent pas dans 5 groupes de 15 au plus : utilisez 6 " \
           "groupes ou un maximum de 16." in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.exec(select(BalanceRun)).first() is None


def test_nobody_present_yet(app_env):
    at = run_balance(groups_page(), population="present")
    assert "Personne à répartir" in texts(at)


def test_balance_move_publish_then_phones_and_projector_show_groups(app_env):
    at = run_balance(groups_page())
    assert not at.exception
    assert "optimum prouvé" in texts(at)
    assert "Brouillon" in texts(at)
    make_up = at.dataframe[0].value
    assert sorted(make_up["taille"]) == [13, 13, 13, 13, 14, 14]
    assert list(make_up["animateur·rice"]) == [1] * 6
    quality = at.dataframe[1].value
    assert list(quality.columns) == ["cette répartition", "tirage au sort",
                                     "meilleur possible (chaque critère seul)"]
    row = "paires de collègues dans un même groupe"
    assert quality.loc[row, "cette répartition"] <= quality.loc[row, "tirage au sort"]

    engine = get_engine(app_env)
    with session_scope(engine) as session:
        amina = session.exec(select(Participant).where(Participant.name == "Amina Hermans")).one()
        run = session.exec(select(BalanceRun)).one()
    target = 1 if run.assignment[str(amina.id)] != 1 else 2
    mover = next(s for s in at.selectbox if s.label == "Déplacer à la main")
    mover.select(amina.id)
    next(n for n in at.number_input if n.label == "Vers le groupe").set_value(target)
    next(b for b in at.button if b.label == "Déplacer").click()
    at.run()
    assert "1 déplacement à la main" in texts(at)
    with session_scope(engine) as session:
        moved = assignment_of(session.exec(select(BalanceRun)).one())
        members = members_for_balancing(session, amina.event_id, "registered")
    assert moved[amina.id] == target
    recomputed = quality_of(members, moved, 6)
    shown = at.dataframe[1].value["cette répartition"]
    assert shown[row] == recomputed.colleague_pairs
    assert shown["paires de voisin·e·s du petit déjeuner réunies"] == recomputed.tablemate_pairs

    next(b for b in at.button if b.label == "Publier ces groupes").click()
    at.run()
    assert "Publiée" in texts(at)
    with session_scope(engine) as session:
        assert len(session.exec(select(WorkGroup)).all()) == 6
        group = session.get(WorkGroup, session.get(Participant, amina.id).group_id)
        event = session.exec(select(Event)).one()
    assert group.number == target

    phone = open_app(p=amina.token)
    assert "Votre groupe de travail" in "".join(str(h.proto.body) for h in phone.get("html"))
    screen = open_app("pages/projector_groups.py", s=event.screen_token)
    cards = "".join(str(h.proto.body) for h in screen.get("html"))
    assert "Groupe 1" in cards and "Amina" in cards and "Hermans" not in cards


def test_rebalance_after_no_shows_moves_the_fewest_then_phones_follow(app_env):
    at = run_balance(groups_page())
    next(b for b in at.button if b.label == "Publier ces groupes").click()
    at.run()
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        event = session.exec(select(Event)).one()
        published = published_assignment(session, event.id)
        people = session.exec(select(Participant)).all()
        organisation_sizes = Counter(p.organisation_id for p in people)
        # six no-shows in group 1, from organisations whose cap per group stays the same
        # without them (so that only group 1's size breaks a rule)
        absent, seen = [], set()
        for p in people:
            if (published[p.id] == 1 and p.role != "facilitator" and p.organisation_id not in seen
                    and organisation_sizes[p.organisation_id] % 6 != 1):
                absent.append(p.id)
                seen.add(p.organisation_id)
        absent = absent[:6]
        for p in people:
            if p.id not in absent:
                check_in(session, p.id)
    assert len(absent) == 6
    sizes = Counter(g for p, g in published.items() if p not in absent)
    fewest = max(0, 10 - sizes[1])  # the minimum size is 10
    assert fewest > 0

    at.run()
    next(b for b in at.button if b.label.startswith("Rééquilibrer")).click()
    at.run(timeout=120)
    assert not at.exception
    shown = re.search(r"(\d+) déplacements? pour rétablir les règles", texts(at))
    assert shown and int(shown.group(1)) == fewest
    with session_scope(engine) as session:
        run = latest_run(session, event.id)
        present = members_for_balancing(session, event.id, PRESENT)
    again = assignment_of(run)
    assert set(again) == {m.id for m in present}
    moved = [p for p in again if again[p] != published[p]]
    assert len(moved) == fewest and all(again[p] == 1 for p in moved)
    assert all(10 <= n <= 15 for n in Counter(again.values()).values())
    assert "Brouillon" in texts(at)

    next(b for b in at.button if b.label == "Publier ces groupes").click()
    at.run()
    with session_scope(engine) as session:
        mover = session.get(Participant, moved[0])
        assert session.get(WorkGroup, mover.group_id).number == 1
        mover.language = "fr"  # the demo has Dutch and English readers: this one reads French
        session.add(mover)
    phone = open_app(p=mover.token)
    boxes = "".join(str(h.proto.body) for h in phone.get("html"))
    assert "Votre groupe de travail" in boxes
