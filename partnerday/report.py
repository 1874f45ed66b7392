"""The follow-up report everyone receives, written to be read: the day in figures and the
commitments that matter most first; then case by case the synthesis and a table of the
proposals (referred to whom, with the organisation's contact, who, by when); the barometers,
each with one line saying what it shows; who took part (no names); the groups' full notes
last, in an annex.

`build_report` reads the database into plain data; `report_html`, `report_pdf` and
`commitments_csv` render it, the first two in the language asked for (each participant's copy
is in theirs): the report's own words, figures, dates and charts are translated, the texts
people typed stay as they were typed. Every text people typed passes
`privacy.service_users_hidden` (no service user's last name) and is escaped.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import pandas as pd
from sqlmodel import Session, select

from fpdf.fonts import FontFace

from partnerday.sorting import by_name
from partnerday.cases import list_cases
from partnerday.charts import organisation_map_png, result_png
from partnerday.encounters import Encounters, event_encounters, previous_encounters, \
    where_they_met
from partnerday import content, formats
from partnerday.i18n import N_, _, current, ngettext, speaking
from partnerday.merge import CaseWork, GroupWork, ProposalLine, merge_sets, merged_work, \
    set_label
from partnerday.models import Commitment, Event, Organisation, Participant, Poll, Role
from partnerday.polls import Results, list_polls, poll_results, round_moment
from partnerday.printing import GREEN, Sheet, latin1
from partnerday.privacy import service_users_hidden
from partnerday.spreadsheet import csv_bytes
from partnerday.themes import said_in

SECTIONS: dict[str, str] = {
    "cases": N_("Cas : synthèses et tableau des propositions"),
    "commitments": N_("Tous les engagements (qui, quoi, pour quand)"),
    "polls": N_("Baromètres et questions"),
    "participation": N_("Participation (structures et nombres, sans noms)"),
    "encounters": N_("Rencontres entre structures (chiffres et carte, sans noms)"),
    "annex": N_("Annexe : les notes complètes des groupes"),
}
COMMITMENT_COLUMNS = {"case": "cas", "group": "groupe", "who": "qui", "what": "quoi",
                      "due": "pour quand", "referral": "orientation"}
HIGHLIGHTS_UNSTARRED = 5
"""Without starred commitments, the first page shows this many (the soonest due first)."""
NOTHING_YET = N_("Il n'y a encore rien à rapporter pour cet événement : ni travail des "
                 "groupes, ni réponses, ni participant·e·s.")


@dataclass(frozen=True)
class CaseSection:
    title: str
    actor: str
    brief: str
    themes: list[str]
    works: list[tuple[str, CaseWork]]  # (set label, the set's work on the case)
    translations: dict | None = None  # the title and situation the organisers gave in others
    theme_translations: dict | None = None  # the event's vocabulary of themes (themes.py)

    @property
    def shown_title(self) -> str:
        """The title in the language of the copy being written, where it was given."""
        return content.text_in(self, "title", current())

    @property
    def shown_brief(self) -> str:
        return content.text_in(self, "brief", current())

    @property
    def shown_themes(self) -> list[str]:
        return said_in(self.themes, self.theme_translations, current())

    def proposals(self) -> list[ProposalLine]:
        return [p for _, work in self.works for g in work.works for p in g.proposals]

    def syntheses(self) -> list[tuple[str, str]]:
        return [(label, work.synthesis.text) for label, work in self.works
                if work.synthesis.text.strip()]

    def group_notes(self) -> list[GroupWork]:
        return [g for _, work in self.works for g in work.works]


@dataclass(frozen=True)
class PollSection:
    """A question's results, said (`line`) and drawn (`png`) in the language of the copy
    being written."""
    poll: Poll
    results: Results
    by_role: dict[str, Results] | None = None
    first: tuple[Results, datetime | None] | None = None
    last_moment: datetime | None = None
    with_chart: bool = False  # drawn only when the report shows the charts
    _charts: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def question(self) -> str:
        return content.text_in(self.poll, "question", current())

    @property
    def voters(self) -> int:
        return self.results.voters

    def line(self) -> str:
        """What the chart shows, in one sentence."""
        return poll_line(self.poll, self.results, self.by_role, self.first, self.last_moment)

    def png(self) -> bytes | None:
        """The chart, drawn once per language."""
        if not self.with_chart:
            return None
        if (language := current()) not in self._charts:
            self._charts[language] = result_png(self.poll, self.results)
        return self._charts[language]


@dataclass(frozen=True)
class Participation:
    organisations: list[tuple[str, int, int]]  # name, workers, service users
    roles: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.roles.values())


@dataclass(frozen=True)
class Figures:
    people: int
    organisations: int
    workers: int
    users: int
    cases: int
    proposals: int
    referrals: int
    commitments: int

    def cards(self) -> list[tuple[int, str]]:
        return [(self.people, _("participant·e·s")), (self.organisations, _("structures")),
                (self.workers, _("travailleur·euse·s")), (self.users, _("usager·ère·s")),
                (self.cases, _("cas étudiés")), (self.proposals, _("propositions")),
                (self.referrals, _("orientations")), (self.commitments, _("engagements"))]


@dataclass(frozen=True)
class Highlight:
    """A commitment on the first page."""
    who: str
    what: str
    due: date | None
    case: str
    referral: str
    starred: bool


@dataclass(frozen=True)
class EncountersPart:
    now: Encounters
    previous_name: str | None
    previous: Encounters | None
    map_png: bytes  # organisations only

    def lines(self) -> list[str]:
        """The figures in sentences, this year beside last year's when there is one."""
        now, before = self.now, self.previous
        share = now.share_of_organisation_pairs
        where = ", ".join(f"{formats.number(n)} {where_they_met(place)}"
                          for place, n in now.first_met_at.items() if n)
        pairs = _("{count} paires de structures sur {total} se sont rencontrées par au moins "
                  "une personne").format(count=formats.number(now.organisation_pairs_met),
                                         total=formats.number(now.organisation_pairs))
        lines = [_("{count} paires de personnes de structures différentes se sont rencontrées "
                   "({where}).").format(count=formats.number(now.cross_pairs), where=where)
                 if now.cross_pairs else _("Aucune rencontre entre structures notée."),
                 pairs + (f" ({formats.percent(share)})" if share is not None else "") + "."]
        if now.mean_organisations_met is not None:
            lines.append(_("Chaque personne a rencontré en moyenne {count} autres "
                           "structures.").format(
                count=formats.number(now.mean_organisations_met, 1)))
        if before is not None and before.share_of_organisation_pairs is not None:
            last_year = _("L'an dernier (« {event} ») : {pairs} paires de personnes, {share} des "
                          "paires de structures").format(
                event=self.previous_name, pairs=formats.number(before.cross_pairs),
                share=formats.percent(before.share_of_organisation_pairs))
            if before.mean_organisations_met is not None:
                last_year += _(", {count} structures rencontrées par personne").format(
                    count=formats.number(before.mean_organisations_met, 1))
            lines.append(last_year + ".")
        return lines

    def spread(self) -> tuple[list[str], list[list[str]]]:
        """How many other organisations people met: the share of people for each count,
        this year and, when there is one, last year (the two days differ in size)."""
        def shares(found: Encounters | None) -> dict[int, str]:
            if found is None:
                return {}
            people = sum(found.distribution.values()) or 1
            return {k: formats.percent(n / people) for k, n in found.distribution.items()}
        now, before = shares(self.now), shares(self.previous)
        counts = sorted(set(now) | set(before))
        headers = [_("Autres structures rencontrées"), _("Personnes (cette année)")] + (
            [_("L'an dernier")] if self.previous is not None else [])
        return headers, [[str(k), f"{self.now.distribution.get(k, 0)} ({now.get(k, '0 %')})"]
                         + ([before.get(k, "—")] if self.previous is not None else [])
                         for k in counts]


