from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule, deny_unless
from core.downloads import private_file
from structures.models import Structure

from .. import services
from ..enums import AccompanimentKind, AccompanimentStatus, DlaStage
from ..filters import AccompanimentFilter
from ..forms import (
    AccompanimentDocumentForm,
    AccompanimentForm,
    ParticipantForm,
    StructureSearchForm,
)
from ..models import Accompaniment, AccompanimentDocument
from ..perms import can_edit_accompaniment
from .common import (
    STAFF_OF_TERRITORY,
    form_page,
    paginated_list,
    structure_chooser,
    structure_from_query,
)


@access_rule(STAFF)
def accompaniment_list(request):
    filterset = AccompanimentFilter(
        request.GET or None, queryset=Accompaniment.objects.visible_to(request.user)
    )
    # Counted for each row of the page by its own key, not by joining every participant.
    participants = Accompaniment.participants.through.objects.filter(accompaniment=OuterRef("pk"))
    context = paginated_list(
        request,
        filterset.qs,
        name="accompaniments",
        sorts={"debut": "started_on", "structure": "structure__name", "type": "kind"},
        default="-debut",
        rows=lambda accompaniments: accompaniments.select_related("structure").annotate(
            participant_count=Coalesce(
                Subquery(
                    participants.order_by()
                    .values("accompaniment")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        ),
    )
    labels = {
        "kinds": dict(AccompanimentKind.choices),
        "stages": dict(DlaStage.choices),
        "statuses": dict(AccompanimentStatus.choices),
    }
    return render(
        request,
        "diagnostics/accompaniment_list.html",
        {"filter": filterset, **labels, **context},
    )


@access_rule(STAFF)
def accompaniment_create(request):
    """Choose the structure (search, or ?structure=<pk> from its page), then the rest."""
    title = _("Nouvel accompagnement")
    structure = structure_from_query(request)
    if structure is None:
        return structure_chooser(
            request, title=title, back_url=reverse("diagnostics:accompaniment_list")
        )
    form = AccompanimentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        accompaniment = form.save(commit=False)
        accompaniment.structure = structure
        accompaniment.created_by = request.user
        accompaniment.save()
        form.save_m2m()
        messages.success(request, _("Accompagnement enregistré."))
        return redirect("diagnostics:accompaniment_detail", pk=accompaniment.pk)
    return form_page(
        request,
        form=form,
        title=title,
        back_url=reverse("diagnostics:accompaniment_list"),
        structure=structure,
        change_url=reverse("diagnostics:accompaniment_create"),
    )


def _accompaniment(request, pk):
    return get_object_or_404(
        Accompaniment.objects.visible_to(request.user).select_related(
            "structure__commune", "operator"
        ),
        pk=pk,
    )


@access_rule(STAFF)
def accompaniment_detail(request, pk):
    accompaniment = _accompaniment(request, pk)
    return render(
        request,
        "diagnostics/accompaniment_detail.html",
        {
            "accompaniment": accompaniment,
            "participants": accompaniment.participants.select_related("commune"),
            "documents": accompaniment.documents.all(),
            "stages": dla_stages(accompaniment),
            "can_edit": can_edit_accompaniment(request.user, accompaniment),
        },
    )


def dla_stages(accompaniment):
    """The DLA path with the stages passed and the current one marked, for the detail page."""
    if accompaniment.kind != AccompanimentKind.DLA or not accompaniment.stage:
        return []
    current = DlaStage.values.index(accompaniment.stage)
    return [
        (label, index < current, index == current)
        for index, (_value, label) in enumerate(DlaStage.choices)
    ]


@access_rule(STAFF)
def accompaniment_edit(request, pk):
    """?changer: search another structure to accompany; ?structure=<pk>: the one chosen."""
    accompaniment = _accompaniment(request, pk)
    deny_unless(can_edit_accompaniment(request.user, accompaniment), reason=STAFF_OF_TERRITORY)
    url = reverse("diagnostics:accompaniment_edit", args=[accompaniment.pk])
    back_url = reverse("diagnostics:accompaniment_detail", args=[accompaniment.pk])
    if "changer" in request.GET:
        return structure_chooser(
            request,
            title=_("Changer la structure accompagnée"),
            back_url=url,
            keep={"changer": "1"},
        )
    structure = structure_from_query(request) or accompaniment.structure
    form = AccompanimentForm(request.POST or None, user=request.user, instance=accompaniment)
    if request.method == "POST" and form.is_valid():
        accompaniment = form.save(commit=False)
        accompaniment.structure = structure
        accompaniment.save()
        accompaniment.participants.remove(structure)
        messages.success(request, _("Accompagnement enregistré."))
        return redirect("diagnostics:accompaniment_detail", pk=accompaniment.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier l'accompagnement"),
        back_url=back_url,
        structure=structure,
        change_url=f"{url}?changer=1",
    )


@access_rule(STAFF)
def accompaniment_participants(request, pk):
    """The structures taking part in a collective action: search and add one, or remove
    one (each a small POST form, so it works without JavaScript)."""
    accompaniment = _accompaniment(request, pk)
    deny_unless(can_edit_accompaniment(request.user, accompaniment), reason=STAFF_OF_TERRITORY)
    visible = Structure.objects.visible_to(request.user)
    if request.method == "POST":
        form = ParticipantForm(request.POST, structures=visible)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            structure = form.cleaned_data["structure"]
            if form.cleaned_data["action"] == ParticipantForm.ADD:
                write, done = (
                    services.accompaniment_participant_add,
                    _("%(structure)s participe à l'action."),
                )
            else:
                write, done = (
                    services.accompaniment_participant_remove,
                    _("%(structure)s ne participe plus à l'action."),
                )
            try:
                write(accompaniment=accompaniment, structure=structure, by=request.user)
            except services.DiagnosticsError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, done % {"structure": structure.name})
        query = request.POST.get("q", "")[:100]
        url = reverse("diagnostics:accompaniment_participants", args=[accompaniment.pk])
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    search_form = StructureSearchForm(request.GET)
    joined = Accompaniment.participants.through.objects.filter(
        accompaniment=accompaniment, structure=OuterRef("pk")
    )
    structures, more = search_form.matches(
        visible.exclude(pk=accompaniment.structure_id).annotate(taking_part=Exists(joined))
    )
    participants = accompaniment.participants.select_related("commune").annotate(
        removable=Exists(visible.filter(pk=OuterRef("pk")))
    )
    return render(
        request,
        "diagnostics/accompaniment_participants.html",
        {
            "accompaniment": accompaniment,
            "participants": participants.order_by("name", "pk"),
            "search_form": search_form,
            "structures": structures,
            "more": more,
            "limit": StructureSearchForm.LIMIT,
        },
    )


@access_rule(STAFF)
def accompaniment_document_add(request, pk):
    accompaniment = _accompaniment(request, pk)
    deny_unless(can_edit_accompaniment(request.user, accompaniment), reason=STAFF_OF_TERRITORY)
    form = AccompanimentDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.accompaniment, document.uploaded_by = accompaniment, request.user
        document.save()
        messages.success(request, _("Document ajouté."))
        return redirect("diagnostics:accompaniment_detail", pk=accompaniment.pk)
    return form_page(
        request,
        form=form,
        title=_("Ajouter un document"),
        back_url=reverse("diagnostics:accompaniment_detail", args=[accompaniment.pk]),
        files=True,
    )


@access_rule(STAFF)
def accompaniment_document_download(request, pk):
    document = get_object_or_404(
        AccompanimentDocument.objects.filter(
            accompaniment__in=Accompaniment.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return private_file(document.file)
