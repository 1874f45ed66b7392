"""End of the day: merged groups (6 → 3) or all groups pool their work, case by case, side by
side, and write a synthesis (here on the projector, or on a group tablet). In the account's
language on the organisers' page, the group's on a tablet."""

import streamlit as st

from partnerday import formats, ui
from partnerday.i18n import _
from partnerday.autosave import autosave_box
from partnerday.findings import SYNTHESIS, field_label
from partnerday.merge import CaseWork, GroupWork, set_label
from partnerday.services import day, tablets


def field_saver(group_id: int, case_id: int, field: str):
    """What an autosave box calls: one field of one group's sheet, in a session of its own."""
    def save(text: str, base: int):
        return tablets.save_field(ui.engine(), group_id, case_id, field, text, base)
    return save


def group_column(work: GroupWork) -> None:
    st.markdown("#### " + _("Groupe {name}").format(name=work.group))
    st.caption(_("Profil"))
    ui.text_block(work.profile)
    st.caption(_("Diagnostic"))
    ui.text_block(work.diagnosis)
    st.caption(_("Propositions"))
    if not work.proposals:
        st.markdown("*" + _("aucune") + "*")
    for p in work.proposals:
        line = "- " + _("{proposal} · *groupe {group}*").format(
            proposal=ui.plain(p.text) or "*" + _("(sans texte)") + "*", group=p.group)
        if p.referral:
            line += f"  \n  → {ui.plain(p.referral)}"
        elif p.referral_removed:
            line += "  \n  → *" + _("structure retirée de l'annuaire") + "*"
        if p.is_commitment:
            line += "  \n  " + _("Engagement : {who} — {what}").format(
                who=ui.plain(p.who) or "?", what=ui.plain(p.what)) + (
                " " + _("(pour le {day})").format(day=ui.plain(formats.day(p.due)))
                if p.due else "")
        st.markdown(line)


def show_on_projector(event_id: int, set_index: int, case_id: int) -> None:
    day.show_pooling_on_projector(ui.engine(), event_id, set_index, case_id)


def show_case_work(work: CaseWork, key_prefix: str, projector: tuple[int, int] | None) -> None:
    """`projector`: (event id, set index) when this view may send a case to the projector."""
    with st.container(border=True):
        title, button = st.columns([5, 2], vertical_alignment="center")
        title.subheader(ui.plain(work.case.title))
        if projector is not None:
            button.button(_("Montrer au projecteur"), icon=":material/connected_tv:",
                          key=f"{key_prefix}-projector-{work.case.id}",
                          on_click=show_on_projector, args=(*projector, work.case.id),
                          help=_("L'écran de projection montre ce cas en 2 secondes : la "
                                 "synthèse et les propositions de chaque groupe."))
        for column, group in zip(st.columns(len(work.works)), work.works):
            with column:
                group_column(group)
        autosave_box(f"{key_prefix}-synthesis-{work.case.id}", field_label(SYNTHESIS),
                     work.synthesis, field_saver(work.synthesis_group_id, work.case.id, SYNTHESIS),
                     height=140, placeholder=_("Ce que le groupe retient ensemble : le profil, "
                                               "le diagnostic partagé, les propositions "
                                               "gardées."))


def pooled_view(event_id: int, numbers: tuple[int, ...], key_prefix: str,
                set_index: int | None = None) -> None:
    """`set_index` given (the organisers' page), each case can be sent to the projector."""
    work = tablets.pooled_work(ui.engine(), event_id, numbers)
    if not work:
        st.info(_("Rien à mettre en commun pour l'instant : les groupes n'ont pas encore de "
                  "cas."))
    for case_work in work:
        show_case_work(case_work, key_prefix,
                       None if set_index is None else (event_id, set_index))


@st.fragment(run_every="10s")
@ui.live
def merged_view(event_id: int, numbers: tuple[int, ...], set_index: int) -> None:
    """The pooling on the organisers' page, where what the tablets write shows up by itself."""
    pooled_view(event_id, numbers, "merge", set_index)


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Mise en commun"))
    sets = day.pooling_sets(ui.engine(), event)
    st.caption(_("Six groupes qui fusionnent en trois (paires réglées sur la page Cas), ou tous "
                 "les groupes qui mettent en commun. Chaque proposition garde le groupe d'où "
                 "elle vient ; la synthèse s'écrit ici ou sur la tablette du groupe."))
    labels = [set_label(numbers) for numbers in sets]
    chosen = st.segmented_control(_("Groupes"), list(range(len(sets))),
                                  format_func=labels.__getitem__, default=0)
    merged_view(event.id, sets[chosen or 0], chosen or 0)


if __name__ == "__main__":
    ui.hand_over_to_app()
