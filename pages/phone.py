"""A participant's own page, opened from the QR code on their badge (`?p=TOKEN`): opening it
on the day checks them in and shows their breakfast table, later their group."""

import base64
import html
from datetime import datetime, time, timedelta, timezone

import streamlit as st

from partnerday import i18n, ui
from partnerday.i18n import N_, _, ngettext
from partnerday import content, formats
from partnerday.formats import LOCAL_TIME
from partnerday.commitments import STATUSES, case_title_in
from partnerday.directory import Entry, search
from partnerday.arrival import Seat
from partnerday.easy_read import Screen, screens
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
padding:0.5rem 0 0.25rem;">{hello}</h1>
<p style="font-size:0.875rem;color:#55514d;margin:0 0 0.5rem;">{subtitle} ·
<a href="?d={uid}&amp;l={lang}" target="_self" style="color:inherit;">{data}</a> ·
<a href="?a={uid}&amp;l={lang}" target="_self" style="color:inherit;">{access}</a></p>"""
WELCOME = """<div role="status" style="background:rgba(33,195,84,0.1);color:rgb(23,114,51);
border-radius:0.5rem;padding:0.75rem 1rem;margin:0.5rem 0;">{text}</div>"""
BIG = """<div style="text-align:center;border:2px solid #0b6e4f;border-radius:14px;
padding:0.6rem 0.4rem;margin:0.6rem 0;"><div style="font-size:1.05rem;">{label}</div>
<div style="font-size:3.4rem;font-weight:700;color:#0b6e4f;line-height:1.1;">{value}</div></div>"""
COOKIE = ("<script>document.cookie='" + TOKEN_COOKIE + "={token};path=/;max-age={seconds};"
          "SameSite=Lax'+(location.protocol==='https:'?';Secure':'')</script>")
NOW = '<p style="text-align:center;font-size:1.05rem;margin:-0.2rem 0 0.6rem;">{text}</p>'
CIRCLES = ('<div style="text-align:center;border:2px dashed #0b6e4f;border-radius:14px;'
           'padding:0.5rem;margin:0.6rem 0;font-size:1.1rem;">{title}<br>{rounds}</div>')
NOT_ME = ('<p style="font-size:0.875rem;margin:0 0 0.5rem;"><a href="{link}" target="_self">'
          "{not_me}</a> {forget}</p>")


def not_me() -> str:
    return NOT_ME.format(link=html.escape(i18n.with_language("?f=1")),
                         not_me=_("Ce n'est pas moi"),
                         forget=_("(ce téléphone oubliera cette page)"))


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
    """Everything typed by people is escaped; the scripts are the page's French
    (`ui.page_language`) and the phone's cookie, from a token already checked to be well
    formed."""
    parts = [greeting(badge, f"{badge.event_name} · {badge.organisation}")]
    if seat is not None and seat.newly_checked_in:
        parts.append(WELCOME.format(text=_("Bienvenue : votre arrivée est enregistrée.")))
    if seat is not None:
        parts.append(big_box(_("Votre table du petit déjeuner"), seat.table_number))
    if badge.group_number is not None:
        parts.append(big_box(_("Votre groupe de travail"), badge.group_name or badge.group_number))
        if case_now:
            parts.append(NOW.format(text=_(
                "Ce tour-ci, votre groupe travaille sur le cas <b>{case}</b>").format(
                    case=html.escape(case_now))))
        elif pooling_now:
            parts.append(NOW.format(text=_(
                "C'est la mise en commun : <b>{groups}</b> ensemble").format(
                    groups=html.escape(pooling_now))))
    if circles:
        parts.append(CIRCLES.format(title=_("Tables tournantes"), rounds=" · ".join(
            _("tour {round} : <b>cercle {circle}</b>").format(round=n, circle=circle)
            for n, circle in enumerate(circles, 1))))
    parts += [not_me(), page_scripts(cookie_token)]
    return "\n".join(parts)


