"""Territorial diagnostic report for the State (and its national variant, every territory).

Cover, summary, context and method, state of play (tables and the SVG charts of the
diagnostics app), issues, structuring hypotheses, territorial action plan, annexes
(structures, meetings held and attendees, partners met). The narrative parts come from the
territory's latest TerritorialDiagnostic when the diagnostics app provides one; the figures
are computed here in a fixed number of queries, whatever the number of structures.
"""

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from diagnostics.aggregates import territorial_figures
from diagnostics.charts import bar_chart
from diagnostics.models import TerritorialDiagnostic
from events.models import Event

from ..rendering import svg_data_uri
from . import latest

TEMPLATE = "reports/pdf/territorial.html"
YEARS_SHOWN = 3
# Past this many structures, the annex lists them commune by commune instead of one table
# row each: a thousand rows (or list items) take WeasyPrint seconds to lay out, a few
# dozen paragraphs do not.
COMPACT_ANNEX_AFTER = 60


def _structures(region):
    from structures.models import Structure

    queryset = Structure.objects.all()
    return queryset.filter(departement__region=region) if region else queryset


def _annex_groups(structure_rows, *, national: bool) -> list[dict]:
    """The structures by region (national report only), then by commune, then by name.

    Each commune becomes one paragraph naming its structures, which keeps every name,
    type and figure of the table while costing a handful of boxes instead of a thousand.
    """
    from itertools import groupby

    from structures.validators import search_key

    def region_name(row):
        return row["structure"].departement.region.name if national else ""

    def commune_name(row):
        return row["structure"].commune.name

    # The rows come ordered by region and name: a stable sort keeps the names in order.
    ordered = sorted(
        structure_rows,
        key=lambda row: (search_key(region_name(row)), search_key(commune_name(row))),
    )
    groups = []
    for region, in_region in groupby(ordered, key=region_name):
        places = [
            {"name": name, "rows": list(rows)}
            for name, rows in groupby(in_region, key=commune_name)
        ]
        groups.append({"region": region, "places": places})
    return groups


def _year_rows(region, years):
    from structures.models import Convention, YearlyIndicators
    from structures.rates import exit_rates, occupancy

    scope = Q(structure__departement__region=region) if region else Q()
    conventions = {
        row["year"]: row
        for row in Convention.objects.filter(scope, year__in=years)
        .values("year")
        .annotate(etp=Sum("etp_conventionnes"), count=Count("pk"))
    }
    figures = {
        row["year"]: row
        for row in YearlyIndicators.objects.filter(scope, year__in=years)
        .values("year")
        .annotate(
            structures=Count("structure", distinct=True),
            etp=Sum("etp_realises"),
            employees=Sum("employees"),
            hired_rsa=Sum("hired_rsa"),
            hired_under_26=Sum("hired_under_26"),
            hired_over_50=Sum("hired_over_50"),
            hired_disabled=Sum("hired_disabled"),
            hired_qpv=Sum("hired_qpv"),
            durable=Sum("exits_durable"),
            transition=Sum("exits_transition"),
            positive=Sum("exits_positive"),
            other=Sum("exits_other"),
            updated=Max("updated_at"),
        )
    }
    rows = []
    for year in years:
        convention, figure = conventions.get(year, {}), figures.get(year, {})
        rows.append(
            {
                "year": year,
                "conventions": convention.get("count", 0),
                "etp_conventionnes": convention.get("etp"),
                "etp_realises": figure.get("etp"),
                "occupancy": occupancy(
                    etp_realises=figure.get("etp"), etp_conventionnes=convention.get("etp")
                )
                if figure
                else None,
                "structures": figure.get("structures", 0),
                "employees": figure.get("employees") or 0,
                "hired_rsa": figure.get("hired_rsa") or 0,
                "hired_under_26": figure.get("hired_under_26") or 0,
                "hired_over_50": figure.get("hired_over_50") or 0,
                "hired_disabled": figure.get("hired_disabled") or 0,
                "hired_qpv": figure.get("hired_qpv") or 0,
                "exits": {
                    key: figure.get(key) or 0
                    for key in ("durable", "transition", "positive", "other")
                },
                "rates": exit_rates(
                    durable=figure.get("durable"),
                    transition=figure.get("transition"),
                    positive=figure.get("positive"),
                    other=figure.get("other"),
                ),
                "updated": figure.get("updated"),
            }
        )
    return rows


