"""Template helpers for the PDF reports: project static files through the restricted
fetcher, and French number typography (narrow no-break spaces, decimal comma)."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext_lazy as _

from ..rendering import STATIC_SCHEME

register = template.Library()

NNBSP = "\u202f"


@register.simple_tag
def pdf_static(path: str) -> str:
    return STATIC_SCHEME + path


@register.filter
def nombre(value, digits: int = 0):
    """1234567.5 → « 1 234 567,5 » (French: narrow no-break space, decimal comma)."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return value
    text = f"{number:,.{int(digits)}f}"
    return text.replace(",", NNBSP).replace(".", ",")


@register.filter
def pourcent(value, digits: int = 1):
    if value is None:
        return "—"
    return nombre(Decimal(str(value)) * 100, digits) + NNBSP + "%"


@register.filter
def fr_punct(text):
    """Narrow no-break space before « ; : ! ? » and inside « guillemets », as French
    typography wants (the text stays escaped by the template engine)."""
    if not text:
        return text
    text = str(text)
    for mark in (";", "!", "?"):
        text = text.replace(f" {mark}", f"{NNBSP}{mark}")
    text = text.replace(" :", "\u00a0:")
    return text.replace("« ", f"«{NNBSP}").replace(" »", f"{NNBSP}»")


@register.filter
def chiffre(value, digits: int = 0):
    """A figure of structures.figures: None (nothing declared) reads « non déclaré »,
    never 0; decimals stored as text are printed in French typography."""
    if value is None or value == "":
        return _("non déclaré")
    return nombre(value, digits)


@register.filter
def taux(value):
    """A rate of structures.figures, already a percentage rounded once ("33.3"): printed
    as stored, « — » when there is nothing to divide by."""
    if value is None or value == "":
        return "—"
    return nombre(value, 1) + NNBSP + "%"


MONTHS = [
    _("janvier"),
    _("février"),
    _("mars"),
    _("avril"),
    _("mai"),
    _("juin"),
    _("juillet"),
    _("août"),
    _("septembre"),
    _("octobre"),
    _("novembre"),
    _("décembre"),
]


@register.filter
def date_fr(value):
    """A date as French writes it: « 1er décembre 2026 », « 15 février 2019 »."""
    import datetime

    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"
