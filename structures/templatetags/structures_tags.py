from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from structures import sections as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def structure_sections(context, page, structure):
    """The sections other apps registered for `page`, each rendered with its own context."""
    request = context["request"]
    return format_html_join(
        "",
        "{}",
        (
            (
                render_to_string(
                    section.template,
                    section.context(structure=structure, user=request.user),
                    request=request,
                ),
            )
            for section in registry.sections(page)
        ),
    )


@register.inclusion_tag("structures/_member_links.html")
def structure_member_links():
    return {"links": registry.member_links()}
