import datetime

from celery import shared_task

from . import services


@shared_task
def adhesion_reminders_send(*, today: str | None = None) -> int:
    """Daily: idempotent, each reminder is logged once per adhesion, kind and day."""
    day = datetime.date.fromisoformat(today) if today else None
    return services.adhesion_reminders_send(today=day)


@shared_task
def publication_notify(*, publication_id: int) -> int:
    """Idempotent: a publication's members are told once (notified_at)."""
    return services.publication_notify(publication_id=publication_id)
