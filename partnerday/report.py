"""The follow-up report everyone receives: the groups' work case by case, the referrals and
commitments, the barometer charts, and who took part (no service user's name).

`build_report` reads the database into plain data; `report_html`, `report_pdf` and
`commitments_csv` render it.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlmodel import Session, select

from partnerday.cases import list_cases
from partnerday.charts import result_png
from partnerday.merge import CaseWork, ProposalLine, merge_sets, merged_work, set_label
from partnerday.models import Event, Organisation, Participant, Role
from partnerday.spreadsheet import csv_bytes
from partnerday.polls import list_polls, poll_results
from partnerday.printing import GREEN, Sheet, latin1

SECTIONS: dict[str, str] = {
    "cases": "Études de cas : profils, diagnostics, propositions et orientations",
    "commitments": "Engagements (qui, quoi, pour quand)",
    "polls": "Baromètres et questions",
    "participation": "Participation (structures et nombres, sans noms)",
}
COMMITMENT_COLUMNS = {"case": "cas", "group": "groupe", "who": "qui", "what": "quoi",
                      "due": "pour quand", "referral": "orientation"}


@dataclass(frozen=True)
class CaseSection:
    title: str
    actor: str
    brief: str
    themes: list[str]
    works: list[tuple[str, CaseWork]]  # (set label, the set's work on the case)

    def proposals(self) -> list[ProposalLine]:
        return [p for _, work in self.works for g in work.works for p in g.proposals]

    def by_referral(self) -> dict[str, list[ProposalLine]]:
        grouped: dict[str, list[ProposalLine]] = defaultdict(list)
        for p in self.proposals():
            grouped[p.referral or "Sans orientation"].append(p)
        return dict(sorted(grouped.items(), key=lambda kv: (kv[0] == "Sans orientation",
                                                             kv[0].casefold())))


@dataclass(frozen=True)
class PollSection:
    question: str
    voters: int
    png: bytes


@dataclass(frozen=True)
class Participation:
    organisations: list[tuple[str, int, int]]  # name, workers, service users
    roles: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.roles.values())


@dataclass
class Report:
    event_name: str
    day: date | None
    place: str
    sections: list[str]
    cases: list[CaseSection] = field(default_factory=list)
    polls: list[PollSection] = field(default_factory=list)
    participation: Participation | None = None

    def commitments(self) -> list[ProposalLine]:
        return [p for case in self.cases for p in case.proposals() if p.is_commitment]

    @property
    def is_empty(self) -> bool:
        return not (any(c.proposals() or any(g.profile or g.diagnosis for _, w in c.works
                                             for g in w.works) for c in self.cases)
                    or any(p.voters for p in self.polls)
                    or (self.participation and self.participation.total))


def _cases(session: Session, event: Event) -> list[CaseSection]:
    cases = list_cases(session, event.id)
    works: dict[int, list[tuple[str, CaseWork]]] = defaultdict(list)
    for numbers in merge_sets(event, len(cases)):
        for work in merged_work(session, event, numbers):
            works[work.case.id].append((set_label(numbers), work))
    return [CaseSection(c.title, c.actor, c.brief, list(c.themes or []), works[c.id])
            for c in cases]


def _polls(session: Session, event_id: int) -> list[PollSection]:
    sections = []
    for poll in list_polls(session, event_id):
        results = poll_results(session, poll)
        if results.voters:
            sections.append(PollSection(poll.question, results.voters,
                                        result_png(poll, results)))
    return sections


def _participation(session: Session, event_id: int) -> Participation:
    rows = session.exec(select(Participant.role, Participant.checked_in_at, Organisation.name)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.event_id == event_id)).all()
    present = [r for r in rows if r[1] is not None] or rows  # before the day: registered
    counts: dict[str, Counter] = defaultdict(Counter)
    for role, _, organisation in present:
        counts[organisation][role] += 1
    return Participation(
        sorted(((name, c[Role.worker.value], c[Role.user.value]) for name, c in counts.items()),
               key=lambda row: row[0].casefold()),
        dict(Counter(role for role, _, _ in present)))


def build_report(session: Session, event_id: int, sections: list[str] | None = None) -> Report:
    event = session.get(Event, event_id)
    sections = [s for s in SECTIONS if s in (sections or list(SECTIONS))]
    report = Report(event.name, event.day, event.place, sections)
    if {"cases", "commitments"} & set(sections):
        report.cases = _cases(session, event)
    if "polls" in sections:
        report.polls = _polls(session, event_id)
    if "participation" in sections:
        report.participation = _participation(session, event_id)
    return report


def commitments_frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame([{"case": p.case, "group": p.group, "who": p.who, "what": p.what,
                          "due": p.due, "referral": p.referral} for p in report.commitments()],
                        columns=list(COMMITMENT_COLUMNS)).rename(columns=COMMITMENT_COLUMNS)


def commitments_csv(report: Report) -> bytes:
    return csv_bytes(commitments_frame(report))


def _date_fr(value: str | date | None) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def _heading(report: Report) -> str:
    return " · ".join(x for x in (_date_fr(report.day), report.place) if x)


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;
max-width:1100px;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{color:#0b6e4f;margin-bottom:.2rem}h2{color:#0b6e4f;border-bottom:2px solid #0b6e4f;
padding-bottom:.2rem;margin-top:2.2rem}h3{margin:1.2rem 0 .4rem}
.muted{color:#52606d}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));
gap:.8rem}.card{border:1px solid #cbd2d9;border-radius:8px;padding:.6rem .8rem;
white-space:pre-wrap}.card b{white-space:normal}.tag{display:inline-block;background:#e3f8ef;
color:#0b6e4f;border-radius:4px;padding:0 .35rem;font-size:.85em;margin-left:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #cbd2d9;
padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f5f7fa}
img{max-width:100%}.warn{color:#b45309}
@media print{body{margin:0;max-width:none}h2{break-before:page}.card,tr,img{break-inside:avoid}}
"""


