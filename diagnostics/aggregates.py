"""Figures computed in the database: scores per axis and the territorial state of play.

Every function here issues a fixed number of queries (GROUP BY in SQL, never a Python loop
over structures), so a territory of 1,000 SIAE costs the same as one of 20. Results are
plain JSON-serialisable dicts and lists: a frozen territorial diagnostic stores them as-is.
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Avg, Count, Min, Q, Sum
from django.utils import timezone

from network.models import Organisation
from structures.enums import StructureKind
from structures.models import Convention, Structure, YearlyIndicators
from structures.rates import exit_rates, occupancy

from .enums import AccompanimentKind, AssessmentStatus
from .models import Accompaniment, Answer, Visit

PUBLIC_FIELDS = ["hired_rsa", "hired_under_26", "hired_over_50", "hired_disabled", "hired_qpv"]
EXIT_FIELDS = [
    "exits_durable",
    "exits_transition",
    "exits_positive",
    "exits_other",
    "exits_neutralised",
]


def _number(value) -> str | None:
    """Decimals travel as strings in JSON, rounded to what a report shows."""
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01")))


def _score(value) -> float | None:
    return None if value is None else round(float(value), 2)


# Scores ---------------------------------------------------------------------------------


def axis_scores(assessment_ids) -> dict[int, dict[int, dict]]:
    """Average level per axis for each assessment, in one query.

    Returns {assessment id: {axis order: {"title", "average", "answered"}}}; axes are
    matched across grid versions by their order, so two visits made with different versions
    of the same grid can still be compared.
    """
    rows = (
        Answer.objects.filter(assessment_id__in=list(assessment_ids))
        .values("assessment_id", "criterion__axis__order", "criterion__axis__title")
        .annotate(average=Avg("level"), answered=Count("level"))
        .order_by("assessment_id", "criterion__axis__order")
    )
    scores: dict[int, dict[int, dict]] = {}
    for row in rows:
        scores.setdefault(row["assessment_id"], {})[row["criterion__axis__order"]] = {
            "title": row["criterion__axis__title"],
            "average": _score(row["average"]),
            "answered": row["answered"],
        }
    return scores


# Territorial state of play -----------------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _meetings(region, period_start, period_end) -> list[dict] | None:
    """Meetings held in the territory over the period (the diagnostic's annex), when the
    events app provides them; None otherwise. One query, at most 100 rows."""
    try:
        event_model = apps.get_model("events", "Event")
        for name in ("region", "starts_at", "title"):
            event_model._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return None
    events = event_model.objects.filter(
        region=region, starts_at__date__gte=period_start, starts_at__date__lte=period_end
    )
    try:
        event_model._meta.get_field("status")
    except FieldDoesNotExist:
        pass
    else:
        events = events.exclude(status__in=["draft", "cancelled"])
    return [
        {"title": row["title"], "date": row["starts_at"].date().isoformat()}
        for row in events.order_by("starts_at").values("title", "starts_at")[:100]
    ]


def territorial_figures(*, region, period_start: datetime.date, period_end: datetime.date) -> dict:
    """The state of play of a territory over a period, from live data."""
    structures = Structure.objects.filter(departement__region=region)
    in_region = Q(structure__departement__region=region)
    years = list(range(period_start.year, period_end.year + 1))
    kind_labels = dict(StructureKind.choices)

    by_kind = list(structures.values("kind").annotate(count=Count("pk")).order_by("kind"))
    by_commune = list(
        structures.values("commune__name", "commune__insee_code")
        .annotate(
            count=Count("pk"),
            siae=Count("pk", filter=Q(kind__in=StructureKind.siae_kinds())),
        )
        .order_by("-count", "commune__name")
    )
    conventions = {
        row["year"]: row
        for row in Convention.objects.filter(in_region, year__in=years)
        .values("year")
        .annotate(etp=Sum("etp_conventionnes"), count=Count("pk"))
    }
    indicators = {
        row["year"]: row
        for row in YearlyIndicators.objects.filter(in_region, year__in=years)
        .values("year")
        .annotate(
            structures=Count("structure", distinct=True),
            etp=Sum("etp_realises"),
            employees=Sum("employees"),
            hours=Sum("hours_worked"),
            training_hours=Sum("training_hours"),
            **{field: Sum(field) for field in PUBLIC_FIELDS + EXIT_FIELDS},
        )
    }
    year_rows = []
    for year in years:
        convention = conventions.get(year, {})
        indicator = indicators.get(year, {})
        rates = exit_rates(
            durable=indicator.get("exits_durable"),
            transition=indicator.get("exits_transition"),
            positive=indicator.get("exits_positive"),
            other=indicator.get("exits_other"),
        )
        rate = (
            occupancy(etp_realises=indicator.get("etp"), etp_conventionnes=convention.get("etp"))
            if indicator
            else None  # nothing reported yet for that year: no rate rather than 0 %
        )
        year_rows.append(
            {
                "year": year,
                "conventions": convention.get("count", 0),
                "etp_conventionnes": _number(convention.get("etp")),
                "etp_realises": _number(indicator.get("etp")),
                "occupancy": _number(rate),
                "reporting_structures": indicator.get("structures", 0),
                "employees": indicator.get("employees") or 0,
                "training_hours": _number(indicator.get("training_hours")),
                "public": {field: indicator.get(field) or 0 for field in PUBLIC_FIELDS},
                "exits": {field: indicator.get(field) or 0 for field in EXIT_FIELDS},
                "exits_counted": rates.counted,
                "durable_rate": _number(rates.durable),
                "dynamic_rate": _number(rates.dynamic),
                "durable_meets_target": rates.durable_meets_target,
                "dynamic_meets_target": rates.dynamic_meets_target,
            }
        )

    # The period's days in the current time zone, as a range of instants the database can
    # compare without converting every row's timestamp to a date first.
    since, until = _day_start(period_start), _day_start(period_end + datetime.timedelta(days=1))
    score_rows = (
        Answer.objects.filter(
            assessment__structure__departement__region=region,
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__submitted_at__gte=since,
            assessment__submitted_at__lt=until,
        )
        .values("criterion__axis__order", "assessment__kind")
        .annotate(
            average=Avg("level"),
            structures=Count("assessment__structure", distinct=True),
            title=Min("criterion__axis__title"),
        )
        .order_by("criterion__axis__order")
    )
    scores: dict[int, dict] = {}
    for row in score_rows:
        entry = scores.setdefault(
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

    visits = Visit.objects.filter(
        structure__departement__region=region,
        held_on__gte=period_start,
        held_on__lte=period_end,
    ).aggregate(count=Count("pk", distinct=True), structures=Count("structure", distinct=True))
    accompaniments = list(
        Accompaniment.objects.filter(
            structure__departement__region=region,
            started_on__lte=period_end,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period_start))
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("kind")
    )
    partners_met = list(
        Organisation.objects.filter(
            region=region,
            diagnostic_visits__held_on__gte=period_start,
            diagnostic_visits__held_on__lte=period_end,
        )
        .values("name", "kind__name")
        .annotate(visits=Count("diagnostic_visits", distinct=True))
        .order_by("name")
    )
    partners_by_kind = list(
        Organisation.objects.filter(region=region)
        .values("kind__name")
        .annotate(count=Count("pk"))
        .order_by("kind__name")
    )
    accompaniment_labels = dict(AccompanimentKind.choices)
    meetings = _meetings(region, period_start, period_end)
    return {
        "region": {"code": region.code, "name": region.name},
        "period": {"start": period_start.isoformat(), "end": period_end.isoformat()},
        "computed_at": timezone.now().isoformat(),
        "structures": {
            "total": sum(row["count"] for row in by_kind),
            "siae": sum(
                row["count"] for row in by_kind if row["kind"] in StructureKind.siae_kinds()
            ),
            "by_kind": [
                {
                    "kind": row["kind"],
                    "label": str(kind_labels.get(row["kind"], row["kind"])),
                    "count": row["count"],
                }
                for row in by_kind
            ],
            "by_commune": [
                {
                    "commune": row["commune__name"],
                    "insee": row["commune__insee_code"],
                    "count": row["count"],
                    "siae": row["siae"],
                }
                for row in by_commune
            ],
        },
        "years": year_rows,
        "scores": [scores[order] for order in sorted(scores)],
        "activity": {
            "visits": visits["count"],
            "visited_structures": visits["structures"],
            "accompaniments": [
                {
                    "kind": row["kind"],
                    "label": str(accompaniment_labels.get(row["kind"], row["kind"])),
                    "count": row["count"],
                }
                for row in accompaniments
            ],
            "partners_met": [
                {"name": row["name"], "kind": row["kind__name"], "visits": row["visits"]}
                for row in partners_met
            ],
            "partners_by_kind": [
                {"kind": row["kind__name"], "count": row["count"]} for row in partners_by_kind
            ],
            "meetings": None if meetings is None else len(meetings),
            "meetings_held": meetings or [],
        },
    }
