"""The synchronisation of attendance recorded offline (events/offline.py): ticks and
walk-ins once each, through the attendance page's forms, permission and services."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus
from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _meeting():
    starts = timezone.now() - timedelta(hours=1)
    return EventFactory(
        title="Réunion de Saint-Laurent", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )


def _send(client, changes):
    return client.post(
        reverse("events:sync"), json.dumps({"changes": changes}), content_type="application/json"
    )


def _tick(event, registration, present, base=False):
    return {
        "key": uuid.uuid4().hex,
        "type": "attendance",
        "event": event.pk,
        "registration": registration.pk,
        "present": present,
        "base": base,
    }


def _walk_in(event, **fields):
    return {"key": uuid.uuid4().hex, "type": "walk_in", "event": event.pk, "fields": fields}


def test_the_bundle_lists_the_confirmed_registrations(guyane_staff, structure_a, login):
    event = _meeting()
    RegistrationFactory(event=event, last_name="Joseph", structure=structure_a)
    bundle = login(guyane_staff).get(reverse("events:offline_bundle", args=[event.pk])).json()
    assert [r["name"] for r in bundle["registrations"]] == ["Alex Joseph"]
    assert bundle["registrations"][0]["affiliation"] == "APROSEP test"
    assert {"id": structure_a.pk, "name": "APROSEP test"} in bundle["structures"]
    assert bundle["pageUrl"] == reverse("events:attendance", args=[event.pk])


def test_ticks_and_a_walk_in_sent_twice_are_applied_once(guyane_staff, structure_a, login):
    client = login(guyane_staff)
    event = _meeting()
    here, away = RegistrationFactory(event=event), RegistrationFactory(event=event)
    changes = [
        _tick(event, here, True),
        _walk_in(event, first_name="Marie", last_name="Abienso", structure=structure_a.pk),
    ]
    results = _send(client, changes).json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    again = _send(client, changes).json()["results"]
    assert [r["status"] for r in again] == ["applied", "applied"]
    assert again[1]["data"] == results[1]["data"]
    here.refresh_from_db()
    away.refresh_from_db()
    event.refresh_from_db()
    assert here.attended is True and away.attended is False
    walk_in = Registration.objects.get(event=event, walk_in=True)
    assert (walk_in.last_name, walk_in.structure, walk_in.attended) == (
        "Abienso",
        structure_a,
        True,
    )
    assert Registration.objects.filter(event=event).count() == 3
    assert event.status == EventStatus.HELD


def test_a_walk_in_without_affiliation_is_refused_naming_the_field(guyane_staff, login):
    event = _meeting()
    result = _send(login(guyane_staff), [_walk_in(event, first_name="Marie", last_name="A")]).json()
    assert result["results"][0]["status"] == "refused"
    assert result["results"][0]["message"].startswith("Organisation :")
    assert not Registration.objects.filter(event=event).exists()


def test_attendance_before_the_meeting_is_refused_by_the_service(guyane_staff, login):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    result = _send(login(guyane_staff), [_tick(event, registration, True)]).json()["results"][0]
    assert result["status"] == "refused"
    assert "à partir du début" in result["message"]
    registration.refresh_from_db()
    assert registration.attended is None


def test_a_tick_changed_on_the_server_is_a_conflict(guyane_staff, login):
    client = login(guyane_staff)
    event = _meeting()
    registration = RegistrationFactory(event=event, attended=True)
    change = _tick(event, registration, False, base=False)
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    result = _send(client, [change]).json()["results"][0]
    assert (result["status"], result["server"], result["mine"]) == ("conflict", True, False)
    change["base"] = True
    assert _send(client, [change]).json()["results"][0]["status"] == "applied"
    registration.refresh_from_db()
    assert registration.attended is False


def test_staff_of_another_region_are_refused(normandie_staff, login):
    event = _meeting()
    registration = RegistrationFactory(event=event)
    result = _send(login(normandie_staff), [_tick(event, registration, True)]).json()["results"][0]
    assert result["status"] == "refused" and result["gone"] is True
    registration.refresh_from_db()
    assert registration.attended is None


def test_malformed_json_is_a_400_in_french(guyane_staff, login):
    response = login(guyane_staff).post(
        reverse("events:sync"), "changes=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Le contenu envoyé n'est pas du JSON valide."
