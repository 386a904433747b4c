"""Helpers shared by the structures views: scoped loading and indicator tables."""

from dataclasses import dataclass
from decimal import Decimal

from django.shortcuts import get_object_or_404

from ..models import Convention, Structure, YearlyIndicators
from ..rates import TARGET_DURABLE, TARGET_DYNAMIC, ExitRates


def structure_for(request, pk: int) -> Structure:
    """The structure if the user may see it (staff of its territory, its managers); 404 otherwise."""
    return get_object_or_404(
        Structure.objects.visible_to(request.user).select_related("commune", "departement__region"),
        pk=pk,
    )


@dataclass
class IndicatorRow:
    indicators: YearlyIndicators
    convention: Convention | None
    rates: ExitRates
    occupancy: Decimal | None


def indicator_rows(
    structure: Structure, *, limit: int | None = None, conventions: list[Convention] | None = None
) -> list[IndicatorRow]:
    """Indicators, newest year first, beside the convention of the same year (2 queries, or
    1 when the page has loaded the structure's conventions already)."""
    indicators = list(
        structure.indicators.order_by("-year")[:limit]
        if limit
        else structure.indicators.order_by("-year")
    )
    if conventions is None:
        conventions = structure.conventions.filter(year__in=[i.year for i in indicators])
    conventions = {c.year: c for c in conventions}
    rows = []
    for item in indicators:
        convention = conventions.get(item.year)
        rows.append(
            IndicatorRow(
                indicators=item,
                convention=convention,
                rates=item.rates,
                occupancy=item.occupancy_with(convention),
            )
        )
    return rows


def targets() -> dict:
    return {"durable": TARGET_DURABLE, "dynamic": TARGET_DYNAMIC}
