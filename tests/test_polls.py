"""Live polls: answers checked, counted once, results; on SQLite and PostgreSQL; 150 votes from
separate processes."""


import pytest
from sqlmodel import select

from partnerday.arrival import check_in
from partnerday.db import dispose_engine, get_engine, session_scope
from partnerday.demo import ensure_demo_event
from partnerday.models import Participant, Poll, Vote
from partnerday.polls import VoteRefused, cast_vote, check_answer, create_poll, delete_poll, \
    edit_poll, hide_post, move_poll, list_polls, poll_results, post_to_wall, reset_poll, \
    set_open, tally, votes_frame
from tests.processes import run_together


def poll(kind, options=(), **fields):
    return Poll(event_id=1, kind=kind, question="Q ?", options=list(options), is_open=True,
                **fields)


@pytest.mark.parametrize("kind, options, answer, message", [
    ("scale", (), 11, "de 0 à 10"),
    ("scale", (), -1, "de 0 à 10"),
    ("scale", (), "7", "nombre entier"),
    ("scale", (), 6.5, "nombre entier"),
    ("single", ("a", "b"), "c", "ne fait pas partie"),
    ("multiple", ("a", "b"), [], "au moins une"),
    ("multiple", ("a", "b"), ["a", "z"], "ne fait pas partie"),
    ("ranking", ("a", "b", "c"), [], "classement est vide"),
    ("ranking", ("a", "b", "c"), ["a", "b"], "une seule fois"),
    ("ranking", ("a", "b", "c"), ["a", "a", "b"], "une seule fois"),
])
def test_bad_answers_are_refused(kind, options, answer, message):
    with pytest.raises(VoteRefused, match=message):
        check_answer(poll(kind, options), answer)


def test_tallies():
    scale = poll("scale", scale_min=0, scale_max=10)
    results = tally(scale, [{"value": 2}, {"value": 8}, {"value": 8}])
    assert results.voters == 3 and results.mean == 6 and results.counts["8"] == 2
    assert len(results.counts) == 11
    single = tally(poll("single", ("a", "b")), [{"choice": "b"}, {"choice": "b"}])
    assert single.counts == {"a": 0, "b": 2}
    multiple = tally(poll("multiple", ("a", "b")), [{"choices": ["a", "b"]}, {"choices": ["a"]}])
    assert multiple.counts == {"a": 2, "b": 1}
    ranking = tally(poll("ranking", ("a", "b", "c")),
                    [{"order": ["a", "b", "c"]}, {"order": ["b", "a", "c"]},
                     {"order": ["b", "c", "a"]}])
    assert ranking.counts == {"a": 3, "b": 5, "c": 1}  # Borda: 2, 1, 0 points


def demo_with_arrivals(engine, arrived: int):
    event = ensure_demo_event(engine)
    with session_scope(engine) as session:
        ids = list(session.exec(select(Participant.id).order_by(Participant.id)))
    for pid in ids[:arrived]:
        with session_scope(engine) as session:
            check_in(session, pid)
    with session_scope(engine) as session:
        barometer = session.exec(select(Poll)).one()
    return event, ids, barometer


def test_one_vote_per_person_changeable_until_closed(engine):
    event, ids, barometer = demo_with_arrivals(engine, 3)
    with session_scope(engine) as session:
        cast_vote(session, barometer.id, ids[0], 3)
    with session_scope(engine) as session:
        cast_vote(session, barometer.id, ids[0], 9)  # a change, not a second vote
        cast_vote(session, barometer.id, ids[1], 5)
    with session_scope(engine) as session:
        with pytest.raises(VoteRefused, match="pas encore enregistré"):
            cast_vote(session, barometer.id, ids[10], 5)
        results = poll_results(session, session.get(Poll, barometer.id))
    assert results.voters == 2 and results.mean == 7
    with session_scope(engine) as session:
        set_open(session, barometer.id, False)
    with session_scope(engine) as session:
        with pytest.raises(VoteRefused, match="fermée"):
            cast_vote(session, barometer.id, ids[0], 1)
        assert [v.value for v in session.exec(select(Vote).where(Vote.participant_id == ids[0]))
                ] == [{"value": 9}]


def test_new_round_keeps_the_earlier_one_and_roles_split(engine):
    event, ids, barometer = demo_with_arrivals(engine, 6)
    with session_scope(engine) as session:
        for pid in ids[:6]:
            cast_vote(session, barometer.id, pid, 2)
        reset_poll(session, barometer.id)
    with session_scope(engine) as session:
        cast_vote(session, barometer.id, ids[0], 8)
        current = session.get(Poll, barometer.id)
        assert poll_results(session, current).voters == 1
        assert poll_results(session, current, round_=1).voters == 6
        roles = {pid: session.get(Participant, pid).role for pid in ids[:6]}
        users = poll_results(session, current, round_=1, role="user")
    assert users.voters == sum(1 for r in roles.values() if r == "user")


