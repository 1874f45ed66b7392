"""The easy-read phone page (European easy-to-read guidelines: short sentences, one thing per
screen, a picture for each thing): who gets it, and the screens it shows. The organisers
switch it on for a person or for the whole event; the page reads and answers through the
same services as the ordinary one, so the data and the rules are the same."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select, update

from partnerday.sorting import by_name
from partnerday.db import lock_event_for_writing
from partnerday.i18n import _
from partnerday.models import Event, Organisation, Participant
from partnerday.names import full_name


@dataclass(frozen=True)
class EasyReadSettings:
    for_everyone: bool
    people: list[int]  # the persons who get it even when the event does not
    choices: dict[int, str]  # every person of the event: id -> full name · organisation


def easy_read_settings(session: Session, event_id: int) -> EasyReadSettings:
    event = session.get(Event, event_id)
    rows = session.exec(select(Participant, Organisation.name)
                        .join(Organisation, Organisation.id == Participant.organisation_id)
                        .where(Participant.event_id == event_id,
                               Participant.erased_at == None)).all()  # noqa: E711
    rows = by_name(rows, lambda row: row[0].first_name, lambda row: row[0].last_name)
    return EasyReadSettings(event.easy_read, [p.id for p, _ in rows if p.easy_read],
                            {p.id: f"{full_name(p.first_name, p.last_name)} · {organisation}"
                             for p, organisation in rows})


def set_easy_read(session: Session, event_id: int, for_everyone: bool,
                  person_ids: list[int]) -> int:
    """Who gets the easy-read page from now on (their next look at their phone); returns how
    many persons have it by themselves."""
    lock_event_for_writing(session, event_id)
    event = session.get(Event, event_id)
    event.easy_read = for_everyone
    session.add(event)
    chosen = set(person_ids)
    session.exec(update(Participant).where(Participant.event_id == event_id)
                 .values(easy_read=Participant.id.in_(chosen) if chosen else False))
    return len(chosen)


@dataclass(frozen=True)
class Screen:
    """One thing on one screen: a pictogram, a title, short sentences."""
    kind: str  # "table", "group", "question", "commitments": the pictogram too
    title: str
    sentences: tuple[str, ...]
    poll_id: int | None = None


def screens(table: int | None, checkin_open: bool, group: str | None, case_now: str | None,
            pooling_now: str | None, poll_ids: list[int], commitments: int,
            checked_in: bool) -> list[Screen]:
    """The easy-read page's screens, in the order of the day: the table, the group, each
    open question, the commitments."""
    if table is not None:
        where = Screen("table", _("Votre table"),
                       (_("Votre table a le numéro {table}.").format(table=table),
                        _("Allez à cette table.")))
    elif checkin_open:
        where = Screen("table", _("Votre table"),
                       (_("Allez à l'accueil."), _("Montrez votre badge.")))
    else:
        where = Screen("table", _("Votre table"),
                       (_("L'accueil n'est pas encore ouvert."),
                        _("Vous aurez votre table à l'accueil.")))
    found = [where]
    if group is not None:
        now = ((_("Votre groupe parle de : {case}.").format(case=case_now),) if case_now else
               (_("Vous êtes ensemble avec : {groups}.").format(groups=pooling_now),)
               if pooling_now else ())
        found.append(Screen("group", _("Votre groupe"),
                            (_("Votre groupe est le groupe {group}.").format(group=group), *now)))
    for number, poll_id in enumerate(poll_ids if checked_in else [], 1):
        found.append(Screen("question", _("Une question") if len(poll_ids) == 1 else
                            _("Question {number} sur {count}").format(number=number,
                                                                      count=len(poll_ids)),
                            (_("Lisez la question."), _("Choisissez votre réponse."),
                             _("Appuyez sur « {send} ».").format(send=_("Envoyer"))), poll_id))
    if commitments:
        found.append(Screen("commitments", _("Vos engagements"),
                            (_("Voici ce que vous avez promis de faire."),)))
    return found
