"""Role-by-URL for the network pages alone (the project-wide matrix runs in tests/core),
so a failure here names a network view."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access import ANONYMOUS, ROLES
from tests.core.test_access import expected, outcome, project_patterns
from tests.network.access_spec import SPECS


@pytest.mark.django_db
def test_network_role_by_url(demo):
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != ANONYMOUS:
            clients[role].force_login(
                demo[role], backend="django.contrib.auth.backends.ModelBackend"
            )
    failures, checked = [], 0
    for name, _pattern in project_patterns():
        if not name.startswith("network:"):
            continue
        spec = SPECS[name]
        url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
        checked += 1
        for role in ROLES:
            with transaction.atomic():
                response = getattr(clients[role], spec.method)(url, spec.data)
                transaction.set_rollback(True)
            got, want = outcome(response), expected(spec, role)
            if got != want:
                failures.append(f"{name} ({url}) as {role}: {got}, expected {want}")
    assert checked == len(SPECS)
    assert not failures, "\n".join(failures)
