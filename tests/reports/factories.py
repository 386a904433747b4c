"""Structures with conventions and yearly indicators for the report tests."""

import datetime
from decimal import Decimal

from structures.models import Convention, YearlyIndicators
from tests.factories import StructureFactory


def structure_with_figures(*, name: str, insee: str = "97302", years=(2016, 2017, 2018), seed=1):
    from tests.factories import commune

    structure = StructureFactory(name=name, commune=commune(insee))
    for offset, year in enumerate(years):
        Convention.objects.create(
            structure=structure,
            year=year,
            number=f"ACI973{year % 100:02d}{seed:04d}A0M0",
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            etp_conventionnes=Decimal("12.50") + offset,
            aid_per_post=Decimal("20000"),
        )
        YearlyIndicators.objects.create(
            structure=structure,
            year=year,
            employees=31 + offset + seed,
            hours_worked=Decimal("18200.0"),
            etp_realises=Decimal("10.75") + offset,
            hired_rsa=9 + offset,
            hired_under_26=7,
            hired_over_50=4,
            exits_durable=5 + offset,
            exits_transition=4,
            exits_positive=3,
            exits_other=8,
            exits_neutralised=1,
        )
    return structure
