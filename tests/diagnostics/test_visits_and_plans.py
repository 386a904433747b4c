import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diagnostics.enums import ItemStatus
from diagnostics.models import ActionItem, ActionPlan, ProgressNote, Visit
from structures.models import Structure
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


def _aprosep_visit():
    return Visit.objects.filter(structure__name="APROSEP").order_by("-planned_on").first()


def test_visit_page_shows_self_and_staff_scores_and_the_progress_across_two_visits(demo, login):
    page = login(demo["guyane"]).get(
        reverse("diagnostics:visit_detail", args=[_aprosep_visit().pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Auto-évaluation et évaluation du réseau, par axe" in html
    assert "Progression par axe entre les deux dernières visites" in html
    assert html.count('role="img"') == 2
    assert "Visite du 20 nov. 2018" in html and "Visite du 30 jan. 2019" in html
    assert "<caption>Niveaux par critère, côte à côte</caption>" in html
    # SVG without inline styles (strict CSP)
    assert "style=" not in html.split("<main", 1)[1]


def test_staff_record_a_visit(demo, login):
    structure = Structure.objects.get(name="Mana Solidarité")
    client = login(demo["guyane"])
    response = client.post(
        f"{reverse('diagnostics:visit_create')}?structure={structure.pk}",
        {
            "planned_on": "2019-05-02",
            "held_on": "2019-05-02",
            "place": "Mana",
            "staff_participants": [demo["guyane"].pk],
            "structure_participants": "La directrice",
            "strengths": "Équipe soudée",
        },
    )
    visit = Visit.objects.get(structure=structure, planned_on=datetime.date(2019, 5, 2))
    assert response.status_code == 302
    assert list(visit.staff_participants.all()) == [demo["guyane"]]
    # the staff grid starts from the visit page
    response = client.post(reverse("diagnostics:visit_assessment_start", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.assessment.kind == "visit"
    assert response.url == reverse("diagnostics:assessment_fill", args=[visit.assessment.pk])


def test_normandie_staff_cannot_create_a_visit_for_a_guyane_structure(demo, login):
    structure = Structure.objects.get(name="Mana Solidarité")
    response = login(demo["normandie"]).post(
        f"{reverse('diagnostics:visit_create')}?structure={structure.pk}",
        {"planned_on": "2019-05-02"},
    )
    assert response.status_code == 404
    assert not Visit.objects.filter(planned_on=datetime.date(2019, 5, 2)).exists()


def test_visit_list_costs_the_same_queries_at_two_sizes(demo, login):
    client = login(demo["reseau"])
    url = reverse("diagnostics:visit_list")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    structure = StructureFactory()
    Visit.objects.bulk_create(
        Visit(structure=structure, planned_on=datetime.date(2019, 3, 1) + datetime.timedelta(n))
        for n in range(60)
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small)


def test_staff_add_an_action_from_a_visit_and_the_manager_follows_it_up(demo, login):
    visit = Visit.objects.filter(structure__name="Mana Solidarité").first()
    ActionPlan.objects.filter(structure=visit.structure).delete()
    axis = visit.assessment.grid.axes.get(order=5)
    staff = login(demo["guyane"])
    response = staff.post(
        reverse("diagnostics:action_item_create", args=[visit.pk]),
        {
            "axis": axis.pk,
            "finding": "Peu de liens avec les entreprises",
            "objective": "Trois entreprises partenaires",
            "owner": "Directrice",
            "due_on": "2019-09-30",
            "status": "planned",
        },
    )
    item = ActionItem.objects.get(objective="Trois entreprises partenaires")
    assert response.status_code == 302
    # One owner field: a name typed freely is kept as a name.
    assert item.owner_name == "Directrice" and item.owner_user is None
    assert item.plan.structure == visit.structure and item.visit == visit and item.axis == axis

    # Mana Solidarité has no manager account in the demo: attach siae-b to it
    from tests.factories import MembershipFactory

    MembershipFactory(user=demo["siae-b"], structure=visit.structure)
    manager = login(demo["siae-b"])
    response = manager.post(
        reverse("diagnostics:action_item_edit", args=[item.pk]),
        {
            "actions": "Rencontre du club d'entreprises",
            "owner_name": "Directrice",
            "status": "in_progress",
            "objective": "Tentative de changer l'objectif",
        },
    )
    item.refresh_from_db()
    assert response.status_code == 302
    assert item.status == ItemStatus.IN_PROGRESS
    assert item.objective == "Trois entreprises partenaires"
    response = manager.post(
        reverse("diagnostics:progress_note_add", args=[item.pk]),
        {"written_on": "2019-06-01", "text": "Deux entreprises rencontrées", "status": "done"},
    )
    item.refresh_from_db()
    assert response.status_code == 302 and item.status == ItemStatus.DONE
    assert ProgressNote.objects.get(item=item).author == demo["siae-b"]
    assert item.history.count() >= 2  # changes are audited


def test_managers_only_reach_their_own_plan(demo, login):
    aprosep_item = ActionItem.objects.filter(plan__structure__name="APROSEP").first()
    plan_url = reverse("diagnostics:action_plan_detail", args=[aprosep_item.plan_id])
    note_url = reverse("diagnostics:progress_note_add", args=[aprosep_item.pk])
    assert login(demo["siae-a"]).get(plan_url).status_code == 200
    for role in ("siae-b", "dieccte", "normandie"):
        client = login(demo[role])
        assert client.get(plan_url).status_code == 404, role
        response = client.post(note_url, {"written_on": "2019-06-01", "text": "x"})
        assert response.status_code == 404, role
    assert not ProgressNote.objects.filter(text="x").exists()


def test_overdue_items_across_the_territories_of_the_user(demo, login):
    url = reverse("diagnostics:overdue_items")
    guyane = login(demo["guyane"]).get(url)
    overdue = ActionItem.objects.overdue().filter(plan__structure__departement__region__code="03")
    assert overdue.exists()
    assert guyane.context["page"].paginator.count == overdue.count()
    assert all(item.status != ItemStatus.DONE for item in guyane.context["page"])
    normandie = login(demo["normandie"]).get(url)
    assert normandie.context["page"].paginator.count == 0


def test_the_owner_of_an_action_is_an_account_or_a_name_in_one_field(demo, login):
    visit = Visit.objects.filter(structure__name="Mana Solidarité").first()
    axis = visit.assessment.grid.axes.get(order=5)
    staff = login(demo["guyane"])
    url = reverse("diagnostics:action_item_create", args=[visit.pk])
    page = staff.get(url).content.decode()
    guyane = demo["guyane"]
    label = f"{guyane.get_full_name()} ({guyane.email})"
    assert page.count('name="owner"') == 1 and "owner_user" not in page
    assert f'<option value="{label}">' in page and "<datalist" in page
    assert "elle verra l'action dans son espace" in page
    staff.post(
        url,
        {"axis": axis.pk, "objective": "Charte d'accueil", "owner": label, "status": "planned"},
    )
    item = ActionItem.objects.get(objective="Charte d'accueil")
    assert item.owner_user == guyane and item.owner_name == ""
    edit = staff.get(reverse("diagnostics:action_item_edit", args=[item.pk])).content.decode()
    assert f'value="{label}"' in edit
