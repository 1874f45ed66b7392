"""Personal data in the running app (streamlit.testing): the privacy notice and its links,
the organisers' settings, the retention warning, a person's export and erasure, anonymising."""

from datetime import date, timedelta

from sqlmodel import select

from partnerday.db import get_engine, session_scope
from partnerday.models import Event, Participant, WorkGroup
from tests.conftest import PASSWORD, log_in, open_app, texts


def demo_event(url: str) -> Event:
    open_app()  # the first start makes the demo
    with session_scope(get_engine(url)) as session:
        return session.exec(select(Event)).one()


def person(url: str, name: str) -> Participant:
    with session_scope(get_engine(url)) as session:
        return session.exec(select(Participant).where(Participant.name == name)).one()


def test_the_privacy_notice_is_linked_from_phones_walk_ins_and_tablets(app_env):
    event = demo_event(app_env)
    notice = open_app(d=event.uid)
    assert not notice.exception
    shown = texts(notice)
    assert "Vos données personnelles" in shown and "Jusqu'au 28/01/2028" in shown
    assert "Seule l'équipe organisatrice voit les noms de famille" in shown
    phone = open_app(p=person(app_env, "Amina Hermans").token)
    assert any(f'href="?d={event.uid}&amp;l=fr"' in h.proto.body for h in phone.get("html"))
    walk_in = open_app(w=event.walkin_token)
    assert f"(?d={event.uid}&l=fr)" in " ".join(c.value for c in walk_in.caption)
    for bad in ("0" * 32, "pas-un-identifiant", "'; DROP TABLE event; --"):
        assert "Lien non reconnu" in texts(open_app(d=bad))


def test_tablets_link_the_notice_too(app_env):
    from partnerday.demo import create_demo_at_stage

    with session_scope(get_engine(app_env)) as session:
        event = create_demo_at_stage(session, "groups", make_current=True)
        token = session.exec(select(WorkGroup.token).where(WorkGroup.event_id == event.id)
                             ).first()
    tablet = open_app(g=token)
    assert f"(?d={event.uid}&l=fr)" in " ".join(c.value for c in tablet.caption)


def test_organisers_set_the_contact_and_the_retention_date(app_env):
    event = demo_event(app_env)
    at = log_in(open_app("pages/events.py"), PASSWORD)
    next(t for t in at.text_input if t.label.startswith("À qui s'adresser")).input(
        "Délégué·e à la protection des données, dpo@cpas-forest.example")
    next(d for d in at.date_input if d.label.startswith("Données personnelles")).set_value(
        date(2027, 12, 31))
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert not at.exception and "enregistrés" in texts(at)
    shown = texts(open_app(d=event.uid))
    assert "dpo@cpas-forest.example" in shown and "Jusqu'au 31/12/2027" in shown


def test_the_dashboard_warns_a_month_before_the_retention_date(app_env):
    event = demo_event(app_env)
    with session_scope(get_engine(app_env)) as session:
        session.get(Event, event.id).retention_until = date.today() + timedelta(days=100)
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert "à anonymiser" not in texts(at)
    with session_scope(get_engine(app_env)) as session:
        session.get(Event, event.id).retention_until = date.today() + timedelta(days=12)
    at = log_in(open_app("pages/dashboard.py"), PASSWORD)
    assert "sont à anonymiser le" in texts(at) and "dans 12 jours" in texts(at)


def test_a_person_is_exported_then_erased_from_the_participant_page(app_env):
    demo_event(app_env)
    amina = person(app_env, "Amina Hermans")
    at = log_in(open_app("pages/participants.py"), PASSWORD)
    next(s for s in at.selectbox if s.label == "Personne").select(amina.id).run()
    assert [b for b in at.get("download_button")
            if "Exporter tout ce que nous gardons" in b.proto.label]
    erase = next(b for b in at.button if b.label == "Effacer")
    assert erase.disabled
    next(c for c in at.checkbox if c.label.startswith("Je confirme : effacer")).check().run()
    next(b for b in at.button if b.label == "Effacer").click().run()
    assert not at.exception and "Personne effacée" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        gone = session.get(Participant, amina.id)
    assert (gone.name, gone.email) == ("", "") and gone.erased_at is not None
    assert "Lien non reconnu" in texts(open_app(p=amina.token))


