import datetime

import django_filters
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from structures.enums import AdhesionStatus, PaymentStatus, StructureKind
from structures.models import Adhesion, AdhesionCampaign
from territories.models import Commune, Region

from .enums import InteractionKind
from .figures import partners_met_filter
from .models import (
    Interaction,
    InteractionFollowUp,
    Mission,
    Organisation,
    OrganisationKind,
)

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    kind = django_filters.ModelChoiceFilter(label=_("Type"), queryset=OrganisationKind.objects)
    region = django_filters.ModelChoiceFilter(label=_("Région"), queryset=Region.objects)
    met = django_filters.ChoiceFilter(label=_("Rencontré"), choices=YES_NO, method="filter_met")
    # The period of "met" (network/figures.py): the whole history when not given.
    met_since = django_filters.DateFilter(label=_("Rencontré depuis le"), method="keep")
    met_until = django_filters.DateFilter(label=_("Rencontré jusqu'au"), method="keep")
    ordering = django_filters.OrderingFilter(
        label=_("Tri"),
        fields=[("name", "name"), ("kind__name", "kind"), ("region__name", "region")],
        field_labels={"name": _("Nom"), "kind__name": _("Type"), "region__name": _("Région")},
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region", "met", "met_since", "met_until"]

    @property
    def qs(self):
        """Every row says whether the partner was met in the period (column "Rencontré")."""
        if not hasattr(self, "_qs"):
            data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
            start = data.get("met_since") or datetime.date(1900, 1, 1)
            end = data.get("met_until") or datetime.date(2100, 12, 31)
            self.queryset = self.queryset.annotate(
                met=ExpressionWrapper(partners_met_filter(start, end), output_field=BooleanField())
            )
        return super().qs

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(contacts__last_name__icontains=value, contacts__erased_at__isnull=True)
        ).distinct()

    def filter_met(self, queryset, name, value):
        return queryset.filter(met=value == "yes")


class MissionFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Territoire"), queryset=Region.objects)
    ordering = django_filters.OrderingFilter(
        label=_("Tri"),
        fields=[("starts_on", "starts_on"), ("title", "title")],
        field_labels={"starts_on": _("Date"), "title": _("Intitulé")},
    )

    class Meta:
        model = Mission
        fields = ["region"]


class InteractionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    region = django_filters.ModelChoiceFilter(label=_("Territoire"), queryset=Region.objects)
    mission = django_filters.ModelChoiceFilter(label=_("Mission"), queryset=Mission.objects)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=InteractionKind.choices)
    organisation = django_filters.NumberFilter(
        label=_("Partenaire"), field_name="organisations", distinct=True
    )
    after = django_filters.DateFilter(
        label=_("Depuis le"), field_name="occurred_on", lookup_expr="gte"
    )
    before = django_filters.DateFilter(
        label=_("Jusqu'au"), field_name="occurred_on", lookup_expr="lte"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Tri"),
        fields=[("occurred_on", "date"), ("title", "title")],
        field_labels={"occurred_on": _("Date"), "title": _("Intitulé")},
    )

    class Meta:
        model = Interaction
        fields = ["q", "region", "mission", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(topics__icontains=value)
            | Q(decisions__icontains=value)
            | Q(place__icontains=value)
        )


class InteractionFollowUpFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Territoire"), field_name="interaction__region", queryset=Region.objects
    )
    done = django_filters.ChoiceFilter(label=_("Faite"), choices=YES_NO, method="filter_done")
    mine = django_filters.BooleanFilter(label=_("Les miennes"), method="filter_mine")

    class Meta:
        model = InteractionFollowUp
        fields = ["region", "done"]

    def filter_done(self, queryset, name, value):
        return queryset.filter(done_at__isnull=value != "yes")

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset


class TieBreakOrderingFilter(django_filters.OrderingFilter):
    """The sort chosen, then `then` for the rows it leaves equal (every adhesion of a status,
    say): without it, the database may give such rows in another order on each page, and a
    row shows on two pages while another shows on none."""

    def __init__(self, *args, then: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.then = then

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value in EMPTY_VALUES:
            return qs
        chosen = [str(field).lstrip("-") for field in qs.query.order_by]
        return qs.order_by(
            *qs.query.order_by, *(field for field in self.then if field not in chosen)
        )


class AdhesionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Structure"), field_name="structure__name", lookup_expr="icontains"
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campagne"), queryset=AdhesionCampaign.objects
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"), field_name="structure__departement__region", queryset=Region.objects
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="structure__commune",
        queryset=Commune.objects.none(),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type de structure"), field_name="structure__kind", choices=StructureKind.choices
    )
    # A column of the adhesion itself: no row can come twice, no DISTINCT to sort them all.
    status = django_filters.MultipleChoiceFilter(
        label=_("Statut"), choices=AdhesionStatus.choices, distinct=False
    )
    payment_status = django_filters.ChoiceFilter(label=_("Paiement"), choices=PaymentStatus.choices)
    ordering = TieBreakOrderingFilter(
        label=_("Tri"),
        then=("structure__name", "pk"),
        fields=[
            ("structure__name", "structure"),
            ("status", "status"),
            ("payment_status", "payment"),
            ("dues_amount", "dues"),
        ],
        field_labels={
            "structure__name": _("Structure"),
            "status": _("Statut"),
            "payment_status": _("Paiement"),
            "dues_amount": _("Cotisation"),
        },
    )

    class Meta:
        model = Adhesion
        fields = ["q", "campaign", "region", "commune", "kind", "status", "payment_status"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communes is not None:
            self.filters["commune"].queryset = communes
