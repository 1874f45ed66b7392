"""Organisers: the live questions ("baromètres"): create, edit, order, open, close, reveal,
project, start a new round, delete; moderate the wall; export answers and charts. In the
account's language (the questions themselves stay as written, with their translations)."""

import streamlit as st

from partnerday import charts, i18n, ui
from partnerday.i18n import _, ngettext
from partnerday.models import Poll
from partnerday.spreadsheet import csv_bytes
from partnerday.polls import KINDS, SIDES
from partnerday.refusals import Refusal
from partnerday.services import day


def act(action: str, *args) -> None:
    day.act_on_poll(ui.engine(), action, *args)
    st.rerun()


def question_fields(prefix: str, poll: Poll | None = None) -> dict:
    kinds = i18n.labels(KINDS)
    kind = poll.kind if poll else st.selectbox(_("Type"), list(kinds), format_func=kinds.get,
                                               key=f"{prefix}_kind")
    fields = {"question": st.text_input(_("Question"), value=poll.question if poll else "",
                                        max_chars=500, key=f"{prefix}_q")}
    if kind == "scale":
        cols = st.columns(4)
        fields["scale_min"] = int(cols[0].number_input(_("Min."), 0, 100, poll.scale_min if poll
                                                       else 0, key=f"{prefix}_min"))
        fields["scale_max"] = int(cols[1].number_input(_("Max."), 1, 100, poll.scale_max if poll
                                                       else 10, key=f"{prefix}_max"))
        fields["left_label"] = cols[2].text_input(_("Libellé à gauche"),
                                                  poll.left_label if poll
                                                  else _("créer du lien"), key=f"{prefix}_l")
        fields["right_label"] = cols[3].text_input(_("Libellé à droite"),
                                                   poll.right_label if poll
                                                   else _("produire du contenu"),
                                                   key=f"{prefix}_r")
    elif kind in ("single", "multiple", "ranking"):
        text = st.text_area(_("Options (une par ligne)"),
                            "\n".join(poll.options) if poll else "", key=f"{prefix}_o")
        fields["options"] = text.splitlines()
    st.caption(_("Aussi dans une autre langue : chaque participant·e lit la question dans la "
                 "sienne quand elle y est ; sinon, telle qu'écrite ci-dessus."))
    fields["translations"] = ui.translation_inputs(
        prefix, poll.translations if poll else None, translated_fields(kind))
    return {"kind": kind, **fields}


def translated_fields(kind: str) -> dict[str, tuple[str, str]]:
    shown = {"question": (_("Question"), "line")}
    if kind == "scale":
        shown |= {"left_label": (_("Libellé à gauche"), "line"),
                  "right_label": (_("Libellé à droite"), "line")}
    elif kind in ("single", "multiple", "ranking"):
        shown["options"] = (_("Options (une par ligne, dans le même ordre)"), "lines")
    return shown


def create_section(event_id: int) -> None:
    with st.expander(_("Nouvelle question"), icon=":material/add:"):
        fields = question_fields("new")
        if st.button(_("Créer la question"), type="primary"):
            kind = fields.pop("kind")
            try:
                day.create_poll(ui.engine(), event_id, kind, **fields)
            except Refusal as exc:
                ui.show_refusal(exc)
            else:
                st.rerun()


def poll_controls(poll: Poll) -> None:
    cols = st.columns(7)
    if cols[0].button(_("Fermer") if poll.is_open else _("Ouvrir"), key=f"open_{poll.id}",
                      type="secondary" if poll.is_open else "primary"):
        act("open", poll.id, not poll.is_open)
    if cols[1].button(_("Révéler") if poll.results_hidden else _("Masquer les résultats"),
                      key=f"hide_{poll.id}"):
        act("hide results", poll.id, not poll.results_hidden)
    if cols[2].button(_("Projeter"), key=f"proj_{poll.id}", disabled=poll.is_projected):
        act("project", poll.id)
    if cols[3].button("↑", key=f"up_{poll.id}"):
        act("move", poll.id, -1)
    if cols[4].button("↓", key=f"down_{poll.id}"):
        act("move", poll.id, 1)
    if cols[5].button(_("Nouveau tour"), key=f"reset_{poll.id}",
                      help=_("Les réponses repartent de zéro ; le tour précédent reste "
                             "disponible pour comparer.")):
        act("new round", poll.id)
    if cols[6].button(_("Supprimer"), key=f"del_{poll.id}"):
        st.session_state[f"confirm_{poll.id}"] = True
    if st.session_state.get(f"confirm_{poll.id}"):
        st.warning(_("Supprimer la question et toutes ses réponses ?"))
        if st.button(_("Oui, supprimer"), key=f"yes_{poll.id}"):
            st.session_state.pop(f"confirm_{poll.id}")
            act("delete", poll.id)


