"""The installable portal: manifest, service worker at the root, the offline page."""

import json
import re

import pytest
from django.urls import reverse

from core import offline

pytestmark = pytest.mark.django_db


def _config(response) -> dict:
    return json.loads(re.search(r"const CONFIG = (\{.*\});", response.content.decode()).group(1))


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    config = _config(response)
    assert "/static/js/offline.js" in config["precache"]
    assert "/static/vendor/bootstrap.min.css" in config["precache"]
    assert config["offlinePage"] == reverse("offline_page") in config["precache"]
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])


def test_the_cache_name_changes_with_the_files_it_keeps():
    one = offline.service_worker_config(offline_page_html=b"a", sw_source=b"sw")
    other = offline.service_worker_config(offline_page_html=b"b", sw_source=b"sw")
    assert one["precache"] == other["precache"] and one["version"] != other["version"]


def test_the_manifest_lets_a_phone_install_the_portal(client):
    response = client.get(reverse("manifest"))
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["lang"] == "fr" and manifest["scope"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_offline_page_holds_nothing_about_the_user(demo, login):
    html = login(demo["guyane"]).get(reverse("offline_page")).content.decode()
    assert "Hors connexion" in html
    assert demo["guyane"].email not in html and demo["guyane"].last_name not in html
    assert "csrfmiddlewaretoken" not in html


def test_staff_pages_link_the_manifest_and_offer_the_visit_to_take_along(demo, login):
    from diagnostics.models import Visit

    visit = Visit.objects.filter(structure__name="APROSEP").latest("planned_on")
    html = login(demo["guyane"]).get(reverse("diagnostics:visit_detail", args=[visit.pk]))
    html = html.content.decode()
    assert 'rel="manifest"' in html and 'data-offline-sw="/sw.js"' in html
    assert f'data-offline-target="visit:{visit.pk}"' in html
    assert "a besoin de JavaScript" in html
    assert 'id="offline-texts"' in html


def test_the_attendance_page_offers_the_meeting_to_take_along(demo, login):
    from events.models import Event

    event = Event.objects.get(title__startswith="Réunion collective des SIAE de Cayenne")
    html = login(demo["guyane"]).get(reverse("events:attendance", args=[event.pk])).content
    assert f'data-offline-target="event:{event.pk}"' in html.decode()