def _e(text: object) -> str:
    return html.escape(str(text or ""))


def _proposal_html(p: ProposalLine) -> str:
    parts = [f"{_e(p.text) or '<i>(sans texte)</i>'}<span class='tag'>Groupe {p.group}</span>"]
    if p.referral_removed:
        parts.append("<div class='warn'>Orientation vers une structure retirée de "
                     "l'annuaire.</div>")
    if p.is_commitment:
        due = f" · pour le {_e(_date_fr(p.due))}" if p.due else ""
        parts.append(f"<div class='muted'>Engagement : {_e(p.who) or '?'} — "
                     f"{_e(p.what)}{due}</div>")
    return "<li>" + "".join(parts) + "</li>"


def _side_by_side(case: CaseSection, attribute: str) -> str:
    cards = [f"<div class='card'><b>Groupe {g.group}</b>\n{_e(getattr(g, attribute)) or '—'}"
             "</div>" for _, work in case.works for g in work.works]
    return f"<div class='grid'>{''.join(cards)}</div>" if cards else "<p class='muted'>—</p>"


def _case_html(case: CaseSection) -> str:
    out = [f"<h2>{_e(case.title)}</h2>",
           f"<p class='muted'>Joué par {_e(case.actor)}" if case.actor else "<p class='muted'>",
           (" · thèmes : " + _e(", ".join(case.themes)) if case.themes else "") + "</p>",
           f"<div class='card'>{_e(case.brief)}</div>" if case.brief else "",
           "<h3>Profils</h3>", _side_by_side(case, "profile"),
           "<h3>Diagnostics</h3>", _side_by_side(case, "diagnosis")]
    syntheses = [(label, work.synthesis.text) for label, work in case.works
                 if work.synthesis.text]
    if syntheses:
        out.append("<h3>Synthèses</h3><div class='grid'>" + "".join(
            f"<div class='card'><b>{_e(label)}</b>\n{_e(text)}</div>" for label, text in syntheses)
            + "</div>")
    out.append("<h3>Propositions, par structure vers laquelle orienter</h3>")
    grouped = case.by_referral()
    if not grouped:
        out.append("<p class='muted'>Aucune proposition.</p>")
    for referral, items in grouped.items():
        services = next((p.referral_services for p in items if p.referral_services), "")
        out.append(f"<p><b>{_e(referral)}</b>"
                   + (f"<br><span class='muted'>{_e(services)}</span>" if services else "")
                   + "</p><ul>" + "".join(_proposal_html(p) for p in items) + "</ul>")
    return "".join(out)


