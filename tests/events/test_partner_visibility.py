"""What a partner agent sees of events: only those their organisation is invited to or
registered at, and the minutes only of meetings their organisation took part in — not every
event of their territory (a meeting of SIAE is not a DIECCTE matter unless it is asked)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import RegistrationStatus
from events.models import Minutes
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["events:detail", "events:event_ics", "events:minutes"]


@pytest.fixture
def meeting():
    event = EventFactory(title="Réunion des SIAE de l'Ouest guyanais")
    Minutes.objects.create(event=event, points="Mutualisation", published_at=timezone.now())
    return event


def agent_of(organisation, login):
    return login(UserFactory(partner=True, organisation=organisation))


def statuses(client, event) -> dict[str, int]:
    return {name: client.get(reverse(name, args=[event.pk])).status_code for name in PAGES}


def test_agent_of_an_organisation_neither_invited_nor_registered_sees_nothing(meeting, login):
    client = agent_of(OrganisationFactory(name="CRESS Guyane"), login)
    assert statuses(client, meeting) == dict.fromkeys(PAGES, 404)
    listing = client.get(reverse("events:list")).content.decode()
    assert "Réunion des SIAE de l&#x27;Ouest guyanais" not in listing


def test_invited_organisation_sees_the_event_but_not_minutes_of_a_meeting_it_missed(meeting, login):
    dieccte = OrganisationFactory(name="DIECCTE Guyane")
    meeting.invited_organisations.add(dieccte)
    client = agent_of(dieccte, login)
    assert statuses(client, meeting) == {
        "events:detail": 200,
        "events:event_ics": 200,
        "events:minutes": 404,
    }


def test_organisation_registered_but_absent_does_not_read_the_minutes(meeting, login):
    dieccte = OrganisationFactory(name="DIECCTE Guyane")
    RegistrationFactory(
        event=meeting, organisation=dieccte, status=RegistrationStatus.CONFIRMED, attended=False
    )
    client = agent_of(dieccte, login)
    assert client.get(reverse("events:minutes", args=[meeting.pk])).status_code == 404


def test_organisation_that_took_part_reads_the_published_minutes(meeting, login):
    dieccte = OrganisationFactory(name="DIECCTE Guyane")
    RegistrationFactory(
        event=meeting, organisation=dieccte, status=RegistrationStatus.CONFIRMED, attended=True
    )
    client = agent_of(dieccte, login)
    assert statuses(client, meeting) == dict.fromkeys(PAGES, 200)
    assert (
        "Mutualisation" in client.get(reverse("events:minutes", args=[meeting.pk])).content.decode()
    )
    Minutes.objects.filter(event=meeting).update(published_at=None)
    assert client.get(reverse("events:minutes", args=[meeting.pk])).status_code == 404