@dataclass
class Report:
    event_name: str
    day: date | None
    place: str
    sections: list[str]
    figures: Figures
    highlights: list[Highlight] = field(default_factory=list)
    cases: list[CaseSection] = field(default_factory=list)
    polls: list[PollSection] = field(default_factory=list)
    participation: Participation | None = None
    encounters: EncountersPart | None = None

    def commitments(self) -> list[ProposalLine]:
        return [p for case in self.cases for p in case.proposals() if p.is_commitment]

    def shown_case(self, title: str) -> str:
        """A case's title as a proposal or a commitment carries it (as written), in the
        language of the copy being written where the organisers gave it."""
        case = next((c for c in self.cases if c.title == title), None)
        return case.shown_title if case else title

    @property
    def is_empty(self) -> bool:
        return not (any(c.proposals() or any(g.profile or g.diagnosis for g in c.group_notes())
                        for c in self.cases)
                    or any(p.voters for p in self.polls) or self.figures.people)


# --- reading ---------------------------------------------------------------------------------

def _hidden_work(work: CaseWork, hide: Callable[[str], str]) -> CaseWork:
    groups = [replace(g, profile=hide(g.profile), diagnosis=hide(g.diagnosis),
                      proposals=[replace(p, text=hide(p.text), who=hide(p.who),
                                         what=hide(p.what)) for p in g.proposals])
              for g in work.works]
    return replace(work, works=groups,
                   synthesis=replace(work.synthesis, text=hide(work.synthesis.text)))


