"""A participant's own page, opened from the QR code on their badge (`?p=TOKEN`): opening it
on the day checks them in and shows their breakfast table, later their group."""

import html
from datetime import datetime, time, timedelta, timezone

import streamlit as st

from partnerday import ui
from partnerday.formats import LOCAL_TIME
from partnerday.commitments import STATUSES
from partnerday.directory import Entry, search
from partnerday.arrival import Seat
from partnerday.models import Poll
from partnerday.participants import PersonalPage
from partnerday.polls import SIDES, VoteRefused, scale_legend
from partnerday.contacts import vcards
from partnerday.encounters import where_they_met
from partnerday.services import people
from partnerday.tokens import is_well_formed

TOKEN_COOKIE = "pd_p"

# The greeting, the welcome, the table, the group and the cookie are one element: when the
# whole room opens its page at once, each element costs every phone about 0.2 ms of the
# server's CPU (bench/phone_burst.py), and all phones wait for all of them.
GREETING = """<h1 style="font-size:2.1rem;font-weight:700;line-height:1.2;margin:0;
padding:0.5rem 0 0.25rem;">Bonjour {first_name}&nbsp;!</h1>
<p style="font-size:0.875rem;color:#55514d;margin:0 0 0.5rem;">{subtitle} ·
<a href="?d={uid}" target="_self" style="color:inherit;">vos données</a></p>"""
WELCOME = """<div role="status" style="background:rgba(33,195,84,0.1);color:rgb(23,114,51);
border-radius:0.5rem;padding:0.75rem 1rem;margin:0.5rem 0;">{text}</div>"""
BIG = """<div style="text-align:center;border:2px solid #0b6e4f;border-radius:14px;
padding:0.6rem 0.4rem;margin:0.6rem 0;"><div style="font-size:1.05rem;">{label}</div>
<div style="font-size:3.4rem;font-weight:700;color:#0b6e4f;line-height:1.1;">{value}</div></div>"""
COOKIE = ("<script>document.cookie='" + TOKEN_COOKIE + "={token};path=/;max-age={seconds};"
          "SameSite=Lax'+(location.protocol==='https:'?';Secure':'')</script>")
NOW = '<p style="text-align:center;font-size:1.05rem;margin:-0.2rem 0 0.6rem;">{text}</p>'
CASE_NOW = "Ce tour-ci, votre groupe travaille sur le cas <b>{case}</b>"
POOLING_NOW = "C'est la mise en commun : <b>{groups}</b> ensemble"
CIRCLES = ('<div style="text-align:center;border:2px dashed #0b6e4f;border-radius:14px;'
           'padding:0.5rem;margin:0.6rem 0;font-size:1.1rem;">Tables tournantes<br>{rounds}'
           "</div>")
NOT_ME = ('<p style="font-size:0.875rem;margin:0 0 0.5rem;"><a href="?f=1" target="_self">'
          "Ce n'est pas moi</a> (ce téléphone oubliera cette page)</p>")


def seconds_until_midnight(now: datetime) -> int:
    """The remembered link lasts until the end of the day, Brussels time (a shared phone
    forgets it overnight)."""
    local = now.astimezone(LOCAL_TIME)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=LOCAL_TIME)
    return max(60, int((midnight - local).total_seconds()))


def big_box(label: str, value: object) -> str:
    return BIG.format(label=html.escape(label), value=html.escape(str(value)))


