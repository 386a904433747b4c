from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.french import date_text
from structures.enums import AdhesionStatus, PaymentStatus

register = template.Library()


@register.simple_tag
def adhesion_rows(rows):
    """The rows of the adhesion list (plain values, `network.views.adhesions.LIST_COLUMNS`),
    written in Python: fifty rows through the template engine cost more than reading them.
    Same markup as the template wrote: the labels of the statuses, the amount and the year
    localised as `{{ }}` does, the payment day as `|day:"short"`."""
    edit = reverse("network:adhesion_edit", args=[0])
    before, _zero, after = edit.rpartition("0")
    statuses = {value: str(label) for value, label in AdhesionStatus.choices}
    payments = {value: str(label) for value, label in PaymentStatus.choices}
    lines = []
    for row in rows:
        payment = payments.get(row["payment_status"], row["payment_status"])
        if row["paid_on"]:
            payment = format_html("{} ({})", payment, date_text(row["paid_on"], "short"))
        lines.append(
            format_html(
                '<tr>\n<th scope="row"><a href="{}{}{}">{}</a> <span class="small">{}</span></th>\n'
                "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n"
                '<td class="text-end">{} €</td>\n<td>{}</td>\n</tr>',
                before,
                row["pk"],
                after,
                row["structure_name"],
                row["structure_kind"],
                row["commune_name"],
                localize(row["campaign_year"]),
                statuses.get(row["status"], row["status"]),
                localize(row["dues_amount"]),
                payment,
            )
        )
    return mark_safe("\n".join(lines))  # noqa: S308 - every part escaped by format_html
