"""Territorial diagnostic report for the State (and its national variant, every territory).

Every figure comes from `structures.figures.territory_figures`: for a report built from a
frozen diagnostic, from the snapshot stored when it was frozen and nothing else; otherwise
computed at render time. This module only arranges those figures (and the diagnostic's
texts) for the template: it never counts or sums anything itself.
"""

import datetime
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diagnostics.charts import bar_chart

from ..rendering import svg_data_uri
from . import ReportDataError

TEMPLATE = "reports/pdf/territorial.html"
# A State officer must never receive, as frozen, figures that were not: a snapshot made
# when freezing kept the scores only is refused until staff freeze the diagnostic again.
OUTDATED = gettext_lazy(
    "Le diagnostic « %(title)s » a été figé avant que ses chiffres ne soient tous "
    "conservés : seuls ses scores l'ont été. Figez-le à nouveau depuis sa page pour arrêter "
    "ses chiffres, puis demandez le rapport."
)
# Past this many structures, the annex lists them commune by commune instead of one table
# row each: a thousand rows take WeasyPrint seconds to lay out, a few dozen paragraphs do not.
COMPACT_ANNEX_AFTER = 60


def _annex_groups(rows, *, national: bool) -> list[dict]:
    """The structures by region (national report only), then by commune, then by name."""
    from structures.figures import collate

    def region_name(row):
        return row["region"] if national else ""

    ordered = sorted(
        rows,
        key=lambda row: (
            collate(region_name(row)),
            collate(row["commune"]),
            collate(row["name"]),
        ),
    )
    groups = []
    for region, in_region in groupby(ordered, key=region_name):
        places = [
            {"name": name, "rows": list(rows)}
            for name, rows in groupby(in_region, key=lambda row: row["commune"])
        ]
        groups.append({"region": region, "places": places})
    return groups


def _charts(figures):
    """SVG charts from diagnostics/charts.py, as data: URIs the PDF fetcher accepts."""
    charts = []
    by_kind = figures["structures"]["by_kind"]
    if by_kind:
        charts.append(
            bar_chart(
                title=_("Structures par type"),
                description=_("Nombre de structures du territoire par type de structure."),
                categories=[row["kind"] for row in by_kind],
                series=[(_("Structures"), [row["count"] for row in by_kind])],
            )
        )
    with_exits = [row for row in figures["years"] if row["durable_rate"] is not None]
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
                    (_("Emploi durable"), [float(row["durable_rate"]) for row in with_exits]),
                    (_("Sorties dynamiques"), [float(row["dynamic_rate"]) for row in with_exits]),
                ],
                max_value=100,
                unit=" %",
            )
        )
    scores = figures.get("scores") or []
    if scores:
        charts.append(
            bar_chart(
                title=_("Scores moyens par axe"),
                description=_("Niveau moyen (1 à 4) par axe : auto-évaluations et visites."),
                categories=[f"{row['order']}. {row['axis']}" for row in scores],
                series=[
                    (_("Auto-évaluation"), [row.get("self") for row in scores]),
                    (_("Visite"), [row.get("visit") for row in scores]),
                ],
                max_value=4,
            )
        )
    return [{"chart": chart, "uri": svg_data_uri(chart.svg)} for chart in charts]


def report_figures(report) -> dict:
    """The figures a report prints: its diagnostic's (frozen snapshot once frozen), or, for
    a report without a diagnostic, the last complete year of the territory or network."""
    from structures.figures import last_complete_year, territory_figures

    if report.diagnostic_id:
        diagnostic = report.diagnostic
        if diagnostic.snapshot_outdated:
            raise ReportDataError(OUTDATED % {"title": diagnostic.title})
        return diagnostic.figures()
    year = last_complete_year()
    return territory_figures(
        region=report.region,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )


