"""Charts of poll results and of the day's encounters: interactive for the laptop and the
projector (plotly), images for exports and the follow-up report (matplotlib, which needs no
browser)."""

from __future__ import annotations

import io
import textwrap
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import plotly.express as px  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from partnerday.colours import (COMPARED_HATCH, GREEN, GREY, LINK, PAGE, PALETTE,  # noqa: E402
                                SEPARATOR)
from partnerday.encounters import Encounters, circle_layout  # noqa: E402
from partnerday.formats import chart_separators, number  # noqa: E402
from partnerday import content  # noqa: E402
from partnerday.i18n import N_, _, current, ngettext  # noqa: E402
from partnerday.models import Poll  # noqa: E402
from partnerday.polls import SIDES, Results, scale_legend  # noqa: E402

WIDE_DOT = "   ·   "

STATUS_COLOURS = {"not_started": GREY, "in_progress": PALETTE[6], "done": GREEN,
                  "dropped": PALETTE[7]}
VALUE_LABEL = {"scale": N_("réponses"), "single": N_("voix"), "multiple": N_("voix"),
               "ranking": N_("points (Borda)")}
"""A result's axis, said in the language being spoken (a projector's first language)."""


def in_french(figure: go.Figure) -> go.Figure:
    """Numbers on a chart as people here write them: « 4,8 », « 1 250 »."""
    return figure.update_layout(separators=chart_separators())


def _separated(figure: go.Figure) -> go.Figure:
    """Each bar, and each segment of a stacked bar, outlined in the page's colour."""
    return figure.update_traces(marker_line=SEPARATOR, selector={"type": "bar"})


def _compared(figure: go.Figure, name: str) -> None:
    """The compared series is hatched too: told apart from the other without colour."""
    figure.update_traces(marker_pattern_shape=COMPARED_HATCH, selector={"name": name})


def people_by_organisation(counts: pd.DataFrame) -> go.Figure:
    """The dashboard's registrations: participants per organisation, split by role."""
    figure = px.bar(counts, x="participants", y="organisation", color="role", orientation="h",
                    color_discrete_sequence=PALETTE,
                    labels={"organisation": "", "participants": _("Participant·e·s"),
                            "role": _("Rôle")},
                    height=max(300, 26 * counts["organisation"].nunique()))
    figure.update_layout(yaxis={"categoryorder": "total ascending"}, margin=dict(l=0, r=0, t=10))
    return in_french(_separated(figure))


def sheets_filled(sheets: dict[int, int]) -> go.Figure:
    """Fields filled in per group's sheet, as the day goes."""
    frame = pd.DataFrame({"groupe": [_("Groupe {number}").format(number=n) for n in sheets],
                          "champs": list(sheets.values())})
    figure = px.bar(frame, x="groupe", y="champs", height=220, text="champs",
                    labels={"groupe": "", "champs": _("champs remplis")},
                    color_discrete_sequence=PALETTE)
    figure.update_layout(margin=dict(l=0, r=0, t=10, b=0))
    figure.update_yaxes(rangemode="tozero", tickformat="d")
    return in_french(_separated(figure))


def arrivals(timeline: pd.DataFrame) -> go.Figure:
    """Arrivals per step of a few minutes (`arrival.arrivals_over_time`)."""
    figure = px.bar(timeline, x="heure", y="arrivées", height=260, text="arrivées",
                    hover_data={"total": True}, color_discrete_sequence=PALETTE,
                    labels={"heure": "", "arrivées": _("Arrivées (par 5 minutes)"),
                            "total": _("Total")})
    figure.update_layout(margin=dict(l=0, r=0, t=10, b=0))
    figure.update_yaxes(rangemode="tozero", tickformat="d")
    return in_french(_separated(figure))


def group_composition(frame: pd.DataFrame, title: str, legend: bool) -> go.Figure:
    """People per group, stacked by one attribute (`groups.composition`)."""
    figure = px.bar(frame, x="groupe", y="personnes", color="valeur", height=300, title=title,
                    labels={"valeur": "", "groupe": _("groupe"), "personnes": _("personnes")},
                    color_discrete_sequence=PALETTE)
    figure.update_layout(showlegend=legend)
    return in_french(_separated(figure))


