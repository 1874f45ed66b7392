"""Every chart the app draws can be seen by someone who sees poorly, from the back of the
room: each mark at least 3:1 against the page, bars outlined so that each segment meets the
page, and a compared series hatched as well as coloured (WCAG 2.1, 1.4.11 and 1.4.1)."""

from functools import cache

import pandas as pd
import pytest

from partnerday import charts
from partnerday.colours import MARK_CONTRAST, PAGE, PALETTE, contrast_ratio
from partnerday.commitments import STATUSES
from partnerday.encounters import Encounters
from partnerday.models import Poll
from partnerday.polls import tally

ORGANISATIONS = [f"Structure {n}" for n in range(14)]  # more than the palette's colours


def poll(kind: str) -> Poll:
    return Poll(event_id=1, kind=kind, question="Q ?", options=["a", "b", "c"], is_open=True,
                scale_min=0, scale_max=10, left_label="pas du tout", right_label="tout à fait")


def encounters() -> Encounters:
    return Encounters(people=6, organisations=3, cross_pairs=5, first_met_at={"tables": 5},
                      organisation_pairs=3, organisation_pairs_met=2, distribution={1: 4, 2: 2},
                      sizes={"A": 3, "B": 2, "C": 1}, links={("A", "B"): 4, ("B", "C"): 1})


@cache
def every_chart():
    scale = poll("scale")
    votes = tally(scale, [{"value": 3}, {"value": 7}, {"value": 7}])
    single = poll("single")
    chosen = tally(single, [{"choice": "a"}, {"choice": "b"}])
    ranking = poll("ranking")
    ranked = tally(ranking, [{"order": ["a", "b", "c"]}])
    members = pd.DataFrame([{"groupe": str(g), "valeur": o, "personnes": 1}
                            for g in range(3) for o in ORGANISATIONS])
    months = pd.DataFrame([{"mois": m, "état": label, "engagements": 2}
                           for m in ("janv.", "févr.") for label in STATUSES.values()])
    roles = pd.DataFrame([{"organisation": o, "role": r, "participants": 2}
                          for o in ORGANISATIONS for r in ("travailleur·euse", "usager·ère")])
    return {
        "gauge": charts.gauge(scale, votes),
        "scale bars": charts.bars(scale, votes),
        "two rounds": charts.bars(single, chosen, chosen, ("tour 2", "tour 1")),
        "ranking by role": charts.bars(ranking, ranked, ranked, ("travail", "usagers")),
        "organisation map": charts.organisation_map(encounters()),
        "organisations met, two years": charts.organisations_met(encounters(), encounters()),
        "registrations": charts.people_by_organisation(roles),
        "sheets filled": charts.sheets_filled({1: 3, 2: 0, 3: 7}),
        "arrivals": charts.arrivals(pd.DataFrame({"heure": ["8 h 00", "8 h 05"],
                                                  "arrivées": [3, 5], "total": [3, 8]})),
        "group composition": charts.group_composition(members, "Structures", legend=False),
        "commitments by month": charts.commitments_by_month(months, STATUSES),
    }


def mark_colours(trace) -> list[str]:
    """The colours a trace paints its marks with (not its labels' text)."""
    if trace.type == "indicator":
        return [trace.gauge.bar.color]
    found = []
    if trace.type == "bar" or "markers" in (trace.mode or ""):
        colour = trace.marker.color
        found += list(colour) if isinstance(colour, (list, tuple)) else [colour]
    if trace.type == "scatter" and "lines" in (trace.mode or ""):
        found.append(trace.line.color)
    return found


@pytest.mark.parametrize("name", list(every_chart()))
def test_every_mark_stands_out_from_the_page(name):
    figure = every_chart()[name]
    background = figure.layout.plot_bgcolor or PAGE
    for trace in figure.data:
        colours = mark_colours(trace)
        assert colours and None not in colours, (name, trace.name)  # never left to a theme
        for colour in colours:
            assert contrast_ratio(colour, background) >= MARK_CONTRAST, (name, colour)
        if trace.type == "bar":
            assert trace.marker.line.color == PAGE and trace.marker.line.width >= 1, name


@pytest.mark.parametrize("name", ["two rounds", "ranking by role",
                                  "organisations met, two years"])
def test_a_compared_series_is_hatched_not_only_coloured(name):
    first, compared = every_chart()[name].data
    assert not first.marker.pattern.shape
    assert compared.marker.pattern.shape


def test_the_palette_itself_holds_three_to_one():
    assert min(contrast_ratio(colour) for colour in PALETTE) >= MARK_CONTRAST
    assert contrast_ratio("#9aa5a0") < MARK_CONTRAST  # the grey of before: why it went


def test_a_results_axis_and_numbers_follow_the_language_being_spoken():
    """A Dutch room's projector: « stemmen », and the separators of Brussels' Dutch."""
    from partnerday import i18n

    single = poll("single")
    chosen = tally(single, [{"choice": "a"}, {"choice": "b"}])
    assert charts.bars(single, chosen).layout.xaxis.title.text == "voix"
    with i18n.speaking("nl"):
        figure = charts.bars(single, chosen)
    assert (figure.layout.xaxis.title.text, figure.layout.separators) == ("stemmen", ",.")
    with i18n.speaking("en"):
        assert charts.bars(poll("ranking"), tally(poll("ranking"), [{"order": ["a", "b", "c"]}])
                           ).layout.xaxis.title.text == "points (Borda)"


def test_every_axis_title_is_in_the_language_being_spoken():
    """No chart titles an axis with the name of its frame's French column (« engagements »
    under a Dutch page): each axis title is the Dutch one, or none."""
    from partnerday import i18n

    with i18n.speaking("nl"):
        figures = every_chart.__wrapped__()  # not the cached French ones
        dutch = i18n.translations("nl")
    french_columns = {"engagements", "arrivées", "personnes", "champs", "groupe", "mois",
                      "heure", "participants", "organisation"}
    for name, figure in figures.items():
        for axis in ("xaxis", "yaxis"):
            layout_axis = getattr(figure.layout, axis, None)
            title = layout_axis.title.text if layout_axis and layout_axis.title else None
            assert title not in french_columns, (name, axis, title)
    assert figures["commitments by month"].layout.yaxis.title.text == dutch.gettext(
        "engagements") == "engagementen"
