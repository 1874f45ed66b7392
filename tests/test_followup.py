"""The year after the day: reminders owed on given dates (time passed in, never waited for),
sent once through a real SMTP server on loopback, resumed after a failure without a duplicate,
stopped by their link; the digest's figures recomputed from the commitments."""

import re
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from partnerday import content
from partnerday.cli import main as cli_main
from partnerday.commitments import STATUSES, status_by_month, update_by_link, \
    update_commitment
from partnerday.db import session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.digest import build_digest, digest_text
from partnerday.i18n import speaking
from partnerday.mailing import MailInterrupted
from partnerday.models import Case, Commitment, Event, MailStop, Organisation, Participant, \
    Reminder
from partnerday.reminders import add_months, current_milestone, event_digest, \
    owed_reminders, plan_follow_up, send_follow_up, stop_mail, unanswered

DAY = date(2027, 1, 28)


def commitment(id_: int, due: date | None = None, status: str = "not_started") -> Commitment:
    return Commitment(id=id_, event_id=1, due=due, status=status, what=f"quoi {id_}")


# --- planning, on plain data ---------------------------------------------------------------

def test_months_are_added_as_calendar_months():
    assert add_months(DAY, 1) == date(2027, 2, 28)  # no 28 + 31 days, no 31 February
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(DAY, 12) == date(2028, 1, 28)


def test_reminders_due_and_not_due_on_given_dates():
    rows = [commitment(1, due=date(2027, 2, 15)), commitment(2, due=date(2027, 6, 1)),
            commitment(3, status="done", due=date(2027, 2, 15)), commitment(4)]

    def keys(today: date) -> set[str]:
        return {o.key for o in owed_reminders(rows, DAY, [1, 3, 6], 7, today)}

    assert keys(date(2027, 2, 1)) == set()  # nothing before a week ahead of a due date
    assert keys(date(2027, 2, 8)) == {"c1:due"}  # a week before; done (3) never reminded
    assert keys(date(2027, 2, 28)) == {"c1:due", "c1:m1", "c2:m1", "c4:m1"}  # m1, c1 late
    assert keys(date(2027, 3, 20)) == {"c1:m1", "c2:m1", "c4:m1"}  # due reminder's grace over
    assert keys(date(2027, 4, 28)) == {"c1:m3", "c2:m3", "c4:m3"}  # m1 superseded by m3
    assert keys(date(2027, 5, 27)) == {"c2:due", "c1:m3", "c2:m3", "c4:m3"}
    assert keys(date(2028, 1, 1)) == set()  # m6 long past, no milestone after it
    late = [o for o in owed_reminders(rows, DAY, [1], 7, date(2027, 2, 20)) if o.key == "c1:due"]
    assert late[0].reason == "était prévu pour le 15 février 2027"
    with speaking("nl"):  # said in the language of the email it goes in
        assert late[0].reason == "was gepland voor 15 februari 2027"
    with speaking("en"):
        assert late[0].reason == "was due on 15 February 2027"


def test_a_milestone_stays_open_a_while_unless_the_next_has_come():
    assert current_milestone(DAY, [1, 3], date(2027, 2, 27)) is None
    assert current_milestone(DAY, [1, 3], date(2027, 2, 28)) == 1
    assert current_milestone(DAY, [1, 3], date(2027, 4, 14)) == 1  # 45 days of grace
    assert current_milestone(DAY, [1, 6], date(2027, 4, 15)) is None
    assert current_milestone(DAY, [3, 1], date(2027, 4, 28)) == 3
    assert current_milestone(DAY, [], date(2027, 4, 28)) is None


def test_the_digest_figures_are_recomputed_from_the_commitments():
    rows = [commitment(1, due=date(2027, 2, 1)), commitment(2, due=date(2027, 2, 1)),
            commitment(3), commitment(4, due=date(2027, 2, 1))]
    rows[1].status, rows[1].updates = "in_progress", [
        {"at": "2027-02-10T10:00:00+00:00", "status": "in_progress", "progress": 40,
         "note": "Premier rendez-vous fixé", "by": "Kenza"}]
    rows[2].status, rows[2].updates = "done", [
        {"at": "2027-02-20T10:00:00+00:00", "status": "done", "progress": 100, "note": "",
         "by": "Kenza"},
        {"at": "2027-09-01T10:00:00+00:00", "status": "done", "progress": 100,
         "note": "après le point d'étape", "by": "Kenza"}]
    rows[3].status = "dropped"
    digest = build_digest("PD", rows, {2: "CPAS de Forest"}, on=date(2027, 2, 28))
    assert digest.counts == {s: sum(c.status == s for c in rows) for s in STATUSES}
    assert digest.total == 4 and digest.overdue == 2  # 1 and 2: past due, not closed
    assert [(u.what, u.carried_by, u.progress) for u in digest.updates] == [
        ("quoi 3", "", 100), ("quoi 2", "CPAS de Forest", 40)]  # newest first, none later
    text = digest_text(digest)
    assert "- fait : 1" in text and "- en cours : 1" in text and "dont 2 en retard" in text
    assert "Kenza" not in text  # who wrote an update is never named


