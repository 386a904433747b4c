"""Every e-mail goes through `core.mail.mail_send`: recorded, sent after commit by a task,
and never twice, even when the broker delivers the task again (a real worker on Redis)."""

import pytest
from django.db import transaction

from core.mail import mail_send
from core.models import SentMail
from core.tasks import mail_deliver


@pytest.mark.django_db
def test_nothing_is_sent_for_a_write_rolled_back(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        mail_send(key="test:rolled-back", to=["a@exemple.test"], subject="S", body="B")
        transaction.set_rollback(True)
    assert callbacks == [] and mailoutbox == []
    assert not SentMail.objects.exists()


@pytest.mark.django_db
def test_the_same_key_is_sent_once_with_its_attachment(mailoutbox, committed):
    for _ in range(2):
        committed(
            mail_send,
            key="test:once",
            to=["a@exemple.test"],
            subject="Objet",
            body="Texte",
            attachments=[("evenement.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].attachments == [("evenement.ics", "BEGIN:VCALENDAR", "text/calendar")]
    mail = SentMail.objects.get()
    assert mail.sent_at is not None
    assert mail_deliver(mail_id=mail.pk) is False  # delivered again: nothing sent
    assert len(mailoutbox) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_by_the_broker_sends_once(celery_worker_process):
    worker = celery_worker_process
    mail = mail_send(key="test:worker", to=["b@exemple.test"], subject="Une fois", body="Texte")
    mail_deliver.delay(mail_id=mail.pk)  # the same task again, as a broker redelivers it
    worker.wait_succeeded("core.tasks.mail_deliver", 2)
    mail.refresh_from_db()
    assert mail.sent_at is not None
    sent = worker.mails()
    assert len(sent) == 1 and "Subject: Une fois" in sent[0] and "b@exemple.test" in sent[0]