def _commitments_html(report: Report) -> str:
    rows = report.commitments()
    if not rows:
        return "<h2>Engagements</h2><p class='muted'>Aucun engagement noté.</p>"
    body = "".join(f"<tr><td>{_e(p.who)}</td><td>{_e(p.what)}</td><td>{_e(_date_fr(p.due))}"
                   f"</td><td>{_e(p.case)}</td><td>{p.group}</td><td>{_e(p.referral)}</td></tr>"
                   for p in rows)
    return ("<h2>Engagements</h2><table><tr><th>Qui</th><th>Quoi</th><th>Pour quand</th>"
            f"<th>Cas</th><th>Groupe</th><th>Orientation</th></tr>{body}</table>")


def _polls_html(report: Report) -> str:
    if not report.polls:
        return "<h2>Baromètres et questions</h2><p class='muted'>Aucune réponse.</p>"
    return "<h2>Baromètres et questions</h2>" + "".join(
        f"<h3>{_e(p.question)}</h3><p class='muted'>{p.voters} répondant·e·s</p>"
        f"<img alt='{_e(p.question)}' src='data:image/png;base64,"
        f"{base64.b64encode(p.png).decode()}'>" for p in report.polls)


def _participation_html(part: Participation) -> str:
    rows = "".join(f"<tr><td>{_e(name)}</td><td>{workers}</td><td>{users}</td></tr>"
                   for name, workers, users in part.organisations)
    roles = part.roles
    return (f"<h2>Participation</h2><p>{part.total} personnes de {len(part.organisations)} "
            f"structures : {roles.get('worker', 0)} travailleur·euse·s, "
            f"{roles.get('user', 0)} usager·ère·s, {roles.get('facilitator', 0)} "
            "animateur·rice·s.</p><table><tr><th>Structure</th><th>Travailleur·euse·s</th>"
            f"<th>Usager·ère·s</th></tr>{rows}</table>")


def report_html(report: Report) -> str:
    """One self-contained page (styles and charts inside), fit to print."""
    parts = [f"<h1>{_e(report.event_name)}</h1><p class='muted'>{_e(_heading(report))}</p>"]
    if report.is_empty:
        parts.append("<p>Il n'y a encore rien à rapporter pour cet événement : ni travail "
                     "des groupes, ni réponses, ni participant·e·s.</p>")
    else:
        if "cases" in report.sections:
            parts.extend(_case_html(case) for case in report.cases)
        if "commitments" in report.sections:
            parts.append(_commitments_html(report))
        if "polls" in report.sections:
            parts.append(_polls_html(report))
        if report.participation is not None:
            parts.append(_participation_html(report.participation))
    return ("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>{_e(report.event_name)} — rapport</title><style>{_CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>")


# --- PDF --------------------------------------------------------------------------------------

class _ReportSheet(Sheet):
    MARGIN = 16

    def __init__(self, title: str) -> None:
        super().__init__()
        self.report_title = title
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_auto_page_break(True, margin=self.MARGIN)

    def footer(self) -> None:
        self.set_y(-11)
        self.font(8)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, self.safe(f"{self.report_title} · page {self.page_no()}"), align="C")

    def safe(self, text: str) -> str:
        return text if self.unicode else latin1(text)

    def heading(self, text: str, size: float = 15) -> None:
        if self.get_y() > 250:
            self.add_page()
        self.ln(3)
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


