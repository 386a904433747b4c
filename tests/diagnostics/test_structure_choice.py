"""Visits and accompaniments start from one structure, chosen by search (or from the
structure's page), never from a list of every structure of the network."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagnostics.enums import AccompanimentKind
from diagnostics.models import Accompaniment, Visit
from structures.demo import demo_siret
from structures.models import Structure
from structures.validators import search_key
from tests.factories import StructureFactory, UserFactory, commune

from .factories import guyane_staff, normandie_staff

pytestmark = pytest.mark.django_db

VISIT_CREATE = "diagnostics:visit_create"
ACCOMPANIMENT_CREATE = "diagnostics:accompaniment_create"


def _url(name, structure=None, *args):
    url = reverse(name, args=args)
    return f"{url}?structure={structure.pk}" if structure is not None else url


@pytest.fixture
def world():
    regie = StructureFactory(
        name="Régie de quartier de Matoury", commune=commune("97307"), siret=demo_siret(4242)
    )
    caen = StructureFactory(name="Caen Services Plus", commune=commune("14118"))
    return {"regie": regie, "caen": caen, "guyane": guyane_staff(), "normandie": normandie_staff()}


@pytest.mark.parametrize("name", [VISIT_CREATE, ACCOMPANIMENT_CREATE])
def test_the_create_page_starts_with_a_search_not_a_list_of_every_structure(world, login, name):
    page = login(world["guyane"]).get(reverse(name))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="search"' in html and 'name="q"' in html
    assert 'name="structure"' not in html  # no <select> of structures
    assert "Régie de quartier" not in html
    assert page.context["structures"] == []
    # Matches refresh while typing through a small script of ours, not htmx (15 KB).
    assert 'data-live="structure-choices structure-search-status"' in html
    assert "js/live" in html and "htmx.min" not in html


@pytest.mark.parametrize("name", [VISIT_CREATE, ACCOMPANIMENT_CREATE])
def test_search_ignores_accents_and_case_and_links_to_the_form(world, login, name):
    page = login(world["guyane"]).get(reverse(name), {"q": "REGIE matoury"})
    html = page.content.decode()
    assert page.context["structures"] == [world["regie"]]
    assert f'href="{_url(name, world["regie"])}"' in html
    assert "1 structure correspond." in html


def test_search_finds_a_structure_by_the_start_of_its_siret(world, login):
    siren = world["regie"].siret[:9]
    page = login(world["guyane"]).get(reverse(VISIT_CREATE), {"q": f"{siren[:3]} {siren[3:]}"})
    assert page.context["structures"] == [world["regie"]]


def test_regional_staff_only_find_structures_of_their_territories(world, login):
    url = reverse(VISIT_CREATE)
    assert login(world["normandie"]).get(url, {"q": "matoury"}).context["structures"] == []
    page = login(world["guyane"]).get(url, {"q": "caen"})
    assert page.context["structures"] == []
    assert "Aucune structure de vos territoires ne correspond" in page.content.decode()
    national = login(UserFactory(national=True))
    assert national.get(url, {"q": "matoury"}).context["structures"] == [world["regie"]]
    assert national.get(url, {"q": "caen"}).context["structures"] == [world["caen"]]


def test_at_most_twenty_matches_are_listed(world, login):
    Structure.objects.bulk_create(
        Structure(
            name=f"Atelier {n:02d}",
            search_name=search_key(f"Atelier {n:02d}"),
            kind="ACI",
            commune=world["regie"].commune,
            departement=world["regie"].departement,
        )
        for n in range(25)
    )
    page = login(world["guyane"]).get(reverse(VISIT_CREATE), {"q": "atelier"})
    assert [s.name for s in page.context["structures"]] == [f"Atelier {n:02d}" for n in range(20)]
    assert page.context["more"]
    assert "Plus de 20 structures correspondent" in page.content.decode()


def test_the_search_costs_the_same_queries_at_any_size(world, login):
    client = login(world["guyane"])
    url = reverse(VISIT_CREATE)
    client.get(url, {"q": "atelier"})  # warm caches (session, user)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"q": "atelier"})
    Structure.objects.bulk_create(
        Structure(
            name=f"Atelier {n:03d}",
            search_name=f"atelier {n:03d}",
            kind="ACI",
            commune=world["regie"].commune,
            departement=world["regie"].departement,
        )
        for n in range(200)
    )
    with CaptureQueriesContext(connection) as large:
        page = client.get(url, {"q": "atelier"})
    assert len(page.context["structures"]) == 20
    assert len(large) == len(small) <= 10


def test_a_search_too_long_is_refused_with_a_message(world, login):
    page = login(world["guyane"]).get(reverse(VISIT_CREATE), {"q": "x" * 300})
    assert page.status_code == 200
    assert page.context["structures"] == []
    assert "errorlist" in page.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "0", "99999999999999999999", "١٢", "1.5"])
@pytest.mark.parametrize("name", [VISIT_CREATE, ACCOMPANIMENT_CREATE])
def test_a_structure_that_is_no_number_or_missing_is_not_found(world, login, name, value):
    client = login(world["guyane"])
    assert client.get(reverse(name), {"structure": value}).status_code == 404
    assert client.post(f"{reverse(name)}?structure={value}", {"title": "x"}).status_code == 404


@pytest.mark.parametrize("name", [VISIT_CREATE, ACCOMPANIMENT_CREATE])
def test_a_structure_out_of_the_territories_is_not_found(world, login, name):
    client = login(world["normandie"])
    assert client.get(_url(name, world["regie"])).status_code == 404
    response = client.post(
        _url(name, world["regie"]),
        {"planned_on": "2019-05-02", "kind": "quality", "title": "Qualité", "status": "planned"},
    )
    assert response.status_code == 404
    assert not Visit.objects.exists() and not Accompaniment.objects.exists()


def test_visit_form_without_javascript_keeps_what_was_typed_then_records_the_visit(world, login):
    client = login(world["guyane"])
    url = _url(VISIT_CREATE, world["regie"])
    page = client.get(url)
    html = page.content.decode()
    assert "<strong>Régie de quartier de Matoury</strong>" in html
    assert f'href="{reverse(VISIT_CREATE)}">Choisir une autre structure' in html
    bad = client.post(url, {"planned_on": "le 2 mai", "place": "Salle des fêtes"})
    html = bad.content.decode()
    assert bad.status_code == 200 and not Visit.objects.exists()
    assert 'value="Salle des fêtes"' in html and 'value="le 2 mai"' in html
    assert 'id="id_planned_on_error"' in html and 'aria-invalid="true"' in html
    response = client.post(url, {"planned_on": "2019-05-02", "place": "Salle des fêtes"})
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert (visit.structure, visit.place, visit.created_by) == (
        world["regie"],
        "Salle des fêtes",
        world["guyane"],
    )
    assert visit.planned_on == datetime.date(2019, 5, 2)


def test_a_structure_field_posted_in_the_body_changes_nothing(world, login):
    """The structure comes from the page's address, which is checked against the user's
    territories; a forged field cannot move the visit elsewhere."""
    client = login(world["guyane"])
    client.post(
        _url(VISIT_CREATE, world["regie"]),
        {"planned_on": "2019-05-02", "structure": world["caen"].pk},
    )
    assert Visit.objects.get().structure == world["regie"]


def test_visit_edit_shows_the_structure_without_choosing_it_again(world, login):
    visit = Visit.objects.create(structure=world["regie"], planned_on=datetime.date(2019, 5, 2))
    client = login(world["guyane"])
    page = client.get(reverse("diagnostics:visit_edit", args=[visit.pk]))
    html = page.content.decode()
    assert "<strong>Régie de quartier de Matoury</strong>" in html
    assert "Choisir une autre structure" not in html and 'name="structure"' not in html
    client.post(
        reverse("diagnostics:visit_edit", args=[visit.pk]) + f"?structure={world['caen'].pk}",
        {"planned_on": "2019-05-03"},
    )
    visit.refresh_from_db()
    assert visit.structure == world["regie"] and visit.planned_on == datetime.date(2019, 5, 3)


def test_accompaniment_form_keeps_what_was_typed_on_error(world, login):
    client = login(world["guyane"])
    url = _url(ACCOMPANIMENT_CREATE, world["regie"])
    bad = client.post(
        url,
        {"kind": "quality", "title": "Démarche qualité", "status": "planned", "stage": "plan"},
    )
    html = bad.content.decode()
    assert bad.status_code == 200 and not Accompaniment.objects.exists()
    assert "ne concernent que le DLA" in html and 'value="Démarche qualité"' in html
    assert 'name="participants"' not in html


def test_the_structure_accompanied_may_be_changed_by_search(world, login):
    other = StructureFactory(name="Mana Solidarité", commune=commune("97306"))
    accompaniment = Accompaniment.objects.create(
        structure=world["regie"], kind=AccompanimentKind.QUALITY, title="Qualité"
    )
    accompaniment.participants.add(other)
    client = login(world["guyane"])
    edit = reverse("diagnostics:accompaniment_edit", args=[accompaniment.pk])
    assert f'href="{edit}?changer=1"' in client.get(edit).content.decode()
    chooser = client.get(edit, {"changer": "1", "q": "mana"})
    html = chooser.content.decode()
    assert chooser.context["structures"] == [other]
    assert 'name="changer" value="1"' in html  # the search stays on the change step
    assert f'href="{edit}?structure={other.pk}"' in html
    form = {"kind": "quality", "title": "Qualité", "status": "in_progress"}
    assert client.post(f"{edit}?structure={world['caen'].pk}", form).status_code == 404
    response = client.post(f"{edit}?structure={other.pk}", form)
    accompaniment.refresh_from_db()
    assert response.status_code == 302
    assert accompaniment.structure == other and accompaniment.status == "in_progress"
    # the lead is no longer also listed among the participants
    assert not accompaniment.participants.exists()


def test_the_structure_page_links_to_a_visit_and_an_accompaniment_for_it(world, login):
    page = login(world["guyane"]).get(reverse("structures:detail", args=[world["regie"].pk]))
    html = page.content.decode().replace("&amp;", "&")
    assert f'href="{_url(VISIT_CREATE, world["regie"])}"' in html
    assert f'href="{_url(ACCOMPANIMENT_CREATE, world["regie"])}"' in html


# Participants of a collective action -----------------------------------------------------


@pytest.fixture
def session(world):
    return Accompaniment.objects.create(
        structure=world["regie"], kind=AccompanimentKind.TRAINING, title="Sessions CAP"
    )


def _participants_url(session):
    return reverse("diagnostics:accompaniment_participants", args=[session.pk])


def test_staff_add_and_remove_participants_by_search_without_javascript(world, login, session):
    mana = StructureFactory(name="Mana Solidarité", commune=commune("97306"))
    client = login(world["guyane"])
    url = _participants_url(session)
    page = client.get(url, {"q": "solidarite"})
    assert page.context["structures"] == [mana] and not page.context["structures"][0].taking_part
    assert 'value="ajouter"' in page.content.decode()
    response = client.post(url, {"action": "ajouter", "structure": mana.pk, "q": "solidarite"})
    assert response.status_code == 302 and response.url == f"{url}?q=solidarite"
    assert list(session.participants.all()) == [mana]
    page = client.get(response.url)
    html = page.content.decode()
    assert "Mana Solidarité participe à l&#x27;action." in html
    assert page.context["structures"][0].taking_part and "Participe déjà" in html
    client.post(url, {"action": "ajouter", "structure": mana.pk})  # twice: nothing more
    assert session.participants.count() == 1
    client.post(url, {"action": "retirer", "structure": mana.pk})
    assert not session.participants.exists()


def test_the_structure_accompanied_is_not_offered_nor_added_as_participant(world, login, session):
    client = login(world["guyane"])
    url = _participants_url(session)
    assert client.get(url, {"q": "matoury"}).context["structures"] == []
    response = client.post(url, {"action": "ajouter", "structure": world["regie"].pk}, follow=True)
    assert "est la structure accompagnée" in response.content.decode()
    assert not session.participants.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "ajouter", "structure": "abc"},
        {"action": "ajouter", "structure": "99999999999999999999"},
        {"action": "ajouter"},
        {"action": "supprimer-tout", "structure": "1"},
        {},
    ],
)
def test_bad_participant_input_gives_a_message_and_changes_nothing(world, login, session, data):
    response = login(world["guyane"]).post(_participants_url(session), data, follow=True)
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    assert not session.participants.exists()


def test_a_participant_out_of_the_territories_is_refused(world, login, session):
    client = login(world["guyane"])
    response = client.post(
        _participants_url(session),
        {"action": "ajouter", "structure": world["caen"].pk},
        follow=True,
    )
    assert "pas dans vos territoires" in response.content.decode()
    assert not session.participants.exists()
    # Normandie staff do not reach a Guyane session at all
    assert login(world["normandie"]).get(_participants_url(session)).status_code == 404


def test_the_participants_page_costs_the_same_queries_with_or_without_matches(
    world, login, session
):
    client = login(world["guyane"])
    url = _participants_url(session)
    client.get(url)
    with CaptureQueriesContext(connection) as none_found:
        assert client.get(url, {"q": "introuvable"}).context["structures"] == []
    StructureFactory.create_batch(30, name="Atelier participant")
    session.participants.add(*Structure.objects.filter(name="Atelier participant")[:10])
    with CaptureQueriesContext(connection) as many_found:
        page = client.get(url, {"q": "atelier"})
    assert len(page.context["structures"]) == 20 and page.context["more"]
    assert len(page.context["participants"]) == 10
    assert len(many_found) == len(none_found) <= 10


def test_participants_out_of_the_territories_stay_and_cannot_be_removed(world, login, session):
    session.participants.add(world["caen"])
    client = login(world["guyane"])
    page = client.get(_participants_url(session))
    assert [(s, s.removable) for s in page.context["participants"]] == [(world["caen"], False)]
    assert 'value="retirer"' not in page.content.decode()
    client.post(_participants_url(session), {"action": "retirer", "structure": world["caen"].pk})
    assert list(session.participants.all()) == [world["caen"]]
