"""Random and hostile input in the forms that exist: never a server error, never a
partial write, and never markup echoed back unescaped."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation, User
from structures.models import Structure

from .hostile import XSS, hostile_text

PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ROLES = ["staff", "manager", "partner", ""]


def post(client, url, data):
    """POST in a transaction rolled back afterwards, so examples don't see each other."""
    with transaction.atomic():
        response = client.post(url, data)
        counts = (Invitation.objects.count(), User.objects.count())
        transaction.set_rollback(True)
    return response, counts


def assert_no_raw_markup(response):
    assert XSS.encode() not in response.content


@pytest.fixture
def staff(login, demo):
    return login(demo["guyane"])


@pytest.mark.django_db
@PROPERTY
@given(
    email=hostile_text,
    first_name=hostile_text,
    last_name=hostile_text,
    role=st.one_of(st.sampled_from(ROLES), hostile_text),
    structure=st.one_of(st.just(None), hostile_text, st.integers()),
    region=st.one_of(st.just(None), hostile_text, st.integers()),
)
def test_invitation_form(staff, email, first_name, last_name, role, structure, region):
    before = Invitation.objects.count()
    data = {"email": email, "first_name": first_name, "last_name": last_name, "role": role}
    if structure is not None:
        data["structure"] = str(structure)
    if region is not None:
        data["region"] = str(region)
        data["staff_scope"] = "regional"
    response, (after, _users) = post(staff, reverse("accounts:invitation_create"), data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert after == before, "a refused form wrote an invitation"
        assert_no_raw_markup(response)
    else:
        assert after == before + 1


@pytest.mark.django_db
def test_invitation_form_accepts_a_good_one_among_hostile(staff):
    """The property above is not vacuous: a valid invitation does go through."""
    structure = Structure.objects.get(name="Bois et Fleuve")
    response, (after, _users) = post(
        staff,
        reverse("accounts:invitation_create"),
        {
            "email": "ok@exemple.test",
            "first_name": XSS,
            "last_name": "Tiouka",
            "role": "manager",
            "structure": structure.pk,
        },
    )
    assert response.status_code == 302
    assert after == Invitation.objects.count() + 1


@pytest.fixture
def invitation(demo):
    return Invitation.objects.create(
        email="nouvelle@exemple.test",
        role="manager",
        structure=Structure.objects.get(name="Bois et Fleuve"),
        invited_by=demo["guyane"],
    )


@pytest.mark.django_db
@PROPERTY
@given(
    first_name=hostile_text,
    last_name=hostile_text,
    password1=hostile_text,
    password2=st.one_of(hostile_text, st.just("SAME")),
)
def test_invitation_acceptance(client, invitation, first_name, last_name, password1, password2):
    if password2 == "SAME":
        password2 = password1
    users = User.objects.count()
    url = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response, (_invitations, after) = post(
        client,
        url,
        {
            "first_name": first_name,
            "last_name": last_name,
            "password1": password1,
            "password2": password2,
        },
    )
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert after == users, "a refused acceptance created an account"
        assert_no_raw_markup(response)
    else:
        assert after == users + 1


@pytest.mark.django_db
@PROPERTY
@given(token=hostile_text.filter(lambda t: t and "/" not in t and "\x00" not in t))
def test_hostile_invitation_tokens(client, token):
    from urllib.parse import quote

    response = client.get(f"/compte/invitation/{quote(token, safe='')}/")
    assert response.status_code in (400, 404), response.status_code
    assert_no_raw_markup(response)


@pytest.mark.django_db
@PROPERTY
@given(
    first_name=hostile_text,
    last_name=hostile_text,
    job_title=hostile_text,
    phone=hostile_text,
    time_zone=st.one_of(st.sampled_from(["America/Cayenne", "Europe/Paris"]), hostile_text),
)
def test_profile_form(login, demo, first_name, last_name, job_title, phone, time_zone):
    user = demo["siae-a"]
    client = login(user)
    with transaction.atomic():
        response = client.post(
            reverse("accounts:profile"),
            {
                "first_name": first_name,
                "last_name": last_name,
                "job_title": job_title,
                "phone": phone,
                "time_zone": time_zone,
            },
        )
        user.refresh_from_db()
        saved = (user.first_name, user.last_name, user.job_title, user.phone, user.time_zone)
        transaction.set_rollback(True)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert saved == ("Marie", "Joseph", "Directrice", "", "America/Cayenne"), saved
        assert_no_raw_markup(response)