def poll_section(poll: Poll) -> None:
    state = " · ".join([_("🟢 ouverte") if poll.is_open else _("⚪ fermée")]
                       + ([_("résultats masqués")] if poll.results_hidden else [])
                       + ([_("projetée")] if poll.is_projected else [])
                       + [_("tour {number}").format(number=poll.round)])
    kind = _(KINDS[poll.kind])
    with st.expander(f"{poll.question} — {kind} ({state})"):
        poll_controls(poll)
        results, posts = day.poll_answers(ui.engine(), poll)
        st.caption(ngettext("{count} participant·e a répondu à ce tour.",
                            "{count} participant·e·s ont répondu à ce tour.",
                            results.voters).format(count=results.voters))
        if poll.kind == "wall":
            for post in posts:
                cols = st.columns([6, 1])
                side = _(SIDES[post.side])
                cols[0].text(f"{side} : {post.text}" +
                             (" " + _("(masqué)") if post.hidden else ""))
                if cols[1].button(_("Afficher") if post.hidden else _("Masquer"),
                                  key=f"post_{post.id}"):
                    act("hide post", post.id, not post.hidden)
        else:
            st.plotly_chart(charts.bars(poll, results), width="stretch",
                            key=f"chart_{poll.id}")
        st.download_button(_("Image du résultat (PNG)"), charts.result_png(poll, results),
                           f"question-{poll.position}.png", "image/png",
                           key=f"png_{poll.id}", icon=":material/image:")
        with st.popover(_("Modifier la question")):
            fields = question_fields(f"edit{poll.id}", poll)
            fields.pop("kind")
            if st.button(_("Enregistrer"), key=f"save_{poll.id}"):
                try:
                    day.edit_poll(ui.engine(), poll.id, **fields)
                except Refusal as exc:
                    ui.show_refusal(exc)
                else:
                    st.rerun()


def on_the_screen(event, polls) -> None:
    """How the projector shows the projected question, set here: the projector itself has no
    control, and follows within 2 seconds."""
    projected = next((p for p in polls if p.is_projected), None)
    st.subheader(_("À l'écran"))
    if projected is None:
        st.caption(_("Aucune question projetée : « Projeter » en choisit une."))
        return
    cols = st.columns([3, 2, 2])
    cols[0].markdown(f"**{ui.plain(projected.question)}**")
    split = cols[1].toggle(_("Par rôle (travailleur·euse·s / usager·ère·s)"),
                           value=event.projector_split)
    rounds = list(range(1, projected.round))
    current = event.projector_compare if event.projector_compare in rounds else None
    choices = {None: _("pas de comparaison"),
               **{r: _("tour {number}").format(number=r) for r in rounds}}
    compare = cols[2].selectbox(_("Comparer à un tour précédent"), list(choices),
                                index=list(choices).index(current),
                                disabled=not rounds or split, format_func=choices.get)
    if (split, None if split else compare) != (event.projector_split,
                                                None if event.projector_split else current):
        day.set_question_view(ui.engine(), event.id, split, compare)
        st.rerun()


def render() -> None:
    event = ui.require_current_event()
    st.title(_("Questions en direct"))
    page = day.polls_page(ui.engine(), event.id)
    polls, answers = page.polls, page.answers
    st.caption(_("Les participant·e·s répondent depuis leur page personnelle ; le projecteur "
                 "montre la question « projetée »."))
    create_section(event.id)
    on_the_screen(event, polls)
    for poll in polls:
        poll_section(poll)
    if not polls:
        st.info(_("Aucune question pour l'instant."))
    st.download_button(_("Exporter toutes les réponses (CSV, sans noms)"), csv_bytes(answers),
                       "reponses.csv", "text/csv", icon=":material/download:")


if __name__ == "__main__":
    ui.hand_over_to_app()
