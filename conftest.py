"""Project-wide test set-up: unknown template variables fail the test that renders them."""

import inspect
from pathlib import Path

import pytest

PROJECT_TEMPLATES = str(Path(__file__).resolve().parent / "templates")


class UnknownTemplateVariable(str):
    """`string_if_invalid` that raises for the project's own templates.

    Third-party templates (admin, allauth) rely on missing variables rendering empty, so
    they keep Django's behaviour; ours must not reference variables that don't exist.
    """

    def __contains__(self, item):
        return item == "%s"

    def __mod__(self, variable):
        frame = inspect.currentframe()
        while frame is not None:
            context = frame.f_locals.get("context")
            template = getattr(context, "template", None)
            origin = getattr(getattr(template, "origin", None), "name", None)
            if origin:
                if str(origin).startswith(PROJECT_TEMPLATES):
                    raise AssertionError(f"Unknown template variable {variable!r} in {origin}")
                return ""
            frame = frame.f_back
        return ""


@pytest.fixture(autouse=True)
def _strict_templates(settings):
    for engine in settings.TEMPLATES:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = UnknownTemplateVariable("%s")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


def load_migration_data() -> None:
    """What the data migrations load: territories and partner kinds, event kinds, the
    default evaluation grid (each loader is idempotent)."""
    import datetime
    import importlib

    from django.apps import apps

    from diagnostics import default_grid
    from network.reference import load_reference as load_partner_kinds
    from territories.reference import load_reference as load_territories

    load_territories(apps)
    load_partner_kinds(apps)
    importlib.import_module("events.migrations.0002_event_kinds").seed_kinds(apps, None)
    default_grid.install(
        Grid=apps.get_model("diagnostics", "Grid"),
        Axis=apps.get_model("diagnostics", "Axis"),
        Criterion=apps.get_model("diagnostics", "Criterion"),
        Level=apps.get_model("diagnostics", "Level"),
        FreeQuestion=apps.get_model("diagnostics", "FreeQuestion"),
        published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture(autouse=True)
def _migration_data(request, django_db_blocker):
    """Tests that run outside a transaction (live server, real Celery worker) end with a
    flush that empties every table, data migrations' rows included; put them back for the
    tests after them."""
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_db:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            from diagnostics.models import Grid
            from events.models import EventKind
            from territories.models import Region

            if not (
                Region.objects.exists() and EventKind.objects.exists() and Grid.objects.exists()
            ):
                load_migration_data()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(function, **kwargs)`: call it, then run what it queued for after commit
    (the e-mails of `core.mail`), as the end of a request or a task's transaction would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
