import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.targets import MAX_QUERIES
from diagnostics.enums import AssessmentKind, ItemStatus
from diagnostics.models import ActionItem, ActionPlan, ProgressNote, Visit
from structures.models import Structure
from tests.factories import OrganisationFactory, StructureFactory, UserFactory

from .factories import REQUEST_SAVEPOINTS, assessment, guyane_staff, logged_in, small_grid

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


def _visited(*, criteria: int, people: int):
    """A structure's visit with a staff grid of `criteria` criteria on each of two axes, two
    earlier visits graded with it, a submitted self-assessment (and a newer draft), `people`
    staff participants and partners, and `people` actions decided at the visit."""
    structure = StructureFactory()
    grid = small_grid(lineage=f"grille-{structure.pk}", criteria=criteria)
    submitted = assessment(structure=structure, grid=grid, submitted=True)
    assessment(structure=structure, grid=grid)  # a newer draft: the submitted one is shown
    day = datetime.date(2019, 1, 10)
    for n in range(2):
        Visit.objects.create(
            structure=structure,
            planned_on=day - datetime.timedelta(days=30 * (n + 1)),
            held_on=day - datetime.timedelta(days=30 * (n + 1)),
            assessment=assessment(
                structure=structure, grid=grid, kind=AssessmentKind.VISIT, submitted=True
            ),
        )
    visit = Visit.objects.create(
        structure=structure,
        planned_on=day,
        assessment=assessment(structure=structure, grid=grid, kind=AssessmentKind.VISIT),
    )
    visit.staff_participants.set(UserFactory(national=True) for _ in range(people))
    visit.partner_participants.set(OrganisationFactory() for _ in range(people))
    plan = ActionPlan.objects.create(structure=structure)
    axes = list(grid.axes.all())
    for n in range(people):
        ActionItem.objects.create(
            plan=plan, visit=visit, axis=axes[n % len(axes)], objective=f"Objectif {n}"
        )
    return visit, submitted


def test_visit_page_costs_at_most_15_queries_whatever_the_grid_and_the_people():
    """A query per criterion, answer, assessment, participant or action would show between
    a grid of 2 criteria and one of 20: the page reads each source once."""
    clients = [logged_in(guyane_staff()), logged_in(UserFactory(national=True))]

    def page_costs(visit):
        costs = []
        for client in clients:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("diagnostics:visit_detail", args=[visit.pk]))
            assert response.status_code == 200
            costs.append(len(queries))
        return costs, response

    small_visit, _ = _visited(criteria=1, people=1)
    small, _ = page_costs(small_visit)
    large_visit, submitted = _visited(criteria=10, people=8)
    large, response = page_costs(large_visit)
    assert response.context["self_assessment"] == submitted
    assert len(response.context["comparison"]) == 20
    assert len(response.context["items"]) == 8
    assert response.context["progress"] is not None
    assert large == small
    assert max(large) <= MAX_QUERIES + REQUEST_SAVEPOINTS


def test_visit_page_compares_the_last_submitted_self_assessment_else_the_last_draft(login):
    structure = StructureFactory()
    grid = small_grid()
    visit = Visit.objects.create(structure=structure, planned_on=datetime.date(2019, 1, 10))
    client = login(guyane_staff())
    url = reverse("diagnostics:visit_detail", args=[visit.pk])
    assert client.get(url).context["self_assessment"] is None
    assessment(structure=structure, grid=grid)
    last_draft = assessment(structure=structure, grid=grid)
    assert client.get(url).context["self_assessment"] == last_draft
    before = datetime.datetime(2019, 1, 2, 12, tzinfo=datetime.UTC)
    last_submitted = assessment(structure=structure, grid=grid, submitted=True, submitted_at=before)
    assessment(
        structure=structure,
        grid=grid,
        submitted=True,
        submitted_at=before - datetime.timedelta(days=1),
    )
    assessment(structure=structure, grid=grid)  # a newer draft does not replace it
    page = client.get(url)
    assert page.context["self_assessment"] == last_submitted
    assert "Auto-évaluation transmise par la structure le 2 janvier 2019" in page.content.decode()
