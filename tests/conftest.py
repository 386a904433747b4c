import pytest
from django.core.management import call_command

from core.demo import demo_email


@pytest.fixture
def demo(db):
    """The demo world (seed_demo at scale 1), rolled back after the test."""
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from accounts.models import User

    return {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith="@demo.maillage.test")
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


__all__ = ["demo_email"]
