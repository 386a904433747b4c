import datetime
from decimal import Decimal

import factory

from network.models import Contact, Interaction, InteractionFollowUp, Mission
from structures.models import Adhesion, AdhesionCampaign
from tests.factories import OrganisationFactory, StructureFactory, UserFactory, region


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Contact{n}")
    role = "Chargé de mission"
    email = factory.Sequence(lambda n: f"contact{n}@exemple.test")
    phone = "+594 594 11 22 33"


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    title = factory.Sequence(lambda n: f"Mission {n}")
    region = factory.LazyFunction(lambda: region("03"))
    starts_on = datetime.date(2019, 1, 28)
    ends_on = datetime.date(2019, 2, 15)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    title = factory.Sequence(lambda n: f"Rencontre {n}")
    region = factory.LazyFunction(lambda: region("03"))
    occurred_on = datetime.date(2019, 2, 8)


class InteractionFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InteractionFollowUp

    interaction = factory.SubFactory(InteractionFactory)
    title = factory.Sequence(lambda n: f"Suite {n}")
    owner = factory.SubFactory(UserFactory, national=True)
    due_on = datetime.date(2019, 3, 1)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdhesionCampaign
        django_get_or_create = ["year"]

    year = 2030
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))
    default_dues = Decimal("350.00")
    opened_at = factory.LazyFunction(lambda: datetime.datetime(2030, 1, 2, 9, tzinfo=datetime.UTC))


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adhesion

    campaign = factory.SubFactory(CampaignFactory)
    structure = factory.SubFactory(StructureFactory)
    dues_amount = Decimal("350.00")


__all__ = ["OrganisationFactory", "StructureFactory", "UserFactory"]