def _cases(session: Session, event: Event, hide: Callable[[str], str]) -> list[CaseSection]:
    cases = list_cases(session, event.id)
    works: dict[int, list[tuple[str, CaseWork]]] = defaultdict(list)
    for numbers in merge_sets(event, len(cases)):
        for work in merged_work(session, event, numbers):
            works[work.case.id].append((set_label(numbers), _hidden_work(work, hide)))
    return [CaseSection(c.title, c.actor, c.brief, list(c.themes or []), works[c.id],
                        c.translations, event.theme_translations) for c in cases]


def _values(results: Results) -> list[int]:
    return [int(k) for k, n in results.counts.items() for _vote in range(int(n))]


def poll_line(poll: Poll, results: Results, by_role: dict[str, Results] | None = None,
              first: tuple[Results, datetime | None] | None = None,
              last_moment: datetime | None = None) -> str:
    """One sentence saying what a question's chart shows: for a scale its mean and spread,
    workers beside service users, the first round beside the last; for choices the first."""
    if poll.kind == "scale" and results.mean is not None:
        values = _values(results)
        line = _("Moyenne {mean} sur {top}").format(mean=formats.number(results.mean),
                                                   top=poll.scale_max)
        if len(values) >= 4:
            low, _median, high = statistics.quantiles(values, n=4, method="inclusive")
            line += _(" ; la moitié des réponses entre {low} et {high}").format(
                low=round(low), high=round(high))
        line += " (" + ngettext("{count} réponse", "{count} réponses", results.voters).format(
            count=results.voters) + ")."
        means = {role: r.mean for role, r in (by_role or {}).items() if r.mean is not None}
        if Role.worker.value in means and Role.user.value in means:
            line += " " + _("Travailleur·euse·s {workers}, usager·ère·s {users}.").format(
                workers=formats.number(means[Role.worker.value]),
                users=formats.number(means[Role.user.value]))
        if first is not None and first[0].mean is not None:
            line += " " + _("Premier tour{when} : {first}, dernier{last_when} : {last}.").format(
                when=_at(first[1]), first=formats.number(first[0].mean),
                last_when=_at(last_moment), last=formats.number(results.mean))
        return line
    if poll.kind in ("single", "multiple", "ranking") and results.counts and results.voters:
        best = max(results.counts, key=results.counts.get)
        option = content.option_labels(poll, current()).get(best, best)
        if poll.kind == "ranking":
            return _("En tête du classement : « {option} » ({count} classements).").format(
                option=option, count=results.voters)
        return _("Le plus choisi : « {option} » ({votes} voix, {count} répondant·e·s).").format(
            option=option, votes=int(results.counts[best]), count=results.voters)
    if poll.kind == "wall":
        return _("{pro} argument(s) pour, {con} contre.").format(
            pro=len(results.posts.get("pro", [])), con=len(results.posts.get("con", [])))
    return ngettext("{count} réponse.", "{count} réponses.", results.voters).format(
        count=results.voters)


def _at(moment: datetime | None) -> str:
    return " (" + _("vers {time}").format(time=formats.clock(moment)) + ")" if moment else ""


def _polls(session: Session, event_id: int, with_charts: bool) -> list[PollSection]:
    sections = []
    for poll in list_polls(session, event_id):
        results = poll_results(session, poll)
        if not results.voters:
            continue
        by_role = first = last_moment = None
        if poll.kind == "scale":
            by_role = {role: poll_results(session, poll, role=role)
                       for role in (Role.worker.value, Role.user.value)}
            if poll.round > 1:
                first = (poll_results(session, poll, round_=1), round_moment(session, poll, 1))
                last_moment = round_moment(session, poll, poll.round)
        sections.append(PollSection(poll, results, by_role, first, last_moment, with_charts))
    return sections


def _participation(session: Session, event_id: int) -> Participation:
    rows = session.exec(select(Participant.role, Participant.checked_in_at, Organisation.name)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.event_id == event_id)).all()
    present = [r for r in rows if r[1] is not None] or rows  # before the day: registered
    counts: dict[str, Counter] = defaultdict(Counter)
    for role, _arrived, organisation in present:
        counts[organisation][role] += 1
    return Participation(
        by_name(((name, c[Role.worker.value], c[Role.user.value])
                 for name, c in counts.items()), lambda row: row[0]),
        dict(Counter(role for role, _arrived, _organisation in present)))


