"""Writes on events: publishing, registrations and the waiting list, attendance, minutes,
reminders. Each function is atomic and raises `EventError` with a message for the user."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.french import date_text
from core.mail import mail_send

from .enums import EventStatus, RegistrationStatus, ReminderKind
from .ics import calendar_bytes, event_url
from .models import CalendarFeed, Event, EventReminderLog, Minutes, MinutesFollowUp, Registration
from .timefmt import event_when

# How long before an event registered people get a reminder, and how far ahead organisers
# are told about events with few registrations.
REMINDER_HOURS = getattr(settings, "MAILLAGE_EVENT_REMINDER_HOURS", 48)
LOW_REGISTRATION_DAYS = getattr(settings, "MAILLAGE_EVENT_LOW_REGISTRATION_DAYS", 7)


class EventError(Exception):
    """A domain error whose message is shown to the user as is."""


# --- E-mails ------------------------------------------------------------------------------


def event_mail_send(
    *, key: str, template: str, event: Event, to: list[str], with_ics=False, **extra
):
    """Render `events/email/<template>_{subject,message}.txt`; times in the event's zone.
    Sent once per `key` (see `core.mail`)."""
    context = {"event": event, "when": event_when(event), "url": event_url(event), **extra}
    mail_send(
        key=key,
        subject=render_to_string(f"events/email/{template}_subject.txt", context).strip(),
        body=render_to_string(f"events/email/{template}_message.txt", context),
        to=to,
        attachments=[("evenement.ics", calendar_bytes([event]), "text/calendar")]
        if with_ics
        else [],
    )


def _notify(registration: Registration, kind: str) -> None:
    from .tasks import registration_notify

    transaction.on_commit(
        lambda: registration_notify.delay(registration_id=registration.pk, kind=kind)
    )


# --- Events -------------------------------------------------------------------------------


def _load_locked(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("region", "departement")
        .get(pk=event.pk)
    )


@transaction.atomic
def event_publish(*, event: Event, by) -> Event:
    event = _load_locked(event)
    if event.status != EventStatus.DRAFT:
        raise EventError(_("Seul un brouillon peut être publié."))
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def event_cancel(*, event: Event, by) -> Event:
    """Cancel and tell everyone registered (or waiting): their calendars get STATUS:CANCELLED."""
    event = _load_locked(event)
    if event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise EventError(_("Cet événement ne peut plus être annulé."))
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    for registration in event.registrations.active():
        _notify(registration, "event_cancelled")
    return event


@transaction.atomic
def event_save(*, form, by) -> Event:
    """Create or edit from a validated EventForm; a larger capacity moves the waiting list."""
    creating = form.instance.pk is None
    event = form.save(commit=False)
    if creating:
        event.created_by = by
    event.save()
    form.save_m2m()
    if creating and not event.organisers.exists():
        event.organisers.add(by)
    if not creating:
        waiting_list_promote(event=_load_locked(event))
    return event


# --- Registrations ------------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    event: Event,
    by,
    first_name: str,
    last_name: str,
    email: str,
    role: str = "",
    structure=None,
    organisation=None,
) -> Registration:
    """Register one person. The event row is locked (SELECT … FOR UPDATE) so two people
    registering at once can't both take the last place: the later one waits in line."""
    event = _load_locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(_("Les inscriptions ne sont pas ouvertes pour cet événement."))
    now = timezone.now()
    if event.starts_at <= now:
        raise EventError(_("Cet événement a déjà commencé : les inscriptions sont closes."))
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise EventError(
            _("Les inscriptions sont closes depuis le %(date)s.")
            % {"date": event_when_closing(event)}
        )
    email = email.strip().lower()
    if event.registrations.active().filter(email=email).exists():
        raise EventError(
            _("%(email)s est déjà inscrit·e à cet événement (ou sur sa liste d'attente).")
            % {"email": email}
        )
    kinds = event.audience_structure_kinds or []
    if structure is not None and kinds and structure.kind not in kinds:
        raise EventError(
            _("Cet événement est réservé à d'autres types de structures que %(kind)s.")
            % {"kind": structure.get_kind_display()}
        )
    taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    full = event.capacity is not None and taken >= event.capacity
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                structure=structure,
                organisation=organisation,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                role=role.strip(),
                email=email,
                status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                registered_by=by,
                registered_at=now,
            )
    except IntegrityError as error:
        raise EventError(
            _("%(email)s est déjà inscrit·e à cet événement.") % {"email": email}
        ) from error
    _notify(registration, "waiting" if full else "confirmed")
    return registration


