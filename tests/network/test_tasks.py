"""The reminder task on a real Celery worker and Redis: run twice the same day, it sends
each reminder once."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from network.tasks import adhesion_reminders_send
from structures.models import AdhesionReminderLog

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(tmp_path):
    """A worker on its own queue, reading the test database and writing e-mails to files."""
    queue = f"test-network-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": (
            f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "MAILLAGE_CELERY_QUEUE": queue,
        # django-environ drops one leading slash of the path: four slashes for an absolute one.
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
    }
    log = tmp_path / "worker.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "-l", "info", "-Q", queue, "--without-heartbeat", "--without-gossip",
             "--without-mingle"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield {"queue": queue, "log": log, "mail": tmp_path / "mail"}
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        process.wait(timeout=20)


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_reminder_run_twice_the_same_day_sends_nothing_twice(worker, request):
    world = request.getfixturevalue("reminder_world")
    for _ in range(2):
        adhesion_reminders_send.apply_async(kwargs={"today": "2030-03-02"}, queue=worker["queue"])

    def finished():
        return worker["log"].read_text().count("succeeded in") >= 2

    assert wait_for(finished), worker["log"].read_text()[-3000:]
    results = [
        line.rsplit(":", 1)[1].strip()
        for line in worker["log"].read_text().splitlines()
        if "adhesion_reminders_send" in line and "succeeded in" in line
    ]
    assert results == ["2", "0"]
    assert AdhesionReminderLog.objects.count() == 2
    assert set(AdhesionReminderLog.objects.values_list("adhesion_id", flat=True)) == {
        world["invited"].pk,
        world["unpaid"].pk,
    }
    sent = "".join(path.read_text() for path in worker["mail"].glob("*.log"))
    assert sent.count("Subject:") == 2
