"""The staff directory: filters, search and sorting on structures, in constant queries."""

import django_filters
from django import forms
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import scoped_by_region
from territories.models import Region
from territories.search import communes_matching

from .enums import AdhesionStatus, ConventionStatus, StructureKind
from .figures import CONVENTION_IN_FORCE, last_complete_year, membership_campaigns
from .models import Adhesion, AdhesionCampaign, Convention, Structure, YearlyIndicators

NONE = "none"


NOT_MEMBER = "not_member"
IN_FORCE = "in_force"


def default_reference_year() -> int:
    """The last complete year (one rule for the directory, exports and figures), never
    the largest year found in the data: one stray future year must not move everybody's."""
    return last_complete_year()


def latest_campaign_id() -> int | None:
    return AdhesionCampaign.objects.order_by("-year").values_list("pk", flat=True).first()


def latest_campaign() -> Subquery:
    """The latest campaign's id inside the directory's query (one round trip fewer)."""
    return Subquery(AdhesionCampaign.objects.order_by("-year").values("pk")[:1])


def campaign_id_for(*, year: int, campaign_year: int | None, subquery: bool = False):
    """The campaign a directory's membership column reads: the one asked for, else the one
    the figures use for the reference year (structures.figures.membership_campaign).
    `subquery=True`: as an expression read inside the directory's own query (one round
    trip fewer for a page)."""
    if campaign_year:
        campaigns = AdhesionCampaign.objects.filter(year=campaign_year)
    else:
        campaigns = membership_campaigns(year, timezone.localdate())
    if subquery:
        return Subquery(campaigns.values("pk")[:1])
    return campaigns.values_list("pk", flat=True).first()


def annotate_directory(queryset, *, year: int, campaign_id: int | None, every_row: bool = False):
    """Convention status and indicators of `year`, adhesion of the latest campaign.

    For a page of the directory, a subquery per structure: the database runs them after
    sorting, for the page's rows only. For every row (exports), left joins on unique pairs
    (one convention and one set of indicators a year, one adhesion a campaign): the
    database reads each table once instead of running three subqueries per structure."""
    queryset = queryset.select_related("commune", "departement__region")
    if not every_row:
        conventions = Convention.objects.filter(structure=OuterRef("pk"), year=year).order_by()
        return queryset.annotate(
            convention_status=Subquery(conventions.values("status")[:1]),
            convention_number=Subquery(conventions.values("number")[:1]),
            has_indicators=Exists(
                YearlyIndicators.objects.filter(structure=OuterRef("pk"), year=year)
            ),
            adhesion_status=Subquery(
                Adhesion.objects.filter(structure=OuterRef("pk"), campaign_id=campaign_id)
                .order_by()
                .values("status")[:1]
            ),
        )
    return queryset.annotate(
        year_convention=FilteredRelation("conventions", condition=Q(conventions__year=year)),
        year_indicators=FilteredRelation("indicators", condition=Q(indicators__year=year)),
        campaign_adhesion=FilteredRelation(
            "adhesions",
            condition=Q(adhesions__campaign_id=campaign_id),
        ),
    ).annotate(
        convention_status=F("year_convention__status"),
        convention_number=F("year_convention__number"),
        has_indicators=ExpressionWrapper(
            Q(year_indicators__id__isnull=False), output_field=BooleanField()
        ),
        adhesion_status=F("campaign_adhesion__status"),
    )


def _regions(request):
    if request is None:
        return Region.objects.none()
    return scoped_by_region(Region.objects.all(), request.user, "pk")


class _ListedChoices(django_filters.fields.ModelChoiceIterator):
    """The choices read with one plain query: Django's own iterator reads them through a
    server-side cursor, three round trips (declare, fetch, close) for a list of a few
    territories."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ListedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _ListedChoices


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among a few rows (the territories), read in one query."""

    field_class = _ListedChoiceField


CHOICE_WIDGETS = ("select", "csvselect", "checkboxselectmultiple")


def filter_fields(form, *, only=None, skip=()) -> list[dict]:
    """The filter form's fields (those named in `only`, else all but `skip`) as plain
    values for `_directory_filters.html`: each option read once from the field's choices,
    instead of Django building a widget and its context per option (half the time of a
    directory page nobody asked for before)."""
    fields = []
    for bound in form.visible_fields():
        if (only is not None and bound.name not in only) or bound.name in skip:
            continue
        kind = bound.widget_type
        value = bound.value()
        field = {
            "id": bound.auto_id,
            "kind": kind,
            "name": bound.html_name,
            "label": bound.label,
            "errors": bound.errors,
            "help_text": bound.help_text,
            "value": value,
        }
        if kind in CHOICE_WIDGETS:
            widget = bound.field.widget
            chosen = set(widget.format_value(value))
            options, any_selected = [], False
            for index, (option_value, label) in enumerate(bound.field.choices):
                option_value = "" if option_value is None else str(option_value)
                # As Django's widgets: a single choice selects its first match only.
                selected = option_value in chosen and (
                    widget.allow_multiple_selected or not any_selected
                )
                any_selected |= selected
                options.append(
                    {
                        "id": f"{bound.auto_id}_{index}",
                        "value": option_value,
                        "label": label,
                        "selected": selected,
                    }
                )
            field["options"] = options
        fields.append(field)
    return fields