def _charts(by_kind, year_rows, scores):
    """SVG charts from diagnostics/charts.py, as data: URIs the PDF fetcher accepts."""
    charts = []
    if by_kind:
        charts.append(
            bar_chart(
                title=_("Structures par type"),
                description=_("Nombre de structures adhérentes par type de structure."),
                categories=[row["label"] for row in by_kind],
                series=[(_("Structures"), [row["count"] for row in by_kind])],
            )
        )
    with_exits = [row for row in year_rows if row["rates"].counted]
    if with_exits:
        charts.append(
            bar_chart(
                title=_("Taux de sortie par année"),
                description=_(
                    "Taux d'emploi durable (objectif 25 %) et de sorties dynamiques "
                    "(objectif 60 %), en pourcentage des sorties comptabilisées."
                ),
                categories=[str(row["year"]) for row in with_exits],
                series=[
                    (
                        _("Emploi durable"),
                        [float(row["rates"].durable * 100) for row in with_exits],
                    ),
                    (
                        _("Sorties dynamiques"),
                        [float(row["rates"].dynamic * 100) for row in with_exits],
                    ),
                ],
                max_value=100,
                unit=" %",
            )
        )
    if scores:
        charts.append(
            bar_chart(
                title=_("Scores moyens par axe"),
                description=_("Niveau moyen (1 à 4) par axe : auto-évaluations et visites."),
                categories=[row["axis"] for row in scores],
                series=[
                    (_("Auto-évaluation"), [row.get("self") for row in scores]),
                    (_("Visite"), [row.get("visit") for row in scores]),
                ],
                max_value=4,
            )
        )
    return [{"chart": chart, "uri": svg_data_uri(chart.svg)} for chart in charts]


def _diagnostic(region):
    if region is None:
        return None, [], []
    diagnostic = (
        TerritorialDiagnostic.objects.filter(region=region).order_by("-period_end", "-pk").first()
    )
    if diagnostic is None:
        return None, [], []
    return diagnostic, list(diagnostic.hypotheses.all()), list(diagnostic.actions.all())


def _scores(region, diagnostic):
    if diagnostic is None:
        return []
    if diagnostic.is_frozen:
        return diagnostic.frozen_figures.get("scores", [])
    figures = territorial_figures(
        region=region, period_start=diagnostic.period_start, period_end=diagnostic.period_end
    )
    return figures.get("scores", [])


def _meetings(region, diagnostic, years):
    events = Event.objects.all()
    if region is not None:
        events = events.filter(region=region)
    if diagnostic is not None:
        events = events.filter(
            starts_at__date__gte=diagnostic.period_start, starts_at__date__lte=diagnostic.period_end
        )
    else:
        events = events.filter(starts_at__year__in=years)
    events = events.exclude(status__in=["draft", "cancelled"]).select_related("commune")
    events = events.prefetch_related("registrations__structure", "registrations__organisation")
    meetings = []
    for event in events.order_by("starts_at", "pk")[:200]:
        attendees = [
            registration
            for registration in event.registrations.all()
            if registration.attended is not False and not registration.cancelled_at
        ]
        meetings.append({"event": event, "attendees": attendees})
    return meetings


def _partners(region, diagnostic):
    from network.models import Organisation

    organisations = Organisation.objects.select_related("kind")
    if region is not None:
        organisations = organisations.filter(region=region)
    met = Q(diagnostic_visits__held_on__isnull=False)
    if diagnostic is not None:
        met &= Q(
            diagnostic_visits__held_on__gte=diagnostic.period_start,
            diagnostic_visits__held_on__lte=diagnostic.period_end,
        )
    organisations = organisations.annotate(
        visits=Count("diagnostic_visits", filter=met, distinct=True)
    )
    return list(organisations.order_by("name"))


