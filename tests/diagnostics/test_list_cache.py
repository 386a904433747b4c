"""The diagnostics lists keep their order (how many rows, which keys on the page) in the
cache: every change of what they hold shows on the very next request, however it is
written (a save, a write that sends no signal, a deletion, a many-to-many change)."""

import datetime
import zoneinfo

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from diagnostics import list_cache
from diagnostics.enums import AccompanimentKind, ItemStatus
from diagnostics.models import Accompaniment, ActionItem, ActionPlan, Visit
from tests.factories import StructureFactory, UserFactory, commune, region

from .factories import guyane_staff
from .test_list_queries import DAY, add_rows

pytestmark = pytest.mark.django_db


def listed(client, name, **query):
    """(count, keys of the page) of list `name`, as the page shows them."""
    page = client.get(reverse(name), query).context["page"]
    return page.paginator.count, [row.pk for row in page]


def test_a_visit_created_moved_or_deleted_shows_in_the_list_at_once(login):
    add_rows(3)
    client = login(guyane_staff())
    count, keys = listed(client, "diagnostics:visit_list")
    assert listed(client, "diagnostics:visit_list") == (count, keys)  # read from the cache
    visit = Visit.objects.create(
        structure=StructureFactory(), planned_on=DAY + datetime.timedelta(days=100)
    )
    assert listed(client, "diagnostics:visit_list") == (count + 1, [visit.pk, *keys])
    Visit.objects.filter(pk=visit.pk).update(planned_on=DAY - datetime.timedelta(days=100))
    assert listed(client, "diagnostics:visit_list") == (count + 1, [*keys, visit.pk])
    Visit.objects.filter(pk=visit.pk).delete()
    assert listed(client, "diagnostics:visit_list") == (count, keys)


def test_an_action_done_or_postponed_leaves_the_overdue_list_at_once(login):
    add_rows(3)
    client = login(UserFactory(national=True))
    count, keys = listed(client, "diagnostics:overdue_items")
    plans = listed(client, "diagnostics:action_plan_list", tri="-retard")
    done = ActionItem.objects.get(pk=keys[0])
    done.status = ItemStatus.DONE
    done.save()
    assert listed(client, "diagnostics:overdue_items") == (count - 1, keys[1:])
    later = timezone.localdate() + datetime.timedelta(days=1)
    ActionItem.objects.filter(pk=keys[1]).update(due_on=later)
    assert listed(client, "diagnostics:overdue_items") == (count - 2, keys[2:])
    # The plans sorted by their overdue actions: that plan has none left, it comes last.
    assert listed(client, "diagnostics:action_plan_list", tri="-retard") != plans
    assert listed(client, "diagnostics:action_plan_list", tri="-retard")[1][-1] == done.plan_id


def test_a_structure_renamed_or_moved_and_staff_given_a_region_show_at_once(login):
    add_rows(3)
    staff = guyane_staff()
    client = login(staff)
    count, keys = listed(client, "diagnostics:action_plan_list")  # by structure name
    structure = ActionPlan.objects.get(pk=keys[0]).structure
    structure.name = "SIAE renommée"
    structure.save()
    assert listed(client, "diagnostics:action_plan_list") == (count, [*keys[1:], keys[0]])
    structure.commune = commune("14118")  # Caen: Normandie
    structure.departement = structure.commune.departement
    structure.save()
    assert listed(client, "diagnostics:action_plan_list") == (count - 1, keys[1:])
    staff.regions.add(region("28"))
    assert listed(client, "diagnostics:action_plan_list") == (count, [*keys[1:], keys[0]])


def test_a_structure_joining_or_leaving_an_action_shows_at_once(login):
    add_rows(3)
    client = login(guyane_staff())
    count, keys = listed(client, "diagnostics:accompaniment_list")
    session = Accompaniment.objects.create(
        structure=StructureFactory(commune=commune("14118")),  # led from Normandie
        kind=AccompanimentKind.TRAINING,
        title="Session inter-régions",
        started_on=DAY,
    )
    assert listed(client, "diagnostics:accompaniment_list") == (count, keys)
    guest = StructureFactory()  # Guyane
    session.participants.add(guest)
    count_with, keys_with = listed(client, "diagnostics:accompaniment_list")
    assert count_with == count + 1 and session.pk in keys_with
    session.participants.remove(guest)
    assert listed(client, "diagnostics:accompaniment_list") == (count, keys)


def test_the_order_is_kept_for_one_day_and_one_scope():
    """An action is overdue once its day has passed: the key holds the user's day (two
    time zones 25 hours apart never share one), and their scope."""
    national, regional = UserFactory(national=True), guyane_staff()
    request = RequestFactory().get(reverse("diagnostics:overdue_items"))
    keys = set()
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            for user in (national, regional):
                request.user = user
                keys.add(list_cache.order_key(request, "overdue_items"))
    assert len(keys) == 4
