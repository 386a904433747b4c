"""PostgreSQL drops the connection in the middle of a request: the user gets a clear,
static error page, and nothing is half-written (ATOMIC_REQUESTS rolls the request back)."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Invitation
from structures.models import Structure

from .dropper import drop_connection_after

pytestmark = pytest.mark.django_db(transaction=True)


def fresh_connection():
    """The test's own connection may be the one that was dropped."""
    connection.close()


def test_connection_dropped_mid_request_shows_the_error_page_and_writes_nothing(live_world):
    client = Client(raise_request_exception=False)
    client.force_login(live_world["guyane"], backend="django.contrib.auth.backends.ModelBackend")
    structure = Structure.objects.get(name="Bois et Fleuve")
    mail.outbox = []
    data = {
        "email": "coupure@exemple.test",
        "role": "manager",
        "structure": structure.pk,
        "first_name": "Coupure",
        "last_name": "Réseau",
    }
    with drop_connection_after(r'^INSERT INTO "accounts_invitation"') as dropper:
        response = client.post(reverse("accounts:invitation_create"), data)
    assert dropper.dropped, "the request never wrote the invitation"
    assert response.status_code == 500
    page = response.content.decode()
    assert "Le service a rencontré un problème" in page
    assert "rien n'a été enregistré" in page
    assert "Traceback" not in page and "accounts_invitation" not in page
    fresh_connection()
    assert not Invitation.objects.filter(email="coupure@exemple.test").exists()
    assert mail.outbox == []  # on_commit never ran: no invitation e-mail for nothing
    # The portal recovers on the next request, and the same form now goes through.
    response = client.post(reverse("accounts:invitation_create"), data)
    assert response.status_code == 302
    assert Invitation.objects.filter(email="coupure@exemple.test").count() == 1
    assert len(mail.outbox) == 1


def test_error_pages_are_static(settings):
    """The error pages render without a database or a request (they must work when
    PostgreSQL is gone)."""
    from django.template.loader import get_template

    for code in (400, 403, 404, 500):
        html = get_template(f"{code}.html").render()
        assert '<html lang="fr">' in html
        assert "<main" in html and "<h1>" in html
        assert "<script" not in html and "style=" not in html
