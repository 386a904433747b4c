"""Structure diagnostic report: the visit, scores by axis against the self-assessment,
progress since the previous visit, and the structure's action plan ("plan de progrès")."""

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from diagnostics.charts import bar_chart
from diagnostics.models import ActionItem, Answer, Assessment, Visit

from ..rendering import svg_data_uri
from . import ReportDataError, latest


def _axis_scores(assessment):
    """{axis order: (title, average level)} of one assessment, in one query."""
    if assessment is None:
        return {}
    rows = (
        Answer.objects.filter(assessment=assessment, level__isnull=False)
        .values("criterion__axis__order", "criterion__axis__title")
        .annotate(average=Avg("level"), answered=Count("pk"))
        .order_by("criterion__axis__order")
    )
    return {
        row["criterion__axis__order"]: (row["criterion__axis__title"], float(row["average"]))
        for row in rows
    }


TEMPLATE = "reports/pdf/structure_diagnostic.html"


def gather(report) -> dict:
    structure = report.structure
    if structure is None:
        raise ReportDataError(_("Les diagnostics de structure ne sont pas disponibles."))
    visits = list(
        Visit.objects.filter(structure=structure, held_on__isnull=False)
        .select_related("assessment")
        .prefetch_related("staff_participants", "partner_participants")
        .order_by("-held_on", "-pk")[:2]
    )
    if not visits:
        raise ReportDataError(
            _("Aucune visite réalisée pour %(name)s : rien à présenter.") % {"name": structure.name}
        )
    visit = visits[0]
    previous = visits[1] if len(visits) > 1 else None
    self_assessment = (
        Assessment.objects.filter(structure=structure, kind="self", status="submitted")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    visit_scores = _axis_scores(visit.assessment)
    previous_scores = _axis_scores(previous.assessment if previous else None)
    self_scores = _axis_scores(self_assessment)
    orders = sorted(set(visit_scores) | set(self_scores) | set(previous_scores))
    rows = []
    for order in orders:
        title = (visit_scores.get(order) or self_scores.get(order) or previous_scores.get(order))[0]
        now = visit_scores.get(order, (None, None))[1]
        before = previous_scores.get(order, (None, None))[1]
        rows.append(
            {
                "axis": title,
                "self": self_scores.get(order, (None, None))[1],
                "visit": now,
                "previous": before,
                "progress": None if now is None or before is None else now - before,
            }
        )
    chart = None
    if rows:
        chart = bar_chart(
            title=_("Scores par axe"),
            description=_("Niveau moyen (1 à 4) par axe : auto-évaluation et visite."),
            categories=[row["axis"] for row in rows],
            series=[
                (_("Auto-évaluation"), [row["self"] for row in rows]),
                (_("Visite"), [row["visit"] for row in rows]),
            ],
            max_value=4,
        )
    items = list(
        ActionItem.objects.filter(plan__structure=structure)
        .select_related("axis", "owner_user")
        .order_by("due_on", "pk")
    )
    return {
        "title": _("Diagnostic de structure — %(name)s") % {"name": structure.name},
        "subtitle": _("Visite du %(date)s") % {"date": visit.held_on.strftime("%d/%m/%Y")},
        "structure": structure,
        "visit": visit,
        "previous": previous,
        "self_assessment": self_assessment,
        "rows": rows,
        "chart": {"chart": chart, "uri": svg_data_uri(chart.svg)} if chart else None,
        "items": items,
        "data_date": latest(
            structure.updated_at,
            visit.created_at,
            getattr(visit.assessment, "updated_at", None),
            getattr(self_assessment, "updated_at", None),
            *(item.updated_at for item in items),
        ),
        "with_toc": False,
    }