def test_status_by_month_follows_the_dated_updates():
    made = datetime(2027, 1, 28, 12, tzinfo=timezone.utc)
    rows = [commitment(1), commitment(2)]
    for row in rows:
        row.created_at = made
    rows[0].updates = [{"at": "2027-02-10T10:00:00+00:00", "status": "in_progress"},
                       {"at": "2027-03-05T10:00:00+00:00", "status": "done"}]
    frame = status_by_month(rows, date(2027, 1, 28), date(2027, 3, 10))
    table = frame.pivot(index="mois", columns="état", values="engagements")
    assert list(table["pas commencé"]) == [2, 1, 1]
    assert list(table["en cours"]) == [0, 1, 0]
    assert list(table["fait"]) == [0, 0, 1]


# --- sending, with a real SMTP server on loopback ----------------------------------------------

def demo_day(engine) -> tuple[int, date]:
    """The demo at the report's stage, its day set, every commitment due a month later."""
    with session_scope(engine) as session:
        event = create_demo_at_stage(session, "report", make_current=True)
        event.day = DAY
        session.add(event)
        for row in session.exec(select(Commitment).where(Commitment.event_id == event.id)):
            row.due = DAY + timedelta(days=60)
            session.add(row)
        return event.id, DAY


def expected_reminder_addresses(engine, event_id: int) -> set[str]:
    with session_scope(engine) as session:
        rows = session.exec(select(Participant.email).join(
            Commitment, Commitment.participant_id == Participant.id).where(
            Commitment.event_id == event_id, Participant.email != "")).all()
    return set(rows)


def test_a_milestone_reminds_each_holder_once_and_sends_everyone_the_digest(engine,
                                                                             smtp_server):
    settings, inbox = smtp_server
    event_id, day = demo_day(engine)
    today = add_months(day, 1)
    holders = expected_reminder_addresses(engine, event_id)
    assert len(holders) >= 5
    with session_scope(engine) as session:
        people = session.exec(select(Participant).where(Participant.event_id == event_id,
                                                        Participant.email != "")).all()
        commitments = {c.token: c for c in session.exec(select(Commitment).where(
            Commitment.event_id == event_id))}
        cases = {c.id: c for c in session.exec(select(Case).where(Case.event_id == event_id))}
        reachable = {c.token for c, email in session.exec(
            select(Commitment, Participant.email)
            .join(Participant, Participant.id == Commitment.participant_id)
            .where(Commitment.event_id == event_id, Participant.email != ""))}
    summary = send_follow_up(engine, event_id, settings, today)
    reminders = [m for m in inbox.messages if "?c=" in m.get_content()]
    digests = [m for m in inbox.messages if "?c=" not in m.get_content()]
    assert summary.reminders == len(reminders) and {m["To"] for m in reminders} == holders
    assert summary.digests == len(digests) == len(people)
    language_of = {p.email: p.language for p in people}
    assert set(language_of.values()) == {"fr", "nl", "en"}
    a_month_after = {"fr": "1 mois après la journée", "nl": "1 maand na de dag",
                     "en": "1 month after the day"}
    linked = set()
    for message in reminders:  # each in its reader's language
        body = message.get_content()
        tokens = re.findall(r"\?c=([A-Za-z0-9_-]{22})", body)
        assert tokens and all(commitments[t].participant_id is not None for t in tokens)
        linked.update(tokens)
        language = language_of[message["To"]]  # the pages its links open speak it too
        assert len(re.findall(rf"\?c=[A-Za-z0-9_-]{{22}}&l={language}\s", body)) == len(tokens)
        assert re.search(rf"\?u=[A-Za-z0-9_-]{{22}}&l={language}\s", body)
        assert message["Content-Language"] == language_of[message["To"]]
        assert a_month_after[language_of[message["To"]]] in body
        for token in tokens:  # its case as the organisers gave it in the reader's language
            case = cases[commitments[token].case_id]
            assert content.text_in(case, "title", language) in body, (language, body)
            if language != "fr":
                assert case.title not in body
        notice = rf"\?d=[0-9a-f]{{32}}&l={language_of[message['To']]}\s"  # in their language
        assert re.search(notice, body)
        assert re.search(r"\?u=[A-Za-z0-9_-]{22}", message["List-Unsubscribe"])
    assert linked == reachable  # each commitment whose holder gave an address, once
    out_of = {"fr": f"sur {len(commitments)} engagements",
              "nl": f"van {len(commitments)} engagementen",
              "en": f"out of {len(commitments)} commitments"}
    assert {language_of[m["To"]] for m in digests} == {"fr", "nl", "en"}
    for message in digests:
        body = message.get_content()
        assert message["Content-Language"] == language_of[message["To"]]
        assert out_of[language_of[message["To"]]] in body
        assert re.search(rf"\?d=[0-9a-f]{{32}}&l={language_of[message['To']]}\s", body)
        assert re.search(rf"\?u=[A-Za-z0-9_-]{{22}}&l={language_of[message['To']]}\s", body)
        for person in people:  # no one named: neither holders nor authors of the news
            assert person.last_name not in body
    again = send_follow_up(engine, event_id, settings, today + timedelta(days=3))
    assert (again.reminders, again.digests) == (0, 0)
    with session_scope(engine) as session:
        assert plan_follow_up(session, event_id, today).is_empty


