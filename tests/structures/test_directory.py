"""The staff directory served from the cache: scoped per person, fresh after every change."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from structures.enums import AdhesionStatus
from structures.models import Adhesion, AdhesionCampaign, Structure
from territories.models import Commune, Departement
from tests.factories import MembershipFactory, StructureFactory, UserFactory, region
from tests.structures.factories import ConventionFactory, IndicatorsFactory

pytestmark = pytest.mark.django_db

URL = reverse("structures:directory")


def rows(response) -> dict[str, str]:
    """{name: the row's markup} of the directory's table."""
    assert response.status_code == 200
    html = response.content.decode()
    return {
        name: row
        for row, name in re.findall(
            r'(<th scope="row"><a href="/structures/\d+/">([^<]+)</a></th>.*?</tr>)', html, re.S
        )
    }


def names(response) -> set[str]:
    return set(rows(response))


@pytest.fixture
def caen():
    departement = Departement.objects.get(code="14")
    return Commune.objects.get_or_create(
        insee_code="14118", defaults={"name": "Caen", "departement": departement}
    )[0]


@pytest.fixture
def two_regions(caen):
    StructureFactory(name="Chantier de Cayenne")
    StructureFactory(name="Atelier de Caen", commune=caen, departement=caen.departement)


def test_each_person_sees_their_territories_only_even_from_the_cache(login, two_regions):
    guyane = UserFactory(regional=True, regions=[region("03")])
    normandie = UserFactory(regional=True, regions=[region("28")])
    national = UserFactory(national=True)
    for _ in range(2):  # the second time from the cache
        assert names(login(guyane).get(URL)) == {"Chantier de Cayenne"}
        assert names(login(normandie).get(URL)) == {"Atelier de Caen"}
        assert names(login(national).get(URL)) == {"Chantier de Cayenne", "Atelier de Caen"}
    normandie.regions.add(region("03"))
    assert names(login(normandie).get(URL)) == {"Chantier de Cayenne", "Atelier de Caen"}
    html = login(guyane).get(URL).content.decode()
    assert f'<option value="{region("28").pk}">' not in html  # nor in the filter


def test_a_repeated_request_is_served_from_the_cache(login, two_regions):
    client = login(UserFactory(national=True))
    params = {"q": "caen", "sort": "-name"}
    with CaptureQueriesContext(connection) as first:
        assert names(client.get(URL, params)) == {"Atelier de Caen"}
    with CaptureQueriesContext(connection) as second:
        assert names(client.get(URL, params)) == {"Atelier de Caen"}
    tables = " ".join(query["sql"] for query in second.captured_queries)
    assert "structures_structure" in " ".join(q["sql"] for q in first.captured_queries)
    assert '"structures_structure"."name"' not in tables  # no row read again
    assert len(second.captured_queries) < len(first.captured_queries)


def test_every_change_shows_on_the_next_request(login):
    staff = UserFactory(regional=True, regions=[region("03")])
    client = login(staff)
    structure = StructureFactory(name="Avant")
    assert names(client.get(URL)) == {"Avant"}

    # The structure's page edited by staff.
    response = client.post(
        reverse("structures:structure_edit", kwargs={"pk": structure.pk}),
        {"name": "Après", "kind": "ACI", "commune_insee": "97302"},
    )
    assert response.status_code == 302
    assert names(client.get(URL)) == {"Après"}

    # A convention, then its status.
    convention = ConventionFactory(structure=structure, year=2018, status="filed")
    IndicatorsFactory(structure=StructureFactory(name="Autre"), year=2018)
    assert "(Déposée)" in rows(client.get(URL, {"year": 2018}))["Après"]
    convention.status = "signed"
    convention.save()
    assert "(Signée)" in rows(client.get(URL, {"year": 2018}))["Après"]

    # Indicators of the year entered, then deleted.
    assert "manquants" in rows(client.get(URL, {"year": 2018}))["Après"]
    indicators = IndicatorsFactory(structure=structure, year=2018)
    assert "saisis" in rows(client.get(URL, {"year": 2018}))["Après"]
    indicators.delete()
    assert "manquants" in rows(client.get(URL, {"year": 2018}))["Après"]

    # An adhesion of the latest campaign, opened in bulk, then updated.
    campaign = AdhesionCampaign.objects.create(
        year=2019, starts_on="2019-01-01", ends_on="2019-12-31"
    )
    Adhesion.objects.bulk_create(
        [Adhesion(campaign=campaign, structure=structure, dues_amount=Decimal("50"))]
    )
    assert "Invitée" in rows(client.get(URL, {"year": 2018, "campaign": 2019}))["Après"]
    adhesion = Adhesion.objects.get(structure=structure)
    adhesion.status = AdhesionStatus.MEMBER
    adhesion.save()
    assert "Adhérente" in rows(client.get(URL, {"year": 2018, "campaign": 2019}))["Après"]

    # Structures created in bulk (an import, the demo) and deleted.
    Structure.objects.bulk_create(
        [
            Structure(
                name="Nouvelle",
                kind="EI",
                commune=structure.commune,
                departement=structure.departement,
            )
        ]
    )
    Structure.objects.filter(name="Autre").delete()
    assert names(client.get(URL)) == {"Après", "Nouvelle"}


def test_each_language_has_its_own_content(login, two_regions):
    client = login(UserFactory(national=True))
    assert ">Filtrer<" in client.get(URL).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    html = client.get(URL).content.decode()
    assert ">Filter<" in html and ">Filtrer<" not in html


def test_filters_keep_their_values_and_show_errors(login, two_regions):
    client = login(UserFactory(national=True))
    html = client.get(
        URL, {"q": "<b>caen", "kind": ["EI", "ZZ"], "year": "abc", "sort": "-name"}
    ).content.decode()
    assert 'name="q" value="&lt;b&gt;caen"' in html
    assert '<option value="-name" selected>' in html
    assert 'aria-describedby="id_year_helptext id_year_error"' in html
    assert '<ul class="errorlist" id="id_year_error">' in html
    assert 'value="EI" id="id_kind_2" checked aria-invalid="true"' in html
    # Invalid filters are set aside: the list is the whole directory, never a 500.
    assert names(client.get(URL, {"year": "abc"})) == {"Chantier de Cayenne", "Atelier de Caen"}


def test_a_new_text_reuses_the_filters_rendered_for_others_scoped_and_fresh(login, two_regions):
    """The filter panel but the text comes from the cache under its own values: a new text
    shows in its field, with the other filters as asked, the territories of the person
    asking, and a territory's new name at once."""
    national = UserFactory(national=True)
    html = login(national).get(URL, {"q": "cayenne", "kind": "ACI"}).content.decode()
    guyane_pk, normandie_pk = region("03").pk, region("28").pk
    assert f'<option value="{normandie_pk}">' in html
    guyane = UserFactory(regional=True, regions=[region("03")])
    response = login(guyane).get(URL, {"q": "chantier", "kind": "ACI"})
    html = response.content.decode()
    assert names(response) == {"Chantier de Cayenne"}
    assert 'name="q" value="chantier"' in html and 'value="cayenne"' not in html
    assert 'value="ACI" id="id_kind_0" checked' in html
    assert f'<option value="{guyane_pk}">' in html
    assert f'<option value="{normandie_pk}">' not in html
    territory = region("03")
    territory.name = "Guyane française"
    territory.save()
    html = login(guyane).get(URL, {"q": "atelier", "kind": "ACI"}).content.decode()
    assert f'<option value="{guyane_pk}">Guyane française</option>' in html
    params = {"q": "caen", "kind": "ACI", "region": normandie_pk}
    html = login(national).get(URL, params).content.decode()
    assert f'<option value="{normandie_pk}" selected>' in html


def test_the_directory_works_when_the_cache_cannot_be_reached(login, two_regions, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = login(UserFactory(national=True)).get(URL)
    assert names(response) == {"Chantier de Cayenne", "Atelier de Caen"}


def test_members_directory_is_fresh_after_a_change_and_the_same_for_every_manager(login):
    url = reverse("structures:member_directory")
    other = StructureFactory(name="Ressourcerie du fleuve", sectors=["recyclage"])
    first, second = MembershipFactory(), MembershipFactory()
    html = login(first.user).get(url).content.decode()
    assert "Ressourcerie du fleuve" in html and "Recyclage, réemploi" in html
    other.name = "Ressourcerie de l'Oyapock"
    other.public_email = "contact@ressourcerie.test"
    other.save()
    for membership in (first, second):
        html = login(membership.user).get(url).content.decode()
        assert "Ressourcerie de l&#x27;Oyapock" in html
        assert "mailto:contact@ressourcerie.test" in html
    assert (
        "Ressourcerie de l&#x27;Oyapock"
        not in login(first.user).get(url, {"kind": "EI"}).content.decode()
    )
