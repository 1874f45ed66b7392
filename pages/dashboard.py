"""Organisers: the current event at a glance, in the account's language."""

from datetime import date

import streamlit as st

from partnerday import charts, formats, i18n, ui
from partnerday.commitments import STATUSES, commitments_frame
from partnerday.encounters import where_they_met
from partnerday.followup import PreviousResults
from partnerday.i18n import _, ngettext
from partnerday.formats import number, percent
from partnerday.models import Commitment
from partnerday.projector import SCREENS, screen_languages
from partnerday.qr import qr_png, screen_link
from partnerday.participants import organisation_counts, role_counts
from partnerday.privacy import retention_warning
from partnerday.services import day


def render() -> None:
    event = ui.require_current_event()
    page = day.dashboard(ui.engine(), event, date.today())
    frame = page.participants
    st.title(ui.plain(event.name))
    retention_warnings(event, page.other_events_due)
    last_year(page.last_year)
    where = " · ".join(x for x in (formats.day(event.day), event.place) if x)
    if where:
        st.caption(ui.plain(where))
    the_day(event.id)
    encounters_section(day.encounters(ui.engine(), event))
    projector_section(event)
    roles = role_counts(frame)
    cols = st.columns(4)
    cols[0].metric(_("Inscrit·e·s"), len(frame))
    cols[1].metric(_("Structures"), frame["organisation"].nunique())
    cols[2].metric(_("Travailleur·euse·s"), roles["worker"])
    cols[3].metric(_("Usager·ère·s"), roles["user"])
    carried_over(page.carried_over)
    if frame.empty:
        st.info(_("Aucun·e participant·e : importez les inscriptions dans « Participants »."))
        return
    st.plotly_chart(charts.people_by_organisation(organisation_counts(frame)), width="stretch")


@st.fragment(run_every="5s")
@ui.live
def the_day(event_id: int) -> None:
    """The day as it goes, every 5 seconds (the organisers' own view, not the projector's)."""
    overview = day.the_day(ui.engine(), event_id)
    st.subheader(_("La journée en direct"))
    cols = st.columns(4)
    cols[0].metric(_("Arrivé·e·s / attendu·e·s"), f"{overview.arrived} / {overview.expected}")
    cols[1].metric(_("Tables occupées"), f"{overview.tables_used} / {overview.tables_laid}")
    cols[2].metric(_("Groupes"), _("{count} publiés").format(count=overview.groups)
                   if overview.groups_published else _("pas encore"))
    cols[3].metric(_("Engagements pris"), overview.commitments,
                   _("{count} tenus").format(count=overview.commitments_done)
                   if overview.commitments_done else None)
    if overview.without_group:
        st.warning(ngettext("{count} personne arrivée sans groupe : placez-la sur la page "
                            "Groupes.",
                            "{count} personnes arrivées sans groupe : placez-les sur la page "
                            "Groupes.", overview.without_group).format(
            count=overview.without_group), icon=":material/person_add:")
    st.markdown(f":material/timer: {ui.plain(overview.clock)}")
    for question, voters in overview.questions:
        answers = ngettext("{count} réponse sur {arrived} arrivé·e·s",
                           "{count} réponses sur {arrived} arrivé·e·s", voters).format(
            count=voters, arrived=overview.arrived)
        st.markdown(f":material/how_to_vote: **{ui.plain(question)}** · {answers}")
    if overview.groups_published and any(overview.sheets.values()):
        chart = charts.sheets_filled(overview.sheets)
        st.caption(_("Fiches remplies par groupe (profil, diagnostic, propositions, tous cas)"))
        st.plotly_chart(chart, width="stretch")


def encounters_section(view: day.EncountersView) -> None:
    """How the day mixed organisations so far (no names), beside last year's."""
    now, before = view.now, view.previous
    if now.is_empty:
        return
    st.subheader(_("Rencontres entre structures"))
    share = now.share_of_organisation_pairs
    cols = st.columns(3)
    cols[0].metric(_("Paires de personnes de structures différentes"), number(now.cross_pairs),
                   None if before is None else
                   _("{change} par rapport à l'an dernier").format(
                       change=f"{now.cross_pairs - before.cross_pairs:+d}"))
    cols[1].metric(_("Paires de structures qui se sont rencontrées"),
                   "—" if share is None else percent(share),
                   None if before is None or before.share_of_organisation_pairs is None
                   or share is None else
                   _("{change} points").format(
                       change=f"{100 * (share - before.share_of_organisation_pairs):+.0f}"))
    mean = now.mean_organisations_met
    cols[2].metric(_("Structures rencontrées par personne"),
                   "—" if mean is None else number(mean, 1))
    new_pairs = ", ".join(f"{number(n)} {where_they_met(where)}"
                          for where, n in now.first_met_at.items())
    last_year_name = _("l'an dernier : « {event} »").format(event=ui.plain(view.previous_name))
    st.caption(_("Nouvelles paires : {where}").format(where=new_pairs)
               + (f" · {last_year_name}" if before else ""))
    st.plotly_chart(charts.organisation_map(now), width="stretch")
    if before is not None:
        with st.expander(_("La carte de l'an dernier, « {event} »").format(
                event=ui.plain(view.previous_name))):
            st.plotly_chart(charts.organisation_map(before), width="stretch",
                            key="last-year-map")
    st.caption(_("Combien d'autres structures chaque personne a rencontrées"))
    st.plotly_chart(charts.organisations_met(now, before), width="stretch")


