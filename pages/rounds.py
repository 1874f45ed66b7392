"""Organisers: drive the case rounds (start, pause, extend, advance); every screen follows.
In the account's language."""

import pandas as pd
import streamlit as st

from partnerday import i18n, rounds, ui
from partnerday.cases import actor_moves, case_of_group, schedule_frame
from partnerday.i18n import _
from partnerday.models import Event, WorkGroup
from partnerday.printing import group_cards_pdf
from partnerday.qr import group_link, qr_png
from partnerday.services import day, tablets


def _act(action: str, *args) -> None:
    try:
        day.drive_the_clock(ui.engine(), action, *args)
    except rounds.ClockRefused as refused:
        st.session_state["rounds_error"] = refused  # said when the page is drawn, in its language


def moves_frame(event: Event, cases: list, round_: int) -> pd.DataFrame:
    group = _("Groupe {number}")
    return pd.DataFrame([{_("Acteur·rice"): case.actor or "—", _("Cas"): case.title,
                          _("Maintenant"): group.format(number=now) if now else _("pause"),
                          _("Ensuite"): group.format(number=then) if then else "—"}
                         for case, now, then in actor_moves(event, cases, round_)])


@st.fragment(run_every="1s")
@ui.live
def clock_panel(event_id: int) -> None:
    panel = day.rounds_panel(ui.engine(), event_id)
    event, view, cases, groups, filled = panel.event, panel.clock, panel.cases, panel.groups, \
        panel.filled
    progress = []
    for group in groups:
        case = case_of_group(event, cases, view.round, group.number)
        progress.append({_("Groupe"): group.number, _("Cas"): case.title if case else _("pause"),
                         _("Champs remplis"): filled.get((group.id, case.id), 0) if case else 0})
    in_round = view.started and not view.finished
    round_column, time_column = st.columns(2)
    round_column.metric(_("Tour"), f"{view.round} / {view.rounds}" if in_round else
                        (_("fini") if view.finished else "—"))
    time_column.metric(_("Temps restant") if view.running else _("Temps restant (en pause)"),
                       rounds.format_countdown(view.remaining_s) if in_round else "—")
    st.write(rounds.clock_line(view))
    if in_round:
        st.dataframe(moves_frame(event, cases, view.round), hide_index=True, width="stretch",
                     placeholder=ui.NO_VALUE)
        if progress:
            st.caption(_("Ce que chaque groupe a déjà écrit pour le cas du tour :"))
            st.dataframe(pd.DataFrame(progress), hide_index=True, width="stretch",
                         placeholder=ui.NO_VALUE)


def controls(event: Event, view: rounds.ClockView) -> None:
    cols = st.columns(5)
    label = _("Démarrer") if not view.started else _("Reprendre")
    cols[0].button(label, type="primary", icon=":material/play_arrow:", width="stretch",
                   disabled=view.running or view.finished, on_click=_act,
                   args=("start", event.id, view.rounds))
    cols[1].button(_("Pause"), icon=":material/pause:", width="stretch",
                   disabled=not view.running, on_click=_act, args=("pause", event.id))
    cols[2].button("+5 min", icon=":material/more_time:", width="stretch",
                   disabled=not view.started or view.finished, on_click=_act,
                   args=("extend", event.id, 5, view.round, view.duration_s))
    cols[3].button(_("Tour suivant") if view.next_round else _("Terminer les tours"),
                   icon=":material/skip_next:", width="stretch",
                   disabled=not view.started or view.finished, on_click=_act,
                   args=("advance", event.id, view.rounds, view.round))
    cols[4].button(_("Remettre à zéro"), icon=":material/restart_alt:", width="stretch",
                   disabled=not view.started, on_click=_act, args=("reset", event.id))


def _set_language(group_id: int, key: str) -> None:
    tablets.set_group_language(ui.engine(), group_id, st.session_state[key])


def tablet_languages(groups: list[WorkGroup], languages: dict[int, str]) -> None:
    """Each group's tablets in French, Dutch or English: its members' most common language
    until chosen here (or on a tablet)."""
    st.markdown("**" + _("Langue des tablettes") + "**")
    st.caption(_("Par défaut, la langue que lisent la plupart des membres du groupe ; le "
                 "groupe peut aussi la changer sur sa tablette."))
    for column, group in zip(st.columns(len(groups)), groups):
        key = f"tablet-language-{group.id}-{languages[group.id]}"  # follows a tablet's choice
        column.selectbox(_("Groupe {number}").format(number=group.number), list(i18n.NAMES),
                         index=list(i18n.NAMES).index(languages[group.id]),
                         format_func=i18n.language_name, key=key, on_change=_set_language,
                         args=(group.id, key))


@st.cache_data(max_entries=8, show_spinner=False)
def cards_pdf(cards: tuple[tuple[int, str, str], ...], event_name: str) -> bytes:
    """Laid out again only when a card changed (a group's language), not at every rerun;
    built up front, not on the click: a deferred download sometimes gave Chromium no file."""
    return group_cards_pdf(list(cards), event_name)


def tablet_links(event: Event, groups: list[WorkGroup], languages: dict[int, str]) -> None:
    base = ui.settings().base_url
    if not groups:
        st.info(_("Les tablettes des groupes apparaissent ici dès que les groupes sont "
                  "publiés."))
        return
    links = [(g.number, group_link(base, g.token)) for g in groups]
    st.download_button(_("Cartes des groupes à poser près des tablettes (PDF, chacune dans "
                         "la langue du groupe)"),
                       cards_pdf(tuple((g.number, group_link(base, g.token), languages[g.id])
                                       for g in groups), event.name),
                       "groupes.pdf", "application/pdf", icon=":material/download:")
    with st.expander(_("QR codes et liens des tablettes")):
        for column, (number, url) in zip(st.columns(len(links)), links):
            column.image(qr_png(url, box_size=4),
                         caption=_("Groupe {number}").format(number=number),
                         alt=_("QR code de la tablette du groupe {number}").format(
                             number=number))
            column.link_button(_("Ouvrir"), url, width="stretch")


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Tours des études de cas"))
    if refused := st.session_state.pop("rounds_error", None):
        ui.show_refusal(refused)
    page = day.rounds_page(ui.engine(), event)
    view, cases = page.clock, page.cases
    if not view.rounds:
        st.info(_("Aucun tour prévu : décrivez les cas (page Cas) et publiez les groupes."))
        return
    minutes = st.number_input(_("Durée d'un tour (minutes)"), 1, rounds.MAX_ROUND_MINUTES,
                              page.round_minutes, step=5)
    if minutes != page.round_minutes:
        _act("round minutes", event.id, int(minutes))
        st.rerun()
    controls(event, view)
    clock_panel(event.id)
    st.subheader(_("Programme"))
    st.dataframe(schedule_frame(event, cases), width="stretch", placeholder=ui.NO_VALUE)
    st.subheader(_("Tablettes des groupes"))
    tablet_links(event, page.groups, page.languages)
    if page.groups:
        tablet_languages(page.groups, page.languages)


if __name__ == "__main__":
    ui.hand_over_to_app()