def commitments_by_month(frame: pd.DataFrame, statuses: dict[str, str]) -> go.Figure:
    """Commitments per month, stacked by status (`statuses`: key → label, in order)."""
    figure = px.bar(frame, x="mois", y="engagements", color="état", height=280,
                    color_discrete_map={label: STATUS_COLOURS[key]
                                        for key, label in statuses.items()},
                    labels={"mois": "", "état": "", "engagements": _("engagements")},
                    category_orders={"état": list(statuses.values())})
    figure.update_layout(margin=dict(l=0, r=0, t=10, b=0), legend_title_text="")
    return in_french(_separated(figure))


def gauge(poll: Poll, results: Results) -> go.Figure:
    figure = go.Figure(go.Indicator(
        mode="gauge+number", value=results.mean if results.mean is not None else 0,
        number={"valueformat": ".1f"},
        gauge={"axis": {"range": [poll.scale_min, poll.scale_max]},
               "bar": {"color": GREEN}}))
    figure.update_layout(height=280, margin=dict(l=30, r=30, t=20, b=20))
    return in_french(figure)


def bars(poll: Poll, results: Results, compare: Results | None = None,
         labels: tuple[str, str] = ("", "")) -> go.Figure:
    """Distribution (scale), votes (choices) or Borda points (ranking); a second series to
    compare two rounds or two roles."""
    horizontal = poll.kind in ("single", "multiple", "ranking")
    figure = go.Figure()
    series = [(results, labels[0], GREEN)] + ([(compare, labels[1], GREY)] if compare else [])
    options = content.option_labels(poll, current())
    for data, name, colour in series:
        keys, values = [options.get(k, k) for k in data.counts], list(data.counts.values())
        figure.add_bar(x=values if horizontal else keys, y=keys if horizontal else values,
                       orientation="h" if horizontal else "v", name=name or None,
                       marker_color=colour, text=values, textposition="auto")
    figure.update_layout(barmode="group", height=320 if horizontal else 260,
                         margin=dict(l=10, r=10, t=10, b=10), showlegend=compare is not None,
                         xaxis_title=_(VALUE_LABEL[poll.kind]) if horizontal else None)
    if compare is not None:
        _compared(figure, labels[1])
    if horizontal:
        figure.update_yaxes(autorange="reversed")
    elif poll.left_label or poll.right_label:
        figure.update_xaxes(title=scale_legend(poll, WIDE_DOT))
    return in_french(_separated(figure))


