"""Live polls ("baromètres"): questions, answers from phones, results for the projector.

Five kinds: a scale slider with a label at each end, single choice, multiple choice, a
ranking (scored by Borda count: with n options, a first place earns n-1 points, a last place
0), and a pros/cons wall. One answer per person, question and round, changeable while the
question is open; resetting a question starts a new round and keeps the earlier ones for
comparison (morning vs end of day).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import bindparam, delete, func, select as sa_select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, select

from partnerday import content
from partnerday.i18n import N_, current
from partnerday.refusals import Refusal
from partnerday.models import Participant, Poll, Vote, WallPost, as_utc, utcnow

KINDS = {"scale": N_("Curseur (baromètre)"), "single": N_("Choix unique"),
         "multiple": N_("Choix multiple"), "ranking": N_("Classement"),
         "wall": N_("Mur des pour et contre")}
"""Said in the page's language where shown: `_(KINDS[kind])`."""
SIDES = {"pro": N_("Pour"), "con": N_("Contre")}
"""Said in the page's language where shown: `_(SIDES[side])`."""
MAX_POST = 280
MAX_QUESTION = 500
MAX_OPTION = 100


class VoteRefused(Refusal):
    """An answer that is not recorded, with the reason in French."""


# --- questions -------------------------------------------------------------------------------

def check_question(kind: str, question: str, options: list[str], scale_min: int = 0,
                   scale_max: int = 10) -> list[str]:
    """The cleaned options, or VoteRefused naming what is wrong with the question."""
    if kind not in KINDS:
        raise VoteRefused.of(N_("Type de question inconnu : {kind}."), kind=kind)
    if not question.strip():
        raise VoteRefused.of(N_("La question est vide."))
    if len(question) > MAX_QUESTION:
        raise VoteRefused.of(N_("La question dépasse {most} caractères."), most=MAX_QUESTION)
    cleaned = list(dict.fromkeys(o.strip() for o in options if o and o.strip()))
    if kind in ("single", "multiple", "ranking") and len(cleaned) < 2:
        raise VoteRefused.of(N_("Donnez au moins deux options (une par ligne)."))
    if any(len(o) > MAX_OPTION for o in cleaned):
        raise VoteRefused.of(N_("Une option dépasse {most} caractères."), most=MAX_OPTION)
    if kind == "scale" and scale_min >= scale_max:
        raise VoteRefused.of(N_("Le minimum du curseur doit être inférieur à son maximum."))
    return cleaned if kind in ("single", "multiple", "ranking") else []


def create_poll(session: Session, event_id: int, kind: str, question: str,
                options: list[str] | None = None, *, scale_min: int = 0, scale_max: int = 10,
                left_label: str = "", right_label: str = "",
                translations: dict[str, dict] | None = None) -> Poll:
    """A question; `translations`: what it says in other languages (`content.checked`)."""
    cleaned = check_question(kind, question, options or [], scale_min, scale_max)
    translated = content.checked("poll", translations or {}, cleaned)
    last = session.exec(select(func.max(Poll.position)).where(Poll.event_id == event_id)).one()
    poll = Poll(event_id=event_id, kind=kind, question=question.strip(), options=cleaned,
                scale_min=scale_min, scale_max=scale_max, left_label=left_label.strip()[:100],
                right_label=right_label.strip()[:100], position=(last or 0) + 1,
                translations=translated)
    session.add(poll)
    session.flush()
    return poll


def edit_poll(session: Session, poll_id: int, question: str, options: list[str] | None = None,
              *, scale_min: int | None = None, scale_max: int | None = None,
              left_label: str | None = None, right_label: str | None = None,
              translations: dict[str, dict] | None = None) -> Poll:
    """The question changed; `None` leaves a part as it was."""
    poll = session.get(Poll, poll_id)
    low = poll.scale_min if scale_min is None else scale_min
    high = poll.scale_max if scale_max is None else scale_max
    cleaned = check_question(poll.kind, question, options if options is not None
                             else poll.options, low, high)
    poll.question, poll.options, poll.scale_min, poll.scale_max = question.strip(), cleaned, \
        low, high
    if left_label is not None:
        poll.left_label = left_label.strip()[:100]
    if right_label is not None:
        poll.right_label = right_label.strip()[:100]
    if translations is not None:
        poll.translations = content.checked("poll", translations, cleaned)
    session.add(poll)
    session.flush()
    return poll


