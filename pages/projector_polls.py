"""Projector: the projected question, live: chart, number of voters, and the QR to join."""

import streamlit as st

from partnerday import charts, content, i18n, ui
from partnerday.i18n import _, in_each
from partnerday.projector import screen_languages
from partnerday.polls import SIDES, scale_legend
from partnerday.services import screens
from partnerday.qr import join_link, qr_png


def for_the_room(figure):
    """Read from the back of the room: larger text, numbers written the French way (4,8)."""
    figure.update_layout(font=dict(size=20))
    return charts.in_french(figure)


def wall(results, languages: tuple[str, ...]) -> None:
    columns = st.columns(2)
    for column, (side, label) in zip(columns, SIDES.items()):
        column.subheader(in_each(languages, lambda: _(label)))
        for _author, text in results.posts.get(side, []):
            column.text(text)  # plain text: whatever was typed, shown as typed


@st.fragment(run_every="1s")  # one projector: a vote shows within 3 s even on a busy server
@ui.live
def live(event_id: int, languages: tuple[str, ...]) -> None:
    """The question, as the organisers set it on their laptop (by role, or beside an earlier
    round), read again every second: what the room reads in each of its languages, the
    charts in the first."""
    i18n.activate(languages[0])
    board = screens.poll_board(ui.engine(), event_id)
    if board is None:
        st.info(in_each(languages, lambda: _("Aucune question ouverte pour l'instant.")))
        return
    poll, results, earlier = board.poll, board.results, board.earlier
    st.header(ui.plain(in_each(languages, lambda: content.text_in(poll, "question",
                                                                  i18n.current()))))
    st.metric(in_each(languages, lambda: _("Participant·e·s")), results.voters)
    if not results.voters:
        st.info(in_each(languages, lambda: _("En attente des votes : scannez le QR code, ou "
                                             "ouvrez la page de votre badge.")),
                icon=":material/hourglass_top:")
        return
    if poll.results_hidden:
        st.info(in_each(languages, lambda: _("Les résultats seront révélés plus tard.")))
        return
    if poll.kind == "wall":
        wall(results, languages)
        return
    if poll.kind == "scale":
        st.plotly_chart(for_the_room(charts.gauge(poll, results)), width="stretch")
        st.caption(ui.plain(scale_legend(poll)))
    if board.workers is not None:
        chart = charts.bars(poll, board.workers, board.users,
                            (_("travailleur·euse·s"), _("usager·ère·s")))
    elif earlier is not None:
        chart = charts.bars(poll, results, earlier, (
            _("tour {round}").format(round=poll.round),
            _("tour {round}").format(round=board.compare_round)))
    else:
        chart = charts.bars(poll, results)
    st.plotly_chart(for_the_room(chart), width="stretch")
    if poll.kind == "ranking":
        st.caption(in_each(languages, lambda: _("Score de Borda : avec n options, une 1re "
                                                "place rapporte n-1 points, une dernière "
                                                "place 0.")))


def render() -> None:
    event = ui.screen_event()
    if event is None:
        return
    languages = screen_languages(event)
    main, side = st.columns([3, 1])
    with side:
        st.image(qr_png(join_link(ui.settings().base_url, event.join_token), box_size=6),
                 caption=in_each(languages, lambda: _("Pour voter : scannez, ou ouvrez la page "
                                                      "de votre badge")),
                 alt=in_each(languages, lambda: _("QR code pour voter")))
    with main:
        live(event.id, languages)


if __name__ == "__main__":
    ui.hand_over_to_app()
