"""Celery tasks of the core app: ids as keyword arguments, idempotent."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import mail
from .models import SentMail


@shared_task
def mail_deliver(*, mail_id: int) -> bool:
    """Send one recorded e-mail (see `core.mail`); a second delivery sends nothing."""
    return mail.mail_deliver(mail_id=mail_id)


@shared_task
def mails_unsent_deliver(*, older_than: int = 300) -> int:
    """Periodic (core/schedule.py): e-mails recorded but still unsent `older_than` seconds
    later (the mail server was down, the queue was lost) are sent now, each once."""
    since = timezone.now() - timedelta(seconds=older_than)
    ids = SentMail.objects.filter(sent_at__isnull=True, created_at__lte=since).values_list(
        "pk", flat=True
    )
    return sum(mail.mail_deliver(mail_id=mail_id) for mail_id in list(ids))