def gather(report) -> dict:
    from network.figures import regional_networks_report
    from structures.enums import StructureKind
    from structures.models import YearlyIndicators

    region = report.region
    structures = _structures(region)
    scope = Q(structure__departement__region=region) if region else Q()
    last_year = YearlyIndicators.objects.filter(scope).aggregate(y=Max("year"))["y"]
    diagnostic, hypotheses, actions = _diagnostic(region)
    if diagnostic is not None:
        last_year = diagnostic.period_end.year
    last_year = last_year or 2018
    years = list(range(last_year - YEARS_SHOWN + 1, last_year + 1))
    kind_labels = dict(StructureKind.choices)
    by_kind = [
        {"kind": row["kind"], "label": str(kind_labels.get(row["kind"], row["kind"])), **row}
        for row in structures.values("kind").annotate(count=Count("pk")).order_by("kind")
    ]
    by_place = list(
        structures.values("departement__region__name" if region is None else "commune__name")
        .annotate(
            count=Count("pk"), siae=Count("pk", filter=Q(kind__in=StructureKind.siae_kinds()))
        )
        .order_by("-count")
    )
    for row in by_place:
        row["place"] = row.pop("departement__region__name", None) or row.pop("commune__name", "")
    year_rows = _year_rows(region, years)
    # Each structure's figures of the period's last year or, failing that, of its latest
    # year reported within the years shown (a year's figures are often closed months later).
    last_indicators = {
        row["structure_id"]: row
        for row in YearlyIndicators.objects.filter(scope, year__in=years)
        .order_by("year")
        .values("structure_id", "year", "etp_realises", "employees")
    }
    # Types by their usual acronym (ACI, EI…); members without one by their label.
    kind_labels_short = {StructureKind.OTHER: kind_labels[StructureKind.OTHER]}
    structure_rows = [
        {
            "structure": structure,
            "kind": str(kind_labels_short.get(structure.kind, structure.kind)),
            "figures": last_indicators.get(structure.pk),
        }
        for structure in structures.select_related("commune", "departement__region").order_by(
            "departement__region__name", "name"
        )
    ]
    compact_annex = len(structure_rows) > COMPACT_ANNEX_AFTER
    scores = _scores(region, diagnostic)
    meetings = _meetings(region, diagnostic, years)
    partners = _partners(region, diagnostic)
    place = region.name if region else _("France entière")
    title = (
        _("Diagnostic territorial de l'IAE — %(place)s") % {"place": place}
        if region
        else _("Bilan national de l'IAE — réseau Maillage")
    )
    toc = [
        {"id": "synthese", "label": _("Synthèse")},
        {"id": "contexte", "label": _("Contexte et méthode")},
        {"id": "etat-des-lieux", "label": _("État des lieux")},
        {"id": "enjeux", "label": _("Enjeux")},
        {"id": "hypotheses", "label": _("Hypothèses structurantes")},
        {"id": "plan", "label": _("Plan d'action territorial")},
        {"id": "annexe-structures", "label": _("Annexe 1 — Structures")},
        {"id": "annexe-reunions", "label": _("Annexe 2 — Réunions et participants")},
        {"id": "annexe-partenaires", "label": _("Annexe 3 — Partenaires rencontrés")},
    ]
    # The summary speaks of the latest year the structures have reported on.
    current = next((row for row in reversed(year_rows) if row["structures"]), year_rows[-1])
    return {
        "title": title,
        "subtitle": diagnostic.title if diagnostic else _("Bilan, hypothèses et plan d'action"),
        "region": region,
        "place": place,
        "diagnostic": diagnostic,
        "hypotheses": hypotheses,
        "actions": actions,
        "years": years,
        "year_rows": year_rows,
        "current": current,
        "structure_total": sum(row["count"] for row in by_kind),
        "siae_total": sum(
            row["count"] for row in by_kind if row["kind"] in StructureKind.siae_kinds()
        ),
        "by_kind": by_kind,
        "by_place": by_place,
        "place_label": _("Territoire") if region is None else _("Commune"),
        "charts": _charts(by_kind, year_rows, scores),
        "scores": scores,
        "structure_rows": structure_rows,
        "compact_annex": compact_annex,
        "annex_groups": (
            _annex_groups(structure_rows, national=region is None) if compact_annex else []
        ),
        "last_year": last_year,
        "meetings": meetings,
        "partners": partners,
        "regional_networks": regional_networks_report(region),
        "with_toc": True,
        "toc": toc,
        "data_date": latest(
            getattr(diagnostic, "updated_at", None),
            structures.aggregate(m=Max("updated_at"))["m"],
            *(row["updated"] for row in year_rows),
            *(m["event"].updated_at for m in meetings),
        ),
    }
