import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
def rate(value):
    """A rate of structures.figures, already a percentage rounded once ("33.3" → "33,3 %"),
    printed as stored; "—" when there is nothing to divide by."""
    if value in (None, ""):
        return "—"
    return f"{number_format(Decimal(value), 1)} %"


@register.filter
def declared(value):
    """A count of structures.figures: None means nobody declared, never 0."""
    if value is None:
        return _("non déclaré")
    return value


@register.filter
def declared_decimal(value):
    if value is None:
        return _("non déclaré")
    return number_format(Decimal(value), 2)


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
