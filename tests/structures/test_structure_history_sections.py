"""The structure page gathers what other apps know of it: visits, action plan, events."""

import pytest
from django.urls import reverse

from structures.models import Structure

pytestmark = pytest.mark.django_db


def test_staff_page_shows_visits_plan_and_events(demo, login):
    structure = Structure.objects.get(name="APROSEP")
    page = login(demo["guyane"]).get(reverse("structures:detail", args=[structure.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Visites de diagnostic" in html and "Plan de progrès" in html
    visit = structure.visits.first()
    assert reverse("diagnostics:visit_detail", args=[visit.pk]) in html
    registration = structure.event_registrations.select_related("event").first()
    assert registration.event.title in html


def test_member_home_links_to_self_assessment_and_events(demo, login):
    structure = Structure.objects.get(name="APROSEP")
    page = login(demo["siae-a"]).get(reverse("structures:member_home"))
    html = page.content.decode()
    assert structure.name in html
    assert reverse("diagnostics:member_home") in html
    assert reverse("events:member_home") in html
