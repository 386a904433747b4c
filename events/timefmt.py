"""Event times as people read them: in the territory's zone, with the viewer's beside it."""

import zoneinfo

from django.utils import dateformat
from django.utils.translation import gettext as _

from core.french import date_text

from .models import zone_label


def _day(value) -> str:
    return date_text(value.date(), "weekday")


def _time(value) -> str:
    return dateformat.format(value, "H:i")


def _span(starts, ends) -> str:
    if starts.date() == ends.date():
        return _("%(day)s, %(start)s – %(end)s") % {
            "day": _day(starts),
            "start": _time(starts),
            "end": _time(ends),
        }
    return _("du %(start_day)s %(start)s au %(end_day)s %(end)s") % {
        "start_day": _day(starts),
        "start": _time(starts),
        "end_day": _day(ends),
        "end": _time(ends),
    }


def event_when(event, viewer_zone=None) -> str:
    """ "jeudi 7 février 2019, 9:00 – 12:00 (heure de Cayenne)", then, when the viewer's
    zone gives other wall-clock times, "soit 13:00 – 16:00 (heure de Paris) pour vous"."""
    zone = event.zone
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    text = f"{_span(starts, ends)} ({event.zone_label})"
    if viewer_zone is None:
        return text
    if isinstance(viewer_zone, str):
        viewer_zone = zoneinfo.ZoneInfo(viewer_zone)
    mine_start, mine_end = (
        event.starts_at.astimezone(viewer_zone),
        event.ends_at.astimezone(viewer_zone),
    )
    if mine_start.utcoffset() == starts.utcoffset() and mine_end.utcoffset() == ends.utcoffset():
        return text
    if mine_start.date() == starts.date() and mine_end.date() == ends.date():
        mine = f"{_time(mine_start)} – {_time(mine_end)}"
    else:
        mine = _span(mine_start, mine_end)
    label = zone_label(getattr(viewer_zone, "key", str(viewer_zone)))
    return text + " " + _("· soit %(mine)s (%(zone)s) pour vous") % {"mine": mine, "zone": label}


def event_start_short(event, viewer_zone=None) -> str:
    """For tables and calendars: "9:00 (heure de Cayenne)", then "· 13:00 pour vous"
    when the viewer's clock says otherwise."""
    local = event.local_starts_at
    text = f"{_time(local)} ({event.zone_label})"
    if viewer_zone is None:
        return text
    mine = event.starts_at.astimezone(viewer_zone)
    if mine.utcoffset() == local.utcoffset():
        return text
    return text + " " + _("· %(time)s pour vous") % {"time": _time(mine)}
