"""The one way the portal sends an e-mail.

`mail_send(key=…, to=…, subject=…, body=…)` records the message (`SentMail`) and queues
`core.tasks.mail_deliver` once the current transaction commits: nothing is sent for a write
that was rolled back, and the request never waits for the mail server. Without Redis the
task runs in-process (the settings make tasks eager). The task sends a recorded message
once: a second request with the same key, or the broker delivering the task again, sends
nothing more. Staff read what was sent in the admin ("E-mails envoyés").
"""

import base64

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import SentMail


def mail_send(
    *, key: str, to: list[str], subject: str, body: str, attachments=(), prefix: bool = False
) -> SentMail:
    """Queue one e-mail, once per `key`. `attachments`: (filename, bytes, mimetype)."""
    if prefix:
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject
    mail, created = SentMail.objects.get_or_create(
        key=key,
        defaults={
            "to": list(to),
            "subject": subject[:300],
            "body": body,
            "attachments": [
                {"name": name, "content": base64.b64encode(content).decode(), "type": mimetype}
                for name, content, mimetype in attachments
            ],
        },
    )
    if created:
        from .tasks import mail_deliver

        mail_id = mail.pk
        transaction.on_commit(lambda: mail_deliver.delay(mail_id=mail_id))
    return mail


@transaction.atomic
def mail_deliver(*, mail_id: int) -> bool:
    """Send a recorded e-mail unless it was sent already (the row is locked meanwhile, so two
    deliveries of the same task never both send)."""
    mail = SentMail.objects.select_for_update().filter(pk=mail_id).first()
    if mail is None or mail.sent_at is not None:
        return False
    message = EmailMessage(subject=mail.subject, body=mail.body, to=mail.to)
    for attachment in mail.attachments:
        message.attach(
            attachment["name"], base64.b64decode(attachment["content"]), attachment["type"]
        )
    message.send()
    mail.sent_at = timezone.now()
    mail.save(update_fields=["sent_at"])
    return True
