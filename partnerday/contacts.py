"""The people one met, as contacts a phone can import (vCard 3.0, RFC 2426): first name,
organisation, email, and where they met. Text only: every value is escaped as the format
asks, so a name can never add a field."""

from __future__ import annotations

from partnerday.encounters import MetPerson, where_they_met
from partnerday.i18n import _


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "")
            .replace(",", "\\,").replace(";", "\\;"))


def met_note(person: MetPerson, event_name: str) -> str:
    """Where one met them, in the reader's language: « Rencontré·e au Partner Day 2027 : au
    petit déjeuner, dans les groupes de travail »."""
    return _("Rencontré·e au {event} : {where}").format(
        event=event_name, where=", ".join(where_they_met(activity) for activity in person.where))


def vcards(people: list[MetPerson], event_name: str) -> str:
    """One card per person whose email is shown (the others have nothing to call on)."""
    cards = []
    for person in people:
        if not person.email:
            continue
        cards.append("\r\n".join([
            "BEGIN:VCARD", "VERSION:3.0", f"N:;{_escape(person.first_name)};;;",
            f"FN:{_escape(person.first_name)}", f"ORG:{_escape(person.organisation)}",
            f"EMAIL;TYPE=INTERNET:{_escape(person.email)}",
            "NOTE:" + _escape(met_note(person, event_name)),
            "END:VCARD"]))
    return "\r\n".join(cards) + ("\r\n" if cards else "")
