"""Follow-up screens as Streamlit runs them: merge view, report and sending, commitments for
organisers and on the phone, last year's commitments on the dashboard."""

import re
from datetime import date, timedelta

from sqlmodel import select

from partnerday.commitments import carry_over, list_commitments, sync_commitments, \
    update_commitment
from partnerday.db import get_engine, session_scope
from partnerday.demo import create_demo_at_stage
from partnerday.events import create_event
from partnerday.models import Commitment, Delivery, Event, MailStop, Participant, WorkGroup
from partnerday.report import build_report
from tests.conftest import PASSWORD, log_in, open_app, texts


def report_stage(app_env):
    with session_scope(get_engine(app_env)) as session:
        return create_demo_at_stage(session, "report", make_current=True)


def button(at, label: str):
    return next(b for b in at.button if b.label.startswith(label))


def test_tablet_after_the_last_round_shows_the_merged_group(app_env):
    event = report_stage(app_env)
    with session_scope(get_engine(app_env)) as session:
        token = session.exec(select(WorkGroup.token).where(WorkGroup.event_id == event.id,
                                                           WorkGroup.number == 2)).one()
    at = open_app(g=token)
    assert not at.exception
    shown = texts(at)
    assert "Groupes 1 + 2" in shown and "Groupe 1" in shown and "Tous les tours sont terminés" \
        in shown
    merge = log_in(open_app("pages/merge.py"), PASSWORD)
    assert not merge.exception and "Samir, 24 ans, sans diplôme" in texts(merge)


def test_report_page_previews_downloads_and_sends(app_env, smtp_server, monkeypatch):
    settings, inbox = smtp_server
    for name, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", str(settings.smtp_port)),
                        ("SMTP_TLS", "false"), ("SMTP_FROM", "orga@example.org")):
        monkeypatch.setenv(name, value)
    event = report_stage(app_env)
    at = log_in(open_app("pages/report.py"), PASSWORD)
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == [
        "Page HTML (autonome)", "PDF (A4)", "Engagements (CSV)"]
    at.text_input[0].input("orga@example.org")
    at = button(at, "Envoyer le test").click().run()
    assert "Message de test envoyé à orga@example.org." in texts(at).replace("\\", "")
    at.segmented_control(key="report_language").set_value("nl").run()  # the Dutch copy
    assert "lang='nl'" in at.get("iframe")[0].proto.srcdoc  # previewed
    at = button(at, "Envoyer le test").click().run()
    tests = inbox.messages[:2]
    assert [m["Content-Language"] for m in tests] == ["fr", "nl"]
    assert [[a.get_filename() for a in m.iter_attachments()][0] for m in tests] == [
        "rapport-partner-day.html", "verslag-partner-day.html"]
    at = button(at, "Envoyer le rapport à").click().run(timeout=120)
    assert not at.exception
    with session_scope(get_engine(app_env)) as session:
        sent = session.exec(select(Delivery).where(Delivery.event_id == event.id)).all()
    assert len(inbox.messages) == 2 + len(sent) and len(sent) > 60
    for message in inbox.messages[2:]:  # each the copy in their language, whatever was chosen
        assert [a.get_filename() for a in message.iter_attachments()][0] == {
            "fr": "rapport-partner-day.html", "nl": "verslag-partner-day.html",
            "en": "partner-day-report.html"}[message["Content-Language"]]
    assert f"Rapport envoyé à {len(sent)} personne" in texts(at)
    assert len(at.dataframe[-1].value) == len(sent)  # the log


