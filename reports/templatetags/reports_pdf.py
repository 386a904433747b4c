"""Template helpers for the PDF reports: project static files through the restricted
fetcher, and French number typography (narrow no-break spaces, decimal comma)."""

from decimal import Decimal

from django import template

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
