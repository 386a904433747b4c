from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role, StaffScope
from accounts.models import Invitation, User
from structures.models import Structure, StructureMembership
from tests.factories import PASSWORD, UserFactory, region

pytestmark = pytest.mark.django_db


def invite(client, **data):
    return client.post(reverse("accounts:invitation_create"), data)


def test_staff_invites_a_manager_by_email(
    demo, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(demo["guyane"])
    structure = Structure.objects.get(name="Bois et Fleuve")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client, email="Direction@BoisEtFleuve.test", role=Role.MANAGER, structure=structure.pk
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="direction@boisetfleuve.test")
    assert invitation.structure == structure
    assert len(mailoutbox) == 1
    assert invitation.token in mailoutbox[0].body


def test_regional_staff_cannot_invite_into_another_region(demo, login):
    client = login(demo["normandie"])
    structure = Structure.objects.get(name="APROSEP")
    response = invite(client, email="x@exemple.test", role=Role.MANAGER, structure=structure.pk)
    assert response.status_code == 200
    assert "structure" in response.context["form"].errors
    assert not Invitation.objects.filter(email="x@exemple.test").exists()


def test_regional_staff_cannot_invite_national_staff(demo, login):
    client = login(demo["guyane"])
    response = invite(client, email="n@exemple.test", role=Role.STAFF, staff_scope="national")
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="n@exemple.test").exists()


def test_missing_target_is_explained(demo, login):
    client = login(demo["reseau"])
    response = invite(client, email="p@exemple.test", role=Role.PARTNER)
    assert "Choisissez l&#x27;organisation" in response.content.decode()


def test_accepting_creates_the_account_and_logs_in(demo, client):
    structure = Structure.objects.get(name="Bois et Fleuve")
    invitation = Invitation.objects.create(
        email="new@exemple.test",
        role=Role.MANAGER,
        structure=structure,
        structure_admin=True,
        invited_by=demo["guyane"],
    )
    url = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(
        url,
        {"first_name": "Ana", "last_name": "Lopes", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@exemple.test")
    assert user.role == Role.MANAGER
    assert user.time_zone == "America/Cayenne"
    assert StructureMembership.objects.get(user=user, structure=structure).is_admin
    assert client.get(reverse("home")).url == reverse("structures:member_home")
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_accepting_attaches_an_existing_account(demo, login):
    user = demo["siae-a"]
    structure = Structure.objects.get(name="Bois et Fleuve")
    invitation = Invitation.objects.create(
        email=user.email, role=Role.MANAGER, structure=structure, invited_by=demo["guyane"]
    )
    client = login(user)
    url = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    assert client.post(url).status_code == 302
    assert StructureMembership.objects.filter(user=user, structure=structure).exists()


def test_existing_account_must_log_in_first(demo, client):
    invitation = Invitation.objects.create(
        email=demo["siae-a"].email,
        role=Role.MANAGER,
        structure=Structure.objects.get(name="Bois et Fleuve"),
    )
    url = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(url)
    assert response.status_code == 200
    assert "connectez-vous" in response.content.decode()
    assert not StructureMembership.objects.filter(
        user=demo["siae-a"], structure=invitation.structure
    ).exists()


def test_expired_invitation_gets_a_clear_message(demo, client):
    invitation = Invitation.objects.create(
        email="late@exemple.test",
        role=Role.STAFF,
        staff_scope=StaffScope.REGIONAL,
        region=region("03"),
        created_at=timezone.now() - timedelta(days=15),
    )
    response = client.get(reverse("accounts:invitation_accept", kwargs={"token": invitation.token}))
    assert response.status_code == 400
    assert "a expiré le" in response.content.decode()
    assert not User.objects.filter(email="late@exemple.test").exists()


@pytest.mark.parametrize("token", ["nonsense", signing.dumps({"id": 1}, salt="other")])
def test_tampered_token_gets_a_clear_message(client, token):
    response = client.get(reverse("accounts:invitation_accept", kwargs={"token": token}))
    assert response.status_code == 400
    assert "n&#x27;est pas valide" in response.content.decode()


def test_revoked_invitation_cannot_be_used(demo, login, client):
    invitation = Invitation.objects.create(
        email="gone@exemple.test",
        role=Role.PARTNER,
        organisation=demo["dieccte"].organisation,
        invited_by=demo["guyane"],
    )
    staff = login(demo["guyane"])
    staff.post(reverse("accounts:invitation_revoke", kwargs={"pk": invitation.pk}))
    staff.logout()
    response = client.get(reverse("accounts:invitation_accept", kwargs={"token": invitation.token}))
    assert response.status_code == 400
    assert "annulée" in response.content.decode()


def test_role_conflict_is_refused(demo, login):
    client = login(demo["reseau"])
    response = invite(
        client,
        email=demo["siae-a"].email,
        role=Role.PARTNER,
        organisation=demo["dieccte"].organisation.pk,
    )
    assert "déjà un compte avec un autre rôle" in response.content.decode()


def test_weak_password_is_refused_with_the_reason(demo, client):
    invitation = Invitation.objects.create(
        email="weak@exemple.test",
        role=Role.MANAGER,
        structure=Structure.objects.get(name="APROSEP"),
    )
    url = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(
        url, {"first_name": "A", "last_name": "B", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert "trop court" in response.content.decode()
    assert not User.objects.filter(email="weak@exemple.test").exists()


def test_factory_roles():
    staff = UserFactory(regional=True, regions=[region("28")])
    assert staff.is_regional_staff and not staff.is_national_staff