def test_commitments_page_and_the_persons_own_page(app_env):
    event = report_stage(app_env)
    at = log_in(open_app("pages/commitments.py"), PASSWORD)
    assert not at.exception
    assert len(at.dataframe[0].value) == 36
    with session_scope(get_engine(app_env)) as session:
        first = list_commitments(session, event.id)[0]
        token = session.get(Participant, first.participant_id).token
    at.selectbox[0].select(first.id)
    at.selectbox[1].select("in_progress")
    at.slider[0].set_value(60)
    at.text_area[0].input("Rendez-vous pris")
    at = button(at, "Enregistrer").click().run()
    with session_scope(get_engine(app_env)) as session:
        row = session.get(Commitment, first.id)
    assert (row.status, row.progress, row.updates[-1]["note"]) == ("in_progress", 60,
                                                                   "Rendez-vous pris")

    phone = open_app(p=token)
    assert "Mes engagements" in texts(phone)
    next(s for s in phone.selectbox if s.label == "État").select("done")
    next(s for s in phone.slider if s.label == "Avancement (%)").set_value(100)
    next(t for t in phone.text_input if t.label == "Une nouvelle ?").input("Inscrit en formation")
    phone = button(phone, "Mettre à jour").click().run()
    assert "Merci, c'est noté." in texts(phone)
    with session_scope(get_engine(app_env)) as session:
        row = session.get(Commitment, first.id)
        person = session.get(Participant, first.participant_id)
    assert (row.status, row.progress) == ("done", 100)
    assert row.updates[-1]["by"] == person.name.split()[0]


def test_next_years_dashboard_shows_last_years_commitments(app_env):
    event = report_stage(app_env)
    with session_scope(get_engine(app_env)) as session:
        sync_commitments(session, event.id)
        next_year = create_event(session, "Partner Day 2028")
        carry_over(session, event.id, next_year.id)
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert not at.exception
    assert "Engagements de l'an dernier, à revoir" in texts(at)
    assert "0 sur 36 tenus" in texts(at)


def test_next_years_dashboard_opens_on_how_last_years_commitments_ended(app_env):
    event = report_stage(app_env)
    with session_scope(get_engine(app_env)) as session:
        rows = list_commitments(session, event.id)
        for row in rows[:9]:
            update_commitment(session, row.id, "done", 100, "", "test")
        session.get(Event, event.id).is_demo = False  # last year's, a real one (not the demo)
        create_event(session, "Partner Day 2028", day=date(2028, 1, 27))  # nothing carried
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert not at.exception
    shown = texts(at)
    assert f"Ce qu'est devenu le Partner Day précédent, « {event.name} »" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Engagements"] == "36" and metrics["Fait"] == "9"
    assert "Reprenez-les sur la page Engagements" in shown


def test_a_reminders_link_changes_its_commitment_in_one_tap_without_a_password(app_env):
    event = report_stage(app_env)
    with session_scope(get_engine(app_env)) as session:
        rows = list_commitments(session, event.id)
        before = {c.id: (c.status, c.progress, len(c.updates)) for c in rows}
        chosen = rows[3]
    at = open_app(c=chosen.token)
    assert not at.exception and not at.text_input  # no password asked
    shown = texts(at)
    assert "Votre engagement" in shown and chosen.what in shown
    assert "Aujourd'hui : **pas commencé**, 0 %" in shown
    at = button(at, "Fait").click().run()
    assert "Merci, c'est noté : fait, 100 %." in texts(at)
    with session_scope(get_engine(app_env)) as session:
        after = {c.id: (c.status, c.progress, len(c.updates))
                 for c in list_commitments(session, event.id)}
    assert after[chosen.id] == ("done", 100, 1)
    assert {k: v for k, v in after.items() if k != chosen.id} == {
        k: v for k, v in before.items() if k != chosen.id}  # nothing else changed
    assert "Lien non reconnu" in texts(open_app(c="x" * 22))


def test_the_stop_link_asks_before_stopping(app_env):
    event = report_stage(app_env)
    with session_scope(get_engine(app_env)) as session:
        stop = MailStop(event_id=event.id, email="kenza.hermans@example.org")
        session.add(stop)
    at = open_app(u=stop.token)
    assert "ke…@example.org" in texts(at) and "kenza.hermans" not in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.get(MailStop, stop.id).stopped_at is None  # opening stops nothing
    at = button(at, "Ne plus rien recevoir").click().run()
    assert "C'est fait" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert session.get(MailStop, stop.id).stopped_at is not None


