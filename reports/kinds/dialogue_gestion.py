"""Fiche « dialogue de gestion »: one SIAE, one year, against the two previous years.

The yearly State–SIAE review compares funded and worked posts (ETP conventionnés vs
réalisés), the public hired, insertion means and exits, against the national targets
(≥ 25 % durable, ≥ 60 % dynamic exits — structures/rates.py).
"""

from django.utils.translation import gettext as _

from . import ReportDataError, latest

TEMPLATE = "reports/pdf/dialogue_gestion.html"
YEARS_SHOWN = 3


def gather(report) -> dict:
    from structures.figures import rate
    from structures.models import Convention, YearlyIndicators
    from structures.rates import TARGET_DURABLE, TARGET_DYNAMIC, exit_rates

    structure = report.structure
    if structure is None or report.year is None:
        raise ReportDataError(_("La fiche demande une structure et une année."))
    years = list(range(report.year - YEARS_SHOWN + 1, report.year + 1))
    conventions = {
        c.year: c
        for c in Convention.objects.filter(structure=structure, year__in=years).order_by("year")
    }
    indicators = {
        i.year: i for i in YearlyIndicators.objects.filter(structure=structure, year__in=years)
    }
    rows = []
    for year in years:
        convention, figures = conventions.get(year), indicators.get(year)
        rates = exit_rates(
            durable=getattr(figures, "exits_durable", 0),
            transition=getattr(figures, "exits_transition", 0),
            positive=getattr(figures, "exits_positive", 0),
            other=getattr(figures, "exits_other", 0),
        )
        rows.append(
            {
                "year": year,
                "convention": convention,
                "figures": figures,
                # Rates as on every page and report: structures.figures.rate, one rounding.
                "occupancy": rate(
                    getattr(figures, "etp_realises", None),
                    getattr(convention, "etp_conventionnes", None),
                )
                if figures
                else None,
                "rates": rates,
                "durable_rate": rate(figures.exits_durable, rates.counted) if figures else None,
                "dynamic_rate": rate(
                    figures.exits_durable + figures.exits_transition + figures.exits_positive,
                    rates.counted,
                )
                if figures
                else None,
            }
        )
    structure_label = f"{structure.name} ({structure.kind})"
    return {
        "title": _("Dialogue de gestion %(year)s — %(name)s")
        % {"year": report.year, "name": structure.name},
        "subtitle": structure_label,
        "structure": structure,
        "year": report.year,
        "years": years,
        "rows": rows,
        "current": rows[-1],
        "target_durable": TARGET_DURABLE,
        "target_dynamic": TARGET_DYNAMIC,
        "data_date": latest(
            structure.updated_at,
            *(i.updated_at for i in indicators.values()),
            *(c.ends_on for c in conventions.values()),
        ),
        "with_toc": False,
    }
