"""A render worker killed with SIGKILL mid-task while Redis restarts empty (it keeps
nothing on disk here), then a new worker starting: nothing is lost, nothing is done twice,
and the requester is told what happened. Proven from outside: real `celery worker`
processes and a `redis-server` of the test's own, on a free port (another person's Redis
on this machine is never touched)."""

import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from benchmarks.http import free_port
from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.e2e.fixtures import _restore_reference
from tests.factories import UserFactory
from tests.reports.factories import structure_with_figures
from tests.worker import WorkerController

from .test_redis import OwnRedis

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, *, timeout=120, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"Timed out waiting for {what}")


def forget_connections(app):
    """The test process's broker connections died with Redis: open new ones."""
    from kombu import pools

    pools.reset()  # kombu keeps one pool per broker URL for the whole process
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = OwnRedis(port=free_port())
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def workers(own_redis, settings, tmp_path, reference_data):
    """Celery publishes to our Redis (not eagerly); a controller for workers on it."""
    from config.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue)
    settings.REDIS_URL = own_redis.url
    queue = "maillage_worker_loss"
    app.conf.task_always_eager = False
    app.conf.broker_url = own_redis.url
    app.conf.task_default_queue = queue
    app._pool = None
    app.amqp._producer_pool = None
    controller = WorkerController(app, queue, tmp_path, name="worker-loss")
    try:
        yield controller
    finally:
        for process in controller.processes:
            controller.stop(process)
        app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue = saved
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def reference_data(serialized_reference, transactional_db):
    """Territories and kinds as migrations made them, in a database workers can read."""
    from django.db import connection

    _restore_reference(connection)


def test_a_render_survives_a_killed_worker_and_an_empty_redis(workers, own_redis, tmp_path):
    structure = structure_with_figures(name="Atelier Coupure de Courant", seed=7)
    staff = UserFactory(national=True)
    marker = tmp_path / "rendering"
    slow = workers.start(app="tests.slow_pdf_worker", MAILLAGE_TEST_RENDERING=marker)
    report = services.report_request(
        kind=ReportKind.DIALOGUE_GESTION, structure=structure, year=2018, by=staff
    )

    def rendering():
        report.refresh_from_db()
        return report.status == ReportStatus.RENDERING

    wait_for(rendering, what="the worker to start rendering")
    wait_for(marker.exists, what="the worker to make the PDF, not yet stored")
    workers.kill(slow)  # SIGKILL, worker and pool, in the middle of the render
    own_redis.restart()  # the message it held unacknowledged is gone with Redis
    forget_connections(workers.app)
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and not report.file

    # A new worker, as after a reboot: at start it finds the abandoned render (stale after
    # 1 s here) and renders it again.
    workers.start(MAILLAGE_REPORT_STALE_AFTER=1)

    def finished():
        report.refresh_from_db()
        return report.status in (ReportStatus.READY, ReportStatus.FAILED)

    wait_for(finished, what="the new worker to finish the report")
    assert report.status == ReportStatus.READY, report.error
    versions = Report.objects.filter(kind=report.kind, subject_key=report.subject_key)
    assert versions.count() == 1 and versions.get().pk == report.pk
    assert report.attempts == 2
    stored = list((Path(settings.MEDIA_ROOT) / "reports").rglob("*.pdf"))
    assert [path.name for path in stored] == [f"v{report.version}.pdf"]

    # The requester's page says the render was interrupted and resumed, and offers the PDF.
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(report.get_absolute_url()).content.decode()
    assert "interrompue (serveur de rendu arrêté) puis reprise" in page
    assert "2 tentatives" in page and "Télécharger le PDF" in page


def sent_mail(folder: Path) -> list[str]:
    """The recipients of every e-mail the workers wrote (file backend), one per message."""
    recipients = []
    for path in sorted(folder.glob("*.log")):
        for message in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            for line in message.splitlines():
                if line.startswith("To: "):
                    recipients.append(line[4:].strip())
                    break
    return recipients


