"""Forms that guide: the error summary, numbers typed the French way, phone numbers."""

import re

import pytest
from django import forms
from django.urls import reverse

from core.forms import PhoneField, parse_phone, phone_display
from structures.models import Structure, YearlyIndicators
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0694 12 34 56", "+594694123456"),
        ("0594 29 10 00", "+594594291000"),
        ("0262 40 10 00", "+262262401000"),
        ("0596 55 10 00", "+596596551000"),
        ("0590 82 10 00", "+590590821000"),
        ("+269 773 12 34", "+2697731234"),
        ("01 45 67 89 10", "+33145678910"),
        ("06.12.34.56.78", "+33612345678"),
    ],
)
def test_french_and_overseas_numbers_are_read_in_their_own_plan(typed, stored):
    assert parse_phone(typed).as_e164 == stored


@pytest.mark.parametrize("typed", ["abc", "12", "0694", "+594 12"])
def test_what_is_not_a_phone_number_is_refused(typed):
    assert parse_phone(typed) is None


def test_phone_numbers_are_shown_as_people_dial_them():
    assert phone_display(parse_phone("+594694123456")) == "06 94 12 34 56"
    assert phone_display("+33145678910") == "01 45 67 89 10"


def profile_data(structure, **changes):
    return {
        "commune_insee": structure.commune.insee_code,
        "description": "",
        "public_email": "",
        "public_phone": "",
        **changes,
    }


def test_public_phone_abc_is_refused_and_0694_stored_in_e164_and_shown_national(login):
    membership = MembershipFactory()
    structure = membership.structure
    client = login(membership.user)
    url = reverse("structures:structure_edit", kwargs={"pk": structure.pk})

    response = client.post(url, profile_data(structure, public_phone="abc"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone valide" in page
    assert 'value="abc"' in page
    assert re.search(r'id="id_public_phone"[^>]*aria-invalid="true"', page) or re.search(
        r'aria-invalid="true"[^>]*id="id_public_phone"', page
    )
    structure.refresh_from_db()
    assert not structure.public_phone

    response = client.post(url, profile_data(structure, public_phone="0694 12 34 56"))
    assert response.status_code == 302
    assert Structure.objects.filter(pk=structure.pk, public_phone="+594694123456").exists()
    other = MembershipFactory(structure__name="Voisine")
    directory = login(other.user).get(reverse("structures:member_directory")).content.decode()
    assert "06 94 12 34 56" in directory and "+594694123456" not in directory


def indicators_data(**changes):
    data = dict.fromkeys(YearlyIndicators.FIGURE_FIELDS, "0") | {"year": "2018"}
    return data | changes


def test_numbers_keep_what_was_typed_and_read_the_decimal_comma(login):
    membership = MembershipFactory()
    client = login(membership.user)
    url = reverse("structures:indicators_edit", kwargs={"pk": membership.structure_id})
    page = client.get(url).content.decode()
    assert re.search(r'name="etp_realises"[^>]*inputmode="decimal"', page) or re.search(
        r'inputmode="decimal"[^>]*name="etp_realises"', page
    )

    response = client.post(url, indicators_data(etp_realises="onze", exits_neutralised="deux"))
    page = response.content.decode()
    assert response.status_code == 200 and not YearlyIndicators.objects.exists()
    assert 'value="onze"' in page and 'value="deux"' in page
    assert "Saisissez un nombre" in page and "obligatoire" not in page
    # The summary comes first, takes focus, counts the errors and links to each field.
    assert "<title>Erreur : " in page
    summary = page[page.index('class="error-summary') :]
    summary = summary[: summary.index("</div>")]
    assert "autofocus" in page[page.index("<div", page.index("error-summary") - 40) :][:200]
    assert "Il y a 2 erreurs" in summary
    assert 'href="#id_etp_realises"' in summary and 'href="#id_exits_neutralised"' in summary
    assert 'id="id_etp_realises_error"' in page
    assert re.search(r'aria-describedby="[^"]*id_etp_realises_error', page)

    # 11,5 ETP of an ACI (1 820 h a year each) for 20 people: figures that hold together.
    response = client.post(
        url, indicators_data(etp_realises="11,5", hours_worked="20 930", employees="20")
    )
    assert response.status_code == 302
    saved = YearlyIndicators.objects.get()
    assert float(saved.etp_realises) == 11.5 and saved.hours_worked == 20930
    assert 'value="11,5"' in client.get(url, {"year": 2018}).content.decode()


def test_one_error_reads_in_the_singular(login):
    membership = MembershipFactory()
    client = login(membership.user)
    url = reverse("structures:indicators_edit", kwargs={"pk": membership.structure_id})
    page = client.post(url, indicators_data(employees="x")).content.decode()
    assert "Il y a 1 erreur<" in page


@pytest.mark.parametrize(
    "form_path",
    ["structures.forms.StructureProfileForm", "events.forms.EventForm"],
)
def test_every_model_form_reads_a_web_address_without_scheme_as_https(form_path):
    """One formfield callback for all model forms: web addresses, numbers and phones alike."""
    import importlib

    module, name = form_path.rsplit(".", 1)
    form_class = getattr(importlib.import_module(module), name)
    url_fields = [
        field for field in form_class.base_fields.values() if isinstance(field, forms.URLField)
    ]
    assert url_fields
    assert all(field.clean("www.exemple.fr") == "https://www.exemple.fr" for field in url_fields)
    phones = [name for name in form_class.base_fields if "phone" in name]
    assert all(isinstance(form_class.base_fields[name], PhoneField) for name in phones)