def greeting(badge: PersonalPage, subtitle: str) -> str:
    return GREETING.format(
        hello=_("Bonjour {first_name}\u00a0!").format(first_name=html.escape(badge.first_name)),
        subtitle=html.escape(subtitle), uid=html.escape(badge.event_uid), lang=i18n.current(),
        data=_("vos données"), access=_("accessibilité"))


def page_scripts(cookie_token: str | None, style: str = "") -> str:
    """The page's basics (`ui.page_basics`' parts) and, when given, the phone's cookie."""
    scripts = ui.READABLE + ui.page_language() + ui.LINK_PAGE + ui.RECOVER + style
    if cookie_token is None:
        return scripts
    return scripts + COOKIE.format(token=cookie_token,
                                   seconds=seconds_until_midnight(datetime.now(timezone.utc)))


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
        st.session_state[FEEDBACK] = ("error", exc, poll_id)
    else:
        st.session_state[FEEDBACK] = ("success", None, poll_id)
        if kind == "wall":
            st.session_state[f"{key}_answer"] = ""  # ready for another argument


def scale_label(poll: Poll) -> str:
    """The slider's name says what its two ends mean, so that a screen reader says it with
    the value (« Votre position (0 = créer du lien, 10 = produire du contenu), 5 »)."""
    if not (poll.left_label or poll.right_label):
        return _("Votre position")
    return ui.plain_label(_("Votre position ({ends})").format(ends=scale_legend(poll, ", ")))


def answer_form(poll: Poll, person_id: int, previous: dict | None) -> None:
    key = f"poll_{poll.id}_{poll.round}"
    language = i18n.current()  # the question as organisers gave it in the person's language
    labels = content.option_labels(poll, language)  # the answer stays the source's option
    with st.form(key):
        st.markdown(f"**{ui.plain(content.text_in(poll, 'question', language))}**")
        if poll.kind == "scale":
            middle = (poll.scale_min + poll.scale_max) // 2
            st.slider(scale_label(poll), poll.scale_min, poll.scale_max,
                      (previous or {}).get("value", middle), key=f"{key}_answer")
        elif poll.kind == "single":
            index = poll.options.index(previous["choice"]) if previous else None
            st.radio(_("Votre choix"), poll.options, index=index, format_func=labels.get,
                     key=f"{key}_answer")
        elif poll.kind == "multiple":
            st.multiselect(_("Vos choix"), poll.options, format_func=labels.get,
                           default=(previous or {}).get("choices", []), key=f"{key}_answer")
        elif poll.kind == "ranking":
            st.caption(_("Choisissez les options dans l'ordre de votre préférence, de la "
                         "première à la dernière."))
            st.multiselect(_("Votre classement"), poll.options, format_func=labels.get,
                           default=(previous or {}).get("order", []), key=f"{key}_answer")
        else:
            st.radio(_("Votre argument est"), list(SIDES), format_func=lambda s: _(SIDES[s]),
                     horizontal=True, key=f"{key}_side")
            st.text_area(_("Votre argument (court)"), max_chars=280, key=f"{key}_answer")
        st.form_submit_button(_("Publier") if poll.kind == "wall" else _("Envoyer"),
                              type="primary", width="stretch", on_click=submit_answer,
                              args=(poll.id, poll.kind, person_id, key))
    if previous:
        st.caption(_("Réponse enregistrée : vous pouvez la changer tant que la question est "
                     "ouverte."))


def polls_section(polls: list[Poll], previous: dict[int, dict | None], person_id: int,
                  checked_in: bool) -> None:
    """Each answer's « Merci » (or why not) under the question it answers; above them all
    when that question closed meanwhile."""
    feedback = st.session_state.pop(FEEDBACK, None)
    if feedback and feedback[2] not in {p.id for p in polls}:
        show_feedback(feedback)
    if not polls:
        return
    st.subheader(_("Questions ouvertes"))
    if not checked_in:
        st.info(_("Vous pourrez répondre dès votre arrivée enregistrée à l'accueil."))
        return
    for poll in polls:
        answer_form(poll, person_id, previous[poll.id])
        if feedback and feedback[2] == poll.id:
            show_feedback(feedback)


