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


@register.inclusion_tag("core/_nav_link.html", takes_context=True)
def nav_link(context, view_name: str, label: str):
    """One link of the navigation, marked `aria-current="page"` on its own page so screen
    readers announce where the user is (and the style shows it)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {
        "view_name": view_name,
        "label": label,
        "current": bool(match and match.view_name == view_name),
    }
