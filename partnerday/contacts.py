"""The people one met, as contacts a phone can import (vCard 3.0, RFC 2426): first name,
organisation, email, and where they met. Text only: every value is escaped as the format
asks, so a name can never add a field."""

from __future__ import annotations

from partnerday.encounters import MetPerson


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "")
            .replace(",", "\\,").replace(";", "\\;"))


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
            f"NOTE:{_escape('Rencontré·e au ' + event_name + ' (' + ', '.join(person.where) + ')')}",
            "END:VCARD"]))
    return "\r\n".join(cards) + ("\r\n" if cards else "")
