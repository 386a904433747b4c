from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import MANAGER, STAFF, access_rule, deny_unless
from structures.models import Structure

from .. import services
from ..aggregates import axis_scores
from ..charts import bar_chart
from ..enums import AssessmentKind
from ..forms import AssessmentForm
from ..models import ActionPlan, Assessment, Criterion
from ..perms import can_edit_assessment, can_start_self_assessment, can_view_visit_of_assessment
from .common import STAFF_OF_TERRITORY


@access_rule(MANAGER)
def member_home(request):
    """The manager's diagnostics corner: self-assessments and action plan per structure."""
    structures = (
        Structure.objects.visible_to(request.user)
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(kind=AssessmentKind.SELF).select_related("grid"),
                to_attr="self_assessments",
            ),
        )
    )
    plans = {plan.structure_id: plan for plan in ActionPlan.objects.visible_to(request.user)}
    rows = [(structure, plans.get(structure.pk)) for structure in structures]
    return render(request, "diagnostics/member_home.html", {"rows": rows})


@access_rule(MANAGER)
@require_POST
def self_assessment_start(request, structure_pk):
    structure = get_object_or_404(Structure.objects.visible_to(request.user), pk=structure_pk)
    deny_unless(can_start_self_assessment(request.user, structure), reason=STAFF_OF_TERRITORY)
    try:
        assessment = services.self_assessment_start(structure=structure, by=request.user)
    except services.DiagnosticsError as error:
        messages.error(request, str(error))
        return redirect("diagnostics:member_home")
    return redirect("diagnostics:assessment_fill", pk=assessment.pk)


def _criteria(assessment):
    return list(
        Criterion.objects.filter(axis__grid=assessment.grid_id)
        .select_related("axis")
        .prefetch_related("levels")
        .order_by("axis__order", "order", "pk")
    )


def scores_chart(assessments_by_label, title, description, *, scores=None):
    """A chart of average levels per axis for one or more assessments (matched by axis order).
    `scores`: their `axis_scores`, when a page that draws several charts read them at once."""
    if scores is None:
        scores = axis_scores([a.pk for a in assessments_by_label.values() if a is not None])
    orders, titles = [], {}
    for assessment in assessments_by_label.values():
        for order, entry in scores.get(getattr(assessment, "pk", None), {}).items():
            if order not in titles:
                orders.append(order)
                titles[order] = entry["title"]
    orders.sort()
    series = [
        (
            label,
            [
                scores.get(getattr(assessment, "pk", None), {}).get(order, {}).get("average")
                for order in orders
            ],
        )
        for label, assessment in assessments_by_label.items()
    ]
    return bar_chart(
        title=title,
        description=description,
        categories=[titles[order] for order in orders],
        series=series,
        max_value=4,
    )


@access_rule(STAFF | MANAGER)
def assessment_detail(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("structure", "grid"), pk=pk
    )
    answers = {answer.criterion_id: answer for answer in assessment.answers.all()}
    rows = [(criterion, answers.get(criterion.pk)) for criterion in _criteria(assessment)]
    chart = scores_chart(
        {assessment.get_kind_display(): assessment},
        _("Niveau moyen par axe"),
        _("Moyenne des niveaux (de 1 à 4) donnés aux critères de chaque axe."),
    )
    return render(
        request,
        "diagnostics/assessment_detail.html",
        {
            "assessment": assessment,
            "rows": rows,
            "free_answers": assessment.free_answers.select_related("question"),
            "chart": chart,
            "can_edit": can_edit_assessment(request.user, assessment),
            "visit": getattr(assessment, "visit", None)
            if can_view_visit_of_assessment(request.user, assessment)
            else None,
        },
    )


@access_rule(STAFF | MANAGER)
def assessment_fill(request, pk):
    """Fill the grid across several sittings; "Transmettre" submits it (read-only after)."""
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("structure", "grid"), pk=pk
    )
    if assessment.is_submitted:
        messages.info(request, _("Cette évaluation est transmise : elle est en lecture seule."))
        return redirect("diagnostics:assessment_detail", pk=assessment.pk)
    deny_unless(
        can_edit_assessment(request.user, assessment),
        reason=_(
            "L'auto-évaluation est remplie par la structure, la grille de visite par l'équipe "
            "du réseau qui suit son territoire."
        ),
    )
    criteria = _criteria(assessment)
    form = AssessmentForm(
        request.POST or None,
        assessment=assessment,
        criteria=criteria,
        answers={answer.criterion_id: answer for answer in assessment.answers.all()},
        free_answers={free.question_id: free.text for free in assessment.free_answers.all()},
    )
    missing = set()
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                assessment=assessment,
                answers=form.answers(),
                free_answers=form.free_answers(),
                by=request.user,
            )
        except services.DiagnosticsError as error:
            form.add_error(None, str(error))
        else:
            if "submit" not in request.POST:
                messages.success(
                    request, _("Brouillon enregistré : vous pourrez reprendre plus tard.")
                )
                return redirect("diagnostics:assessment_fill", pk=assessment.pk)
            left = services.assessment_missing_criteria(assessment=assessment)
            if not left:
                # Answers are saved; submitting cannot be undone, so it is confirmed first.
                return redirect("diagnostics:assessment_submit", pk=assessment.pk)
            missing = {criterion.pk for criterion in left}
            messages.info(request, str(services.IncompleteAssessment(left)))
            for criterion in left:
                form.add_error(f"level-{criterion.pk}", _("Choisissez un niveau pour ce critère."))
    return render(
        request,
        "diagnostics/assessment_fill.html",
        {"assessment": assessment, "form": form, "missing": missing},
    )


@access_rule(STAFF | MANAGER)
def assessment_submit(request, pk):
    """Confirmation of "Transmettre", which cannot be undone: the saved answers are sent and
    the assessment becomes read-only for everyone."""
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("structure", "grid"), pk=pk
    )
    if assessment.is_submitted:
        messages.info(request, _("Cette évaluation est transmise : elle est en lecture seule."))
        return redirect("diagnostics:assessment_detail", pk=assessment.pk)
    deny_unless(
        can_edit_assessment(request.user, assessment),
        reason=_(
            "L'auto-évaluation est remplie par la structure, la grille de visite par l'équipe "
            "du réseau qui suit son territoire."
        ),
    )
    if request.method == "POST":
        try:
            services.assessment_submit(assessment=assessment, by=request.user)
        except services.IncompleteAssessment:
            messages.error(request, _("Des critères n'ont pas de niveau : complétez-les d'abord."))
            return redirect("diagnostics:assessment_fill", pk=assessment.pk)
        except services.DiagnosticsError as error:
            messages.error(request, str(error))
            return redirect("diagnostics:assessment_fill", pk=assessment.pk)
        messages.success(request, _("Évaluation transmise."))
        return redirect("diagnostics:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "diagnostics/confirm.html",
        {
            "title": _("Transmettre l'évaluation"),
            "message": _(
                "Vos réponses sont enregistrées. Une fois transmise, l'évaluation ne pourra "
                "plus être modifiée, ni par vous ni par l'équipe du réseau : cette étape est "
                "définitive."
            ),
            "back_url": reverse("diagnostics:assessment_fill", args=[assessment.pk]),
        },
    )
