"""allauth's rate limits with the production values (settings.ACCOUNT_RATE_LIMITS), from
the outside: they stop a guesser without letting anyone lock someone else out.

Failed logins are counted per address and per (address, account); the client test sets
REMOTE_ADDR to play people at different addresses."""

import time
import types
import uuid

import pytest
from allauth.core.internal import ratelimit
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings as django_settings
from django.test import Client

from config.settings import base
from core.demo import DEMO_PASSWORD

LIMITED = "Trop de tentatives de connexion"
ATTACKER, OWNER, OFFICE = "203.0.113.7", "198.51.100.20", "192.0.2.44"
LOGIN = "/accounts/login/"


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


@pytest.fixture
def later(monkeypatch):
    """Move allauth's rate-limit clock forward (the limits' windows pass in an instant)."""

    def _later(seconds: float):
        shifted = time.time() + seconds
        clock = types.SimpleNamespace(
            time=lambda: shifted, monotonic=time.monotonic, sleep=time.sleep
        )
        monkeypatch.setattr(ratelimit, "time", clock)
        monkeypatch.setattr("accounts.adapters.time", clock)

    return _later


def log_in(client, email, password, address):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def window_seconds(action: str, per: str) -> float:
    return next(
        rate.duration
        for rate in ratelimit.parse_rates(base.ACCOUNT_RATE_LIMITS[action])
        if rate.per == per
    )


@pytest.mark.django_db
def test_an_attacker_cannot_lock_the_owner_out(demo, rate_limits, later):
    email = demo["guyane"].email
    attacker = Client()
    statuses = []
    for attempt in range(50):
        response = log_in(attacker, email, f"devine-{attempt}", ATTACKER)
        statuses.append(response.status_code)
        assert "_auth_user_id" not in attacker.session
    assert statuses[0] == 200 and statuses[-1] == 429
    page = response.content.decode()
    assert LIMITED in page and "réessayez dans" in page
    assert int(response["Retry-After"]) > 0
    # Even the right password is refused from the attacker's address while the limit holds.
    response = log_in(attacker, email, DEMO_PASSWORD, ATTACKER)
    assert response.status_code == 429 and "_auth_user_id" not in attacker.session

    # The owner, from their own address, logs in at once with the right password.
    owner = Client()
    response = log_in(owner, email, DEMO_PASSWORD, OWNER)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(demo["guyane"].pk)

    # Another account from the attacker's address: refused while that address is limited,
    # let through once the address's window has passed.
    colleague = Client()
    assert log_in(colleague, demo["siae-b"].email, DEMO_PASSWORD, ATTACKER).status_code == 429
    later(window_seconds("login_failed", "ip") + 1)
    response = log_in(colleague, demo["siae-b"].email, DEMO_PASSWORD, ATTACKER)
    assert response.status_code == 302
    assert colleague.session["_auth_user_id"] == str(demo["siae-b"].pk)


@pytest.mark.django_db
def test_one_offices_typos_do_not_reach_the_limits(demo, rate_limits):
    """Six colleagues behind one address, four typos each, then their right password."""
    accounts = ["reseau", "guyane", "normandie", "siae-a", "siae-b", "dieccte"]
    for account in accounts:
        for typo in range(4):
            response = log_in(Client(), demo[account].email, f"typo-{typo}", OFFICE)
            assert response.status_code == 200
            assert "incorrects" in response.content.decode()
    for account in accounts:
        client = Client()
        assert log_in(client, demo[account].email, DEMO_PASSWORD, OFFICE).status_code == 302
        assert client.session["_auth_user_id"] == str(demo[account].pk)


@pytest.mark.django_db
def test_the_admin_login_authenticates_nobody_and_hands_over_to_the_portal(demo, rate_limits):
    admin = demo["admin"]
    TOTP.activate(admin, generate_totp_secret())  # a real staff account has two-factor
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin.email, "password": DEMO_PASSWORD, "next": "/admin/"},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still anonymous

    # The right password on the portal's login leads to the two-factor step, not in.
    response = client.post(response["Location"], {"login": admin.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_twenty_wrong_admin_passwords_are_limited_like_the_main_login(demo, rate_limits):
    statuses = []
    for attempt in range(20):
        client = Client()
        response = client.post(
            "/admin/login/", {"username": demo["admin"].email, "password": f"x{attempt}"}
        )
        assert "_auth_user_id" not in client.session
        response = client.post(
            response["Location"],
            {"login": demo["admin"].email, "password": f"x{attempt}"},
            REMOTE_ADDR=ATTACKER,
        )
        statuses.append(response.status_code)
    limit = next(
        rate.amount
        for rate in ratelimit.parse_rates(base.ACCOUNT_RATE_LIMITS["login_failed"])
        if rate.per == "key"
    )
    assert statuses == [200] * limit + [429] * (20 - limit)


@pytest.mark.django_db
def test_password_reset_is_limited_the_same_whether_the_address_exists_or_not(demo, rate_limits):
    def requests(email):
        client = Client()
        return [
            client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=OFFICE)
            for _ in range(5)
        ]

    known = requests(demo["siae-a"].email)
    unknown = requests("personne@nulle-part.test")
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.status_code for r in known][-1] == 429
    assert [r.status_code for r in known][0] == 302
    assert "Réessayez dans" in known[-1].content.decode()
    assert int(known[-1]["Retry-After"]) > 0
    # The limited requests sent nothing more (core.mail records every e-mail it sends).
    from core.models import SentMail

    sent = [
        address for mail_to in SentMail.objects.values_list("to", flat=True) for address in mail_to
    ]
    limit = next(
        rate.amount
        for rate in ratelimit.parse_rates(base.ACCOUNT_RATE_LIMITS["reset_password"])
        if rate.per == "key"
    )
    assert sent.count(demo["siae-a"].email) == limit


@pytest.mark.django_db
def test_many_failures_from_one_address_never_give_a_server_error(client, demo, rate_limits):
    statuses = set()
    for attempt in range(40):
        response = log_in(client, f"inconnu{attempt}@exemple.test", "nimporte", ATTACKER)
        statuses.add(response.status_code)
    assert statuses == {200, 429}