def header_html(badge: PersonalPage, seat: Seat | None, cookie_token: str | None,
                case_now: str | None = None, pooling_now: str | None = None,
                circles: tuple[int, ...] = ()) -> str:
    """Everything typed by people is escaped; the only script sets the phone's cookie, from a
    token already checked to be well formed."""
    parts = [GREETING.format(first_name=html.escape(badge.first_name),
                             subtitle=html.escape(f"{badge.event_name} · {badge.organisation}"),
                             uid=html.escape(badge.event_uid))]
    if seat is not None and seat.newly_checked_in:
        parts.append(WELCOME.format(text="Bienvenue : votre arrivée est enregistrée."))
    if seat is not None:
        parts.append(big_box("Votre table du petit déjeuner", seat.table_number))
    if badge.group_number is not None:
        parts.append(big_box("Votre groupe de travail", badge.group_name or badge.group_number))
        if case_now:
            parts.append(NOW.format(text=CASE_NOW.format(case=html.escape(case_now))))
        elif pooling_now:
            parts.append(NOW.format(text=POOLING_NOW.format(groups=html.escape(pooling_now))))
    if circles:
        parts.append(CIRCLES.format(rounds=" · ".join(
            f"tour {n} : <b>cercle {circle}</b>" for n, circle in enumerate(circles, 1))))
    parts.append(NOT_ME)
    parts.append(ui.READABLE)
    if cookie_token is not None:
        parts.append(COOKIE.format(token=cookie_token,
                                   seconds=seconds_until_midnight(datetime.now(timezone.utc))))
    return "\n".join(parts)


def cookie_to_set(token: str) -> str | None:
    """A first-party cookie, so that the projected QR (the same for everyone) can bring this
    phone back to its own page. A phone that already sent it is not asked again."""
    return None if st.context.cookies.get(TOKEN_COOKIE) == token else token


FEEDBACK = "poll_feedback"


def submit_answer(poll_id: int, kind: str, person_id: int, key: str) -> None:
    """Runs before the page is drawn again, so that the answer is judged even if the question
    closed meanwhile (its form would then be gone), and the person told either way."""
    answer = st.session_state.get(f"{key}_answer")
    try:
        people.answer(ui.engine(), poll_id, kind, person_id, answer,
                      st.session_state.get(f"{key}_side"))
    except VoteRefused as exc:
        st.session_state[FEEDBACK] = ("error", ui.refusal_text(exc), poll_id)
    else:
        st.session_state[FEEDBACK] = ("success", "Merci, c'est enregistré.", poll_id)
        if kind == "wall":
            st.session_state[f"{key}_answer"] = ""  # ready for another argument


def answer_form(poll: Poll, person_id: int, previous: dict | None) -> None:
    key = f"poll_{poll.id}_{poll.round}"
    with st.form(key):
        named_ends = poll.kind == "scale" and (poll.left_label or poll.right_label)
        st.markdown(f"**{ui.plain(poll.question)}**" + (
            f"  \n:gray[{ui.plain(scale_legend(poll))}]" if named_ends else ""))
        if poll.kind == "scale":
            middle = (poll.scale_min + poll.scale_max) // 2
            st.slider("Votre position", poll.scale_min, poll.scale_max,
                      (previous or {}).get("value", middle), key=f"{key}_answer")
        elif poll.kind == "single":
            index = poll.options.index(previous["choice"]) if previous else None
            st.radio("Votre choix", poll.options, index=index, key=f"{key}_answer")
        elif poll.kind == "multiple":
            st.multiselect("Vos choix", poll.options, default=(previous or {}).get("choices", []),
                           key=f"{key}_answer")
        elif poll.kind == "ranking":
            st.caption("Choisissez les options dans l'ordre de votre préférence, de la première "
                       "à la dernière.")
            st.multiselect("Votre classement", poll.options,
                           default=(previous or {}).get("order", []), key=f"{key}_answer")
        else:
            st.radio("Votre argument est", list(SIDES), format_func=SIDES.get, horizontal=True,
                     key=f"{key}_side")
            st.text_area("Votre argument (court)", max_chars=280, key=f"{key}_answer")
        st.form_submit_button("Publier" if poll.kind == "wall" else "Envoyer", type="primary",
                              width="stretch", on_click=submit_answer,
                              args=(poll.id, poll.kind, person_id, key))
    if previous:
        st.caption("Réponse enregistrée : vous pouvez la changer tant que la question est "
                   "ouverte.")


def polls_section(polls: list[Poll], previous: dict[int, dict | None], person_id: int,
                  checked_in: bool) -> None:
    """Each answer's « Merci » (or why not) under the question it answers; above them all
    when that question closed meanwhile."""
    feedback = st.session_state.pop(FEEDBACK, None)
    if feedback and feedback[2] not in {p.id for p in polls}:
        show_feedback(feedback)
    if not polls:
        return
    st.subheader("Questions ouvertes")
    if not checked_in:
        st.info("Vous pourrez répondre dès votre arrivée enregistrée à l'accueil.")
        return
    for poll in polls:
        answer_form(poll, person_id, previous[poll.id])
        if feedback and feedback[2] == poll.id:
            show_feedback(feedback)


