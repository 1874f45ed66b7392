"""A working group's tablet, opened from the group's QR card (`?g=TOKEN`): the case of the
round and its sheet (profile, diagnosis, proposals), saved as people type."""

import html
from datetime import date

import streamlit as st

from partnerday import i18n, rounds, ui
from partnerday.i18n import N_, Phrase, _
from partnerday.autosave import autosave_box
from partnerday.cases import case_of_group, cases_met_by_group, played_in
from pages.merge import field_saver, pooled_view
from partnerday.directory import suggest
from partnerday.findings import DIAGNOSIS, PROFILE, FieldState, FindingRefused, \
    Proposal, field_label, proposal_field, proposals
from partnerday.merge import set_label, set_of_group
from partnerday.models import Case, Event, first_word
from partnerday.services import tablets

NO_REFERRAL = 0
POOLING, OUR_CASES = N_("Mise en commun"), N_("Nos cas")


def _save_choice(group_id: int, case_id: int, field: str, key: str, base: int) -> None:
    """A referral or a date, saved as soon as it is chosen."""
    value = st.session_state.get(key)
    text = "" if value in (None, NO_REFERRAL) else (
        value.isoformat() if isinstance(value, date) else str(value))
    try:
        result = field_saver(group_id, case_id, field)(text, base)
    except FindingRefused as refused:  # a callback: said when the page is drawn, in its language
        st.session_state["tablet_error"] = refused.args[0]
        return
    if not result.saved:
        st.session_state["tablet_error"] = Phrase(N_("Une autre tablette du groupe a changé ce "
                                                     "choix entre-temps : vérifiez-le."))


def _add_proposal(group_id: int, case_id: int) -> None:
    tablets.add_a_proposal(ui.engine(), group_id, case_id)


CLOCK_STRIP = ('<div style="background:#e8f0fb;color:#0a3069;border-radius:0.5rem;'
               'padding:0.75rem 1rem;font-variant-numeric:tabular-nums;">'
               '{line}</div>')
"""The clock as text only, no live region: a screen reader would say it every two seconds
(`ui.announce` tells it at the thresholds)."""


def clock_strip(view: rounds.ClockView) -> None:
    st.html(CLOCK_STRIP.format(line=html.escape(rounds.clock_line(view))))
    ui.announce(rounds.announcement(view))


def referral_choice(group_id: int, shown: tablets.CaseSheet, proposal: Proposal) -> None:
    case, directory = shown.case, shown.directory
    names = {e.id: e.name for e in directory}
    suggested = suggest(directory, case.themes or [])
    order = [NO_REFERRAL] + [e.id for e, _ in suggested] + sorted(
        set(names) - {e.id for e, _ in suggested}, key=lambda i: names[i].casefold())
    shared = {e.id: shown.said(shared) for e, shared in suggested}
    chosen = int(proposal.referral.text) if proposal.referral.text.isdigit() else NO_REFERRAL
    if chosen != NO_REFERRAL and chosen not in names:
        st.warning(_("La structure choisie a été retirée de l'annuaire : choisissez-en une "
                     "autre."))
        chosen = NO_REFERRAL
    key = f"ref-{group_id}-{case.id}-{proposal.number}-{proposal.referral.version}"
    field = proposal_field(proposal.number, "referral")
    st.selectbox(field_label(field), order,
                 index=order.index(chosen), key=key,
                 format_func=lambda i: _("— aucune orientation —") if i == NO_REFERRAL else (
                     names[i] + (f"  · {', '.join(shared[i])}" if i in shared else "")),
                 on_change=_save_choice,
                 args=(group_id, case.id, field, key, proposal.referral.version))


