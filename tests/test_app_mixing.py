"""Tables tournantes as Streamlit runs them: composed on the organisers' page, each phone's
circles, and the projector's round."""

from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.models import Event, MixingRound, Participant
from tests.conftest import PASSWORD, log_in, open_app, texts


def test_organisers_compose_rounds_and_phones_and_the_projector_show_the_circles(app_env):
    engine = get_engine(app_env)
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        person = session.exec(select(Participant).where(
            Participant.event_id == event.id, Participant.checked_in_at.is_not(None))).first()
        token = session.get(Event, event.id).screen_token
    at = log_in(open_app("pages/mixing.py"), PASSWORD)
    assert not at.exception and "Aucun tour composé" in texts(at)
    at.number_input[0].set_value(3)
    at.button[0].click().run()  # the form's submit
    assert not at.exception, at.exception
    shown = texts(at)
    assert "3 tours composés" in shown
    figures = at.dataframe[0].value
    assert list(figures["tour"]) == [1, 2, 3]
    assert (figures["nouvelles paires"] <= figures["borne"]).all()
    assert (figures["nouvelles paires"] > figures["tirage au sort"]).all()
    assert figures["verdict"].str.contains("optimum prouvé|de l'optimum").all()
    with session_scope(engine) as session:
        rows = session.exec(select(MixingRound).where(MixingRound.event_id == event.id)).all()
        mine = [r.assignment[str(person.id)] for r in sorted(rows, key=lambda r: r.number)]
    phone = open_app(p=person.token)
    assert not phone.exception
    assert len(mine) == 3
    header = " ".join(texts(phone).split())
    assert "Tables tournantes" in header
    assert all(f"tour {n} : cercle {c}" in header for n, c in enumerate(mine, 1))
    download = next(b for b in at.get("download_button")
                    if "Chevalets des" in b.proto.label)
    circles = max(len(set(r.assignment.values())) for r in rows)
    assert f"Chevalets des {circles} cercles" in download.proto.label
    at.button(key="show-2").click().run()
    assert not at.exception
    projector = open_app(s=token)
    assert not projector.exception
    assert "Tables tournantes · tour 2 sur 3" in texts(projector)
    assert person.first_name in texts(projector)