def show_feedback(feedback: tuple[str, str, int]) -> None:
    (st.error if feedback[0] == "error" else st.success)(feedback[1])


def render() -> None:
    token = ui.query_token("p")
    if not is_well_formed(token):
        ui.invalid_link_page()
        return
    shared = ui.shared_room()
    page = people.phone_page(ui.engine(), token, shared.polls)
    if page is None:
        ui.invalid_link_page()
        return
    badge = page.badge
    if not badge.event_is_current:
        st.title("Lien d'un autre événement")
        st.info(f"Ce badge était pour « {ui.plain(badge.event_name)} », qui n'est pas "
                "l'événement en cours. Adressez-vous à l'accueil pour recevoir votre "
                "nouveau badge.")
        people_met_section(badge, [])  # what the day created stays with them
        return
    current = shared.event_id == badge.event_id  # False only in the second it changed
    polls = shared.polls if current else []
    previous = {poll.id: page.previous.get(poll.id) for poll in polls}
    commitments = page.commitments
    seat = seat_of(badge)

    cookie = cookie_to_set(token)
    case_now = (shared.cases_now or {}).get(badge.group_number) if current else None
    pooling_now = (shared.pooling_now or {}).get(badge.group_number) if current else None
    circles = (shared.mixing or {}).get(badge.person_id, ()) if current else ()
    st.html(header_html(badge, seat, cookie, case_now, pooling_now, circles),
            unsafe_allow_javascript=cookie is not None)
    if seat is None:
        st.info("L'accueil n'est pas encore ouvert : votre table du petit déjeuner vous sera "
                "donnée quand vous scannerez votre badge à l'arrivée.")
    elif current and shared.groups_published and badge.group_number is None:
        st.info("Les groupes de travail sont déjà formés : l'équipe vous place dans l'un "
                "d'eux dans un instant. Restez à votre table : votre groupe s'affichera ici "
                "tout seul.", icon=":material/group_add:")
    polls_section(polls, previous, badge.person_id,
                  checked_in=seat is not None or badge.checked_in)
    my_commitments(commitments, badge.first_name)
    if after_the_day(badge, current and bool(shared.pooling_now)):
        people_met_section(badge, shared.directory if current else [])
    directory_section(shared.directory if current else [])
    if not ui.room_is_pushed():  # the server draws the page again itself when it can
        follow_the_day(shared.signature())


FOLLOW = "3s"
"""An open phone page is drawn again by the server as soon as the room moves (a question
opened or closed, groups published or a latecomer placed, a new round, the pooling:
partnerday/push.py), at no cost while the room stands still. Should the push ever stop, the
page looks by itself this often instead: each look reads only the shared state every phone
reads and draws nothing unless something changed (150 pages looking cost about 10 % of a
core, bench/rehearsal.py)."""


@st.fragment(run_every=FOLLOW)
def follow_the_day(shown: tuple) -> None:
    if ui.shared_room().signature() != shown:
        st.rerun(scope="app")


def seat_of(badge: PersonalPage) -> Seat | None:
    """Opening the page checks the person in while check-in is open (once: a seated person
    keeps their table)."""
    if not badge.checkin_open:
        return None
    if badge.table_number is not None:
        return Seat(badge.person_id, badge.table_number, newly_checked_in=False)
    return people.check_in(ui.engine(), badge.person_id)


def my_commitments(rows: list, first: str) -> None:
    if not rows:
        return
    st.subheader("Mes engagements")
    for c in rows:
        with st.form(f"commitment-{c.id}"):
            st.markdown(f"**{ui.plain(c.what) or '(sans description)'}**")
            st.caption(ui.plain(" · ".join(x for x in (
                c.case_title, c.referral and f"orientation : {c.referral}",
                c.due and f"pour le {c.due:%d/%m/%Y}") if x)))
            status = st.selectbox("État", list(STATUSES), format_func=STATUSES.get,
                                  index=list(STATUSES).index(c.status))
            progress = st.slider("Avancement (%)", 0, 100, c.progress, step=10)
            note = st.text_input("Une nouvelle ?", max_chars=1000)
            if st.form_submit_button("Mettre à jour"):
                people.update_my_commitment(ui.engine(), c.id, status, progress, note, first)
                st.success("Merci, c'est noté.")


