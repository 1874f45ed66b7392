"""Organisers: the current event at a glance."""

from datetime import date

import streamlit as st

from partnerday import charts, i18n, ui
from partnerday.commitments import STATUSES, commitments_frame
from partnerday.followup import PreviousResults
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
    where = " · ".join(x for x in (event.day and event.day.strftime("%d/%m/%Y"), event.place) if x)
    if where:
        st.caption(ui.plain(where))
    the_day(event.id)
    encounters_section(day.encounters(ui.engine(), event))
    projector_section(event)
    roles = role_counts(frame)
    cols = st.columns(4)
    cols[0].metric("Inscrit·e·s", len(frame))
    cols[1].metric("Structures", frame["organisation"].nunique())
    cols[2].metric("Travailleur·euse·s", roles["worker"])
    cols[3].metric("Usager·ère·s", roles["user"])
    carried_over(page.carried_over)
    if frame.empty:
        st.info("Aucun·e participant·e : importez les inscriptions dans « Participants ».")
        return
    st.plotly_chart(charts.people_by_organisation(organisation_counts(frame)), width="stretch")


@st.fragment(run_every="5s")
@ui.live
def the_day(event_id: int) -> None:
    """The day as it goes, every 5 seconds (the organisers' own view, not the projector's)."""
    overview = day.the_day(ui.engine(), event_id)
    st.subheader("La journée en direct")
    cols = st.columns(4)
    cols[0].metric("Arrivé·e·s / attendu·e·s", f"{overview.arrived} / {overview.expected}")
    cols[1].metric("Tables occupées", f"{overview.tables_used} / {overview.tables_laid}")
    cols[2].metric("Groupes", f"{overview.groups} publiés" if overview.groups_published else "pas encore")
    cols[3].metric("Engagements pris", overview.commitments,
                   f"{overview.commitments_done} tenus" if overview.commitments_done else None)
    if overview.without_group:
        st.warning(f"{overview.without_group} personne(s) arrivée(s) sans groupe : placez-les sur la "
                   "page Groupes.", icon=":material/person_add:")
    st.markdown(f":material/timer: {ui.plain(overview.clock)}")
    for question, voters in overview.questions:
        st.markdown(f":material/how_to_vote: **{ui.plain(question)}** · {voters} "
                    f"réponse(s) sur {overview.arrived} arrivé·e·s")
    if overview.groups_published and any(overview.sheets.values()):
        chart = charts.sheets_filled(overview.sheets)
        st.caption("Fiches remplies par groupe (profil, diagnostic, propositions, tous cas)")
        st.plotly_chart(chart, width="stretch")


def encounters_section(view: day.EncountersView) -> None:
    """How the day mixed organisations so far (no names), beside last year's."""
    now, before = view.now, view.previous
    if now.is_empty:
        return
    st.subheader("Rencontres entre structures")
    share = now.share_of_organisation_pairs
    cols = st.columns(3)
    cols[0].metric("Paires de personnes de structures différentes", number(now.cross_pairs),
                   None if before is None else
                   f"{now.cross_pairs - before.cross_pairs:+d} par rapport à l'an dernier")
    cols[1].metric("Paires de structures qui se sont rencontrées",
                   "—" if share is None else percent(share),
                   None if before is None or before.share_of_organisation_pairs is None
                   or share is None else
                   f"{100 * (share - before.share_of_organisation_pairs):+.0f} points")
    mean = now.mean_organisations_met
    cols[2].metric("Structures rencontrées par personne",
                   "—" if mean is None else number(mean, 1))
    st.caption("Nouvelles paires, " + " · ".join(f"{where} : {number(n)}"
                          for where, n in now.first_met_at.items())
               + (f" · l'an dernier : « {ui.plain(view.previous_name)} »" if before else ""))
    st.plotly_chart(charts.organisation_map(now), width="stretch")
    if before is not None:
        with st.expander(f"La carte de l'an dernier, « {ui.plain(view.previous_name)} »"):
            st.plotly_chart(charts.organisation_map(before), width="stretch",
                            key="last-year-map")
    st.caption("Combien d'autres structures chaque personne a rencontrées")
    st.plotly_chart(charts.organisations_met(now, before), width="stretch")


def projector_section(event) -> None:
    """The projector's computer opens the screen link once; from here on the laptop decides
    what it shows."""
    with st.expander("L'écran de projection", icon=":material/connected_tv:"):
        url = screen_link(ui.settings().base_url, event.screen_token)
        cols = st.columns([1, 3])
        cols[0].image(qr_png(url, box_size=4), caption="Le lien de l'écran",
                      alt="QR code du lien de l'écran de projection")
        cols[1].markdown("Sur l'ordinateur du projecteur, ouvrez ce lien (il ne montre que les "
                         "prénoms, sans mot de passe) :")
        cols[1].code(url, language=None)
        chosen = cols[1].segmented_control("L'écran montre", list(SCREENS),
                                           format_func=SCREENS.get,
                                           default=event.projector_screen)
        if chosen and chosen != event.projector_screen:
            day.show_on_projector(ui.engine(), event.id, chosen)
            st.rerun()
        shown = list(screen_languages(event))
        spoken = cols[1].pills("Langues de la salle, côte à côte (projecteur, chevalets, "
                               "affiche d'entrée)",
                               list(i18n.NAMES), selection_mode="multi", default=shown,
                               format_func=i18n.language_name, key="projector-languages")
        if spoken and set(spoken) != set(shown):
            day.set_projector_languages(ui.engine(), event.id, spoken)
            st.rerun()
        cols[1].caption("Le projecteur suit en 2 secondes. Les titres, l'horloge et les "
                        "consignes sont dits dans chaque langue ; les cartes, les graphiques "
                        "et le texte des cas dans la première.")


def last_year(previous: PreviousResults | None) -> None:
    """This year's dashboard opens on how last year's commitments ended."""
    if previous is None:
        return
    st.subheader(f"Ce qu'est devenu le Partner Day précédent, « {ui.plain(previous.event_name)} »")
    cols = st.columns(len(previous.counts) + 1)
    cols[0].metric("Engagements", previous.total)
    for col, (label, count) in zip(cols[1:], previous.counts.items()):
        col.metric(label.capitalize(), count)
    done = previous.counts[STATUSES["done"]]
    st.progress(done / previous.total, f"{percent(done / previous.total)} tenus")
    if not previous.carried:
        st.caption("Reprenez-les sur la page Engagements pour les revoir ensemble cette année.")


def retention_warnings(event, others: list[str]) -> None:
    """From a month before an event's retention date: the current one, and any other due."""
    if warning := retention_warning(event, date.today()):
        st.warning(ui.plain(warning), icon=":material/privacy_tip:")
    if others:
        st.warning(ui.plain(f"Données personnelles à anonymiser (durée de conservation "
                            f"passée) : {', '.join(others)}."), icon=":material/privacy_tip:")


def carried_over(rows: list[Commitment]) -> None:
    """Last year's commitments, to review together at this year's Partner Day."""
    if not rows:
        return
    st.subheader("Engagements de l'an dernier, à revoir")
    frame = commitments_frame(rows)
    done = int((frame["état"] == STATUSES["done"]).sum())
    st.caption(f"{done} sur {len(rows)} tenus · mises à jour sur la page Engagements.")
    st.dataframe(frame[["qui", "quoi", "cas", "état", "avancement", "dernière nouvelle"]],
                 hide_index=True, width="stretch",
                 column_config={"avancement": st.column_config.ProgressColumn(
                     "avancement", min_value=0, max_value=100, format="%d %%")})


if __name__ == "__main__":
    ui.hand_over_to_app()
