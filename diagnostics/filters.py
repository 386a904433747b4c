import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.access import scoped_by_region
from territories.models import Region

from .enums import AccompanimentKind, AccompanimentStatus
from .models import Accompaniment, ActionItem, ActionPlan, Visit


def regions_in_scope(request):
    """The territories the user covers, for the region filters."""
    return scoped_by_region(Region.objects.all(), request.user, "pk")


class VisitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Structure"), method="filter_structure")
    year = django_filters.NumberFilter(
        label=gettext_lazy("Année"),
        field_name="planned_on",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )
    done = django_filters.BooleanFilter(
        label=gettext_lazy("Réalisée"), field_name="held_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Visit
        fields = ["q", "year", "done"]

    def filter_structure(self, queryset, name, value):
        return queryset.filter(
            Q(structure__name__icontains=value) | Q(structure__commune__name__icontains=value)
        )


class AccompanimentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Structure"), field_name="structure__name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"), choices=AccompanimentKind.choices
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"), choices=AccompanimentStatus.choices
    )

    class Meta:
        model = Accompaniment
        fields = ["q", "kind", "status"]


class ActionPlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Structure"), field_name="structure__name", lookup_expr="icontains"
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Territoire"),
        field_name="structure__departement__region",
        queryset=regions_in_scope,
    )

    class Meta:
        model = ActionPlan
        fields = ["q", "region"]


class OverdueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Structure"), field_name="plan__structure__name", lookup_expr="icontains"
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Territoire"),
        field_name="plan__structure__departement__region",
        queryset=regions_in_scope,
    )

    class Meta:
        model = ActionItem
        fields = ["q", "region"]
