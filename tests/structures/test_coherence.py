"""Impossible yearly indicators are refused, by the form and by the import, with a message
naming the fields; nothing is written."""

import datetime

import pytest
from django.urls import reverse

from structures import imports
from structures.models import Structure, YearlyIndicators

pytestmark = pytest.mark.django_db

GOOD = {
    "year": "2018",
    "employees": "10",
    "hours_worked": "18200",
    "etp_realises": "10",
    "exits_durable": "2",
    "exits_transition": "1",
    "exits_positive": "1",
    "exits_other": "2",
    "exits_neutralised": "1",
}


def _post(client, structure, **changes):
    data = dict.fromkeys(YearlyIndicators.FIGURE_FIELDS, "0")
    data.update(GOOD)
    data.update(changes)
    return client.post(reverse("structures:indicators_edit", args=[structure.pk]), data)


@pytest.fixture
def aci(demo):
    structure = Structure.objects.get(name="APROSEP")
    structure.kind = "ACI"
    structure.founded_on = datetime.date(2005, 3, 1)
    structure.save()
    return structure


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"exits_other": "15"}, "exits_other", "20 sorties pour 10 salariés"),
        ({"etp_realises": "115", "hours_worked": "209300"}, "etp_realises", "115 ETP réalisés"),
        (
            {"exits_neutralised": "7", "employees": "20"},
            "exits_neutralised",
            "7 sorties neutralisées pour 6 autres sorties",
        ),
        ({"year": str(datetime.date.today().year + 1)}, "year", "n'est pas encore"),
        ({"year": "2099"}, "year", "n'est pas encore"),
        ({"year": "2004"}, "year", "antérieure à la création"),
    ],
)
def test_the_form_refuses_impossible_indicators(aci, login, demo, changes, field, words):
    client = login(demo["guyane"])
    before = YearlyIndicators.objects.filter(structure=aci).count()
    response = _post(client, aci, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and any(words in error for error in errors[field]), errors
    assert YearlyIndicators.objects.filter(structure=aci).count() == before


def test_a_decimal_comma_is_read_as_a_decimal(aci, login, demo):
    client = login(demo["guyane"])
    response = _post(client, aci, year="2015", etp_realises="9,5", hours_worked="17 290")
    assert response.status_code == 302, response.context["form"].errors
    saved = YearlyIndicators.objects.get(structure=aci, year=2015)
    assert str(saved.etp_realises) == "9.50" and str(saved.hours_worked) == "17290.0"


def test_hours_far_from_the_etp_are_saved_only_once_confirmed(aci, login, demo):
    client = login(demo["guyane"])
    response = _post(client, aci, year="2015", hours_worked="5000")
    assert response.status_code == 200
    assert any("Vérifiez les heures" in e for e in response.context["form"].errors["hours_worked"])
    assert not YearlyIndicators.objects.filter(structure=aci, year=2015).exists()
    response = _post(client, aci, year="2015", hours_worked="5000", confirm_hours="on")
    assert response.status_code == 302
    assert YearlyIndicators.objects.filter(structure=aci, year=2015).exists()


def test_the_import_refuses_impossible_rows_and_reads_decimal_commas(aci, demo):
    header = "siret;annee;salaries_insertion;heures_travaillees;etp_realises;sorties_durables;sorties_autres;sorties_neutralisees\n"
    good = f"{aci.siret};2015;12;20020;11,5;2;2;0\n"
    bad = f"{aci.siret};2014;10;18200;10;4;15;0\n"
    report = imports.preview(
        kind=imports.INDICATORS,
        content=(header + good + bad).encode(),
        extension="csv",
        user=demo["guyane"],
    )
    assert not report.is_valid
    rejected = report.rejected
    assert len(rejected) == 1 and rejected[0].line == 3
    assert any("19 sorties pour 10 salariés" in error for error in rejected[0].errors)
    assert any("Sorties en emploi durable" in error for error in rejected[0].errors)
    written = imports.run(
        kind=imports.INDICATORS,
        content=(header + good + bad).encode(),
        extension="csv",
        user=demo["guyane"],
    )
    assert not written.is_valid
    assert not YearlyIndicators.objects.filter(structure=aci, year__in=[2014, 2015]).exists()
    written = imports.run(
        kind=imports.INDICATORS,
        content=(header + good).encode(),
        extension="csv",
        user=demo["guyane"],
    )
    assert written.is_valid
    assert str(YearlyIndicators.objects.get(structure=aci, year=2015).etp_realises) == "11.50"