def result_png(poll: Poll, results: Results) -> bytes:
    """The result as a PNG image (for the report, or to paste elsewhere)."""
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=150)
    title = "\n".join(textwrap.wrap(content.text_in(poll, "question", current()), 70))
    if poll.kind == "wall":
        ax.axis("off")
        for column, side in enumerate(("pro", "con")):
            lines = [f"• {text}" for _post, text in results.posts.get(side, [])][:12]
            ax.text(0.02 + column * 0.5, 0.95, _(SIDES[side]), fontweight="bold", va="top",
                    transform=ax.transAxes)
            ax.text(0.02 + column * 0.5, 0.85, "\n".join(textwrap.fill(line, 40)
                                                         for line in lines),
                    va="top", fontsize=7, transform=ax.transAxes)
    else:
        options = content.option_labels(poll, current())
        keys = [options.get(k, k) for k in results.counts]
        values = list(results.counts.values())
        if poll.kind == "scale":
            ax.bar(keys, values, color=GREEN)
            ax.set_xlabel(scale_legend(poll, WIDE_DOT))
            if results.mean is not None:
                title += "\n" + _("moyenne {mean} sur {top}").format(mean=number(results.mean),
                                                                   top=poll.scale_max)
        else:
            ax.barh(["\n".join(textwrap.wrap(k, 28)) for k in keys][::-1], values[::-1],
                    color=GREEN)
            ax.set_xlabel(_(VALUE_LABEL[poll.kind]))
    ax.set_title(title + "\n" + ngettext("{count} participant·e", "{count} participant·e·s",
                                        results.voters).format(count=results.voters),
                 fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


# --- encounters -----------------------------------------------------------------------------

MAP_LABEL = 26  # characters of an organisation's name on the map


def _short(name: str) -> str:
    return name if len(name) <= MAP_LABEL else name[:MAP_LABEL - 1] + "…"


def _link_widths(encounters: Encounters) -> dict[tuple[str, str], float]:
    """A link's width grows with the pairs of people who met, from 1 to 8 px."""
    heaviest = max(encounters.links.values(), default=1)
    return {pair: 1 + 7 * count / heaviest for pair, count in encounters.links.items()}


def _label_side(x: float, y: float) -> str:
    """Each name outside the circle, beside its node: none lies on a link or a neighbour."""
    if x < -0.25:
        return "middle left"
    if x > 0.25:
        return "middle right"
    return "top center" if y > 0 else "bottom center"


def organisation_map(encounters: Encounters, height: int = 520,
                     font_size: int = 12) -> go.Figure:
    """Organisations on a circle (sized by their people), linked by the people who met."""
    places = circle_layout(encounters.sizes)
    figure = go.Figure()
    for (a, b), width in _link_widths(encounters).items():
        (xa, ya), (xb, yb) = places[a], places[b]
        figure.add_scatter(x=[xa, xb], y=[ya, yb], mode="lines", hoverinfo="skip",
                           line={"width": width, "color": LINK},
                           showlegend=False)
    met = Counter()
    for a, b in encounters.links:
        met[a] += 1
        met[b] += 1
    names = list(places)
    biggest = max(encounters.sizes.values(), default=1)
    figure.add_scatter(
        x=[places[n][0] for n in names], y=[places[n][1] for n in names],
        mode="markers+text", text=[_short(n) for n in names],
        textposition=[_label_side(*places[n]) for n in names],
        textfont={"size": font_size, "color": "#1f2933"},
        marker={"size": [12 + 28 * (encounters.sizes[n] / biggest) ** 0.5 for n in names],
                "color": GREEN, "line": {"width": 1, "color": "white"}},
        customdata=[[encounters.sizes[n], met[n]] for n in names], showlegend=False,
        hovertemplate="%{text} : %{customdata[0]} personne(s), reliée à "
                      "%{customdata[1]} structure(s)<extra></extra>")
    figure.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10),
                         xaxis={"visible": False, "range": [-1.95, 1.95]},
                         yaxis={"visible": False, "range": [-1.15, 1.15],
                                "scaleanchor": "x"},
                         plot_bgcolor=PAGE)
    return in_french(figure)


def organisations_met(encounters: Encounters, previous: Encounters | None = None,
                      labels: tuple[str, str] | None = None) -> go.Figure:
    """How many other organisations each person met: people per count (and last year's,
    as a share of its people, when given, since the two days differ in size)."""
    labels = labels or (_("cette année"), _("l'an dernier"))
    figure = go.Figure()
    series = [(encounters, labels[0], GREEN)] + ([(previous, labels[1], GREY)]
                                                   if previous is not None else [])
    for data, name, colour in series:
        people = sum(data.distribution.values()) or 1
        keys = list(data.distribution)
        values = [100 * n / people for n in data.distribution.values()]
        figure.add_bar(x=keys, y=values, name=name, marker_color=colour,
                       customdata=list(data.distribution.values()),
                       hovertemplate=_("%{x} structure(s) : %{customdata} personne(s)")
                       + "<extra></extra>")
    figure.update_layout(barmode="group", height=300, margin=dict(l=10, r=10, t=10, b=10),
                         showlegend=previous is not None,
                         xaxis_title=_("autres structures rencontrées"),
                         yaxis_title=_("personnes (%)"))
    figure.update_xaxes(dtick=1)
    if previous is not None:
        _compared(figure, labels[1])
    return in_french(_separated(figure))


def organisation_map_png(encounters: Encounters) -> bytes:
    """The map for the report (no names of people: organisations only)."""
    places = circle_layout(encounters.sizes)
    fig, ax = plt.subplots(figsize=(7, 6), dpi=150)
    for (a, b), width in _link_widths(encounters).items():
        (xa, ya), (xb, yb) = places[a], places[b]
        ax.plot([xa, xb], [ya, yb], color=LINK, linewidth=width * 0.6, zorder=1)
    biggest = max(encounters.sizes.values(), default=1)
    for name, (x, y) in places.items():
        ax.scatter([x], [y], s=60 + 500 * (encounters.sizes[name] / biggest), color=GREEN,
                   edgecolors="white", zorder=2)
        ax.annotate("\n".join(textwrap.wrap(_short(name), 16)), (x, y),
                    xytext=(0, 12 if y >= 0 else -12), textcoords="offset points",
                    ha="center", va="bottom" if y >= 0 else "top", fontsize=6.5)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
