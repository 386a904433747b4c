import importlib

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def nav_link(context, view_name: str, label: str):
    """One link of the navigation, marked `aria-current="page"` on its own page so screen
    readers announce where the user is (and the style shows it).

    Written in Python rather than through a template: every page has a dozen or more of
    these links, and a template render for each was a third of a cached page's time."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = bool(match and match.view_name == view_name)
    return format_html(
        '<li class="nav-item"><a class="nav-link" href="{}"{}>{}</a></li>',
        reverse(view_name),
        mark_safe(' aria-current="page"') if current else "",  # noqa: S308 - a constant
        label,
    )


@register.simple_tag(takes_context=True)
def can(context, predicate: str, *objects) -> bool:
    """`{% can 'events.can_register' event as allowed %}`: the predicate `can_register` of
    `events/perms.py` for the page's user, so templates and views ask the same question."""
    app, _dot, name = predicate.partition(".")
    if not name.startswith("can_"):
        raise template.TemplateSyntaxError(f"{predicate!r} is not a permission predicate")
    function = getattr(importlib.import_module(f"{app}.perms"), name)
    return bool(function(context["user"], *objects))
