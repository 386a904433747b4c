"""Structure diagnostic report: the visit, scores by axis against the self-assessment,
progress since the previous visit, the structure's yearly figures of the reference year
and the structure's action plan ("plan de progrès").

Scores come from `diagnostics.figures.assessment_scores` and yearly figures from
`structures.figures.structure_figures`: the definitions, rounding and "non déclaré" of the
territorial report; the report ends with the definitions of what it prints.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from diagnostics.charts import bar_chart
from diagnostics.models import ActionItem, Assessment, Visit

from ..rendering import svg_data_uri
from . import ReportDataError, latest

TEMPLATE = "reports/pdf/structure_diagnostic.html"
DEFINITIONS = [
    "scores",
    "conventions",
    "etp_conventionnes",
    "etp_realises",
    "occupancy",
    "employees",
    "exits_counted",
    "exits_neutralised",
    "durable_rate",
    "dynamic_rate",
    "declared",
]


def _progress(now, before):
    if now is None or before is None:
        return None
    return float(
        (Decimal(str(now)) - Decimal(str(before))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    )


def gather(report) -> dict:
    from diagnostics.figures import assessment_scores
    from structures.figures import default_reference_year, definitions, structure_figures
    from structures.models import YearlyIndicators

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
    visit_scores = assessment_scores(visit.assessment)
    previous_scores = assessment_scores(previous.assessment if previous else None)
    self_scores = assessment_scores(self_assessment)
    orders = sorted(set(visit_scores) | set(self_scores) | set(previous_scores))
    rows = []
    for order in orders:
        title = (visit_scores.get(order) or self_scores.get(order) or previous_scores.get(order))[
            "axis"
        ]
        now = visit_scores.get(order, {}).get("average")
        before = previous_scores.get(order, {}).get("average")
        rows.append(
            {
                "axis": title,
                "self": self_scores.get(order, {}).get("average"),
                "visit": now,
                "previous": before,
                "progress": _progress(now, before),
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
    # The yearly figures of the last complete year before the visit.
    yearly = structure_figures(
        structure=structure, reference_year=default_reference_year(visit.held_on)
    )
    return {
        "title": _("Diagnostic de structure — %(name)s") % {"name": structure.name},
        "subtitle": _("Visite du %(date)s") % {"date": _date_fr(visit.held_on)},
        "structure": structure,
        "visit": visit,
        "previous": previous,
        "self_assessment": self_assessment,
        "rows": rows,
        "chart": {"chart": chart, "uri": svg_data_uri(chart.svg)} if chart else None,
        "items": items,
        "yearly": yearly,
        "definitions": definitions(*DEFINITIONS),
        "data_date": latest(
            structure.updated_at,
            visit.created_at,
            getattr(visit.assessment, "updated_at", None),
            getattr(self_assessment, "updated_at", None),
            *(item.updated_at for item in items),
            *YearlyIndicators.objects.filter(
                structure=structure, year__in=[row["year"] for row in yearly["years"]]
            ).values_list("updated_at", flat=True),
        ),
        "with_toc": False,
    }


def _date_fr(day) -> str:
    from ..templatetags.reports_pdf import date_fr

    return date_fr(day)
