"""Cases and rounds: stored on both databases, shown on the organisers' page."""

import pandas as pd
import pytest
from sqlmodel import select

from partnerday.cases import CaseRefused, cases_frame, list_cases, merge_pairs, parse_pairs, \
    save_cases, schedule_frame
from partnerday.db import get_engine, session_scope
from partnerday.demo import ensure_demo_event
from partnerday.models import Event
from tests.conftest import PASSWORD, log_in, open_app, texts


def test_cases_are_added_edited_removed(engine):
    event = ensure_demo_event(engine)
    with session_scope(engine) as session:
        frame = cases_frame(session, event.id)
    frame.loc[0, "themes"] = "logement, dettes"
    frame = frame.iloc[[0, 1]]
    frame = pd.concat([frame, pd.DataFrame([{"id": None, "title": "Nadia, 19 ans",
                                             "actor": "Léa", "brief": "…",
                                             "themes": "formation"}])], ignore_index=True)
    with session_scope(engine) as session:
        assert save_cases(session, event.id, frame) == 3
    with session_scope(engine) as session:
        cases = list_cases(session, event.id)
    assert [c.title for c in cases][2] == "Nadia, 19 ans"
    assert cases[0].themes == ["logement", "dettes"]
    bad = frame.copy()
    bad.loc[1, "title"] = ""
    with session_scope(engine) as session:
        with pytest.raises(CaseRefused, match="Ligne 2"):
            save_cases(session, event.id, bad)


def test_schedule_grid_and_merge_pairs(engine):
    event = ensure_demo_event(engine)
    with session_scope(engine) as session:
        stored = session.get(Event, event.id)
        cases = list_cases(session, event.id)
        grid = schedule_frame(stored, cases)
        assert grid.shape == (6, 6)  # 6 groups, 3 cases: 6 rounds, every case once per group
        for column in grid.columns:
            assert sorted(v for v in grid[column] if v != "—") == sorted(
                f"{c.title} ({c.actor})" for c in cases)
        stored.rounds_mode = "merge"
        pairs = merge_pairs(stored, len(cases))
        assert sorted(g for pair in pairs for g in pair) == [1, 2, 3, 4, 5, 6]
    assert parse_pairs("1-4, 2-5 , 3–6", 6) == [[1, 4], [2, 5], [3, 6]]
    with pytest.raises(CaseRefused, match="exactement une"):
        parse_pairs("1-2, 2-3", 6)


def test_cases_page_shows_the_rounds(app_env):
    at = log_in(open_app("pages/cases.py"), PASSWORD)
    assert not at.exception
    assert "Cas emblématiques" in texts(at)
    grid = at.dataframe[1].value
    assert list(grid.index) == [f"Tour {r}" for r in range(1, 7)]
    at.radio[0].set_value("merge").run()
    assert "Fusions en fin de journée" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.exec(select(Event)).one().rounds_mode == "merge"