def gather(report) -> dict:
    from network.figures import regional_networks_report
    from structures.figures import definitions

    diagnostic = report.diagnostic if report.diagnostic_id else None
    figures = report_figures(report)
    region = report.region
    national = region is None
    hypotheses = list(diagnostic.hypotheses.all()) if diagnostic else []
    actions = list(diagnostic.actions.all()) if diagnostic else []
    recommended = (
        diagnostic.recommended_hypothesis
        if diagnostic and diagnostic.recommended_hypothesis_id
        else None
    )
    structures = figures["structures"]
    by_siae = figures["by_siae"]
    # Annex 1 lists every structure: the SIAE with their figures, the other members after.
    annex_rows = [*by_siae, *({**row, "other": True} for row in structures["others"])]
    compact_annex = len(annex_rows) > COMPACT_ANNEX_AFTER
    # Past that many SIAE, the table by SIAE is written commune by commune, one paragraph
    # each (same figures, same order, same totals): a table of hundreds of rows takes
    # WeasyPrint a minute to lay out.
    compact_siae = len(by_siae) > COMPACT_ANNEX_AFTER
    place = region.name if region else _("France entière")
    title = (
        _("Diagnostic territorial de l'IAE — %(place)s") % {"place": place}
        if region
        else _("Bilan national de l'IAE — réseau Maillage")
    )
    as_of = datetime.datetime.fromisoformat(figures["as_of"])
    toc = [
        {"id": "synthese", "label": _("Synthèse")},
        {"id": "contexte", "label": _("Contexte et méthode")},
        {"id": "etat-des-lieux", "label": _("État des lieux")},
    ]
    if not national:
        toc.append({"id": "siae", "label": _("Tableau par SIAE pour les dialogues de gestion")})
    toc += [
        {"id": "enjeux", "label": _("Enjeux")},
        {"id": "hypotheses", "label": _("Hypothèses structurantes")},
        {"id": "plan", "label": _("Plan d'action territorial")},
        {"id": "annexe-structures", "label": _("Annexe 1 — Structures")},
        {"id": "annexe-reunions", "label": _("Annexe 2 — Réunions et participants")},
        {"id": "annexe-partenaires", "label": _("Annexe 3 — Partenaires rencontrés")},
        {"id": "sources", "label": _("Sources, définitions et méthode")},
    ]
    author = report.requested_by
    return {
        "title": title,
        "subtitle": diagnostic.title if diagnostic else _("Bilan, hypothèses et plan d'action"),
        "region": region,
        "national": national,
        "place": place,
        "diagnostic": diagnostic,
        "report": report,
        "issued_on": timezone.localdate(report.requested_at) if report.requested_at else None,
        "author_name": author.get_full_name() or author.email if author else "",
        "hypotheses": hypotheses,
        "recommended": recommended,
        "actions": actions,
        "figures": figures,
        "reference": figures["reference"],
        "members": figures["members"],
        "structures": structures,
        "communes": structures["by_commune"] if not national else [],
        "population": figures.get("population") or {},
        "by_siae": by_siae,
        "meetings": figures.get("meetings") or {},
        "activity": figures.get("activity") or {},
        "charts": _charts(figures),
        "compact_annex": compact_annex,
        "annex_rows": annex_rows,
        "compact_siae": compact_siae,
        "siae_groups": [
            {"name": name, "rows": list(rows)}
            for name, rows in groupby(by_siae, key=lambda row: row["commune"])
        ]
        if compact_siae
        else [],
        "annex_groups": _annex_groups(annex_rows, national=national) if compact_annex else [],
        "definitions": definitions(),
        "frozen": bool(diagnostic and diagnostic.is_frozen),
        "as_of": as_of,
        "regional_networks": regional_networks_report(region),
        "with_toc": True,
        "toc": toc,
        # The PDF's creation date: the instant the figures were read, to the day for a live
        # render (so the same data on the same day give the same bytes).
        "data_date": as_of
        if diagnostic and diagnostic.is_frozen
        else timezone.localtime(as_of).replace(hour=12, minute=0, second=0, microsecond=0),
    }
