"""Reminders: registered people a set time before, organisers about thin registrations;
each logged, never sent twice."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.celery import collect_beat_schedule
from core import tasks as mail_tasks
from core.models import SentMail
from events import tasks
from events.enums import EventStatus, RegistrationStatus, ReminderKind
from events.models import EventReminderLog
from events.services import REMINDER_HOURS
from tests.events.factories import EventFactory, RegistrationFactory, cayenne

pytestmark = pytest.mark.django_db


def soon(**kwargs):
    starts = timezone.now() + timedelta(hours=REMINDER_HOURS - 1)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), **kwargs)


def test_reminders_run_twice_send_nothing_twice(guyane_staff, mailoutbox, committed):
    event = soon(min_registrations=0)
    people = [RegistrationFactory(event=event) for _ in range(3)]
    RegistrationFactory(event=event, status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    later = EventFactory(min_registrations=0)  # 10 days ahead: not yet
    RegistrationFactory(event=later)

    assert committed(tasks.event_reminders_send) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert "Rappel" in mailoutbox[0].subject
    assert "(heure de Cayenne)" in mailoutbox[0].body
    assert committed(tasks.event_reminders_send) == 0
    assert len(mailoutbox) == 3
    assert EventReminderLog.objects.filter(kind=ReminderKind.PARTICIPANT).count() == 3


def test_organisers_hear_about_events_with_few_registrations_once(
    guyane_staff, mailoutbox, committed
):
    in_three_days = {"starts_at": cayenne(3), "ends_at": cayenne(3, 12)}
    event = EventFactory(min_registrations=5, organisers=[guyane_staff], **in_three_days)
    RegistrationFactory(event=event)
    full = EventFactory(
        min_registrations=1, organisers=[guyane_staff], title="Bien rempli", **in_three_days
    )
    RegistrationFactory(event=full)
    EventFactory(
        min_registrations=5,
        organisers=[guyane_staff],
        title="Trop loin",
        starts_at=cayenne(20),
        ends_at=cayenne(20, 12),
    )
    EventFactory(
        **in_three_days,
        min_registrations=5,
        organisers=[guyane_staff],
        status=EventStatus.DRAFT,
        title="Brouillon",
    )
    assert committed(tasks.event_reminders_send) == 1
    assert mailoutbox[0].to == [guyane_staff.email]
    assert event.title in mailoutbox[0].subject
    assert "1 inscrit·e" in mailoutbox[0].body
    assert committed(tasks.event_reminders_send) == 0
    assert len(mailoutbox) == 1


def test_the_log_itself_refuses_a_second_reminder(guyane_staff):
    event = soon()
    EventReminderLog.objects.create(
        event=event, kind=ReminderKind.PARTICIPANT, recipient="a@b.test"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EventReminderLog.objects.create(
            event=event, kind=ReminderKind.PARTICIPANT, recipient="a@b.test"
        )


def test_a_failed_sending_is_kept_and_sent_once_later(
    guyane_staff, mailoutbox, settings, committed
):
    event = soon(min_registrations=0)
    RegistrationFactory(event=event)
    settings.EMAIL_BACKEND = "tests.events.test_reminders.BrokenBackend"
    with pytest.raises(ConnectionError):
        committed(tasks.event_reminders_send)
    unsent = SentMail.objects.get(sent_at__isnull=True)
    assert EventReminderLog.objects.count() == 1  # the reminder is decided, its e-mail waits
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert committed(tasks.event_reminders_send) == 0
    assert mail_tasks.mails_unsent_deliver(older_than=0) == 1
    assert mail_tasks.mails_unsent_deliver(older_than=0) == 0
    assert [m.to for m in mailoutbox] == [unsent.to]


def test_reminders_are_scheduled():
    entries = [entry["task"] for entry in collect_beat_schedule().values()]
    assert "events.tasks.event_reminders_send" in entries


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")


def test_registration_notice_is_skipped_when_outdated(mailoutbox, committed):
    registration = RegistrationFactory(status=RegistrationStatus.CONFIRMED)
    # A "you are on the waiting list" notice arriving after a promotion is not sent.
    assert (
        committed(tasks.registration_notify, registration_id=registration.pk, kind="waiting")
        is False
    )
    assert committed(tasks.registration_notify, registration_id=987654, kind="confirmed") is False
    assert mailoutbox == []
    assert (
        committed(tasks.registration_notify, registration_id=registration.pk, kind="confirmed")
        is True
    )
    assert len(mailoutbox) == 1
    # The same notice again (the broker delivering the task twice): nothing more is sent.
    committed(tasks.registration_notify, registration_id=registration.pk, kind="confirmed")
    assert len(mailoutbox) == 1
    assert SentMail.objects.get().sent_at is not None