def event_when_closing(event: Event) -> str:
    local = event.registration_closes_at.astimezone(event.zone)
    return f"{local:%d/%m/%Y %H:%M} ({event.zone_label})"


def waiting_list_promote(*, event: Event) -> list[Registration]:
    """Move people up from the waiting list while there are places; call with the event
    locked. Each promoted person is e-mailed."""
    promoted = []
    if event.status != EventStatus.PUBLISHED or event.starts_at <= timezone.now():
        return promoted
    taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    free = None if event.capacity is None else event.capacity - taken
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "registered_at", "pk"
    )
    if free is not None:
        waiting = waiting[: max(free, 0)]
    now = timezone.now()
    for registration in waiting:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _notify(registration, "promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> list[Registration]:
    """Cancel one registration; a freed place goes to the first in line. Returns the
    people promoted from the waiting list."""
    event = _load_locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise EventError(_("Cette inscription est déjà annulée."))
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    return waiting_list_promote(event=event)


# --- Attendance and minutes ---------------------------------------------------------------


def _attendance_check(event: Event) -> None:
    now = timezone.now()
    if event.status not in (EventStatus.PUBLISHED, EventStatus.HELD):
        raise EventError(_("Les présences ne se relèvent que pour un événement publié."))
    if event.starts_at > now:
        raise EventError(_("Les présences se relèvent à partir du début de l'événement."))
    if now >= event.attendance_closes_at:
        raise EventError(
            _("Le relevé des présences est clos depuis le %(date)s.")
            % {"date": date_text(event.attendance_closes_at.astimezone(event.zone).date(), "long")}
        )


@transaction.atomic
def attendance_walk_in_add(
    *,
    event: Event,
    by,
    first_name: str,
    last_name: str,
    email: str = "",
    structure=None,
    affiliation_name: str = "",
) -> Registration:
    """Someone who came without registering, recorded present at attendance time (the
    registration rules — places, closing date — are for before the meeting)."""
    event = _load_locked(event)
    _attendance_check(event)
    email = (email or "").strip().lower()
    if (
        email
        and event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(email=email)
        .exists()
    ):
        raise EventError(_("Cette adresse e-mail est déjà inscrite : cochez-la dans la liste."))
    registration = Registration.objects.create(
        event=event,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        structure=structure,
        affiliation_name="" if structure else affiliation_name.strip(),
        status=RegistrationStatus.CONFIRMED,
        attended=True,
        walk_in=True,
        registered_by=by,
    )
    if event.status == EventStatus.PUBLISHED:
        event.status = EventStatus.HELD
        event.save(update_fields=["status", "updated_at"])
    return registration


def minutes_audience(minutes: Minutes) -> list[str]:
    """Who reads published minutes: the structures and organisations of the people marked
    present, by name."""
    present = minutes.event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, attended=True
    ).select_related("structure", "organisation")
    names = {str(r.structure or r.organisation) for r in present if r.structure or r.organisation}
    return sorted(names)


@transaction.atomic
def attendance_record(*, event: Event, present: set[int], by) -> int:
    """Tick the attendance sheet after the meeting; a published event becomes held."""
    event = _load_locked(event)
    _attendance_check(event)
    registrations = list(event.registrations.filter(status=RegistrationStatus.CONFIRMED))
    for registration in registrations:
        registration.attended = registration.pk in present
    Registration.objects.bulk_update(registrations, ["attended"])
    if event.status == EventStatus.PUBLISHED:
        event.status = EventStatus.HELD
        event.save(update_fields=["status", "updated_at"])
    return sum(1 for registration in registrations if registration.attended)


