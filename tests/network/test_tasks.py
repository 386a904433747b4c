"""The reminder task on a real Celery worker and Redis: run twice the same day, it sends
each reminder once."""

import pytest

from core.models import SentMail
from network.tasks import adhesion_reminders_send
from structures.models import AdhesionReminderLog

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_reminder_run_twice_the_same_day_sends_nothing_twice(celery_worker_process, request):
    world = request.getfixturevalue("reminder_world")
    worker = celery_worker_process
    for _ in range(2):
        adhesion_reminders_send.delay(today="2030-03-02")
    worker.wait_succeeded("network.tasks.adhesion_reminders_send", 2)
    # The two reminders' e-mails, each delivered by the worker once.
    worker.wait_succeeded("core.tasks.mail_deliver", 2)

    assert AdhesionReminderLog.objects.count() == 2
    assert set(AdhesionReminderLog.objects.values_list("adhesion_id", flat=True)) == {
        world["invited"].pk,
        world["unpaid"].pk,
    }
    assert SentMail.objects.filter(sent_at__isnull=False).count() == 2
    assert len(worker.mails()) == 2