def _figures(cases: list[CaseSection], part: Participation, commitments: int) -> Figures:
    proposals = [p for c in cases for p in c.proposals()]
    return Figures(part.total, len(part.organisations), part.roles.get(Role.worker.value, 0),
                   part.roles.get(Role.user.value, 0), sum(1 for c in cases if c.works),
                   len(proposals), sum(1 for p in proposals if p.referral), commitments)


def _highlights(session: Session, event_id: int, hide: Callable[[str], str]
                ) -> list[Highlight]:
    """The starred commitments; without any, the first few with a due date."""
    rows = list(session.exec(select(Commitment).where(Commitment.event_id == event_id,
                                                      Commitment.carried_from == "")
                             .order_by(Commitment.id)))
    chosen = [c for c in rows if c.starred] or sorted(
        (c for c in rows if c.due), key=lambda c: c.due)[:HIGHLIGHTS_UNSTARRED]
    return [Highlight(hide(c.who), hide(c.what), c.due, c.case_title, c.referral, c.starred)
            for c in chosen]


def build_report(session: Session, event_id: int, sections: list[str] | None = None) -> Report:
    event = session.get(Event, event_id)
    sections = [s for s in SECTIONS if s in (sections or list(SECTIONS))]
    hide = service_users_hidden(session, event_id)
    cases = _cases(session, event, hide)
    participation = _participation(session, event_id)
    commitments = session.exec(select(Commitment.id).where(
        Commitment.event_id == event_id, Commitment.carried_from == "")).all()
    report = Report(event.name, event.day, event.place, sections,
                    _figures(cases, participation, len(commitments)),
                    _highlights(session, event_id, hide), cases,
                    _polls(session, event_id, "polls" in sections),
                    participation if "participation" in sections else None,
                    _encounters(session, event) if "encounters" in sections else None)
    return report


def _encounters(session: Session, event: Event) -> EncountersPart | None:
    now = event_encounters(session, event)
    if now.is_empty:
        return None
    previous = previous_encounters(session, event)
    return EncountersPart(now, *(previous or (None, None)), organisation_map_png(now))


def commitments_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{"case": p.case, "group": p.group, "who": p.who, "what": p.what,
                          "due": p.due, "referral": p.referral} for p in report.commitments()],
                        columns=list(COMMITMENT_COLUMNS)).rename(columns=COMMITMENT_COLUMNS)


def commitments_csv(report: Report) -> bytes:
    return csv_bytes(commitments_frame(report))


def _heading(report: Report) -> str:
    return " · ".join(x for x in (formats.day(report.day), report.place) if x)


def _referral_lines(p: ProposalLine) -> list[str]:
    """The organisation, then whom to ask there (name, address), one per line."""
    if p.referral_removed:
        return [_("(structure retirée de l'annuaire)")]
    if not p.referral:
        return []
    return [p.referral, *(x.strip() for x in p.referral_contact.split(" · ") if x.strip())]


def _case_meta(case: CaseSection) -> str:
    return " · ".join(x for x in (
        case.actor and _("Joué par {actor}").format(actor=case.actor),
        case.themes and _("thèmes : {themes}").format(themes=", ".join(case.shown_themes)))
        if x)


def _highlights_title(report: Report) -> str:
    return (_("Les engagements à retenir") if any(h.starred for h in report.highlights)
            else _("Les premiers engagements à échéance"))


def _people_line(part: Participation) -> str:
    roles = part.roles
    return _("{total} personnes de {organisations} structures : {workers} travailleur·euse·s, "
             "{users} usager·ère·s, {facilitators} animateur·rice·s.").format(
        total=part.total, organisations=len(part.organisations),
        workers=roles.get("worker", 0), users=roles.get("user", 0),
        facilitators=roles.get("facilitator", 0))


