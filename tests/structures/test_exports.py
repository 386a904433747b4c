"""What the exports write, cell by cell, in CSV and XLSX (the pages and the re-import are in
test_views.py and test_imports.py)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from structures import exports
from structures.demo import demo_siret
from structures.enums import AdhesionStatus
from structures.models import Adhesion, AdhesionCampaign, Structure
from tests.factories import StructureFactory, UserFactory
from tests.structures.factories import ConventionFactory, IndicatorsFactory

pytestmark = pytest.mark.django_db

QUERY = {"year": 2018, "campaign": 2019}


def csv_rows(response) -> list[list[str]]:
    assert response.streaming
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_sheet(response):
    assert response["Content-Type"] == exports.FORMATS["xlsx"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def directory(login):
    """A structure with every field filled in, one whose phone number is not valid (kept as
    typed), one with nothing but its name, kind and commune."""
    complete = StructureFactory(
        name="Atelier complet",
        siret=demo_siret(1),
        public_phone="+594 594 11 22 33",
        sectors=["bois", "btp"],
        founded_on=datetime.date(2001, 2, 3),
        website="https://atelier.example.org",
    )
    ConventionFactory(structure=complete, year=2018, number="ACI973180001A0M0")
    IndicatorsFactory(structure=complete, year=2018)
    campaign = AdhesionCampaign.objects.create(
        year=2019, starts_on="2019-01-01", ends_on="2019-12-31"
    )
    Adhesion.objects.create(
        campaign=campaign,
        structure=complete,
        dues_amount=Decimal("50"),
        status=AdhesionStatus.MEMBER,
    )
    StructureFactory(name="Chantier au numéro faux", public_phone="+33 2 62 44 70 85")
    StructureFactory(name="Entreprise sans rien")
    return login(UserFactory(national=True))


def test_the_directory_export_writes_each_structure_as_stored_and_leaves_missing_data_blank(
    directory,
):
    rows = csv_rows(directory.get(reverse("structures:directory_export"), QUERY))
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(by_name) == ["Atelier complet", "Chantier au numéro faux", "Entreprise sans rien"]
    complete = by_name["Atelier complet"]
    assert complete["siret"] == demo_siret(1)
    assert complete["secteurs"] == "bois|btp"
    assert complete["date_creation"] == "2001-02-03"
    assert complete["convention_2018"] == "ACI973180001A0M0"
    assert complete["statut_convention"] == "Signée"
    assert complete["indicateurs_2018"] == "oui"
    assert complete["adhesion"] == "Adhérente"
    # A phone number as the structure's page reads it (E.164 when valid, else as typed),
    # quoted in a CSV like any text starting with "+".
    phones = {
        "Atelier complet": "+594594112233",
        "Chantier au numéro faux": "+33 2 62 44 70 85",
        "Entreprise sans rien": "",
    }
    for name, phone in phones.items():
        assert phone == str(Structure.objects.get(name=name).public_phone or "")
        assert by_name[name]["telephone_public"] == (f"'{phone}" if phone else "")
    empty = by_name["Entreprise sans rien"]
    for column in ("siret", "secteurs", "date_creation", "convention_2018", "adhesion"):
        assert empty[column] == "", column
    assert empty["statut_convention"] == ""
    assert empty["indicateurs_2018"] == "non"

    # The XLSX holds the same cells, the phone numbers unquoted (a string cell is never a
    # formula), an empty cell read back as None.
    sheet = xlsx_sheet(
        directory.get(reverse("structures:directory_export"), {**QUERY, "format": "xlsx"})
    )
    values = list(sheet.values)
    assert list(values[0]) == rows[0]
    phone = rows[0].index("telephone_public")
    for row, cells in zip(rows[1:], values[1:], strict=True):
        assert cells[phone] == (phones[row[0]] or None)
        assert ["" if value is None else value for value in cells[:phone]] == row[:phone]
        assert ["" if value is None else value for value in cells[phone + 1 :]] == row[phone + 1 :]


def test_the_indicators_export_leaves_a_rate_blank_when_no_exit_is_counted(directory):
    complete = Structure.objects.get(name="Atelier complet")
    IndicatorsFactory(
        structure=complete,
        year=2019,
        etp_realises=Decimal("2.25"),
        exits_durable=0,
        exits_transition=0,
        exits_positive=0,
        exits_other=0,
    )
    url = reverse("structures:indicators_export")
    rows = csv_rows(directory.get(url, QUERY))
    headers = rows[0]
    by_year = {
        row[headers.index("annee")]: dict(zip(headers, row, strict=True)) for row in rows[1:]
    }
    assert by_year["2018"]["taux_sortie_durable_pct"] == "30,0"
    assert by_year["2019"]["taux_sortie_durable_pct"] == ""
    assert by_year["2019"]["etp_realises"] == "2,25"

    sheet = xlsx_sheet(directory.get(url, {**QUERY, "format": "xlsx"}))
    values = list(sheet.values)
    assert list(values[0]) == headers
    by_year = {
        row[headers.index("annee")]: dict(zip(headers, row, strict=True)) for row in values[1:]
    }
    assert by_year[2018]["taux_sortie_durable_pct"] == 30.0
    assert by_year[2019]["taux_sortie_durable_pct"] is None
    assert by_year[2019]["etp_realises"] == 2.25
    assert by_year[2019]["siret"] == demo_siret(1)
