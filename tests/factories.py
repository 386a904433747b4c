"""factory_boy factories, with traits for each role."""

import factory
from allauth.account.models import EmailAddress

from accounts.enums import Role, StaffScope
from accounts.models import User
from network.models import Organisation, OrganisationKind
from structures.models import Structure, StructureMembership
from territories.models import Commune, Region

PASSWORD = "correct-horse-battery-staple"


def region(code: str = "03") -> Region:
    return Region.objects.get(code=code)


def commune(insee: str = "97302") -> Commune:
    return Commune.objects.select_related("departement").get(insee_code=insee)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        national = factory.Trait(role=Role.STAFF, staff_scope=StaffScope.NATIONAL)
        regional = factory.Trait(role=Role.STAFF, staff_scope=StaffScope.REGIONAL)
        manager = factory.Trait(role=Role.MANAGER)
        partner = factory.Trait(role=Role.PARTNER)
        superuser = factory.Trait(
            is_superuser=True, is_staff=True, role=Role.STAFF, staff_scope=StaffScope.NATIONAL
        )

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = factory.LazyFunction(lambda: OrganisationKind.objects.get(slug="dieccte"))
    region = factory.LazyFunction(lambda: region("03"))


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = "ACI"
    commune = factory.LazyFunction(lambda: commune("97302"))
    departement = factory.LazyAttribute(lambda o: o.commune.departement)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructureMembership

    user = factory.SubFactory(UserFactory, manager=True)
    structure = factory.SubFactory(StructureFactory)
    is_admin = True