def show_feedback(feedback: tuple[str, VoteRefused | None, int]) -> None:
    """Said in the page's language: the answer was judged before the page was drawn."""
    if feedback[0] == "error":
        st.error(ui.refusal_text(feedback[1]))
    else:
        st.success(_("Merci, c'est enregistré."))


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
    ui.speak(badge.language)
    if not badge.event_is_current:
        st.title(_("Lien d'un autre événement"))
        st.info(_("Ce badge était pour « {event} », qui n'est pas l'événement en cours. "
                  "Adressez-vous à l'accueil pour recevoir votre nouveau badge.").format(
                      event=ui.plain(badge.event_name)))
        people_met_section(badge, [])  # what the day created stays with them
        return
    current = shared.event_id == badge.event_id  # False only in the second it changed
    polls = shared.polls if current else []
    previous = {poll.id: page.previous.get(poll.id) for poll in polls}
    commitments = page.commitments
    seat = seat_of(badge)

    cookie = cookie_to_set(token)
    case = (shared.cases_now or {}).get(badge.group_number) if current else None
    case_now = case.said(i18n.current()) if case else None
    pooling_now = (shared.pooling_now or {}).get(badge.group_number) if current else None
    circles = (shared.mixing or {}).get(badge.person_id, ()) if current else ()
    if badge.easy_read:
        easy_read_page(badge, seat, cookie, case_now, pooling_now, polls, previous,
                       commitments)
        if not ui.room_is_pushed():
            follow_the_day(shared.signature())
        return
    st.html(header_html(badge, seat, cookie, case_now, pooling_now, circles),
            unsafe_allow_javascript=True)
    language_switch(badge)
    if seat is None:
        st.info(_("L'accueil n'est pas encore ouvert : votre table du petit déjeuner vous "
                  "sera donnée quand vous scannerez votre badge à l'arrivée."))
    elif current and shared.groups_published and badge.group_number is None:
        st.info(_("Les groupes de travail sont déjà formés : l'équipe vous place dans l'un "
                  "d'eux dans un instant. Restez à votre table : votre groupe s'affichera ici "
                  "tout seul."), icon=":material/group_add:")
    polls_section(polls, previous, badge.person_id,
                  checked_in=seat is not None or badge.checked_in)
    my_commitments(commitments, badge.first_name)
    if after_the_day(badge, current and bool(shared.pooling_now)):
        people_met_section(badge, shared.directory if current else [])
    directory_section(shared.directory if current else [])
    if not ui.room_is_pushed():  # the server draws the page again itself when it can
        follow_the_day(shared.signature())


LANGUAGE_KEY = "phone_language"


def save_language(person_id: int) -> None:
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen:
        people.set_language(ui.engine(), person_id, chosen)


def language_switch(badge: PersonalPage) -> None:
    """One tap: the page, and what the person receives afterwards, in that language."""
    ui.language_choice(LANGUAGE_KEY, save_language, (badge.person_id,))


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


