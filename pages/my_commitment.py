"""A commitment's holder, from a reminder's link (`?c=TOKEN`): where it stands, changed in
one tap, without a password; the link can change this commitment and nothing else."""

import streamlit as st

from partnerday import ui
from partnerday.commitments import MAX_NOTE, STATUSES, CommitmentRefused
from partnerday.services import people

SAVED = "commitment_saved"


def save(token: str, status: str, with_details: bool) -> None:
    """Runs before the page is drawn again, so that the new status shows at once."""
    progress = st.session_state.get("progress") if with_details else None
    note = st.session_state.get("note", "") if with_details else ""
    try:
        row = people.update_commitment_by_link(ui.engine(), token, status, progress, note)
    except CommitmentRefused as refused:
        st.session_state[SAVED] = ("error", ui.refusal_text(refused))
    else:
        st.session_state[SAVED] = ("success", f"Merci, c'est noté : {STATUSES[row.status]}, "
                                              f"{row.progress} %.")
        st.session_state.pop("note", None)


def render() -> None:
    token = ui.query_token("c")
    view = people.commitment_by_link(ui.engine(), token)
    if view is None:
        st.title("Lien non reconnu")
        st.info("Ce lien de suivi n'est pas (ou plus) valide : l'engagement a peut-être été "
                "retiré, ou le suivi de ce Partner Day est terminé.")
        return
    st.title("Votre engagement")
    st.caption(f"{ui.plain(view.event_name)} · {ui.plain(view.case_title)} · "
               f"[vos données](?d={view.event_uid})")
    ui.text_block(view.what)
    facts = [f"pour le {view.due:%d/%m/%Y}" if view.due else "",
             f"orientation : {view.referral}" if view.referral else ""]
    if any(facts):
        st.caption(ui.plain(" · ".join(f for f in facts if f)))
    st.markdown(f"Aujourd'hui : **{STATUSES[view.status]}**, {view.progress} %")
    st.progress(view.progress / 100)
    if feedback := st.session_state.pop(SAVED, None):
        (st.error if feedback[0] == "error" else st.success)(feedback[1])
    st.subheader("Où en êtes-vous ?")
    for status, label in STATUSES.items():
        st.button(label.capitalize(), key=f"status-{status}", width="stretch",
                  type="primary" if status == view.status else "secondary",
                  on_click=save, args=(view.token, status, False))
    with st.expander("Donner plus de nouvelles (avancement, un mot)"):
        st.slider("Avancement (%)", 0, 100, view.progress, step=10, key="progress")
        st.text_area("Ce qui s'est passé", max_chars=MAX_NOTE, key="note")
        status = st.radio("État", list(STATUSES), format_func=STATUSES.get,
                          index=list(STATUSES).index(view.status), horizontal=True,
                          key="details-status")
        st.button("Enregistrer", type="primary", on_click=save,
                  args=(view.token, status, True))
    if view.last_news:
        st.caption(f"Dernière nouvelle : {ui.plain(view.last_news)}")


if __name__ == "__main__":
    ui.hand_over_to_app()
