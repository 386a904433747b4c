"""allauth's login rate limit, turned back on with the production values: after five
failures for one address the login answers a clear message, never a 500, even with the
right password, while other people can still log in."""

import uuid

import pytest
from django.conf import settings as django_settings

from config.settings import base

LIMITED = "Trop de tentatives de connexion"


@pytest.fixture
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    # A cache of its own: Redis when the suite has one (as in production), else memory.
    prefix = f"ratelimit-test-{uuid.uuid4().hex}"
    if getattr(django_settings, "REDIS_URL", ""):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": django_settings.REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": prefix,
            }
        }
    # Keys are left to expire on their own (minutes): clearing would flush a shared Redis db.


@pytest.mark.django_db
def test_login_is_limited_after_repeated_failures(client, demo, rate_limits):
    email = demo["siae-a"].email
    for attempt in range(5):
        response = client.post("/accounts/login/", {"login": email, "password": f"faux-{attempt}"})
        assert response.status_code == 200
        assert "incorrects" in response.content.decode()
        assert LIMITED not in response.content.decode()
    response = client.post("/accounts/login/", {"login": email, "password": "faux-encore"})
    assert response.status_code in (200, 429)
    assert LIMITED in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post("/accounts/login/", {"login": email, "password": "maillage-demo"})
    assert response.status_code in (200, 429)
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else, from the same address, still logs in.
    response = client.post(
        "/accounts/login/", {"login": demo["siae-b"].email, "password": "maillage-demo"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo["siae-b"].pk)


@pytest.mark.django_db
def test_many_failures_from_one_address_never_give_a_server_error(client, demo, rate_limits):
    statuses = set()
    for attempt in range(14):
        response = client.post(
            "/accounts/login/",
            {"login": f"inconnu{attempt}@exemple.test", "password": "nimporte"},
        )
        statuses.add(response.status_code)
    assert statuses <= {200, 429}
    assert LIMITED in response.content.decode() or response.status_code == 429