def after_the_day(badge: PersonalPage, rounds_over: bool) -> bool:
    """From the end of the case rounds, and on any day after the event's."""
    today = datetime.now(timezone.utc).astimezone(LOCAL_TIME).date()
    return rounds_over or (badge.event_day is not None and badge.event_day < today)


SHARE_KEY, LISTED_KEY = "met_share_email", "met_listed"


def save_met_choices(person_id: int) -> None:
    people.set_met_choices(ui.engine(), person_id, bool(st.session_state.get(SHARE_KEY)),
                           bool(st.session_state.get(LISTED_KEY)))


def people_met_section(badge: PersonalPage, directory: list[Entry]) -> None:
    """Whom they met (first names and organisations), what those organisations do, and the
    contacts of those who chose to share theirs, as they did."""
    met = people.people_met(ui.engine(), badge.person_id)
    st.subheader("Les personnes rencontrées")
    if not met.people:
        st.info("Les personnes rencontrées aujourd'hui apparaîtront ici (celles qui ont "
                "choisi d'y figurer).")
    for where in met.activities:  # in the day's order, each person where they first met
        here = [p for p in met.people if p.where[0] == where]
        if not here:
            continue
        lines = "\n".join(f"- **{ui.plain(p.first_name)}** · {ui.plain(p.organisation)}"
                          + (f"  \n  :material/mail: {ui.plain(p.email)}" if p.email else "")
                          for p in here)
        title = f"{where_they_met(where, own=True).capitalize()} ({len(here)})"
        if len(here) > 8:
            with st.expander(title):
                st.markdown(lines)
        else:
            st.markdown(f"**{title}**\n\n{lines}")
    theirs = {p.organisation for p in met.people}
    services = [e for e in directory if e.name in theirs and e.services]
    if services:
        with st.expander(f"Ce que font leurs structures ({len(services)})"):
            for entry in services:
                st.markdown(f"**{ui.plain(entry.name)}**")
                st.text(entry.services)
    st.toggle("Partager mon e-mail avec les personnes rencontrées qui partagent le leur",
              value=met.shares_email, key=SHARE_KEY, on_change=save_met_choices,
              args=(badge.person_id,),
              help="Désactivé au départ. Vous voyez les e-mails de celles et ceux qui le "
                   "partagent aussi. Vous pouvez changer d'avis à tout moment.")
    st.toggle("Apparaître dans la liste des personnes que j'ai rencontrées (prénom et "
              "structure)", value=met.listed, key=LISTED_KEY, on_change=save_met_choices,
              args=(badge.person_id,))
    if any(p.email for p in met.people):
        st.download_button("Ajouter ces contacts à mon téléphone (vCard)",
                           vcards(met.people, badge.event_name), "contacts-partner-day.vcf",
                           "text/vcard", icon=":material/contacts:", width="stretch")


def directory_section(directory: list[Entry]) -> None:
    if not directory:
        return
    st.subheader("Qui fait quoi ?")
    among = (f"parmi les {len(directory)} structures partenaires" if len(directory) > 1
             else "la structure partenaire")
    query = st.text_input(f"Chercher {among}", key="directory_query", max_chars=100,
                          placeholder="un service, un thème : logement, crèche, dettes…")
    found = search(directory, query)
    if not found:
        st.info("Aucune structure ne correspond à cette recherche.")
    for entry in found[:30] if query else []:
        with st.container(border=True):
            st.markdown(f"**{ui.plain(entry.name)}**")
            if entry.themes:
                st.caption(ui.plain(", ".join(entry.themes)))
            if entry.services:
                st.text(entry.services)


if __name__ == "__main__":
    ui.hand_over_to_app()
