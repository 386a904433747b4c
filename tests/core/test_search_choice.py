"""A structure chosen by search inside the form (invitation, interaction, report request):
no list of every structure, the search works without JavaScript (its button posts the form,
which comes back with what was typed and the matches), a structure out of the user's
territories is refused, and the page costs the same queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Invitation
from network.models import Interaction
from reports.enums import ReportKind
from reports.forms import ReportRequestForm
from structures.models import Structure
from structures.validators import search_key
from tests.factories import region

pytestmark = pytest.mark.django_db

INVITE = "accounts:invitation_create"
INTERACTION = "network:interaction_create"
REPORT = "reports:request"


def _many(count: int, name: str = "Atelier volume") -> None:
    guyane = Structure.objects.get(name="Bois et Fleuve")
    Structure.objects.bulk_create(
        Structure(
            name=f"{name} {n:03d}",
            search_name=search_key(f"{name} {n:03d}"),
            kind="ACI",
            commune=guyane.commune,
            departement=guyane.departement,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("name", [INVITE, INTERACTION, REPORT])
def test_the_form_lists_no_structure_until_searched(demo, login, name):
    html = login(demo["guyane"]).get(reverse(name)).content.decode()
    assert "Bois et Fleuve" not in html
    assert 'type="search"' in html and "Rechercher" in html
    assert "<option" not in html.split('class="search-choice"')[1].split("</fieldset>")[0]


def test_a_search_shows_the_form_again_with_what_was_typed_and_saves_nothing(demo, login):
    client = login(demo["guyane"])
    response = client.post(
        reverse(INVITE),
        {
            "email": "direction@exemple.test",
            "role": Role.MANAGER,
            "structure_q": "BOIS fleuve",
            "structure_search": "1",
        },
    )
    html = response.content.decode()
    structure = Structure.objects.get(name="Bois et Fleuve")
    assert response.status_code == 200 and not Invitation.objects.exists()
    assert 'value="direction@exemple.test"' in html and 'value="BOIS fleuve"' in html
    assert f'name="structure" value="{structure.pk}"' in html
    assert f"Bois et Fleuve — {structure.kind}, {structure.commune.name}" in html
    assert "errorlist" not in html  # a search is not a submission: no error shown


def test_a_structure_chosen_from_the_matches_is_invited_and_stays_chosen(
    demo, login, django_capture_on_commit_callbacks
):
    client = login(demo["guyane"])
    structure = Structure.objects.get(name="Bois et Fleuve")
    # A search with a structure already chosen keeps it checked above the matches.
    page = client.post(
        reverse(INVITE),
        {"role": Role.MANAGER, "structure": structure.pk, "structure_q": "atelier"},
        follow=False,
    )
    assert "errorlist" in page.content.decode()  # submitted (no search button): validated
    searched = client.post(
        reverse(INVITE),
        {
            "role": Role.MANAGER,
            "structure": structure.pk,
            "structure_q": "bois",
            "structure_search": "1",
        },
    ).content.decode()
    assert f'name="structure" value="{structure.pk}" id="id_structure_c0" checked' in searched
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(INVITE),
            {"email": "direction@exemple.test", "role": Role.MANAGER, "structure": structure.pk},
        )
    assert response.status_code == 302
    assert Invitation.objects.get(email="direction@exemple.test").structure == structure


def test_a_structure_out_of_the_territories_is_neither_found_nor_accepted(demo, login):
    client = login(demo["normandie"])
    guyane = Structure.objects.get(name="Bois et Fleuve")
    searched = client.post(
        reverse(INVITE), {"role": Role.MANAGER, "structure_q": "bois", "structure_search": "1"}
    ).content.decode()
    assert "Bois et Fleuve" not in searched and "Aucune autre structure" in searched
    response = client.post(
        reverse(INVITE),
        {"email": "x@exemple.test", "role": Role.MANAGER, "structure": guyane.pk},
    )
    assert response.status_code == 200 and "structure" in response.context["form"].errors
    assert not Invitation.objects.exists()
    form = ReportRequestForm(
        {"kind": ReportKind.STRUCTURE_DIAGNOSTIC, "structure": guyane.pk},
        user=demo["normandie"],
    )
    assert not form.is_valid() and "structure" in form.errors


def test_report_request_takes_the_structure_chosen_by_search(demo):
    structure = Structure.objects.get(name="Bois et Fleuve")
    searching = ReportRequestForm(
        {"kind": ReportKind.STRUCTURE_DIAGNOSTIC, "structure_q": "fleuve", "structure_search": "1"},
        user=demo["guyane"],
    )
    assert searching.searching and not searching.is_valid() and not searching.errors
    assert f'value="{structure.pk}"' in str(searching["structure"])
    chosen = ReportRequestForm(
        {"kind": ReportKind.STRUCTURE_DIAGNOSTIC, "structure": structure.pk, "structure_q": "x"},
        user=demo["guyane"],
    )
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["structure"] == structure


def test_the_report_request_opened_from_a_structure_shows_it_chosen(demo, login):
    structure = Structure.objects.get(name="Bois et Fleuve")
    html = login(demo["guyane"]).get(reverse(REPORT), {"structure": structure.pk}).content.decode()
    assert f'name="structure" value="{structure.pk}" id="id_structure_c0" checked' in html


def test_an_interaction_gathers_several_structures_found_by_searches(demo, login):
    client = login(demo["guyane"])
    bois = Structure.objects.get(name="Bois et Fleuve")
    url = reverse(INTERACTION) + "?region=03"
    form = {
        "region": region("03").pk,
        "kind": "meeting",
        "title": "Rencontre des ateliers",
        "occurred_on": "2019-02-12",
    }
    first = client.post(url, {**form, "structures_q": "bois", "structures_search": "1"})
    assert 'value="Rencontre des ateliers"' in first.content.decode()
    assert f'type="checkbox" name="structures" value="{bois.pk}"' in first.content.decode()
    other = Structure.objects.filter(departement__region__code="03").exclude(pk=bois.pk).first()
    second = client.post(
        url,
        {
            **form,
            "structures": [bois.pk],
            "structures_q": other.name,
            "structures_search": "1",
        },
    ).content.decode()
    assert f'value="{bois.pk}" id="id_structures_c0" checked' in second
    assert f'name="structures" value="{other.pk}"' in second
    response = client.post(url, {**form, "structures": [bois.pk, other.pk]})
    assert response.status_code == 302
    interaction = Interaction.objects.get(title="Rencontre des ateliers")
    assert set(interaction.structures.all()) == {bois, other}


@pytest.mark.parametrize("name", [INVITE, INTERACTION, REPORT])
def test_the_form_and_its_search_cost_the_same_at_any_size(demo, login, name):
    client = login(demo["guyane"])
    url = reverse(name)
    search = {"structure_q": "volume", "structures_q": "volume", "structure_search": "1"}
    search["structures_search"] = "1"
    client.get(url)
    _many(3)
    with CaptureQueriesContext(connection) as small_page:
        client.get(url)
    with CaptureQueriesContext(connection) as small_search:
        client.post(url, search)
    _many(300, "Atelier volume bis")
    with CaptureQueriesContext(connection) as large_page:
        page = client.get(url)
    with CaptureQueriesContext(connection) as large_search:
        searched = client.post(url, search)
    assert len(large_page) == len(small_page) <= 15
    assert len(large_search) == len(small_search)
    assert "Atelier volume" not in page.content.decode()
    assert searched.content.decode().count("Atelier volume") == 20
    assert "Plus de 20 structures correspondent" in searched.content.decode()


def test_enter_in_a_field_with_no_search_typed_submits_the_form(
    demo, login, django_capture_on_commit_callbacks
):
    """The search button is the form's first: Enter presses it. With nothing to search,
    the form is submitted, as Enter does on any form."""
    structure = Structure.objects.get(name="Bois et Fleuve")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(demo["guyane"]).post(
            reverse(INVITE),
            {
                "email": "direction@exemple.test",
                "role": Role.MANAGER,
                "structure": structure.pk,
                "structure_q": "  ",
                "structure_search": "1",
            },
        )
    assert response.status_code == 302
    assert Invitation.objects.get(email="direction@exemple.test").structure == structure