def list_polls(session: Session, event_id: int) -> list[Poll]:
    return list(session.exec(select(Poll).where(Poll.event_id == event_id)
                             .order_by(Poll.position, Poll.id)))


def open_polls(session: Session, event_id: int) -> list[Poll]:
    return [p for p in list_polls(session, event_id) if p.is_open]


def move_poll(session: Session, poll_id: int, step: int) -> None:
    """Swap a question with its neighbour (step -1: up, +1: down)."""
    poll = session.get(Poll, poll_id)
    polls = list_polls(session, poll.event_id)
    index = next(i for i, p in enumerate(polls) if p.id == poll_id)
    other = index + step
    if 0 <= other < len(polls):
        polls[index], polls[other] = polls[other], polls[index]
        for position, item in enumerate(polls, start=1):
            item.position = position
            session.add(item)
        session.flush()


def set_open(session: Session, poll_id: int, is_open: bool) -> None:
    session.exec(update(Poll).where(Poll.id == poll_id).values(is_open=is_open))


def set_results_hidden(session: Session, poll_id: int, hidden: bool) -> None:
    session.exec(update(Poll).where(Poll.id == poll_id).values(results_hidden=hidden))


def project(session: Session, poll_id: int) -> None:
    """Show this question on the projector (one at a time)."""
    poll = session.get(Poll, poll_id)
    session.exec(update(Poll).where(Poll.event_id == poll.event_id).values(is_projected=False))
    session.exec(update(Poll).where(Poll.id == poll_id).values(is_projected=True))


def projected_poll(session: Session, event_id: int) -> Poll | None:
    return session.exec(select(Poll).where(Poll.event_id == event_id,
                                           Poll.is_projected == True)  # noqa: E712
                        ).first()


def reset_poll(session: Session, poll_id: int) -> int:
    """Start a new round: answers start again from zero; earlier rounds are kept."""
    poll = session.get(Poll, poll_id)
    poll.round += 1
    session.add(poll)
    session.flush()
    return poll.round


def delete_poll(session: Session, poll_id: int) -> None:
    session.exec(delete(Vote).where(Vote.poll_id == poll_id))
    session.exec(delete(WallPost).where(WallPost.poll_id == poll_id))
    session.exec(delete(Poll).where(Poll.id == poll_id))


# --- answers ---------------------------------------------------------------------------------

def check_answer(poll: Poll, answer: object) -> dict:
    """The answer as stored, or VoteRefused with a clear reason."""
    if poll.kind == "scale":
        try:
            value = int(answer) if not isinstance(answer, bool) else None
        except (TypeError, ValueError):
            value = None
        if value is None or value != answer or not poll.scale_min <= value <= poll.scale_max:
            raise VoteRefused.of(N_("La valeur doit être un nombre entier de {low} à {high}."),
                                 low=poll.scale_min, high=poll.scale_max)
        return {"value": value}
    if poll.kind == "single":
        if answer not in poll.options:
            raise VoteRefused.of(N_("Ce choix ne fait pas partie des options."))
        return {"choice": answer}
    if poll.kind == "multiple":
        chosen = list(answer or [])
        if not chosen:
            raise VoteRefused.of(N_("Choisissez au moins une option."))
        if any(c not in poll.options for c in chosen) or len(set(chosen)) != len(chosen):
            raise VoteRefused.of(N_("Un des choix ne fait pas partie des options."))
        return {"choices": chosen}
    if poll.kind == "ranking":
        order = list(answer or [])
        if not order:
            raise VoteRefused.of(N_("Le classement est vide : classez toutes les options."))
        if sorted(order) != sorted(poll.options) or len(set(order)) != len(order):
            raise VoteRefused.of(N_("Classez chaque option une seule fois."))
        return {"order": order}
    raise VoteRefused.of(N_("Sur ce mur, publiez un argument plutôt que de voter."))


