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
