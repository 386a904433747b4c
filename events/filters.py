import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import STAFF, scoped_by_region
from territories.models import Region
from territories.search import communes_matching

from .enums import EventStatus
from .models import Event, EventKind

SORTS = {
    "date": ("starts_at", "pk"),
    "-date": ("-starts_at", "-pk"),
    "titre": ("title", "pk"),
}


def _regions(request):
    if request is None:
        return Region.objects.none()
    user = request.user
    if STAFF.allows(user):
        return scoped_by_region(Region.objects.all(), user, "pk")
    return Region.objects.filter(pk__in=Event.objects.visible_to(user).values("region"))


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    kind = django_filters.ModelChoiceFilter(label=_("Type"), queryset=EventKind.objects.all())
    region = django_filters.ModelChoiceFilter(label=_("Territoire"), queryset=_regions)
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=EventStatus.choices)
    period = django_filters.ChoiceFilter(
        label=_("Période"),
        choices=[("upcoming", _("À venir")), ("past", _("Passés"))],
        method="by_period",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Tri"),
        choices=[
            ("date", _("Date")),
            ("-date", _("Date (récents d'abord)")),
            ("titre", _("Titre")),
        ],
        method="sort_by",
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "region", "status", "period"]

    def search(self, queryset, name, value):
        # The place through the commune search: "st laurent" or 97320 finds the meetings
        # held in Saint-Laurent-du-Maroni.
        return queryset.filter(Q(title__icontains=value) | Q(commune__in=communes_matching(value)))

    def by_period(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now)
        return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["date"]))
