import django_filters
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region
from territories.models import Region

from .enums import ReportKind, ReportStatus
from .models import Report

SORTS = {
    "recent": ("-requested_at", "-pk"),
    "ancien": ("requested_at", "pk"),
    "type": ("kind", "-requested_at"),
    "etat": ("status", "-requested_at"),
}


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=ReportKind.choices)
    status = django_filters.ChoiceFilter(label=_("État"), choices=ReportStatus.choices)
    region = django_filters.ModelChoiceFilter(
        label=_("Territoire"),
        queryset=lambda request: scoped_by_region(Region.objects.all(), request.user, "pk"),
    )
    tri = django_filters.ChoiceFilter(
        label=_("Tri"),
        choices=[
            ("recent", _("Plus récents")),
            ("ancien", _("Plus anciens")),
            ("type", _("Type")),
            ("etat", _("État")),
        ],
        method="sort",
        empty_label=None,
    )

    class Meta:
        model = Report
        fields = ["kind", "status", "region"]

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["recent"]))