def _voter(session: Session, poll: Poll, participant_id: int) -> Participant:
    person = session.get(Participant, participant_id)
    if person is None or person.event_id != poll.event_id:
        raise VoteRefused.of(N_("Ce lien ne correspond à aucun·e participant·e de cet événement."))
    if person.checked_in_at is None:
        raise VoteRefused.of(N_("Vous n'êtes pas encore enregistré·e à l'accueil : scannez "
                                 "votre badge à l'entrée, puis revenez voter."))
    if not poll.is_open:
        raise VoteRefused.of(N_("Cette question est fermée : votre réponse n'a pas été "
                                "enregistrée."))
    return person


def cast_vote(session: Session, poll_id: int, participant_id: int, answer: object) -> dict:
    """Record (or replace) a person's answer: one row per person, question and round, written
    by a single INSERT ... ON CONFLICT so that concurrent answers are never counted twice."""
    poll = session.get(Poll, poll_id)
    if poll is None:
        raise VoteRefused.of(N_("Question introuvable."))
    _voter(session, poll, participant_id)
    value = check_answer(poll, answer)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(Vote.__table__).values(
        event_id=poll.event_id, poll_id=poll.id, round=poll.round,
        participant_id=participant_id, value=value, updated_at=utcnow())
    session.exec(statement.on_conflict_do_update(
        index_elements=["poll_id", "round", "participant_id"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at}))
    return value


def scale_legend(poll: Poll, separator: str = " · ", language: str | None = None) -> str:
    """What the two ends of a scale mean, e.g. "0 = créer du lien · 10 = produire du
    contenu", in `language` (the page's) where the organisers gave it."""
    language = language or current()
    return (f"{poll.scale_min} = {content.text_in(poll, 'left_label', language)}{separator}"
            f"{poll.scale_max} = {content.text_in(poll, 'right_label', language)}")


_vote = Vote.__table__
MY_VOTES = sa_select(_vote.c.poll_id, _vote.c.round, _vote.c.value).where(
    _vote.c.participant_id == bindparam("person"),
    _vote.c.poll_id.in_(bindparam("polls", expanding=True)))
"""Built once, on the table (the phone page runs it on every view)."""


def my_answers(connection: Connection | Session, polls: list[Poll], participant_id: int
               ) -> dict[int, dict | None]:
    """A person's answer to each question's current round (None when not answered yet), in
    one query."""
    rounds = {poll.id: poll.round for poll in polls}
    answers: dict[int, dict | None] = dict.fromkeys(rounds)
    if not polls:
        return answers
    for poll_id, round_, value in connection.execute(
            MY_VOTES, {"person": participant_id, "polls": list(rounds)}):
        if round_ == rounds[poll_id]:
            answers[poll_id] = value
    return answers


def post_to_wall(session: Session, poll_id: int, participant_id: int, side: str,
                 text: str) -> WallPost:
    poll = session.get(Poll, poll_id)
    if poll is None or poll.kind != "wall":
        raise VoteRefused.of(N_("Ce n'est pas un mur d'arguments."))
    _voter(session, poll, participant_id)
    text = " ".join(text.split())
    if side not in SIDES:
        raise VoteRefused.of(N_("Choisissez « pour » ou « contre »."))
    if not text:
        raise VoteRefused.of(N_("Votre argument est vide."))
    if len(text) > MAX_POST:
        raise VoteRefused.of(N_("Votre argument fait {length} caractères : {most} au maximum. "
                                "Raccourcissez-le."), length=len(text), most=MAX_POST)
    post = WallPost(event_id=poll.event_id, poll_id=poll.id, round=poll.round,
                    participant_id=participant_id, side=side, text=text)
    session.add(post)
    session.flush()
    return post


def hide_post(session: Session, post_id: int, hidden: bool = True) -> None:
    session.exec(update(WallPost).where(WallPost.id == post_id).values(hidden=hidden))


# --- results ---------------------------------------------------------------------------------

@dataclass
class Results:
    kind: str
    voters: int
    counts: dict[str, float] = field(default_factory=dict)
    """option (or scale value, as text) -> count, or Borda points for a ranking"""
    mean: float | None = None
    posts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    """side -> [(post id, text)], visible posts only"""


