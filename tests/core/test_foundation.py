import os
import subprocess
import sys
import zoneinfo
from datetime import datetime

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from django.utils import timezone

from core.access import STAFF, access_rule

pytestmark = pytest.mark.django_db


def unruled_view(request):
    return HttpResponse("secret")


@access_rule(STAFF)
def ruled_view(request):
    return HttpResponse(
        timezone.localtime(datetime(2019, 2, 7, 12, tzinfo=zoneinfo.ZoneInfo("UTC"))).strftime(
            "%H:%M %Z"
        )
    )


urlpatterns = [path("unruled/", unruled_view), path("ruled/", ruled_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_without_rule_is_refused_to_everybody(demo, login):
    for user in demo.values():
        assert login(user).get("/unruled/").status_code == 404


@override_settings(ROOT_URLCONF=__name__)
def test_times_show_in_the_viewer_territory_zone(demo, login):
    assert login(demo["guyane"]).get("/ruled/").content.decode() == "09:00 -03"
    assert login(demo["normandie"]).get("/ruled/").content.decode() == "13:00 CET"


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("network:staff_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_french_by_default_english_on_request(client):
    page = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="fr"' in page and "Aller au contenu" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accessibility")).content.decode()
    assert 'lang="en"' in page and "Skip to content" in page


def test_layout_has_skip_link_landmarks_and_no_cdn(client):
    page = client.get(reverse("legal")).content.decode()
    assert 'href="#contenu"' in page
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-Kq8#vR2!mZp5&wL9@tY3^bN7*cH1$jF6",
        "DJANGO_ALLOWED_HOSTS": "maillage.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_seed_demo_is_idempotent(demo):
    from django.core.management import call_command

    from accounts.models import User
    from structures.models import Structure

    before = (
        User.objects.count(),
        Structure.objects.count(),
        sorted(User.objects.values_list("password", flat=True)),
    )
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    after = (
        User.objects.count(),
        Structure.objects.count(),
        sorted(User.objects.values_list("password", flat=True)),
    )
    assert before == after


def test_healthz_answers(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_production_collects_compressed_hashed_static_files(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "maillage.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'static.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    collected = {path.name for path in (tmp_path / "static" / "vendor").iterdir()}
    assert any(name.startswith("bootstrap.min.") and name.endswith(".css.gz") for name in collected)
