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


@register.inclusion_tag("events/_regional_network_events.html", takes_context=True)
def regional_network_events(context, network):
    """The assemblies and meetings of a regional network the viewer may see, for the
    network's page (the network app does not know the events app)."""
    from events.models import Event

    request = context.get("request")
    events = (
        Event.objects.visible_to(request.user)
        .filter(regional_network=network)
        .select_related("kind", "region", "departement")
        .order_by("-starts_at")
    )
    today = timezone.now()
    events = list(events)
    return {
        "upcoming": [event for event in reversed(events) if event.ends_at >= today],
        "past": [event for event in events if event.ends_at < today],
        "can_create": getattr(request.user, "is_network_staff", False),
        "request": request,
    }