def test_wall_posts_shown_as_text_and_moderated(engine):
    event, ids, _ = demo_with_arrivals(engine, 2)
    with session_scope(engine) as session:
        wall = create_poll(session, event.id, "wall", "Faut-il un suivi ?")
        set_open(session, wall.id, True)
    with session_scope(engine) as session:
        with pytest.raises(VoteRefused, match="280 au maximum"):
            post_to_wall(session, wall.id, ids[0], "pro", "x" * 5000)
        with pytest.raises(VoteRefused, match="vide"):
            post_to_wall(session, wall.id, ids[0], "pro", "   ")
        post = post_to_wall(session, wall.id, ids[0], "pro", "<b>oui</b> **vraiment**")
        post_to_wall(session, wall.id, ids[1], "con", "pas le temps")
    with session_scope(engine) as session:
        results = poll_results(session, session.get(Poll, wall.id))
        assert results.posts["pro"] == [(post.id, "<b>oui</b> **vraiment**")]
        assert results.voters == 2
        hide_post(session, post.id)
    with session_scope(engine) as session:
        assert poll_results(session, session.get(Poll, wall.id)).posts["pro"] == []


def test_questions_are_created_edited_ordered_deleted(engine):
    event, ids, barometer = demo_with_arrivals(engine, 1)
    with session_scope(engine) as session:
        with pytest.raises(VoteRefused, match="deux options"):
            create_poll(session, event.id, "single", "Format ?", ["un seul"])
        ranking = create_poll(session, event.id, "ranking", "Classez les formats",
                              ["étude de cas", "donner la parole aux usagers", "projet commun",
                               "salon", "journée occupationnelle"])
        edit_poll(session, ranking.id, "Classez les cinq formats")
        move_poll(session, ranking.id, -1)
    with session_scope(engine) as session:
        assert [p.question for p in list_polls(session, event.id)] == [
            "Classez les cinq formats", "Pour vous, le Partner Day sert surtout à…"]
        set_open(session, ranking.id, True)
        cast_vote(session, ranking.id, ids[0], ["salon", "projet commun", "étude de cas",
                                                "journée occupationnelle",
                                                "donner la parole aux usagers"])
        frame = votes_frame(session, event.id)
        voter = session.get(Participant, ids[0])
        assert list(frame["votant"]) == ["V001"]
        exported = frame.to_csv()
        assert voter.name not in exported and voter.name.split()[0] not in exported
        delete_poll(session, ranking.id)
    with session_scope(engine) as session:
        assert session.exec(select(Vote).where(Vote.poll_id == ranking.id)).first() is None


def _vote_many(url: str, poll_id: int, ids: list[int]) -> None:
    engine = get_engine(url)
    for round_ in range(2):  # every person answers, then changes their answer
        for pid in ids:
            with session_scope(engine) as session:
                cast_vote(session, poll_id, pid, (pid + round_) % 11)
    dispose_engine(url)


def test_150_votes_from_separate_processes_counted_once(engine, database_url):
    from tests.test_arrival import make_event, participant_ids
    event = make_event(engine, 150, 30)
    ids = participant_ids(engine, event.id)
    with session_scope(engine) as session:
        session.exec(Participant.__table__.update().values(checked_in_at=Participant.created_at))
        barometer = create_poll(session, event.id, "scale", "Lien ou contenu ?")
        set_open(session, barometer.id, True)
    run_together(_vote_many, [(database_url, barometer.id, ids[i::6]) for i in range(6)])
    with session_scope(engine) as session:
        votes = session.exec(select(Vote).where(Vote.poll_id == barometer.id)).all()
        results = poll_results(session, session.get(Poll, barometer.id))
    assert len(votes) == 150 and len({v.participant_id for v in votes}) == 150
    assert {v.participant_id: v.value["value"] for v in votes} == {
        pid: (pid + 1) % 11 for pid in ids}
    assert results.voters == 150


def test_result_image_is_a_png():
    from io import BytesIO

    from PIL import Image

    from partnerday.charts import result_png
    scale = poll("scale", scale_min=0, scale_max=10, left_label="lien",
                 right_label="contenu")
    image = Image.open(BytesIO(result_png(scale, tally(scale, [{"value": 3}, {"value": 7}]))))
    assert image.format == "PNG" and image.size[0] >= 800
    wall = poll("wall")
    assert result_png(wall, tally(wall, [], [(1, "pro", "<b>oui</b>")])).startswith(b"\x89PNG")