def test_anonymise_the_event_from_the_events_page(app_env):
    event = demo_event(app_env)
    at = log_in(open_app("pages/events.py"), PASSWORD)
    button = next(b for b in at.button if b.label == "Anonymiser l'événement")
    assert button.disabled
    next(c for c in at.checkbox if c.label.startswith("Je confirme : anonymiser")).check().run()
    next(b for b in at.button if b.label == "Anonymiser l'événement").click().run()
    assert not at.exception and "Événement anonymisé : 80 personne(s)" in texts(at)
    assert "a été anonymisé le" in texts(at)
    with session_scope(get_engine(app_env)) as session:
        assert not session.exec(select(Participant).where(Participant.email != "")).all()
        assert session.get(Event, event.id).anonymised_at is not None
    prepare = next(b for b in at.button if b.label.startswith("Préparer une sauvegarde"))
    prepare.click().run()
    assert any(b.proto.label == "Télécharger la sauvegarde anonymisée"
               for b in at.get("download_button"))


def test_the_accessibility_statement_is_linked_from_phones_and_names_the_contact(app_env):
    """EN 301 549 asks for a statement: what is met, what is not and why, whom to ask, and a
    way to complain; linked from the phone page, the walk-in and join pages and the notice."""
    from partnerday.accessibility import NOT_YET, STATUS

    event = demo_event(app_env)
    with session_scope(get_engine(app_env)) as session:
        stored = session.get(Event, event.id)
        stored.privacy_contact = "Accueil *CPAS* <b>Forest</b>, 02 000 00 00"
        session.add(stored)
    statement = open_app(a=event.uid)
    assert not statement.exception
    shown = texts(statement)
    assert "Accessibilité" in shown and STATUS in shown and "WCAG 2.1" in shown
    assert all(what in shown for what, _ in NOT_YET)  # what is not met, said
    assert "Médiateur" in shown  # the way to complain
    body = " ".join(m.value for m in statement.markdown)
    assert r"Accueil \*CPAS\* \<b\>Forest\</b\>, 02 000 00 00" in body  # as typed, as text
    assert "Accessibilité" in texts(open_app(a="pas-un-identifiant"))  # the current event's
    phone = open_app(p=person(app_env, "Amina Hermans").token)
    assert any(f'href="?a={event.uid}&amp;l=fr"' in h.proto.body for h in phone.get("html"))
    walk_in = open_app(w=event.walkin_token)
    linked = f"(?a={event.uid}&l=fr)"
    assert linked in " ".join(c.value for c in walk_in.caption)
    assert linked in " ".join(c.value for c in open_app(j=event.join_token).caption)
    assert linked in " ".join(m.value for m in open_app(d=event.uid).markdown)


def test_the_notice_and_the_statement_come_in_the_language_of_the_page_that_links_them(
        app_env):
    """A Dutch participant's « uw gegevens » opens the notice in Dutch (the link says `l=nl`:
    the notice knows nobody), the statement too; a tap there changes it."""
    event = demo_event(app_env)
    dutch = person(app_env, "Amina Hermans")
    with session_scope(get_engine(app_env)) as session:
        stored = session.get(Participant, dutch.id)
        stored.language = "nl"
        session.add(stored)
    phone = open_app(p=dutch.token)
    links = " ".join(h.proto.body for h in phone.get("html"))
    assert f'href="?d={event.uid}&amp;l=nl"' in links
    assert f'href="?a={event.uid}&amp;l=nl"' in links
    notice = open_app(d=event.uid, l="nl")
    shown = texts(notice)
    assert notice.title[0].value == "Uw persoonsgegevens"
    assert "Alleen het organiserende team ziet de familienamen" in shown
    assert "Tot 28/01/2028" in shown
    assert "Seule l'équipe" not in shown
    assert 'lang: "nl"' in "".join(h.proto.body for h in notice.get("html"))
    assert f"(?a={event.uid}&l=nl)" in " ".join(m.value for m in notice.markdown)
    statement = open_app(a=event.uid, l="en")
    shown = texts(statement)
    assert statement.title[0].value == "Accessibility"
    assert "partially conformant" in shown and "Brussels Ombudsman" in shown
    assert "Statement made on 3 December 2026" in shown
    statement.segmented_control[0].set_value("nl").run()  # one tap
    assert statement.title[0].value == "Toegankelijkheid"
    assert "gedeeltelijk conform" in texts(statement)
    assert open_app(d=event.uid, l="xx").title[0].value == "Vos données personnelles"
