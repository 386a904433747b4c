"""The profile page: the person's time zone is shown chosen, a new one is saved, an unknown
one is refused without changing anything."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def selected_zones(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="time_zone".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]+)" selected>', select)


def test_time_zone_shown_chosen_and_changed(login):
    user = UserFactory(manager=True, time_zone="America/Cayenne", first_name="Line")
    client = login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert selected_zones(page) == ["America/Cayenne"]
    assert page.count("<option ") > 400  # every zone of the world, not only a few

    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Line", "last_name": "Abienso", "time_zone": "Indian/Reunion"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Indian/Reunion" and user.last_name == "Abienso"


def test_unknown_time_zone_is_refused_and_nothing_changes(login):
    user = UserFactory(manager=True, time_zone="America/Cayenne", last_name="Avant")
    client = login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "X", "last_name": "Après", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in re.search(r'<select[^>]*name="time_zone"[^>]*>', page).group(0)
    user.refresh_from_db()
    assert user.time_zone == "America/Cayenne" and user.last_name == "Avant"