@transaction.atomic
def minutes_save(*, event: Event, by, form, formset) -> Minutes:
    """Save the minutes and their follow-ups (validated form and inline formset)."""
    minutes = form.save(commit=False)
    minutes.event = event
    minutes.written_by = by
    minutes.save()
    formset.instance = minutes
    formset.save()
    return minutes


@transaction.atomic
def minutes_publish(*, minutes: Minutes, by) -> Minutes:
    """Publish to the structures and partners of the people marked present (their member or
    partner area); only once the meeting has started."""
    if minutes.published_at:
        raise EventError(_("Ce compte rendu est déjà publié."))
    if not minutes.event.has_started:
        raise EventError(
            _(
                "Le compte rendu se publie une fois la réunion commencée ; vous pouvez le rédiger dès maintenant."
            )
        )
    if not minutes_audience(minutes):
        raise EventError(
            _(
                "Personne n'est marqué présent : relevez les présences avant de publier le compte rendu."
            )
        )
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at", "updated_at"])
    return minutes


def follow_up_owner_organisation(follow_up: MinutesFollowUp) -> str:
    """The organisation of a follow-up's pilot, as far as the portal knows it: for an
    owner with an account, their partner organisation, their structure, or for network
    staff their regional delegation or the federation; else the structure or organisation
    the owner was registered for at the meeting (matched by name); else the structure the
    follow-up concerns."""
    from network.models import Federation, RegionalDelegation

    user = follow_up.owner_user
    if user is not None:
        if user.organisation_id:
            return user.organisation.name
        membership = user.structure_memberships.select_related("structure").first()
        if membership is not None:
            return membership.structure.name
        if user.is_network_staff:
            delegation = RegionalDelegation.objects.filter(delegates=user).first()
            federation = Federation.objects.order_by("pk").first()
            return delegation.name if delegation else federation.name if federation else ""
    wanted = " ".join(follow_up.owner_name.split()).casefold()
    for registration in follow_up.minutes.event.registrations.select_related(
        "structure", "organisation"
    ):
        name = " ".join(f"{registration.first_name} {registration.last_name}".split())
        if wanted and name.casefold() == wanted:
            if registration.structure_id:
                return registration.structure.name
            if registration.organisation_id:
                return registration.organisation.name
            if registration.affiliation_name:
                return registration.affiliation_name
    return follow_up.structure.name if follow_up.structure_id else ""


@transaction.atomic
def follow_up_push(
    *, follow_up: MinutesFollowUp, by, diagnostic=None, owner_organisation: str = ""
):
    """Copy a follow-up into the structure's action plan (plan de progrès) or, with
    `diagnostic`, into a territorial diagnostic's action plan, and remember where it went
    so it is neither typed nor pushed twice. The territorial action names its pilot's
    organisation (`owner_organisation`, by default the one the portal knows)."""
    from diagnostics.enums import ItemStatus
    from diagnostics.models import ActionItem, ActionPlan, TerritorialAction

    follow_up = MinutesFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.is_pushed:
        raise EventError(_("Cette suite a déjà été reportée dans un plan d'action."))
    event = follow_up.minutes.event
    origin = _("Décidé lors de « %(title)s » (%(date)s).") % {
        "title": event.title,
        "date": date_text(event.local_starts_at.date(), "short"),
    }
    if diagnostic is not None:
        if diagnostic.region_id != event.region_id:
            raise EventError(_("Ce diagnostic territorial porte sur un autre territoire."))
        if diagnostic.frozen_at:
            raise EventError(_("Ce diagnostic territorial est figé : il ne reçoit plus d'action."))
        last = diagnostic.actions.order_by("-order").values_list("order", flat=True).first()
        follow_up.territorial_action = TerritorialAction.objects.create(
            diagnostic=diagnostic,
            order=(last or 0) + 1,
            title=follow_up.action[:300],
            owner_name=follow_up.owner_name,
            owner_organisation=(
                owner_organisation.strip() or follow_up_owner_organisation(follow_up)
            )[:200],
            # The calendar is the due date (printed in that column); where the action was
            # decided stays on the follow-up, which points to this action.
            timing="",
            due_on=follow_up.due_on,
            status=ItemStatus.PLANNED,
        )
        follow_up.save(update_fields=["territorial_action"])
        return follow_up.territorial_action
    if follow_up.structure_id is None:
        raise EventError(
            _("Indiquez la structure concernée pour reporter cette suite dans son plan.")
        )
    plan, _created = ActionPlan.objects.get_or_create(
        structure=follow_up.structure, defaults={"created_by": by}
    )
    follow_up.action_item = ActionItem.objects.create(
        plan=plan,
        finding=origin,
        objective=follow_up.action[:300],
        actions=follow_up.action,
        owner_name=follow_up.owner_name,
        owner_user=follow_up.owner_user,
        due_on=follow_up.due_on,
        status=ItemStatus.PLANNED,
    )
    follow_up.save(update_fields=["action_item"])
    return follow_up.action_item


