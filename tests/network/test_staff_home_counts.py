"""The staff home's counts come from the directories' cache, and every change of what they
count shows on the very next request: a structure created, moved or deleted, a membership
decided, a write that sends no signal."""

import datetime
import re

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


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def counts(client, **params) -> dict:
    """The structures' figures as the page shows them."""
    html = page(client, **params)
    total = re.search(r"sur (\d+) structures|\?region=\d+\">(\d+)</a>structures<", html)
    members = re.search(r"adhesion=member\">(\d+)</a>", html)
    return {
        "total": int(total.group(1) or total.group(2)),
        "by_kind": {kind: int(n) for kind, n in re.findall(r"kind=(\w+)\">(\d+)</a>", html)},
        "by_commune": {
            name: int(n)
            for name, n in re.findall(
                r"<th scope=\"row\">([^<]+)</th><td class=\"text-end\"><a href=\"[^\"]*"
                r"commune_code=\w+\">(\d+)</a>",
                html,
            )
        },
        # No campaign: "non déclaré" on the page, never 0.
        "members": int(members.group(1)) if members else ("non déclaré" in html and None),
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
    tables = " ".join(query["sql"] for query in again.captured_queries)
    for table in ("structures_structure", "network_organisation", "network_mission"):
        assert table not in tables


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
            assert counts(national, region=code)["by_commune"] == {place: 1}
    assert "suites à donner ouvertes" in page(national, region="03")
    national.post(reverse("set_language"), {"language": "en"})
    assert "open follow-up actions" in page(national, region="03")


def test_the_home_counts_when_the_cache_cannot_be_reached(guyane_staff, settings):
    StructureFactory.create_batch(2)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert counts(guyane_staff)["total"] == 2


def activity(client) -> dict:
    """The network's activity as the page shows it."""
    html = page(client)
    overdue = re.search(r"(\d+) en retard", html)
    return {
        "met": int(re.search(r"met=yes[^\"]*\">(\d+)</a>", html).group(1)),
        "not_met": int(re.search(r"met=no[^\"]*\">(\d+) pas encore", html).group(1)),
        "open": int(re.search(r"done=no\">(\d+)</a>", html).group(1)),
        "overdue": int(overdue.group(1)) if overdue else 0,
        "missions": re.findall(r"/\">([^<]+)</a> — [^<]*\(à venir\)</li>", html),
        "last": re.findall(r"/\">([^<]+)</a> — [^<(]*</li>", html),
    }


def test_every_change_of_the_network_s_activity_shows_on_the_next_request(guyane_staff):
    from diagnostics.models import Visit
    from tests.factories import OrganisationFactory
    from tests.network.factories import (
        InteractionFactory,
        InteractionFollowUpFactory,
        MissionFactory,
    )

    today = timezone.localdate()
    dieccte, ctg = OrganisationFactory(name="DIECCTE"), OrganisationFactory(name="CTG")
    assert activity(guyane_staff)["not_met"] == 2
    assert activity(guyane_staff)["met"] == 0

    # An exchange this year, then the partner it met (a many-to-many link).
    exchange = InteractionFactory(occurred_on=today)
    assert activity(guyane_staff)["met"] == 0
    exchange.organisations.add(dieccte)
    assert activity(guyane_staff)["met"] == 1
    # A diagnostic visit held with the other partner (a meeting source of diagnostics).
    visit = Visit.objects.create(
        structure=StructureFactory(), planned_on=today, held_on=today, place="Mana"
    )
    visit.partner_participants.add(ctg)
    assert activity(guyane_staff)["met"] == 2
    visit.partner_participants.clear()
    assert activity(guyane_staff)["met"] == 1

    # Follow-ups: one late, then done.
    follow_up = InteractionFollowUpFactory(
        interaction=exchange, due_on=today - datetime.timedelta(1)
    )
    assert (activity(guyane_staff)["open"], activity(guyane_staff)["overdue"]) == (1, 1)
    follow_up.done_at = timezone.now()
    follow_up.save()
    assert activity(guyane_staff)["open"] == 0

    # Missions: one to come, then moved to the past, then deleted.
    mission = MissionFactory(
        title="Séjour à Maripasoula", starts_on=today, ends_on=today + datetime.timedelta(3)
    )
    assert activity(guyane_staff)["missions"] == ["Séjour à Maripasoula"]
    mission.starts_on = today - datetime.timedelta(10)
    mission.ends_on = today - datetime.timedelta(8)
    mission.save()
    assert activity(guyane_staff)["last"] == ["Séjour à Maripasoula"]
    mission.delete()
    assert activity(guyane_staff)["last"] == []

    # A partner deleted.
    ctg.delete()
    assert activity(guyane_staff)["not_met"] == 0