def commitment_fields(group_id: int, case_id: int, proposal: Proposal) -> None:
    """« Qui ? » and « Pour quand ? » side by side; « Quoi ? » below, the tablet's whole
    width on two lines: a commitment is a sentence."""
    who, due = st.columns([3, 2])
    number = proposal.number
    with who:
        field = proposal_field(number, "who")
        autosave_box(f"who-{group_id}-{case_id}-{number}", field_label(field), proposal.who,
                     field_saver(group_id, case_id, field),
                     multiline=False, max_chars=200, placeholder=_("Prénom, structure"))
    field = proposal_field(number, "what")
    autosave_box(f"what-{group_id}-{case_id}-{number}", field_label(field), proposal.what,
                 field_saver(group_id, case_id, field), height=68, max_chars=1000,
                 placeholder=_("Ce que la personne ou la structure fera, en une phrase."))
    with due:
        field = proposal_field(number, "due")
        key = f"due-{group_id}-{case_id}-{number}-{proposal.due.version}"
        current = date.fromisoformat(proposal.due.text) if proposal.due.text else None
        st.date_input(field_label(field), current, key=key, format="DD/MM/YYYY",
                      on_change=_save_choice,
                      args=(group_id, case_id, field, key, proposal.due.version))


def case_sheet(group_id: int, case_id: int, written: bool = False) -> None:
    shown = tablets.case_sheet(ui.engine(), group_id, case_id, i18n.current())
    case, fields, directory = shown.case, shown.fields, shown.directory
    if error := st.session_state.pop("tablet_error", None):
        st.error(ui.plain(i18n.said(error)))
    # Open on a new sheet, and then kept as it was: an `expanded` that changed with the first
    # save would make Streamlit draw the expander anew, folded, under the typing hands.
    opened = st.session_state.setdefault(f"situation-open-{group_id}-{case_id}",
                                         written or not fields)  # a written case: read it
    with st.expander(ui.plain_label(_("La situation : {title}").format(title=case.title)),
                     expanded=opened):
        st.text(case.brief or _("(pas de description)"))
        if shown.themes:
            st.caption(_("Thèmes : {themes}").format(
                themes=ui.plain(", ".join(shown.themes.values()))))
        if suggested := suggest(directory, case.themes or []):
            st.caption(_("Structures qui couvrent ces thèmes : {names}").format(
                names=ui.plain(", ".join(entry.name for entry, _shared in suggested[:6]))))
    autosave_box(f"profile-{group_id}-{case_id}", field_label(PROFILE),
                 fields.get(PROFILE, FieldState()), field_saver(group_id, case_id, PROFILE),
                 placeholder=_("Qui est-elle ? Sa situation, ses ressources, ce qu'elle veut."))
    autosave_box(f"diagnosis-{group_id}-{case_id}", field_label(DIAGNOSIS),
                 fields.get(DIAGNOSIS, FieldState()), field_saver(group_id, case_id, DIAGNOSIS),
                 placeholder=_("Ce qui bloque, ce qui aide, les priorités."))
    st.subheader(_("Propositions"))
    for proposal in proposals(fields):
        with st.container(border=True):
            field = proposal_field(proposal.number, "text")
            autosave_box(f"text-{group_id}-{case_id}-{proposal.number}", field_label(field),
                         proposal.text, field_saver(group_id, case_id, field), height=90)
            referral_choice(group_id, shown, proposal)
            commitment_fields(group_id, case_id, proposal)
    st.button(_("Ajouter une proposition"), icon=":material/add:", on_click=_add_proposal,
              args=(group_id, case_id))


def merge_chosen(event: Event, case_count: int, number: int) -> bool:
    """After the last round: the merged group's view (True), unless the group goes back to
    its own cases."""
    numbers = set_of_group(event, case_count, number)
    if numbers is None:
        return False
    choice = st.segmented_control(_("Fin de journée"), [POOLING, OUR_CASES],
                                  format_func=lambda choice: _(choice), default=POOLING,
                                  key="end-of-day")
    if choice == OUR_CASES:
        return False
    st.subheader(set_label(numbers))
    pooled_view(event.id, numbers, f"tablet-{number}")
    return True


