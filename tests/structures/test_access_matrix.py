"""The role-by-URL matrix for the structures app alone (the project-wide test covers every
app; this one keeps the structures part readable when it fails)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access import ANONYMOUS, ROLES
from tests.core.test_access import expected, outcome, project_patterns
from tests.structures import access_spec


@pytest.mark.django_db
def test_structures_role_by_url(demo):
    access_spec.build()
    clients = {}
    for role in ROLES:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    names = {name for name, _ in project_patterns() if name and name.startswith("structures:")}
    assert names == set(access_spec.SPECS)
    failures = []
    for name in sorted(names):
        spec = access_spec.SPECS[name]
        url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
        for role in ROLES:
            with transaction.atomic():
                response = getattr(clients[role], spec.method)(url, spec.data)
                transaction.set_rollback(True)
            got, want = outcome(response), expected(spec, role)
            if got != want:
                failures.append(f"{name} ({url}) as {role}: {got}, expected {want}")
    assert not failures, "\n".join(failures)
