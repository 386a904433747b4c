"""Onboarding a territory from the Plateforme de l'inclusion's SIAE API: saved JSON pages
(or the same as CSV) through the import preview, communes found from postcode and city."""

import copy
import csv
import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from structures.models import Structure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = settings.BASE_DIR / "structures" / "samples" / "siae_guyane.json"


def page() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def upload(client, *files):
    return client.post(
        reverse("structures:import_upload"),
        {
            "kind": "structures",
            "file": [SimpleUploadedFile(name, content) for name, content in files],
        },
    )


def preview(client, *files):
    response = upload(client, *files)
    assert response.status_code == 302, response.content.decode()[-2000:]
    url = response["Location"]
    return url, client.get(url).context["report"]


@pytest.fixture
def staff_client(login):
    return login(UserFactory(national=True))


def test_the_guyane_sample_imports_with_communes_from_postcode_and_city(staff_client):
    url, report = preview(staff_client, ("siae_guyane.json", SAMPLE.read_bytes()))
    assert report.counts == {"create": 10, "update": 0, "unchanged": 0, "reject": 0}, [
        (row.line, row.errors) for row in report.rejected
    ]
    # Staff check the commune each address gave before confirming.
    assert report.rows[2].found == "Commune : Saint-Laurent-du-Maroni (97311)"
    assert "Commune : Saint-Laurent-du-Maroni (97311)" in staff_client.get(url).content.decode()
    assert staff_client.post(url).status_code == 302
    communes = dict(Structure.objects.values_list("siret", "commune__name"))
    sample = {row["siret"]: row for row in page()["results"]}
    assert communes == {
        siret: {
            "97300": "Cayenne",
            "97306": "Cayenne",  # a Cedex: the city is looked for in the département
            "97310": "Kourou",
            "97320": "Saint-Laurent-du-Maroni",  # written "ST LAURENT DU MARONI"
            "97351": "Matoury",
            "97354": "Remire-Montjoly",  # written "REMIRE MONTJOLY"
            "97355": "Macouria",
            "97360": "Mana",
            "97370": "Maripasoula",
            "97313": "Saint-Georges",
        }[row["code_postal"]]
        for siret, row in sample.items()
    }
    maroni = Structure.objects.get(siret=page()["results"][2]["siret"])
    assert (maroni.name, maroni.kind, maroni.departement.code) == (
        "Maroni Environnement (exemple)",
        "ACI",
        "973",
    )
    kourou = Structure.objects.get(siret=page()["results"][1]["siret"])
    assert kourou.name == "KOUROU SERVICES EMPLOI"  # no enseigne: the raison sociale
    assert kourou.address == "4 avenue des Roches, Immeuble Les Alizés"

    # A second import of the same page changes nothing.
    before = list(Structure.objects.order_by("pk").values_list("siret", "kind", "name", "commune"))
    url, report = preview(staff_client, ("siae_guyane.json", SAMPLE.read_bytes()))
    assert report.counts == {"create": 0, "update": 0, "unchanged": 10, "reject": 0}
    assert staff_client.post(url).status_code == 302
    after = list(Structure.objects.order_by("pk").values_list("siret", "kind", "name", "commune"))
    assert after == before


def test_several_saved_pages_import_together(staff_client):
    first, second = page(), page()
    first["results"], second["results"] = first["results"][:4], second["results"][4:]
    first["next"] = "https://emplois.inclusion.beta.gouv.fr/api/v1/siaes/?page=2"
    url, report = preview(
        staff_client,
        ("page1.json", json.dumps(first).encode()),
        ("page2.json", json.dumps(second).encode()),
    )
    assert report.counts["create"] == 10
    assert staff_client.post(url).status_code == 302
    assert Structure.objects.count() == 10


def test_the_same_fields_as_csv_import_the_same(staff_client):
    results = page()["results"]
    out = io.StringIO()
    columns = [name for name in results[0] if name != "postes"]
    writer = csv.DictWriter(out, columns, extrasaction="ignore", delimiter=";")
    writer.writeheader()
    writer.writerows(results)
    url, report = preview(staff_client, ("siae.csv", out.getvalue().encode()))
    assert report.counts["create"] == 10, [(row.line, row.errors) for row in report.rejected]


def test_a_city_that_is_not_a_commune_of_its_postcode_is_rejected_naming_the_candidates(
    staff_client,
):
    data = page()
    data["results"][0]["ville"] = "KOUROU"  # with 97300, Cayenne's postcode
    data["results"][3]["type"] = "EA"  # an entreprise adaptée: not a kind of the federation
    url, report = preview(staff_client, ("siae.json", json.dumps(data).encode()))
    rejected = {row.line: " ".join(row.errors) for row in report.rejected}
    assert set(rejected) == {1, 4}
    assert "« KOUROU »" in rejected[1] and "Cayenne (97302)" in rejected[1]
    assert "« EA »" in rejected[4]
    confirm = staff_client.post(url)
    assert confirm.status_code == 200
    assert Structure.objects.count() == 0  # nothing written while a row is wrong


def test_a_json_file_that_is_not_an_api_page_is_refused_with_a_message(staff_client):
    url, report = preview(staff_client, ("siae.json", b'{"siaes": []}'))
    assert report.errors and "results" in report.errors[0]
    broken = copy.deepcopy(page())
    broken["results"] = ["not an object"]
    url, report = preview(staff_client, ("siae.json", json.dumps(broken).encode()))
    assert report.errors and "objet" in report.errors[0]


def test_several_files_must_all_be_json(staff_client):
    response = upload(
        staff_client,
        ("siae.json", SAMPLE.read_bytes()),
        ("structures.csv", b"nom;type;siret;commune_insee\n"),
    )
    assert response.status_code == 400
    assert "JSON" in response.content.decode()
