"""Every diagnostics list costs the same number of queries with a few rows or with many
(the sort and the count run on the list, the joins and counts on one page only)."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import versions
from diagnostics.enums import AccompanimentKind, ItemStatus
from diagnostics.models import Accompaniment, ActionItem, ActionPlan, Visit
from diagnostics.views.common import PER_PAGE
from structures.models import Structure
from tests.factories import StructureFactory, UserFactory, commune

from .factories import guyane_staff

pytestmark = pytest.mark.django_db

DAY = datetime.date(2019, 3, 1)


def _structures(count, start=0):
    model = StructureFactory.build()
    return Structure.objects.bulk_create(
        Structure(
            name=f"SIAE liste {start + n:03d}",
            search_name=f"siae liste {start + n:03d}",
            kind="ACI",
            commune=model.commune,
            departement=model.departement,
        )
        for n in range(count)
    )


def add_rows(count, start=0):
    """`count` structures, each with a visit, a plan with two overdue items, and an
    accompaniment joined by two other structures."""
    structures = _structures(count, start)
    Visit.objects.bulk_create(
        Visit(structure=s, planned_on=DAY + datetime.timedelta(days=n))
        for n, s in enumerate(structures)
    )
    plans = ActionPlan.objects.bulk_create(ActionPlan(structure=s) for s in structures)
    ActionItem.objects.bulk_create(
        ActionItem(plan=plan, objective=f"Objectif {k}", due_on=DAY, status=ItemStatus.PLANNED)
        for plan in plans
        for k in range(2)
    )
    accompaniments = Accompaniment.objects.bulk_create(
        Accompaniment(structure=s, kind=AccompanimentKind.QUALITY, title=f"Qualité {s.name}")
        for s in structures
    )
    Accompaniment.participants.through.objects.bulk_create(
        Accompaniment.participants.through(accompaniment_id=a.pk, structure_id=s.pk)
        for n, a in enumerate(accompaniments)
        for s in (structures[n - 1], structures[n - 2])
    )


LISTS = [
    ("diagnostics:visit_list", {}),
    ("diagnostics:visit_list", {"tri": "structure", "q": "liste", "done": "false"}),
    ("diagnostics:action_plan_list", {}),
    ("diagnostics:action_plan_list", {"tri": "-retard"}),
    ("diagnostics:overdue_items", {}),
    ("diagnostics:overdue_items", {"tri": "structure", "q": "liste"}),
    ("diagnostics:accompaniment_list", {}),
    ("diagnostics:accompaniment_list", {"tri": "structure", "kind": "quality"}),
]


@pytest.mark.parametrize("staff", ["national", "regional"])
@pytest.mark.parametrize("name, query", LISTS)
def test_a_list_costs_the_same_queries_with_three_rows_or_three_pages(
    login, django_assert_max_num_queries, staff, name, query
):
    """Counted and sorted (after a change: the rows added replace the lists' version) or
    read again (its order kept in the cache), a list costs the same with few rows or many."""
    user = UserFactory(national=True) if staff == "national" else guyane_staff()
    client = login(user)
    url = reverse(name)
    add_rows(3)
    client.get(url, query)  # warm the session and the user's caches
    versions.forget()
    with CaptureQueriesContext(connection) as counted:
        small = client.get(url, query)
    with CaptureQueriesContext(connection) as kept:
        client.get(url, query)
    assert small.status_code == 200 and len(small.context["page"]) >= 3
    add_rows(3 * PER_PAGE, start=3)
    with django_assert_max_num_queries(len(counted)):
        large = client.get(url, query)
    page = large.context["page"]
    assert len(page) == PER_PAGE and page.paginator.count >= 3 * PER_PAGE
    with django_assert_max_num_queries(len(kept)):
        again = client.get(url, query).context["page"]
    assert [row.pk for row in again] == [row.pk for row in page]
    assert again.paginator.count == page.paginator.count
    # Read again, neither the count nor the sort runs.
    assert len(kept) <= len(counted) - 2 and len(counted) <= 8


def test_the_rows_of_a_page_keep_the_order_of_the_sort_and_their_counts(login):
    add_rows(PER_PAGE + 5)
    client = login(UserFactory(national=True))
    ActionItem.objects.filter(plan__structure__name="SIAE liste 007").update(
        status=ItemStatus.IN_PROGRESS, due_on=DAY - datetime.timedelta(days=1)
    )
    ActionItem.objects.create(
        plan=ActionPlan.objects.get(structure__name="SIAE liste 011"),
        objective="Fait",
        status=ItemStatus.DONE,
    )
    page = client.get(reverse("diagnostics:action_plan_list")).context["page"]
    assert [plan.structure.name for plan in page] == [
        f"SIAE liste {n:03d}" for n in range(PER_PAGE)
    ]
    counts = {p.structure.name: (p.item_count, p.open_count, p.overdue_count) for p in page}
    assert counts["SIAE liste 011"] == (3, 2, 2) and counts["SIAE liste 000"] == (2, 2, 2)
    second = client.get(reverse("diagnostics:action_plan_list"), {"page": 2}).context["page"]
    assert [plan.structure.name for plan in second][0] == f"SIAE liste {PER_PAGE:03d}"
    visits = client.get(reverse("diagnostics:visit_list")).context["page"]
    assert [v.planned_on for v in visits] == sorted((v.planned_on for v in visits), reverse=True)
    accompaniments = client.get(
        reverse("diagnostics:accompaniment_list"), {"tri": "structure"}
    ).context["page"]
    assert [a.participant_count for a in accompaniments] == [2] * PER_PAGE


def _last_if_none(value):
    """PostgreSQL's place for NULL: after every value ascending, before them descending."""
    return (value is None, value if value is not None else 0)


def _overdue_count(plan):
    return sum(item.is_overdue() for item in plan.items.all())


# Each list: its rows for Guyane's staff, and each sort with the value it sorts by.
ORDERS = {
    "diagnostics:visit_list": (
        lambda: Visit.objects.filter(structure__departement__region__code="03"),
        {"date": lambda v: v.planned_on, "structure": lambda v: v.structure.name},
    ),
    "diagnostics:accompaniment_list": (
        lambda: Accompaniment.objects.filter(
            Q(structure__departement__region__code="03")
            | Q(participants__departement__region__code="03")
        ).distinct(),
        {
            "debut": lambda a: a.started_on,
            "structure": lambda a: a.structure.name,
            "type": lambda a: a.kind,
        },
    ),
    "diagnostics:action_plan_list": (
        lambda: ActionPlan.objects.filter(structure__departement__region__code="03"),
        {"structure": lambda p: p.structure.name, "retard": _overdue_count},
    ),
    "diagnostics:overdue_items": (
        lambda: ActionItem.objects.overdue().filter(
            plan__structure__departement__region__code="03"
        ),
        {"echeance": lambda i: i.due_on, "structure": lambda i: i.plan.structure.name},
    ),
}


@pytest.mark.parametrize("name", ORDERS)
def test_every_sort_pages_through_the_rows_of_the_territory_in_order(login, name):
    """Both directions of every sort, page after page: the rows of the user's territory
    only, each once, in the order of the sort and then of their keys (ties, empty dates)."""
    add_rows(PER_PAGE + 5)
    for n, visit in enumerate(Visit.objects.order_by("pk")):
        if n % 4 == 0:  # a few visits on the same day
            Visit.objects.filter(pk=visit.pk).update(planned_on=DAY)
    for n, accompaniment in enumerate(Accompaniment.objects.order_by("pk")):
        if n % 3:  # the others not started yet
            started = DAY + datetime.timedelta(days=n % 4)
            Accompaniment.objects.filter(pk=accompaniment.pk).update(started_on=started)
    for n, item in enumerate(ActionItem.objects.order_by("pk")):
        status = ItemStatus.DONE if n % 5 == 0 else ItemStatus.PLANNED
        due = DAY - datetime.timedelta(days=n % 3)
        ActionItem.objects.filter(pk=item.pk).update(status=status, due_on=due)
    normandie = [StructureFactory(commune=commune("14118")) for _ in range(2)]
    joined = Accompaniment.objects.create(
        structure=normandie[0], kind=AccompanimentKind.TRAINING, title="Rejointe", started_on=DAY
    )
    joined.participants.add(Structure.objects.get(name="SIAE liste 003"), normandie[1])
    Accompaniment.objects.create(
        structure=normandie[1], kind=AccompanimentKind.TRAINING, title="Normande"
    )
    Visit.objects.create(structure=normandie[0], planned_on=DAY)
    client = login(guyane_staff())
    rows, sorts = ORDERS[name]
    by_key = sorted(rows(), key=lambda row: row.pk)
    for sort, value in sorts.items():
        for descending in (False, True):
            expected = sorted(by_key, key=lambda row: _last_if_none(value(row)), reverse=descending)
            query = {"tri": f"-{sort}" if descending else sort}
            first = client.get(reverse(name), query).context["page"]
            pages = [first] + [
                client.get(reverse(name), {**query, "page": number}).context["page"]
                for number in range(2, first.paginator.num_pages + 1)
            ]
            assert first.paginator.count == len(expected) and len(pages) >= 2
            listed = [row.pk for page in pages for row in page]
            assert listed == [row.pk for row in expected], query
