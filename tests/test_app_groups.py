"""The groups screen as Streamlit runs it: settings, infeasible settings, solve, hand move,
publish; phones and the projector then show the groups."""

from sqlmodel import select

from partnerday.db import get_engine, session_scope
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
    assert "1 déplacement(s) à la main" in texts(at)

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