def mail_env(tmp_path) -> dict:
    folder = tmp_path / "mail"
    folder.mkdir(exist_ok=True)
    # django-environ drops one leading slash of the path: four slashes for an absolute one.
    return {"EMAIL_URL": f"filemail:///{folder}"}


def kill_mid_run(workers, own_redis, tmp_path, *, task, logged, expected: int):
    """Start a slow worker (its run stops after the first e-mail, tests.slow_reminder_worker),
    publish `task` as beat does, SIGKILL the worker once the first e-mail is logged, restart
    Redis empty (the run's message is lost with it), start a new worker, and publish `task`
    again as beat's next tick does (the runs are periodic: a lost run is the next run's
    work)."""
    marker = tmp_path / "reminded"
    slow = workers.start(
        app="tests.slow_reminder_worker", MAILLAGE_TEST_REMINDED=marker, **mail_env(tmp_path)
    )
    task.delay()
    wait_for(marker.exists, what="the first reminder of the run")
    workers.kill(slow)
    own_redis.restart()
    forget_connections(workers.app)
    assert logged() == 1, "the run was cut short after its first e-mail"
    from core.tasks import mails_unsent_deliver

    workers.start(**mail_env(tmp_path))
    task.delay()
    workers.wait_succeeded(task.name, 1)
    assert logged() == expected, "the next run sent the reminders the cut-short run had not"
    # The e-mail of the cut-short run was recorded (core.mail) but its delivery message was
    # lost with Redis: the periodic delivery of unsent e-mails sends it, once.
    mails_unsent_deliver.delay(older_than=0)
    workers.wait_succeeded(mails_unsent_deliver.name, 1)
    wait_for(lambda: len(sent_mail(tmp_path / "mail")) >= expected, what="every e-mail sent")
    # And a tick more of each, once the workers say both ran: nothing is sent again.
    task.delay()
    mails_unsent_deliver.delay(older_than=0)
    workers.wait_succeeded(task.name, 2)
    workers.wait_succeeded(mails_unsent_deliver.name, 2)


def test_an_adhesion_reminder_run_cut_short_is_finished_never_doubled(workers, own_redis, tmp_path):
    from network.services import adhesion_reminders_send as reminders_send
    from network.tasks import adhesion_reminders_send
    from structures.enums import AdhesionStatus, PaymentStatus
    from structures.models import AdhesionReminderLog
    from tests.network.factories import AdhesionFactory, CampaignFactory

    campaign = CampaignFactory(year=2030)
    for index in range(4):
        AdhesionFactory(
            campaign=campaign,
            status=AdhesionStatus.PENDING,
            payment_status=PaymentStatus.DUE,
            contact_email=f"compta-{index}@siae.exemple.test",
        )
    kill_mid_run(
        workers,
        own_redis,
        tmp_path,
        task=adhesion_reminders_send,
        logged=AdhesionReminderLog.objects.count,
        expected=4,
    )
    recipients = sent_mail(tmp_path / "mail")
    assert sorted(recipients) == [f"compta-{index}@siae.exemple.test" for index in range(4)]
    assert reminders_send() == 0  # nothing left behind


def test_an_event_reminder_run_cut_short_is_finished_never_doubled(workers, own_redis, tmp_path):
    from events.enums import ReminderKind
    from events.models import EventReminderLog
    from events.services import REMINDER_HOURS, reminders_send
    from events.tasks import event_reminders_send
    from tests.events.factories import EventFactory, RegistrationFactory

    starts = timezone.now() + timedelta(hours=REMINDER_HOURS - 1)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), min_registrations=0)
    people = sorted(RegistrationFactory(event=event).email for _ in range(4))
    kill_mid_run(
        workers,
        own_redis,
        tmp_path,
        task=event_reminders_send,
        logged=EventReminderLog.objects.filter(kind=ReminderKind.PARTICIPANT).count,
        expected=4,
    )
    assert sorted(sent_mail(tmp_path / "mail")) == people
    assert reminders_send() == 0  # nothing left behind
