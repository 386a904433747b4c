"""Fiche « dialogue de gestion »: one SIAE, one year, against the two previous years.

The yearly State–SIAE review compares funded and worked posts (ETP conventionnés vs
réalisés), the public hired, insertion means and exits, against the national targets
(≥ 25 % durable, ≥ 60 % dynamic exits). Every figure comes from
`structures.figures.structure_figures`, the code that builds the territorial report's table
by SIAE: same definitions, same rounding, "non déclaré" where nothing was declared.
"""

from django.utils.translation import gettext as _

from . import ReportDataError, latest

TEMPLATE = "reports/pdf/dialogue_gestion.html"
DEFINITIONS = [
    "conventions",
    "etp_conventionnes",
    "aid_per_post",
    "etp_realises",
    "occupancy",
    "employees",
    "hours_worked",
    "public",
    "training_hours",
    "support_staff_etp",
    "exits_durable",
    "exits_transition",
    "exits_positive",
    "exits_other",
    "exits_neutralised",
    "exits_counted",
    "durable_rate",
    "dynamic_rate",
    "declared",
]


def gather(report) -> dict:
    from structures.figures import definitions, structure_figures
    from structures.models import Convention, YearlyIndicators
    from structures.rates import TARGET_DURABLE, TARGET_DYNAMIC

    structure = report.structure
    if structure is None or report.year is None:
        raise ReportDataError(_("La fiche demande une structure et une année."))
    figures = structure_figures(structure=structure, reference_year=report.year)
    years = [row["year"] for row in figures["years"]]
    changed = [
        *YearlyIndicators.objects.filter(structure=structure, year__in=years).values_list(
            "updated_at", flat=True
        ),
        *Convention.objects.filter(structure=structure, year__in=years).values_list(
            "ends_on", flat=True
        ),
    ]
    return {
        "title": _("Dialogue de gestion %(year)s — %(name)s")
        % {"year": report.year, "name": structure.name},
        "subtitle": f"{structure.name} ({structure.kind})",
        "structure": structure,
        "year": report.year,
        "years": years,
        "rows": figures["years"],
        "current": figures["reference"],
        "target_durable": TARGET_DURABLE,
        "target_dynamic": TARGET_DYNAMIC,
        "definitions": definitions(*DEFINITIONS),
        "data_date": latest(structure.updated_at, *changed),
        "with_toc": False,
    }
