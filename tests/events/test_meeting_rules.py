"""Meeting rules from the field: attendance from the start until some days after the end,
walk-ins recorded at attendance time, minutes published after the start to the people
marked present."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.enums import RegistrationStatus
from events.models import Minutes, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def started(hours_ago=1, **kwargs):
    starts_at = timezone.now() - timedelta(hours=hours_ago)
    return EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), **kwargs)


def walk_in_data(**changes):
    return {
        "walk_in": "1",
        "venu-first_name": "Marie",
        "venu-last_name": "Joseph",
        "venu-structure": "",
        "venu-affiliation_name": "Mairie de Mana",
        "venu-email": "",
        **changes,
    }


def test_a_walk_in_is_recorded_present_after_the_start(login, guyane_staff, structure_a):
    event = started()
    client = login(guyane_staff)
    url = reverse("events:attendance", args=[event.pk])
    assert "Ajouter une personne venue sans inscription" in client.get(url).content.decode()
    response = client.post(url, walk_in_data())
    assert response.status_code == 302
    walk_in = Registration.objects.get(event=event)
    assert walk_in.walk_in and walk_in.attended and walk_in.email == ""
    assert walk_in.status == RegistrationStatus.CONFIRMED
    assert walk_in.affiliation == "Mairie de Mana"
    # A second walk-in without e-mail, from a structure of the territory.
    client.post(url, walk_in_data(**{"venu-structure": structure_a.pk, "venu-first_name": "Léa"}))
    assert Registration.objects.filter(event=event, walk_in=True).count() == 2
    assert Registration.objects.get(first_name="Léa").structure == structure_a


def test_a_walk_in_needs_a_name_and_an_affiliation(login, guyane_staff):
    event = started()
    response = login(guyane_staff).post(
        reverse("events:attendance", args=[event.pk]),
        walk_in_data(**{"venu-affiliation_name": "", "venu-last_name": ""}),
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Registration.objects.exists()
    assert "Il y a 2 erreurs" in page and 'href="#id_venu-last_name"' in page


def test_attendance_is_refused_before_the_start_and_after_the_window(guyane_staff, settings):
    event = EventFactory()
    with pytest.raises(services.EventError, match="à partir du début"):
        services.attendance_walk_in_add(event=event, by=guyane_staff, first_name="A", last_name="B")
    settings.MAILLAGE_ATTENDANCE_DAYS_AFTER = 3
    old = started(hours_ago=24 * 4)
    with pytest.raises(services.EventError, match="clos depuis"):
        services.attendance_record(event=old, present=set(), by=guyane_staff)
    settings.MAILLAGE_ATTENDANCE_DAYS_AFTER = 5
    assert services.attendance_record(event=old, present=set(), by=guyane_staff) == 0


def test_minutes_cannot_be_published_before_the_start(login, guyane_staff, structure_a):
    event = EventFactory()
    RegistrationFactory(event=event, structure=structure_a)
    client = login(guyane_staff)
    client.post(
        reverse("events:minutes_edit", args=[event.pk]),
        {
            "points": "Ordre du jour",
            "decisions": "",
            "suivis-TOTAL_FORMS": "0",
            "suivis-INITIAL_FORMS": "0",
        },
    )
    minutes = Minutes.objects.get(event=event)
    page = client.get(reverse("events:minutes", args=[event.pk])).content.decode()
    assert reverse("events:minutes_publish", args=[event.pk]) not in page
    client.post(reverse("events:minutes_publish", args=[event.pk]))
    minutes.refresh_from_db()
    assert minutes.published_at is None


def test_minutes_go_to_the_people_marked_present_and_the_confirmation_names_them(
    login, guyane_staff, structure_a, structure_b, manager_a
):
    event = started()
    present = RegistrationFactory(event=event, structure=structure_a)
    RegistrationFactory(event=event, structure=structure_b)
    minutes = Minutes.objects.create(event=event, points="Mutualisation")
    client = login(guyane_staff)
    url = reverse("events:minutes_publish", args=[event.pk])
    assert "Personne n&#x27;est marqué présent" in client.get(url).content.decode()
    services.attendance_record(event=event, present={present.pk}, by=guyane_staff)
    confirm = client.get(url).content.decode()
    assert structure_a.name in confirm and structure_b.name not in confirm
    client.post(url)
    minutes.refresh_from_db()
    assert minutes.published_at is not None
    reader = login(manager_a)
    assert reader.get(reverse("events:minutes", args=[event.pk])).status_code == 200
    absent = MembershipFactory(structure=structure_b).user
    assert login(absent).get(reverse("events:minutes", args=[event.pk])).status_code == 404


def test_the_follow_up_link_says_add_to_the_action_plan(login, guyane_staff, structure_a):
    from events.models import MinutesFollowUp as FollowUp

    event = started()
    minutes = Minutes.objects.create(event=event)
    FollowUp.objects.create(minutes=minutes, action="Former les encadrants", structure=structure_a)
    page = login(guyane_staff).get(reverse("events:minutes", args=[event.pk])).content.decode()
    assert "Ajouter au plan d'action" in page and ">Reporter<" not in page
