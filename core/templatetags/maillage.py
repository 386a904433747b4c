from django import template

from core import access

register = template.Library()


@register.filter
def may(user, rule_name: str) -> bool:
    """`{% if user|may:"STAFF" %}`: the same rules as the views, for templates."""
    rule = getattr(access, rule_name.upper(), None)
    return isinstance(rule, access.Rule) and rule.allows(user)


@register.filter
def percent(value, digits: int = 1):
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}".replace(".", ",") + "\u202f%"
