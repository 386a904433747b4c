"""iCalendar files: one event (e-mail attachment) or a personal feed.

Times are written with the territory's TZID (DTSTART;TZID=America/Cayenne:…T090000) and a
VTIMEZONE block, so calendar applications show 9:00 in Cayenne and convert for the reader.
"""

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .enums import EventStatus

PRODID = "-//Maillage//Evenements//FR"


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "maillage"


def event_url(event) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("events:detail", kwargs={"pk": event.pk})


def event_component(event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"evenement-{event.pk}@{_domain()}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.local_starts_at)
    component.add("dtend", event.local_ends_at)
    component.add("summary", event.title)
    if event.place_label:
        component.add("location", event.place_label)
    description = "\n\n".join(part for part in (event.description, event.agenda) if part)
    if description:
        component.add("description", description)
    component.add("url", event.online_url or event_url(event))
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("last-modified", event.updated_at)
    return component


def calendar_bytes(events, *, name: str = "") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