EASY_STYLE = """<style>
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li
  {font-size:1.25rem !important;line-height:1.5}
[data-testid="stMainBlockContainer"] button {min-height:3.6rem;font-size:1.25rem}
[data-testid="stMainBlockContainer"] button p {font-size:1.25rem !important}
</style>"""
EASY_SCREEN = """<div style="text-align:center;margin:0.4rem 0 0.8rem;">
<img alt="{picture}" width="96" height="96" src="data:image/svg+xml;base64,{pictogram}">
<h2 style="font-size:1.9rem;margin:0.2rem 0 0.6rem;">{title}</h2>
{sentences}</div>"""
PICTOGRAMS = {  # drawn, not emoji: a phone without an emoji font shows them too
    "table": '<path d="M6 18h36M10 18v20M38 18v20M6 18l4-6h28l4 6"/>',
    "group": '<circle cx="24" cy="14" r="5"/><circle cx="11" cy="19" r="4"/>'
             '<circle cx="37" cy="19" r="4"/><path d="M15 40c0-7 4-12 9-12s9 5 9 12'
             'M3 38c0-5 3-9 8-9M45 38c0-5-3-9-8-9"/>',
    "question": '<circle cx="24" cy="24" r="19"/><path d="M18 19a6 6 0 1 1 8 5.6'
                'c-1.3.6-2 1.6-2 3V30"/><circle cx="24" cy="36" r="1" fill="#0b6e4f"/>',
    "commitments": '<rect x="7" y="7" width="34" height="34" rx="6"/>'
                   '<path d="M15 25l6 6 12-13"/>'}
PICTURES = {kind: base64.b64encode(  # Streamlit's HTML keeps images, not inline SVG
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" fill="none" stroke="#0b6e4f" '
     f'stroke-width="3" stroke-linecap="round" stroke-linejoin="round">{drawing}</svg>'
     ).encode()).decode() for kind, drawing in PICTOGRAMS.items()}
"""Each screen's picture as an SVG file's base64, encoded once."""
PICTURE_NAMES = {"table": N_("Une table"), "group": N_("Un groupe de personnes"),
                 "question": N_("Un point d'interrogation"), "commitments": N_("Une coche")}
EASY_STEP = "easy_read_screen"


def easy_read_page(badge: PersonalPage, seat: Seat | None, cookie: str | None,
                   case_now: str | None, pooling_now: str | None, polls: list[Poll],
                   previous: dict[int, dict | None], commitments: list) -> None:
    """One thing per screen, with a picture, short sentences and big buttons; the same
    check-in, answers and rules as the ordinary page."""
    parts = [greeting(badge, badge.event_name), not_me()]
    if seat is not None and seat.newly_checked_in:
        parts.append(WELCOME.format(text=_("Bienvenue. Vous êtes bien arrivé·e.")))
    parts.append(page_scripts(cookie, EASY_STYLE))
    st.html("\n".join(parts), unsafe_allow_javascript=True)
    language_switch(badge)
    table = seat.table_number if seat is not None else badge.table_number
    group = badge.group_name or (str(badge.group_number) if badge.group_number else None)
    shown = screens(table, badge.checkin_open, group, case_now, pooling_now,
                    [p.id for p in polls], len(commitments),
                    checked_in=seat is not None or badge.checked_in)
    where = st.session_state.get(EASY_STEP)
    index = next((i for i, s in enumerate(shown) if (s.kind, s.poll_id) == where), 0)
    screen = shown[index]
    easy_screen(screen, table, group)
    if screen.kind == "question":
        poll = next(p for p in polls if p.id == screen.poll_id)
        feedback = st.session_state.pop(FEEDBACK, None)
        answer_form(poll, badge.person_id, previous[poll.id])
        if feedback:
            show_feedback(feedback)
    elif screen.kind == "commitments":
        for c in commitments:
            st.markdown("- " + (ui.plain(c.what) or _("(sans description)"))
                        + (" (" + _("pour le {day}").format(day=formats.day(c.due)) + ")"
                           if c.due else ""))
    st.caption(_("Écran {number} sur {count}").format(number=index + 1, count=len(shown)))
    back, forward = st.columns(2)
    back.button(_("← Avant"), width="stretch", disabled=index == 0, on_click=_go_to,
                args=(shown[max(0, index - 1)],))
    forward.button(_("Après →"), width="stretch", type="primary",
                   disabled=index == len(shown) - 1, on_click=_go_to,
                   args=(shown[min(len(shown) - 1, index + 1)],))


def _go_to(screen: Screen) -> None:
    st.session_state[EASY_STEP] = (screen.kind, screen.poll_id)


