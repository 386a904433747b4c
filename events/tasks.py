"""Celery tasks: ids as keyword arguments, reloaded, idempotent."""

from celery import shared_task

from . import services
from .enums import EventStatus, RegistrationStatus
from .models import Registration

# kind → (template, status the registration must still have, attach the .ics)
NOTICES = {
    "confirmed": ("confirmed", RegistrationStatus.CONFIRMED, True),
    "waiting": ("waiting", RegistrationStatus.WAITING, False),
    "promoted": ("promoted", RegistrationStatus.CONFIRMED, True),
    "event_cancelled": ("event_cancelled", None, True),
}


@shared_task
def registration_notify(*, registration_id: int, kind: str) -> bool:
    """E-mail one registered person about their registration. Skipped when the situation
    changed meanwhile (a waiting-list e-mail for someone already promoted, say)."""
    registration = (
        Registration.objects.select_related("event__region", "event__departement", "event__commune")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or kind not in NOTICES:
        return False
    template, status, with_ics = NOTICES[kind]
    if status is not None and registration.status != status:
        return False
    if kind == "event_cancelled" and registration.event.status != EventStatus.CANCELLED:
        return False
    services.event_mail_send(
        key=f"events:registration:{registration.pk}:{kind}",
        template=template,
        event=registration.event,
        to=[registration.email],
        with_ics=with_ics,
        registration=registration,
    )
    return True


@shared_task
def event_reminders_send() -> int:
    """Periodic (events/schedule.py): reminders and low-registration warnings, once each."""
    return services.reminders_send()