# --- Personal calendar feed ---------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret link; the previous one stops working at once (404)."""
    feed, created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": CalendarFeed.new_token()}
    )
    if not created:
        feed.token = CalendarFeed.new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_events(user):
    """Events a person is registered to (by e-mail) or organises; never drafts."""
    registered = Registration.objects.filter(
        email=user.email.lower(), status=RegistrationStatus.CONFIRMED
    ).values("event_id")
    organised = Event.organisers.through.objects.filter(user=user).values("event_id")
    return (
        Event.objects.exclude(status=EventStatus.DRAFT)
        .filter(Q(pk__in=registered) | Q(pk__in=organised))
        .select_related("region", "departement", "commune")
        .order_by("starts_at")
    )


# --- Reminders ----------------------------------------------------------------------------


def _send_once(*, event, kind, recipient, registration=None, template, **extra) -> int:
    """Log first, then send, in one transaction: the unique constraint on the log makes a
    second sending impossible, and a failed sending leaves no log so it is retried."""
    with transaction.atomic():
        _log, created = EventReminderLog.objects.get_or_create(
            event=event, kind=kind, recipient=recipient, defaults={"registration": registration}
        )
        if not created:
            return 0
        event_mail_send(
            key=f"events:reminder:{_log.pk}",
            template=template,
            event=event,
            to=[recipient],
            registration=registration,
            **extra,
        )
    return 1


def reminders_send(*, now=None) -> int:
    """Remind registered people before the event and warn organisers about events with
    few registrations. Returns the number of e-mails sent; running it again sends none."""
    now = now or timezone.now()
    sent = 0
    upcoming = Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gt=now)
    soon = upcoming.filter(starts_at__lte=now + timedelta(hours=REMINDER_HOURS))
    for event in soon.select_related("region", "departement", "commune"):
        already = EventReminderLog.objects.filter(event=event, kind=ReminderKind.PARTICIPANT)
        for registration in event.registrations.filter(status=RegistrationStatus.CONFIRMED).exclude(
            email__in=already.values("recipient")
        ):
            sent += _send_once(
                event=event,
                kind=ReminderKind.PARTICIPANT,
                recipient=registration.email,
                registration=registration,
                template="reminder",
                with_ics=True,
            )
    quiet = (
        upcoming.filter(starts_at__lte=now + timedelta(days=LOW_REGISTRATION_DAYS))
        .with_counts()
        .filter(confirmed_count__lt=F("min_registrations"))
        .prefetch_related("organisers")
    )
    for event in quiet:
        for organiser in event.organisers.all():
            sent += _send_once(
                event=event,
                kind=ReminderKind.LOW_REGISTRATIONS,
                recipient=organiser.email,
                template="low_registrations",
                organiser=organiser,
                confirmed_count=event.confirmed_count,
            )
    return sent
