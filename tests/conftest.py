import pytest
from django.core.management import call_command
from django.db import connection

from core.demo import demo_email
from tests.worker import WorkerController


@pytest.fixture(scope="session")
def _demo_pdf_layouts():
    """The demo report's layout, kept for the session (see tests/reports/demo_pdf.py)."""
    from tests.reports.demo_pdf import DemoLayouts

    return DemoLayouts()


@pytest.fixture
def demo(db, _demo_pdf_layouts):
    """The demo world (seed_demo at scale 1), rolled back after the test.

    Its PDF report is laid out once per session: later seeds write the same layout again
    with their own dates, which gives the bytes of a full render."""
    from reports import rendering

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "html_to_pdf", _demo_pdf_layouts.html_to_pdf)
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from accounts.models import User

    return {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith="@demo.maillage.test")
    }


@pytest.fixture(autouse=True)
def _cache_of_this_test():
    """Each test has a database of its own, emptied by a rollback that replaces no version:
    what the cache holds from another test's data is never served in this one."""
    from core import versions

    versions.forget()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


__all__ = ["demo_email"]


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
    """The one real Celery worker of the tests about tasks (see tests/worker.py): yields a
    WorkerController with one worker started (`.processes[0]`), on its own queue, on the
    test database, its e-mails written to files (`.mails()`). Mark the tests `worker`."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the worker tests need Redis.")
    from config.celery import app

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}_test"
    controller = WorkerController(app, queue, tmp_path, name="test-worker")
    controller.purge()
    with controller.taking_tasks():
        try:
            controller.start()
            yield controller
        finally:
            controller.stop_all()
            controller.purge()
