"""The diagnostics app's sections of the territorial figures (see structures/figures.py):
scores by axis, diagnostic visits, accompaniments and partners met over the period."""

from django.db.models import Avg, Count, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from network.figures import partners_met_filter
from network.models import Organisation
from structures.figures import Scope, collate, define

from .enums import AccompanimentKind, AssessmentStatus
from .models import Accompaniment, Answer, Visit

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


def scores(scope: Scope) -> list[dict]:
    rows = (
        Answer.objects.filter(
            scope.structure_filter("assessment__structure__"),
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__submitted_at__gte=scope.since,
            assessment__submitted_at__lt=scope.until,
        )
        .values("criterion__axis__order", "assessment__kind")
        .annotate(
            average=Avg("level"),
            structures=Count("assessment__structure", distinct=True),
            title=Min("criterion__axis__title"),
        )
        .order_by("criterion__axis__order")
    )
    by_axis: dict[int, dict] = {}
    for row in rows:
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
    return [by_axis[order] for order in sorted(by_axis)]


def activity(scope: Scope) -> dict:
    in_period = Q(held_on__gte=scope.period_start, held_on__lte=scope.period_end)
    visits = Visit.objects.filter(scope.structure_filter("structure__"), in_period).aggregate(
        count=Count("pk", distinct=True), structures=Count("structure", distinct=True)
    )
    accompaniments = (
        Accompaniment.objects.filter(
            scope.structure_filter("structure__"), started_on__lte=scope.period_end
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.period_start))
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("kind")
    )
    labels = dict(AccompanimentKind.choices)
    organisations = Organisation.objects.all()
    if scope.region is not None:
        organisations = organisations.filter(region=scope.region)
    partners = list(
        organisations.filter(partners_met_filter(scope.period_start, scope.period_end))
        .annotate(
            visits=Count(
                "diagnostic_visits",
                filter=Q(
                    diagnostic_visits__held_on__gte=scope.period_start,
                    diagnostic_visits__held_on__lte=scope.period_end,
                ),
                distinct=True,
            ),
        )
        .values("name", "kind__name", "visits")
        .order_by()
    )
    partners.sort(key=lambda row: collate(row["name"]))
    by_kind = sorted(
        organisations.values("kind__name").annotate(count=Count("pk")).order_by(),
        key=lambda row: collate(row["kind__name"]),
    )
    return {
        "visits": visits["count"],
        "visited_structures": visits["structures"],
        "accompaniments": [
            {
                "kind": row["kind"],
                "label": str(labels.get(row["kind"], row["kind"])),
                "count": row["count"],
            }
            for row in accompaniments
        ],
        "accompaniments_total": sum(row["count"] for row in accompaniments),
        "partners_met": [
            {
                "name": row["name"],
                "kind": row["kind__name"],
                "visits": row["visits"],
            }
            for row in partners
        ],
        "partners_total": sum(row["count"] for row in by_kind),
        "partners_by_kind": [{"kind": row["kind__name"], "count": row["count"]} for row in by_kind],
    }


def partner_visits(start, end):
    """Diagnostic visits an organisation took part in: a way of meeting a partner (see the
    definition of "partners met", network/figures.py)."""
    return Visit.objects.filter(
        partner_participants=OuterRef("pk"), held_on__gte=start, held_on__lte=end
    )
