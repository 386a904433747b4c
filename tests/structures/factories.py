import datetime
from decimal import Decimal

import factory

from structures.models import Convention, YearlyIndicators
from tests.factories import StructureFactory


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention

    structure = factory.SubFactory(StructureFactory)
    year = 2018
    number = factory.LazyAttribute(lambda o: f"{o.structure.kind}973{o.year % 100:02d}0001A0M0")
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))
    etp_conventionnes = Decimal("10")
    status = "signed"


class IndicatorsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyIndicators

    structure = factory.SubFactory(StructureFactory)
    year = 2018
    employees = 20
    etp_realises = Decimal("9")
    exits_durable = 3
    exits_transition = 2
    exits_positive = 2
    exits_other = 3