def table_of_contents(report: Report) -> list[tuple[str, str]]:
    """(anchor, title) of the report's sections, in order, in the current language."""
    entries = [("chiffres", _("La journée en chiffres"))]
    if "cases" in report.sections:
        entries += [(f"cas-{i}", _("Cas : {title}").format(title=c.shown_title))
                    for i, c in enumerate(report.cases, 1)]
    if "commitments" in report.sections:
        entries.append(("engagements", _("Tous les engagements")))
    if "polls" in report.sections:
        entries.append(("barometres", _("Baromètres et questions")))
    if report.participation is not None:
        entries.append(("participation", _("Participation")))
    if report.encounters is not None:
        entries.append(("rencontres", _("Rencontres entre structures")))
    if "annex" in report.sections:
        entries.append(("annexe", _("Annexe : les notes des groupes")))
    return entries


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;
max-width:1000px;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{color:#0b6e4f;margin-bottom:.2rem}h2{color:#0b6e4f;border-bottom:2px solid #0b6e4f;
padding-bottom:.2rem;margin-top:2.2rem}h3{margin:1.2rem 0 .4rem}
.muted{color:#52606d}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));
gap:.8rem}.card{border:1px solid #cbd2d9;border-radius:8px;padding:.6rem .8rem;
white-space:pre-wrap}.card b{white-space:normal}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:.6rem}
.figure{border:1px solid #cbd2d9;border-radius:8px;padding:.5rem .7rem}
.figure b{display:block;font-size:1.9rem;color:#0b6e4f;line-height:1.1}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #cbd2d9;
padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f5f7fa}
img{max-width:100%}.warn{color:#b45309}nav ol{padding-left:1.2rem}
.star{color:#b45309}
@media (max-width:640px){body{margin:1rem auto}table.stack thead{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}
table.stack tr{border:1px solid #cbd2d9;border-radius:8px;margin:.6rem 0;padding:.3rem .5rem}
table.stack td{border:none;padding:.15rem 0}
table.stack td::before{content:attr(data-label) " : ";font-weight:600;color:#52606d}}
@media print{body{margin:0;max-width:none}h2{break-before:page}.card,tr,img{break-inside:avoid}
nav{display:none}}
"""


def _e(text: object) -> str:
    return html.escape(str(text or ""))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """A table that becomes one card per row on a phone (cells already escaped)."""
    head = "".join(f"<th scope='col'>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td data-label='{_e(h)}'>{cell}</td>"
                                    for h, cell in zip(headers, row)) + "</tr>" for row in rows)
    return f"<table class='stack'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section_html(anchor: str, title: str) -> str:
    return f"<h2 id='{anchor}'>{_e(title)}</h2>"


def _figures_html(report: Report) -> str:
    cards = "".join(f"<div class='figure'><b>{n}</b>{_e(label)}</div>"
                    for n, label in report.figures.cards())
    out = [_section_html("chiffres", _("La journée en chiffres")),
           f"<div class='figures'>{cards}</div>"]
    if report.polls:
        out.append(_h3(_("Baromètres")) + "<ul>" + "".join(
            f"<li><b>{_e(p.question)}</b> — {_e(p.line())}</li>" for p in report.polls)
            + "</ul>")
    if report.highlights:
        out.append(f"<h3>{_e(_highlights_title(report))}</h3>")
        out.append(_table([_("Qui"), _("Quoi"), _("Pour quand"), _("Cas"), _("Orientation")], [
            [_e(h.who) or "?", _e(h.what), _e(formats.day(h.due)), _e(report.shown_case(h.case)),
             _e(h.referral)]
            for h in report.highlights]))
    return "".join(out)


def _toc_html(report: Report) -> str:
    items = "".join(f"<li><a href='#{anchor}'>{_e(title)}</a></li>"
                    for anchor, title in table_of_contents(report))
    title = _e(_("Sommaire"))
    return f"<nav aria-label='{title}'><h2>{title}</h2><ol>{items}</ol></nav>"


def _h3(text: str) -> str:
    return f"<h3>{_e(text)}</h3>"


def _muted(text: str) -> str:
    return f"<p class='muted'>{_e(text)}</p>"


def _case_html(index: int, case: CaseSection) -> str:
    meta = _case_meta(case)
    out = [_section_html(f"cas-{index}", _("Cas : {title}").format(title=case.shown_title)),
           _muted(meta) if meta else ""]
    syntheses = case.syntheses()
    out.append(_h3(_("Synthèse")))
    if syntheses:
        out.append("<div class='grid'>" + "".join(
            f"<div class='card'><b>{_e(label)}</b>\n{_e(text)}</div>" for label, text in syntheses)
            + "</div>")
    else:
        out.append(_muted(_("Pas de synthèse écrite : les propositions des groupes suivent.")))
    out.append(_h3(_("Propositions")))
    proposals = case.proposals()
    if not proposals:
        out.append(_muted(_("Aucune proposition.")))
    else:
        no_text = "<i>" + _e(_("(sans texte)")) + "</i>"
        out.append(_table([_("Proposition"), _("Orientée vers"), _("Qui"), _("Pour quand"),
                           _("Groupe")], [
            [_e(p.text) or no_text, "<br>".join(map(_e, _referral_lines(p))), _e(p.who),
             _e(formats.day(p.due)), str(p.group)] for p in proposals]))
    return "".join(out)


def _commitments_html(report: Report) -> str:
    title = _section_html("engagements", _("Tous les engagements"))
    rows = report.commitments()
    if not rows:
        return title + _muted(_("Aucun."))
    return title + _table(
        [_("Qui"), _("Quoi"), _("Pour quand"), _("Cas"), _("Groupe"), _("Orientation")],
        [[_e(p.who), _e(p.what), _e(formats.day(p.due)), _e(report.shown_case(p.case)),
          str(p.group),
          _e(p.referral)] for p in rows])


def _png_html(png: bytes, alt: str) -> str:
    return f"<img alt='{_e(alt)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"


def _polls_html(report: Report) -> str:
    title = _section_html("barometres", _("Baromètres et questions"))
    if not report.polls:
        return title + _muted(_("Aucune réponse."))
    return title + "".join(
        f"<h3>{_e(p.question)}</h3><p>{_e(p.line())}</p>"
        + (_png_html(png, f"{p.question} : {p.line()}") if (png := p.png()) else "")
        for p in report.polls)


def _participation_html(part: Participation) -> str:
    return (_section_html("participation", _("Participation")) + f"<p>{_e(_people_line(part))}</p>"
            + _table([_("Structure"), _("Travailleur·euse·s"), _("Usager·ère·s")],
                     [[_e(name), str(w), str(u)] for name, w, u in part.organisations]))


MAP_ALT = N_("Carte des structures : chaque lien relie deux structures dont des personnes se "
             "sont rencontrées")


def _encounters_html(part: EncountersPart) -> str:
    headers, rows = part.spread()
    return (_section_html("rencontres", _("Rencontres entre structures"))
            + "".join(f"<p>{_e(line)}</p>" for line in part.lines())
            + _table(headers, [[_e(cell) for cell in row] for row in rows])
            + _png_html(part.map_png, _(MAP_ALT)))


def _group_note(g: GroupWork) -> list[str]:
    """A group's title, profile and diagnosis, for the annex."""
    return [_("Groupe {number}").format(number=g.group),
            _("Profil : {text}").format(text=g.profile or "—"),
            _("Diagnostic : {text}").format(text=g.diagnosis or "—")]


def _annex_html(report: Report) -> str:
    out = [_section_html("annexe", _("Annexe : les notes des groupes"))]
    for case in report.cases:
        notes = case.group_notes()
        if not notes:
            continue
        out.append(f"<h3>{_e(case.shown_title)}</h3>")
        if case.brief:
            out.append(f"<div class='card'>{_e(case.shown_brief)}</div>")
        out.append("<div class='grid'>" + "".join(
            "<div class='card'><b>{}</b>\n{}\n\n{}</div>".format(*map(_e, _group_note(g)))
            for g in notes) + "</div>")
    return "".join(out)


def _subtitle(report: Report) -> str:
    return _("Rapport de la journée") + (f" · {_heading(report)}" if _heading(report) else "")


def report_html(report: Report, language: str = "fr") -> str:
    """One self-contained page (styles and charts inside), readable on a phone, fit to print,
    in `language`."""
    with speaking(language) as language:
        parts = [f"<h1>{_e(report.event_name)}</h1>{_muted(_subtitle(report))}"]
        if report.is_empty:
            parts.append("<p>" + _e(_(NOTHING_YET)) + "</p>")
        else:
            parts += [_figures_html(report), _toc_html(report)]
            if "cases" in report.sections:
                parts.extend(_case_html(i, case) for i, case in enumerate(report.cases, 1))
            if "commitments" in report.sections:
                parts.append(_commitments_html(report))
            if "polls" in report.sections:
                parts.append(_polls_html(report))
            if report.participation is not None:
                parts.append(_participation_html(report.participation))
            if report.encounters is not None:
                parts.append(_encounters_html(report.encounters))
            if "annex" in report.sections:
                parts.append(_annex_html(report))
        title = _("{event} — rapport").format(event=report.event_name)
    return (f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
            f"<body><main>{''.join(parts)}</main></body></html>")


# --- PDF --------------------------------------------------------------------------------------

class _ReportSheet(Sheet):
    MARGIN = 16

    def __init__(self, title: str, language: str) -> None:
        super().__init__()
        self.report_title = title
        self.set_title(title)
        self.set_lang(language)
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_auto_page_break(True, margin=self.MARGIN)

    def footer(self) -> None:
        self.set_y(-11)
        self.font(8)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, self.safe(_("{title} · page {number}").format(
            title=self.report_title, number=self.page_no())), align="C")

    def safe(self, text: str) -> str:
        return text if self.unicode else latin1(text)

    def part(self) -> None:
        """A part starts on a new page (unless this one is still blank)."""
        if self.get_y() > self.t_margin + 1:
            self.add_page()

    def heading(self, text: str, size: float = 15, level: int | None = None) -> None:
        """A heading; with `level`, also an entry of the PDF's outline and table of contents."""
        if self.get_y() > 250:
            self.add_page()
        self.ln(3)
        if level is not None:
            self.start_section(self.safe(text), level)
        self.set_text_color(*GREEN)
        self.font(size, bold=True)
        self.multi_cell(0, size * 0.5, self.safe(text), align="L")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def paragraph(self, text: str, size: float = 10, bold: bool = False,
                  grey: bool = False) -> None:
        self.font(size, bold)
        self.set_text_color(*((90, 90, 90) if grey else (0, 0, 0)))
        self.multi_cell(0, size * 0.48, self.safe(text or "—"), align="L")
        self.set_text_color(0, 0, 0)
        self.ln(0.8)

    def grid_table(self, headers: list[str], rows: list[list[str]],
                   widths: tuple[float, ...], size: float = 8.5) -> None:
        self.font(size)
        with self.table(col_widths=widths, text_align="LEFT", line_height=size * 0.5,
                        headings_style=FontFace(emphasis="BOLD", fill_color=(245, 247, 250)),
                        repeat_headings=1) as table:
            table.row([self.safe(h) for h in headers])
            for row in rows:
                table.row([self.safe(cell) for cell in row])
        self.ln(2)


def _toc_pdf(pdf: _ReportSheet, outline) -> None:
    pdf.heading(_("Sommaire"), 17)
    for section in outline:
        link = pdf.add_link(page=section.page_number)
        indent = 7 * section.level
        pdf.font(11 if section.level == 0 else 9.5, bold=section.level == 0)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent - 14, 7, section.name, link=link)
        pdf.cell(14, 7, str(section.page_number), align="R", link=link, new_x="LMARGIN",
                 new_y="NEXT")


def _first_page_pdf(pdf: _ReportSheet, report: Report) -> None:
    pdf.heading(report.event_name, 22)
    pdf.paragraph(_subtitle(report), 12, grey=True)
    pdf.heading(_("La journée en chiffres"), 14, level=0)
    cards, per_row, gap = report.figures.cards(), 4, 3
    width = (pdf.epw - gap * (per_row - 1)) / per_row
    top = pdf.get_y()
    for i, (number, label) in enumerate(cards):
        x = pdf.l_margin + (i % per_row) * (width + gap)
        y = top + (i // per_row) * 22
        pdf.set_draw_color(203, 210, 217)
        pdf.rect(x, y, width, 19)
        pdf.set_text_color(*GREEN)
        pdf.text_line(x, y + 2, width, 9, str(number), 18, bold=True)
        pdf.set_text_color(0, 0, 0)
        pdf.text_line(x, y + 11, width, 6, label, 9)
    pdf.set_xy(pdf.l_margin, top + 22 * ((len(cards) + per_row - 1) // per_row) + 2)
    if report.polls:
        pdf.heading(_("Baromètres"), 12)
        for p in report.polls:
            pdf.paragraph(f"{p.question} — {p.line()}", 9.5)
    if report.highlights:
        pdf.heading(_highlights_title(report), 12)
        pdf.grid_table([_("Qui"), _("Quoi"), _("Pour quand"), _("Cas")],
                       [[h.who or "?", h.what, formats.day(h.due), report.shown_case(h.case)]
                        for h in report.highlights], (30, 85, 22, 41))


def _case_pdf(pdf: _ReportSheet, case: CaseSection) -> None:
    pdf.part()
    pdf.heading(_("Cas : {title}").format(title=case.shown_title), 17, level=0)
    if meta := _case_meta(case):
        pdf.paragraph(meta, 9, grey=True)
    pdf.heading(_("Synthèse"), 12)
    syntheses = case.syntheses()
    for label, text in syntheses:
        pdf.paragraph(label, 10, bold=True)
        pdf.paragraph(text, 10)
    if not syntheses:
        pdf.paragraph(_("Pas de synthèse écrite : les propositions des groupes suivent."), 9.5,
                      grey=True)
    pdf.heading(_("Propositions"), 12)
    proposals = case.proposals()
    if not proposals:
        pdf.paragraph(_("Aucune proposition."), grey=True)
        return
    pdf.grid_table([_("Proposition"), _("Orientée vers"), _("Qui"), _("Pour quand"), _("Gr.")],
                   [[p.text or _("(sans texte)"), "\n".join(_referral_lines(p)), p.who,
                     formats.day(p.due), str(p.group)] for p in proposals],
                   (66, 52, 25, 22, 13))


def _commitments_pdf(pdf: _ReportSheet, report: Report) -> None:
    pdf.part()
    pdf.heading(_("Tous les engagements"), 17, level=0)
    rows = report.commitments()
    if not rows:
        pdf.paragraph(_("Aucun engagement noté."), grey=True)
        return
    pdf.grid_table([_("Qui"), _("Quoi"), _("Pour quand"), _("Cas"), _("Gr.")],
                   [[p.who or "?", p.what, formats.day(p.due), report.shown_case(p.case),
                     str(p.group)]
                    for p in rows], (28, 80, 22, 36, 12))


def _polls_pdf(pdf: _ReportSheet, report: Report) -> None:
    pdf.part()
    pdf.heading(_("Baromètres et questions"), 17, level=0)
    if not report.polls:
        pdf.paragraph(_("Aucune réponse."), grey=True)
    for poll in report.polls:
        if pdf.get_y() > 170:
            pdf.add_page()
        pdf.paragraph(poll.question, 10.5, bold=True)
        pdf.paragraph(poll.line(), 9.5)
        if png := poll.png():
            pdf.image(io.BytesIO(png), w=165, alt_text=pdf.safe(poll.line()))
        pdf.ln(3)


def _participation_pdf(pdf: _ReportSheet, part: Participation) -> None:
    pdf.part()
    pdf.heading(_("Participation"), 17, level=0)
    pdf.paragraph(_people_line(part))
    pdf.grid_table([_("Structure"), _("Travailleur·euse·s"), _("Usager·ère·s")],
                   [[name, str(w), str(u)] for name, w, u in part.organisations],
                   (110, 34, 34), size=9)


def _encounters_pdf(pdf: _ReportSheet, part: EncountersPart) -> None:
    pdf.part()
    pdf.heading(_("Rencontres entre structures"), 17, level=0)
    for line in part.lines():
        pdf.paragraph(line)
    headers, rows = part.spread()
    pdf.grid_table(headers, rows, (60, 60, 40)[:len(headers)], size=9)
    pdf.image(io.BytesIO(part.map_png), w=150, alt_text=pdf.safe(_(MAP_ALT)))


def _annex_pdf(pdf: _ReportSheet, report: Report) -> None:
    pdf.part()
    pdf.heading(_("Annexe : les notes des groupes"), 17, level=0)
    for case in report.cases:
        notes = case.group_notes()
        if not notes:
            continue
        pdf.heading(case.shown_title, 13, level=1)
        if case.brief:
            pdf.paragraph(case.shown_brief, 9, grey=True)
        for g in notes:
            title, profile, diagnosis = _group_note(g)
            pdf.paragraph(title, 10, bold=True)
            pdf.paragraph(profile, 9.5)
            pdf.paragraph(diagnosis, 9.5)


def report_pdf(report: Report, language: str = "fr") -> bytes:
    """The same report on A4, in `language`: the first page, the table of contents (with the
    PDF's outline for its reader's side panel), one part per case, the other sections, the
    annex."""
    with speaking(language) as language:
        pdf = _ReportSheet(report.event_name, language)
        pdf.add_page()
        if report.is_empty:
            pdf.heading(report.event_name, 22)
            pdf.paragraph(_("Rapport de la journée"), 12, grey=True)
            pdf.paragraph(_(NOTHING_YET))
            return pdf.output_bytes()
        _first_page_pdf(pdf, report)
        pdf.add_page()
        pdf.insert_toc_placeholder(_toc_pdf, allow_extra_pages=True)
        if "cases" in report.sections:
            for case in report.cases:
                _case_pdf(pdf, case)
        if "commitments" in report.sections:
            _commitments_pdf(pdf, report)
        if "polls" in report.sections:
            _polls_pdf(pdf, report)
        if report.participation is not None:
            _participation_pdf(pdf, report.participation)
        if report.encounters is not None:
            _encounters_pdf(pdf, report.encounters)
        if "annex" in report.sections:
            _annex_pdf(pdf, report)
        return pdf.output_bytes()
