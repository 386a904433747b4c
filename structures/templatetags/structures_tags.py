from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


@register.simple_tag
def directory_rows(rows):
    """The directory's rows (`structures.views.staff._directory_content`), written in
    Python: fifty rows of seven cells through the template engine were a third of the time
    of a directory search the cache had not seen. Same markup as a template would write."""
    detail = reverse("structures:detail", args=[0])
    before, _zero, after = detail.rpartition("0")
    entered = gettext("saisis")
    missing = format_html('<span class="text-danger">{}</span>', gettext("manquants"))
    lines = []
    for row in rows:
        if row["convention_number"]:
            convention = format_html(
                '{} <span class="text-muted">({})</span>',
                row["convention_number"],
                row["convention_label"],
            )
        else:
            convention = "—"
        lines.append(
            format_html(
                '<tr>\n<th scope="row"><a href="{}{}{}">{}</a></th>\n<td>{}</td>\n<td>{}</td>\n'
                "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n</tr>",
                before,
                row["pk"],
                after,
                row["name"],
                row["kind"],
                row["commune_name"] or "",
                row["region_name"] or "",
                convention,
                entered if row["has_indicators"] else missing,
                row["adhesion_label"] or "—",
            )
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every part escaped by format_html