def test_a_run_stopped_half_way_resumes_without_sending_anything_twice(engine, smtp_server):
    settings, inbox = smtp_server
    event_id, day = demo_day(engine)
    today = add_months(day, 1)
    inbox.fail_after = 7
    with pytest.raises(MailInterrupted, match="après 7 message"):
        send_follow_up(engine, event_id, settings, today)
    assert len(inbox.messages) == 7
    inbox.fail_after = None
    send_follow_up(engine, event_id, settings, today)
    sent = [(m["To"], m["Subject"]) for m in inbox.messages]
    assert len(sent) == len(set(sent))
    with session_scope(engine) as session:
        statuses = Counter(r.status for r in session.exec(select(Reminder).where(
            Reminder.event_id == event_id)))
        assert set(statuses) == {"sent"}
        assert plan_follow_up(session, event_id, today).is_empty


def test_the_stop_link_stops_that_address_only(engine, smtp_server):
    settings, inbox = smtp_server
    event_id, day = demo_day(engine)
    send_follow_up(engine, event_id, settings, add_months(day, 1))
    first = next(m for m in inbox.messages if "?c=" in m.get_content())
    token = re.search(r"\?u=([A-Za-z0-9_-]{22})", first.get_content()).group(1)
    with session_scope(engine) as session:
        assert stop_mail(session, token).email == first["To"]
    count = len(inbox.messages)
    send_follow_up(engine, event_id, settings, add_months(day, 3))
    later = inbox.messages[count:]
    assert later and first["To"] not in {m["To"] for m in later}


def test_the_update_link_changes_that_commitment_and_nothing_else(engine):
    event_id, _ = demo_day(engine)
    with session_scope(engine) as session:
        rows = session.exec(select(Commitment).where(Commitment.event_id == event_id)
                            .order_by(Commitment.id)).all()
        before = {c.id: (c.status, c.progress, len(c.updates)) for c in rows}
        chosen = rows[0]
        update_by_link(session, chosen.token, "done")
    with session_scope(engine) as session:
        after = {c.id: (c.status, c.progress, len(c.updates)) for c in session.exec(
            select(Commitment).where(Commitment.event_id == event_id))}
        assert after[chosen.id] == ("done", 100, before[chosen.id][2] + 1)
        assert {k: v for k, v in after.items() if k != chosen.id} == {
            k: v for k, v in before.items() if k != chosen.id}
        assert session.get(Commitment, chosen.id).updates[-1]["by"] == "lien de rappel"


