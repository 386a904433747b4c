"""Redis stops while a member of staff requests a report, then comes back: the user is told
the report will be produced later, the request is kept in PostgreSQL, and once Redis is
back a real worker renders it — one version, nothing lost, nothing duplicated.

The test runs its own Redis (port 6390, nothing on disk) so stopping it touches no one
else's; the worker is a real `celery worker` subprocess."""

import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from diagnostics.models import TerritorialDiagnostic
from reports import services
from reports.enums import ReportStatus
from reports.models import Report
from territories.models import Region
from tests.worker import WorkerController

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PORT = 6390
URL = f"redis://127.0.0.1:{PORT}/0"


def redis_answers(port: int = PORT) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class OwnRedis:
    """A redis-server of the test's own, keeping nothing on disk: stopping or restarting
    it loses every message, and touches nobody else's Redis."""

    def __init__(self, port: int = PORT):
        self.port, self.process = port, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if redis_answers(self.port):
                return
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        assert not redis_answers(self.port)

    def restart(self):
        self.stop()
        self.start()


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    if redis_answers():
        pytest.skip(f"port {PORT} is taken by another Redis")
    redis = OwnRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def broker(own_redis, settings, tmp_path):
    """Celery publishes to our Redis, not eagerly; a worker controller on the same broker."""
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    settings.REDIS_URL = URL
    queue = "maillage_faults"
    app.conf.task_always_eager = False
    app.conf.broker_url = URL
    app.conf.task_default_queue = queue
    app._pool = None
    app.amqp._producer_pool = None
    controller = WorkerController(app, queue, tmp_path)
    try:
        yield controller
    finally:
        for process in controller.processes:
            controller.stop(process)
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = saved
        app._pool = None
        app.amqp._producer_pool = None


def test_report_requested_while_redis_is_down_is_produced_once_it_is_back(
    live_world, broker, own_redis, client
):
    client.force_login(live_world["guyane"], backend="django.contrib.auth.backends.ModelBackend")
    guyane = Region.objects.get(code="03")
    versions = Report.objects.filter(kind="territorial", region=guyane)
    before = versions.count()  # the demo has the Guyane report shared with DIECCTE
    own_redis.stop()

    diagnostic = TerritorialDiagnostic.objects.filter(region=guyane).latest("period_end")
    response = client.post(
        reverse("reports:request"),
        {"kind": "territorial", "diagnostic": diagnostic.pk},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "momentanément indisponible" in page and "sera produit" in page
    assert versions.count() == before + 1
    report = versions.order_by("-version").first()
    assert report.status == ReportStatus.QUEUED and report.enqueued_at is None

    # Pages keep working while Redis is down.
    assert client.get(reverse("reports:list")).status_code == 200
    assert client.get(report.get_absolute_url()).status_code == 200

    own_redis.start()
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED  # nothing lost while Redis was away
    broker.start()
    # The periodic recovery sends what was never sent (a worker may also do it as it starts).
    services.reports_recover()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (ReportStatus.READY, ReportStatus.FAILED):
            break
        time.sleep(0.5)
    assert report.status == ReportStatus.READY, report.error
    assert report.file and report.size > 1000
    assert versions.count() == before + 1
    # A second recovery run finds nothing to send again: nothing can change.
    assert services.reports_recover() == {"requeued": [], "failed": [], "resent": []}
    assert versions.count() == before + 1
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:download", kwargs={"pk": report.pk}) in page
