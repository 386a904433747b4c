"""The diagnostics app's sections of the territorial figures (see structures/figures.py):
scores by axis, diagnostic visits, accompaniments and partners met over the period."""

from collections import Counter

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    FilteredRelation,
    Min,
    OuterRef,
    Q,
)
from django.utils.translation import gettext_lazy as _

from network.figures import partners_met_filter
from network.models import Organisation
from structures.figures import Scope, Section, collate, define
from structures.models import Structure

from .enums import AccompanimentKind, AssessmentStatus
from .models import Answer, Visit

define(
    "scores",
    _("Scores moyens par axe"),
    _(
        "Niveau moyen (1 à 4) des critères de chaque axe de la grille d'évaluation, sur les "
        "auto-évaluations et les visites transmises pendant la période ; les axes sont "
        "rapprochés d'une version de la grille à l'autre par leur rang."
    ),
    _("Grilles d'évaluation remplies dans le portail"),
)
define(
    "visits",
    _("Visites de diagnostic"),
    _("Visites de diagnostic tenues pendant la période auprès des structures du territoire."),
)
define(
    "accompaniments",
    _("Accompagnements"),
    _("Accompagnements (DLA, collectifs, individuels) en cours à un moment de la période."),
)


def _score(value) -> float | None:
    return None if value is None else round(float(value), 2)


def assessment_scores(assessment) -> dict[int, dict]:
    """{axis order: {"axis", "average"}} of one assessment: the average level of the
    answered criteria of each axis, rounded as the territory's scores (`_score`). The
    structure diagnostic report reads it (definition "scores")."""
    if assessment is None:
        return {}
    rows = (
        Answer.objects.filter(assessment=assessment, level__isnull=False)
        .values("criterion__axis__order")
        .annotate(average=Avg("level"), title=Min("criterion__axis__title"))
        .order_by("criterion__axis__order")
    )
    return {
        row["criterion__axis__order"]: {"axis": row["title"], "average": _score(row["average"])}
        for row in rows
    }


def scores(scope: Scope) -> Section:
    """The average level of each axis over the assessments submitted in the period before
    the data were read (definition "scores"). The same query finds the first answers
    submitted after that instant and within the period: they will count from then on."""
    counted = Q(assessment__submitted_at__lt=scope.until)
    rows = (
        Answer.objects.filter(
            scope.structure_filter("assessment__structure__"),
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__submitted_at__gte=scope.since,
            assessment__submitted_at__lt=scope.period_until,
        )
        .values("criterion__axis__order", "assessment__kind")
        .annotate(
            answers=Count("pk", filter=counted),
            average=Avg("level", filter=counted),
            structures=Count("assessment__structure", filter=counted, distinct=True),
            title=Min("criterion__axis__title", filter=counted),
            to_come=Min("assessment__submitted_at", filter=~counted),
        )
        .order_by("criterion__axis__order")
    )
    by_axis: dict[int, dict] = {}
    to_come = []
    for row in rows:
        if row["to_come"] is not None:
            to_come.append(row["to_come"])
        if not row["answers"]:
            continue
        entry = by_axis.setdefault(
            row["criterion__axis__order"],
            {
                "order": row["criterion__axis__order"],
                "axis": row["title"],
                "self": None,
                "visit": None,
            },
        )
        entry[row["assessment__kind"]] = _score(row["average"])
        entry[f"{row['assessment__kind']}_structures"] = row["structures"]
    return Section([by_axis[order] for order in sorted(by_axis)], min(to_come, default=None))


def activity(scope: Scope) -> Section:
    """Visits held, accompaniments running and partners met over the period (definitions
    "visits", "accompaniments", "partners_met"), in two queries: the territory's structures
    joined to their visits and accompaniments of the period, and its organisations. Each
    counts by its dates, not by the instant the data are read: only a write changes them."""
    held = Q(visits__held_on__gte=scope.period_start, visits__held_on__lte=scope.period_end)
    running = Q(accompaniments__started_on__lte=scope.period_end) & (
        Q(accompaniments__ended_on__isnull=True)
        | Q(accompaniments__ended_on__gte=scope.period_start)
    )
    kinds = sorted(AccompanimentKind.values)  # listed in the order of their codes
    counts = (
        Structure.objects.filter(scope.structure_filter())
        .alias(
            held_visits=FilteredRelation("visits", condition=held),
            running=FilteredRelation("accompaniments", condition=running),
        )
        .aggregate(
            visits=Count("held_visits", distinct=True),
            visited_structures=Count("held_visits__structure", distinct=True),
            **{
                f"accompaniments_{kind}": Count(
                    "running", filter=Q(running__kind=kind), distinct=True
                )
                for kind in kinds
            },
        )
    )
    labels = dict(AccompanimentKind.choices)
    accompaniments = [
        {"kind": kind, "label": str(labels[kind]), "count": counts[f"accompaniments_{kind}"]}
        for kind in kinds
        if counts[f"accompaniments_{kind}"]
    ]
    organisations = Organisation.objects.all()
    if scope.region is not None:
        organisations = organisations.filter(region=scope.region)
    # Every organisation of the territory (the count by kind), each marked met or not.
    rows = list(
        organisations.annotate(
            met=ExpressionWrapper(
                partners_met_filter(scope.period_start, scope.period_end),
                output_field=BooleanField(),
            ),
            visits=Count(
                "diagnostic_visits",
                filter=Q(
                    diagnostic_visits__held_on__gte=scope.period_start,
                    diagnostic_visits__held_on__lte=scope.period_end,
                ),
                distinct=True,
            ),
        )
        .values("name", "kind__name", "met", "visits")
        .order_by()
    )
    partners = sorted((row for row in rows if row["met"]), key=lambda row: collate(row["name"]))
    by_kind = sorted(
        Counter(row["kind__name"] for row in rows).items(), key=lambda item: collate(item[0])
    )
    figures = {
        "visits": counts["visits"],
        "visited_structures": counts["visited_structures"],
        "accompaniments": accompaniments,
        "accompaniments_total": sum(row["count"] for row in accompaniments),
        "partners_met": [
            {
                "name": row["name"],
                "kind": row["kind__name"],
                "visits": row["visits"],
            }
            for row in partners
        ],
        "partners_total": len(rows),
        "partners_by_kind": [{"kind": kind, "count": count} for kind, count in by_kind],
    }
    return Section(figures, None)


def partner_visits(start, end):
    """Diagnostic visits an organisation took part in: a way of meeting a partner (see the
    definition of "partners met", network/figures.py)."""
    return Visit.objects.filter(
        partner_participants=OuterRef("pk"), held_on__gte=start, held_on__lte=end
    )
