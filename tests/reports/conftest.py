"""A real Celery worker on Redis for the tests about the report tasks (see tests/worker.py:
its own queue, the test database, tasks not eager). Tests using it are marked
`@pytest.mark.worker`.
"""

import pytest
from django.db import connection

from tests.worker import WorkerController


@pytest.fixture(scope="session")
def _reference_data_back_at_the_end(django_db_setup, django_db_blocker):
    """A transactional test leaves the database flushed; `serialized_rollback` restores the
    reference data (territories…) at the start of the next such test only. Put it back at
    the end of the session too, so a database kept with --reuse-db is still usable."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def celery_worker_process(_reference_data_back_at_the_end, transactional_db, settings, tmp_path):
    """Yields a WorkerController with one worker started (`.processes[0]`)."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the worker tests need Redis.")
    from config.celery import app

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}_test"
    controller = WorkerController(app, queue, tmp_path, name="reports-test")
    controller.purge()
    with controller.taking_tasks():
        try:
            controller.start()
            yield controller
        finally:
            controller.stop_all()
            controller.purge()