def test_organisations_are_reminded_through_their_contact(engine, smtp_server):
    settings, inbox = smtp_server
    event_id, day = demo_day(engine)
    with session_scope(engine) as session:
        organisation = session.exec(select(Organisation).where(
            Organisation.event_id == event_id).order_by(Organisation.id)).first()
        organisation.contact_name, organisation.contact_email = "Nadia", "nadia@example.org"
        session.add(organisation)
        second = session.exec(select(Organisation).where(
            Organisation.event_id == event_id).order_by(Organisation.id.desc())).first()
        second.contact_name, second.contact_email = "Jef", "jef@example.org"
        second.contact_language = "nl"  # the directory says the contact reads Dutch
        session.add(second)
        carried = session.exec(select(Commitment).where(Commitment.event_id == event_id)
                               .order_by(Commitment.id.desc())).first()
        carried.participant_id, carried.who = None, second.name
        session.add(carried)
        row = session.exec(select(Commitment).where(Commitment.event_id == event_id)).first()
        row.participant_id, row.who = None, organisation.name  # carried by the organisation
        session.add(row)
        orphan = Commitment(event_id=event_id, source="x", who="Quelqu'un", what="sans adresse")
        session.add(orphan)
    with session_scope(engine) as session:
        nobody = plan_follow_up(session, event_id, add_months(day, 1)).without_holder
    assert "sans adresse" in {c.what for c in nobody}  # said to the organisers, not guessed
    summary = send_follow_up(engine, event_id, settings, add_months(day, 1))
    to_contact = [m for m in inbox.messages if m["To"] == "nadia@example.org"]
    assert len(to_contact) == 1 and to_contact[0].get_content().startswith("Bonjour Nadia,")
    assert row.token in to_contact[0].get_content()
    assert summary.without_holder == len(nobody)
    [dutch] = [m for m in inbox.messages if m["To"] == "jef@example.org"]
    assert dutch["Content-Language"] == "nl" and dutch.get_content().startswith("Hallo Jef,")


def test_who_has_not_answered_a_reminder(engine, smtp_server):
    settings, _ = smtp_server
    event_id, day = demo_day(engine)
    send_follow_up(engine, event_id, settings, add_months(day, 1))
    with session_scope(engine) as session:
        waiting = unanswered(session, event_id)
        assert waiting
        answered = waiting[0][0]
        update_commitment(session, answered.id, "in_progress", 30, "", "test")
    with session_scope(engine) as session:
        assert answered.id not in {c.id for c, _ in unanswered(session, event_id)}
        assert len(unanswered(session, event_id)) == len(waiting) - 1


def test_the_remind_command_is_safe_to_run_as_often_as_a_scheduler_likes(
        engine, database_url, smtp_server, monkeypatch, capsys):
    settings, inbox = smtp_server
    event_id, day = demo_day(engine)
    monkeypatch.setenv("SMTP_HOST", settings.smtp_host)
    monkeypatch.setenv("SMTP_PORT", str(settings.smtp_port))
    monkeypatch.setenv("SMTP_TLS", "false")
    monkeypatch.setenv("SMTP_FROM", "orga@example.org")
    argv = ["--database-url", database_url, "remind", "--today",
            add_months(day, 1).isoformat()]
    assert cli_main(argv) == 0  # every event followed: the demo is not, so nothing goes
    assert not inbox.messages and "0 rappel" not in capsys.readouterr().out
    assert cli_main([*argv, "--event", str(event_id)]) == 0
    count = len(inbox.messages)
    assert count > 0 and "rappel(s)" in capsys.readouterr().out
    assert cli_main([*argv, "--event", str(event_id)]) == 0
    assert len(inbox.messages) == count
    with session_scope(engine) as session:
        event = session.get(Event, event_id)
        event.is_demo = False
        session.add(event)
        assert session.exec(select(MailStop).where(MailStop.event_id == event_id)).first()
    assert cli_main(argv) == 0 and len(inbox.messages) == count
    assert "0 rappel(s), 0 point(s)" in capsys.readouterr().out


def test_the_organisers_digest_preview_matches_what_is_sent(engine, smtp_server):
    settings, inbox = smtp_server
    event_id, day = demo_day(engine)
    with session_scope(engine) as session:
        row = session.exec(select(Commitment).where(Commitment.event_id == event_id)).first()
        update_commitment(session, row.id, "in_progress", 50, "Rendez-vous pris", "x")
        preview = digest_text(event_digest(session, event_id, date.today()))
    summary = send_follow_up(engine, event_id, settings, date.today(), digest_when="manual",
                             reminders=False)
    assert summary.reminders == 0 and summary.digests == len(inbox.messages) > 0
    assert preview in inbox.messages[0].get_content().replace("\r\n", "\n")
    assert "Rendez-vous pris" in preview
