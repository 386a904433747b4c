"""Staff pages: the directory of structures, a structure's page, conventions, exports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule, deny_unless

from .. import directory_cache, exports, perms, services
from ..enums import AdhesionStatus, ConventionStatus
from ..filters import StructureFilter, filter_fields
from ..forms import ConventionForm, StructureStaffForm
from ..history import structure_history
from ..models import Adhesion, Convention, Structure, YearlyIndicators
from .common import indicator_rows, structure_for, targets

PAGE_SIZE = 50
# The directory's free-text filters: rendered for each request, the other filters cached.
TEXT_FIELDS = ("q",)
# What a row of the directory shows, read as plain values (no model instance per row): the
# structure's own fields, the annotations of `filters.annotate_directory`, and two names.
DIRECTORY_COLUMNS = (
    "pk",
    "name",
    "kind",
    "convention_number",
    "convention_status",
    "has_indicators",
    "adhesion_status",
)
DIRECTORY_NAMES = {
    "commune_name": F("commune__name"),
    "region_name": F("departement__region__name"),
}


def _filtered(request, *, every_row: bool = False) -> StructureFilter:
    filterset = StructureFilter(
        request.GET, queryset=Structure.objects.visible_to(request.user), request=request
    )
    filterset.every_row = every_row
    return filterset


@transaction.non_atomic_requests
@access_rule(STAFF)
def directory(request):
    """Filters, rows and pagination come from the cache when nothing they show has changed
    (see `directory_cache`); the page around them is rendered for each request.

    It only reads, and each of its reads stands alone: no transaction around the request,
    which spares the database two round trips on the staff's most visited page."""
    content = directory_cache.cached_content(request, lambda: _directory_content(request))
    return render(
        request,
        "structures/directory.html",
        {"content": content, "can_import": perms.can_import(request.user)},
    )


def _directory_content(request) -> str:
    filterset = _filtered(request)
    rows = filterset.qs.values(*DIRECTORY_COLUMNS, **DIRECTORY_NAMES)
    paginator = Paginator(rows, PAGE_SIZE)
    # Counted on the structures alone: the names of the rows' communes and regions need no
    # join to be counted.
    paginator.count = filterset.qs.order_by().count()
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    conventions, adhesions = dict(ConventionStatus.choices), dict(AdhesionStatus.choices)
    for row in page.object_list:
        row["convention_label"] = conventions.get(row["convention_status"], "")
        row["adhesion_label"] = adhesions.get(row["adhesion_status"], "")
    params = request.GET.copy()
    params.pop("page", None)
    return render_to_string(
        "structures/_directory_content.html",
        {
            "filters": _filters(request, filterset.form),
            "page": page,
            "year": filterset.year,
            "query_string": params.urlencode(),
        },
    )


def _filters(request, form) -> str:
    """The filter panel: the search text rendered for each request, the other fields from
    the cache under their own values (`directory_cache.cached_facets`): they take a few
    values each, so the same few panels serve every text searched."""
    text = render_to_string(
        "structures/_directory_filters.html",
        {"form": form, "fields": filter_fields(form, only=TEXT_FIELDS), "form_errors": True},
    )
    facets = directory_cache.cached_facets(
        request,
        lambda: render_to_string(
            "structures/_directory_filters.html",
            {"form": form, "fields": filter_fields(form, skip=TEXT_FIELDS)},
        ),
        skip=(*TEXT_FIELDS, "page"),
    )
    return text + facets


@access_rule(STAFF)
def directory_export(request):
    filterset = _filtered(request, every_row=True)
    return exports.export_response(
        exports.directory_export(filterset.qs, year=filterset.year),
        fmt=request.GET.get("format", "csv"),
        filename="structures",
    )


@access_rule(STAFF)
def indicators_export(request):
    """Indicators of every year for the structures of the filtered directory."""
    filterset = _filtered(request)
    indicators = YearlyIndicators.objects.filter(structure__in=filterset.qs.values("pk")).order_by(
        "structure__name", "structure_id", "year"
    )
    return exports.export_response(
        exports.indicators_export(indicators),
        fmt=request.GET.get("format", "csv"),
        filename="indicateurs",
    )


@access_rule(STAFF)
def detail(request, pk):
    structure = structure_for(request, pk)
    conventions = list(structure.conventions.order_by("-year"))
    return render(
        request,
        "structures/detail.html",
        {
            "structure": structure,
            "rows": indicator_rows(structure, conventions=conventions),
            "targets": targets(),
            "conventions": conventions,
            "team": structure.memberships.select_related("user").order_by("user__last_name"),
            "adhesions": Adhesion.objects.filter(structure=structure)
            .select_related("campaign")
            .order_by("-campaign__year"),
            "documents": structure.documents.select_related("uploaded_by"),
            "history": structure_history(structure),
            "can_edit_conventions": perms.can_edit_conventions(request.user, structure),
        },
    )


@access_rule(STAFF)
def structure_create(request):
    form = StructureStaffForm(request.POST or None, instance=Structure(), user=request.user)
    if request.method == "POST" and form.is_valid():
        structure = form.save()
        messages.success(request, _("Structure créée."))
        return redirect("structures:detail", pk=structure.pk)
    return render(request, "structures/structure_create.html", {"form": form})


@access_rule(STAFF)
def convention_edit(request, pk):
    """Record the annexe financière of a year; entering a year again updates it."""
    structure = structure_for(request, pk)
    deny_unless(
        perms.can_edit_conventions(request.user, structure),
        reason=_("Seule l'équipe du réseau enregistre les conventions."),
    )
    year = request.GET.get("year")
    instance = None
    if year and year.isdigit():
        instance = Convention.objects.filter(structure=structure, year=int(year)).first()
    form = ConventionForm(request.POST or None, instance=instance, structure=structure)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            _convention, created = services.convention_save(
                structure=structure, year=data.pop("year"), values=data, by=request.user
            )
        except services.StructureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Convention enregistrée.") if created else _("Convention mise à jour."),
            )
            return redirect("structures:detail", pk=structure.pk)
    return render(
        request, "structures/convention_form.html", {"structure": structure, "form": form}
    )


@access_rule(STAFF)
def indicators_lock(request, pk, year):
    """GET: confirmation page; POST: lock (or unlock) the year after the dialogue de gestion."""
    structure = structure_for(request, pk)
    indicators = get_object_or_404(YearlyIndicators, structure=structure, year=year)
    indicators.structure = structure
    deny_unless(
        perms.can_lock_indicators(request.user, indicators),
        reason=_("Seule l'équipe du réseau peut verrouiller une année."),
    )
    if request.method == "POST":
        try:
            services.indicators_lock(
                indicators=indicators, by=request.user, locked=not indicators.is_locked
            )
        except services.StructureError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Année %(year)s verrouillée.") % {"year": year}
                if indicators.is_locked
                else _("Année %(year)s déverrouillée.") % {"year": year},
            )
        return redirect("structures:detail", pk=structure.pk)
    return render(
        request,
        "structures/indicators_lock.html",
        {"structure": structure, "indicators": indicators},
    )