def test_the_engagements_page_sends_what_is_due_and_previews_the_digest(app_env, smtp_server,
                                                                        monkeypatch):
    settings, inbox = smtp_server
    for name, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", str(settings.smtp_port)),
                        ("SMTP_TLS", "false"), ("SMTP_FROM", "orga@example.org")):
        monkeypatch.setenv(name, value)
    event = report_stage(app_env)
    with session_scope(get_engine(app_env)) as session:
        row = session.get(Event, event.id)
        row.day = date.today() - timedelta(days=40)  # a month after the day: the first step
        session.add(row)
    at = log_in(open_app("pages/commitments.py"), PASSWORD)
    assert not at.exception
    shown = texts(at)
    owed = re.search(r"Aujourd'hui : \**(\d+)\** rappel\(s\) à envoyer à \**(\d+)\** "
                     r"adresse\(s\), \**(\d+)\** point\(s\) d'étape", shown)
    assert owed and int(owed.group(1)) > 0 and int(owed.group(3)) > 0
    assert re.search(r"\d+ engagements? sans adresse où rappeler", shown)
    assert "sur 36 engagement(s)" in shown  # the digest as it would go
    at = button(at, "Envoyer maintenant ce qui est dû").click().run(timeout=120)
    assert not at.exception
    assert len(inbox.messages) == int(owed.group(2)) + int(owed.group(3))
    assert (f"{owed.group(2)} rappel(s) et {owed.group(3)} point(s) d'étape envoyé(s)."
            in texts(at))
    assert "Aujourd'hui : **0** rappel(s)" in texts(at)
    assert "Sans nouvelles depuis leur dernier rappel" in texts(at)


def test_organisers_star_the_commitments_for_the_reports_first_page(app_env):
    event = report_stage(app_env)
    at = log_in(open_app("pages/commitments.py"), PASSWORD)
    with session_scope(get_engine(app_env)) as session:
        rows = list_commitments(session, event.id)
    stars = next(m for m in at.multiselect if m.label.startswith("À la une"))
    stars.select(rows[4].id).select(rows[7].id)
    at = button(at, "Mettre à la une").click().run()
    assert "2 engagements à la une du rapport." in texts(at)
    with session_scope(get_engine(app_env)) as session:
        starred = session.exec(select(Commitment.id).where(Commitment.starred == True)).all()  # noqa: E712
        report = build_report(session, event.id)
    assert sorted(starred) == sorted([rows[4].id, rows[7].id])
    assert [h.what for h in report.highlights] == [rows[4].what, rows[7].what]


def test_the_pooling_page_sends_a_case_to_the_projector(app_env):
    from partnerday.cases import list_cases
    from partnerday.merge import merge_sets

    event = report_stage(app_env)
    at = log_in(open_app("pages/merge.py"), PASSWORD)
    projector_buttons = [b for b in at.button if b.label == "Montrer au projecteur"]
    assert len(projector_buttons) >= 2  # one per case of the set
    at = projector_buttons[1].click().run()
    assert not at.exception
    with session_scope(get_engine(app_env)) as session:
        stored = session.get(Event, event.id)
        cases = list_cases(session, event.id)
        first_set = merge_sets(stored, len(cases))[0]
    assert stored.projector_screen == "pooling" and stored.projector_set == 0
    shown_case = next(c for c in cases if c.id == stored.projector_case)
    screen = open_app(s=event.screen_token)  # the projector's own browser, the screen link
    shown = texts(screen)
    assert not screen.exception and not screen.button and not screen.get("segmented_control")
    assert shown_case.title in shown and "Synthèse" in shown
    assert f"Groupes {' + '.join(map(str, first_set))}" in shown
    with session_scope(get_engine(app_env)) as session:  # who took a commitment: not shown
        names = {p.last_name for p in session.exec(select(Participant).where(
            Participant.event_id == event.id))}
    assert not any(f" {name}" in shown for name in names if len(name) > 3)
    at.segmented_control[0].set_value(1).run()  # the second pair, its first case
    at = next(b for b in at.button if b.label == "Montrer au projecteur").click().run()
    with session_scope(get_engine(app_env)) as session:
        assert session.get(Event, event.id).projector_set == 1


def test_the_pooling_page_writes_due_dates_the_french_way(app_env):
    report_stage(app_env)
    shown = texts(log_in(open_app("pages/merge.py"), PASSWORD))
    assert re.search(r"pour le \d\d/\d\d/20\d\d", shown)
    assert not re.search(r"pour le 20\d\d-\d\d-\d\d", shown)
