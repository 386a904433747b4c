"""Event lists and the month calendar."""

import calendar
from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from core.access import access_rule
from core.bounds import month_param

from ..filters import EventFilter
from .common import PER_PAGE, READERS, _events

# --- Lists and calendars ------------------------------------------------------------------


@access_rule(READERS)
def event_list(request):
    events = _events(request.user).order_by("starts_at", "pk")
    filterset = EventFilter(request.GET or None, queryset=events, request=request)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def _month_from(request) -> date:
    return month_param(request, "mois", default=timezone.localdate().replace(day=1))


@access_rule(READERS)
def event_month(request):
    """A month grid per territory, plain HTML (no JavaScript). Each event sits on the day it
    takes place in its own territory."""
    first = _month_from(request)
    filterset = EventFilter(
        {"region": request.GET.get("region", "")},
        queryset=_events(request.user),
        request=request,
    )
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    events = filterset.qs.filter(
        starts_at__date__gte=start - timezone.timedelta(days=1),
        starts_at__date__lte=end + timezone.timedelta(days=1),
    ).order_by("starts_at")
    by_day: dict[date, list] = {}
    for event in events:
        by_day.setdefault(event.local_starts_at.date(), []).append(event)
    grid = [[{"day": day, "events": by_day.get(day, [])} for day in week] for week in weeks]
    previous = (first - timezone.timedelta(days=1)).replace(day=1)
    following = (first + timezone.timedelta(days=32)).replace(day=1)
    region = request.GET.get("region", "")
    return render(
        request,
        "events/event_month.html",
        {
            "filter": filterset,
            "first": first,
            "grid": grid,
            "previous": f"mois={previous:%Y-%m}&region={region}",
            "following": f"mois={following:%Y-%m}&region={region}",
            "weekdays": [weeks[0][i] for i in range(7)],
        },
    )
