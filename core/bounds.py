"""The range of dates the portal deals with, and GET parameters read within it.

Dates outside it (year 1 or 9999, typed or sent in a link) overflow Python's date arithmetic
and time-zone conversions; they are refused with a French message instead: a form error for
fields, a 400 page for query parameters."""

import datetime

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MIN_YEAR = 1900
MAX_YEAR = 2100


class InvalidParameter(BadRequest):
    """A query parameter the portal cannot read; its message is shown on the 400 page."""


def validate_portal_date(value) -> None:
    """Form validator of every date and datetime field (added in core.apps)."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            gettext_lazy("Indiquez une date entre %(min)s et %(max)s."),
            code="date_out_of_range",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )


def month_param(request, name: str, *, default: datetime.date) -> datetime.date:
    """The first day of the month `YYYY-MM` given in `name`; absent: `default`."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        year, month = (int(part) for part in raw.split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        raise InvalidParameter(
            _("Le mois demandé n'est pas lisible : il s'écrit comme 2019-09.")
        ) from None
    if not MIN_YEAR <= first.year <= MAX_YEAR:
        raise InvalidParameter(
            _("Le calendrier va de %(min)s à %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return first
