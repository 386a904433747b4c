from django import template
from django.utils import timezone

from events.timefmt import event_start_short, event_when

register = template.Library()


@register.simple_tag
def when(event):
    """The event's times in its territory's zone, with the viewer's own time beside it."""
    return event_when(event, timezone.get_current_timezone())


@register.filter
def start_short(event):
    return event_start_short(event, timezone.get_current_timezone())


@register.inclusion_tag("events/_structure_summary.html")
def structure_events_summary(structure):
    """Events the structure's people were registered to, for its staff page."""
    from events.enums import RegistrationStatus
    from events.models import Registration

    registrations = (
        Registration.objects.filter(structure=structure)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "event__departement", "event__region")
        .order_by("-event__starts_at", "last_name")[:20]
    )
    return {"registrations": registrations}
