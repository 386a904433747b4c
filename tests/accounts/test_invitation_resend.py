"""Invitations people can manage: inviting again resends, pending ones are listed with what
is needed to act on them, and the last administrator is never offered to leave."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation
from structures.models import Structure, StructureMembership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_inviting_the_same_address_twice_resends_the_pending_invitation(
    demo, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(demo["guyane"])
    structure = Structure.objects.get(name="Bois et Fleuve")
    data = {"email": "direction@boisetfleuve.test", "role": Role.MANAGER, "structure": structure.pk}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation_create"), data)
    first = Invitation.objects.get(email="direction@boisetfleuve.test")
    Invitation.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitation_create"),
            {**data, "email": "Direction@BoisEtFleuve.test", "first_name": "Inès"},
            follow=True,
        )
    pending = Invitation.objects.pending().filter(email="direction@boisetfleuve.test")
    assert pending.count() == 1
    again = pending.get()
    assert again.pk == first.pk and again.first_name == "Inès"
    assert again.created_at > timezone.now() - timedelta(minutes=1)
    assert len(mailoutbox) == 2 and again.token in mailoutbox[1].body
    assert "elle lui a été renvoyée" in response.content.decode()
    listing = client.get(reverse("accounts:invitation_list")).content.decode()
    assert "Inès" in listing and "Renvoyer" in listing and "Expire le" in listing


def test_the_same_address_for_another_structure_is_a_second_invitation(demo, login):
    client = login(demo["guyane"])
    for name in ("Bois et Fleuve", "APROSEP"):
        structure = Structure.objects.get(name=name)
        client.post(
            reverse("accounts:invitation_create"),
            {"email": "conseil@exemple.test", "role": Role.MANAGER, "structure": structure.pk},
        )
    assert Invitation.objects.pending().filter(email="conseil@exemple.test").count() == 2


def test_an_administrator_resends_and_cancels_team_invitations(
    login, mailoutbox, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(is_admin=True)
    structure = admin.structure
    invitation = Invitation.objects.create(
        email="nouvelle@exemple.test", first_name="Ana", role=Role.MANAGER, structure=structure
    )
    client = login(admin.user)
    page = client.get(reverse("structures:colleagues", kwargs={"pk": structure.pk}))
    content = page.content.decode()
    assert "Ana" in content and "nouvelle@exemple.test" in content and "Expire le" in content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("structures:colleague_invitation_resend", args=[invitation.pk]))
    assert len(mailoutbox) == 1 and invitation.token in mailoutbox[0].body
    client.post(reverse("structures:colleague_invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

    member = MembershipFactory(structure=structure, is_admin=False)
    other = Invitation.objects.create(
        email="x@exemple.test", role=Role.MANAGER, structure=structure
    )
    response = login(member.user).post(
        reverse("structures:colleague_invitation_revoke", args=[other.pk])
    )
    other.refresh_from_db()
    assert response.status_code == 302 and other.revoked_at is None


def test_the_last_administrator_is_not_offered_to_leave_or_step_down(login):
    admin = MembershipFactory(is_admin=True)
    structure = admin.structure
    colleague = MembershipFactory(structure=structure, is_admin=False)
    client = login(admin.user)
    url = reverse("structures:colleagues", kwargs={"pk": structure.pk})
    page = client.get(url).content.decode()
    assert reverse("structures:colleague_remove", args=[admin.pk]) not in page
    assert reverse("structures:colleague_admin", args=[admin.pk]) not in page
    assert "Seul administrateur" in page
    assert reverse("structures:colleague_remove", args=[colleague.pk]) in page
    # With a second administrator, either may step down.
    StructureMembership.objects.filter(pk=colleague.pk).update(is_admin=True)
    page = client.get(url).content.decode()
    assert reverse("structures:colleague_remove", args=[admin.pk]) in page