def easy_screen(screen: Screen, table: int | None, group: str | None) -> None:
    sentences = "".join(f'<p style="font-size:1.35rem;margin:0.2rem 0;">{html.escape(s)}</p>'
                        for s in screen.sentences)
    big = (big_box(_("Table"), table) if screen.kind == "table" and table is not None else
           big_box(_("Groupe"), group) if screen.kind == "group" else "")
    st.html(EASY_SCREEN.format(picture=_(PICTURE_NAMES[screen.kind]),
                               pictogram=PICTURES[screen.kind], title=html.escape(screen.title),
                               sentences=sentences) + big)


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
    st.subheader(_("Mes engagements"))
    for c in rows:
        with st.form(f"commitment-{c.id}"):
            st.markdown("**" + (ui.plain(c.what) or _("(sans description)")) + "**")
            st.caption(ui.plain(" · ".join(x for x in (
                case_title_in(c, i18n.current()),
                c.referral and _("orientation : {referral}").format(referral=c.referral),
                c.due and _("pour le {day}").format(day=formats.day(c.due))) if x)))
            status = st.selectbox(_("État"), list(STATUSES),
                                  format_func=lambda s: _(STATUSES[s]),
                                  index=list(STATUSES).index(c.status))
            progress = st.slider(_("Avancement (%)"), 0, 100, c.progress, step=10)
            note = st.text_input(_("Une nouvelle ?"), max_chars=1000)
            if st.form_submit_button(_("Mettre à jour")):
                people.update_my_commitment(ui.engine(), c.id, status, progress, note, first)
                st.success(_("Merci, c'est noté."))


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
    st.subheader(_("Les personnes rencontrées"))
    if not met.people:
        st.info(_("Les personnes rencontrées aujourd'hui apparaîtront ici (celles qui ont "
                  "choisi d'y figurer)."))
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
        with st.expander(_("Ce que font leurs structures ({count})").format(
                count=len(services))):
            for entry in services:
                st.markdown(f"**{ui.plain(entry.name)}**")
                st.text(entry.services_for(i18n.current()))
    st.toggle(_("Partager mon e-mail avec les personnes rencontrées qui partagent le leur"),
              value=met.shares_email, key=SHARE_KEY, on_change=save_met_choices,
              args=(badge.person_id,),
              help=_("Désactivé au départ. Vous voyez les e-mails de celles et ceux qui le "
                     "partagent aussi. Vous pouvez changer d'avis à tout moment."))
    st.toggle(_("Apparaître dans la liste des personnes que j'ai rencontrées (prénom et "
                "structure)"), value=met.listed, key=LISTED_KEY, on_change=save_met_choices,
              args=(badge.person_id,))
    if any(p.email for p in met.people):
        st.download_button(_("Ajouter ces contacts à mon téléphone (vCard)"),
                           vcards(met.people, badge.event_name), "contacts-partner-day.vcf",
                           "text/vcard", icon=":material/contacts:", width="stretch")


def directory_section(directory: list[Entry]) -> None:
    if not directory:
        return
    st.subheader(_("Qui fait quoi ?"))
    label = ngettext("Chercher la structure partenaire",
                     "Chercher parmi les {count} structures partenaires", len(directory))
    query = st.text_input(label.format(count=len(directory)), key="directory_query",
                          max_chars=100,
                          placeholder=_("un service, un thème : logement, crèche, dettes…"))
    found = search(directory, query)
    if not found:
        st.info(_("Aucune structure ne correspond à cette recherche."))
    for entry in found[:30] if query else []:
        with st.container(border=True):
            st.markdown(f"**{ui.plain(entry.name)}**")
            if entry.themes:
                st.caption(ui.plain(", ".join(entry.themes_for(i18n.current()))))
            if entry.services:
                st.text(entry.services_for(i18n.current()))


if __name__ == "__main__":
    ui.hand_over_to_app()
