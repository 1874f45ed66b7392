"""How the commitments stand: the one-page digest everyone receives at each follow-up
milestone, and that organisers preview and may send by hand.

`build_digest` works on plain data (the commitments and who carries them); no person is named
in it, a commitment is said to be carried by an organisation, so that no service user's name
can reach the room's inboxes.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from datetime import date

from partnerday.commitments import CLOSED, STATUSES
from partnerday.i18n import _, long_date, ngettext
from partnerday.models import Commitment

LATEST_UPDATES = 6


@dataclass(frozen=True)
class DigestUpdate:
    day: date
    what: str
    carried_by: str  # an organisation, never a person
    status: str
    progress: int
    note: str


@dataclass(frozen=True)
class Digest:
    event_name: str
    on: date
    counts: dict[str, int]  # status -> how many, every status present
    overdue: int
    updates: list[DigestUpdate]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def build_digest(event_name: str, commitments: list[Commitment], carried_by: dict[int, str],
                 on: date) -> Digest:
    """The figures as of `on` (the day of the digest), from the commitments themselves; the
    latest dated updates first. `carried_by`: commitment id -> the organisation carrying it."""
    counts = Counter(c.status for c in commitments)
    updates = [(u, c) for c in commitments for u in c.updates
               if date.fromisoformat(u["at"][:10]) <= on]
    updates.sort(key=lambda pair: pair[0]["at"], reverse=True)
    return Digest(
        event_name, on, {status: counts.get(status, 0) for status in STATUSES},
        sum(1 for c in commitments if c.due and c.due < on and c.status not in CLOSED),
        [DigestUpdate(date.fromisoformat(u["at"][:10]), c.what, carried_by.get(c.id, ""),
                      u["status"], int(u["progress"]), str(u.get("note") or ""))
         for u, c in updates[:LATEST_UPDATES]])


def status_label(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def digest_text(digest: Digest) -> str:
    """The digest as the email's text (and the organisers' preview), in the current
    language."""
    lines = [_("Où en sont les engagements du Partner Day « {event} » au {day} :").format(
        event=digest.event_name, day=long_date(digest.on)), ""]
    lines += [f"- {status_label(status)} : {count}" for status, count in digest.counts.items()]
    total = ngettext("sur {total} engagement", "sur {total} engagements", digest.total)
    overdue = ngettext("dont {overdue} en retard sur la date prévue",
                       "dont {overdue} en retard sur la date prévue", digest.overdue)
    lines.append("(" + total.format(total=digest.total)
                 + (", " + overdue.format(overdue=digest.overdue) if digest.overdue else "")
                 + ")")
    if digest.updates:
        lines += ["", _("Les dernières nouvelles :")]
        for u in digest.updates:
            by = f" ({u.carried_by})" if u.carried_by else ""
            note = f" : {u.note}" if u.note else ""
            lines.append(f"- {long_date(u.day)} · {u.what}{by} · {status_label(u.status)}"
                         f" {u.progress} %{note}")
    else:
        lines += ["", _("Pas encore de nouvelles : elles arrivent avec les rappels envoyés à "
                        "celles et ceux qui se sont engagé·e·s.")]
    return "\n".join(lines) + "\n"


def digest_html(digest: Digest) -> str:
    """The same, for the organisers' screen (every typed text escaped)."""
    rows = "".join(f"<tr><td>{html.escape(STATUSES[s])}</td><td style='text-align:right'>{n}"
                   "</td></tr>" for s, n in digest.counts.items())
    items = "".join(
        f"<li>{u.day:%d/%m/%Y} · {html.escape(u.what)}"
        + (f" <i>({html.escape(u.carried_by)})</i>" if u.carried_by else "")
        + f" · {html.escape(STATUSES.get(u.status, u.status))} {u.progress} %"
        + (f" : {html.escape(u.note)}" if u.note else "") + "</li>" for u in digest.updates)
    return (f"<p>Au {digest.on:%d/%m/%Y}, sur {digest.total} engagement(s)"
            + (f" ({digest.overdue} en retard)" if digest.overdue else "") + " :</p>"
            f"<table>{rows}</table>"
            + (f"<p>Les dernières nouvelles :</p><ul>{items}</ul>" if items else
               "<p><i>Pas encore de nouvelles.</i></p>"))
