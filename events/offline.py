"""Meetings prepared for offline use: the attendance of a meeting held where the network
fails (Saint-Laurent, the river communes), ticked on a device and sent on return.

`event_bundle` is what the device keeps: the meeting, its confirmed registrations, the
structures a walk-in may come from. `event_changes_apply` applies, through the attendance
page's own forms, permission and services (core.sync.apply_once: once per key):

- `attendance`: one person ticked present or absent; `base` is whether they were present in
  the device's copy: if the server's tick moved since, it is a conflict;
- `walk_in`: someone who came without registering (WalkInForm, attendance_walk_in_add).
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.sync import Conflict, Refused, Result, changes_apply, form_errors_text, int_of, text_of
from structures.models import Structure

from . import perms, services
from .enums import RegistrationStatus
from .forms import AttendanceForm, WalkInForm
from .models import Event
from .timefmt import event_when

WALK_IN_FIELDS = ("first_name", "last_name", "email", "affiliation_name")


def _gone() -> Refused:
    return Refused(
        _(
            "Cet événement n'existe plus ou vous n'en organisez plus les présences : il est "
            "retiré de cet appareil."
        ),
        gone=True,
    )


def attendance_list(event):
    """The attendance page's list: confirmed registrations, by affiliation then name."""
    return (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("structure", "organisation")
        .order_by("structure__name", "organisation__name", "last_name", "first_name")
    )


def _walk_in_structures(user, event):
    return Structure.objects.visible_to(user).filter(departement__region=event.region_id)


def event_bundle(*, event: Event, user) -> dict:
    now = timezone.now()
    return {
        "kind": "event",
        "id": event.pk,
        "title": event.title,
        "when": event_when(event, timezone.get_current_timezone()),
        "place": event.place_label,
        "startsAt": event.starts_at.isoformat(),
        "attendanceClosesAt": event.attendance_closes_at.isoformat(),
        "pageUrl": reverse("events:attendance", args=[event.pk]),
        "bundleUrl": reverse("events:offline_bundle", args=[event.pk]),
        "syncUrl": reverse("events:sync"),
        "savedAt": now.isoformat(),
        "expiresAt": (now + datetime.timedelta(days=settings.MAILLAGE_OFFLINE_DAYS)).isoformat(),
        "registrations": [
            {
                "id": registration.pk,
                "name": registration.full_name,
                "affiliation": registration.affiliation,
                "present": bool(registration.attended),
            }
            for registration in attendance_list(event)
        ],
        "structures": [
            {"id": pk, "name": name}
            for pk, name in _walk_in_structures(user, event)
            .order_by("name")
            .values_list("pk", "name")
        ],
    }


def _event(user, change) -> Event:
    event = Event.objects.visible_to(user).filter(pk=int_of(change, "event")).first()
    if event is None or not perms.can_manage_event(user, event):
        raise _gone()
    return event


def _attendance_apply(*, user, change, event) -> dict:
    registration_id = int_of(change, "registration")
    present, base = change.get("present"), change.get("base")
    if not isinstance(present, bool) or not (base is None or isinstance(base, bool)):
        raise Refused(_("La présence envoyée n'est pas valide."))
    registrations = attendance_list(event)
    ticked = {r.pk: bool(r.attended) for r in registrations}
    if registration_id not in ticked:
        raise Refused(_("Cette inscription a été annulée ou n'existe plus."))
    current = ticked[registration_id]
    if base is not None and current != base and current != present:
        name = registrations.get(pk=registration_id).full_name
        raise Conflict(
            _("La présence de %(name)s a été modifiée sur le serveur depuis la préparation.")
            % {"name": name},
            server=current,
            mine=present,
        )
    ticked[registration_id] = present
    data = {"present": [str(pk) for pk, is_present in ticked.items() if is_present]}
    form = AttendanceForm(data, registrations=registrations)
    if not form.is_valid():
        raise Refused(form_errors_text(form))
    try:
        services.attendance_record(
            event=event, present={r.pk for r in form.cleaned_data["present"]}, by=user
        )
    except services.EventError as error:
        raise Refused(str(error)) from None
    return {}


def _walk_in_apply(*, user, change, event) -> dict:
    fields = change.get("fields")
    if not isinstance(fields, dict):
        raise Refused(_("La personne envoyée n'est pas valide."))
    data = {name: text_of(fields, name, max_length=500) for name in WALK_IN_FIELDS}
    structure = fields.get("structure")
    data["structure"] = (
        str(structure) if isinstance(structure, int) and not isinstance(structure, bool) else ""
    )
    form = WalkInForm(data, structures=_walk_in_structures(user, event))
    if not form.is_valid():
        raise Refused(form_errors_text(form))
    try:
        registration = services.attendance_walk_in_add(event=event, by=user, **form.cleaned_data)
    except services.EventError as error:
        raise Refused(str(error)) from None
    return {"id": registration.pk}


APPLY = {"attendance": _attendance_apply, "walk_in": _walk_in_apply}


def event_changes_apply(*, changes: list[dict], user) -> list[Result]:
    """Apply the ticks and walk-ins in the order they were made; one result per change."""
    return changes_apply(changes=changes, user=user, handlers=APPLY, load=_event, name="event")
