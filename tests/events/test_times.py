"""A 9:00 event in Cayenne is 12:00 UTC, and reads 9:00 (heure de Cayenne) everywhere."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from events import services
from events.ics import calendar_bytes
from events.models import Event, EventKind
from tests.events.factories import EventFactory
from tests.factories import commune, region

pytestmark = pytest.mark.django_db


def test_staff_in_paris_types_cayenne_wall_clock_time(paris_staff, login):
    client = login(paris_staff)
    response = client.post(
        reverse("events:create"),
        {
            "kind": EventKind.objects.get(slug="reunion-collective").pk,
            "title": "Réunion test Cayenne",
            "region": region("03").pk,
            "commune": "97302",
            "starts_at": "2031-02-07T09:00",
            "ends_at": "2031-02-07T12:30",
            "min_registrations": 5,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Réunion test Cayenne")
    assert event.starts_at == datetime(2031, 2, 7, 12, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2031, 2, 7, 15, 30, tzinfo=UTC)
    # The edit form shows the territory's wall-clock time back.
    page = client.get(reverse("events:update", args=[event.pk])).content.decode()
    assert 'value="2031-02-07T09:00"' in page


def test_detail_shows_territory_time_and_viewers_own(paris_staff, login):
    event = EventFactory(starts_at=datetime(2031, 2, 7, 12, 0, tzinfo=UTC))
    event.ends_at = datetime(2031, 2, 7, 15, 0, tzinfo=UTC)
    event.save()
    page = login(paris_staff).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "9:00 – 12:00 (heure de Cayenne)" in page
    assert "soit 13:00 – 16:00 (heure de Paris) pour vous" in page


def test_viewer_in_cayenne_sees_no_second_time(guyane_staff, login):
    event = EventFactory(starts_at=datetime(2031, 2, 7, 12, 0, tzinfo=UTC))
    page = login(guyane_staff).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "9:00 – 12:00 (heure de Cayenne)" in page
    assert "pour vous" not in page


def test_ics_keeps_the_cayenne_wall_clock_time(db):
    event = EventFactory(starts_at=datetime(2031, 2, 7, 12, 0, tzinfo=UTC))
    text = calendar_bytes([Event.objects.get(pk=event.pk)]).decode()
    assert "DTSTART;TZID=America/Cayenne:20310207T090000" in text
    assert "DTEND;TZID=America/Cayenne:20310207T120000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:America/Cayenne" in text


def test_confirmation_email_in_cayenne_time_with_ics(guyane_staff, mailoutbox, run_on_commit):
    event = EventFactory(starts_at=datetime(2031, 2, 7, 12, 0, tzinfo=UTC))
    with run_on_commit():
        services.registration_create(
            event=event,
            by=guyane_staff,
            first_name="Rudy",
            last_name="Pinas",
            email="Rudy.Pinas@exemple.test",
        )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["rudy.pinas@exemple.test"]
    assert "9:00 – 12:00 (heure de Cayenne)" in mail.body
    name, content, mimetype = mail.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    content = content.decode() if isinstance(content, bytes) else content
    assert "DTSTART;TZID=America/Cayenne:20310207T090000" in content


def test_list_shows_territory_time_with_the_viewers_beside_it(paris_staff, login):
    EventFactory(title="Réunion du matin", starts_at=datetime(2031, 2, 7, 12, 0, tzinfo=UTC))
    page = login(paris_staff).get(reverse("events:list")).content.decode()
    assert "9:00 (heure de Cayenne) · 13:00 pour vous" in page


def test_moving_the_event_to_another_commune_moves_its_departement(db):
    event = EventFactory()
    assert event.departement.code == "973"
    event.commune = commune("14118")
    event.region = region("28")
    event.save()
    assert event.departement.code == "14" and event.time_zone_name == "Europe/Paris"
