import pytest
from django.test import Client

from tests.access import ANONYMOUS, ROLES


@pytest.fixture
def role_clients(demo):
    """A test client per demo role, logged in (anonymous: not)."""
    clients = {}
    for role in ROLES:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    return clients
