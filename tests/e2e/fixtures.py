"""Fixtures shared by the tests that need a live server or transactional database access
(browser, fault and some security tests)."""

import pytest

_SNAPSHOT: dict[str, str] = {}


def _reset_sequences(connection) -> None:
    """Rows come back with their ids: move each sequence past them."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_reference(connection) -> None:
    from django.core.management import call_command

    from territories.models import Region

    if not Region.objects.exists():
        # The previous flush re-created content types; start from a truly empty database.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(_SNAPSHOT["reference"])
        _reset_sequences(connection)


@pytest.fixture(scope="session")
def serialized_reference(django_db_setup, django_db_blocker):
    """Keep a copy of what migrations loaded (régions, communes, kinds, default grid…) and
    put it back after each flush of a transactional test — also when the test database is
    reused (`--reuse-db` skips the serialization Django does when it creates it) and when
    Playwright's event loop hands the test another connection object."""
    from django.core.management import call_command
    from django.db import connection

    # Taken once: each conftest that imports this fixture has its own instance of it, and a
    # later one would see a database already flushed by the first folder's tests.
    with django_db_blocker.unblock():
        if "reference" not in _SNAPSHOT:
            contents = getattr(connection, "_test_serialized_contents", None)
            _SNAPSHOT["reference"] = contents or connection.creation.serialize_db_to_string()
    yield
    # Leave the database as migrations made it, for the next run with --reuse-db.
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(_SNAPSHOT["reference"])
        _reset_sequences(connection)


@pytest.fixture
def live_world(request, serialized_reference, transactional_db):
    """The demo world in a transactional database, visible to the live server and workers."""
    from django.db import connection

    _restore_reference(connection)
    return request.getfixturevalue("demo")
