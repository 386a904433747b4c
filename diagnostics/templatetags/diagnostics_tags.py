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