class StructureFilter(django_filters.FilterSet):
    every_row = False  # True for exports (see `annotate_directory`)

    q = django_filters.CharFilter(
        label=_("Recherche"),
        method="filter_search",
        help_text=_("Nom (accents et majuscules ignorés) ou début du SIRET."),
    )
    region = ListedChoiceFilter(
        label=_("Territoire"),
        field_name="departement__region",
        queryset=_regions,
        empty_label=_("Tous"),
    )
    commune = django_filters.CharFilter(
        label=_("Commune"),
        method="filter_commune",
        help_text=_("Nom, code postal ou code INSEE (« St Laurent », 97320, 97311)."),
    )
    # Exact INSEE code: what a figure by commune links to (a typed commune may also match
    # a postcode, and Apatou's INSEE code is Mana's postcode).
    commune_code = django_filters.CharFilter(
        label=_("Code INSEE de la commune"),
        field_name="commune__insee_code",
        widget=forms.HiddenInput,
    )
    # A structure's own column: no join, so no duplicate row and no DISTINCT (which would
    # sort every matching row on all its columns before the page is cut).
    kind = django_filters.MultipleChoiceFilter(
        label=_("Type"),
        choices=StructureKind.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    year = django_filters.NumberFilter(
        label=_("Année de référence"),
        method="filter_noop",
        help_text=_(
            "Pour la convention et les indicateurs (par défaut : la dernière année complète)."
        ),
    )
    campaign = django_filters.NumberFilter(
        label=_("Campagne d'adhésion"),
        method="filter_noop",
        help_text=_("Année de la campagne (par défaut : celle de l'année de référence)."),
    )
    adhesion = django_filters.ChoiceFilter(
        label=_("Adhésion"),
        choices=[
            *AdhesionStatus.choices,
            (NONE, _("Aucune")),
            (NOT_MEMBER, _("Non adhérente (tout statut sauf adhérente, ou aucune)")),
        ],
        method="filter_adhesion",
        empty_label=_("Toutes"),
    )
    convention = django_filters.ChoiceFilter(
        label=_("Convention de l'année"),
        choices=[
            *ConventionStatus.choices,
            (IN_FORCE, _("En vigueur (signée ou terminée)")),
            (NONE, _("Aucune")),
        ],
        method="filter_convention",
        empty_label=_("Toutes"),
    )
    indicators = django_filters.ChoiceFilter(
        label=_("Indicateurs de l'année"),
        choices=[("declared", _("Déclarés")), ("missing", _("Non déclarés"))],
        method="filter_indicators",
        empty_label=_("Tous"),
    )
    indicators_missing = django_filters.BooleanFilter(
        label=_("Indicateurs de l'année manquants"),
        method="filter_indicators_missing",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(
            ("name", "name"),
            ("kind", "kind"),
            ("commune__name", "commune"),
            ("departement__code", "departement"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "name": _("Nom"),
            "kind": _("Type"),
            "commune__name": _("Commune"),
            "departement__code": _("Département"),
            "updated_at": _("Dernière modification"),
        },
    )

    class Meta:
        model = Structure
        fields: list[str] = []

    @classmethod
    def _form_class(cls):
        """The form class, built once per filter set: django-filter builds a new class (and
        a field per filter) for each request. The territories' choices depend on the
        user: they are set on each form (`form`)."""
        if "_built_form_class" not in cls.__dict__:
            cls._built_form_class = cls(request=None).get_form_class()
        return cls._built_form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form_class = self._form_class()
            data = self.data if self.is_bound else None
            self._form = form_class(data, prefix=self.form_prefix)
            self._form.fields["region"].queryset = _regions(self.request)
        return self._form

    def filter_queryset(self, queryset):
        self.year = self.form.cleaned_data.get("year") or default_reference_year()
        self.year = int(self.year)
        self.campaign_id = campaign_id_for(
            year=self.year,
            campaign_year=self.form.cleaned_data.get("campaign"),
            subquery=not self.every_row,
        )
        queryset = annotate_directory(
            queryset, year=self.year, campaign_id=self.campaign_id, every_row=self.every_row
        )
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("name", "pk")
        return queryset

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_commune(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(commune__in=communes_matching(value))

    def filter_adhesion(self, queryset, name, value):
        if value == NOT_MEMBER:
            # Without a membership in the campaign is "not a member" too (NULL never
            # compares unequal in SQL: say it explicitly).
            return queryset.filter(
                Q(adhesion_status__isnull=True) | ~Q(adhesion_status=AdhesionStatus.MEMBER)
            )
        if value == NONE:
            return queryset.filter(adhesion_status__isnull=True)
        return queryset.filter(adhesion_status=value)

    def filter_convention(self, queryset, name, value):
        if value == IN_FORCE:
            return queryset.filter(convention_status__in=CONVENTION_IN_FORCE)
        if value == NONE:
            return queryset.filter(convention_status__isnull=True)
        return queryset.filter(convention_status=value)

    def filter_indicators(self, queryset, name, value):
        if value == "declared":
            return queryset.filter(has_indicators=True)
        if value == "missing":
            return queryset.filter(has_indicators=False)
        return queryset

    def filter_indicators_missing(self, queryset, name, value):
        if value:
            return queryset.filter(has_indicators=False)
        return queryset
