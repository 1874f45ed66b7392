"""A commitment's holder, from a reminder's link (`?c=TOKEN`): where it stands, changed in
one tap, without a password; the link can change this commitment and nothing else. In the
language of the email the link came in (`&l=`), or the one the holder chooses here."""

import streamlit as st

from partnerday import i18n, ui
from partnerday.commitments import MAX_NOTE, STATUSES, CommitmentRefused, case_title_in
from partnerday.digest import status_label
from partnerday.i18n import _
from partnerday.services import people

SAVED = "commitment_saved"


def save(token: str, status: str, with_details: bool) -> None:
    """Runs before the page is drawn again, so that the new status shows at once."""
    progress = st.session_state.get("progress") if with_details else None
    note = st.session_state.get("note", "") if with_details else ""
    try:
        row = people.update_commitment_by_link(ui.engine(), token, status, progress, note)
    except CommitmentRefused as refused:
        st.session_state[SAVED] = ("error", refused)
    else:
        st.session_state[SAVED] = ("success", (row.status, row.progress))
        st.session_state.pop("note", None)


def feedback() -> None:
    """The last save's outcome, said in the page's language (the callback ran before the
    page chose it)."""
    if saved := st.session_state.pop(SAVED, None):
        kind, outcome = saved
        if kind == "error":
            st.error(ui.refusal_text(outcome))
        else:
            st.success(_("Merci, c'est noté : {status}, {progress} %.").format(
                status=status_label(outcome[0]), progress=outcome[1]))


def render() -> None:
    token = ui.query_token("c")  # in `ui.visitor_language()`, set by app.py
    view = people.commitment_by_link(ui.engine(), token)
    if view is None:
        st.title(_("Lien non reconnu"))
        st.info(_("Ce lien de suivi n'est pas (ou plus) valide : l'engagement a peut-être été "
                  "retiré, ou le suivi de ce Partner Day est terminé."))
        return
    st.title(_("Votre engagement"))
    notice = "[" + _("vos données") + "](" + i18n.with_language(f"?d={view.event_uid}") + ")"
    case = case_title_in(view, i18n.current())
    st.caption(f"{ui.plain(view.event_name)} · {ui.plain(case)} · {notice}")
    ui.language_choice(ui.VISITOR_LANGUAGE)
    ui.text_block(view.what)
    facts = [_("pour le {day}").format(day=i18n.long_date(view.due)) if view.due else "",
             _("orientation : {service}").format(service=view.referral) if view.referral
             else ""]
    if any(facts):
        st.caption(ui.plain(" · ".join(f for f in facts if f)))
    st.markdown(_("Aujourd'hui : **{status}**, {progress} %").format(
        status=status_label(view.status), progress=view.progress))
    st.progress(view.progress / 100)
    feedback()
    st.subheader(_("Où en êtes-vous ?"))
    for status in STATUSES:
        st.button(status_label(status).capitalize(), key=f"status-{status}", width="stretch",
                  type="primary" if status == view.status else "secondary",
                  on_click=save, args=(view.token, status, False))
    with st.expander(_("Donner plus de nouvelles (avancement, un mot)")):
        st.slider(_("Avancement (%)"), 0, 100, view.progress, step=10, key="progress")
        st.text_area(_("Ce qui s'est passé"), max_chars=MAX_NOTE, key="note")
        labels = {s: status_label(s) for s in STATUSES}  # said now, in the page's language
        status = st.radio(_("État"), list(STATUSES), format_func=labels.get,
                          index=list(STATUSES).index(view.status), horizontal=True,
                          key="details-status")
        st.button(_("Enregistrer"), type="primary", on_click=save,
                  args=(view.token, status, True))
    if view.last_note:
        st.caption(_("Dernière nouvelle, le {day} : {note}").format(
            day=i18n.long_date(view.last_note_on), note=ui.plain(view.last_note)))


if __name__ == "__main__":
    ui.hand_over_to_app()
