"""Object-level scoping: for every URL that names an object (a pk, a token, a slug), a
person of the same kind but another structure, territory or partner organisation gets a
404, exactly like a missing page.

The role-by-URL matrix (tests/core/test_access.py) checks the demo roles; this test adds
people the matrix does not have (agents of other partner organisations, a manager of a
third structure) and checks that each URL that opens to one person of a kind is closed to
their peers."""

import re
import warnings

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from network.models import Organisation
from structures.models import Structure
from tests.access import GUYANE, MANAGER_A, MANAGER_B, NORMANDIE, PARTNER
from tests.core.test_access import build_world, load_specs, project_patterns
from tests.factories import MembershipFactory, UserFactory

# Roles of one kind whose objects differ: regional staff of two territories, managers of
# two structures, agents of two organisations.
PEERS = [(GUYANE, NORMANDIE), (MANAGER_A, MANAGER_B)]
OTHER_AGENTS = ["CRESS Guyane", "DREETS Normandie"]
# URLs whose object is deliberately shared between peers, with the reason.
SHARED = {
    # The signed link is the credential: anyone holding it sees the invitation.
    "accounts:invitation_accept": "signed token",
    # A personal calendar feed: the secret, revocable link is the credential.
    "events:feed": "secret token",
}
# Partner agents must never reach what was not shared with their organisation: reports and
# anything downloaded or exported. Other pages open to every partner agent are listed as a
# warning (they may be deliberate: published events, for instance).
PARTNER_STRICT = re.compile(r"^reports:|download|export|telecharg", re.I)


def outsiders() -> dict[str, object]:
    """People the demo does not have: agents of two other organisations and the manager of
    a third structure."""
    people = {}
    for name in OTHER_AGENTS:
        people[f"agent of {name}"] = UserFactory(
            partner=True, organisation=Organisation.objects.get(name=name)
        )
    membership = MembershipFactory(structure=Structure.objects.get(name="Mana Solidarité"))
    people["manager of Mana Solidarité"] = membership.user
    return people


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def fetch(client, spec, url):
    with transaction.atomic():
        response = getattr(client, spec.method)(url, spec.data)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_objects_are_out_of_reach_of_peers(demo):
    build_world()
    specs = load_specs()
    extra = outsiders()
    clients = {role: client_for(demo[role]) for role in (GUYANE, NORMANDIE, MANAGER_A, MANAGER_B)}
    clients.update({label: client_for(user) for label, user in extra.items()})
    object_urls = [
        (name, specs[name]) for name, pattern in project_patterns() if pattern.pattern.converters
    ]
    assert object_urls, "no URL names an object"
    failures, unscoped, shared_with_partners = [], [], []
    for name, spec in object_urls:
        assert spec.kwargs, f"{name} names an object but its Spec gives no kwargs"
        if name in SHARED:
            continue
        url = reverse(name, kwargs=spec.kwargs())
        checked = False
        for first, second in PEERS:
            if (first in spec.allowed) != (second in spec.allowed):
                outsider = second if first in spec.allowed else first
                checked = True
                status = fetch(clients[outsider], spec, url).status_code
                if status != 404:
                    failures.append(f"{name} {url} as {outsider}: {status}, expected 404")
        if PARTNER in spec.allowed:
            for label in extra:
                if label.startswith("agent of"):
                    status = fetch(clients[label], spec, url).status_code
                    if status == 404:
                        checked = True
                    elif PARTNER_STRICT.search(name):
                        failures.append(f"{name} {url} as {label}: {status}, expected 404")
                    else:
                        shared_with_partners.append(f"{name} ({label}: {status})")
        if (MANAGER_A in spec.allowed) != (MANAGER_B in spec.allowed):
            label = "manager of Mana Solidarité"
            status = fetch(clients[label], spec, url).status_code
            if status != 404:
                failures.append(f"{name} {url} as {label}: {status}, expected 404")
        if not checked and spec.allowed - {"admin", "reseau"}:
            unscoped.append(f"{name} ({sorted(spec.allowed)})")
    if shared_with_partners:
        warnings.warn(
            "Pages open to agents of every partner organisation: "
            + "; ".join(sorted(set(shared_with_partners))),
            stacklevel=1,
        )
    assert not failures, "\n".join(failures)
    if unscoped:
        # Objects every peer may open (members' public profiles, published events…):
        # listed so a reviewer sees them; scoping them is each app's decision.
        warnings.warn(
            "URLs naming an object open to every peer: " + "; ".join(unscoped), stacklevel=1
        )
