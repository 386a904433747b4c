"""SIRET and kind, what imports and conventions match a structure on: staff change them,
managers see them read-only with whom to ask, and a conflict is a form error."""

import pytest
from django.urls import reverse

from structures.models import Structure

pytestmark = pytest.mark.django_db


def edit_data(structure, **changes):
    data = {
        "name": structure.name,
        "kind": structure.kind,
        "siret": structure.siret,
        "commune_insee": structure.commune.insee_code,
        "legal_form": structure.legal_form,
        "naf_code": structure.naf_code,
        "address": structure.address,
        "description": structure.description,
        "website": structure.website,
        "public_email": structure.public_email,
        "public_phone": structure.public_phone.as_e164 if structure.public_phone else "",
    }
    data.update(changes)
    return data


def test_a_manager_cannot_change_siret_or_kind_and_is_told_whom_to_ask(demo, login):
    structure = Structure.objects.get(name="APROSEP")
    other = Structure.objects.exclude(pk=structure.pk).exclude(siret="").first()
    before = (structure.siret, structure.kind)
    client = login(demo["siae-a"])
    url = reverse("structures:structure_edit", kwargs={"pk": structure.pk})
    page = client.get(url).content.decode()
    assert 'name="siret"' not in page and 'name="kind"' not in page
    assert structure.siret in page and "du réseau les modifie" in page
    assert demo["guyane"].email in page  # the territory's staff, to write to

    response = client.post(
        url,
        edit_data(structure, siret=other.siret, kind="EI", description="Nouvelle présentation"),
    )
    assert response.status_code == 302
    structure.refresh_from_db()
    assert (structure.siret, structure.kind) == before
    assert structure.description == "Nouvelle présentation"


def test_staff_saving_another_structures_siret_and_kind_get_a_form_error(demo, login):
    structure = Structure.objects.get(name="APROSEP")
    other = Structure.objects.exclude(pk=structure.pk).exclude(siret="").first()
    client = login(demo["guyane"])
    response = client.post(
        reverse("structures:structure_edit", kwargs={"pk": structure.pk}),
        edit_data(structure, siret=other.siret, kind=other.kind),
    )
    assert response.status_code == 200
    assert "déjà enregistrée avec ce SIRET" in response.content.decode()
    structure.refresh_from_db()
    assert structure.siret != other.siret


def test_staff_creating_a_duplicate_get_a_form_error(demo, login):
    other = Structure.objects.exclude(siret="").first()
    count = Structure.objects.count()
    response = login(demo["guyane"]).post(
        reverse("structures:structure_create"),
        edit_data(other, name="Doublon"),
    )
    assert response.status_code == 200
    assert "déjà enregistrée avec ce SIRET" in response.content.decode()
    assert Structure.objects.count() == count