def projector_section(event) -> None:
    """The projector's computer opens the screen link once; from here on the laptop decides
    what it shows."""
    with st.expander(_("L'écran de projection"), icon=":material/connected_tv:"):
        url = screen_link(ui.settings().base_url, event.screen_token)
        cols = st.columns([1, 3])
        cols[0].image(qr_png(url, box_size=4), caption=_("Le lien de l'écran"),
                      alt=_("QR code du lien de l'écran de projection"))
        cols[1].markdown(_("Sur l'ordinateur du projecteur, ouvrez ce lien (il ne montre que "
                           "les prénoms, sans mot de passe) :"))
        cols[1].code(url, language=None)
        chosen = cols[1].segmented_control(_("L'écran montre"), list(SCREENS),
                                           format_func=i18n.labels(SCREENS).get,
                                           default=event.projector_screen)
        if chosen and chosen != event.projector_screen:
            day.show_on_projector(ui.engine(), event.id, chosen)
            st.rerun()
        shown = list(screen_languages(event))
        spoken = cols[1].pills(_("Langues de la salle, côte à côte (projecteur, chevalets, "
                                 "affiche d'entrée)"),
                               list(i18n.NAMES), selection_mode="multi", default=shown,
                               format_func=i18n.language_name, key="projector-languages")
        if spoken and set(spoken) != set(shown):
            day.set_projector_languages(ui.engine(), event.id, spoken)
            st.rerun()
        cols[1].caption(_("Le projecteur suit en 2 secondes. Les titres, l'horloge et les "
                          "consignes sont dits dans chaque langue ; les cartes, les graphiques "
                          "et le texte des cas dans la première."))


def last_year(previous: PreviousResults | None) -> None:
    """This year's dashboard opens on how last year's commitments ended."""
    if previous is None:
        return
    st.subheader(_("Ce qu'est devenu le Partner Day précédent, « {event} »").format(
        event=ui.plain(previous.event_name)))
    cols = st.columns(len(previous.counts) + 1)
    cols[0].metric(_("Engagements"), previous.total)
    for col, (label, count) in zip(cols[1:], previous.counts.items()):
        col.metric(_(label).capitalize(), count)
    done = previous.counts[STATUSES["done"]]
    st.progress(done / previous.total, _("{share} tenus").format(
        share=percent(done / previous.total)))
    if not previous.carried:
        st.caption(_("Reprenez-les sur la page Engagements pour les revoir ensemble cette "
                     "année."))


def retention_warnings(event, others: list[str]) -> None:
    """From a month before an event's retention date: the current one, and any other due."""
    if warning := retention_warning(event, date.today()):
        st.warning(ui.plain(warning), icon=":material/privacy_tip:")
    if others:
        st.warning(ui.plain(_("Données personnelles à anonymiser (durée de conservation "
                              "passée) : {events}.").format(events=", ".join(others))),
                   icon=":material/privacy_tip:")


def carried_over(rows: list[Commitment]) -> None:
    """Last year's commitments, to review together at this year's Partner Day."""
    if not rows:
        return
    st.subheader(_("Engagements de l'an dernier, à revoir"))
    frame = commitments_frame(rows)
    done = int((frame["état"] == STATUSES["done"]).sum())
    st.caption(_("{done} sur {total} tenus · mises à jour sur la page Engagements.").format(
        done=done, total=len(rows)))
    frame["état"] = frame["état"].map(_)
    st.dataframe(frame[["qui", "quoi", "cas", "état", "avancement", "dernière nouvelle"]],
                 hide_index=True, width="stretch",
                 column_config={"qui": _("qui"), "quoi": _("quoi"), "cas": _("cas"),
                                "état": _("état"), "dernière nouvelle": _("dernière nouvelle"),
                                "avancement": st.column_config.ProgressColumn(
                                    _("avancement"), min_value=0, max_value=100,
                                    format="%d %%")}, placeholder=ui.NO_VALUE)


if __name__ == "__main__":
    ui.hand_over_to_app()
