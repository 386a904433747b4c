"""Dates and paths at the edges that used to end in a server error: answered with a French
page (400, 404) or a form error, and nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, EventKind
from tests.factories import UserFactory, commune, region

pytestmark = pytest.mark.django_db


def test_calendar_months_out_of_range_answer_a_french_400(demo, login):
    client = login(demo["guyane"])
    for month in ("9999-12", "0001-01", "2019-13", "mille-neuf"):
        response = client.get(reverse("events:month"), {"mois": month})
        assert response.status_code == 400, month
        page = response.content.decode()
        assert "Demande incomprise" in page
        assert "Le calendrier va de" in page or "n&#x27;est pas lisible" in page
    assert client.get(reverse("events:month"), {"mois": "2100-12"}).status_code == 200
    assert client.get(reverse("events:month"), {"mois": "2019-09"}).status_code == 200


@pytest.fixture
def guyane_staff(db):
    return UserFactory(regional=True, regions=[region("03")], time_zone="America/Cayenne")


@pytest.mark.parametrize("starts_at", ["9999-12-31T20:00", "0001-01-01T00:00"])
def test_an_event_in_year_9999_is_a_form_error(guyane_staff, login, starts_at):
    response = login(guyane_staff).post(
        reverse("events:create"),
        {
            "kind": EventKind.objects.get(slug="reunion-collective").pk,
            "title": "Réunion hors du temps",
            "region": region("03").pk,
            "commune": commune("97302").pk,
            "starts_at": starts_at,
            "ends_at": "9999-12-31T23:00",
            "min_registrations": 5,
        },
    )
    assert response.status_code == 200
    assert "Indiquez une date entre 1900 et 2100" in response.content.decode()
    assert not Event.objects.filter(title="Réunion hors du temps").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/static/../db.sqlite3",
        "/static/..%2fdb.sqlite3",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/css/../../manage.py",
        "/static/../config/settings/base.py",
    ],
)
def test_static_paths_never_leave_the_static_folders(db, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404
    assert b"SQLite format" not in response.content and b"SECRET_KEY" not in response.content
    assert "Page introuvable" in response.content.decode()
