"""Charts of poll results: interactive for the projector (plotly), images for exports and the
follow-up report (matplotlib, which needs no browser)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from partnerday.formats import chart_separators, number  # noqa: E402
from partnerday.models import Poll  # noqa: E402
from partnerday.polls import Results, scale_legend  # noqa: E402

WIDE_DOT = "   ·   "

GREEN, GREY = "#0b6e4f", "#9aa5a0"
VALUE_LABEL = {"scale": "réponses", "single": "voix", "multiple": "voix",
               "ranking": "points (Borda)"}


def in_french(figure: go.Figure) -> go.Figure:
    """Numbers on a chart as people here write them: « 4,8 », « 1 250 »."""
    return figure.update_layout(separators=chart_separators())


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
    for data, name, colour in series:
        keys, values = list(data.counts), list(data.counts.values())
        figure.add_bar(x=values if horizontal else keys, y=keys if horizontal else values,
                       orientation="h" if horizontal else "v", name=name or None,
                       marker_color=colour, text=values, textposition="auto")
    figure.update_layout(barmode="group", height=320 if horizontal else 260,
                         margin=dict(l=10, r=10, t=10, b=10), showlegend=compare is not None,
                         xaxis_title=VALUE_LABEL[poll.kind] if horizontal else None)
    if horizontal:
        figure.update_yaxes(autorange="reversed")
    elif poll.left_label or poll.right_label:
        figure.update_xaxes(title=scale_legend(poll, WIDE_DOT))
    return in_french(figure)


def result_png(poll: Poll, results: Results) -> bytes:
    """The result as a PNG image (for the report, or to paste elsewhere)."""
    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=150)
    title = "\n".join(textwrap.wrap(poll.question, 70))
    if poll.kind == "wall":
        ax.axis("off")
        for column, (side, label) in enumerate((("pro", "Pour"), ("con", "Contre"))):
            lines = [f"• {text}" for _, text in results.posts.get(side, [])][:12]
            ax.text(0.02 + column * 0.5, 0.95, label, fontweight="bold", va="top",
                    transform=ax.transAxes)
            ax.text(0.02 + column * 0.5, 0.85, "\n".join(textwrap.fill(line, 40)
                                                         for line in lines),
                    va="top", fontsize=7, transform=ax.transAxes)
    else:
        keys, values = list(results.counts), list(results.counts.values())
        if poll.kind == "scale":
            ax.bar(keys, values, color=GREEN)
            ax.set_xlabel(scale_legend(poll, WIDE_DOT))
            if results.mean is not None:
                title += f"\nmoyenne {number(results.mean)} sur {poll.scale_max}"
        else:
            ax.barh(["\n".join(textwrap.wrap(k, 28)) for k in keys][::-1], values[::-1],
                    color=GREEN)
            ax.set_xlabel(VALUE_LABEL[poll.kind])
    ax.set_title(title + f"\n{results.voters} participant·e·s", fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
