"""The staff home's counts come from the directories' cache, and every change of what they
count shows on the very next request: a structure created, moved or deleted, a membership
decided, a write that sends no signal."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from structures.enums import AdhesionStatus
from structures.models import Adhesion, AdhesionCampaign, Structure
from tests.factories import StructureFactory, UserFactory, commune, region

pytestmark = pytest.mark.django_db

URL = reverse("network:staff_home")


def counts(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    context = response.context
    return {
        "total": context["figures"]["structures"]["total"],
        "by_kind": {row["kind"]: row["count"] for row in context["siae_by_kind"]},
        "by_commune": {row["commune"]: row["count"] for row in context["by_commune"]},
        "members": context["members"],
    }


def reference_campaign():
    """The membership campaign of the reference year (the last complete one)."""
    year = timezone.localdate().year - 1
    return AdhesionCampaign.objects.create(
        year=year,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        default_dues=100,
    )


@pytest.fixture
def guyane_staff(login):
    return login(UserFactory(regional=True, regions=[region("03")]))


def test_a_second_visit_counts_nothing_again(guyane_staff):
    StructureFactory.create_batch(3)
    assert counts(guyane_staff)["total"] == 3
    with CaptureQueriesContext(connection) as again:
        assert counts(guyane_staff)["total"] == 3
    assert not any("structures_structure" in query["sql"] for query in again.captured_queries)


def test_every_change_of_what_it_counts_shows_on_the_next_request(guyane_staff):
    cayenne = StructureFactory(name="Chantier de Cayenne", kind="ACI")
    assert counts(guyane_staff) == {
        "total": 1,
        "by_kind": {"ACI": 1},
        "by_commune": {"Cayenne": 1},
        "members": None,  # no campaign: "non déclaré" on the page, never 0
    }

    # Created, then moved to another commune and kind.
    kourou = StructureFactory(name="Atelier de Kourou", kind="EI")
    assert counts(guyane_staff)["by_kind"] == {"ACI": 1, "EI": 1}
    kourou.commune = commune("97304")
    kourou.kind = "AI"
    kourou.save()
    figures = counts(guyane_staff)
    assert figures["by_kind"] == {"ACI": 1, "AI": 1}
    assert figures["by_commune"] == {"Cayenne": 1, "Kourou": 1}

    # The campaign of the reference year, then a membership decided.
    campaign = reference_campaign()
    assert counts(guyane_staff)["members"] == 0
    adhesion = Adhesion.objects.create(campaign=campaign, structure=cayenne, dues_amount=100)
    assert counts(guyane_staff)["members"] == 0  # invited, not yet a member
    adhesion.status = AdhesionStatus.MEMBER
    adhesion.save()
    assert counts(guyane_staff)["members"] == 1

    # Writes that send no signal.
    Adhesion.objects.filter(pk=adhesion.pk).update(status=AdhesionStatus.LEFT)
    assert counts(guyane_staff)["members"] == 0
    Structure.objects.filter(pk=kourou.pk).update(kind="ETTI")
    assert counts(guyane_staff)["by_kind"] == {"ACI": 1, "ETTI": 1}

    # Deleted.
    kourou.delete()
    assert counts(guyane_staff)["total"] == 1


def test_the_counts_are_kept_per_territory_and_language(login):
    StructureFactory(name="Chantier de Cayenne", kind="ACI")
    caen = commune("14118")
    StructureFactory(name="Atelier de Caen", commune=caen, departement=caen.departement)
    national = login(UserFactory(national=True))
    for _ in range(2):  # the second time from the cache
        for code, place in (("03", "Cayenne"), ("28", "Caen")):
            response = national.get(URL, {"region": code})
            assert [row["commune"] for row in response.context["by_commune"]] == [place]
    reference_campaign()

    def first_status(response):
        return response.context["figures"]["members"]["by_status"][0]["label"]

    assert first_status(national.get(URL, {"region": "03"})) == "Invitée"
    national.post(reverse("set_language"), {"language": "en"})
    assert first_status(national.get(URL, {"region": "03"})) == "Invited"


def test_the_home_counts_when_the_cache_cannot_be_reached(guyane_staff, settings):
    StructureFactory.create_batch(2)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert counts(guyane_staff)["total"] == 2