def tally(poll: Poll, values: list[dict], posts: list[tuple[int, str, str]] = ()) -> Results:
    """Results from plain data: the stored answers, and the wall's (id, side, text) posts."""
    if poll.kind == "scale":
        numbers = [v["value"] for v in values]
        counts = Counter(numbers)
        return Results("scale", len(values),
                       {str(k): counts.get(k, 0)
                        for k in range(poll.scale_min, poll.scale_max + 1)},
                       statistics.mean(numbers) if numbers else None)
    if poll.kind == "single":
        counts = Counter(v["choice"] for v in values)
        return Results("single", len(values), {o: counts.get(o, 0) for o in poll.options})
    if poll.kind == "multiple":
        counts = Counter(c for v in values for c in v["choices"])
        return Results("multiple", len(values), {o: counts.get(o, 0) for o in poll.options})
    if poll.kind == "ranking":
        points = Counter()
        for v in values:
            last = len(v["order"]) - 1
            for rank, option in enumerate(v["order"]):
                points[option] += last - rank
        return Results("ranking", len(values), {o: points.get(o, 0) for o in poll.options})
    by_side: dict[str, list[tuple[int, str]]] = {side: [] for side in SIDES}
    for post_id, side, text in posts:
        by_side[side].append((post_id, text))
    return Results("wall", len(posts), posts=by_side)


def poll_results(session: Session, poll: Poll, round_: int | None = None,
                 role: str | None = None) -> Results:
    round_ = poll.round if round_ is None else round_
    query = (select(Vote.value).join(Participant, Participant.id == Vote.participant_id)
             .where(Vote.poll_id == poll.id, Vote.round == round_))
    posts_query = (select(WallPost.id, WallPost.side, WallPost.text, WallPost.participant_id)
                   .join(Participant, Participant.id == WallPost.participant_id)
                   .where(WallPost.poll_id == poll.id, WallPost.round == round_,
                          WallPost.hidden == False))  # noqa: E712
    if role:
        query = query.where(Participant.role == role)
        posts_query = posts_query.where(Participant.role == role)
    rows = list(session.exec(posts_query.order_by(WallPost.id)))
    results = tally(poll, list(session.exec(query)), [(i, s, t) for i, s, t, _ in rows])
    if poll.kind == "wall":
        results.voters = len({author for *_, author in rows})
    return results


def round_moment(session: Session, poll: Poll, round_: int) -> datetime | None:
    """When a round of a question was answered (its median answer's time): a barometer
    asked in the morning and again at the end of the day says which is which."""
    moments = sorted(as_utc(m) for m in session.exec(select(Vote.updated_at).where(
        Vote.poll_id == poll.id, Vote.round == round_)))
    return moments[len(moments) // 2] if moments else None


def wall_posts_for_moderation(session: Session, poll: Poll) -> list[WallPost]:
    return list(session.exec(select(WallPost).where(WallPost.poll_id == poll.id,
                                                    WallPost.round == poll.round)
                             .order_by(WallPost.id)))


def votes_frame(session: Session, event_id: int) -> pd.DataFrame:
    """Every answer of the event, without names (a role and an anonymous number instead)."""
    rows = session.exec(select(Poll.question, Poll.kind, Vote.round, Vote.participant_id,
                               Participant.role, Vote.value, Vote.updated_at)
                        .join(Poll, Poll.id == Vote.poll_id)
                        .join(Participant, Participant.id == Vote.participant_id)
                        .where(Vote.event_id == event_id).order_by(Poll.position, Vote.id))
    anonymous: dict[int, int] = {}
    records = []
    for question, kind, round_, pid, role, value, when in rows:
        number = anonymous.setdefault(pid, len(anonymous) + 1)
        answer = value.get("value", value.get("choice", value.get("choices",
                                                                    value.get("order"))))
        records.append({"question": question, "type": kind, "tour": round_,
                        "votant": f"V{number:03d}", "rôle": role,
                        "réponse": answer if not isinstance(answer, list)
                        else " > ".join(answer) if kind == "ranking" else " | ".join(answer),
                        "heure": when})
    return pd.DataFrame(records, columns=["question", "type", "tour", "votant", "rôle",
                                          "réponse", "heure"])
