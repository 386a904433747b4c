from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import STAFF, access_rule, deny_unless

from .. import services
from ..forms import GridEditForm
from ..models import Criterion, Grid
from ..perms import can_edit_grid


@access_rule(STAFF)
def grid_list(request):
    grids = (
        Grid.objects.visible_to(request.user)
        .annotate(
            assessment_count=Count("assessments", distinct=True),
            newer_count=Count("next_versions", distinct=True),
        )
        .order_by("lineage", "-version")
    )
    return render(request, "diagnostics/grid_list.html", {"grids": grids})


def grid_structure(grid):
    """The grid's axes with their criteria and levels, in three queries."""
    return grid.axes.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("levels"))
    )


@access_rule(STAFF)
def grid_detail(request, pk):
    grid = get_object_or_404(Grid.objects.visible_to(request.user).select_related("parent"), pk=pk)
    return render(
        request,
        "diagnostics/grid_detail.html",
        {
            "grid": grid,
            "axes": grid_structure(grid),
            "questions": grid.free_questions.all(),
            "newer": grid.next_versions.first(),
            "can_edit": can_edit_grid(request.user, grid),
            "assessment_count": grid.assessments.count(),
        },
    )


@access_rule(STAFF)
def grid_edit(request, pk):
    grid = get_object_or_404(Grid.objects.visible_to(request.user), pk=pk)
    deny_unless(
        can_edit_grid(request.user, grid),
        reason=_("Cette version de la grille a été remplacée : modifiez la plus récente."),
    )
    form = GridEditForm(request.POST or None, grid=grid)
    if request.method == "POST" and form.is_valid():
        try:
            edited = services.grid_edit(grid=grid, by=request.user, **form.edits())
        except services.DiagnosticsError as error:
            form.add_error(None, str(error))
        else:
            if edited.pk != grid.pk:
                messages.success(
                    request,
                    _(
                        "La grille était déjà utilisée : la version %(version)s a été créée. "
                        "Les évaluations passées gardent leur version."
                    )
                    % {"version": edited.version},
                )
            else:
                messages.success(request, _("Grille enregistrée."))
            return redirect("diagnostics:grid_detail", pk=edited.pk)
    return render(
        request,
        "diagnostics/grid_edit.html",
        {
            "grid": grid,
            "form": form,
            "is_used": grid.is_used,
            "back_url": reverse("diagnostics:grid_detail", args=[grid.pk]),
        },
    )
