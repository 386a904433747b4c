"""A real Celery worker on Redis for the tests about the report tasks.

The worker is `celery -A config worker` in a subprocess, on the pytest-django TEST
database (tests using it need committed rows: `@pytest.mark.django_db(transaction=True)`),
on its own queue, with tasks not eager (MAILLAGE_TASKS_EAGER=false). The test process
publishes to the same queue. Tests using it are marked `@pytest.mark.worker`.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 60


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerController:
    """Start, kill and stop Celery workers for one test."""

    def __init__(self, app, queue: str, log_dir: Path):
        self.app, self.queue, self.log_dir = app, queue, log_dir
        self.processes: list[subprocess.Popen] = []

    def env(self, extra: dict | None = None) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "MAILLAGE_CELERY_QUEUE": self.queue,
            "MAILLAGE_TASKS_EAGER": "false",
            "MAILLAGE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        env.pop("MAILLAGE_REPORT_TEST_DELAY", None)
        env.update(extra or {})
        return env

    def start(self, **extra_env) -> subprocess.Popen:
        name = f"reports-test-{uuid.uuid4().hex[:8]}@localhost"
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                self.queue,
                "-n",
                name,
                "-c",
                "1",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
                "--max-tasks-per-child",
                "50",
            ],
            cwd=BASE_DIR,
            env=self.env({key: str(value) for key, value in extra_env.items()}),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches the pool too
        )
        process.log, process.node = log, name
        self.processes.append(process)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"Celery worker exited: {self.log_text(process)}")
            if self.app.control.ping(destination=[name], timeout=0.5):
                return process
        self.kill(process)
        raise RuntimeError(f"Celery worker did not answer ping: {self.log_text(process)}")

    def log_text(self, process) -> str:
        process.log.flush()
        return (self.log_dir / f"{process.node}.log").read_text()[-4000:]

    def kill(self, process) -> None:
        """SIGKILL the worker and its pool, like a machine losing power."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        process.log.close()

    def stop(self, process) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        process.log.close()

    def purge(self) -> None:
        with self.app.connection_for_write() as conn:
            conn.default_channel.queue_purge(self.queue)


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
    previous = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    controller = WorkerController(app, queue, tmp_path)
    controller.purge()
    try:
        controller.start()
        yield controller
    finally:
        for process in controller.processes:
            controller.stop(process)
        controller.purge()
        app.conf.task_always_eager, app.conf.task_default_queue = previous
