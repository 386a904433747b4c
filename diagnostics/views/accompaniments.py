import django_filters
from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import STAFF, access_rule

from ..enums import AccompanimentKind, AccompanimentStatus, DlaStage
from ..forms import AccompanimentDocumentForm, AccompanimentForm
from ..models import Accompaniment, AccompanimentDocument
from ..perms import can_edit_accompaniment
from .common import form_page, paginated_list, require


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


@access_rule(STAFF)
def accompaniment_list(request):
    accompaniments = (
        Accompaniment.objects.visible_to(request.user)
        .select_related("structure__commune", "operator")
        .annotate(participant_count=Count("participants", distinct=True))
    )
    filterset = AccompanimentFilter(request.GET or None, queryset=accompaniments)
    context = paginated_list(
        request,
        filterset.qs,
        sorts={"debut": "started_on", "structure": "structure__name", "type": "kind"},
        default="-debut",
    )
    return render(request, "diagnostics/accompaniment_list.html", {"filter": filterset, **context})


@access_rule(STAFF)
def accompaniment_create(request):
    initial = {}
    if request.GET.get("structure", "").isdigit():
        initial["structure"] = request.GET["structure"]
    form = AccompanimentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        accompaniment = form.save(commit=False)
        accompaniment.created_by = request.user
        accompaniment.save()
        form.save_m2m()
        messages.success(request, _("Accompagnement enregistré."))
        return redirect("diagnostics:accompaniment_detail", pk=accompaniment.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouvel accompagnement"),
        back_url=reverse("diagnostics:accompaniment_list"),
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
    accompaniment = _accompaniment(request, pk)
    require(can_edit_accompaniment(request.user, accompaniment))
    form = AccompanimentForm(request.POST or None, user=request.user, instance=accompaniment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Accompagnement enregistré."))
        return redirect("diagnostics:accompaniment_detail", pk=accompaniment.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier l'accompagnement"),
        back_url=reverse("diagnostics:accompaniment_detail", args=[accompaniment.pk]),
    )


@access_rule(STAFF)
def accompaniment_document_add(request, pk):
    accompaniment = _accompaniment(request, pk)
    require(can_edit_accompaniment(request.user, accompaniment))
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
    return FileResponse(document.file.open("rb"), as_attachment=True)
