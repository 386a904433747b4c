from django.contrib import messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import MANAGER, STAFF, access_rule, deny_unless

from .. import services
from ..enums import ItemStatus
from ..filters import ActionPlanFilter, OverdueFilter
from ..forms import ActionItemForm, ActionItemManagerForm, ProgressNoteForm
from ..models import ActionItem, ActionPlan, Visit
from ..perms import can_edit_visit, can_manage_action_plan, can_update_action_item
from .common import STAFF_OF_TERRITORY, form_page, paginated_list


@access_rule(STAFF)
def action_plan_list(request):
    today = timezone.localdate()
    open_items = Q(items__status__in=ItemStatus.open_values())
    overdue = Q(items__status__in=ItemStatus.open_values(), items__due_on__lt=today)
    plans = ActionPlan.objects.visible_to(request.user).annotate(
        # only computed when the list is sorted by it (a subquery, not a join of every item)
        overdue_sort=Coalesce(
            Subquery(
                ActionItem.objects.overdue(today)
                .filter(plan=OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
    )
    filterset = ActionPlanFilter(request.GET or None, queryset=plans, request=request)
    context = paginated_list(
        request,
        filterset.qs,
        name="action_plans",
        sorts={"structure": "structure__name", "retard": "overdue_sort"},
        default="structure",
        rows=lambda loaded: loaded.select_related("structure__commune").annotate(
            item_count=Count("items", distinct=True),
            open_count=Count("items", filter=open_items, distinct=True),
            overdue_count=Count("items", filter=overdue, distinct=True),
        ),
    )
    return render(request, "diagnostics/action_plan_list.html", {"filter": filterset, **context})


@access_rule(STAFF | MANAGER)
def action_plan_detail(request, pk):
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(request.user).select_related("structure__commune"), pk=pk
    )
    items = plan.items.select_related("axis", "owner_user", "visit").prefetch_related(
        "notes__author"
    )
    return render(
        request,
        "diagnostics/action_plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "today": timezone.localdate(),
            "can_manage": can_manage_action_plan(request.user, plan),
        },
    )


@access_rule(STAFF)
def action_item_create(request, visit_pk):
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("structure", "assessment"),
        pk=visit_pk,
    )
    deny_unless(can_edit_visit(request.user, visit), reason=STAFF_OF_TERRITORY)
    grid = visit.assessment.grid if visit.assessment_id else services.default_grid()
    form = ActionItemForm(
        request.POST or None, user=request.user, grid=grid, structure=visit.structure
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.action_item_create(
                structure=visit.structure, by=request.user, visit=visit, **form.item_fields()
            )
        except services.DiagnosticsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Action ajoutée au plan de progrès."))
            return redirect("diagnostics:action_plan_detail", pk=item.plan_id)
    return form_page(
        request,
        form=form,
        title=_("Nouvelle action pour %(structure)s") % {"structure": visit.structure},
        back_url=reverse("diagnostics:visit_detail", args=[visit.pk]),
    )


def _item(request, pk):
    return get_object_or_404(
        ActionItem.objects.visible_to(request.user).select_related("plan__structure", "axis"),
        pk=pk,
    )


@access_rule(STAFF | MANAGER)
def action_item_edit(request, pk):
    item = _item(request, pk)
    deny_unless(can_update_action_item(request.user, item), reason=STAFF_OF_TERRITORY)
    if can_manage_action_plan(request.user, item.plan):
        form = ActionItemForm(request.POST or None, instance=item, user=request.user)
    else:
        form = ActionItemManagerForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Action enregistrée."))
        return redirect("diagnostics:action_plan_detail", pk=item.plan_id)
    return form_page(
        request,
        form=form,
        title=_("Modifier l'action « %(objective)s »") % {"objective": item.objective},
        back_url=reverse("diagnostics:action_plan_detail", args=[item.plan_id]),
    )


@access_rule(STAFF | MANAGER)
def progress_note_add(request, pk):
    item = _item(request, pk)
    deny_unless(can_update_action_item(request.user, item), reason=STAFF_OF_TERRITORY)
    form = ProgressNoteForm(request.POST or None, initial={"written_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_note_add(
                item=item,
                by=request.user,
                text=form.cleaned_data["text"],
                written_on=form.cleaned_data["written_on"],
                status=form.cleaned_data["status"] or None,
            )
        except services.DiagnosticsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Avancement noté."))
            return redirect("diagnostics:action_plan_detail", pk=item.plan_id)
    return form_page(
        request,
        form=form,
        title=_("Noter l'avancement de « %(objective)s »") % {"objective": item.objective},
        back_url=reverse("diagnostics:action_plan_detail", args=[item.plan_id]),
    )


@access_rule(STAFF)
def overdue_items(request):
    """Open items past their due date, across the territories the user covers."""
    items = ActionItem.objects.visible_to(request.user).overdue()
    filterset = OverdueFilter(request.GET or None, queryset=items, request=request)
    context = paginated_list(
        request,
        filterset.qs,
        name="overdue_items",
        sorts={"echeance": "due_on", "structure": "plan__structure__name"},
        default="echeance",
        rows=lambda loaded: loaded.select_related(
            "plan__structure__departement__region", "owner_user"
        ),
    )
    return render(
        request,
        "diagnostics/overdue_items.html",
        {"filter": filterset, "statuses": dict(ItemStatus.choices), **context},
    )
