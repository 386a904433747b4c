"""Registrations: capacity, waiting list, cancellations, duplicates, who may register whom."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.enums import EventStatus, RegistrationStatus
from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, by, email, **extra):
    return services.registration_create(
        event=event, by=by, first_name="Pat", last_name=email.split("@")[0], email=email, **extra
    )


def test_full_event_puts_the_next_person_on_the_waiting_list(
    guyane_staff, mailoutbox, run_on_commit
):
    event = EventFactory(capacity=2)
    with run_on_commit():
        first = register(event, guyane_staff, "un@exemple.test")
        second = register(event, guyane_staff, "deux@exemple.test")
        third = register(event, guyane_staff, "trois@exemple.test")
    assert first.status == second.status == RegistrationStatus.CONFIRMED
    assert third.status == RegistrationStatus.WAITING
    assert [m.to for m in mailoutbox] == [
        ["un@exemple.test"],
        ["deux@exemple.test"],
        ["trois@exemple.test"],
    ]
    assert "liste d'attente" in mailoutbox[2].body
    assert not mailoutbox[2].attachments  # no .ics while waiting


def test_cancellation_promotes_the_first_in_line_and_emails_them(
    guyane_staff, mailoutbox, run_on_commit
):
    event = EventFactory(capacity=1)
    taken = RegistrationFactory(event=event)
    now = timezone.now()
    first_in_line = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITING, registered_at=now - timedelta(hours=2)
    )
    second_in_line = RegistrationFactory(
        event=event, status=RegistrationStatus.WAITING, registered_at=now - timedelta(hours=1)
    )
    with run_on_commit():
        promoted = services.registration_cancel(registration=taken, by=guyane_staff)
    assert promoted == [first_in_line]
    first_in_line.refresh_from_db()
    second_in_line.refresh_from_db()
    assert first_in_line.status == RegistrationStatus.CONFIRMED and first_in_line.promoted_at
    assert second_in_line.status == RegistrationStatus.WAITING
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [first_in_line.email]
    assert "place s'est libérée" in mailoutbox[0].subject
    assert mailoutbox[0].attachments[0][0].endswith(".ics")


def test_cancelling_a_waiting_registration_promotes_nobody(guyane_staff, mailoutbox):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    other = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    assert services.registration_cancel(registration=waiting, by=guyane_staff) == []
    other.refresh_from_db()
    assert other.status == RegistrationStatus.WAITING


def test_raising_capacity_moves_the_waiting_list(guyane_staff, login):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    page = login(guyane_staff).get(reverse("events:update", args=[event.pk]))
    data = {
        key: value
        for key, value in page.context["form"].initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "kind": event.kind_id,
            "region": event.region_id,
            "commune": event.commune.insee_code,
            "starts_at": page.context["form"].initial["starts_at"].strftime("%Y-%m-%dT%H:%M"),
            "ends_at": page.context["form"].initial["ends_at"].strftime("%Y-%m-%dT%H:%M"),
            "capacity": 2,
        }
    )
    data.pop("registration_closes_at", None)
    response = login(guyane_staff).post(reverse("events:update", args=[event.pk]), data)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_same_email_twice_is_refused_with_a_clear_message(guyane_staff, login):
    event = EventFactory()
    RegistrationFactory(event=event, email="rudy@exemple.test")
    response = login(guyane_staff).post(
        reverse("events:register", args=[event.pk]),
        {"first_name": "Rudy", "last_name": "Pinas", "email": "RUDY@exemple.test "},
    )
    assert response.status_code == 200
    assert "rudy@exemple.test est déjà inscrit·e à cet événement" in response.content.decode()
    assert event.registrations.count() == 1


def test_a_cancelled_person_may_register_again(guyane_staff):
    event = EventFactory()
    old = RegistrationFactory(event=event, email="rudy@exemple.test")
    services.registration_cancel(registration=old, by=guyane_staff)
    again = register(event, guyane_staff, "rudy@exemple.test")
    assert again.status == RegistrationStatus.CONFIRMED


def test_registration_closes_at_its_date(guyane_staff):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.EventError, match="closes"):
        register(event, guyane_staff, "tard@exemple.test")


def test_draft_event_takes_no_registration(guyane_staff):
    event = EventFactory(status=EventStatus.DRAFT)
    with pytest.raises(services.EventError):
        register(event, guyane_staff, "tot@exemple.test")


def test_manager_registers_people_of_their_own_structure(
    manager_a, structure_a, structure_b, login
):
    event = EventFactory()
    client = login(manager_a)
    form = client.get(reverse("events:register", args=[event.pk])).context["form"]
    assert list(form.fields["structure"].queryset) == [structure_a]
    assert "organisation" not in form.fields
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {
            "structure": structure_b.pk,
            "first_name": "Intrus",
            "last_name": "Ailleurs",
            "email": "intrus@exemple.test",
        },
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(email="intrus@exemple.test").exists()
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {
            "structure": structure_a.pk,
            "first_name": "Fabien",
            "last_name": "Rosamont",
            "role": "Chargé d'accompagnement",
            "email": "fabien@exemple.test",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="fabien@exemple.test")
    assert registration.structure == structure_a and registration.registered_by == manager_a


def test_manager_cannot_cancel_another_structures_registration(
    manager_a, manager_b, structure_b, login
):
    event = EventFactory()
    theirs = RegistrationFactory(event=event, structure=structure_b)
    url = reverse("events:registration_cancel", args=[theirs.pk])
    assert login(manager_a).post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.CONFIRMED
    assert login(manager_b).post(url).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == RegistrationStatus.CANCELLED


def test_manager_sees_only_their_structures_people(manager_a, structure_a, structure_b, login):
    event = EventFactory()
    RegistrationFactory(event=event, structure=structure_a, last_name="Visible")
    RegistrationFactory(event=event, structure=structure_b, last_name="Cachée")
    page = login(manager_a).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Visible" in page and "Cachée" not in page


def test_staff_registers_a_partner_contact(guyane_staff, login):
    from tests.factories import OrganisationFactory

    event = EventFactory()
    partner = OrganisationFactory(name="CRESS test")
    response = login(guyane_staff).post(
        reverse("events:register", args=[event.pk]),
        {
            "organisation": partner.pk,
            "first_name": "Gaëlle",
            "last_name": "Nestor",
            "email": "gaelle@exemple.test",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get(email="gaelle@exemple.test").organisation == partner


def test_partner_agent_cannot_register(login):
    from tests.factories import OrganisationFactory, UserFactory

    partner = OrganisationFactory()
    agent = UserFactory(partner=True, organisation=partner)
    event = EventFactory()
    event.invited_organisations.add(partner)
    client = login(agent)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 200
    # The agent sees the event: the registration page says why it is not theirs (403).
    response = client.get(reverse("events:register", args=[event.pk]))
    assert response.status_code == 403
    assert "Les inscriptions se font par l" in response.content.decode()
    assert not event.registrations.exists()
