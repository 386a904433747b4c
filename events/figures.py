"""The events app's section of the territorial figures (see structures/figures.py):
collective meetings held over the period, and those still to come."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from structures.figures import Scope, collate, define

from .enums import EventStatus
from .models import Event

MEETINGS_LISTED = 200

define(
    "meetings_held",
    _("Rencontres collectives tenues"),
    _(
        "Réunions du territoire commencées pendant la période et avant la date d'arrêt des "
        "données, ni annulées ni restées en brouillon. Les participants sont les personnes "
        "marquées présentes ; les réunions programmées après la date d'arrêt sont listées à "
        "part, « à venir », et ne sont pas comptées."
    ),
    _("Agenda des réunions et feuilles de présence saisis dans le portail"),
)


def _row(event, *, with_attendees: bool) -> dict:
    row = {
        "id": event.pk,
        "title": event.title,
        "date": event.local_starts_at.date().isoformat(),
        "place": event.commune.name if event.commune_id else "",
        "present": event.present,
    }
    if with_attendees:
        row["attendees"] = [
            {
                "name": f"{registration.first_name} {registration.last_name}",
                "role": registration.role,
                "of": (
                    registration.structure.name
                    if registration.structure_id
                    else registration.organisation.name
                    if registration.organisation_id
                    else ""
                ),
            }
            for registration in sorted(
                event.registrations.all(),
                key=lambda r: (collate(r.last_name), collate(r.first_name)),
            )
            if registration.attended
        ]
    return row


def meetings(scope: Scope) -> dict:
    events = Event.objects.exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED]).filter(
        starts_at__gte=scope.since,
        starts_at__lt=scope.period_until,
    )
    if scope.region is not None:
        events = events.filter(region=scope.region)
    events = (
        events.select_related("region", "commune")
        .annotate(present=Count("registrations", filter=Q(registrations__attended=True)))
        .order_by("starts_at", "pk")
    )
    held = events.filter(starts_at__lt=scope.as_of)
    upcoming = events.filter(starts_at__gte=scope.as_of)
    held_rows = [
        _row(event, with_attendees=True)
        for event in held.prefetch_related(
            "registrations__structure", "registrations__organisation"
        )[:MEETINGS_LISTED]
    ]
    return {
        "held": held.count(),
        "held_rows": held_rows,
        "upcoming": upcoming.count(),
        "upcoming_rows": [
            _row(event, with_attendees=False) for event in upcoming[:MEETINGS_LISTED]
        ],
        "present": sum(row["present"] for row in held_rows),
    }
