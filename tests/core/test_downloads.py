"""Every stored file leaves the portal through `core.downloads.private_file`: checked by the
view, then an attachment nobody caches or sniffs, and a missing page (never an error) when
the file is gone from storage."""

import inspect
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access import ROLES
from tests.core.test_access import PROJECT_APPS, build_world, load_specs, project_patterns

ROOT = Path(__file__).resolve().parents[2]


def download_views():
    views = []
    for name, pattern in project_patterns():
        callback = getattr(pattern.callback, "__wrapped__", pattern.callback)
        if "private_file(" in inspect.getsource(callback):
            views.append(name)
    return sorted(views)


def test_no_view_answers_a_file_another_way():
    """FileResponse is used by core/downloads.py only."""
    offenders = [
        str(path.relative_to(ROOT))
        for app in PROJECT_APPS
        for path in (ROOT / app).rglob("*.py")
        if "FileResponse" in path.read_text() and path != ROOT / "core" / "downloads.py"
    ]
    assert offenders == []


def test_the_download_views_are_the_ones_the_portal_has():
    assert download_views() == [
        "diagnostics:accompaniment_document_download",
        "diagnostics:visit_attachment_download",
        "network:publication_attachment",
        "network:regional_network_document",
        "reports:download",
        "structures:document_download",
    ]


@pytest.mark.django_db
def test_every_download_is_a_private_attachment_then_404_once_the_file_is_gone(demo):
    build_world()
    specs = load_specs()
    requests = []
    for name in download_views():
        spec = specs[name]
        role = next(role for role in ROLES if role in spec.allowed)
        client = Client()
        client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        requests.append((name, client, reverse(name, kwargs=spec.kwargs())))

    for name, client, url in requests:
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment;"), name
        assert response["Cache-Control"] == "private, no-store", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert b"".join(response.streaming_content), name

    shutil.rmtree(settings.MEDIA_ROOT)
    for name, client, url in requests:
        assert client.get(url).status_code == 404, name
