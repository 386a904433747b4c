from django.contrib import messages
from django.db.models import Case, Q, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import STAFF, access_rule, deny_unless
from core.downloads import private_file
from core.french import date_text

from .. import services
from ..aggregates import axis_scores
from ..enums import AssessmentKind, AssessmentStatus
from ..filters import VisitFilter
from ..forms import VisitAttachmentForm, VisitForm
from ..models import Answer, Criterion, Visit, VisitAttachment
from ..perms import can_edit_visit
from .assessments import scores_chart
from .common import (
    STAFF_OF_TERRITORY,
    form_page,
    paginated_list,
    structure_chooser,
    structure_from_query,
)


@access_rule(STAFF)
def visit_list(request):
    filterset = VisitFilter(request.GET or None, queryset=Visit.objects.visible_to(request.user))
    context = paginated_list(
        request,
        filterset.qs,
        name="visits",
        sorts={"date": "planned_on", "structure": "structure__name"},
        default="-date",
        rows=lambda visits: visits.select_related("structure__commune", "assessment"),
    )
    return render(
        request,
        "diagnostics/visit_list.html",
        {"filter": filterset, "statuses": dict(AssessmentStatus.choices), **context},
    )


@access_rule(STAFF)
def visit_create(request):
    """Choose the structure (search, or ?structure=<pk> from its page), then the visit."""
    title = _("Nouvelle visite de diagnostic")
    structure = structure_from_query(request)
    if structure is None:
        return structure_chooser(request, title=title, back_url=reverse("diagnostics:visit_list"))
    form = VisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        visit = form.save(commit=False)
        visit.structure = structure
        visit.created_by = request.user
        visit.save()
        form.save_m2m()
        messages.success(request, _("Visite enregistrée."))
        return redirect("diagnostics:visit_detail", pk=visit.pk)
    return form_page(
        request,
        form=form,
        title=title,
        back_url=reverse("diagnostics:visit_list"),
        structure=structure,
        change_url=reverse("diagnostics:visit_create"),
    )


@access_rule(STAFF)
def visit_edit(request, pk):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("structure__commune"), pk=pk
    )
    deny_unless(can_edit_visit(request.user, visit), reason=STAFF_OF_TERRITORY)
    form = VisitForm(request.POST or None, user=request.user, instance=visit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Visite enregistrée."))
        return redirect("diagnostics:visit_detail", pk=visit.pk)
    return form_page(
        request,
        form=form,
        title=_("Modifier la visite"),
        back_url=reverse("diagnostics:visit_detail", args=[visit.pk]),
        structure=visit.structure,
    )


def _levels(*assessments):
    """For each assessment (or None), {(axis order, criterion order): answer}, so two grid
    versions line up criterion by criterion; the answers of all of them in one query."""
    levels = {assessment.pk: {} for assessment in assessments if assessment is not None}
    answers = Answer.objects.filter(assessment__in=list(levels)).select_related("criterion__axis")
    for answer in answers:
        key = (answer.criterion.axis.order, answer.criterion.order)
        levels[answer.assessment_id][key] = answer
    return [levels.get(getattr(assessment, "pk", None), {}) for assessment in assessments]


def _self_assessment(structure):
    """The structure's last submitted self-assessment, else its last one started, in one
    query (submitted first, by submission date, then the others by creation date)."""
    submitted = Q(status=AssessmentStatus.SUBMITTED)
    return (
        structure.assessments.filter(kind=AssessmentKind.SELF)
        .select_related("grid")
        .order_by(
            Case(When(submitted, then=0), default=1),
            Case(When(submitted, then="submitted_at")).desc(),
            "-created_at",
        )
        .first()
    )


@access_rule(STAFF)
def visit_detail(request, pk):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user)
        .select_related(
            "structure__commune", "structure__departement", "assessment__grid", "created_by"
        )
        .prefetch_related("staff_participants", "partner_participants", "attachments"),
        pk=pk,
    )
    structure = visit.structure
    staff_assessment = visit.assessment
    self_assessment = _self_assessment(structure)
    reference = staff_assessment or self_assessment
    comparison = []
    if reference is not None:
        self_levels, staff_levels = _levels(self_assessment, staff_assessment)
        for criterion in _grid_criteria(reference):
            key = (criterion.axis.order, criterion.order)
            comparison.append((criterion, self_levels.get(key), staff_levels.get(key)))
    previous_visits = list(
        Visit.objects.filter(
            structure=structure,
            assessment__isnull=False,
            assessment__status=AssessmentStatus.SUBMITTED,
        )
        .select_related("assessment")
        .order_by("-held_on", "-planned_on", "-pk")[:2]
    )
    # The scores of both charts in one query.
    scores = axis_scores(
        {
            assessment.pk
            for assessment in [
                self_assessment,
                staff_assessment,
                *(previous.assessment for previous in previous_visits),
            ]
            if assessment is not None
        }
    )
    side_by_side = scores_chart(
        {_("Auto-évaluation"): self_assessment, _("Évaluation du réseau"): staff_assessment},
        _("Auto-évaluation et évaluation du réseau, par axe"),
        _("Niveau moyen (de 1 à 4) de chaque axe, selon la structure et selon le réseau."),
        scores=scores,
    )
    progress = None
    if len(previous_visits) == 2:
        older, newer = reversed(previous_visits)
        progress = scores_chart(
            {
                _("Visite du %(date)s")
                % {"date": date_text(older.held_on or older.planned_on, "short")}: older.assessment,
                _("Visite du %(date)s")
                % {"date": date_text(newer.held_on or newer.planned_on, "short")}: newer.assessment,
            },
            _("Progression par axe entre les deux dernières visites"),
            _("Niveau moyen (de 1 à 4) de chaque axe lors des deux dernières visites évaluées."),
            scores=scores,
        )
    return render(
        request,
        "diagnostics/visit_detail.html",
        {
            "visit": visit,
            "self_assessment": self_assessment,
            "staff_assessment": staff_assessment,
            "comparison": comparison,
            "chart": side_by_side,
            "progress": progress,
            "items": visit.action_items.select_related("axis"),
            "can_edit": can_edit_visit(request.user, visit),
        },
    )


def _grid_criteria(assessment):
    return (
        Criterion.objects.filter(axis__grid=assessment.grid_id)
        .select_related("axis")
        .order_by("axis__order", "order", "pk")
    )


@access_rule(STAFF)
@require_POST
def visit_assessment_start(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    deny_unless(can_edit_visit(request.user, visit), reason=STAFF_OF_TERRITORY)
    try:
        assessment = services.visit_assessment_start(visit=visit, by=request.user)
    except services.DiagnosticsError as error:
        messages.error(request, str(error))
        return redirect("diagnostics:visit_detail", pk=visit.pk)
    return redirect("diagnostics:assessment_fill", pk=assessment.pk)


@access_rule(STAFF)
def visit_attachment_add(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    deny_unless(can_edit_visit(request.user, visit), reason=STAFF_OF_TERRITORY)
    form = VisitAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.visit, attachment.uploaded_by = visit, request.user
        attachment.save()
        messages.success(request, _("Pièce jointe ajoutée."))
        return redirect("diagnostics:visit_detail", pk=visit.pk)
    return form_page(
        request,
        form=form,
        title=_("Ajouter une pièce jointe"),
        back_url=reverse("diagnostics:visit_detail", args=[visit.pk]),
        files=True,
    )


@access_rule(STAFF)
def visit_attachment_download(request, pk):
    attachment = get_object_or_404(
        VisitAttachment.objects.filter(visit__in=Visit.objects.visible_to(request.user)), pk=pk
    )
    return private_file(attachment.file)
