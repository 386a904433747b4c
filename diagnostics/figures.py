"""The diagnostics app's sections of the territorial figures (see structures/figures.py):
scores by axis, diagnostic visits, accompaniments and partners met over the period."""

from django.db.models import Avg, Count, Exists, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from network.models import Interaction, Organisation
from structures.figures import Scope, define

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
define(
    "partners_met",
    _("Partenaires rencontrés"),
    _(
        "Organisations partenaires du territoire avec au moins un échange consigné au journal "
        "ou une visite de diagnostic à laquelle elles ont pris part pendant la période."
    ),
    _("Journal des échanges et visites saisis dans le portail"),
)


def _score(value) -> float | None:
    return None if value is None else round(float(value), 2)


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
    exchanges = Interaction.objects.filter(
        organisations=OuterRef("pk"),
        occurred_on__gte=scope.period_start,
        occurred_on__lte=scope.period_end,
    )
    met_at_visits = Visit.objects.filter(in_period, partner_participants=OuterRef("pk"))
    partners = list(
        organisations.annotate(
            exchanged=Exists(exchanges),
            visits=Count(
                "diagnostic_visits",
                filter=Q(
                    diagnostic_visits__held_on__gte=scope.period_start,
                    diagnostic_visits__held_on__lte=scope.period_end,
                ),
                distinct=True,
            ),
        )
        .filter(Q(exchanged=True) | Exists(met_at_visits))
        .values("name", "kind__name", "visits", "exchanged")
        .order_by("name")
    )
    by_kind = list(
        organisations.values("kind__name").annotate(count=Count("pk")).order_by("kind__name")
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
                "exchanged": row["exchanged"],
            }
            for row in partners
        ],
        "partners_total": sum(row["count"] for row in by_kind),
        "partners_by_kind": [{"kind": row["kind__name"], "count": row["count"]} for row in by_kind],
    }
