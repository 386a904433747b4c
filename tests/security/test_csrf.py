"""Every state-changing request needs the CSRF token: a POST without it is refused (403)
for every URL of the project, as a role allowed to use it, and nothing is written."""

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access import ANONYMOUS, ROLES
from tests.core.test_access import build_world, iter_patterns, load_specs, project_patterns

# allauth pages that change state (login, logout, password, e-mail addresses, two-factor).
ALLAUTH_POSTS = [
    "account_login",
    "account_logout",
    "account_reset_password",
    "account_change_password",
    "account_email",
]


def allowed_role(spec) -> str:
    """A role that may use the URL (the least privileged one first)."""
    for role in reversed(ROLES):
        if role in spec.allowed:
            return role
    return ANONYMOUS


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_every_project_view_refuses_a_post_without_csrf_token(demo):
    build_world()
    specs = load_specs()
    clients = {}
    for role in ROLES:
        clients[role] = Client(enforce_csrf_checks=True)
        if role != ANONYMOUS:
            clients[role].force_login(
                demo[role], backend="django.contrib.auth.backends.ModelBackend"
            )
    exempt = [
        name for name, pattern in project_patterns() if getattr(pattern.callback, "csrf_exempt", 0)
    ]
    assert not exempt, f"Views exempt from CSRF checks: {exempt}"
    before = table_counts()
    failures, checked = [], 0
    for name, _pattern in project_patterns():
        spec = specs[name]
        url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
        role = allowed_role(spec)
        with transaction.atomic():
            response = clients[role].post(url, spec.data or {"name": "x"})
            transaction.set_rollback(True)
        checked += 1
        if response.status_code != 403:
            failures.append(f"POST {url} ({name}) as {role}: {response.status_code}")
    assert checked >= len(specs) > 5
    assert not failures, "\n".join(failures)
    assert table_counts() == before


@pytest.mark.django_db
def test_allauth_posts_refused_without_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["siae-a"], backend="django.contrib.auth.backends.ModelBackend")
    names = {name for name, _ in iter_patterns()}
    for name in ALLAUTH_POSTS:
        assert name in names
        response = client.post(reverse(name), {"login": demo["siae-a"].email})
        assert response.status_code == 403, name
    # Still logged in: the logout without a token did nothing.
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_a_post_with_the_token_goes_through(demo):
    """The 403s above come from the CSRF check, not from the views."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["siae-a"], backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("accounts:profile"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Marie", "last_name": "Joseph-Lony", "time_zone": "America/Cayenne"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    demo["siae-a"].refresh_from_db()
    assert demo["siae-a"].last_name == "Joseph-Lony"
