"""The events app's section of the territorial figures (see structures/figures.py):
collective meetings held over the period, and those still to come."""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from structures.figures import Scope, Section, collate, define

from .enums import EventStatus
from .models import Event, Registration

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
        "present": len(event.attendees),
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
                event.attendees, key=lambda r: (collate(r.last_name), collate(r.first_name))
            )
        ]
    return row


def meetings(scope: Scope) -> Section:
    """The meetings held (started before the data were read) and those to come, the first
    MEETINGS_LISTED of each listed, with the people present (see "meetings_held"). One
    query lists both parts with the size of each (a count over its part, taken before the
    list is cut), a second reads the people marked present. The first meeting to come
    counts as held once it has started: the figures change at its start."""
    events = Event.objects.exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED]).filter(
        starts_at__gte=scope.since,
        starts_at__lt=scope.period_until,
    )
    if scope.region is not None:
        events = events.filter(region=scope.region)
    part = [F("held")]
    listed = (
        events.annotate(
            held=ExpressionWrapper(Q(starts_at__lt=scope.as_of), output_field=BooleanField()),
            rank=Window(RowNumber(), partition_by=part, order_by=[F("starts_at"), F("pk")]),
            in_part=Window(Count("pk"), partition_by=part),
        )
        .filter(rank__lte=MEETINGS_LISTED)
        # the meeting's time zone: its département's, else its region's
        .select_related("region", "departement", "commune")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(attended=True).select_related(
                    "structure", "organisation"
                ),
                to_attr="attendees",
            )
        )
        .order_by("starts_at", "pk")
    )
    held_rows, upcoming_rows, counts = [], [], {True: 0, False: 0}
    next_start = None
    for event in listed:
        counts[event.held] = event.in_part
        rows = held_rows if event.held else upcoming_rows
        rows.append(_row(event, with_attendees=event.held))
        if not event.held and next_start is None:
            next_start = event.starts_at  # listed in order of their starts
    figures = {
        "held": counts[True],
        "held_rows": held_rows,
        "upcoming": counts[False],
        "upcoming_rows": upcoming_rows,
        "present": sum(row["present"] for row in held_rows),
    }
    return Section(figures, next_start)
