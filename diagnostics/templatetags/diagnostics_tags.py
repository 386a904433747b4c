import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value):
    """ "0.2534" (a rate stored as a string in frozen figures) → "25,3 %"; None → "—"."""
    if value in (None, ""):
        return "—"
    try:
        return f"{number_format(Decimal(value) * 100, 1)} %"
    except (InvalidOperation, TypeError, ValueError):
        return "—"


@register.filter
def decimal(value):
    if value in (None, ""):
        return "—"
    try:
        return number_format(Decimal(value), 2)
    except (InvalidOperation, TypeError, ValueError):
        return "—"


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def isodate(value):
    """An ISO date kept as text in frozen figures → a date for the |date filter."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("diagnostics/_structure_summary.html")
def structure_diagnostics_summary(structure):
    """Visits, action plan and accompaniments of one structure, for its staff page."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from diagnostics.enums import ItemStatus
    from diagnostics.models import ActionPlan, Visit

    open_statuses = [ItemStatus.PLANNED, ItemStatus.IN_PROGRESS]
    plan = (
        ActionPlan.objects.filter(structure=structure)
        .annotate(
            open_count=Count("items", filter=Q(items__status__in=open_statuses)),
            overdue_count=Count(
                "items",
                filter=Q(items__status__in=open_statuses, items__due_on__lt=timezone.localdate()),
            ),
        )
        .first()
    )
    return {
        "structure": structure,
        "visits": Visit.objects.filter(structure=structure).order_by("-planned_on")[:5],
        "plan": plan,
        "accompaniments": structure.accompaniments.order_by("-started_on", "-pk")[:5],
    }
