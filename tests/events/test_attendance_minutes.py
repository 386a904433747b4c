"""Attendance sheet and ticks, rates, minutes published to the attendees' structures."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus, RegistrationStatus
from events.models import Minutes, MinutesFollowUp
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def past_event(**kwargs):
    starts = timezone.now() - timedelta(days=3)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), **kwargs)


def test_attendance_sheet_lists_confirmed_people_for_print(guyane_staff, structure_a, login):
    event = EventFactory()
    RegistrationFactory(event=event, last_name="Joseph", structure=structure_a)
    RegistrationFactory(event=event, last_name="Attente", status=RegistrationStatus.WAITING)
    page = login(guyane_staff).get(reverse("events:sheet", args=[event.pk])).content.decode()
    assert "Joseph" in page and "APROSEP test" in page and "Attente" not in page
    assert "css/events-print.css" in page
    assert "Signature" in page


def test_ticking_attendance_marks_people_and_holds_the_event(guyane_staff, login):
    event = past_event()
    here = RegistrationFactory(event=event)
    away = RegistrationFactory(event=event)
    response = login(guyane_staff).post(
        reverse("events:attendance", args=[event.pk]), {"present": [here.pk]}
    )
    assert response.status_code == 302
    here.refresh_from_db()
    away.refresh_from_db()
    event.refresh_from_db()
    assert here.attended is True and away.attended is False
    assert event.status == EventStatus.HELD


def test_attendance_cannot_be_taken_before_the_event(guyane_staff, login):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    response = login(guyane_staff).post(
        reverse("events:attendance", args=[event.pk]), {"present": [registration.pk]}
    )
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attended is None


def test_attendance_rates_per_event_and_per_structure(
    guyane_staff, structure_a, structure_b, login
):
    event = past_event(title="Réunion mesurée", status=EventStatus.HELD)
    RegistrationFactory(event=event, structure=structure_a, attended=True)
    RegistrationFactory(event=event, structure=structure_a, attended=False)
    RegistrationFactory(event=event, structure=structure_b, attended=True)
    RegistrationFactory(event=event, structure=structure_b, attended=True)
    response = login(guyane_staff).get(reverse("events:rates"))
    events = list(response.context["event_page"])
    assert [(e.title, e.registered, e.present) for e in events] == [("Réunion mesurée", 4, 3)]
    rates = {s.name: (s.registered, s.present, s.rate) for s in response.context["structure_page"]}
    assert rates == {"APROSEP test": (2, 1, 0.5), "Maroni test": (2, 2, 1.0)}
    assert "75\u202f%" in response.content.decode()


def test_minutes_are_written_then_published_to_attending_structures(
    guyane_staff, manager_a, manager_b, structure_a, structure_b, login
):
    event = past_event(status=EventStatus.HELD)
    RegistrationFactory(event=event, structure=structure_a, attended=True)
    RegistrationFactory(event=event, structure=structure_b, status=RegistrationStatus.CANCELLED)
    staff = login(guyane_staff)
    response = staff.post(
        reverse("events:minutes_edit", args=[event.pk]),
        {
            "points": "Structuration du réseau",
            "decisions": "Rapprocher Ancrage et les SIAE",
            "suivis-TOTAL_FORMS": "2",
            "suivis-INITIAL_FORMS": "0",
            "suivis-MIN_NUM_FORMS": "0",
            "suivis-MAX_NUM_FORMS": "1000",
            "suivis-0-action": "Proposer une charte commune",
            "suivis-0-owner_name": "Hélène Thérèse",
            "suivis-0-due_on": "2031-04-15",
            "suivis-0-structure": structure_a.pk,
            "suivis-0-status": "open",
            "suivis-1-status": "open",  # an empty extra form, as a browser sends it
        },
    )
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["formset"].errors,
        response.context["formset"].non_form_errors(),
    )
    minutes = Minutes.objects.get(event=event)
    assert MinutesFollowUp.objects.get(minutes=minutes).owner_name == "Hélène Thérèse"
    url = reverse("events:minutes", args=[event.pk])
    assert login(manager_a).get(url).status_code == 404  # not published yet

    published = login(guyane_staff).post(reverse("events:minutes_publish", args=[event.pk]))
    assert published.status_code == 302, published.content.decode()[-3000:]
    minutes.refresh_from_db()
    assert minutes.published_at is not None
    page = login(manager_a).get(url)
    assert page.status_code == 200
    assert "Proposer une charte commune" in page.content.decode()
    assert login(manager_b).get(url).status_code == 404  # cancelled: not an attendee
    member_page = login(manager_a).get(reverse("events:member_home")).content.decode()
    assert url in member_page


def test_publishing_and_cancelling_go_through_a_confirmation(
    guyane_staff, login, mailoutbox, run_on_commit
):
    event = EventFactory(status=EventStatus.DRAFT)
    client = login(guyane_staff)
    page = client.get(reverse("events:publish", args=[event.pk])).content.decode()
    assert "Confirmer la publication" in page
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    client.post(reverse("events:publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    RegistrationFactory(event=event, email="annulee@exemple.test")
    with run_on_commit():
        client.post(reverse("events:cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert mailoutbox[-1].to == ["annulee@exemple.test"]
    assert "STATUS:CANCELLED" in str(mailoutbox[-1].attachments[0][1])


def test_normandie_staff_cannot_touch_a_guyane_event(normandie_staff, login):
    event = EventFactory(status=EventStatus.DRAFT)
    client = login(normandie_staff)
    assert client.post(reverse("events:publish", args=[event.pk])).status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def _minutes_with_follow_up(structure=None):
    from events.models import Minutes

    event = past_event(status=EventStatus.HELD)
    minutes = Minutes.objects.create(event=event, decisions="Aller vers un réseau commun")
    return MinutesFollowUp.objects.create(
        minutes=minutes,
        action="Proposer une charte commune",
        owner_name="Hélène Thérèse",
        due_on=timezone.localdate() + timedelta(days=60),
        structure=structure,
    )


def test_follow_up_pushed_into_the_structures_action_plan_once(
    guyane_staff, structure_a, manager_a, login
):
    from diagnostics.models import ActionItem

    follow_up = _minutes_with_follow_up(structure=structure_a)
    client = login(guyane_staff)
    url = reverse("events:follow_up_push", args=[follow_up.pk])
    assert "Plan de progrès d&#x27;APROSEP test" in client.get(url).content.decode()
    assert client.post(url, {"diagnostic": ""}).status_code == 302
    item = ActionItem.objects.get(plan__structure=structure_a)
    assert item.objective == "Proposer une charte commune"
    assert item.owner_name == "Hélène Thérèse" and item.due_on == follow_up.due_on
    assert item.status == "planned"
    follow_up.refresh_from_db()
    assert follow_up.action_item == item
    client.post(url, {"diagnostic": ""})
    assert ActionItem.objects.filter(plan__structure=structure_a).count() == 1
    # The manager reaches it through their action plan, not through the push page.
    assert login(manager_a).get(url).status_code == 404


def test_follow_up_pushed_into_the_territorial_action_plan(guyane_staff, login):
    from diagnostics.models import TerritorialAction, TerritorialDiagnostic
    from tests.factories import region

    diagnostic = TerritorialDiagnostic.objects.create(
        region=region("03"),
        title="Diagnostic IAE Guyane",
        period_start=timezone.localdate() - timedelta(days=365),
        period_end=timezone.localdate(),
    )
    follow_up = _minutes_with_follow_up()
    response = login(guyane_staff).post(
        reverse("events:follow_up_push", args=[follow_up.pk]), {"diagnostic": diagnostic.pk}
    )
    assert response.status_code == 302
    action = TerritorialAction.objects.get(diagnostic=diagnostic)
    assert action.title == "Proposer une charte commune" and action.owner_name == "Hélène Thérèse"
    follow_up.refresh_from_db()
    assert follow_up.territorial_action == action


def test_follow_up_without_structure_needs_a_territorial_diagnostic(guyane_staff, login):
    follow_up = _minutes_with_follow_up()
    response = login(guyane_staff).post(
        reverse("events:follow_up_push", args=[follow_up.pk]), {"diagnostic": ""}
    )
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert not follow_up.is_pushed


def test_rates_and_detail_cost_the_same_at_any_size(
    guyane_staff, login, django_assert_max_num_queries
):
    from tests.factories import StructureFactory

    client = login(guyane_staff)

    def grow(count):
        for _ in range(count):
            event = past_event(status=EventStatus.HELD)
            for _ in range(3):
                RegistrationFactory(event=event, structure=StructureFactory(), attended=True)
        return event

    event = grow(2)
    with django_assert_max_num_queries(30) as small_rates:
        client.get(reverse("events:rates"))
    with django_assert_max_num_queries(30) as small_detail:
        client.get(reverse("events:detail", args=[event.pk]))
    event = grow(10)
    for _ in range(10):
        RegistrationFactory(event=event, structure=StructureFactory(), attended=True)
    with django_assert_max_num_queries(len(small_rates.captured_queries)):
        response = client.get(reverse("events:rates"))
    assert len(response.context["event_page"]) == 12
    with django_assert_max_num_queries(len(small_detail.captured_queries)):
        client.get(reverse("events:detail", args=[event.pk]))


def test_a_pushed_follow_up_fills_the_territorial_plan_s_columns(guyane_staff, login):
    """The pilot names their organisation (from the meeting's registration, checked and
    editable on the push page), the calendar is the due date, never where it was decided."""
    from diagnostics.models import TerritorialAction, TerritorialDiagnostic
    from events.models import Registration
    from tests.factories import OrganisationFactory, region

    diagnostic = TerritorialDiagnostic.objects.create(
        region=region("03"),
        title="Diagnostic IAE Guyane",
        period_start=timezone.localdate() - timedelta(days=365),
        period_end=timezone.localdate(),
    )
    follow_up = _minutes_with_follow_up()
    cress = OrganisationFactory(name="CRESS Guyane")
    Registration.objects.create(
        event=follow_up.minutes.event,
        first_name="Hélène",
        last_name="Thérèse",
        email="helene@example.org",
        organisation=cress,
        attended=True,
    )
    client = login(guyane_staff)
    url = reverse("events:follow_up_push", args=[follow_up.pk])
    page = client.get(url).content.decode()
    assert f'value="{cress.name}"' in page  # proposed, and editable
    assert client.post(url, {"diagnostic": diagnostic.pk, "owner_organisation": ""}).status_code
    action = TerritorialAction.objects.get(diagnostic=diagnostic)
    assert action.owner_organisation == cress.name
    assert action.pilot == f"Hélène Thérèse ({cress.name})"
    assert action.timing == "" and action.due_on == follow_up.due_on

    # Typed on the push page, the organisation is the one given.
    other = _minutes_with_follow_up()
    client.post(
        reverse("events:follow_up_push", args=[other.pk]),
        {"diagnostic": diagnostic.pk, "owner_organisation": "Réseau régional"},
    )
    pushed = TerritorialAction.objects.exclude(pk=action.pk).get(diagnostic=diagnostic)
    assert pushed.pilot == "Hélène Thérèse (Réseau régional)"