def this_round(case: Case, played: bool) -> None:
    """What the group does this round, said above the sheet."""
    if played:
        st.info(ui.plain(_("Ce tour-ci : {actor} vient jouer « {title} » dans votre "
                           "groupe.").format(actor=first_word(case.actor) or _("l’acteur·rice"),
                                             title=case.title)),
                icon=":material/theater_comedy:")
    else:
        st.info(ui.plain(_("Ce tour-ci : le cas écrit « {title} ». L'acteur·rice joue dans un "
                           "autre groupe : lisez ensemble la situation ci-dessous, puis "
                           "remplissez la fiche comme pour un cas joué.").format(
                               title=case.title)),
                icon=":material/edit_note:")


def render() -> None:
    group = ui.record_from_link("g", "group")
    if group is not None:
        group_page(group)
        language_switch(group.id)


def _save_language(group_id: int) -> None:
    tablets.set_group_language(ui.engine(), group_id, st.session_state[LANGUAGE_KEY])


LANGUAGE_KEY = "tablet_language"


def language_switch(group_id: int) -> None:
    """The group's language in one tap, for all its tablets, under the sheet (outside the
    refreshing page: the whole page is drawn again in the new language)."""
    st.caption(_("La langue de la tablette, pour tout le groupe :"))
    ui.language_choice(LANGUAGE_KEY, _save_language, (group_id,))


@st.fragment(run_every="2s")
@ui.live
def group_page(group) -> None:
    """The whole page, drawn again every two seconds: the clock, a new round's case, what the
    group's other tablets save.

    One fragment for all of it, and no full run of the page asked from inside (as the clock's
    and the sheet's own fragments did at each new round): with a full run and fragments'
    refreshes crossing on a loaded server, Streamlit once left the last round's sheet on
    screen beside the new one (a group typed there and nothing was saved), and once stopped
    the page on « Bad delta path » (a white screen): bench/rehearsal.py, issue 21."""
    day = tablets.group_day(ui.engine(), group)
    ui.speak(day.language)
    event, view, cases, members = day.event, day.clock, day.cases, day.members
    st.title(_("Groupe {name}").format(name=ui.plain(group.name or group.number)))
    data_link = "[" + _("vos données") + f"]({i18n.with_language(f'?d={event.uid}')})"
    st.caption(ui.plain(" · ".join([event.name, ", ".join(members)] if members else
                                   [event.name])) + " · " + data_link)
    clock_strip(view)
    met = cases_met_by_group(event, cases, group.number, min(view.round, view.rounds))
    if not met:
        upcoming = cases_met_by_group(event, cases, group.number, view.rounds)
        st.write(_("Les cas que votre groupe rencontrera : {cases}").format(cases=", ".join(
            _("tour {round} : {title}").format(round=r, title=ui.plain(c.title))
            for r, c in upcoming)) if upcoming else
            _("Aucun cas n'est encore prévu pour votre groupe."))
        return
    if view.finished and merge_chosen(event, len(cases), group.number):
        return
    current = case_of_group(event, cases, view.round, group.number)
    if current is None and not view.finished:
        st.success(_("Pas de cas pour votre groupe à ce tour : une pause, ou le temps de "
                     "compléter les cas précédents."))
    elif current is not None and not view.finished:
        this_round(current, played_in(event, len(cases), view.round, group.number))
    labels = {case.id: ui.plain_label(_("Tour {round} · {title}").format(round=r, title=case.title))
              for r, case in met}
    default = current.id if current is not None else met[-1][1].id
    chosen = st.segmented_control(_("Cas"), list(labels), format_func=labels.get,
                                  default=default, key=f"case-choice-{view.round}")
    shown = chosen or default
    case_sheet(group.id, shown, written=current is not None and shown == current.id
               and not played_in(event, len(cases), view.round, group.number))


if __name__ == "__main__":
    ui.hand_over_to_app()
