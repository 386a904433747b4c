"""Hostile input in the forms of a regional network's structuring: never a server error,
never a partial write, never markup echoed back unescaped."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from network.models import BureauMandate, Milestone, NetworkMember, NetworkStageChange

from .hostile import XSS, hostile_text
from .test_forms import PROPERTY

NETWORK = "Réseau IAE de Guyane"
anything = st.one_of(st.just(""), hostile_text, st.integers().map(str))


def counts():
    return (
        NetworkStageChange.objects.count(),
        NetworkMember.objects.count(),
        BureauMandate.objects.count(),
        Milestone.objects.filter(reached_on__isnull=False).count(),
    )


def post(client, url, data):
    with transaction.atomic():
        before = counts()
        response = client.post(url, data)
        after = counts()
        transaction.set_rollback(True)
    assert response.status_code < 500, response.status_code
    assert XSS.encode() not in response.content
    return response, before, after


@pytest.fixture
def network(demo):
    from network.models import RegionalNetwork

    return RegionalNetwork.objects.get(name=NETWORK)


@pytest.mark.django_db
@PROPERTY
@given(to_status=anything, changed_on=anything, reason=anything)
def test_stage_change_form(login, demo, network, to_status, changed_on, reason):
    client = login(demo["guyane"])
    url = reverse("network:regional_network_stage", args=[network.pk])
    response, before, after = post(
        client, url, {"to_status": to_status, "changed_on": changed_on, "reason": reason}
    )
    if response.status_code != 302:
        assert before == after


@pytest.mark.django_db
@PROPERTY
@given(structure=anything, organisation=anything, status=anything, on=anything, note=anything)
def test_member_add_form(login, demo, network, structure, organisation, status, on, note):
    client = login(demo["guyane"])
    url = reverse("network:regional_network_member_add", args=[network.pk])
    data = {"structure": structure, "organisation": organisation, "status": status}
    response, before, after = post(client, url, {**data, "on": on, "note": note})
    assert response.status_code == 400 and before == after


@pytest.mark.django_db
@PROPERTY
@given(role=anything, person=anything, member=anything, milestone=anything)
def test_assembly_decisions_form(login, demo, network, role, person, member, milestone):
    event = network.events.filter(minutes__published_at__isnull=False).first()
    client = login(demo["guyane"])
    url = reverse("events:minutes_network_decisions", args=[event.pk])
    data = {
        "bureau-TOTAL_FORMS": 1,
        "bureau-INITIAL_FORMS": 0,
        "bureau-0-role": role,
        "bureau-0-person_name": person,
        "bureau-0-member": member,
        "milestones": milestone,
    }
    response, before, after = post(client, url, data)
    if response.status_code != 302:
        assert before == after
