"""Small things seen on a walk through the day, as Streamlit runs them: the phone says which
case the group is on this round and thanks an answer under its question; the tablet's
situation stays open while people type, and « Quoi ? » has room for a sentence."""

from sqlmodel import select

from partnerday.cases import case_of_group, list_cases
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.findings import PROFILE, save_field
from partnerday.models import Event, Participant, WorkGroup
from partnerday.polls import create_poll, list_polls, set_open
from partnerday.rounds import event_clock
from tests.conftest import open_app, texts


def test_the_phone_says_which_case_the_group_is_on_this_round(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "rounds", make_current=True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))).first()
        number = session.get(WorkGroup, person.group_id).number
        stored = session.get(Event, event.id)
        case = case_of_group(stored, list_cases(session, event.id),
                             event_clock(session, stored).round, number)
    at = open_app(p=person.token)
    shown = " ".join(texts(at).split())
    assert f"Ce tour-ci, votre groupe travaille sur le cas {case.title}" in shown


def test_the_phone_says_when_the_pooling_starts_and_with_whom(app_env):
    from partnerday.merge import set_of_group

    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "report", make_current=True)  # rounds over
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.group_id.is_not(None))).first()
        number = session.get(WorkGroup, person.group_id).number
        stored = session.get(Event, event.id)
        pair = set_of_group(stored, len(list_cases(session, event.id)), number)
    shown = " ".join(texts(open_app(p=person.token)).split())
    assert len(pair) == 2 and number in pair
    assert f"C'est la mise en commun : Groupes {pair[0]} + {pair[1]} ensemble" in shown
    assert "Ce tour-ci" not in shown


def test_the_thanks_for_an_answer_sits_under_its_question(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "arrival", make_current=True)
        create_poll(session, event.id, "single", "Quel atelier cet après-midi ?",
                    ["Logement", "Emploi"])
        polls = list_polls(session, event.id)
        for poll in polls[:2]:
            set_open(session, poll.id, True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).first()
    at = open_app(p=person.token)
    at.radio[0].set_value("Emploi")
    at = [b for b in at.button if b.label == "Envoyer"][1].click().run()
    shown = [type(e).__name__ + ":" + str(getattr(e, "value", "") or "")
             for e in at.main if type(e).__name__ in ("Success", "Markdown", "Form")]
    thanks = next(i for i, e in enumerate(shown) if e.startswith("Success:Merci"))
    questions = [i for i, e in enumerate(shown) if any(
        p.question[:20] in e for p in polls[:2])]
    assert questions[0] < questions[1] < thanks  # after the second question, not on top


def test_the_situation_stays_open_while_the_group_types(app_env):
    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        from partnerday.rounds import start
        from partnerday.cases import round_count
        stored = session.get(Event, event.id)
        start(session, event.id, round_count(stored, len(list_cases(session, event.id))))
        group = session.exec(select(WorkGroup).where(WorkGroup.event_id == event.id,
                                                     WorkGroup.number == 1)).one()
        case = case_of_group(stored, list_cases(session, event.id), 1, 1)
    at = open_app(g=group.token)
    situation = next(e for e in at.expander if e.label.startswith("La situation"))
    assert situation.proto.expanded  # a new sheet: the situation open
    with session_scope(get_engine(app_env)) as session:  # the first words are saved
        save_field(session, group.id, case.id, PROFILE, "Samir vit chez sa mère", 0)
    at.run()
    situation = next(e for e in at.expander if e.label.startswith("La situation"))
    assert situation.proto.expanded  # still open under the typing hands
    fresh = open_app(g=group.token)  # another tablet, the sheet already begun: folded
    assert not next(e for e in fresh.expander
                    if e.label.startswith("La situation")).proto.expanded


def test_the_cas_page_warns_of_waiting_groups_and_written_cases_keep_everyone_working(app_env):
    from partnerday.rounds import start
    from tests.conftest import PASSWORD, log_in

    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)  # 6 groups, 3 cases
    at = log_in(open_app("pages/cases.py"), PASSWORD)
    shown = texts(at)
    assert "Avec 3 cas joués et 6 groupes, 6 groupe(s) attendent sans cas" in shown
    assert "le groupe 4 aux tours 1, 2, 3" in shown
    at = next(b for b in at.button if b.label.startswith("Passer aux cas écrits")).click().run()
    assert "attendent sans cas" not in texts(at)
    assert len(at.dataframe[-1].value) == 3  # three rounds instead of six
    assert "· écrit" in at.dataframe[-1].value.to_string()
    with session_scope(get_engine(app_env)) as session:
        stored = session.get(Event, event.id)
        assert stored.rounds_mode == "written"
        start(session, event.id, 3)
        tokens = dict(session.exec(select(WorkGroup.number, WorkGroup.token).where(
            WorkGroup.event_id == event.id)).all())
    told = {n: texts(open_app(g=tokens[n])) for n in (1, 4)}
    assert "vient jouer" in told[1] and "le cas écrit" in told[4]  # round 1: 1 plays, 4 reads
    from partnerday.cases import actor_moves
    with session_scope(get_engine(app_env)) as session:
        moves = actor_moves(stored, list_cases(session, event.id), 1)
    assert sorted(now for _, now, _ in moves) == [1, 2, 3]  # actors never with a reading group
    from pages.projector_rounds import written_this_round
    with session_scope(get_engine(app_env)) as session:
        line = written_this_round(stored, list_cases(session, event.id), 1)
    assert line.count("Groupe") == 3 and "Groupe 4 : " in line  # the projector says who reads