def _case_pdf(pdf: _ReportSheet, case: CaseSection) -> None:
    pdf.add_page()
    pdf.heading(case.title, 17)
    meta = " · ".join(x for x in (case.actor and f"Joué par {case.actor}",
                                  case.themes and "Thèmes : " + ", ".join(case.themes)) if x)
    if meta:
        pdf.paragraph(meta, 9, grey=True)
    if case.brief:
        pdf.paragraph(case.brief, 10)
    for title, attribute in (("Profils", "profile"), ("Diagnostics", "diagnosis")):
        pdf.heading(title, 12)
        for _, work in case.works:
            for g in work.works:
                pdf.paragraph(f"Groupe {g.group}", 10, bold=True)
                pdf.paragraph(getattr(g, attribute), 10)
    for label, work in case.works:
        if work.synthesis.text:
            pdf.heading(f"Synthèse · {label}", 12)
            pdf.paragraph(work.synthesis.text)
    pdf.heading("Propositions, par structure vers laquelle orienter", 12)
    for referral, items in case.by_referral().items():
        pdf.paragraph(referral, 10, bold=True)
        services = next((p.referral_services for p in items if p.referral_services), "")
        if services:
            pdf.paragraph(services, 9, grey=True)
        for p in items:
            pdf.paragraph(f"• {p.text or '(sans texte)'} (groupe {p.group})", 10)
            if p.is_commitment:
                due = f", pour le {_date_fr(p.due)}" if p.due else ""
                pdf.paragraph(f"   Engagement : {p.who or '?'} — {p.what}{due}", 9, grey=True)


def _commitments_pdf(pdf: _ReportSheet, report: Report) -> None:
    pdf.add_page()
    pdf.heading("Engagements", 17)
    rows = report.commitments()
    if not rows:
        pdf.paragraph("Aucun engagement noté.", grey=True)
    for p in rows:
        due = f" · pour le {_date_fr(p.due)}" if p.due else ""
        pdf.paragraph(f"{p.who or '?'} — {p.what}{due}", 10, bold=True)
        pdf.paragraph(f"{p.case} · groupe {p.group}"
                      + (f" · orientation : {p.referral}" if p.referral else ""), 9, grey=True)


def _polls_pdf(pdf: _ReportSheet, report: Report) -> None:
    pdf.add_page()
    pdf.heading("Baromètres et questions", 17)
    if not report.polls:
        pdf.paragraph("Aucune réponse.", grey=True)
    for poll in report.polls:
        if pdf.get_y() > 180:
            pdf.add_page()
        pdf.paragraph(f"{poll.question} ({poll.voters} répondant·e·s)", 10, bold=True)
        pdf.image(io.BytesIO(poll.png), w=170)
        pdf.ln(3)


def _participation_pdf(pdf: _ReportSheet, part: Participation) -> None:
    pdf.add_page()
    pdf.heading("Participation", 17)
    roles = part.roles
    pdf.paragraph(f"{part.total} personnes de {len(part.organisations)} structures : "
                  f"{roles.get('worker', 0)} travailleur·euse·s, {roles.get('user', 0)} "
                  f"usager·ère·s, {roles.get('facilitator', 0)} animateur·rice·s.")
    with pdf.table(col_widths=(110, 34, 34), text_align=("LEFT", "RIGHT", "RIGHT")) as table:
        pdf.font(9)
        table.row([pdf.safe("Structure"), pdf.safe("Travailleur·euse·s"),
                   pdf.safe("Usager·ère·s")])
        for name, workers, users in part.organisations:
            table.row([pdf.safe(name), str(workers), str(users)])


def report_pdf(report: Report) -> bytes:
    """The same report on A4: a cover, then one page per case and per section."""
    pdf = _ReportSheet(report.event_name)
    pdf.add_page()
    pdf.ln(40)
    pdf.heading(report.event_name, 24)
    pdf.paragraph(_heading(report), 12, grey=True)
    pdf.paragraph("Rapport de la journée", 14, bold=True)
    if report.is_empty:
        pdf.paragraph("Il n'y a encore rien à rapporter pour cet événement : ni travail des "
                      "groupes, ni réponses, ni participant·e·s.")
        return pdf.output_bytes()
    if "cases" in report.sections:
        for case in report.cases:
            _case_pdf(pdf, case)
    if "commitments" in report.sections:
        _commitments_pdf(pdf, report)
    if "polls" in report.sections:
        _polls_pdf(pdf, report)
    if report.participation is not None:
        _participation_pdf(pdf, report.participation)
    return pdf.output_bytes()
