"""Login addresses: staff change theirs, managers and partners ask the network team, and no
confirmation is ever sent to an address another account uses."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def add(client, email):
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


@pytest.mark.parametrize("account", ["siae-a", "dieccte"])
def test_managers_and_partners_cannot_attach_an_address(demo, login, account):
    client = login(demo[account])
    assert client.get(reverse("account_email")).status_code == 404
    assert add(client, "moi-ailleurs@exemple.test").status_code == 404
    assert "Adresses e-mail" not in client.get(reverse("accounts:profile")).content.decode()
    assert not EmailAddress.objects.filter(email="moi-ailleurs@exemple.test").exists()
    assert mail.outbox == []


def test_staff_cannot_attach_another_accounts_address_and_nobody_is_mailed(demo, login):
    client = login(demo["guyane"])
    response = add(client, demo["siae-a"].email.upper())
    assert response.status_code == 200
    assert "déjà celle d&#x27;un autre compte" in response.content.decode()
    assert not EmailAddress.objects.filter(
        user=demo["guyane"], email__iexact=demo["siae-a"].email
    ).exists()
    assert mail.outbox == []


def test_staff_change_their_address_with_one_confirmation(
    demo, login, django_capture_on_commit_callbacks
):
    client = login(demo["guyane"])
    assert "Adresses e-mail" in client.get(reverse("accounts:profile")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave on commit
        response = add(client, "guyane-nouvelle@exemple.test")
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["guyane-nouvelle@exemple.test"]]
